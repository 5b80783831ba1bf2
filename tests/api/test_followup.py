"""Follow-ups over HTTP: `history` resolves them; it never lifts the audience, never leaks."""

from __future__ import annotations

import json

from api.traces import TRACES_FILE, TraceLog
from tests.api.conftest import parse_sse
from tests.api.leaks import Restricted

FIRST = "How many staff does the Baltimore site have?"


def test_a_follow_up_is_answered_as_resolved(client) -> None:
    first = client.post("/v1/ask", json={"question": FIRST}).json()
    assert "240 staff" in first["answer"] and first["resolved_question"] is None
    body = {"question": "And Hyderabad?", "history": [{"question": FIRST}]}
    second = client.post("/v1/ask", json=body).json()
    assert second["resolved_question"] == "How many staff does the Hyderabad site have?"
    assert "420名" in second["answer"]
    assert [c["doc_id"] for c in second["citations"]][:1] == ["site-hyderabad-ja"]
    assert second["citations"][0]["audience"] == "public"
    # The same typed question without the history is another request (not served from cache).
    alone = client.post("/v1/ask", json={"question": "And Hyderabad?"}).json()
    assert alone["resolved_question"] is None


def test_typos_in_the_earlier_turn_are_read_before_it_is_followed(client) -> None:
    """ "Baltimroe" and "staf" are read as the index spells them before the turn is
    understood, so "And Hyderabad?" asks the same question of Hyderabad."""
    body = {
        "question": "And Hyderabad?",
        "history": [{"question": "How many staf does the Baltimroe site have?"}],
    }
    answer = client.post("/v1/ask", json=body).json()
    assert answer["resolved_question"] == "How many staff does the Hyderabad site have?"
    assert "420名" in answer["answer"]


def test_three_turns_in_japanese_stream_the_resolved_question(client) -> None:
    history = [
        {"question": "ボルチモア拠点の従業員数は？"},
        {"question": "ハイデラバードは？", "resolved": "ハイデラバード拠点の従業員数は？"},
    ]
    body = {"question": "その拠点の封じ込め設備は？", "history": history}
    with client.stream("POST", "/v1/ask/stream", json=body) as response:
        events = parse_sse(response.read().decode())
    data = {name: json.loads(raw) for name, raw in events}
    assert data["citations"]["resolved_question"] == "ハイデラバードの封じ込め設備は？"
    assert data["done"]["resolved_question"] == "ハイデラバードの封じ込め設備は？"
    assert "OEB5" in data["done"]["answer"]


def test_history_limits_are_request_errors(client) -> None:
    seven = {"question": "And Hyderabad?", "history": [{"question": FIRST}] * 7}
    response = client.post("/v1/ask", json=seven)
    assert response.status_code == 422 and "history" in response.text
    control = {"question": "And Hyderabad?", "history": [{"question": "bad\x00turn"}]}
    response = client.post("/v1/ask/stream", json=control)
    assert response.status_code == 422
    assert "history turn 1" in response.json()["error"]["message"]
    extra = {"question": "And Hyderabad?", "history": [{"question": FIRST, "answer": "x"}]}
    assert client.post("/v1/ask", json=extra).status_code == 422


def test_history_cannot_lift_the_audience(client, keys, fixture_assistant) -> None:
    """A public follow-up of a confidential question answers from public material only."""
    restricted = Restricted.from_store(fixture_assistant.store())
    secret_q = "How much was the Project TANCHO-9 supply agreement worth?"
    inside = client.post(
        "/v1/ask", json={"question": secret_q}, headers={"X-API-Key": keys["confidential"]}
    ).json()
    assert "4.2 million" in inside["answer"]  # the probe does reach restricted text
    follow = {"question": "And how many batches were made?", "history": [{"question": secret_q}]}
    confidential = client.post(
        "/v1/ask",
        json={"question": "What about its batches?", "history": [{"question": secret_q}]},
        headers={"X-API-Key": keys["confidential"]},
    ).json()
    assert confidential["resolved_question"] == "What about Project TANCHO-9's batches?"
    assert "conf-kirin" in {c["doc_id"] for c in confidential["citations"]}
    for body, headers in [
        ({"question": "What about its batches?", "history": [{"question": secret_q}]}, {}),
        (follow, {"X-API-Key": keys["public"]}),
        (
            {**follow, "audience": "public"},
            {"Authorization": f"Bearer {keys['confidential']}"},
        ),
    ]:
        answer = client.post("/v1/ask", json=body, headers=headers).json()
        shown = json.dumps(
            {"answer": answer["answer"], "citations": answer["citations"]}, ensure_ascii=False
        )
        assert restricted.leaks(shown) == [], body
        assert all(c["audience"] == "public" for c in answer["citations"])


def test_a_restricted_earlier_answer_never_reaches_a_public_follow_up(client, keys) -> None:
    """The client sends questions only; a turn carrying an answer is refused, and the
    follow-up's answer holds none of the earlier confidential answer's text."""
    secret_q = "How much was the TANCHO-9 supply agreement worth?"
    inside = client.post(
        "/v1/ask", json={"question": secret_q}, headers={"X-API-Key": keys["confidential"]}
    ).json()
    secret_answer = inside["answer"]
    assert "4.2 million" in secret_answer
    public = client.post(
        "/v1/ask",
        json={"question": "And Baltimore?", "history": [{"question": secret_q}]},
    ).json()
    assert "4.2 million" not in public["answer"]
    assert "conf-kirin" not in {c["doc_id"] for c in public["citations"]}
    smuggled = {"question": secret_q, "resolved": secret_answer[:3900]}
    public = client.post(
        "/v1/ask", json={"question": "What about its batches?", "history": [smuggled]}
    ).json()
    assert "4.2 million" not in public["answer"]
    assert all(c["audience"] == "public" for c in public["citations"])


def test_feedback_keeps_the_resolved_question(client, api_settings) -> None:
    asked = client.post(
        "/v1/ask", json={"question": "And Hyderabad?", "history": [{"question": FIRST}]}
    ).json()
    client.post("/v1/feedback", json={"trace_id": asked["trace_id"], "rating": "up"})
    log = TraceLog(api_settings.data_dir / TRACES_FILE)
    rows = [r for r in log.feedback_rows() if r["trace_id"] == asked["trace_id"]]
    log.close()
    assert [(r["question"], r["resolved_question"]) for r in rows] == [
        ("And Hyderabad?", "How many staff does the Hyderabad site have?")
    ]
