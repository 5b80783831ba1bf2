"""Question understanding: one cheap step (no embedding) from a question's text to a `Question`.

A `Question` says what the reader asks and what kind of answer fits: its language, its intent
(`fact`, `list`, `overview`, `chitchat`), for a fact the type of the expected answer (a count,
a quantity, a date, a name, yes/no), its subjects (sites, modalities, document kinds, years
and months) and, for a question of several parts, the parts. The answer strategies
(`assistant.answer.strategies`) read it.

Cue words live in `assistant/data/intents.yaml` (a corpus adds its own in files of the same
form, `Settings.intent_paths`). English cues match at a word start, and a cue word of five or
more letters also matches a word one edit away, so "histroy" and "inspecton" still tell the
intent; Japanese cues match anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from assistant.config import read_listed_file
from assistant.errors import ConfigError
from assistant.question.time import asked_months
from assistant.question.words import ASKING_WORDS, QUESTION_FILLERS
from assistant.text import detect_lang, fold, names_cue, normalize, terms

DEFAULT_INTENTS = Path(__file__).resolve().parents[1] / "data" / "intents.yaml"
# A cue word this long or longer also matches a question word one edit away (a typo).
_FUZZY_MIN_LEN = 5
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Where a question of several parts splits: after a question mark followed by more text, at
# a numbered item ("1)", "2.", "(3)") or a line break, or at a comma before a clause that asks
# anew (", and when …", ", how many …"; after a bare comma only "how" and "what", since
# ", which …" or ", when …" mostly continue the clause before).
_ASKS_ANEW = rf"(?:and\s+(?:{'|'.join(ASKING_WORDS)})|how|what)\b"
_PART_SPLIT = re.compile(rf"(?<=[?？])\s*|\n+|\s(?=\(?\d[.)]\s)|,\s*(?=(?i:{_ASKS_ANEW}))")
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
# A piece shorter than this (characters and content terms both) is no question of its own.
_MIN_PART_CHARS = 10
_MIN_PART_TERMS = 3
_NUMBERED = re.compile(r"\(?\d[.)]\s")
_WORD = re.compile(r"[a-z][a-z'\-]*")


class Intent(StrEnum):
    """What kind of answer the question wants."""

    FACT = "fact"
    LIST = "list"
    OVERVIEW = "overview"
    CHITCHAT = "chitchat"


class AnswerType(StrEnum):
    """What a fact question's answer must hold."""

    COUNT = "count"
    QUANTITY = "quantity"
    DATE = "date"
    ENTITY = "entity"
    YES_NO = "yes_no"
    OTHER = "other"


@dataclass(frozen=True)
class Question:
    """A question as understood before retrieval (`sites` are filled in after it)."""

    text: str
    normalized: str
    lang: str
    intent: Intent
    answer_type: AnswerType = AnswerType.OTHER
    sites: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    doc_kinds: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[tuple[int, int], ...] = ()
    parts: tuple[str, ...] = ()
    content_terms: tuple[str, ...] = ()

    @property
    def is_multi_part(self) -> bool:
        """True when the question asks two or more things that are answered one by one."""
        return len(self.parts) > 1

    def with_sites(self, mentions: Sequence[frozenset[str]], site_ids: Iterable[str]) -> Question:
        """This question with the sites whose id one of its glossary mentions holds, or that
        it names by id."""
        ids = {s for s in site_ids if s}
        found = [s for s in sorted(ids) if any(fold(s) in names for names in mentions)]
        folded = fold(self.normalized)
        found += [s for s in sorted(ids) if s not in found and names_cue(folded, fold(s))]
        return replace(self, sites=tuple(found))


@dataclass(frozen=True)
class IntentVocabulary:
    """The cue words of each intent, answer type, document kind and modality."""

    greetings: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    assistant: tuple[str, ...] = ()
    list_cues: tuple[str, ...] = ()
    list_weak: tuple[str, ...] = ()
    overview: tuple[str, ...] = ()
    answer_types: Mapping[AnswerType, tuple[str, ...]] = field(default_factory=dict)
    doc_kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    listed_kinds: tuple[str, ...] = ()
    modalities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> IntentVocabulary:
        """The cues shipped with the assistant (`assistant/data/intents.yaml`)."""
        return _default_vocabulary()

    @classmethod
    def load(cls, path: Path) -> IntentVocabulary:
        """Read an intent cue file (the form of `assistant/data/intents.yaml`)."""
        text = read_listed_file(path, what="intent cue file", setting="ASSISTANT_INTENT_PATHS")
        return cls.from_yaml(text, source=str(path))

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<intents>") -> IntentVocabulary:
        """Parse an intent cue file; unknown keys and non-list values are errors."""
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"intent cue file {source} is not valid YAML: {exc}") from exc
        allowed = {"greetings", "fillers", "assistant", "list", "overview", "answer_types"}
        allowed |= {"list_weak", "listed_kinds", "doc_kinds", "modalities", "examples"}
        if not isinstance(data, dict) or not set(data) <= allowed:
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ConfigError(
                f"intent cue file {source} has the keys {found}; allowed are {sorted(allowed)} "
                "(see assistant/data/intents.yaml for the form)"
            )
        types = _mapping(data.get("answer_types"), source=source, key="answer_types")
        bad = sorted(set(types) - {t.value for t in AnswerType})
        if bad:
            raise ConfigError(
                f"intent cue file {source}: answer type(s) {bad} are unknown; "
                f"use {[t.value for t in AnswerType]}"
            )
        return cls(
            greetings=_cues(data.get("greetings"), source=source, key="greetings"),
            fillers=_cues(data.get("fillers"), source=source, key="fillers"),
            assistant=_cues(data.get("assistant"), source=source, key="assistant"),
            list_cues=_cues(data.get("list"), source=source, key="list"),
            list_weak=_cues(data.get("list_weak"), source=source, key="list_weak"),
            overview=_cues(data.get("overview"), source=source, key="overview"),
            answer_types={AnswerType(k): v for k, v in types.items()},
            doc_kinds=_mapping(data.get("doc_kinds"), source=source, key="doc_kinds"),
            listed_kinds=_cues(data.get("listed_kinds"), source=source, key="listed_kinds"),
            modalities=_mapping(data.get("modalities"), source=source, key="modalities"),
            examples=_mapping(data.get("examples"), source=source, key="examples", fold_=False),
        )

    def kind_of_label(self, label: str) -> str:
        """The document kind a customer's doc_type label names: the label itself when it is
        a kind, else the kind whose cue words its words name ("inspection_log" ->
        regulatory_record, "success_story" -> case_study), else the label unchanged."""
        if not label or label in self.doc_kinds:
            return label
        spoken = fold(label.replace("_", " "))
        words = tuple(_WORD.findall(spoken))
        for kind, cues in self.doc_kinds.items():
            if any(cue_holds(c, spoken, words) for c in cues):
                return kind
        return label

    @classmethod
    def merge(cls, vocabularies: Iterable[IntentVocabulary]) -> IntentVocabulary:
        """One vocabulary holding every cue of all, in order."""
        merged = cls()
        for v in vocabularies:
            merged = cls(
                greetings=merged.greetings + v.greetings,
                fillers=merged.fillers + v.fillers,
                assistant=merged.assistant + v.assistant,
                list_cues=merged.list_cues + v.list_cues,
                list_weak=merged.list_weak + v.list_weak,
                overview=merged.overview + v.overview,
                answer_types=_join(merged.answer_types, v.answer_types),
                doc_kinds=_join(merged.doc_kinds, v.doc_kinds),
                listed_kinds=merged.listed_kinds + v.listed_kinds,
                modalities=_join(merged.modalities, v.modalities),
                examples=_join(merged.examples, v.examples),
            )
        return merged


def understand(
    text: str, *, lang: str | None = None, vocabulary: IntentVocabulary | None = None
) -> Question:
    """The `Question` of `text` (already validated); `lang` overrides the detected language."""
    vocab = vocabulary or IntentVocabulary.default()
    normalized = normalize(text)
    folded = fold(normalized)
    words = tuple(_WORD.findall(folded))
    content = tuple(t for t in dict.fromkeys(terms(normalized)) if t not in QUESTION_FILLERS)
    answer_type = next(
        (
            kind
            for kind, cues in vocab.answer_types.items()
            if any(cue_holds(c, folded, words) for c in cues)
        ),
        AnswerType.OTHER,
    )
    if not _beyond_small_talk(content, vocab):
        intent = Intent.CHITCHAT
    elif any(cue_holds(c, folded, words) for c in vocab.list_cues) or (
        answer_type in (AnswerType.OTHER, AnswerType.YES_NO)
        and any(cue_holds(c, folded, words) for c in vocab.list_weak)
        and _names_listed_kind(folded, words, vocab)
    ):
        intent = Intent.LIST
    elif any(cue_holds(c, folded, words) for c in vocab.overview):
        intent = Intent.OVERVIEW
    else:
        intent = Intent.FACT
    return Question(
        text=text,
        normalized=normalized,
        lang=lang or detect_lang(normalized),
        intent=intent,
        answer_type=answer_type,
        modalities=_named(vocab.modalities, folded, words),
        doc_kinds=_named(vocab.doc_kinds, folded, words),
        years=tuple(sorted({int(y) for y in _YEAR.findall(normalized)})),
        months=tuple(sorted(asked_months(folded))),
        parts=split_parts(normalized, vocab) if intent is not Intent.CHITCHAT else (),
        content_terms=content,
    )


def split_parts(normalized: str, vocabulary: IntentVocabulary | None = None) -> tuple[str, ...]:
    """The parts of a question that asks several things ("…? …?", numbered items, lines);
    a piece that is no question of its own ("（キナーゼ阻害薬の事例）" after the question mark)
    stays with the part before it; a part that is only small talk ("Thanks!") is dropped;
    one part means no split."""
    vocab = vocabulary or IntentVocabulary.default()
    pieces = [p.strip() for p in _PART_SPLIT.split(normalized) if p and p.strip()]
    merged: list[str] = []
    for raw in pieces:
        piece = _LEADING_AND.sub("", raw)
        asks = piece != raw or piece.split(" ", 1)[0].lower() in ("how", "what")
        own = piece.endswith(("?", "？")) or _NUMBERED.match(piece) or "\n" in normalized or asks
        # "国有林？民有林？" is one either-or question: a short piece is no part of its own.
        short = len(piece) < _MIN_PART_CHARS and len(terms(piece)) < _MIN_PART_TERMS
        if merged and (short or not own):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    parts = tuple(
        p
        for p in merged
        if _beyond_small_talk([t for t in terms(p) if t not in QUESTION_FILLERS], vocab)
    )
    return parts if len(parts) > 1 else ()


def intent_words(words: Iterable[str], vocabulary: IntentVocabulary | None = None) -> set[str]:
    """The words that say how to answer rather than what about ("history", 実績, 一覧, "tell
    me about", greetings): they are no subject, so the corpus need not hold them."""
    vocab = vocabulary or IntentVocabulary.default()
    cues = (*vocab.list_cues, *vocab.overview, *vocab.greetings, *vocab.fillers)
    return {w for w in words if any(cue_holds(c, fold(w), (fold(w),)) for c in cues)}


def _names_listed_kind(folded: str, words: Sequence[str], vocab: IntentVocabulary) -> bool:
    """True when the question names a kind of document that comes as many dated items (an
    inspection, a case study): with a weak list cue ("which", 実績) it asks for the list."""
    return any(
        cue_holds(c, folded, words)
        for kind, cues in vocab.doc_kinds.items()
        if kind in vocab.listed_kinds
        for c in cues
    )


def _beyond_small_talk(content: Sequence[str], vocab: IntentVocabulary) -> bool:
    """True when a content term is left once greetings, "what can you do" and polite fillers
    are taken out."""
    small_talk = vocab.greetings + vocab.assistant + vocab.fillers
    return any(not any(_names_small_talk(c, fold(t)) for c in small_talk) for t in content)


def _names_small_talk(cue: str, term: str) -> bool:
    """True when a content term is (part of) a small-talk cue: "thanks", つかれ of おつかれ."""
    if not cue.isascii() and len(term) >= 2 and term in cue:
        return True
    # Content terms are stems ("thank", "help"): a cue's own terms meet them in that form.
    return cue_holds(cue, term, (term,)) or (cue.isascii() and term in _cue_terms(cue))


@functools.lru_cache(maxsize=4096)
def _cue_terms(cue: str) -> frozenset[str]:
    return frozenset(terms(cue))


def cue_holds(cue: str, folded: str, words: Sequence[str]) -> bool:
    """True when the folded question names the cue, or (for a long English one-word cue) a
    word of it is one edit away from the cue."""
    if cue.startswith("^"):
        head = folded.lstrip(" \t\n\"'「(（")
        return cue_holds(cue[1:], head[: len(cue) + 8], ())
    if not cue.isascii():
        return cue in folded
    # A short English cue is a whole word (plural allowed): "who" must not match "whole".
    end = r"(?:s|es)?\b" if len(cue.rsplit(" ", 1)[-1]) < _FUZZY_MIN_LEN else ""
    if re.search(r"\b" + re.escape(cue) + end, folded):
        return True
    if " " in cue or len(cue) < _FUZZY_MIN_LEN:
        return False
    return any(
        len(w) >= _FUZZY_MIN_LEN
        and abs(len(w) - len(cue)) <= 1
        and OSA.distance(w, cue, score_cutoff=1) <= 1
        for w in words
    )


def _named(groups: Mapping[str, tuple[str, ...]], folded: str, words: Sequence[str]) -> tuple:
    """The keys of the groups whose cues the question names."""
    return tuple(k for k, cues in groups.items() if any(cue_holds(c, folded, words) for c in cues))


def _cues(value: Any, *, source: str, key: str) -> tuple[str, ...]:
    """A validated, folded list of cue words."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ConfigError(
            f"intent cue file {source}: '{key}' must be a list of words, not {value!r}; "
            "write `- word` lines"
        )
    return tuple(fold(str(v)).strip() for v in value if str(v).strip())


def _mapping(
    value: Any, *, source: str, key: str, fold_: bool = True
) -> dict[str, tuple[str, ...]]:
    """A validated mapping of name to cue list."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            f"intent cue file {source}: '{key}' must map names to word lists, not "
            f"{type(value).__name__}; write `name: [word, 語]`"
        )
    if fold_:
        return {str(k): _cues(v, source=source, key=f"{key}.{k}") for k, v in value.items()}
    out = {}
    for k, v in value.items():
        if not isinstance(v, list):
            raise ConfigError(f"intent cue file {source}: '{key}.{k}' must be a list, not {v!r}")
        out[str(k)] = tuple(str(x) for x in v)
    return out


def _join(a: Mapping[Any, tuple[str, ...]], b: Mapping[Any, tuple[str, ...]]) -> dict:
    """Two cue mappings with the lists of shared keys appended."""
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, ()) + v
    return out


@functools.cache
def _default_vocabulary() -> IntentVocabulary:
    return IntentVocabulary.load(DEFAULT_INTENTS)


def build_intents(paths: Iterable[Path]) -> IntentVocabulary:
    """The shipped cues followed by those of each extra intent cue file."""
    return IntentVocabulary.merge(
        [IntentVocabulary.default(), *(IntentVocabulary.load(p) for p in paths)]
    )
