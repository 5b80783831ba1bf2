from assistant.embedders import Embedder
from assistant.store.documents import overlap_length, rebuild_text
from assistant.types import Audience, Block, Document
from ingest.chunking import chunk_document

LONG_EN = " ".join(
    f"Sentence {i} says the Baltimore site ran batch number {i} at 2,000 L scale."
    for i in range(40)
)
LONG_JA = "".join(f"ハイデラバード拠点は{i}番目のバッチを製造しました。" for i in range(60))


def test_rebuilt_text_has_no_repeated_overlap(embedder: Embedder) -> None:
    doc = Document(
        id="d",
        title="T",
        text="",
        audience=Audience.PUBLIC,
        blocks=(
            Block(text=LONG_EN, section="Intro"),
            Block(text=LONG_JA, section="Intro > 製造"),
        ),
    )
    chunks = chunk_document(doc, max_tokens=64, overlap=1, count_tokens=embedder.count_tokens)
    assert len(chunks) > 6
    assert overlap_length(chunks[0].text, chunks[1].text) > 0
    text = rebuild_text(chunks)
    assert text == f"Intro\n\n{LONG_EN}\n\n製造\n\n{LONG_JA}"


def test_overlap_needs_whole_sentences() -> None:
    assert overlap_length("See section 2.", "2. Scope follows.") == 0
    assert overlap_length("A first. A second.", "A second. A third.") == len("A second.")
    assert overlap_length("前文です。重なり。", "重なり。続き。") == len("重なり。")


def test_get_document_returns_text_and_metadata(client) -> None:
    body = client.get("/v1/documents/site-baltimore").json()
    assert body["doc_id"] == "site-baltimore"
    assert body["title"].startswith("Baltimore, Maryland")
    assert "It ran 14 GMP batches at 2,000 L scale" in body["text"]
    assert body["site"] == "baltimore" and body["lang"] == "en"
    assert body["audience"] == "public" and body["doc_type"] == "site_fact"
    assert sorted(body["modalities"]) == ["bispecific", "mab"]
    assert body["source"] == "sites/baltimore.md"
    cited = client.post("/v1/ask", json={"question": "How many staff work at Baltimore?"}).json()
    for citation in cited["citations"]:
        document = client.get(f"/v1/documents/{citation['doc_id']}").json()
        assert citation["quote"] in document["text"]


def test_missing_and_restricted_documents_look_the_same(client, keys) -> None:
    missing = client.get("/v1/documents/no-such-doc")
    hidden = client.get("/v1/documents/conf-kirin")
    assert missing.status_code == hidden.status_code == 404
    assert hidden.json() == {
        "error": {
            "code": "not_found",
            "message": "no document 'conf-kirin' is available to you; check the id in the citation",
        }
    }
    visible = client.get("/v1/documents/conf-kirin", headers={"X-API-Key": keys["confidential"]})
    assert "TANCHO-9" in visible.json()["text"]


def test_facets_follow_the_ceiling(client, keys) -> None:
    public = client.get("/v1/facets").json()
    labels = public.pop("labels")
    assert labels["small_molecule"] == {"ja": "低分子", "en": "Small molecule"}
    assert set(labels) == {*public["sites"], *public["modalities"], *public["doc_types"]}
    assert public == {
        "sites": ["baltimore", "bengaluru", "hyderabad", "tokyo"],
        "modalities": ["adc", "bispecific", "hpapi", "mab", "small_molecule"],
        "doc_types": ["case_study", "faq", "site_fact"],
        "langs": ["en", "ja"],
    }
    internal = client.get("/v1/facets", headers={"X-API-Key": keys["internal"]}).json()
    assert set(public["sites"]) <= set(internal["sites"])
