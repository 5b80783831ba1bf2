"""The bilingual glossary: the bridge that lets a Japanese question find English evidence.

A glossary is YAML of the form::

    terms:
      - en: [ADC, antibody-drug conjugate]
        ja: [抗体薬物複合体, ADC]

When a query mentions any phrase of an entry, the lexical terms of every other phrase of that
entry join the query, so `メリーランド` also searches for `maryland` and `baltimore`. Any corpus
may bring its own: ingestion stores a `glossary.yaml` found at a corpus root in the index, and
`Settings.glossary_paths` can add more files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.config import read_listed_file
from assistant.errors import ConfigError
from assistant.text import fold, index_terms, terms
from assistant.text.wordfile import load_words_yaml

GLOSSARY_FILE = "glossary.yaml"
_HAS_JA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept with its names in English and Japanese."""

    en: tuple[str, ...]
    ja: tuple[str, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every name of the concept, both languages."""
        return self.en + self.ja


@dataclass(frozen=True)
class _Phrase:
    entry: int
    folded: str
    terms: frozenset[str]
    japanese: bool


class Glossary:
    """Bilingual entries with a fast `expand(query, query_terms)` for the lexical leg."""

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        self._phrases: list[_Phrase] = []
        self._entry_terms: list[list[str]] = []
        for number, entry in enumerate(self.entries):
            entry_terms: list[str] = []
            for phrase in entry.phrases:
                phrase_terms = terms(phrase)
                entry_terms.extend(t for t in index_terms(phrase) if t not in entry_terms)
                if phrase_terms:
                    self._phrases.append(
                        _Phrase(
                            entry=number,
                            folded=fold(phrase),
                            terms=frozenset(phrase_terms),
                            japanese=bool(_HAS_JA.search(phrase)),
                        )
                    )
            self._entry_terms.append(entry_terms)

    def __len__(self) -> int:
        """Number of entries."""
        return len(self.entries)

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "glossary") -> Glossary:
        """Parse glossary YAML; errors name the source and the entry that is wrong."""
        try:
            data = load_words_yaml(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source}: not valid YAML ({exc})") from exc
        items = data.get("terms") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ConfigError(
                f"{source}: expected a top-level 'terms:' list of entries like "
                "{en: [ADC, antibody-drug conjugate], ja: [抗体薬物複合体]}"
            )
        entries = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ConfigError(f"{source}: entry {number} is not a mapping with 'en' and 'ja'")
            en, ja = _names(item.get("en")), _names(item.get("ja"))
            if not en or not ja:
                raise ConfigError(
                    f"{source}: entry {number} ({item!r}) needs at least one 'en' and one 'ja' name"
                )
            entries.append(GlossaryEntry(en=en, ja=ja))
        return cls(entries)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read a glossary file."""
        text = read_listed_file(path, what="glossary", setting="ASSISTANT_GLOSSARY_PATHS")
        return cls.from_yaml(text, source=str(path))

    @classmethod
    def merge(cls, glossaries: Iterable[Glossary]) -> Glossary:
        """One glossary holding the entries of all."""
        return cls(entry for glossary in glossaries for entry in glossary.entries)

    def matches(self, query: str, query_terms: Iterable[str]) -> list[GlossaryEntry]:
        """Entries the query mentions: Japanese names by substring, others by all their terms."""
        return [self.entries[i] for i in self._matched(query, set(query_terms))]

    def expand(self, query: str, query_terms: Iterable[str]) -> list[str]:
        """Lexical terms of every name of each mentioned entry that the query lacks."""
        present = list(query_terms)
        seen = set(present)
        extra: list[str] = []
        for number in self._matched(query, seen):
            for term in self._entry_terms[number]:
                if term not in seen:
                    seen.add(term)
                    extra.append(term)
        return extra

    def bridge(self, query: str, query_terms: Iterable[str], *, lang: str) -> list[str]:
        """Names in the other language (en for a ja query, ja for an en query) of each entry
        the query mentions, for embedding a bridged form of the question."""
        folded = fold(query)
        names: list[str] = []
        for number in self._matched(query, set(query_terms)):
            entry = self.entries[number]
            for name in entry.en if lang == "ja" else entry.ja:
                if fold(name) not in folded and name not in names:
                    names.append(name)
        return names

    def _matched(self, query: str, present: set[str]) -> list[int]:
        folded = fold(query)
        found: list[int] = []
        for phrase in self._phrases:
            if phrase.entry in found:
                continue
            if phrase.folded in folded if phrase.japanese else phrase.terms <= present:
                found.append(phrase.entry)
        return found


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str | int | float) else value
    if not isinstance(values, list):
        return ()
    return tuple(str(v).strip() for v in values if str(v).strip())
