"""`assistant eval compare`: deltas, regressions and exit codes; the thresholds gate."""

import json

import pytest
from typer.testing import CliRunner

from assistant.errors import EvalError
from cli import app
from eval.compare import compare_metrics, regressions
from eval.gate import Thresholds, check, load_thresholds

runner = CliRunner()

BASE = {
    "questions": 10,
    "hit@5": 0.80,
    "mrr@10": 0.70,
    "answer_accuracy": 0.60,
    "false_abstain_rate": 0.10,
    "leaks": 0,
    "latency_p95_ms": 100.0,
    "abstain_recall": None,
}


def _write(tmp_path, name, **changes):
    path = tmp_path / name
    path.write_text(json.dumps({"metrics": {**BASE, **changes}, "questions": []}), "utf-8")
    return path


def _verdicts(**changes):
    return {d.name: d for d in compare_metrics(BASE, {**BASE, **changes})}


def test_a_drop_within_tolerance_is_not_a_regression() -> None:
    deltas = _verdicts(**{"hit@5": 0.795, "mrr@10": 0.75})
    assert not regressions(list(deltas.values()))
    assert deltas["mrr@10"].improved and deltas["mrr@10"].delta == pytest.approx(0.05)


def test_direction_depends_on_the_metric() -> None:
    deltas = _verdicts(**{"hit@5": 0.7, "false_abstain_rate": 0.2, "answer_accuracy": 0.7})
    assert deltas["hit@5"].regression
    assert deltas["false_abstain_rate"].regression  # lower is better, and it rose
    assert deltas["answer_accuracy"].improved and not deltas["answer_accuracy"].regression
    assert _verdicts(false_abstain_rate=0.0)["false_abstain_rate"].improved


def test_latency_uses_a_relative_tolerance_and_any_leak_regresses() -> None:
    assert not _verdicts(latency_p95_ms=120.0)["latency_p95_ms"].regression
    assert _verdicts(latency_p95_ms=130.0)["latency_p95_ms"].regression
    assert _verdicts(latency_p95_ms=50.0)["latency_p95_ms"].improved
    tiny = compare_metrics({"latency_compose_p50_ms": 0.5}, {"latency_compose_p50_ms": 1.4})
    assert not tiny[0].regression  # +0.9 ms is noise even though it is +180 %
    leak = _verdicts(leaks=1)["leaks"]
    assert leak.regression and leak.note == "leaks must be 0"
    counts = _verdicts(questions=12)["questions"]
    assert not counts.regression and counts.note == "question sets differ"
    assert not _verdicts(abstain_recall=0.5)["abstain_recall"].regression  # n/a in the base


def test_compare_cli_exit_codes(tmp_path) -> None:
    base = _write(tmp_path, "base.json")
    same = _write(tmp_path, "same.json", **{"hit@5": 0.805})
    worse = _write(tmp_path, "worse.json", **{"hit@5": 0.7, "false_abstain_rate": 0.3})

    result = runner.invoke(app, ["eval", "compare", str(base), str(same)])
    assert result.exit_code == 0, result.output
    assert "hit@5" in result.output and "REGRESSION" not in result.output

    result = runner.invoke(app, ["eval", "compare", str(base), str(worse)])
    assert result.exit_code == 1
    assert "REGRESSION" in result.output
    assert "2 regression(s):" in result.output and "false_abstain_rate" in result.output

    # A wider tolerance lets the same drop through.
    result = runner.invoke(app, ["eval", "compare", str(base), str(worse), "--tolerance", "0.25"])
    assert result.exit_code == 0, result.output

    result = runner.invoke(app, ["eval", "compare", str(base), str(worse), "--json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 1 and payload["regressions"] == 2
    row = next(d for d in payload["deltas"] if d["metric"] == "hit@5")
    assert row["delta"] == pytest.approx(-0.1) and row["regression"]


def test_compare_cli_refuses_a_file_that_is_not_a_report(tmp_path) -> None:
    base = _write(tmp_path, "base.json")
    other = tmp_path / "other.json"
    other.write_text('{"rows": []}', "utf-8")
    result = runner.invoke(app, ["eval", "compare", str(base), str(other)])
    assert result.exit_code == 1
    assert "has no 'metrics' object" in result.output
    result = runner.invoke(app, ["eval", "compare", str(base), str(tmp_path / "missing.json")])
    assert result.exit_code == 1 and "no eval report at" in result.output


def test_gate_checks_floors_and_ceilings(tmp_path) -> None:
    limits = Thresholds(minimum={"hit@5": 0.75, "abstain_recall": 0.5}, maximum={"leaks": 0})
    problems = check({**BASE, "hit@5": 0.7, "leaks": 1}, limits)
    assert problems == [
        "hit@5 = 0.7 is below the floor 0.75",
        "abstain_recall is missing or n/a; the floor is 0.5",
        "leaks = 1 is above the ceiling 0",
    ]
    assert check({**BASE, "abstain_recall": 0.5}, limits) == []
    bad = tmp_path / "t.yaml"
    bad.write_text("min: {hit@5: high}\n", "utf-8")
    with pytest.raises(EvalError, match="min.hit@5 is 'high'; give a number"):
        load_thresholds(bad)


def test_the_shipped_thresholds_file_covers_every_headline_metric() -> None:
    limits = load_thresholds()
    for name in ("hit@1", "hit@5", "mrr@10", "ndcg@10", "answer_accuracy", "citation_precision",
                 "abstain_recall"):  # fmt: skip
        assert name in limits.minimum
    assert limits.maximum["leaks"] == 0
    assert "false_abstain_rate" in limits.maximum
    assert limits.questions == "corpus/questions.jsonl"
