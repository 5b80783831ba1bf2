"""Turning Answers into per-question results: doc dedup, audiences and leak detection."""

from assistant.types import Answer, Audience, Chunk, Citation, Hit
from eval.metrics import leaked_docs
from eval.questions import EvalQuestion
from eval.runner import EvalOptions, audience_warnings, question_record, result_from_answer


def _hit(doc_id: str, n: int, audience: str | None) -> Hit:
    meta = {"title": doc_id, "source": f"{doc_id}.md"}
    if audience:
        meta["audience"] = audience
    chunk = Chunk(id=f"{doc_id}#{n}", doc_id=doc_id, text="text", lang="en", metadata=meta)
    return Hit(chunk=chunk, score=0.9)


QUESTION = EvalQuestion(
    id="q1", question="What?", lang="en", expected_sources=("pub",), answer_contains=("text",)
)


def _answer(hits: list[Hit], cited: list[str]) -> Answer:
    citations = [
        Citation(n=i, doc_id=d, chunk_id=f"{d}#0", title=d, source=f"{d}.md", quote="text")
        for i, d in enumerate(cited, start=1)
    ]
    return Answer(
        text="text [1]",
        lang="en",
        citations=citations,
        abstained=False,
        hits=hits,
        timings_ms={"embed": 1.0, "retrieve": 2.0, "compose": 0.5, "total": 4.0},
    )


def test_retrieved_docs_are_deduplicated_in_rank_order() -> None:
    hits = [_hit("pub", 0, "public"), _hit("other", 0, "public"), _hit("pub", 1, "public")]
    result = result_from_answer(
        QUESTION, _answer(hits, ["pub"]), audience=Audience.PUBLIC, doc_audiences={}
    )
    assert result.retrieved == ("pub", "other")
    assert result.cited_docs == ("pub",)
    assert leaked_docs(result) == []
    record = question_record(result)
    assert record["retrieved"] == ["pub", "other"] and record["correct"] is True
    assert record["latency_ms"]["total"] == 4.0


def test_a_hit_or_citation_above_the_audience_is_reported_as_a_leak() -> None:
    hits = [_hit("pub", 0, "public"), _hit("secret", 0, "confidential")]
    # "pricing" is cited but was not among the hits: its audience comes from the index map.
    answer = _answer(hits, ["pub", "pricing"])
    index_map = {"pub": "public", "secret": "public", "pricing": "internal"}
    result = result_from_answer(QUESTION, answer, audience=Audience.PUBLIC, doc_audiences=index_map)
    assert result.source_audiences == {
        "pub": "public",
        "secret": "confidential",  # the hit's own metadata wins over the map
        "pricing": "internal",
    }
    assert leaked_docs(result) == ["secret", "pricing"]
    record = question_record(result)
    assert record["leaked"] == ["secret", "pricing"] and record["correct"] is False
    allowed = result_from_answer(
        QUESTION, answer, audience=Audience.CONFIDENTIAL, doc_audiences=index_map
    )
    assert leaked_docs(allowed) == []


def test_warnings_explain_an_eval_that_cannot_work() -> None:
    internal_only = {"a": "internal", "b": "confidential"}
    warnings = audience_warnings([QUESTION], options=EvalOptions(), doc_audiences=internal_only)
    assert len(warnings) == 1 and "visible at audience 'public'" in warnings[0]
    assert (
        audience_warnings(
            [QUESTION], options=EvalOptions(audience=Audience.INTERNAL), doc_audiences=internal_only
        )
        == []
    )
    indexed = audience_warnings([QUESTION], options=EvalOptions(), doc_audiences={"q1": "public"})
    assert "question set itself was probably ingested" in indexed[0]
