"""Question sets: load JSONL or YAML items in the DESIGN.md format into `EvalQuestion`s.

Each item has `id`, `question`, `lang`, `expected_sources` (doc ids; empty when the corpus
cannot answer), `answer_contains` (strings any of which must appear in the answer),
`audience` (the ceiling to ask with, default `public`) and `tags`; optionally
`follow_up_of` (the id of the previous turn), `resolved_question` and `resolved_subjects`.
Any other field is kept in `extra` and listed once as a warning; a field one or two edits
from a known one (`expected_source`) is an error that names the field it resembles. Errors
name the file, the line (JSONL) or item number (YAML), the field and what is allowed.
"""

from __future__ import annotations

import difflib
import json
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import EvalError
from assistant.types import LANGS, Audience

FIELDS = (
    "id",
    "question",
    "lang",
    "expected_sources",
    "answer_contains",
    "audience",
    "tags",
    "follow_up_of",
    "resolved_question",
    "resolved_subjects",
)
# An unknown field this close to a known one is taken for a typo, not a note.
_TYPO_MAX_EDITS = 2
_TYPO_MIN_RATIO = 0.75


class QuestionFieldWarning(UserWarning):
    """A question set carries fields the harness does not use (kept in `extra`)."""


@dataclass(frozen=True)
class EvalQuestion:
    """One labelled question of a question set."""

    id: str
    question: str
    lang: str
    expected_sources: tuple[str, ...] = ()
    answer_contains: tuple[str, ...] = ()
    audience: Audience = Audience.PUBLIC
    tags: tuple[str, ...] = ()
    follow_up_of: str | None = None
    resolved_question: str | None = None
    resolved_subjects: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def answerable(self) -> bool:
        """True when the corpus holds a source that answers the question."""
        return bool(self.expected_sources)

    def as_dict(self) -> dict[str, Any]:
        """The item as written in a question set (JSON-ready)."""
        item: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "lang": self.lang,
            "expected_sources": list(self.expected_sources),
            "answer_contains": list(self.answer_contains),
            "audience": self.audience.value,
            "tags": list(self.tags),
            **self.extra,
        }
        follow_up = {
            "follow_up_of": self.follow_up_of,
            "resolved_question": self.resolved_question,
            "resolved_subjects": list(self.resolved_subjects),
        }
        return {**item, **{key: value for key, value in follow_up.items() if value}}


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a `.jsonl`, `.json`, `.yaml` or `.yml` question set; ids must be unique."""
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"no question set at {path}: pass a .jsonl or .yaml file of questions")
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    if suffix == ".jsonl":
        items = list(_jsonl_items(text, path))
    elif suffix in (".yaml", ".yml", ".json"):
        items = list(_document_items(text, path))
    else:
        raise EvalError(
            f"{path}: unknown question-set format {suffix or '(no suffix)'!r}; "
            "use .jsonl (one JSON object a line) or .yaml (a list of items)"
        )
    questions: list[EvalQuestion] = []
    seen: dict[str, str] = {}
    for where, item in items:
        question = parse_question(item, where=where)
        if question.id in seen:
            raise EvalError(
                f"{where}: id {question.id!r} is already used at {seen[question.id]}; "
                "question ids must be unique"
            )
        if question.follow_up_of is not None and question.follow_up_of not in seen:
            raise EvalError(
                f"{where}: follow_up_of {question.follow_up_of!r} names no earlier question; "
                "a follow-up comes after the turn it follows"
            )
        seen[question.id] = where
        questions.append(question)
    if not questions:
        raise EvalError(f"{path} holds no questions; add at least one item")
    extra = Counter(name for q in questions for name in q.extra)
    if extra:
        listed = ", ".join(
            f"{name!r} ({count} item{'s' * (count != 1)})" for name, count in sorted(extra.items())
        )
        warnings.warn(
            f"{path}: kept but not used by the harness: {listed}; known fields: "
            f"{', '.join(FIELDS)}",
            QuestionFieldWarning,
            stacklevel=2,
        )
    return questions


def _jsonl_items(text: str, path: Path) -> Iterable[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc


def _document_items(text: str, path: Path) -> Iterable[tuple[str, Any]]:
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot be parsed ({exc})") from exc
    if isinstance(data, dict) and "questions" in data:
        data = data["questions"]
    if not isinstance(data, list):
        raise EvalError(
            f"{path}: expected a list of question items (or a mapping with a 'questions' list), "
            f"found {type(data).__name__}"
        )
    for number, item in enumerate(data, start=1):
        yield f"{path}: item {number}", item


def parse_question(item: Any, *, where: str) -> EvalQuestion:
    """Validate one raw item; `where` (file:line) prefixes every error message."""
    if not isinstance(item, dict):
        raise EvalError(f"{where}: expected an object with {', '.join(FIELDS)}")
    unknown = sorted(str(k) for k in set(item) - set(FIELDS))
    for name in unknown:
        known = near_field(name)
        if known:
            raise EvalError(
                f"{where}: unknown field {name!r}: did you mean `{known}`? "
                f"(known fields: {', '.join(FIELDS)})"
            )
    qid = _text(item, "id", where)
    question = _text(item, "question", where)
    lang = str(item.get("lang", "")).strip().lower()
    if lang not in LANGS:
        raise EvalError(
            f"{where}: field 'lang' is {item.get('lang')!r}; allowed: {', '.join(LANGS)}"
        )
    audience_value = str(item.get("audience") or Audience.PUBLIC.value).strip().lower()
    try:
        audience = Audience(audience_value)
    except ValueError as exc:
        allowed = ", ".join(a.value for a in Audience)
        raise EvalError(
            f"{where}: field 'audience' is {audience_value!r}; allowed: {allowed}"
        ) from exc
    return EvalQuestion(
        id=qid,
        question=question,
        lang=lang,
        expected_sources=_strings(item, "expected_sources", where),
        answer_contains=_strings(item, "answer_contains", where),
        audience=audience,
        tags=_strings(item, "tags", where),
        follow_up_of=_optional_text(item, "follow_up_of", where),
        resolved_question=_optional_text(item, "resolved_question", where),
        resolved_subjects=_strings(item, "resolved_subjects", where),
        extra={name: item[name] for name in unknown},
    )


def near_field(name: str) -> str | None:
    """The known field `name` is one or two edits from (a typo), if any."""
    for known in difflib.get_close_matches(name, FIELDS, n=3, cutoff=_TYPO_MIN_RATIO):
        matcher = difflib.SequenceMatcher(a=name, b=known)
        edits = sum(
            max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
        )
        if edits <= _TYPO_MAX_EDITS:
            return known
    return None


def _optional_text(item: dict[str, Any], name: str, where: str) -> str | None:
    if item.get(name) in (None, ""):
        return None
    if isinstance(item[name], int) and not isinstance(item[name], bool):
        return str(item[name])
    return _text(item, name, where)


def _text(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool) and name == "id":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise EvalError(f"{where}: field {name!r} is missing or empty; give a non-empty string")
    return value.strip()


def _strings(item: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = item.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EvalError(
            f"{where}: field {name!r} is {value!r}; give a list of non-empty strings (or [])"
        )
    return tuple(v.strip() for v in value)
