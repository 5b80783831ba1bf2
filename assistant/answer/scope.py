"""Which place and month a question asks about, and which sources speak for them.

A question about one site ("How many staff does the Bangalore site have?") is not answered by
another site's page, nor by a company-wide total ("Total staff: 2369"); a question about the
whole company (「御社全体の従業員数は？」) is not answered by one site's headcount. The
composer's other signals cannot tell these apart, because the wrong sources use the asked words
as well as the right one does: `QuestionScope.factor` lowers the score of units from sources of
the wrong scope.

Sites are the `site` metadata of the retrieved chunks. The question names a site by its id, by
any name of a glossary entry that holds the id ([Bengaluru, Bangalore, ベンガルール,
バンガロール]; the retriever passes the names of each entry the question mentions,
`Retrieval.mentions`), or by a Japanese name whose romanized reading is the id (焼津 ->
`yaizu`, for a corpus without a glossary).

A question that names a month ("What did PMDA observe at Baltimore in June 2025?",
「2025年3月のFDA承認前査察」) asks about an event of that month: a source dated that month (an
inspection record, a news release) earns `QuestionScope.bonus`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.evidence import ANSWER_CUES
from assistant.answer.weights import WEIGHTS
from assistant.question.time import asked_months
from assistant.text import fold, names_cue
from assistant.text.terms import name_readings
from assistant.types import Hit

# Cues that a question asks about the company as a whole, not one of its sites.
_COMPANY_CUES = tuple(ANSWER_CUES["company_wide"])


def asks_company_wide(question_folded: str) -> bool:
    """True when the question asks about the whole company (全社, "across all sites")."""
    return any(names_cue(question_folded, cue) for cue in _COMPANY_CUES)


def _names_any(folded: str, names: frozenset[str]) -> bool:
    """True when folded text holds one of the names (English ones as whole words)."""
    for name in names:
        if name.isascii():
            if _word_pattern(name).search(folded):
                return True
        elif name in folded:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _word_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word (compiled once per name, not per unit)."""
    return re.compile(r"\b" + re.escape(name) + r"\b")


def _read_as(site: str, readings: frozenset[str]) -> bool:
    """True when the romanized readings of a question's Japanese names spell a site id: a
    corpus without a glossary names 焼津工場 in the question and `yaizu` in its metadata."""
    parts = [p for p in re.split(r"[_\-\s]+", site) if p]
    return bool(parts) and all(p in readings for p in parts)


@dataclass(frozen=True)
class QuestionScope:
    """The sites a question names (and all their names), whether it asks company-wide, and
    the months it names."""

    named: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    company_wide: bool = False
    months: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(
        cls,
        question_folded: str,
        hits: Sequence[Hit],
        mentions: Sequence[frozenset[str]] = (),
        *,
        sites: Sequence[str] = (),
    ) -> QuestionScope:
        """The scope of a question over the sites its hits belong to and `sites` (the reader's
        visible sites: a question names one though no hit is of it); `mentions` holds the
        folded names of each glossary entry the question mentions."""
        known = {str(s) for hit in hits if (s := hit.chunk.metadata.get("site"))} | set(sites)
        named: set[str] = set()
        names: set[str] = set()
        read = frozenset(name_readings(question_folded))
        for site in known:
            groups = [group for group in mentions if site in group]
            if (
                groups
                or re.search(r"\b" + re.escape(site), question_folded)
                or _read_as(site, read)
            ):
                named.add(site)
                names.add(site)
                names.update(*groups)
        return cls(
            frozenset(named),
            frozenset(names),
            asks_company_wide(question_folded),
            asked_months(question_folded),
        )

    def factor(self, hit: Hit, unit_text: str, *, folded: str | None = None) -> float:
        """What share of its score a unit of `hit` (saying `unit_text`, `folded` when the
        caller holds it folded already) keeps.

        - The question names a site: another site's source keeps half; so does a company-level
          source (no `site`) unless the unit itself names the site or the question also asks
          company-wide ("after the Baltimore expansion, what is the company's capacity?").
        - The question asks company-wide and names no site: a site's source keeps half.
        """
        site = hit.chunk.metadata.get("site")
        if self.named:
            if site:
                return 1.0 if str(site) in self.named else WEIGHTS.out_of_scope
            if self.company_wide:
                return 1.0
            if _names_any(fold(unit_text) if folded is None else folded, self.names):
                return 1.0
            return WEIGHTS.out_of_scope
        if self.company_wide and site:
            return WEIGHTS.out_of_scope
        return 1.0

    def elsewhere(self, hit: Hit) -> bool:
        """True for a chunk of another site's source that names no asked site, in its text or
        title: 「ベンガルール拠点の従業員数は？」 is never answered by Baltimore's 従業員数: 340名.
        A chunk that names the site is read (a profile filed under one site whose capacity
        table has a row per site)."""
        site = hit.chunk.metadata.get("site")
        if not self.named or not site or str(site) in self.named:
            return False
        return not _names_any(fold(f"{hit.chunk.title}\n{hit.chunk.text}"), self.names)

    def bonus(self, hit: Hit) -> float:
        """What a unit of `hit` earns for a source dated in a month the question names."""
        date = str(hit.chunk.metadata.get("date") or "")
        match = re.match(r"(\d{4})-(\d{2})", date)
        if match and (int(match[1]), int(match[2])) in self.months:
            return WEIGHTS.dated
        return 0.0
