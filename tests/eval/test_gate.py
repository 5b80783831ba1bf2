"""The CI gate: the sample corpus and its question set, through the real pipeline, must meet
the floors in eval/thresholds.yaml and leak nothing."""

import pytest

from eval.gate import check, load_thresholds
from eval.questions import load_questions
from eval.runner import EvalOptions, evaluate
from tests.conftest import REPO


@pytest.mark.slow
def test_sample_corpus_meets_the_thresholds(sample_settings, embedder) -> None:
    limits = load_thresholds()
    assert limits.questions and limits.corpus
    questions_path = REPO / limits.questions
    if not questions_path.exists():
        pytest.fail(f"{limits.questions} is missing: the gate has no question set to run")
    questions = load_questions(questions_path)
    # The shared session index is the sample corpus (tests/conftest.py) ingested once.
    assert [REPO / path for path in limits.corpus] == [REPO / "corpus"]
    report = evaluate(
        questions, settings=sample_settings, embedder=embedder, options=EvalOptions(k=10)
    )
    leaks = [q for q in report.questions if q["leaked"]]
    assert report.metrics["leaks"] == 0, [(q["id"], q["leaked"]) for q in leaks]
    problems = check(report.metrics, limits)
    assert problems == [], "\n".join(problems)
