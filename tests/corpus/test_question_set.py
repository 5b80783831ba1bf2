"""The sample corpus and its question set cannot silently rot: every file loads with the real
loaders, every expected source exists, and every accepted answer string is in a source."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.text import fold
from assistant.types import Audience, Document
from ingest.loaders import discover, load_file

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MINIMUM_TAGS = {
    "crosslingual": 20,
    "structured": 15,
    "unanswerable": 20,
    "leak-probe": 10,
    "normalization": 10,
    "authorized": 1,
}


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for path in discover(CORPUS):
        for doc in load_file(path, root=CORPUS, default_audience=Audience.INTERNAL):
            assert doc.id not in docs, f"duplicate id {doc.id} in {doc.source}"
            docs[doc.id] = doc
    return docs


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    lines = (CORPUS / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_corpus_has_every_format_language_and_audience(documents) -> None:
    assert len(documents) >= 40
    suffixes = {Path(d.source).suffix for d in documents.values()}
    assert {".md", ".yaml", ".csv", ".jsonl", ".pdf", ".docx", ".html"} <= suffixes
    langs = Counter(d.lang for d in documents.values())
    assert langs["ja"] >= 15 and langs["en"] >= 15
    audiences = Counter(d.audience for d in documents.values())
    assert audiences[Audience.CONFIDENTIAL] >= 2 and audiences[Audience.INTERNAL] >= 1
    case_studies = [d for d in documents.values() if d.doc_type == "case_study"]
    assert len(case_studies) >= 12
    assert sum(d.lang == "ja" for d in case_studies) * 2 >= len(case_studies)


def test_question_set_shape_and_tag_counts(questions) -> None:
    assert len(questions) >= 150
    assert len({q["id"] for q in questions}) == len(questions)
    assert sum(q["lang"] == "ja" for q in questions) * 2 >= len(questions)
    tags = Counter(tag for q in questions for tag in q.get("tags", []))
    for tag, minimum in MINIMUM_TAGS.items():
        assert tags[tag] >= minimum, f"{tag}: {tags[tag]} < {minimum}"


def test_expected_sources_exist_and_contain_an_accepted_answer(documents, questions) -> None:
    problems = []
    for q in questions:
        for doc_id in q["expected_sources"]:
            if doc_id not in documents:
                problems.append(f"{q['id']}: expected source {doc_id!r} does not exist")
        if not q["expected_sources"]:
            continue
        texts = [
            fold(documents[d].title + "\n" + documents[d].text)
            for d in q["expected_sources"]
            if d in documents
        ]
        if q["answer_contains"] and not any(
            fold(answer) in text for answer in q["answer_contains"] for text in texts
        ):
            problems.append(f"{q['id']}: no answer_contains string occurs in its sources")
    assert problems == []


def test_leak_probes_and_unanswerables_expect_no_source(documents, questions) -> None:
    for q in questions:
        tags = set(q.get("tags", []))
        if tags & {"leak-probe", "unanswerable"}:
            assert q["expected_sources"] == [] and q["answer_contains"] == [], q["id"]
            assert q.get("audience", "public") == "public", q["id"]
        if "authorized" in tags:
            ceiling = Audience(q["audience"])
            sources = [documents[d] for d in q["expected_sources"]]
            assert any(d.audience != Audience.PUBLIC for d in sources), q["id"]
            assert all(ceiling.allows(d.audience) for d in sources), q["id"]


def test_confidential_code_names_appear_only_in_confidential_documents(documents) -> None:
    code_names = ["suzuran-7", "azalea-402"]
    for doc in documents.values():
        if doc.audience != Audience.CONFIDENTIAL:
            text = fold(doc.title + doc.text)
            assert not any(name in text for name in code_names), doc.id
