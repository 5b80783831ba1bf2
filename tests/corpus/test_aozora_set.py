"""The second sample corpus (Aozora Fine Pharma) and its question set stay consistent.

The corpus carries its customer's own labels (doc_type values such as `capability_sheet`,
partial dates, `_defaults.yaml` folders), which the project's loaders do not accept yet, so
this test reads the files itself with yaml / csv / json / pypdf / python-docx / html.parser.
It checks that `documents.txt` lists exactly the documents the files hold, and that every
question's expected sources exist and contain one of its accepted answer strings.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "eval" / "corpora" / "aozora"
NOT_DOCUMENTS = {"README.md", "questions.jsonl", "documents.txt", ".ingestignore", "_defaults.yaml"}
AUDIENCES = ("public", "internal", "confidential")
INTENTS = {"fact", "list", "overview", "chitchat", "multi-part"}
MODIFIERS = {"typo", "casual", "crosslingual", "unanswerable", "leak-probe"}
MINIMUM_TAGS = {
    "fact": 40,
    "list": 10,
    "overview": 8,
    "chitchat": 6,
    "multi-part": 8,
    "typo": 8,
    "casual": 6,
    "crosslingual": 15,
    "unanswerable": 10,
    "leak-probe": 10,
    "authorized": 5,
    "follow-up": 20,
    "topic-change": 5,
}
# Code names and figures that only restricted documents may hold.
RESTRICTED_MARKERS = ["tsubaki", "kamome", "2,800万円", "240万円", "4,500万円", "予約金"]


@dataclass(frozen=True)
class Doc:
    """One document as read from the customer's files: its id, labels and searchable text."""

    id: str
    source: str
    lang: str
    audience: str
    doc_type: str
    text: str


def fold(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed (as the eval compares answers)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _defaults(path: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    folder = ROOT
    for part in path.relative_to(ROOT).parent.parts:
        folder = folder / part
        defaults = folder / "_defaults.yaml"
        if defaults.exists():
            merged.update(yaml.safe_load(defaults.read_text(encoding="utf-8")) or {})
    return merged


def _values(record: dict[str, Any]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in record.items())


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.parts: list[str] = []
        self._in_article = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta[values["name"] or ""] = values.get("content") or ""
        self._in_article += tag == "article"
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_article -= tag == "article"
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._in_article:
            self.parts.append(data)


def _records(path: Path) -> list[dict[str, Any]]:
    """The labelled units of one file, each a dict with at least 'id' and 'text'."""
    relative = path.relative_to(ROOT).with_suffix("").as_posix()
    suffix = path.suffix
    if suffix == ".md":
        raw = path.read_text(encoding="utf-8")
        _, front, body = raw.split("---", 2)
        meta = yaml.safe_load(front)
        return [{"id": relative, **meta, "text": f"{meta.get('title', '')}\n{body}"}]
    if suffix in {".yaml", ".json"}:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [{**r, "text": _values(r)} for r in loaded]
    if suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [{**r, "text": _values(r)} for r in csv.DictReader(handle)]
    if suffix == ".html":
        parser = _ArticleText()
        parser.feed(path.read_text(encoding="utf-8"))
        meta = {k.replace("-", "_"): v for k, v in parser.meta.items()}
        text = parser.title + "\n" + "".join(parser.parts)
        return [{**meta, "id": meta.pop("doc_id", relative), "text": text}]
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        info: Any = reader.metadata or {}
        keys = dict(p.split("=", 1) for p in str(info.get("/Keywords", "")).split("; ") if p)
        # join wrapped lines: the report is Japanese, its lines break inside sentences
        pages = ["".join((page.extract_text() or "").splitlines()) for page in reader.pages]
        return [{"id": relative, **keys, "text": str(info.get("/Title", "")) + "\n".join(pages)}]
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        props = document.core_properties
        keys = dict(p.split("=", 1) for p in (props.keywords or "").split("; ") if p)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        paragraphs = [p.text for p in document.paragraphs]
        text = "\n".join([props.title or "", *paragraphs, *cells])
        return [{"id": relative, "lang": props.language, **keys, "text": text}]
    raise AssertionError(f"{path}: no reader for {suffix!r} in this test")


def read_corpus() -> list[Doc]:
    """Every document of the corpus, in file order."""
    docs = []
    for path in sorted(p for p in ROOT.rglob("*") if p.is_file()):
        if path.name in NOT_DOCUMENTS:
            continue
        defaults = _defaults(path)
        for record in _records(path):
            labels = {**defaults, **{k: v for k, v in record.items() if v not in (None, "")}}
            docs.append(
                Doc(
                    id=str(labels["id"]),
                    source=path.relative_to(ROOT).as_posix(),
                    lang=str(labels.get("lang", "")),
                    audience=str(labels.get("audience", "")),
                    doc_type=str(labels.get("doc_type", "")),
                    text=fold(str(record["text"])),
                )
            )
    return docs


def manifest_lines(docs: list[Doc]) -> list[str]:
    """documents.txt: one `id<TAB>source<TAB>lang<TAB>audience<TAB>doc_type` line a document."""
    return ["\t".join((d.id, d.source, d.lang, d.audience, d.doc_type)) for d in docs]


@pytest.fixture(scope="module")
def documents() -> dict[str, Doc]:
    docs = read_corpus()
    ids = Counter(d.id for d in docs)
    assert [i for i, n in ids.items() if n > 1] == [], "duplicate document ids"
    return {d.id: d for d in docs}


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    lines = (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_manifest_lists_exactly_the_documents_in_the_files(documents) -> None:
    listed = (ROOT / "documents.txt").read_text(encoding="utf-8").splitlines()
    listed = [line for line in listed if line and not line.startswith("#")]
    assert listed == manifest_lines(list(documents.values()))


def test_labels_are_valid_and_the_corpus_is_mixed(documents) -> None:
    docs = list(documents.values())
    assert 40 <= len(docs) <= 70
    assert {d.audience for d in docs} <= set(AUDIENCES)
    assert {d.lang for d in docs} <= {"ja", "en"}
    assert all(d.doc_type for d in docs)
    langs = Counter(d.lang for d in docs)
    assert langs["ja"] > 2 * langs["en"]
    audiences = Counter(d.audience for d in docs)
    assert audiences["internal"] >= 3 and audiences["confidential"] >= 2
    suffixes = {Path(d.source).suffix for d in docs}
    assert {".md", ".yaml", ".csv", ".json", ".html", ".pdf", ".docx"} <= suffixes
    assert not (ROOT / "glossary.yaml").exists()


def test_restricted_markers_appear_only_in_restricted_documents(documents) -> None:
    for doc in documents.values():
        if doc.audience == "public":
            found = [m for m in RESTRICTED_MARKERS if fold(m) in doc.text]
            assert found == [], f"{doc.id} (public) holds {found}"


def test_question_shape_ids_and_tags(questions) -> None:
    assert len(questions) >= 150
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    texts = Counter(fold(q["question"]) for q in questions)
    assert [t for t, n in texts.items() if n > 1] == []
    langs = Counter(q["lang"] for q in questions)
    assert 0.25 <= langs["en"] / len(questions) <= 0.45
    tags = Counter(t for q in questions for t in q["tags"])
    for tag, minimum in MINIMUM_TAGS.items():
        assert tags[tag] >= minimum, f"{tag}: {tags[tag]} < {minimum}"
    for q in questions:
        assert len(set(q["tags"]) & INTENTS) == 1, q["id"]
        assert q.get("audience", "public") in AUDIENCES, q["id"]


def test_expected_sources_exist_and_hold_every_answer_string(documents, questions) -> None:
    problems = []
    for q in questions:
        tags, sources = set(q["tags"]), q["expected_sources"]
        missing = [s for s in sources if s not in documents]
        if missing:
            problems.append(f"{q['id']}: unknown expected sources {missing}")
            continue
        if tags & {"unanswerable", "leak-probe", "chitchat"}:
            if sources or q["answer_contains"]:
                problems.append(f"{q['id']}: must expect no source and no answer string")
            continue
        if not sources or not q["answer_contains"]:
            problems.append(f"{q['id']}: an answerable item needs sources and answer strings")
        for answer in q["answer_contains"]:
            if not any(fold(answer) in documents[s].text for s in sources):
                problems.append(f"{q['id']}: {answer!r} occurs in none of {sources}")
        ceiling = AUDIENCES.index(q.get("audience", "public"))
        above = [s for s in sources if AUDIENCES.index(documents[s].audience) > ceiling]
        if above:
            problems.append(f"{q['id']}: sources {above} are above the item's audience")
        langs = {documents[s].lang for s in sources}
        if ("crosslingual" in tags) != (q["lang"] not in langs):
            problems.append(f"{q['id']}: crosslingual tag disagrees with the sources' languages")
    assert problems == []


def test_access_items(documents, questions) -> None:
    for q in questions:
        tags = set(q["tags"])
        if "leak-probe" in tags:
            assert q.get("audience", "public") == "public", q["id"]
        if "authorized" in tags:
            assert q["audience"] != "public", q["id"]
            assert any(documents[s].audience != "public" for s in q["expected_sources"]), q["id"]


def test_follow_ups_point_back_and_carry_their_resolution(questions) -> None:
    seen: set[str] = set()
    problems = []
    for q in questions:
        tags = set(q["tags"])
        previous = q.get("follow_up_of")
        if previous is None:
            if tags & {"follow-up", "topic-change"} or "resolved_question" in q:
                problems.append(f"{q['id']}: follow-up tag or field without follow_up_of")
        else:
            resolved, subjects = q.get("resolved_question"), q.get("resolved_subjects")
            if previous not in seen:
                problems.append(f"{q['id']}: follow_up_of {previous!r} is not an earlier id")
            if "follow-up" not in tags:
                problems.append(f"{q['id']}: follow_up_of without the 'follow-up' tag")
            if not isinstance(resolved, str) or not subjects:
                problems.append(f"{q['id']}: resolved_question / resolved_subjects missing")
            elif not all(fold(s) in fold(resolved) for s in subjects):
                problems.append(f"{q['id']}: subjects {subjects} not all in {resolved!r}")
            elif "topic-change" in tags and not all(
                fold(s) in fold(q["question"]) for s in subjects
            ):
                problems.append(f"{q['id']}: a topic change must name its own subjects")
        seen.add(q["id"])
    assert problems == []
