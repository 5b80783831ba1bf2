"""What a question names as its subject: sites, modalities, code names, regulators, kinds, times.

Subjects are glossary entries whose names include an indexed site or modality
(`SubjectKinds`), site and modality ids themselves, program or case-study code names
(TANCHO-9, Project SUZURAN-7), document kinds and years or months. Follow-up resolution
(`assistant.question.followup`) compares the subjects of two turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.question.followup_cues import LangCues
from assistant.text import fold, normalize, terms
from assistant.text.glossary import Glossary, GlossaryEntry

# Word edges for ASCII words that also hold next to Japanese text ("SUZURAN-7の").
_A, _Z = r"(?<![A-Za-z0-9_'-])", r"(?![A-Za-z0-9_-])"
_NAME = re.compile(
    rf"{_A}(?:(?:[Pp]roject\s+)?[A-Z][A-Za-z]{{2,}}-\d+[A-Za-z]?|[A-Z]{{2,}}\d+[A-Za-z]?){_Z}"
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TIME = (
    re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?(?:度)?"),
    re.compile(rf"{_A}(?:{_MONTHS})\s+(?:19|20)\d\d{_Z}", re.IGNORECASE),
    re.compile(rf"{_A}(?:FY\s?)?(?:19|20)\d\d{_Z}"),
)


@dataclass(frozen=True)
class SubjectKinds:
    """The site and modality ids of the index, which tell a subject from a topic word."""

    sites: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()

    @classmethod
    def of(cls, sites: Iterable[str], modalities: Iterable[str]) -> SubjectKinds:
        """Kinds from facet values ("small_molecule" also matches "small molecule")."""
        return cls(frozenset(_ids(sites)), frozenset(_ids(modalities)))


def _ids(values: Iterable[str]) -> set[str]:
    return {v for value in values if value for v in (fold(value), fold(value.replace("_", " ")))}


@dataclass(frozen=True)
class Subject:
    """A subject a question names: its kind, its text and span there, its glossary names."""

    kind: str
    text: str
    start: int
    end: int
    entry: GlossaryEntry | None = None


def word_pattern(word: str) -> str:
    """A whole-word pattern for ASCII words, a plain substring otherwise."""
    escaped = re.escape(word)
    return rf"{_A}{escaped}(?:e?s)?{_Z}" if word.isascii() else escaped


def find_all(text: str, word: str) -> Iterable[re.Match[str]]:
    return re.finditer(word_pattern(word), text, flags=re.IGNORECASE)


def subjects(
    text: str, *, glossary: Glossary, kinds: SubjectKinds, cues: LangCues, topics: bool = False
) -> list[Subject]:
    """The subjects `text` (NFKC-normalized) names, in text order, spans not overlapping;
    with `topics`, the other glossary entries it names too (kind "topic": PPQ, containment)."""
    found: list[Subject] = [
        Subject("name", m.group(0), m.start(), m.end()) for m in _NAME.finditer(text)
    ]
    for entry in glossary.matches(text, terms(text)):
        names = {fold(p) for p in entry.phrases}
        kind = "site" if names & kinds.sites else "modality" if names & kinds.modalities else None
        if kind is None and not topics:
            continue
        for phrase in sorted(entry.phrases, key=len, reverse=True):
            match = next(iter(find_all(text, normalize(phrase))), None)
            if match:
                found.append(
                    Subject(kind or "topic", match.group(0), match.start(), match.end(), entry)
                )
                break
    for kind, words in (
        ("site", sorted(kinds.sites, key=len, reverse=True)),
        ("modality", sorted(kinds.modalities, key=len, reverse=True)),
        ("doc_kind", cues.doc_kinds),
        ("company", cues.own_subject),
        ("region", cues.regions),
        ("regulator", cues.regulators),
    ):
        for word in words:
            for match in find_all(text, word):
                found.append(Subject(kind, match.group(0), match.start(), match.end()))
    for pattern in _TIME:
        found.extend(
            Subject("time", m.group(0), m.start(), m.end()) for m in pattern.finditer(text)
        )
    kept: list[Subject] = []
    # Earlier-found kinds win an overlap (a code name over a year), then the longer span.
    for subject in found:
        if not any(s.start < subject.end and subject.start < s.end for s in kept):
            kept.append(subject)
    return sorted(kept, key=lambda s: s.start)
