"""Loading question sets: JSONL and YAML, defaults, and errors that name line and field."""

import pytest

from assistant.errors import EvalError
from assistant.types import Audience
from eval.questions import load_questions
from tests.conftest import DATA


def test_the_fixture_question_set_loads_with_defaults() -> None:
    questions = load_questions(DATA / "questions.jsonl")
    assert len(questions) == 10
    first = questions[0]
    assert first.id == "maryland-products"
    assert first.expected_sources == ("site-baltimore",)
    assert first.audience is Audience.PUBLIC  # default when the item names none
    pricing = next(q for q in questions if q.id == "pricing-internal")
    assert pricing.audience is Audience.INTERNAL
    assert sum(not q.answerable for q in questions) == 3


def test_yaml_lists_and_mappings_with_a_questions_key(tmp_path) -> None:
    body = """
- id: y1
  question: ハイデラバード拠点の従業員数は？
  lang: ja
  expected_sources: [site-hyderabad-ja]
  answer_contains: "420"
  tags: [site]
- id: y2
  question: Unanswerable?
  lang: en
"""
    path = tmp_path / "set.yaml"
    path.write_text(body, "utf-8")
    questions = load_questions(path)
    assert [q.id for q in questions] == ["y1", "y2"]
    assert questions[0].answer_contains == ("420",)
    assert questions[1].expected_sources == () and not questions[1].answerable
    nested = tmp_path / "nested.yml"
    nested.write_text("questions:" + body.replace("\n", "\n  "), "utf-8")
    assert [q.id for q in load_questions(nested)] == ["y1", "y2"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"id": "b", "question": "Q?", "lang": "fr"}',
            ":2: field 'lang' is 'fr'; allowed: ja, en",
        ),
        ('{"id": "b", "question": "", "lang": "en"}', ":2: field 'question' is missing or empty"),
        (
            '{"id": "b", "question": "Q?", "lang": "en", "audience": "vip"}',
            "field 'audience' is 'vip'",
        ),
        ('{"id": "b", "question": "Q?", "lang": "en", "tags": [1]}', "field 'tags' is [1]"),
        (
            '{"id": "b", "question": "Q?", "lang": "en", "expected_source": []}',
            ":2: unknown field 'expected_source': did you mean `expected_sources`?",
        ),
        ('{"id": "a", "question": "Q?", "lang": "en"}', ":2: id 'a' is already used at"),
        ('{"id": "b", "question": "Q?",', ":2: not valid JSON"),
    ],
)
def test_jsonl_errors_name_the_line_and_the_field(tmp_path, line, expected) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "Fine?", "lang": "en"}\n' + line + "\n", "utf-8")
    with pytest.raises(EvalError) as info:
        load_questions(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_empty_set_and_unknown_suffix(tmp_path) -> None:
    with pytest.raises(EvalError, match="no question set at"):
        load_questions(tmp_path / "none.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", "utf-8")
    with pytest.raises(EvalError, match="holds no questions"):
        load_questions(empty)
    odd = tmp_path / "q.csv"
    odd.write_text("id,question\n", "utf-8")
    with pytest.raises(EvalError, match="use .jsonl"):
        load_questions(odd)


def test_unknown_fields_are_kept_and_listed_once_as_a_warning(tmp_path) -> None:
    from eval.questions import QuestionFieldWarning

    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "Q?", "lang": "en", "absent_terms": ["x"], "note": "n"}\n'
        '{"id": "b", "question": "R?", "lang": "en", "absent_terms": []}\n'
        '{"id": "c", "question": "And?", "lang": "en", "follow_up_of": "b",'
        ' "resolved_question": "And R?", "resolved_subjects": ["R"]}\n',
        "utf-8",
    )
    with pytest.warns(QuestionFieldWarning) as caught:
        questions = load_questions(path)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "'absent_terms' (2 items), 'note' (1 item)" in message
    assert questions[0].extra == {"absent_terms": ["x"], "note": "n"}
    assert questions[0].as_dict()["absent_terms"] == ["x"]
    follow = questions[2]
    assert (follow.follow_up_of, follow.resolved_question, follow.resolved_subjects) == (
        "b",
        "And R?",
        ("R",),
    )
    assert follow.extra == {}
