"""Every tuned number of answering, in one place, each with the measurement that set it.

The composer's scoring (`assistant.answer.scoring`), the greedy pick (`picking`), the site and
month scope (`scope`) and the evidence strength that decides abstention (`evidence`) read
`WEIGHTS`. The abstain threshold itself is a setting (`Settings.abstain_threshold`, 0.735),
calibrated on four sets at once: bench/results/abstain-calibration.md. Retrieval's numbers
live in `assistant.retrieval.config.HybridConfig`.

"Sample set" is corpus/questions.jsonl; unless a note says otherwise a number was kept only
when the second sample corpus (eval/corpora/aozora) and the dev halves did not get worse.
Older notes quote answer_contains (now answer_accuracy) on the sample set of that time.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnswerWeights:
    """The weights and floors of composing and of the evidence strength."""

    # --- Evidence strength (abstention): dense + coverage - missing - unknown -------------
    # Lexical coverage of the question's terms by one top hit: chosen on the calibration
    # sets (bench/calibrate_signals.py; weights 0-0.3 swept, 0.2 best on the sample set and
    # the dev halves alike).
    coverage: float = 0.2
    # The share of question terms no retrieved hit holds.
    missing: float = 0.1
    # The share of subject words found nowhere in the reader's visible corpus ("Brazil",
    # "ISO 14001", 社長): AUC of the strength 0.949 / 0.856 / 0.987 / 0.975 (sample, aozora,
    # jsquad half, squad half; bench/results/abstain-calibration.md).
    unknown: float = 0.8
    # An unknown word counts in proportion to its language's share of the visible chunks, in
    # full from this share: aozora (15 % English) false abstention 0.186 -> 0.081, answer
    # accuracy 0.565 -> 0.634, abstain recall 0.607 -> 0.571; sample and dev halves unchanged.
    # At 0.5 the sample set's abstain recall fell 0.816 -> 0.735; at 0.3 aozora kept 0.112.
    full_lang_share: float = 0.4
    # The top hits whose best cosine and coverage speak for the evidence.
    strength_hits: int = 3

    # --- What the composer reads (assistant/answer/extractive.py) ---------------------------
    # The top hits whose units compete: 5 -> 6 took answer accuracy .816 -> .827 and citation
    # precision .824 -> .831 (sample), .714 -> .727 and .792 -> .801 (aozora), squad half
    # citation .872 -> .876; jsquad half abstain recall .733 -> .730 (one unanswerable answered
    # by a sixth hit's year). 7 and 8 lost on aozora (bench/compose_replay.py replay).
    compose_hits: int = 6

    # --- Unit scoring (assistant/answer/scoring.py) ---------------------------------------
    # A unit's score: lexical overlap, its source's title/section terms, its source's rank
    # prior (first measured on the sample set, answers3.md).
    lexical: float = 0.6
    context: float = 0.15
    prior: float = 0.25
    # Glossary names the retriever appended count half as much as the words asked, in a
    # unit of the question's language (in the other language they stand in at full weight).
    bridge_name_share: float = 0.5
    # A rank prior is half rank (1 / (1 + 0.5 x rank)) and half dense closeness to the best
    # hit, which falls to 0 at `prior_cosine_scale`⁻¹ = 0.1 below it.
    prior_rank_share: float = 0.5
    prior_rank_step: float = 0.5
    prior_cosine_scale: float = 10.0
    # Half of a hit's prior is the best prior of any hit of its document: full 0.844, half
    # 0.838 (citation precision 0.786), none 0.838 (0.783); the full one let a document's
    # summary sentence lead over the chunk that holds the answer (answers4.md).
    document_prior_share: float = 0.5
    # Sentence embeddings: a unit within `sim_spread` of the best unit of its language earns
    # up to `sim_weight`: answer_contains 0.630 -> 0.676 (crosslingual 0.294 -> 0.426);
    # 0.3-0.5 or a spread of 0.1 did no better, one spread across both languages worse.
    sim_weight: float = 0.2
    # With titled unit vectors the spread is 0.03: citation precision 0.790 -> 0.814 (sample),
    # 0.917 -> 0.942 (jsquad half), 0.878 -> 0.892 (squad half), answers unchanged (answers5.md).
    sim_spread: float = 0.03
    # The similarity weight of a unit in the other language: 0.2 -> 0.3 took answer_contains
    # 0.746 -> 0.763 (0.1 and 0.4 both worse; the optimum is not sharp).
    other_lang_sim_weight: float = 0.3
    # What an other-language unit earns for naming what is asked (bilingual cue groups):
    # 0.676 -> 0.711.
    cue_weight: float = 0.3
    # Share of an other-language unit's lexical score set by its passage's best unit:
    # 0 -> 0.7 took answer_contains 0.723 -> 0.740 (ja 0.741 -> 0.776).
    blend: float = 0.7
    # The same for closeness: 70 % its document's best unit's, 30 % its own; crosslingual
    # answer_contains 0.574 -> 0.618 (answers4.md).
    sim_blend: float = 0.7
    # How far below the best unit in the question's language the best other-language unit may
    # be and still count as closest of its language: 0.03 for English questions (en
    # answer_contains 0.716 -> 0.750); for Japanese ones every cap (0.03-0.08) lost answers.
    lang_gap: dict[str, float] = field(default_factory=lambda: {"en": 0.03})
    # A record line whose label is what the question asks for (0.25 picked wrong fields;
    # 0.15 with the pick floors below: answer_contains 0.572 -> 0.590). Also given to a
    # label whose every term the question names ("Earliest open", "On time delivery"; 2026-12-01:
    # aozora accuracy .739 -> .745, false abstention .093 -> .081; sample, jsquad and squad
    # halves identical answers).
    asked_label: float = 0.15
    # A unit holding a number, when the question asks a count, quantity or date.
    number: float = 0.08
    # ... and a counted number ("340名", "7 lots", "Staff: 340") for a count question:
    # 0.751 -> 0.757 on the sample set; 0.05-0.15 alike. A price question's unit that states
    # a sum of money gets number + count (2026-12-01: aozora az108 answers "240万円"; no
    # answer lost on the four sets; bench/results/pass4-2026-12-01.md).
    count: float = 0.1
    # What a bare number costs a record line when the question asks what, not how many
    # ("Observations: 2"): 0.740 -> 0.746.
    bare_number: float = 0.2
    # Reading order in prose: each later sentence of a passage loses this much.
    order_step: float = 0.01

    # --- The pick (assistant/answer/picking.py) -----------------------------------------
    # Share of the best unit's score another unit needs to be quoted too: units of the top
    # source down to half, other sources three quarters (answer_contains 0.572 -> 0.590,
    # citation precision 0.562 -> 0.573).
    top_source_floor: float = 0.5
    other_source_floor: float = 0.75
    # Another source in the other language, when the best unit is in the question's: it
    # mostly repeats the answer in translation. Citation precision 0.730 -> 0.765 at the same
    # answer_contains (0.85: 0.743, 0.9: 0.756; never: accuracy 0.740).
    other_lang_source_floor: float = 0.95
    # A further unit of an already chosen document that adds an asked word: 0.9 -> 0.7 took
    # answer accuracy 0.786 -> 0.844 (0.8: 0.815; 0.6 and 0.5: 0.844 with longer answers).
    same_source_floor: float = 0.7
    # Two units whose term sets overlap more than this (Jaccard) say the same thing.
    same_terms: float = 0.6

    # --- Scope (assistant/answer/scope.py) ------------------------------------------------
    # What a unit of a source of another site than the asked one keeps of its score:
    # citation precision 0.814 -> 0.838 at answer found 0.861; 0.7 gave 0.834, 0.85 0.834
    # (bench/compose_replay.py, answers6.md).
    out_of_scope: float = 0.5
    # What a unit earns when its source is dated in a month the question names: answer
    # found 0.861 -> 0.867, citation precision 0.837 -> 0.843; 0.05 and 0.2 alike.
    dated: float = 0.1


WEIGHTS = AnswerWeights()

__all__ = ["WEIGHTS", "AnswerWeights"]
