"""How the retrieval legs are weighed and fused: every tuned number of retrieval, in one place,
each with the measurement that set it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HybridConfig:
    """How the legs are fused (defaults chosen on the dev sets; see bench/retrieval_quality.py)."""

    candidates: int = 50
    fusion: str = "score"
    rrf_k: float = 60.0
    weights: dict[str, float] = field(default_factory=lambda: {"dense": 1.0, "bm25": 1.0})
    # BM25 over fugashi terms is the stronger leg in Japanese, e5-small's dense leg in English
    # (bench/retrieval_quality.py --sweep on jsquad-dev / squad-dev).
    bm25_weight_by_lang: dict[str, float] = field(default_factory=lambda: {"ja": 1.3, "en": 0.7})
    # Weight of the question's adjacent-term pairs ("抗体_薬物") in the lexical query, by the
    # question's language. In Japanese a pair mostly rebuilds a compound that MeCab split
    # (植民_地), in English it is often an artefact of stop-word removal ("cars_popular"), so
    # English pairs count half: squad-dev hybrid hit@1 0.860 -> 0.870, MRR@10 0.909 -> 0.914,
    # jsquad-dev unchanged at 1.0 (bench/retrieval_quality.py --pair-weight).
    pair_weight_by_lang: dict[str, float] = field(default_factory=lambda: {"ja": 1.0, "en": 0.5})
    max_per_doc: int = 2
    duplicate_threshold: float = 0.9
    # Glossary expansions count double: measured on corpus/questions.jsonl (crosslingual hit@5
    # 0.72 -> 0.78, all answerable 0.89 -> 0.91); the dev sets have no glossary.
    expansion_weight: float = 2.0
    # e5's cosine is systematically higher between texts of one language than across
    # languages, so a Japanese question's best English chunk loses to middling Japanese ones.
    # Each dense leg takes its `candidates` best chunks of every document language, and shifts
    # each language's cosines by this fraction of the gap between that language's level (the
    # mean of its top `lang_level_depth` cosines, the same depth for every language) and the
    # highest level (0 = off). A no-op on one-language corpora such as the dev sets. Measured
    # on corpus/questions.jsonl: crosslingual hit@5 0.78 -> 0.90, all answerable 0.91 -> 0.96
    # (dense only; with the lexical leg below, 0.96 and 0.98).
    lang_balance: float = 1.0
    # The lexical leg is balanced the same way, each language's level being its best BM25
    # score (depth 1): BM25 scores of different vocabularies are not comparable at all, and a
    # Japanese question reaches English chunks only through a few glossary terms. Measured on
    # corpus/questions.jsonl (depths 1-50 all help; 1 has the best hit@1 and MRR).
    lang_level_depth: int = 50
    bm25_lang_level_depth: int = 1
    # The words of the cue groups (assistant/data/cues.yaml) a question names, in the other
    # language ("operating" -> 稼働, 従業員 -> staff), searched at this weight: what is asked
    # bridged as the glossary bridges names (0 = off). A translation counts as the word itself
    # (1.0). Measured with `assistant eval run` (0 -> 1.0): sample answer accuracy .804 ->
    # .812, citation precision .807 -> .816; aozora .702 -> .708, .777 -> .799 (hit@1 .665 ->
    # .646); jsquad and squad halves unchanged (one-language corpora). At 0.5 aozora's abstain
    # recall fell .607 -> .571 and its list recall .567 -> .514.
    cue_expansion_weight: float = 1.0
    # How the bridge leg's vector is made: "embedded" or "names" with this weight (see
    # assistant/retrieval/bridge.py for both, and why "embedded" is still the default).
    bridge: str = "embedded"
    bridge_names_weight: float = 0.75
