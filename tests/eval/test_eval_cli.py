"""`assistant eval` end to end on the tiny fixture corpus, through the real pipeline."""

import json

import pytest
from typer.testing import CliRunner

from assistant.gaps import GapLog
from cli import app
from tests.conftest import DATA, FIXTURE_CORPUS

runner = CliRunner()
QUESTIONS = DATA / "questions.jsonl"
QUESTION_KEYS = {"id", "question", "retrieved", "answer", "citations", "abstained", "correct",
                 "latency_ms"}  # fmt: skip
METRIC_KEYS = {"hit@1", "hit@3", "hit@5", "hit@10", "recall@10", "mrr@10", "ndcg@10",
               "answer_accuracy", "citation_precision", "abstain_recall", "false_abstain_rate",
               "leaks", "latency_p50_ms", "latency_p95_ms", "latency_embed_p50_ms",
               "latency_retrieve_p95_ms", "latency_compose_p95_ms"}  # fmt: skip


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One `assistant eval QUESTIONS --corpus … --json … --out …` run, shared by the tests."""
    out = tmp_path_factory.mktemp("eval-out")
    result = runner.invoke(
        app,
        [
            "eval",
            str(QUESTIONS),
            "--corpus",
            str(FIXTURE_CORPUS),
            "--json",
            str(out / "run.json"),
            "--out",
            str(out / "report"),
            "--quiet",
        ],  # fmt: skip
    )
    return result, out


@pytest.mark.slow
def test_eval_questions_with_a_throwaway_corpus_writes_json_and_reports(tiny_run) -> None:
    result, out = tiny_run
    assert result.exit_code == 0, result.output
    assert "Eval metrics" in result.output and "hit@5" in result.output
    report = json.loads((out / "run.json").read_text("utf-8"))
    assert set(report) == {"metrics", "by_lang", "by_tag", "questions", "config"}
    assert set(report["metrics"]) >= METRIC_KEYS
    assert report["metrics"]["questions"] == 10 and report["metrics"]["leaks"] == 0
    assert report["metrics"]["hit@5"] >= 0.8
    assert set(report["by_lang"]) == {"en", "ja"}
    assert {"site-facts", "unanswerable", "access"} <= set(report["by_tag"])
    assert report["config"]["corpus"] == [str(FIXTURE_CORPUS)]
    assert report["config"]["ingest"]["documents"] == 7

    questions = {q["id"]: q for q in report["questions"]}
    assert all(set(q) >= QUESTION_KEYS for q in questions.values())
    maryland = questions["maryland-products"]
    assert maryland["retrieved"][0] == "site-baltimore"
    assert len(maryland["retrieved"]) == len(set(maryland["retrieved"]))  # one entry per doc
    assert maryland["correct"] and "monoclonal antibodies" in maryland["answer"]
    assert maryland["citations"][0]["doc_id"] == "site-baltimore"
    assert {"embed", "retrieve", "compose", "total"} <= set(maryland["latency_ms"])
    # Asked at its own audience (internal), the pricing question finds the internal FAQ …
    assert questions["pricing-internal"]["retrieved"][0] == "faq-pricing"
    # … while the public TANCHO-9 probe never sees the confidential document.
    assert "conf-kirin" not in questions["tancho-public"]["retrieved"]

    html = (out / "report" / "report.html").read_text("utf-8")
    assert "maryland-products" in html and "<svg" in html
    summary = (out / "report" / "summary.md").read_text("utf-8")
    assert "| hit@5 |" in summary and "## By tag" in summary


@pytest.mark.slow
def test_audience_override_and_the_run_spelling_use_an_existing_index(
    fixture_settings, tmp_path
) -> None:
    gaps = GapLog.in_data_dir(fixture_settings.data_dir)
    gaps_before = len(gaps.all())
    path = tmp_path / "public.json"
    result = runner.invoke(
        app,
        [
            "eval",
            "run",
            str(QUESTIONS),
            "--data-dir",
            str(fixture_settings.data_dir),
            "--audience",
            "public",
            "--k",
            "5",
            "--json",
            str(path),
            "--quiet",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    report = json.loads(path.read_text("utf-8"))
    assert report["config"]["audience_override"] == "public"
    assert report["config"]["k"] == 5 and "recall@5" in report["metrics"]
    assert report["config"]["data_dir"] == str(fixture_settings.data_dir)
    pricing = next(q for q in report["questions"] if q["id"] == "pricing-internal")
    assert pricing["audience"] == "public"
    assert "faq-pricing" not in pricing["retrieved"]  # internal FAQ is above the override
    assert not pricing["correct"]
    assert report["metrics"]["false_abstain_rate"] + report["metrics"]["abstain_recall"] > 0
    assert len(gaps.all()) == gaps_before  # eval abstentions stay out of the gap log

    limits = tmp_path / "limits.yaml"
    limits.write_text("min: {hit@5: 0.5, hit@1: 1.01}\nmax: {leaks: 0}\n", "utf-8")
    result = runner.invoke(
        app,
        [
            "eval",
            str(QUESTIONS),
            "--data-dir",
            str(fixture_settings.data_dir),
            "--thresholds",
            str(limits),
            "--quiet",
        ],  # fmt: skip
    )
    assert result.exit_code == 1
    assert "gate: hit@1 = " in result.output and "below the floor 1.01" in result.output
    assert "gate: hit@5" not in result.output


def test_eval_help_and_errors_are_clear(tmp_path) -> None:
    result = runner.invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    assert "compare" in result.output and "import-squad" in result.output
    result = runner.invoke(app, ["eval", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1 and "no question set at" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "Q?", "lang": "de"}\n', "utf-8")
    result = runner.invoke(app, ["eval", str(bad), "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 1 and "bad.jsonl:1: field 'lang' is 'de'" in result.output
    result = runner.invoke(app, ["eval", str(QUESTIONS), "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 1 and "run `assistant ingest" in result.output


def test_import_squad_command_writes_an_evaluable_set(tmp_path) -> None:
    source = tmp_path / "tiny-squad.json"
    source.write_text(
        json.dumps({"data": [{"title": "T", "paragraphs": [{"context": "Cats purr.", "qas": [
            {"id": "1", "question": "What do cats do?", "answers": [{"text": "purr"}]}]}]}]}),
        "utf-8",
    )  # fmt: skip
    result = runner.invoke(app, ["eval", "import-squad", str(source), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote 1 records" in result.output and "next: assistant eval" in result.output
    row = json.loads((tmp_path / "questions.jsonl").read_text("utf-8"))
    assert row["expected_sources"] == ["T_p0"] and row["tags"] == ["tiny-squad"]
