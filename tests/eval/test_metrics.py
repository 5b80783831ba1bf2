"""Eval metrics against hand-computed values."""

import math

import pytest

from assistant.types import Audience, Citation
from eval.metrics import (
    citation_precision,
    contains_answer,
    group_metrics,
    hit_at_k,
    is_correct,
    leaked_docs,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    summarize,
)
from eval.questions import EvalQuestion
from eval.results import QuestionResult

RANKING = ["a", "b", "c", "d"]


def test_hit_at_k_counts_any_expected_doc_within_the_cutoff() -> None:
    assert hit_at_k(RANKING, ["c", "x"], 1) == 0.0
    assert hit_at_k(RANKING, ["c", "x"], 2) == 0.0
    assert hit_at_k(RANKING, ["c", "x"], 3) == 1.0
    assert hit_at_k(RANKING, ["x"], 10) == 0.0


def test_recall_is_the_share_of_expected_docs_found() -> None:
    assert recall_at_k(RANKING, ["c", "x"], 3) == 0.5
    assert recall_at_k(RANKING, ["a", "d"], 3) == 0.5
    assert recall_at_k(RANKING, ["a", "d"], 4) == 1.0
    with pytest.raises(ValueError):
        recall_at_k(RANKING, [], 3)


def test_reciprocal_rank_uses_the_first_expected_doc_within_the_cutoff() -> None:
    assert reciprocal_rank(RANKING, ["c", "d"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(RANKING, ["a"]) == 1.0
    assert reciprocal_rank(RANKING, ["d"], k=3) == 0.0
    assert reciprocal_rank(RANKING, ["x"]) == 0.0


def test_ndcg_with_two_relevant_docs_matches_the_hand_computed_value() -> None:
    # Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at_k(RANKING, ["b", "d"]) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(RANKING, ["b", "d"]) == pytest.approx(0.650921, abs=1e-6)
    # One relevant doc found at rank 3, the other missing: 0.5 / (1 + 1/log2(3)).
    assert ndcg_at_k(RANKING, ["c", "x"]) == pytest.approx(0.306574, abs=1e-6)
    assert ndcg_at_k(RANKING, ["a", "b"]) == pytest.approx(1.0)
    assert ndcg_at_k(RANKING, ["x", "y"]) == 0.0


def test_answer_matching_ignores_case_width_and_spacing() -> None:
    assert contains_answer("Hyderabad has an ＯＥＢ５ isolator.", ["OEB5"])
    assert contains_answer("It made Monoclonal Antibodies.", ["monoclonal antibodies"])
    assert contains_answer("ｱｲｿﾚｰﾀｰ設備を備えています", ["アイソレーター"])
    assert contains_answer("Debian  Project は", ["DebianProject"])
    assert contains_answer("the answer", ["nope", "ANSWER"])
    assert not contains_answer("three PPQ batches", ["four"])
    assert not contains_answer("anything", [])


def test_citation_precision_counts_distinct_cited_docs() -> None:
    assert citation_precision(["a", "a", "b"], ["a"]) == 0.5
    assert citation_precision(["a"], ["a", "z"]) == 1.0
    with pytest.raises(ValueError):
        citation_precision([], ["a"])


def _q(qid: str, expected=(), contains=(), lang="en", tags=(), audience=Audience.PUBLIC):
    return EvalQuestion(
        id=qid,
        question=f"question {qid}?",
        lang=lang,
        expected_sources=tuple(expected),
        answer_contains=tuple(contains),
        audience=audience,
        tags=tuple(tags),
    )


def _cite(*docs: str) -> tuple[Citation, ...]:
    return tuple(
        Citation(n=i, doc_id=d, chunk_id=f"{d}#0", title=d, source=f"{d}.md", quote="q")
        for i, d in enumerate(docs, start=1)
    )


def _r(question, retrieved, answer="", cited=(), abstained=False, total=10.0, audiences=None,
       asked=None):  # fmt: skip
    return QuestionResult(
        question=question,
        retrieved=tuple(retrieved),
        answer=answer,
        citations=_cite(*cited),
        abstained=abstained,
        latency_ms={"embed": total / 2, "retrieve": total / 4, "total": total},
        source_audiences=audiences or {d: "public" for d in [*retrieved, *cited]},
        asked_audience=asked or question.audience,
    )


@pytest.fixture
def results() -> list[QuestionResult]:
    return [
        # Found at rank 1, answered and cited correctly.
        _r(_q("1", ["a"], ["alpha"], tags=["x"]), ["a", "b"], "Alpha [1]", ["a"], total=10),
        # Found at rank 2, answer wrong, cites one right and one wrong doc.
        _r(
            _q("2", ["c"], ["gamma"], tags=["x"]),
            ["b", "c"],
            "beta [1] c [2]",
            ["b", "c"],
            total=20,
        ),
        # Not found; abstained (a false abstention).
        _r(_q("3", ["d"], ["delta"], lang="ja"), ["e"], "不明", abstained=True, total=30),
        # Unanswerable, correctly abstained.
        _r(_q("4", tags=["unanswerable"]), ["e"], "no source", abstained=True, total=40),
        # Unanswerable, answered anyway.
        _r(_q("5", lang="ja", tags=["unanswerable"]), ["b"], "beta [1]", ["b"], total=100),
    ]


def test_summarize_matches_hand_computed_metrics(results) -> None:
    m = summarize(results)
    assert (m["questions"], m["answerable"], m["unanswerable"]) == (5, 3, 2)
    assert m["hit@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["hit@3"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["hit@10"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["recall@10"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert m["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 3, abs=1e-4)
    assert m["answer_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    # Questions 1 (1.0) and 2 (0.5) cite; question 3 abstained so it is left out.
    assert m["citation_precision"] == pytest.approx(0.75)
    assert m["abstain_recall"] == 0.5
    assert m["false_abstain_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["leaks"] == 0
    assert m["latency_p50_ms"] == 30.0
    assert m["latency_p95_ms"] == pytest.approx(88.0)  # 40 + 0.8 * (100 - 40)
    assert m["latency_embed_p50_ms"] == 15.0
    assert m["latency_retrieve_p95_ms"] == pytest.approx(22.0)


def test_groups_split_by_language_and_by_tag(results) -> None:
    by_lang = group_metrics(results, by="lang")
    assert list(by_lang) == ["en", "ja"]
    assert by_lang["en"]["questions"] == 3 and by_lang["ja"]["questions"] == 2
    assert by_lang["ja"]["false_abstain_rate"] == 1.0
    assert by_lang["ja"]["abstain_recall"] == 0.0
    by_tag = group_metrics(results, by="tag")
    assert by_tag["x"]["hit@1"] == 0.5
    assert by_tag["unanswerable"]["hit@1"] is None  # no answerable question: n/a, not 0
    assert by_tag["unanswerable"]["abstain_recall"] == 0.5
    assert by_tag["(untagged)"]["questions"] == 1


def test_a_doc_above_the_questions_audience_is_a_leak() -> None:
    question = _q("p", ["pub"], ["x"])
    audiences = {"pub": "public", "int": "internal", "conf": "confidential"}
    leaky = _r(question, ["pub", "int"], "x [1]", ["conf"], audiences=audiences)
    assert leaked_docs(leaky) == ["int", "conf"]
    assert summarize([leaky])["leaks"] == 2
    assert not is_correct(leaky)  # right answer, but a leak makes it wrong
    # The same sources asked at a confidential ceiling are allowed.
    allowed = _r(question, ["pub", "int"], "x [1]", ["conf"], audiences=audiences,
                 asked=Audience.CONFIDENTIAL)  # fmt: skip
    assert leaked_docs(allowed) == [] and is_correct(allowed)
    # A doc whose audience is unknown counts as internal.
    unknown = _r(question, ["mystery"], "x", audiences={"other": "public"})
    assert leaked_docs(unknown) == ["mystery"]


def test_correctness_of_unanswerable_and_uncited_questions() -> None:
    assert is_correct(_r(_q("u"), ["a"], "n/a", abstained=True))
    assert not is_correct(_r(_q("u"), ["a"], "made up [1]", ["a"]))
    no_strings = _q("c", ["a"])
    assert is_correct(_r(no_strings, ["a"], "text [1]", ["a"]))
    assert not is_correct(_r(no_strings, ["a"], "text [1]", ["b"]))


def test_empty_inputs_give_none_not_zero() -> None:
    m = summarize([])
    assert m["hit@1"] is None and m["abstain_recall"] is None and m["latency_p50_ms"] is None
    assert m["leaks"] == 0
    assert percentile([], 50) is None
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
