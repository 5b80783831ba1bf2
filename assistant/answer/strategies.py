"""Answer strategies by intent: the step between retrieval and the answer text.

`Strategist.answer` reads the understood `Question` (`assistant.question.understanding`)
and answers it:

- **chitchat** (a greeting, "?", 🤔, "what can you do"): a greeting in the answer language,
  what the assistant answers, and three example questions built from the reader's visible
  index (its sites and modalities). Nothing is retrieved, nothing quoted, no gap logged.
- **multi-part**: each part is answered on its own (retrieved and composed), abstaining per
  part; the answers are joined with their citations renumbered.
- **list**: every matching visible record, one cited line each (assistant/answer/listing.py), when
  the corpus holds such a list; else as a fact.
- **fact** and **overview**: the composer (assistant/answer/extractive.py) quotes the best units.

Evidence is always chosen in the question's own language; the answer language (`lang`, such
as a Japanese UI's) only frames the answer: its lead line and messages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.answer_types import (
    hits_of_years,
    holds_asked_number,
    speaks_of_years,
    wrong_kind,
)
from assistant.answer.chitchat import chitchat_answer
from assistant.answer.composer import Composer, Composition
from assistant.answer.extractive import ExtractiveComposer, abstention, reframe
from assistant.answer.listing import ListConfig, list_answer
from assistant.answer.overview import OverviewConfig, overview_answer
from assistant.answer.parts import join_parts, joined_pieces
from assistant.answer.sites import asks_for_sites, sites_answer, visible_facets
from assistant.question.subjects import NAME, SITE, SubjectContext
from assistant.question.understanding import (
    Intent,
    IntentVocabulary,
    Question,
    asks_about_company,
    cue_holds,
    intent_words,
    understand,
)
from assistant.retrieval.hybrid import HybridRetriever, Retrieval
from assistant.store.chroma import ChromaStore
from assistant.text import fold
from assistant.text.labels import readable_label
from assistant.types import Audience, Chunk, Hit, SearchFilters


@dataclass(frozen=True)
class StrategyConfig:
    """Sizes of the intent strategies."""

    # Example questions in a chitchat answer (issue 16 asks for 3).
    examples: int = 3
    # At most this many parts of a multi-part question are answered (one retrieval each).
    max_parts: int = 6
    listing: ListConfig = ListConfig()
    overview: OverviewConfig = OverviewConfig()


@dataclass(frozen=True)
class Outcome:
    """A strategy's answer, the hits it read, and the retrieval it ran (None for chitchat)."""

    composition: Composition
    hits: list[Hit]
    retrieval: Retrieval | None
    # Time spent after retrieval: composing, listing, framing (summed over parts).
    compose_ms: float = 0.0


class Strategist:
    """Answers an understood question by the strategy for its intent."""

    def __init__(
        self,
        *,
        composer: Composer,
        retriever: HybridRetriever,
        store: ChromaStore,
        intents: IntentVocabulary | None = None,
        config: StrategyConfig | None = None,
    ) -> None:
        self.composer = composer
        self.retriever = retriever
        self.store = store
        self.intents = intents or IntentVocabulary.default()
        self.config = config or StrategyConfig()
        # The documents of each listed kind, read once per index generation (listing.py).
        self._documents: dict[tuple[object, ...], dict[str, list[Chunk]]] = {}
        # The visible sites and modalities, read once per snapshot and audience ceiling.
        self._facets: dict[tuple[str, int, int], tuple[list[str], list[str]]] = {}

    def answer(
        self,
        question: Question,
        *,
        lang: str,
        audience: Audience,
        k: int,
        filters: SearchFilters | None = None,
        context: SubjectContext | None = None,
        continued: bool = False,
    ) -> Outcome:
        """The answer to `question` in `lang` for a reader at `audience`; `context` (the
        index's glossary and ids) tells the subjects of each part of a multi-part question;
        `continued` says earlier turns came before it."""
        if question.intent is Intent.CHITCHAT:
            t0 = time.perf_counter()
            composition = self.chitchat(question, lang=lang, audience=audience, continued=continued)
            return Outcome(composition, [], None, (time.perf_counter() - t0) * 1000)
        if question.is_multi_part:
            return self._multi_part(
                question, lang=lang, audience=audience, k=k, filters=filters, context=context
            )
        outcome = self._single(question, lang=lang, audience=audience, k=k, filters=filters)
        pieces = joined_pieces(question.normalized) if question.intent is Intent.LIST else None
        if pieces is None:
            return outcome
        return self._listed_pieces(
            outcome,
            pieces,
            lang=lang,
            audience=audience,
            k=k,
            filters=filters,
            context=context,
        )

    def _listed_pieces(
        self,
        whole: Outcome,
        pieces: tuple[str, str],
        *,
        lang: str,
        audience: Audience,
        k: int,
        filters: SearchFilters | None,
        context: SubjectContext | None,
    ) -> Outcome:
        """A list question that joins two things ("inspection history and PPQ record") lists
        each, when each is a list of its own and the whole's answer does not already hold
        both ("PPQ record" is no inspection: each piece lists the kind it names)."""
        outcomes = []
        for piece in pieces:
            understood = understand(piece, vocabulary=self.intents, context=context)
            listed = replace(understood, intent=Intent.LIST)
            outcome = self._single(listed, lang=lang, audience=audience, k=k, filters=filters)
            if outcome.composition.composer != "list":
                return whole
            outcomes.append(outcome)
        items = [{c.doc_id for c in o.composition.citations} for o in outcomes]
        held = {c.doc_id for c in whole.composition.citations}
        if items[0] == items[1] or (
            whole.composition.composer == "list" and items[0] | items[1] <= held
        ):
            return whole
        composition = join_parts(
            [(piece, o.composition) for piece, o in zip(pieces, outcomes, strict=True)], lang=lang
        )
        hits = list({h.chunk.id: h for o in (whole, *outcomes) for h in o.hits}.values())
        spent = whole.compose_ms + sum(o.compose_ms for o in outcomes)
        return Outcome(composition, hits, whole.retrieval, spent)

    def chitchat(
        self, question: Question, *, lang: str, audience: Audience, continued: bool = False
    ) -> Composition:
        """A greeting (an acknowledgement after earlier turns), what the assistant answers,
        and example questions from the index."""
        sites, modalities = self.facets(audience)
        return chitchat_answer(
            question,
            lang=lang,
            sites=sites,
            modalities=modalities,
            glossary=self.retriever.glossary(),
            intents=self.intents,
            count=self.config.examples,
            continued=continued,
        )

    def _single(
        self,
        question: Question,
        *,
        lang: str,
        audience: Audience,
        k: int,
        filters: SearchFilters | None,
    ) -> Outcome:
        """One retrieval, then the list strategy (when it applies) or the composer."""
        if asks_for_sites(question, self.intents) and (filters is None or filters.is_empty()):
            return self._sites(question, lang=lang, audience=audience, k=k)
        members = self._modality_members(question, audience)
        query = f"{question.normalized} ({', '.join(members)})" if members else question.normalized
        retrieval = self.retriever.retrieve(query, audience=audience, k=k, filters=filters)
        # Defence in depth: retrieval filters by audience already; the composer never sees more.
        hits = [h for h in retrieval.hits if audience.allows(h.chunk.audience)]
        asked = retrieval.bridged_question or retrieval.corrected_question or question.normalized
        t0 = time.perf_counter()
        how_words = intent_words(retrieval.unknown_terms, self.intents)
        # The extractive composer chooses evidence in the question's language and is framed in
        # `lang` afterwards; a model composer writes its own text, so it is asked in `lang`.
        extractive = isinstance(self.composer, ExtractiveComposer)
        sites = self.facets(audience)[0]

        def compose(read: list[Hit]) -> Composition:
            return self.composer.compose(
                asked,
                lang=question.lang if extractive else lang,
                hits=read,
                query_vector=retrieval.query_vector,
                unknown_terms=[t for t in retrieval.unknown_terms if t not in how_words],
                mentions=retrieval.mentions,
                lang_shares=retrieval.lang_shares,
                sites=sites,
            )

        composition = compose(hits)
        if not composition.abstained and not speaks_of_years(composition, question.years):
            # Subject covered, in time too: an answer about another year is no answer. The
            # hits that name the asked year are read once more on their own, wherever they
            # rank ("the 2019 FDA inspection": the site page's 2019 line, not the profile).
            dated = hits_of_years(hits, question.years)
            if 0 < len(dated) < len(hits):
                retry = compose(dated)
                if speaks_of_years(retry, question.years) and holds_asked_number(retry, question):
                    composition = retry
        # Answer type satisfied: a count in its counter, a fiscal year, a sum of money, the
        # asked year (assistant/answer/answer_types.py); otherwise no answer.
        wrong = None if composition.abstained else wrong_kind(composition, question)
        if wrong is not None:
            composition = abstention(question.lang, wrong)
        if question.intent is Intent.LIST and not composition.abstained:
            understood = question.with_sites(retrieval.mentions, sorted(sites))
            listed = list_answer(
                understood,
                # Subject terms as asked: the bridge's other-language names are no subjects.
                retrieval.corrected_question or question.normalized,
                hits=hits,
                snapshot=self.retriever.lexical.current(),
                store=self.store,
                audience=audience,
                filters=filters,
                lang=lang,
                mentions=retrieval.mentions,
                site_names=[m for m in retrieval.mentions if any(fold(s) in m for s in sites)],
                vocabulary=self.intents,
                config=self.config.listing,
                cache=self._documents,
            )
            if listed is not None:
                return _outcome(listed.composition, hits, listed.hits, retrieval, t0)
        if question.intent is Intent.OVERVIEW and not composition.abstained:
            # What the question names, by glossary entry or as written (焼津 without a glossary).
            named = tuple(
                frozenset({fold(s.text)})
                for s in question.subjects
                if s.kind in (SITE, NAME) and len(s.text) >= 2
            )
            mentions = (*retrieval.mentions, *named)
            config = self.config.overview
            if not mentions and asks_about_company(question, self.intents):
                # The company is the subject: a brochure or company profile, wherever retrieval
                # ranked it among the hits.
                mentions = (frozenset(fold(t) for t in self.intents.company_titles),)
                config = replace(config, candidates=len(hits))
            overview = overview_answer(
                hits,
                store=self.store,
                mentions=mentions,
                lang=lang,
                config=config,
                snapshot=self.retriever.lexical.current(),
            )
            if overview is not None:
                return _outcome(overview.composition, hits, overview.hits, retrieval, t0)
        framed = reframe(composition, lang)
        return Outcome(framed, hits, retrieval, (time.perf_counter() - t0) * 1000)

    def _multi_part(
        self,
        question: Question,
        *,
        lang: str,
        audience: Audience,
        k: int,
        filters: SearchFilters | None,
        context: SubjectContext | None = None,
    ) -> Outcome:
        """Each part answered on its own; abstains only when every part does."""
        outcomes = []
        for part in question.parts[: self.config.max_parts]:
            understood = understand(part, vocabulary=self.intents, context=context)
            outcomes.append(
                self._single(understood, lang=lang, audience=audience, k=k, filters=filters)
            )
        first = outcomes[0].retrieval
        spent = sum(o.compose_ms for o in outcomes)
        hits: list[Hit] = []
        seen: set[str] = set()
        for outcome in outcomes:
            for hit in outcome.hits:
                if hit.chunk.id not in seen:
                    seen.add(hit.chunk.id)
                    hits.append(hit)
        if all(o.composition.abstained for o in outcomes):
            reasons = "; ".join(str(o.composition.abstain_reason) for o in outcomes)
            return Outcome(abstention(lang, f"every part abstained: {reasons}"), hits, first, spent)
        composition = join_parts(
            [(part, o.composition) for part, o in zip(question.parts, outcomes, strict=False)],
            lang=lang,
        )
        return Outcome(composition, hits, first, spent)

    def _modality_members(self, question: Question, audience: Audience) -> list[str]:
        """The readable names (both languages) of the modalities the reader's index lists,
        for the sites the question names (else all), when it asks about the class
        ("Which modalities does Baltimore handle?"): documents name the members."""
        folded = fold(question.normalized)
        words = tuple(folded.split())
        # A list question is anchored on the records retrieval puts first; member names would
        # pull case studies that mention them there (aozora az139 listed those, not records).
        if question.intent is Intent.LIST or not any(
            cue_holds(c, folded, words) for c in self.intents.modality_class
        ):
            return []
        snapshot = self.retriever.lexical.current()
        sites = [s.key for s in question.subjects if s.kind == SITE and s.key]
        rows = (
            np.concatenate(
                [snapshot.allowed_rows(audience, SearchFilters(site=site)) for site in sites]
            )
            if sites
            else snapshot.allowed_rows(audience)
        )
        # Sorted: a row's modalities are a set, whose order differs from process to process.
        found = sorted(
            {str(m) for group in snapshot.column("modalities", rows) for m in group if m}
        )
        return list(
            dict.fromkeys(readable_label(m, lang=lang) for m in found for lang in ("en", "ja"))
        )

    def _sites(self, question: Question, *, lang: str, audience: Audience, k: int) -> Outcome:
        """The reader's sites, each by its page's opening (assistant/answer/sites.py)."""
        retrieval = self.retriever.retrieve(question.normalized, audience=audience, k=k)
        t0 = time.perf_counter()
        snapshot, sites = self.retriever.lexical.current(), self.facets(audience)[0]
        found = sites_answer(sites, snapshot, audience=audience, lang=lang, vocabulary=self.intents)
        hits = [h for h in retrieval.hits if audience.allows(h.chunk.audience)]
        if found is None:
            return Outcome(abstention(lang, "no site page is visible"), hits, retrieval, 0.0)
        return _outcome(found[0], hits, found[1], retrieval, t0)

    def facets(self, audience: Audience) -> tuple[list[str], list[str]]:
        """The reader's visible sites and modalities, most documents first."""
        snapshot = self.retriever.lexical.current()
        key = (snapshot.collection, snapshot.generation, audience.rank)
        found = self._facets.get(key)
        if found is None:
            if len(self._facets) > 8:
                self._facets.clear()  # older snapshots' entries
            found = self._facets[key] = visible_facets(snapshot, audience)
        return found


def _outcome(
    composition: Composition,
    hits: list[Hit],
    read: list[Hit],
    retrieval: Retrieval,
    started: float,
) -> Outcome:
    """A list or overview answer: the hits retrieved plus the ones it read beyond them."""
    seen = {h.chunk.id for h in hits}
    extra = [h for h in read if h.chunk.id not in seen]
    return Outcome(composition, hits + extra, retrieval, (time.perf_counter() - started) * 1000)


__all__ = ["Outcome", "StrategyConfig", "Strategist", "join_parts"]
