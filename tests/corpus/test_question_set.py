"""The sample corpus and its question set cannot silently rot: every file loads with the real
loaders, every expected source exists, and every accepted answer string is in a source."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.text import detect_lang, fold
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
    "overview": 8,
    "list": 8,
    "chitchat": 6,
    "multi-part": 6,
    "typo": 8,
    "follow-up": 40,
    "topic-change": 8,
}
INTENTS = {"fact", "list", "overview", "chitchat", "multi-part"}
FIRST_INTENT_ITEM = 301  # items from q301 on carry exactly one intent tag


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


def test_intent_items_carry_exactly_one_intent_and_chitchat_has_no_source(questions) -> None:
    problems = []
    for q in questions:
        tags = set(q.get("tags", []))
        if int(q["id"].lstrip("q")) >= FIRST_INTENT_ITEM and len(tags & INTENTS) != 1:
            problems.append(f"{q['id']}: intents {sorted(tags & INTENTS)}, want one of {INTENTS}")
        if "chitchat" in tags and (q["expected_sources"] or q["answer_contains"]):
            problems.append(f"{q['id']}: chitchat must expect no source and no answer")
    assert problems == []


def test_follow_ups_point_back_and_carry_their_resolution(questions) -> None:
    seen: dict[str, dict] = {}
    problems = []
    for q in questions:
        tags = set(q.get("tags", []))
        previous = q.get("follow_up_of")
        if previous is None:
            if tags & {"follow-up", "topic-change"} or "resolved_question" in q:
                problems.append(f"{q['id']}: follow-up tags or fields without follow_up_of")
        else:
            if previous not in seen:
                problems.append(f"{q['id']}: follow_up_of {previous!r} is not an earlier id")
            if "follow-up" not in tags:
                problems.append(f"{q['id']}: has follow_up_of but no 'follow-up' tag")
            resolved = q.get("resolved_question")
            subjects = q.get("resolved_subjects")
            if not isinstance(resolved, str) or not resolved.strip():
                problems.append(f"{q['id']}: resolved_question missing")
            elif not subjects or not all(fold(s) in fold(resolved) for s in subjects):
                problems.append(f"{q['id']}: subjects {subjects!r} not all in {resolved!r}")
            elif detect_lang(resolved) != q["lang"]:
                problems.append(f"{q['id']}: resolved_question is not in the turn's language")
            if "topic-change" in tags and not all(fold(s) in fold(q["question"]) for s in subjects):
                # a topic change names its own subject; it inherits nothing
                problems.append(f"{q['id']}: topic-change must name its subjects {subjects!r}")
        seen[q["id"]] = q
    assert problems == []
