"""The intent vocabulary: cue words of intents, answer types, document kinds and modalities,
read from assistant/data/intents.yaml and the files a corpus adds (`Settings.intent_paths`)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from assistant.config import read_listed_file
from assistant.errors import ConfigError
from assistant.text import fold
from assistant.text.wordfile import load_words_yaml

DEFAULT_INTENTS = Path(__file__).resolve().parents[1] / "data" / "intents.yaml"


class AnswerType(StrEnum):
    """What a fact question's answer must hold."""

    COUNT = "count"
    QUANTITY = "quantity"
    DATE = "date"
    ENTITY = "entity"
    YES_NO = "yes_no"
    OTHER = "other"


@dataclass(frozen=True)
class IntentVocabulary:
    """The cue words of each intent, answer type, document kind and modality."""

    greetings: tuple[str, ...] = ()
    closings: tuple[str, ...] = ()
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
    # Words that name the class of the index's modalities ("modalities", モダリティ).
    modality_class: tuple[str, ...] = ()
    # Words that make the company itself the subject ("your company", 御社), and title words
    # of a document about the whole company ("Company brochure", 会社概要, "at a glance").
    company: tuple[str, ...] = ()
    company_titles: tuple[str, ...] = ()

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
            data = load_words_yaml(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"intent cue file {source} is not valid YAML: {exc}") from exc
        allowed = {
            "greetings",
            "closings",
            "fillers",
            "assistant",
            "list",
            "overview",
            "answer_types",
        }
        allowed |= {"list_weak", "listed_kinds", "doc_kinds", "modalities", "examples"}
        allowed |= {"modality_class", "company", "company_titles"}
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
            closings=_cues(data.get("closings"), source=source, key="closings"),
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
            modality_class=_cues(data.get("modality_class"), source=source, key="modality_class"),
            company=_cues(data.get("company"), source=source, key="company"),
            company_titles=_cues(data.get("company_titles"), source=source, key="company_titles"),
        )

    @classmethod
    def merge(cls, vocabularies: Iterable[IntentVocabulary]) -> IntentVocabulary:
        """One vocabulary holding every cue of all, in order."""
        merged = cls()
        for v in vocabularies:
            merged = cls(
                greetings=merged.greetings + v.greetings,
                closings=merged.closings + v.closings,
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
                modality_class=merged.modality_class + v.modality_class,
                company=merged.company + v.company,
                company_titles=merged.company_titles + v.company_titles,
            )
        return merged


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
