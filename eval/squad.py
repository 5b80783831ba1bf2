"""Convert SQuAD-format data (SQuAD 1.1/2.0, JSQuAD) into a corpus and a question set.

Each paragraph becomes one record of `corpus.jsonl` (`id`, `title`, `text`, `lang`,
`audience: public` — public data, so public questions can see it) and each question one
item of `questions.jsonl` whose expected source is its paragraph. SQuAD 2.0 questions
marked impossible become unanswerable items (no expected source: the assistant should
abstain). JSQuAD contexts start with "<title> [SEP] ", which is stripped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import EvalError
from assistant.text import detect_lang
from assistant.types import LANGS

_SEP = " [SEP] "
_QA_PARAGRAPH_ID = re.compile(r"^(?P<paragraph>.+p\d+)q\d+$")
_UNSAFE_ID = re.compile(r"[^\w\-.]+")


@dataclass(frozen=True)
class SquadImport:
    """What an import wrote."""

    corpus_path: Path
    questions_path: Path
    records: int
    questions: int
    unanswerable: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "corpus": str(self.corpus_path),
            "questions": str(self.questions_path),
            "records": self.records,
            "question_count": self.questions,
            "unanswerable": self.unanswerable,
        }


def import_squad(
    path: Path, out_dir: Path, *, lang: str | None = None, tag: str | None = None
) -> SquadImport:
    """Write `corpus.jsonl` and `questions.jsonl` for the SQuAD-format file at `path`."""
    data = _read(path)
    if lang is not None and lang not in LANGS:
        raise EvalError(f"--lang is {lang!r}; allowed: {', '.join(LANGS)} (or leave it out)")
    tag = tag or Path(path).stem
    records: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    for a_index, article in enumerate(data):
        title = str(article.get("title") or f"article {a_index}")
        paragraphs = article.get("paragraphs")
        if not isinstance(paragraphs, list):
            raise EvalError(f"{path}: data[{a_index}] ({title!r}) has no 'paragraphs' list")
        for p_index, paragraph in enumerate(paragraphs):
            where = f"{path}: data[{a_index}].paragraphs[{p_index}]"
            context = _context(paragraph, title, where)
            qas = paragraph.get("qas") or []
            doc_id = _unique(_paragraph_id(title, p_index, qas), used_ids)
            doc_lang = lang or detect_lang(f"{title}\n{context}")
            records.append(
                {
                    "id": doc_id,
                    "title": title.replace("_", " "),
                    "text": context,
                    "lang": doc_lang,
                    "audience": "public",
                }
            )
            for q_index, qa in enumerate(qas):
                questions.append(_question(qa, doc_id, doc_lang, tag, f"{where}.qas[{q_index}]"))
    if not records:
        raise EvalError(f"{path} holds no paragraphs; is it SQuAD-format (data[].paragraphs[])?")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus_path, questions_path = out_dir / "corpus.jsonl", out_dir / "questions.jsonl"
    _write_jsonl(corpus_path, records)
    _write_jsonl(questions_path, questions)
    return SquadImport(
        corpus_path=corpus_path,
        questions_path=questions_path,
        records=len(records),
        questions=len(questions),
        unanswerable=sum(1 for q in questions if not q["expected_sources"]),
    )


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise EvalError(f"no SQuAD file at {path}") from exc
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path} is not JSON ({exc.msg} at line {exc.lineno})") from exc
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list):
        raise EvalError(
            f"{path} has no top-level 'data' list; expected SQuAD format "
            '{"data": [{"title", "paragraphs": [{"context", "qas"}]}]}'
        )
    return data


def _context(paragraph: Any, title: str, where: str) -> str:
    if not isinstance(paragraph, dict) or not isinstance(paragraph.get("context"), str):
        raise EvalError(f"{where} has no 'context' text")
    context = paragraph["context"].strip()
    head, sep, rest = context.partition(_SEP)
    if sep and head.strip() == title.strip():
        context = rest.strip()
    return context


def _paragraph_id(title: str, index: int, qas: list[Any]) -> str:
    """JSQuAD ids carry the paragraph ("a1668p0q1" -> "a1668p0"); otherwise title + index."""
    prefixes = {
        match.group("paragraph")
        for qa in qas
        if isinstance(qa, dict) and (match := _QA_PARAGRAPH_ID.match(str(qa.get("id", ""))))
    }
    if len(prefixes) == 1:
        return prefixes.pop()
    slug = _UNSAFE_ID.sub("_", title).strip("_") or "article"
    return f"{slug}_p{index}"


def _unique(doc_id: str, used: set[str]) -> str:
    candidate, n = doc_id, 2
    while candidate in used:
        candidate, n = f"{doc_id}-{n}", n + 1
    used.add(candidate)
    return candidate


def _question(qa: Any, doc_id: str, lang: str, tag: str, where: str) -> dict[str, Any]:
    if not isinstance(qa, dict) or not str(qa.get("question", "")).strip():
        raise EvalError(f"{where} has no 'question' text")
    if not str(qa.get("id", "")).strip():
        raise EvalError(f"{where} has no 'id'")
    impossible = bool(qa.get("is_impossible"))
    answers = [] if impossible else [a.get("text", "") for a in qa.get("answers") or []]
    accepted = list(dict.fromkeys(a.strip() for a in answers if isinstance(a, str) and a.strip()))
    return {
        "id": str(qa["id"]),
        "question": str(qa["question"]).strip(),
        "lang": lang,
        "expected_sources": [] if impossible else [doc_id],
        "answer_contains": accepted,
        "audience": "public",
        "tags": [tag] + (["unanswerable"] if impossible else []),
    }


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
