"""Bilingual cue groups: words that name the same thing in English and Japanese.

The extractive composer uses them where the glossary (names, modalities) cannot help:

- *label* groups meet what a question asks for with a record's label in either language
  ("How many staff…" ~ `従業員数: 340名`), see `CueVocabulary.asked_label_groups`;
- *term* groups (every label group is one too) score a sentence in the other language by
  the asked things it names (`CueMatcher`), and keep a question word that the hits hold in
  other words (工場 ~ plant) from counting as unknown (`CueVocabulary.translated_terms`).

The default groups ship in `assistant/data/cues.yaml`; a corpus adds its own in files of the
same form listed in `Settings.cue_paths` (`ASSISTANT_CUE_PATHS`). English cues match at the
start of a word ("approv" matches approved and approval), Japanese cues anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.config import read_listed_file
from assistant.errors import ConfigError
from assistant.text import fold, stem
from assistant.text.wordfile import load_words_yaml

DEFAULT_CUES = Path(__file__).resolve().parents[1] / "data" / "cues.yaml"
_SECTIONS = ("labels", "terms")

CueGroup = tuple[str, ...]


def _names_term(cue: str, term: str) -> bool:
    """True when a cue stands for a term: a word start for English, a substring for Japanese."""
    if cue.isascii():
        # A question's terms are stems ("revenue" -> revenu): a cue written as a whole word
        # names its stem's words too.
        return len(cue) >= 3 and (term.startswith(cue) or term.startswith(_stem_of(cue)))
    return cue in term or (len(term) >= 2 and term in cue)


@functools.lru_cache(maxsize=4096)
def _stem_of(cue: str) -> str:
    """The stem of a one-word cue (itself for a phrase, or a stem under 3 letters)."""
    if " " in cue:
        return cue
    found = stem(cue)
    return found if len(found) >= 3 else cue


@functools.lru_cache(maxsize=4096)
def _group_pattern(group: CueGroup) -> re.Pattern[str]:
    """One regex for a cue group, which a text matches when it names any of the group's cues
    (`names_cue`): English cues at a word start, Japanese ones anywhere."""
    parts = [r"\b" + re.escape(c) if c.isascii() else re.escape(c) for c in group]
    return re.compile("|".join(parts))


class CueMatcher:
    """The cue groups a question names, to ask how many of them a unit's text names."""

    def __init__(self, groups: Iterable[CueGroup], question_folded: str) -> None:
        patterns = (_group_pattern(tuple(g)) for g in groups)
        self._patterns = [p for p in patterns if p.search(question_folded)]

    def share(self, unit_folded: str) -> float:
        """Share of the question's cue groups the unit names, in either language: how much
        of what is asked an other-language sentence talks about."""
        if not self._patterns:
            return 0.0
        found = sum(1 for p in self._patterns if p.search(unit_folded))
        return found / len(self._patterns)


@dataclass(frozen=True)
class CueVocabulary:
    """Label and term cue groups; `terms` holds the label groups too."""

    labels: tuple[CueGroup, ...] = ()
    terms: tuple[CueGroup, ...] = ()
    # The label groups each record label names, found once per label (labels recur in
    # every question that retrieves their record); not part of the vocabulary's identity.
    _label_groups: dict[str, frozenset[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @classmethod
    def default(cls) -> CueVocabulary:
        """The groups shipped with the assistant (`assistant/data/cues.yaml`)."""
        return _default_vocabulary()

    @classmethod
    def load(cls, path: Path) -> CueVocabulary:
        """Read a cue file (see `from_yaml` for its form)."""
        text = read_listed_file(path, what="cue file", setting="ASSISTANT_CUE_PATHS")
        return cls.from_yaml(text, source=str(path))

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<cues>") -> CueVocabulary:
        """Parse `labels:` and `terms:`, each a list of groups of two or more words."""
        try:
            data = load_words_yaml(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"cue file {source} is not valid YAML: {exc}") from exc
        data = {} if data is None else data
        if not isinstance(data, dict) or not set(data) <= set(_SECTIONS):
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ConfigError(
                f"cue file {source} must be a mapping with the keys 'labels' and/or 'terms' "
                f"(found {found}); write `terms:` followed by lists such as `- [approv, 承認]`"
            )
        labels = _groups(data.get("labels"), source=source, section="labels")
        terms = _groups(data.get("terms"), source=source, section="terms")
        return cls(labels=labels, terms=terms + labels)

    @classmethod
    def merge(cls, vocabularies: Iterable[CueVocabulary]) -> CueVocabulary:
        """One vocabulary with the groups of all, in order."""
        labels: list[CueGroup] = []
        terms: list[CueGroup] = []
        for vocabulary in vocabularies:
            labels.extend(vocabulary.labels)
            terms.extend(vocabulary.terms)
        return cls(labels=tuple(labels), terms=tuple(terms))

    def asked_label_groups(self, label: str, question_folded: str) -> frozenset[int]:
        """The label groups (by position) that both a record label and the question name."""
        return self.label_groups(label) & self.question_label_groups(question_folded)

    def label_groups(self, label: str) -> frozenset[int]:
        """The label groups (by position) that a record label names (cached per label)."""
        found = self._label_groups.get(label)
        if found is None:
            found = self._label_groups[label] = self.question_label_groups(fold(label))
        return found

    def question_label_groups(self, folded: str) -> frozenset[int]:
        """The label groups (by position) that a folded text names: ask once per question."""
        return frozenset(
            number
            for number, group in enumerate(self.labels)
            if _group_pattern(group).search(folded)
        )

    def translated_terms(self, unknown: Sequence[str], hits_folded: str) -> set[str]:
        """Unknown question terms whose meaning the hits hold in other words: a term group
        names the term (工場, bought) and the hits' text names a cue of that group (plant, 買収)."""
        found = set()
        for term in unknown:
            for group in self.terms:
                if not any(_names_term(cue, term) for cue in group):
                    continue
                if _group_pattern(group).search(hits_folded):
                    found.add(term)
                    break
        return found

    def matcher(self, question_folded: str) -> CueMatcher:
        """The question's term groups, to score units by the asked things they name."""
        return CueMatcher(self.terms, question_folded)


@functools.cache
def _default_vocabulary() -> CueVocabulary:
    return CueVocabulary.load(DEFAULT_CUES)


def build_vocabulary(paths: Iterable[Path]) -> CueVocabulary:
    """The default groups followed by those of each extra cue file."""
    return CueVocabulary.merge([CueVocabulary.default(), *(CueVocabulary.load(p) for p in paths)])


def _groups(value: Any, *, source: str, section: str) -> tuple[CueGroup, ...]:
    """Validated, folded cue groups of one section."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(
            f"cue file {source}: '{section}' must be a list of groups, not "
            f"{type(value).__name__}; write each group as `- [word, 語]`"
        )
    groups = []
    for number, group in enumerate(value, start=1):
        words = group if isinstance(group, list) else None
        cues = tuple(fold(str(w)).strip() for w in words or [] if str(w).strip())
        if words is None or len(cues) < 2:
            raise ConfigError(
                f"cue file {source}: {section} group {number} is {group!r}; a group lists at "
                "least two words that name the same thing, such as `- [titer, 力価]`"
            )
        groups.append(cues)
    return tuple(groups)
