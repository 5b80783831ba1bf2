from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import make_settings


def test_ask_returns_a_cited_answer(fixture_settings, fixture_assistant) -> None:
    client = TestClient(create_app(fixture_settings, assistant=fixture_assistant))
    for question in (
        "What did the Maryland site manufacture?",
        "メリーランド拠点では何を製造しましたか？",
    ):
        response = client.post("/v1/ask", json={"question": question})
        assert response.status_code == 200
        body = response.json()
        assert body["abstained"] is False
        assert body["citations"][0]["doc_id"] == "site-baltimore"
        assert body["citations"][0]["quote"] in body["answer"]
        assert "[1]" in body["answer"]


def test_public_request_never_sees_confidential_text(fixture_settings, fixture_assistant) -> None:
    client = TestClient(create_app(fixture_settings, assistant=fixture_assistant))
    response = client.post("/v1/ask", json={"question": "Tell me about Project TANCHO-9"})
    assert response.status_code == 200
    assert "TANCHO" not in response.text


def test_errors_have_one_shape(fixture_settings, fixture_assistant, tmp_path) -> None:
    client = TestClient(create_app(fixture_settings, assistant=fixture_assistant))
    response = client.post("/v1/ask", json={"question": "   "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_question"
    response = client.post("/v1/ask", json={"question": "hi", "extra": 1})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "extra" in response.json()["error"]["message"]
    empty = TestClient(create_app(make_settings(tmp_path / "none")))
    response = empty.post("/v1/ask", json={"question": "What did the Maryland site make?"})
    assert response.status_code == 503
    assert "assistant ingest" in response.json()["error"]["message"]
    assert client.get("/healthz").json() == {"status": "ok"}
