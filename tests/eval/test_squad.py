"""The SQuAD/JSQuAD importer on small files the tests write."""

import json

import pytest

from assistant.errors import EvalError
from eval.questions import load_questions
from eval.squad import import_squad

SQUAD = {
    "version": "v2.0",
    "data": [
        {
            "title": "Super_Bowl_50",
            "paragraphs": [
                {
                    "context": "Super Bowl 50 was played at Levi's Stadium in Santa Clara.",
                    "qas": [
                        {
                            "id": "q1",
                            "question": "Where was Super Bowl 50 played?",
                            "answers": [
                                {"text": "Levi's Stadium", "answer_start": 28},
                                {"text": "Levi's Stadium", "answer_start": 28},
                                {"text": "Santa Clara", "answer_start": 46},
                            ],
                        },
                        {
                            "id": "q2",
                            "question": "Who sang the anthem?",
                            "answers": [],
                            "is_impossible": True,
                            "plausible_answers": [{"text": "Lady Gaga", "answer_start": 0}],
                        },
                    ],
                },
                {"context": "The Broncos won.", "qas": []},
            ],
        }
    ],
}

JSQUAD = {
    "version": "v1.3",
    "data": [
        {
            "title": "東京",
            "paragraphs": [
                {
                    "context": "東京 [SEP] 東京都は日本の首都であり、人口は約1400万人である。",
                    "qas": [
                        {
                            "id": "a10p0q0",
                            "question": "日本の首都はどこ？",
                            "answers": [{"text": "東京都", "answer_start": 0}],
                            "is_impossible": False,
                        },
                        {
                            "id": "a10p0q1",
                            "question": "東京都の人口は？",
                            "answers": [{"text": "約1400万人", "answer_start": 17}],
                            "is_impossible": False,
                        },
                    ],
                }
            ],
        }
    ],
}


def _rows(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_squad_paragraphs_become_records_and_questions(tmp_path) -> None:
    source = tmp_path / "dev-v2.0.json"
    source.write_text(json.dumps(SQUAD), "utf-8")
    result = import_squad(source, tmp_path / "out")
    assert (result.records, result.questions, result.unanswerable) == (2, 2, 1)
    corpus = _rows(result.corpus_path)
    assert corpus[0] == {
        "id": "Super_Bowl_50_p0",
        "title": "Super Bowl 50",
        "text": "Super Bowl 50 was played at Levi's Stadium in Santa Clara.",
        "lang": "en",
        "audience": "public",
    }
    assert corpus[1]["id"] == "Super_Bowl_50_p1"
    questions = _rows(result.questions_path)
    assert questions[0]["expected_sources"] == ["Super_Bowl_50_p0"]
    assert questions[0]["answer_contains"] == ["Levi's Stadium", "Santa Clara"]
    assert questions[0]["tags"] == ["dev-v2.0"]
    impossible = questions[1]
    assert impossible["expected_sources"] == [] and impossible["answer_contains"] == []
    assert impossible["tags"] == ["dev-v2.0", "unanswerable"]
    # The output is a valid question set for `assistant eval`.
    assert [q.id for q in load_questions(result.questions_path)] == ["q1", "q2"]


def test_jsquad_ids_titles_and_language(tmp_path) -> None:
    source = tmp_path / "valid-v1.3.json"
    source.write_text(json.dumps(JSQUAD, ensure_ascii=False), "utf-8")
    result = import_squad(source, tmp_path / "out", tag="jsquad")
    (record,) = _rows(result.corpus_path)
    assert record["id"] == "a10p0"  # the paragraph id JSQuAD's question ids carry
    assert record["text"].startswith("東京都は日本の首都")  # "<title> [SEP] " stripped
    assert record["lang"] == "ja"
    questions = _rows(result.questions_path)
    assert [q["lang"] for q in questions] == ["ja", "ja"]
    assert questions[1]["answer_contains"] == ["約1400万人"]
    assert questions[1]["tags"] == ["jsquad"]


def test_lang_option_overrides_detection_and_is_validated(tmp_path) -> None:
    source = tmp_path / "s.json"
    source.write_text(json.dumps(SQUAD), "utf-8")
    result = import_squad(source, tmp_path / "out", lang="ja")
    assert {r["lang"] for r in _rows(result.corpus_path)} == {"ja"}
    with pytest.raises(EvalError, match="--lang is 'de'"):
        import_squad(source, tmp_path / "out", lang="de")


def test_non_squad_files_are_refused_with_the_expected_shape(tmp_path) -> None:
    source = tmp_path / "x.json"
    source.write_text(json.dumps({"rows": []}), "utf-8")
    with pytest.raises(EvalError, match="no top-level 'data' list"):
        import_squad(source, tmp_path / "out")
    source.write_text(json.dumps({"data": [{"title": "T", "paragraphs": [{"qas": []}]}]}), "utf-8")
    with pytest.raises(EvalError, match=r"paragraphs\[0\] has no 'context'"):
        import_squad(source, tmp_path / "out")
