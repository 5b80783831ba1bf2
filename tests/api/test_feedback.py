from api.traces import TRACES_FILE, TraceLog


def test_feedback_is_stored_with_question_and_answer(client, api_settings, keys) -> None:
    asked = client.post(
        "/v1/ask",
        json={"question": "  How many staff work at Baltimore?  "},
        headers={"X-API-Key": keys["public"]},
    ).json()
    response = client.post(
        "/v1/feedback",
        json={"trace_id": asked["trace_id"], "rating": "down", "comment": "需要QA人数も\n欲しい"},
    )
    assert response.status_code == 201
    assert response.json() == {"trace_id": asked["trace_id"], "stored": True}
    log = TraceLog(api_settings.data_dir / TRACES_FILE)
    rows = [r for r in log.feedback_rows() if r["trace_id"] == asked["trace_id"]]
    log.close()
    assert rows == [
        {
            "trace_id": asked["trace_id"],
            "rating": "down",
            "comment": "需要QA人数も\n欲しい",
            "question": "How many staff work at Baltimore?",
            "answer": asked["answer"],
            "caller": "anonymous",
            "resolved_question": None,
        }
    ]


def test_feedback_on_streamed_answers_and_bad_feedback(client) -> None:
    with client.stream("POST", "/v1/ask/stream", json={"question": "Baltimore staff?"}) as r:
        body = r.read().decode()
    trace_id = body.split('"trace_id": "')[1][:32]
    assert (
        client.post("/v1/feedback", json={"trace_id": trace_id, "rating": "up"}).status_code == 201
    )
    unknown = client.post("/v1/feedback", json={"trace_id": "0" * 32, "rating": "up"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    for bad in (
        {"trace_id": trace_id, "rating": "meh"},
        {"trace_id": "x", "rating": "up"},
        {"trace_id": trace_id, "rating": "up", "comment": "bell\x07"},
        {"trace_id": trace_id, "rating": "up", "comment": "x" * 2001},
        {"trace_id": trace_id, "rating": "up", "extra": True},
    ):
        response = client.post("/v1/feedback", json=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["code"] == "invalid_request"
