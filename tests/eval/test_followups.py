"""Follow-up items in the eval: chains asked in order with their history, and the metrics."""

from __future__ import annotations

import json

import pytest

from assistant.errors import EvalError
from eval.metrics import summarize
from eval.questions import load_questions
from eval.runner import EvalOptions, document_audiences, question_record, run_questions
from tests.conftest import DATA


def test_chains_are_asked_in_order_and_scored(fixture_assistant, fixture_settings, embedder):
    questions = load_questions(DATA / "followup_questions.jsonl")
    results = run_questions(
        fixture_assistant,
        questions,
        options=EvalOptions(),
        doc_audiences=document_audiences(fixture_settings, embedder),
    )
    by_id = {r.question.id: r for r in results}
    assert by_id["f1"].resolved_question is None
    assert by_id["f2"].resolved_question == "How many staff does the Hyderabad site have?"
    assert "420名" in by_id["f2"].answer
    # The third turn reads the second as resolved, as a client sends it.
    assert by_id["f3"].resolved_question == "ハイデラバードの封じ込め設備は？"
    assert "OEB5" in by_id["f3"].answer
    assert by_id["f4"].resolved_question is None
    metrics = summarize(results)
    assert metrics["follow_ups"] == 3
    assert metrics["resolved_subject_accuracy"] == 1.0
    assert metrics["topic_change_inherit_rate"] == 0.0
    assert metrics["followup_answer_accuracy"] == metrics["followup_standalone_accuracy"] == 1.0
    assert metrics["followup_answer_gap"] == 0.0
    record = question_record(by_id["f2"])
    assert record["follow_up_of"] == "f1" and record["standalone_correct"] is True
    assert record["resolved_question"] == "How many staff does the Hyderabad site have?"
    json.dumps(record, ensure_ascii=False)


def test_a_follow_up_must_follow_an_earlier_item(tmp_path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        json.dumps({"id": "a", "question": "And Baltimore?", "lang": "en", "follow_up_of": "b"})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(EvalError, match=r"follow_up_of 'b' names no earlier question"):
        load_questions(path)
