from assistant.retrieval.fusion import (
    LegResult,
    diversify,
    fuse,
    jaccard,
    level_groups,
    reciprocal_rank_fusion,
    shingles,
)


def test_rrf_rewards_agreement_and_keeps_each_legs_rank_and_score() -> None:
    legs = {
        "dense": LegResult(ids=["a", "b", "c"], scores=[0.9, 0.8, 0.7]),
        "bm25": LegResult(ids=["b", "d"], scores=[12.0, 3.0]),
    }
    fused = reciprocal_rank_fusion(legs, k=60)
    assert [f.chunk_id for f in fused] == ["b", "a", "d", "c"]
    top = fused[0]
    assert top.ranks == {"dense": 2, "bm25": 1}
    assert top.scores == {"dense": 0.8, "bm25": 12.0}
    assert abs(top.score - (1 / 62 + 1 / 61)) < 1e-12
    assert fused[2].ranks == {"bm25": 2} and "dense" not in fused[2].scores


def test_score_fusion_follows_a_decisive_margin_that_rrf_flattens() -> None:
    # BM25 is sure about "x" (score 10 vs 2); dense barely prefers "y" (0.81 vs 0.80).
    legs = {
        "dense": LegResult(ids=["y", "x"], scores=[0.81, 0.80]),
        "bm25": LegResult(ids=["x", "y"], scores=[10.0, 2.0]),
    }
    assert fuse(legs, method="score")[0].chunk_id == "x"
    rrf = fuse(legs, method="rrf")
    assert rrf[0].score == rrf[1].score  # a tie: rank fusion cannot see the margin


def test_unknown_fusion_method_is_named() -> None:
    import pytest

    with pytest.raises(ValueError, match="'mean'"):
        fuse({}, method="mean")


def test_diversify_collapses_near_duplicates_and_caps_each_document() -> None:
    items = [
        ("d1#0", "d1", "The Baltimore site has 240 staff."),
        ("d2#0", "d2", "The Baltimore site has 240 staff!"),  # a near-duplicate of d1#0
        ("d1#1", "d1", "Quality assurance counts 38 people."),
        ("d1#2", "d1", "Four 2,000 L single-use bioreactors."),
        ("d3#0", "d3", "ハイデラバード拠点の従業員は420名です。"),
    ]
    kept = diversify(items, k=4, doc_of=lambda i: i[1], text_of=lambda i: i[2], max_per_doc=2)
    assert [i[0] for i in kept] == ["d1#0", "d1#1", "d3#0"]


def test_shingles_work_for_japanese_and_ignore_punctuation() -> None:
    a = shingles("従業員は420名です。")
    b = shingles("従業員は420名です")
    assert a == b and jaccard(a, b) == 1.0
    assert jaccard(a, shingles("The site makes antibodies")) == 0.0


def test_level_groups_removes_a_groups_offset_but_keeps_its_standout() -> None:
    # Same-language cosines run about 0.1 higher; the English group's best stands out in it.
    ja = [("ja-1", 0.86), ("ja-2", 0.85), ("ja-3", 0.84)]
    en = [("en-1", 0.82), ("en-2", 0.74), ("en-3", 0.73)]
    merged = level_groups([ja, en], depth=3)
    assert [item for item, _ in merged][:2] == ["en-1", "ja-1"]
    # ja's level is 0.85, en's 0.763...: English scores move up by the gap, Japanese stay.
    assert dict(merged)["ja-2"] == 0.85
    assert abs(dict(merged)["en-1"] - (0.82 + 0.85 - (0.82 + 0.74 + 0.73) / 3)) < 1e-9


def test_level_groups_is_off_at_zero_strength_and_skips_empty_groups() -> None:
    ja = [("ja-1", 0.9), ("ja-2", 0.8)]
    en = [("en-1", 0.7)]
    assert level_groups([ja, [], en], strength=0.0) == [("ja-1", 0.9), ("ja-2", 0.8), ("en-1", 0.7)]
    # The depth is capped by the shortest group: both levels are their best score here.
    assert [item for item, _ in level_groups([ja, en])] == ["ja-1", "en-1", "ja-2"]
    assert level_groups([[], []]) == []
