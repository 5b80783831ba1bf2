"""Which of the scored units to quote: the best one, then those nearly as good that add
something new, from as few sources (documents) as suffice.

`assistant.answer.scoring` scores every quotable unit of the hits; `pick_units` makes the greedy
choice over that ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.weights import WEIGHTS

W = WEIGHTS  # the floors below: assistant/answer/weights.py, with their measurements

# The asked group of a record label the question names in its own words ("List price").
NAMED_LABEL = -1


@dataclass(frozen=True)
class Unit:
    """A quotable piece of a hit: a sentence of prose or one `Label: value` record line."""

    hit_index: int
    start: int
    end: int
    terms: frozenset[str]
    order: int
    label: str | None = None
    score: float = 0.0
    similarity: float | None = None
    # For a record line, the cue label groups through which its label is what the question
    # asks for (manufacture ~ Manufactured: `CueVocabulary.asked_label_groups`).
    asked_groups: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ScoredUnits:
    """Every quotable unit of the hits with its score, best first, and what the pick needs:
    the question's term weights and, per hit, its title/section terms, language and doc id."""

    units: list[Unit]
    weights: dict[str, float]
    contexts: list[frozenset[str]]
    langs: list[str]
    docs: list[str]
    lang: str
    # Whether the question asks a number (a count, quantity or date).
    wants_number: bool = False


def pick_units(ranked: ScoredUnits, *, max_units: int) -> list[Unit]:
    """Greedy: the best unit, then units that are nearly as good and add something new.

    A source is a document: the chunks of one document count as one source.
    """
    scored, weights, contexts = ranked.units, ranked.weights, ranked.contexts
    langs, lang, docs = ranked.langs, ranked.lang, ranked.docs
    scored = _question_language_first(ranked)
    best = scored[0]
    chosen = [best]
    # What the answer already tells the reader: the chosen sentences and their sources' titles.
    covered = set(best.terms) | contexts[best.hit_index]
    sources = {docs[best.hit_index]}
    asked = set(best.asked_groups)  # the label groups the chosen record fields answer
    # The floors hold against the best-scored unit, which a twin may have displaced.
    leader = ranked.units[0]
    top = leader.score
    if best.label is not None and not best.asked_groups:
        # The best line names the record the question asks about ("Service: mAb drug
        # substance, 2,000 L GMP batch (Bengaluru)"); the record's asked field ("List price:
        # USD 1.45 million"), or for a number question its field holding a number (期限: 出荷後
        # 10年以上 for "How long do you keep GMP records?"), is the answer, whatever its score;
        # of a table of several rows, only the best line's row.
        rows = _table_rows([u for u in scored if u.hit_index == best.hit_index])
        for unit in scored[1:]:
            if (
                len(chosen) < max_units
                and unit.hit_index == best.hit_index
                and (unit.asked_groups or (ranked.wants_number and _holds_number(unit)))
                and rows.get(unit.order) == rows.get(best.order)
            ):
                chosen.append(unit)
                covered |= unit.terms
                asked |= unit.asked_groups
    for unit in scored[1:]:
        if unit in chosen:
            continue
        if len(chosen) == max_units or unit.score < W.top_source_floor * top:
            break
        # The top source may add more of its own sentences; other sources must be nearly as good.
        if docs[unit.hit_index] != docs[0] and unit.score < W.other_source_floor * top:
            continue
        if any(_near_duplicate(unit.terms, c.terms) for c in chosen):
            continue
        if (
            docs[unit.hit_index] not in sources
            and langs[unit.hit_index] != lang
            and langs[leader.hit_index] == lang
            and unit.score < W.other_lang_source_floor * top
        ):
            continue
        adds = {t for t in weights if t in unit.terms and t not in covered}
        # Another source must bring question terms the chosen sentences do not yet cover
        # (measured: also capping sources at two lost more answers than it gained precision).
        if docs[unit.hit_index] not in sources and not adds:
            continue
        # ... and a field of another record only when its label is what the question asks for:
        # "Manufactured: IgG1 and IgG4 …" does not answer "What aggregate level did the rescued
        # IgG4 antibody end up with?" though it names IgG4. Sample set: citation precision
        # .843 -> .855 at answer found .867; five answers lose a wrong extra source.
        if docs[unit.hit_index] not in sources and unit.label is not None and not unit.asked_groups:
            continue
        # Once the record field the question asks for leads, another field of that record is
        # quoted only when it adds an asked word: "What did the Maryland site manufacture?" no
        # longer quotes "Acquired from: the manufacturing subsidiary …" after "Manufactured:".
        # Sample set: answer found .861 unchanged, citation precision .838 -> .837, 14 answers
        # shorter (2.18 -> 2.08 quotes on average; "How many lots were shipped to Japan in
        # 2024?" quotes the 2024 line, not every year's).
        # A field asked for in other words than the chosen ones is a second asked thing
        # ("Which authority …, and what was the result?": Agency and Outcome); one asked in the
        # same words is a sibling value (the 2022 and 2023 lines after the asked 2024 one).
        if (
            best.asked_groups
            and unit.label is not None
            and unit.hit_index == best.hit_index
            and not (unit.asked_groups - asked)
            and not adds
        ):
            continue
        # A chosen document's next sentence often holds the asked figure without naming a
        # question word (always so in the other language): it needs 0.7 of the best score,
        # not 0.9 (answer acc. 0.786 -> 0.844; 0.8: 0.815; 0.6 and 0.5: 0.844 with longer
        # answers, 2.8 -> 3.1 quotes on average).
        if docs[unit.hit_index] in sources and not adds and unit.score < W.same_source_floor * top:
            continue
        chosen.append(unit)
        covered |= unit.terms | contexts[unit.hit_index]
        asked |= unit.asked_groups
        sources.add(docs[unit.hit_index])
    return chosen


def _question_language_first(ranked: ScoredUnits) -> list[Unit]:
    """The ranking, with the same record field in the question's language put first when an
    other-language field leads: "Manufactured: Monoclonal antibodies …" before
    "製造実績: …モノクローナル抗体…" for "What did the Maryland site manufacture?". The
    twin answers the same asked label group and is nearly as good as the leader (within the
    other-source floor, so another site's field, scored down by the scope, does not qualify)."""
    scored, langs, lang = ranked.units, ranked.langs, ranked.lang
    best = scored[0]
    if langs[best.hit_index] == lang or not best.asked_groups:
        return scored
    twins = [
        unit
        for unit in scored[1:]
        if unit.score >= W.other_source_floor * best.score
        and langs[unit.hit_index] == lang
        and unit.asked_groups & best.asked_groups
    ]
    if not twins:
        return scored
    # Of several, the one with the leader's figures ("Staff: 340" for 従業員数: 340名, not
    # "Staff at acquisition: 310"); figures read the same in both languages.
    figures = {t for t in best.terms if any(c.isdigit() for c in t)}
    twin = max(twins, key=lambda u: (len(figures & u.terms), u.score))
    return [twin, *(u for u in scored if u is not twin)]


def _holds_number(unit: Unit) -> bool:
    return any(ch.isdigit() for term in unit.terms for ch in term)


def _table_rows(units: list[Unit]) -> dict[int, int]:
    """Each record line's row (by its order in the chunk): a chunk of several table rows
    ("事項: GMP記録の保管 / 期限: 出荷後10年以上 / 事項: …") starts a row at each line that bears
    its first line's label; a chunk of one record is one row."""
    lines = sorted((u for u in units if u.label is not None), key=lambda u: u.order)
    if not lines:
        return {}
    key, row, rows = lines[0].label, -1, {}
    for unit in lines:
        if unit.label == key:
            row += 1
        rows[unit.order] = row
    return rows


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) > W.same_terms
