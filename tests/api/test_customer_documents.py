"""The API over a customer's corpus: ids with `/` open, answers quote plain text (no Markdown),
every cited document opens, restricted documents stay restricted, facets carry labels."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.embedders import Embedder
from assistant.engine import Assistant
from tests.conftest import make_settings, run_ingest
from tests.ingest.customer_corpus import write_customer_corpus

pytestmark = pytest.mark.slow

MARKDOWN = re.compile(r"\*\*|\]\(|^\s*[-*+] |^#{1,6} |^\|", re.MULTILINE)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> TestClient:
    """A client over an index of the customer corpus (anonymous = public)."""
    root = tmp_path_factory.mktemp("customer-api")
    settings = make_settings(root / "data", anonymous_rate="1000/min")
    report = run_ingest(settings, embedder, write_customer_corpus(root / "corpus"))
    assert report.failed == []
    return TestClient(create_app(settings, assistant=Assistant(settings, embedder=embedder)))


@pytest.mark.parametrize(
    "path", ["/v1/documents/brochure/company-profile", "/v1/documents/brochure%2Fcompany-profile"]
)
def test_an_id_with_a_slash_opens(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["doc_id"] == "brochure/company-profile"
    assert body["extra"] == {"prepared_by": "Corporate communications"}
    assert (body["date"], body["date_precision"]) == ("2024-03", "month")
    assert body["labels"]["company_profile"]["en"] == "Company profile"
    assert not MARKDOWN.search(body["text"]), body["text"]
    page = client.get("/documents/brochure/company-profile")
    assert page.status_code == 200 and "document.js" in page.text


def test_restricted_documents_stay_restricted(client: TestClient) -> None:
    assert client.get("/v1/documents/board/2025-q1").status_code == 404
    answer = client.post(
        "/v1/ask", json={"question": "What acquisition price did the board approve?"}
    )
    assert "Zephyr" not in answer.text and "$40m" not in answer.text
    facets = client.get("/v1/facets").json()
    assert "board_memo" not in facets["doc_types"]
    assert facets["doc_types"] == ["company_profile", "news_release", "site_fact"]
    assert facets["labels"]["news_release"] == {"ja": "News release", "en": "News release"}


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("What is the bioreactor capacity of the Tokyo site?", "Bioreactor capacity: 4,000 L"),
        ("Who is Kestrel Bio?", "Kestrel Bio is a contract manufacturer with three sites."),
    ],
)
def test_answers_quote_plain_text_and_every_citation_opens(
    client: TestClient, question: str, quoted: str
) -> None:
    body = client.post("/v1/ask", json={"question": question}).json()
    assert not body["abstained"], body
    assert quoted in body["answer"]
    assert not MARKDOWN.search(body["answer"]), body["answer"]
    assert body["citations"]
    for citation in body["citations"]:
        assert not MARKDOWN.search(citation["quote"])
        opened = client.get(f"/v1/documents/{citation['doc_id']}")
        assert opened.status_code == 200, citation["doc_id"]
        assert citation["quote"].split(" … ")[0] in opened.json()["text"]


def test_a_partial_date_filter_matches_its_whole_period(client: TestClient) -> None:
    body = client.post(
        "/v1/ask",
        json={
            "question": "When did the Tokyo plant open?",
            "filters": {"date_from": "2016-11", "date_to": "2016-11"},
        },
    ).json()
    assert {c["doc_id"] for c in body["citations"]} == {"public/news/tokyo-opening"}
    assert "November 2016" in body["answer"]
