import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.keys import add_key, hash_key, parse_rate, read_keys_file
from assistant.config import ApiKeySpec
from assistant.errors import ConfigError
from assistant.types import Audience
from cli import app as cli_app

PRICING = "What is the price floor for 2,000 L mAb batches?"


def test_keys_raise_the_ceiling_and_requests_can_lower_it(make_client, keys) -> None:
    client = make_client()
    anonymous = client.post("/v1/ask", json={"question": PRICING}).json()
    assert "faq-pricing" not in json.dumps(anonymous)
    internal = client.post(
        "/v1/ask", json={"question": PRICING}, headers={"X-API-Key": keys["internal"]}
    ).json()
    assert internal["citations"][0]["doc_id"] == "faq-pricing"
    assert "1.1 million USD" in internal["answer"]
    bearer = client.post(
        "/v1/ask",
        json={"question": PRICING, "audience": "public"},
        headers={"Authorization": f"Bearer {keys['internal']}"},
    ).json()
    assert "1.1 million" not in json.dumps(bearer)
    again = client.post("/v1/ask", json={"question": PRICING}).json()
    assert "cache" in again["timings_ms"]
    assert "faq-pricing" not in json.dumps(again)
    response = client.get(
        "/v1/documents/faq-pricing", headers={"Authorization": f"Bearer {keys['internal']}"}
    )
    assert response.json()["text"].startswith("Internal guidance: quote 2,000 L mAb batches")


def test_raising_the_ceiling_is_refused(client, keys) -> None:
    for headers in ({}, {"X-API-Key": keys["public"]}, {"X-API-Key": keys["internal"]}):
        response = client.post(
            "/v1/ask", json={"question": PRICING, "audience": "confidential"}, headers=headers
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "access_denied"
        assert "above this key's ceiling" in response.json()["error"]["message"]
    response = client.get("/v1/documents/conf-kirin?audience=confidential")
    assert response.status_code == 403


def test_unknown_keys_and_anonymous_refusal(make_client, keys) -> None:
    client = make_client(allow_anonymous=False)
    response = client.post("/v1/ask", json={"question": PRICING})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "X-API-Key" in response.json()["error"]["message"]
    response = client.post("/v1/ask", json={"question": PRICING}, headers={"X-API-Key": "sqa_x"})
    assert response.status_code == 401
    assert "not valid" in response.json()["error"]["message"]
    ok = client.post("/v1/ask", json={"question": PRICING}, headers={"X-API-Key": keys["public"]})
    assert ok.status_code == 200
    assert client.get("/healthz").status_code == 200


def test_keys_in_settings_and_file_reload(make_client, api_settings) -> None:
    spec = ApiKeySpec(name="cfg", sha256=hash_key("from-settings"), audience=Audience.INTERNAL)
    client = make_client(api_keys=[spec], allow_anonymous=False)
    response = client.get("/v1/documents/faq-pricing", headers={"X-API-Key": "from-settings"})
    assert response.status_code == 200
    secret = add_key(api_settings.resolved_keys_file(), "late", audience=Audience.PUBLIC)
    response = client.get("/v1/documents/faq-response-time", headers={"X-API-Key": secret})
    assert response.status_code == 200
    stored = api_settings.resolved_keys_file().read_text()
    assert secret not in stored and hash_key(secret) in stored


def test_rate_limit_answers_429_with_retry_after(make_client, api_settings) -> None:
    slow = add_key(
        api_settings.resolved_keys_file(), "slow", audience=Audience.PUBLIC, rate="2/min"
    )
    client = make_client(anonymous_rate="3/min")
    statuses = [client.get("/v1/facets").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/v1/facets")
    assert response.json()["error"]["code"] == "rate_limited"
    # A moving window: the oldest of the 3 requests leaves the minute in up to 60 s.
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    headers = {"X-API-Key": slow}
    statuses = [client.get("/v1/facets", headers=headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/healthz").status_code == 200


def test_admin_routes_need_an_admin_key(make_client, keys, corpus_copy) -> None:
    client = make_client()
    for headers in ({}, {"X-API-Key": keys["confidential"]}):
        response = client.post("/v1/admin/ingest", json={}, headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    admin = {"X-API-Key": keys["admin"]}
    response = client.post("/v1/admin/ingest", json={}, headers=admin)
    assert response.status_code == 400
    assert "ASSISTANT_CORPUS_PATHS" in response.json()["error"]["message"]
    client = make_client(corpus_paths=[corpus_copy])
    response = client.post("/v1/admin/ingest", json={"paths": ["/etc"]}, headers=admin)
    assert response.status_code == 400
    assert "outside the configured corpus paths" in response.json()["error"]["message"]


def test_parse_rate_and_bad_keys_file(tmp_path) -> None:
    assert parse_rate("60/min") == (1.0, 60)
    assert parse_rate("5/s") == (5.0, 5)
    with pytest.raises(ConfigError, match="60/min"):
        parse_rate("fast")
    bad = tmp_path / "keys.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot be read"):
        read_keys_file(bad)


def test_cli_keys_add_prints_the_key_once(tmp_path) -> None:
    runner = CliRunner()
    args = ["keys", "add", "booth", "--audience", "internal", "--rate", "10/s"]
    result = runner.invoke(cli_app, [*args, "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("sqa_")
    (spec,) = read_keys_file(tmp_path / "api-keys.json")
    assert (spec.name, spec.audience, spec.rate, spec.admin) == (
        "booth",
        Audience.INTERNAL,
        "10/s",
        False,
    )
    assert spec.sha256 == hash_key(secret)
    again = runner.invoke(cli_app, [*args, "--data-dir", str(tmp_path)])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_cors_only_for_configured_origins(make_client) -> None:
    client: TestClient = make_client(cors_origins=["https://portal.example.jp"])
    preflight = {"Access-Control-Request-Method": "POST"}
    ok = client.options("/v1/ask", headers={"Origin": "https://portal.example.jp", **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://portal.example.jp"
    evil = client.options("/v1/ask", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in evil.headers
    response = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_admin_gaps_lists_unanswered_questions_up_to_the_ceiling(make_client, keys) -> None:
    client = make_client()
    odd = "Which football team won the 1998 world cup final?"
    assert client.post("/v1/ask", json={"question": odd}).json()["abstained"] is True
    assert client.get("/v1/admin/gaps").status_code == 403
    groups = client.get("/v1/admin/gaps", headers={"X-API-Key": keys["admin"]}).json()["groups"]
    asked = [q["question"] for group in groups for q in group["questions"]]
    assert odd in asked
    assert all(q["audience"] in {"public", "internal"} for g in groups for q in g["questions"])
