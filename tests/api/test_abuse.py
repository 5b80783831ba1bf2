"""Bad input and abuse: every refusal is a 4xx in the one error shape, never a 5xx."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
ASK_LIKE = st.fixed_dictionaries(
    {"question": st.one_of(st.text(max_size=60), JSON)},
    optional={
        "lang": st.one_of(st.sampled_from(["ja", "en", "fr", ""]), JSON),
        "top_k": st.one_of(st.integers(-5, 80), JSON),
        "audience": st.one_of(st.sampled_from(["public", "internal", "secret"]), JSON),
        "filters": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "site": st.text(max_size=12),
                    "modalities": st.lists(st.text(max_size=8), max_size=12),
                    "date_from": st.sampled_from(["2024-01-01", "2024-13-99", "yesterday"]),
                    "doc_type": st.text(max_size=10),
                },
            ),
            JSON,
        ),
    },
)


def assert_well_refused(response) -> None:
    """A 2xx answer, or a 4xx with the error shape and no internals."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
        assert "Traceback" not in response.text and "/tmp/" not in response.text


def test_fuzzed_bodies_never_cause_5xx(client) -> None:
    @FUZZ
    @given(body=st.one_of(ASK_LIKE, JSON))
    def check(body: object) -> None:
        # Serialised here, not by httpx: its encoder refuses NaN/Infinity (a flaky
        # client-side ValueError), while a hostile client can send them raw.
        content = json.dumps(body)
        headers = {"content-type": "application/json"}
        for path in ("/v1/ask", "/v1/feedback"):
            assert_well_refused(client.post(path, content=content, headers=headers))

    check()


def test_fuzzed_raw_bytes_and_paths_never_cause_5xx(client) -> None:
    @FUZZ
    @given(raw=st.binary(max_size=200), doc_id=st.text(min_size=1, max_size=60))
    def check(raw: bytes, doc_id: str) -> None:
        for content_type in ("application/json", "text/plain"):
            response = client.post("/v1/ask", content=raw, headers={"content-type": content_type})
            assert_well_refused(response)
        quoted = "".join(c if c.isalnum() else f"%{ord(c) % 256:02X}" for c in doc_id)
        assert_well_refused(client.get(f"/v1/documents/{quoted}"))

    check()


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(api_settings, fixture_assistant) -> None:
    app = create_app(api_settings, assistant=fixture_assistant)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/ask", "/v1/ask/stream", "/v1/feedback"}
    for operation in operations:

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case) -> None:
            assert_well_refused(case.call())

        check()


def test_specific_bad_inputs(make_client) -> None:
    client = make_client()
    cases = [
        ({"question": "x" * 2001}, 422, "invalid_question", "2001 characters"),
        ({"question": "ok\x00?"}, 422, "invalid_question", "control characters"),
        ({"question": 42}, 422, "invalid_request", "question"),
        ({"question": "ok", "top_k": "5"}, 422, "invalid_request", "top_k"),
        ({"question": "ok", "top_k": 0}, 422, "invalid_request", "top_k"),
        ({"question": "ok", "lang": "fr"}, 422, "invalid_request", "lang"),
        ({"question": "ok", "filters": {"colour": "red"}}, 422, "invalid_request", "colour"),
        ({"question": "ok", "filters": {"date_from": "May"}}, 422, "invalid_request", "date"),
        ({}, 422, "invalid_request", "question"),
    ]
    for body, status, code, words in cases:
        response = client.post("/v1/ask", json=body)
        assert response.status_code == status, body
        assert response.json()["error"]["code"] == code
        assert words in response.json()["error"]["message"]
    big = json.dumps({"question": "a" * 20_000})
    response = client.post("/v1/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    response = client.post("/v1/ask", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 422
    padded = client.post("/v1/ask", json={"question": "  " + "Baltimore staff? " * 110 + "  "})
    assert padded.status_code == 200
    assert client.get("/v1/ask").status_code == 405


def test_slow_answers_time_out_with_504(make_client) -> None:
    client = make_client(request_timeout_s=0.001)
    response = client.post("/v1/ask", json={"question": "How many staff work at Baltimore?"})
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "timeout"
    with client.stream("POST", "/v1/ask/stream", json={"question": "Baltimore staff?"}) as r:
        body = r.read().decode()
    assert "event: error" in body and '"timeout"' in body
