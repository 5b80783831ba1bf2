#!/usr/bin/env python3
"""Independent consistency check of the bundled sample corpus and its question set.

Parses every corpus file without the project's own loaders:
  *.md          YAML front matter (PyYAML) + body
  *.yaml/*.yml  top-level list of records (one Document per record)
  *.csv         one Document per row (csv.DictReader)
  *.jsonl       one Document per line
  *.pdf         pypdf (metadata Title/Subject, text per page)
  *.docx        python-docx (core properties, paragraphs, tables)
  *.html        stdlib html.parser (<title>, <meta>, text of <article>)
README.md, glossary.yaml and questions.jsonl are not documents.

It builds {doc_id: text} (title + body, or title + every field value for
records) and checks:
  * document ids are unique and every document has the required metadata;
  * every expected source of every question exists;
  * every answer_contains string of an answerable question occurs
    (NFKC-normalized, case-folded) in at least one of its expected sources;
  * question ids are unique; tag minimums; at least half the questions in
    Japanese; leak-probe and unanswerable questions have no sources or answer
    strings; leak-probes are asked as public; authorized questions are asked
    above public and cite only non-public sources; public questions cite only
    public sources.
Prints counts per format, language, audience and tag. Exit status 1 on failure.

Usage: python scripts/check_corpus.py [--corpus corpus] [--coverage]
  --coverage  also list, per answerable question, other documents whose text
              contains one of its (longer) answer strings (a review aid).
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import yaml

NOT_DOCUMENTS = {"README.md", "glossary.yaml", "questions.jsonl", ".ingestignore"}
DOC_TYPES = {"case_study", "site_fact", "regulatory_record", "faq", "other"}
LANGS = {"ja", "en"}
AUDIENCES = {"public", "internal", "confidential"}
SITES = {"bengaluru", "hyderabad", "baltimore", "tokyo"}
MODALITIES = {
    "adc",
    "aoc",
    "xdc",
    "peptide",
    "oligonucleotide",
    "hpapi",
    "mab",
    "bispecific",
    "small_molecule",
}
META_KEYS = {
    "id",
    "title",
    "doc_type",
    "lang",
    "audience",
    "site",
    "modalities",
    "date",
    "owner",
    "review_by",
    "url",
    "source",
}
TAG_MINIMUMS = {
    "crosslingual": 24,
    "structured": 18,
    "unanswerable": 24,
    "leak-probe": 12,
    "authorized": 6,
    "normalization": 12,
}
MIN_QUESTIONS = 160
RECORD_FORMATS = {"yaml", "csv", "jsonl"}
# Strings that exist only in internal/confidential documents; none may occur in a public one.
RESTRICTED_MARKERS = [
    "suzuran",
    "azalea",
    "1.45 million",
    "18,500",
    "reservation fee",
    "為替バッファー",
    "slots_open",
    "28億円",
]
MIN_GLOSSARY_TERMS = 60
MIN_DOCUMENTS = 40


def norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold()


def scalar(v) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(scalar(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {scalar(x)}" for k, x in v.items())
    return "" if v is None else str(v)


class Doc:
    def __init__(self, meta: dict, text: str, source: str, fmt: str):
        self.meta = meta
        self.text = text
        self.source = source
        self.fmt = fmt

    @property
    def id(self) -> str:
        return str(self.meta.get("id"))


def record_doc(rec: dict, source: str, fmt: str) -> Doc:
    meta = {k: rec.get(k) for k in META_KEYS if k in rec}
    if isinstance(meta.get("modalities"), str):  # CSV: "mab;adc"
        meta["modalities"] = [m for m in re.split(r"[;,]\s*", meta["modalities"]) if m]
    for k in ("date", "review_by"):
        if k in meta and meta[k] is not None:
            meta[k] = scalar(meta[k])
    lines = [str(rec.get("title", ""))]
    for k, v in rec.items():
        if k in ("id", "title"):
            continue
        lines.append(f"{k}: {scalar(v)}")
    if "text" in rec:
        lines.append(str(rec["text"]))
    return Doc(meta, "\n".join(lines), source, fmt)


def load_markdown(path: Path, rel: str) -> list[Doc]:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not m:
        raise ValueError("no YAML front matter")
    meta = yaml.safe_load(m.group(1)) or {}
    for k in ("date", "review_by"):
        if k in meta:
            meta[k] = scalar(meta[k])
    body = m.group(2)
    return [Doc(meta, f"{meta.get('title', '')}\n{body}", rel, "md")]


def load_yaml(path: Path, rel: str) -> list[Doc]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("YAML record file must be a top-level list")
    return [record_doc(r, rel, "yaml") for r in data]


def load_csv(path: Path, rel: str) -> list[Doc]:
    with path.open(encoding="utf-8", newline="") as f:
        return [record_doc(r, rel, "csv") for r in csv.DictReader(f)]


def load_jsonl(path: Path, rel: str) -> list[Doc]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(record_doc(json.loads(line), rel, "jsonl"))
    return out


def path_id(rel: str) -> str:
    return rel.rsplit(".", 1)[0]


def load_pdf(path: Path, rel: str) -> list[Doc]:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    info = reader.metadata or {}
    subject = str(info.get("/Subject", ""))
    m = re.search(r"id=([^;\s]+)", subject)
    pages = [p.extract_text() or "" for p in reader.pages]
    if len(pages) < 2:
        raise ValueError("PDF should have at least 2 pages")
    for i, t in enumerate(pages, 1):
        if len(t.strip()) < 100:
            raise ValueError(f"page {i} has too little extractable text")
    meta = {
        "id": m.group(1) if m else path_id(rel),
        "title": str(info.get("/Title", "")),
        "lang": "en",
        "audience": "public",
        "doc_type": "other",
        "pages": len(pages),
    }
    if meta["id"] != path_id(rel):
        raise ValueError(f"PDF Subject id {meta['id']!r} != path-derived id {path_id(rel)!r}")
    return [Doc(meta, meta["title"] + "\n" + "\n".join(pages), rel, "pdf")]


def load_docx(path: Path, rel: str) -> list[Doc]:
    import docx

    d = docx.Document(str(path))
    cp = d.core_properties
    doc_id = cp.identifier or cp.subject or path_id(rel)
    if doc_id != path_id(rel):
        raise ValueError(f"DOCX identifier {doc_id!r} != path-derived id {path_id(rel)!r}")
    headings = [p for p in d.paragraphs if p.style.name.startswith("Heading")]
    if not any(p.style.name == "Heading 1" for p in headings) or not any(
        p.style.name == "Heading 2" for p in headings
    ):
        raise ValueError("DOCX needs Heading 1 and Heading 2 paragraphs")
    if not d.tables:
        raise ValueError("DOCX needs a table")
    parts = [cp.title or ""] + [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    meta = {
        "id": doc_id,
        "title": cp.title,
        "lang": cp.language or "en",
        "audience": "public",
        "doc_type": "regulatory_record",
    }
    return [Doc(meta, "\n".join(parts), rel, "docx")]


class _HTML(HTMLParser):
    SKIP = {"script", "style", "nav", "footer", "aside"}

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.stack: list[str] = []
        self.article: list[str] = []
        self.headings: list[str] = []
        self._in_title = False
        self._article_depth = 0
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content", "")
        if tag == "title":
            self._in_title = True
        if tag == "article":
            self._article_depth += 1
        if tag in self.SKIP:
            self._skip_depth += 1
        if tag in ("h1", "h2"):
            self.headings.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "article":
            self._article_depth -= 1
        if tag in self.SKIP:
            self._skip_depth -= 1
        if tag in ("p", "h1", "h2", "h3", "li") and self._article_depth:
            self.article.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._article_depth and not self._skip_depth:
            self.article.append(data)


def load_html(path: Path, rel: str) -> list[Doc]:
    p = _HTML()
    p.feed(path.read_text(encoding="utf-8"))
    if "h1" not in p.headings or "h2" not in p.headings:
        raise ValueError("HTML article needs <h1> and <h2>")
    doc_id = p.meta.get("doc-id") or path_id(rel)
    if doc_id != path_id(rel):
        raise ValueError(f"HTML doc-id {doc_id!r} != path-derived id {path_id(rel)!r}")
    meta = {
        "id": doc_id,
        "title": p.title.strip(),
        "lang": p.meta.get("lang"),
        "audience": p.meta.get("audience"),
        "site": p.meta.get("site"),
        "doc_type": p.meta.get("doc-type", "other"),
    }
    text = p.title.strip() + "\n" + re.sub(r"\n\s*\n+", "\n", "".join(p.article))
    return [Doc(meta, text, rel, "html")]


LOADERS = {
    ".md": load_markdown,
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".csv": load_csv,
    ".jsonl": load_jsonl,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
}


def load_corpus(root: Path) -> tuple[list[Doc], list[str]]:
    docs: list[Doc] = []
    errors: list[str] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in NOT_DOCUMENTS and path.parent == root:
            continue
        rel = path.relative_to(root).as_posix()
        loader = LOADERS.get(path.suffix.lower())
        if loader is None:
            errors.append(f"{rel}: unsupported file type")
            continue
        try:
            docs.extend(loader(path, rel))
        except Exception as e:  # report and go on
            errors.append(f"{rel}: {type(e).__name__}: {e}")
    return docs, errors


def check_doc_meta(d: Doc) -> list[str]:
    errs = []
    m = d.meta
    where = f"{d.source} [{d.id}]"
    if not m.get("id") or not re.fullmatch(r"[a-z0-9][a-z0-9/_\-]*", str(m["id"])):
        errs.append(f"{where}: bad id")
    if not m.get("title"):
        errs.append(f"{where}: missing title")
    if m.get("lang") not in LANGS:
        errs.append(f"{where}: bad lang {m.get('lang')!r}")
    if m.get("audience") not in AUDIENCES:
        errs.append(f"{where}: bad audience {m.get('audience')!r}")
    if m.get("doc_type") not in DOC_TYPES:
        errs.append(f"{where}: bad doc_type {m.get('doc_type')!r}")
    if m.get("site") not in (None, "", *SITES):
        errs.append(f"{where}: bad site {m.get('site')!r}")
    for mod in m.get("modalities") or []:
        if mod not in MODALITIES:
            errs.append(f"{where}: bad modality {mod!r}")
    for k in ("date", "review_by"):
        if m.get(k) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(m[k])):
            errs.append(f"{where}: bad {k} {m[k]!r}")
    if d.fmt in ("md", "yaml", "csv", "jsonl"):
        for k in ("date", "owner", "review_by"):
            if not m.get(k):
                errs.append(f"{where}: missing {k}")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser(description="Check the sample corpus and question set.")
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent / "corpus"))
    ap.add_argument("--coverage", action="store_true")
    args = ap.parse_args()
    root = Path(args.corpus)
    failures: list[str] = []

    docs, load_errors = load_corpus(root)
    failures += load_errors
    by_id: dict[str, Doc] = {}
    for d in docs:
        if d.id in by_id:
            failures.append(f"duplicate document id {d.id!r} ({by_id[d.id].source}, {d.source})")
        by_id[d.id] = d
        failures += check_doc_meta(d)
    if len(docs) < MIN_DOCUMENTS:
        failures.append(f"only {len(docs)} documents (< {MIN_DOCUMENTS})")
    ntext = {i: norm(d.text) for i, d in by_id.items()}
    for i, t in ntext.items():
        if by_id[i].meta.get("audience") == "public":
            for marker in RESTRICTED_MARKERS:
                if norm(marker) in t:
                    failures.append(f"public document {i} contains restricted marker {marker!r}")
    restricted = [i for i, d in by_id.items() if d.meta.get("audience") != "public"]
    for marker in RESTRICTED_MARKERS:
        if not any(norm(marker) in ntext[i] for i in restricted):
            failures.append(f"restricted marker {marker!r} occurs in no restricted document")

    # ---- glossary
    gloss = yaml.safe_load((root / "glossary.yaml").read_text(encoding="utf-8"))
    terms = gloss.get("terms") if isinstance(gloss, dict) else None
    if not isinstance(terms, list) or len(terms) < MIN_GLOSSARY_TERMS:
        failures.append(f"glossary.yaml needs a 'terms' list of >= {MIN_GLOSSARY_TERMS} entries")
        terms = []
    for n, t in enumerate(terms):
        if not (
            isinstance(t, dict)
            and set(t) == {"en", "ja"}
            and all(
                isinstance(t[k], list) and t[k] and all(isinstance(x, str) for x in t[k]) for k in t
            )
        ):
            failures.append(f"glossary entry {n} must be {{en: [str, ...], ja: [str, ...]}}: {t!r}")

    # ---- questions
    questions = [
        json.loads(line)
        for line in (root / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    qids = collections.Counter(q["id"] for q in questions)
    failures += [f"duplicate question id {i}" for i, n in qids.items() if n > 1]
    qtexts = collections.Counter(norm(q["question"]) for q in questions)
    failures += [f"duplicate question text {t!r}" for t, n in qtexts.items() if n > 1]
    tag_counts: collections.Counter = collections.Counter()
    lang_counts: collections.Counter = collections.Counter()
    aud_counts: collections.Counter = collections.Counter()
    rank = {"public": 0, "internal": 1, "confidential": 2}
    crossdir: collections.Counter = collections.Counter()
    for q in questions:
        qid = q.get("id")
        for k in ("id", "question", "lang", "expected_sources", "answer_contains", "tags"):
            if k not in q:
                failures.append(f"{qid}: missing {k}")
        tags = set(q.get("tags", []))
        tag_counts.update(tags)
        lang_counts[q.get("lang")] += 1
        audience = q.get("audience", "public")
        aud_counts[audience] += 1
        if q.get("lang") not in LANGS:
            failures.append(f"{qid}: bad lang")
        if q["lang"] == "ja" and not re.search(
            r"[\u3040-\u30ff\u4e00-\u9fff\uff66-\uff9f]", q["question"]
        ):
            failures.append(f"{qid}: lang ja but no Japanese characters")
        srcs, answers = q.get("expected_sources", []), q.get("answer_contains", [])
        if tags & {"unanswerable", "leak-probe", "chitchat"}:
            if srcs or answers:
                failures.append(
                    f"{qid}: unanswerable/leak-probe/chitchat must have empty sources and answers"
                )
            if "leak-probe" in tags and audience != "public":
                failures.append(f"{qid}: leak-probe must be asked as public")
            continue
        if not srcs or not answers:
            failures.append(
                f"{qid}: answerable question needs expected_sources and answer_contains"
            )
            continue
        for s in srcs:
            if s not in by_id:
                failures.append(f"{qid}: unknown expected source {s!r}")
            elif rank[by_id[s].meta.get("audience")] > rank.get(audience, 0):
                failures.append(f"{qid}: source {s} is above the question's audience {audience}")
        if "authorized" in tags:
            if audience == "public":
                failures.append(f"{qid}: authorized question must be asked above public")
            if any(s in by_id and by_id[s].meta.get("audience") == "public" for s in srcs):
                failures.append(f"{qid}: authorized question cites a public source")
        for a in answers:
            na = norm(a)
            if not any(na in ntext.get(s, "") for s in srcs):
                failures.append(f"{qid}: answer string {a!r} not found in {srcs}")
        if "crosslingual" in tags:
            slangs = {by_id[s].meta.get("lang") for s in srcs if s in by_id}
            if q["lang"] in slangs:
                failures.append(f"{qid}: crosslingual but a source is in the question's language")
            crossdir[f"{q['lang']}->{'/'.join(sorted(slangs))}"] += 1
        if "structured" in tags and not any(
            s in by_id and by_id[s].fmt in RECORD_FORMATS for s in srcs
        ):
            failures.append(f"{qid}: structured but no expected source is a YAML/CSV/JSONL record")
        if "fact" in tags and "authorized" not in tags and audience != "public":
            failures.append(f"{qid}: fact questions are asked as public")
        if args.coverage:
            others = [
                i
                for i, t in ntext.items()
                if i not in srcs
                and rank[by_id[i].meta.get("audience")] <= rank.get(audience, 0)
                and any(len(norm(a)) >= 4 and norm(a) in t for a in answers)
            ]
            if others:
                print(f"  coverage {qid}: {q['question'][:50]!r} also in {others}")

    for tag, need in TAG_MINIMUMS.items():
        if tag_counts[tag] < need:
            failures.append(f"tag {tag}: {tag_counts[tag]} < {need}")
    if len(questions) < MIN_QUESTIONS:
        failures.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    if lang_counts["ja"] * 2 < len(questions):
        failures.append(f"only {lang_counts['ja']} of {len(questions)} questions in Japanese")

    # ---- report
    def show(title, counter):
        print(
            f"{title}: "
            + ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=lambda x: str(x[0])))
        )

    print(f"documents: {len(docs)} from {len({d.source for d in docs})} files")
    show("  by format", collections.Counter(d.fmt for d in docs))
    show("  by language", collections.Counter(d.meta.get("lang") for d in docs))
    show("  by audience", collections.Counter(d.meta.get("audience") for d in docs))
    show("  by doc_type", collections.Counter(d.meta.get("doc_type") for d in docs))
    show("  by site", collections.Counter(d.meta.get("site") or "(company-wide)" for d in docs))
    case_studies = [d for d in docs if d.source.startswith("case-studies/")]
    show(
        "  case-studies/ by language", collections.Counter(d.meta.get("lang") for d in case_studies)
    )
    print(f"glossary: {len(terms)} entries")
    print(f"questions: {len(questions)}")
    show("  by language", lang_counts)
    show("  by audience", aud_counts)
    show("  by tag", tag_counts)
    show("  crosslingual direction (question->sources)", crossdir)
    answerable = sum(1 for q in questions if q["expected_sources"])
    print(f"  answerable: {answerable}, expecting abstention: {len(questions) - answerable}")
    if failures:
        print(f"\nFAILED: {len(failures)} problem(s)")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
