"""The CI gate: each sample corpus and its question set, through the real pipeline, must meet
the floors of its thresholds file and leak nothing.

- `eval/thresholds.yaml`: the bundled sample corpus (corpus/, 325 questions with follow-up
  chains), on the session's shared sample index;
- `eval/thresholds-aozora.yaml`: the second sample corpus, written by another hand
  with its own labels and style; it is the validation set (no rule is tuned on it alone).
"""

from pathlib import Path

import pytest

from assistant.config import Settings
from eval.gate import Thresholds, check, load_thresholds
from eval.questions import load_questions
from eval.runner import EvalOptions, evaluate
from tests.conftest import REPO, make_settings, run_ingest

AOZORA_THRESHOLDS = REPO / "eval" / "thresholds-aozora.yaml"


def _gate(limits: Thresholds, settings: Settings, embedder) -> None:
    assert limits.questions and limits.corpus
    questions_path = REPO / limits.questions
    if not questions_path.exists():
        pytest.fail(f"{limits.questions} is missing: the gate has no question set to run")
    report = evaluate(
        load_questions(questions_path),
        settings=settings,
        embedder=embedder,
        options=EvalOptions(k=10),
    )
    leaks = [q for q in report.questions if q["leaked"]]
    assert report.metrics["leaks"] == 0, [(q["id"], q["leaked"]) for q in leaks]
    problems = check(report.metrics, limits)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
def test_sample_corpus_meets_the_thresholds(sample_settings, embedder) -> None:
    limits = load_thresholds()
    # The shared session index is the sample corpus (tests/conftest.py) ingested once.
    assert [REPO / path for path in limits.corpus] == [REPO / "corpus"]
    _gate(limits, sample_settings, embedder)


@pytest.mark.slow
def test_second_sample_corpus_meets_its_thresholds(tmp_path: Path, embedder) -> None:
    limits = load_thresholds(AOZORA_THRESHOLDS)
    settings = make_settings(tmp_path / "aozora-index")
    report = run_ingest(settings, embedder, *(REPO / path for path in limits.corpus))
    assert report.ok and report.documents == 68, report.failed
    _gate(limits, settings, embedder)
