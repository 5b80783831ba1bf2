from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.retrieval.langchain import AssistantRetriever
from assistant.types import Audience


def test_langchain_retriever_returns_cited_chunks(fixture_settings, embedder) -> None:
    retriever = AssistantRetriever.from_settings(fixture_settings, k=3, embedder=embedder)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("メリーランド拠点では何を製造しましたか？")
    assert 1 <= len(docs) <= 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert top.metadata["doc_id"] == "site-baltimore"
    assert "monoclonal antibodies" in top.page_content
    assert top.metadata["ranks"]["fused"] == 1 and "bm25" in top.metadata["scores"]
    assert top.metadata["title"].startswith("Baltimore")


def test_langchain_retriever_keeps_its_audience_ceiling(fixture_settings, embedder) -> None:
    public = AssistantRetriever.from_settings(fixture_settings, k=10, embedder=embedder)
    docs = public.invoke("Project TANCHO-9")
    assert all(d.metadata["audience"] == "public" for d in docs)
    confidential = AssistantRetriever.from_settings(
        fixture_settings, audience=Audience.CONFIDENTIAL, k=3, embedder=embedder
    )
    assert confidential.invoke("Project TANCHO-9")[0].metadata["doc_id"] == "conf-kirin"
