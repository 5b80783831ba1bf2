"""What a question names as its subject: sites, modalities, code names, document kinds,
regulators, countries, the company, times, and (lowest in rank) other glossary topics.

`find_subjects` is the one subject extractor: `understand` (assistant.question.understanding)
calls it once per question and keeps the result as `Question.subjects`; the typed fields of a
`Question` (modalities, document kinds, years, months) and follow-up resolution
(assistant.question.followup) read those subjects. Subjects are glossary entries whose names
include an indexed site or modality (`SubjectKinds`), site and modality ids themselves, the
modality and document-kind cue words of the intent vocabulary (assistant/data/intents.yaml),
program or case-study code names (TANCHO-9, Project SUZURAN-7), the company, countries and
regulators of assistant/data/followup.yaml, and years or months (`assistant.question.time`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz.distance import OSA

from assistant.question.followup_cues import FollowupCues, LangCues
from assistant.question.time import time_spans
from assistant.question.words import QUESTION_FILLERS
from assistant.text import (
    fold,
    index_terms,
    japanese_place_names,
    japanese_word_spans,
    normalize,
    terms,
)
from assistant.text.glossary import Glossary, GlossaryEntry

# Word edges for ASCII words that also hold next to Japanese text ("SUZURAN-7の").
_A, _Z = r"(?<![A-Za-z0-9_'-])", r"(?![A-Za-z0-9_-])"
# A fiscal year (FY2024) is a time, not a code name.
_NAME = re.compile(
    rf"{_A}(?!FY\s?(?:19|20)\d\d{_Z})"
    rf"(?:(?:[Pp]roject\s+)?[A-Z][A-Za-z]{{2,}}-\d+[A-Za-z]?|[A-Z]{{2,}}\d+[A-Za-z]?){_Z}"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# Parts of speech of a Japanese compound noun's pieces (変更 + 通知, 非 + 臨床).
_COMPOUND_POS = frozenset({"名詞", "接頭辞", "接尾辞"})
# An English cue word this long or longer also matches a word one edit away (a typo), and
# matches at a word start ("inspect" in "inspections"); shorter ones are whole words. The one
# setting for cue words (`understanding.cue_holds` reads it too).
FUZZY_MIN_LEN = 5

# Subject kinds, in the order they win an overlap.
NAME, SITE, MODALITY, DOC_KIND = "name", "site", "modality", "doc_kind"
COMPANY, REGION, REGULATOR, TIME, TOPIC = "company", "region", "regulator", "time", "topic"


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


class CorpusTerms(Protocol):
    """What the indexed corpus a reader may see says of terms (the lexical index at one
    audience ceiling): follow-up resolution asks whether a word goes with a subject."""

    def frequency(self, term: str) -> int:
        """How many chunks hold `term`."""
        ...

    def co_occur(self, first: Iterable[str], second: Iterable[str]) -> bool:
        """True when a chunk holds a term of `first` and one of `second`."""
        ...


@dataclass(frozen=True)
class SubjectContext:
    """What tells a subject in a question: the glossary, the index's ids and the cue words,
    and (for follow-ups) the reader's corpus. The default (no glossary, no index) still finds
    cue-word, code-name and time subjects."""

    glossary: Glossary = field(default_factory=Glossary)
    kinds: SubjectKinds = field(default_factory=SubjectKinds)
    cues: FollowupCues = field(default_factory=FollowupCues.default)
    corpus: CorpusTerms | None = None


@dataclass(frozen=True)
class Subject:
    """A subject a question names: its kind, its text and span there, its glossary entry and
    its key (a site or modality id, a document kind, a year "2023" or month "2023-05")."""

    kind: str
    text: str
    start: int
    end: int
    entry: GlossaryEntry | None = None
    key: str = ""

    def terms(self) -> frozenset[str]:
        """Its lexical terms, with those of every glossary name and its key."""
        found = set(terms(self.text)) | set(terms(self.key))
        for phrase in self.entry.phrases if self.entry else ():
            found.update(index_terms(phrase))
        return frozenset(found)

    def shifted(self, offset: int) -> Subject:
        """The same subject in a text that starts `offset` characters later."""
        return Subject(
            self.kind, self.text, self.start - offset, self.end - offset, self.entry, self.key
        )


def word_pattern(word: str) -> str:
    """A whole-word pattern for ASCII words, a plain substring otherwise."""
    escaped = re.escape(word)
    return rf"{_A}{escaped}(?:e?s)?{_Z}" if word.isascii() else escaped


def find_all(text: str, word: str) -> Iterable[re.Match[str]]:
    """Every whole-word (ASCII) or substring (Japanese) match of `word` in `text`."""
    return re.finditer(word_pattern(word), text, flags=re.IGNORECASE)


def cue_spans(cue: str, text: str) -> Iterator[tuple[int, int]]:
    """Spans of an intent-vocabulary cue word (folded) in `text`: Japanese anywhere; English
    at a word start, a short cue as a whole word (plural allowed), a long one-word cue also as
    a word one edit away ("inspecton")."""
    if not cue.isascii():
        for match in re.finditer(re.escape(cue), text, flags=re.IGNORECASE):
            yield match.start(), match.end()
        return
    short = len(cue.rsplit(" ", 1)[-1]) < FUZZY_MIN_LEN
    end = r"(?:s|es)?\b" if short else r"[\w-]*"
    exact = list(re.finditer(r"\b" + re.escape(cue) + end, text, flags=re.IGNORECASE))
    for match in exact:
        yield match.start(), match.end()
    if exact or " " in cue or short:
        return
    for word in _WORD.finditer(text):
        w = word.group(0).casefold()
        if (
            len(w) >= FUZZY_MIN_LEN
            and abs(len(w) - len(cue)) <= 1
            and OSA.distance(w, cue, score_cutoff=1) <= 1
        ):
            yield word.start(), word.end()


def find_subjects(
    text: str,
    *,
    lang: str,
    context: SubjectContext,
    modalities: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[Subject, ...]:
    """The subjects `text` (NFKC-normalized) names, in text order, spans not overlapping
    (earlier kinds win, then the longer span); glossary entries of no subject kind come as
    kind "topic" (PPQ, containment) where no other subject overlaps them. `modalities` maps
    a modality key to its cue words (the intent vocabulary); a modality subject's key is
    that key when one of its cues names it, else the index id."""
    modalities = modalities or {}
    cues = context.cues.of(lang)
    kinds = context.kinds
    found: list[Subject] = [
        Subject(NAME, m.group(0), m.start(), m.end(), key=m.group(0)) for m in _NAME.finditer(text)
    ]
    topics: list[Subject] = []
    for entry in context.glossary.matches(text, terms(text)):
        names = {fold(p) for p in entry.phrases}
        site = sorted(names & kinds.sites)
        modality = sorted(names & kinds.modalities)
        kind, key = (
            (SITE, site[0]) if site else (MODALITY, modality[0]) if modality else (TOPIC, "")
        )
        spans = (
            next(((m.start(), m.end()) for m in find_all(text, normalize(p))), None)
            for p in sorted(entry.phrases, key=len, reverse=True)
        )
        named = next((s for s in spans if s is not None), None)
        if named is None and kind != TOPIC:  # a site's or modality's name, not a topic word
            named = _stem_span(text, entry)
        if named is not None:
            subject = Subject(kind, text[named[0] : named[1]], *named, entry, key)
            (topics if kind == TOPIC else found).append(subject)
    for kind, words in (
        (SITE, sorted(kinds.sites, key=len, reverse=True)),
        (MODALITY, sorted(kinds.modalities, key=len, reverse=True)),
    ):
        for word in words:
            found.extend(
                Subject(kind, m.group(0), m.start(), m.end(), key=word)
                for m in find_all(text, word)
            )
    for key, group in modalities.items():
        for cue in sorted(group, key=len, reverse=True):
            found.extend(
                Subject(MODALITY, text[start:end], start, end, key=key)
                for start, end in cue_spans(cue, text)
            )
    found.extend(_cue_subjects(text, cues))
    if lang == "ja":
        found.extend(_place_subjects(text, cues))
    for span in time_spans(text):
        key = f"{span.year}" if span.month is None else f"{span.year}-{span.month:02d}"
        found.append(Subject(TIME, text[span.start : span.end], span.start, span.end, key=key))
    kept: list[Subject] = []
    # Earlier-found kinds win an overlap (a code name over a year), then the longer span;
    # a topic only takes a span no subject holds.
    for subject in [*found, *topics]:
        if not any(s.start < subject.end and subject.start < s.end for s in kept):
            kept.append(subject)
    return tuple(sorted((_keyed(s, modalities) for s in kept), key=lambda s: s.start))


def _stem_span(text: str, entry: GlossaryEntry) -> tuple[int, int] | None:
    """The span of a word whose stem is that of a one-word English name of the entry: the
    glossary meets a question by its terms, so "baltimor" (a letter short) names Baltimore,
    though no name is written whole. Read for sites and modalities only: for a topic entry
    it would make a verb a subject ("inspected" ~ inspection)."""
    stems = {tuple(terms(p)) for p in entry.en if len(p.split()) == 1}
    for match in _WORD.finditer(text):
        if tuple(terms(match.group(0))) in stems:
            return match.start(), match.end()
    return None


def _keyed(subject: Subject, modalities: Mapping[str, tuple[str, ...]]) -> Subject:
    """A glossary or id modality under the vocabulary's key when a cue names it (oligo ->
    oligonucleotide), so `Question.modalities` holds one kind of key."""
    if subject.kind != MODALITY or subject.key in modalities:
        return subject
    for key, group in modalities.items():
        if any(True for cue in group for _ in cue_spans(cue, subject.text)):
            return Subject(MODALITY, subject.text, subject.start, subject.end, subject.entry, key)
    return subject


def _cue_subjects(text: str, cues: LangCues) -> Iterator[Subject]:
    """Document kinds, the company, countries and regulators named by the follow-up cue words
    (followup.yaml)."""
    for kind, words in (
        (DOC_KIND, cues.doc_kinds),
        (COMPANY, cues.own_subject),
        (REGION, cues.regions),
        (REGULATOR, cues.regulators),
    ):
        for word in words:
            for match in find_all(text, word):
                if kind == REGION and text[match.end() :].startswith(cues.not_after_region):
                    continue  # 日本語, 日本人: a language or people, not the country
                yield Subject(kind, match.group(0), match.start(), match.end(), key=fold(word))


def _place_subjects(text: str, cues: LangCues) -> Iterator[Subject]:
    """Places a Japanese question names that neither the glossary nor the index's ids know:
    place names (焼津, ニュージャージー拠点) and an ASCII name before a place word (T2棟)."""
    for name in dict.fromkeys(japanese_place_names(text)):
        for match in re.finditer(re.escape(name), text):
            if not text[match.end() :].startswith(cues.not_after_region):
                yield Subject(SITE, name, match.start(), match.end())
    for word in cues.place_words:
        pattern = r"(?<![A-Za-z0-9])([A-Z0-9][A-Za-z0-9-]*)\s?" + re.escape(word)
        for match in re.finditer(pattern, text):
            yield Subject(SITE, match.group(1), match.start(1), match.end(1))


def asked_topic(
    text: str, *, lang: str, found: Iterable[Subject], cues: LangCues
) -> Subject | None:
    """What a question asks about beyond its subjects: its first run of content words outside
    its subjects (a glossary topic may be part of it) and the company ("change notification
    commitments" of "What are your change notification commitments?"), as a topic; None when
    it has none."""
    taken = [(s.start, s.end) for s in found if s.kind != TOPIC]
    own = {fold(w) for w in cues.own_subject}
    runs: list[list[tuple[int, int]]] = [[]]
    for start, end, word in _words(text, lang):
        content = (
            fold(word) not in own
            and not any(a < end and start < b for a, b in taken)
            and any(t not in QUESTION_FILLERS for t in terms(word))
        )
        joined = runs[-1] and not text[runs[-1][-1][1] : start].strip()
        if content and joined:
            runs[-1].append((start, end))
        elif content:
            runs.append([(start, end)])
        elif runs[-1]:
            runs.append([])
    first = next((run for run in runs if run), None)
    if first is None:
        return None
    start, end = first[0][0], first[-1][1]
    return Subject(TOPIC, text[start:end], start, end)


def _words(text: str, lang: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each English word, or Japanese compound-noun piece (other
    Japanese words break a run: they come as a word with no content)."""
    if lang != "ja":
        for match in _WORD.finditer(text):
            yield match.start(), match.end(), match.group(0)
        return
    for start, end, surface, pos in japanese_word_spans(text):
        yield start, end, surface if pos in _COMPOUND_POS else ""
