"""Access control end to end: as `public`, nothing of any non-public document comes back.

Every probe goes through every door (ask, ask in the other language, stream, documents,
facets), anonymously, with a public key, and with a confidential key lowered to public.
Removing the audience clause from `assistant.store.filters.filter_clauses` makes these tests fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import add_key
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.types import Audience
from tests.api.leaks import Restricted
from tests.conftest import REPO

FIXTURE_PROBES = [
    "Tell me about Project TANCHO-9",
    "TANCHO-9",
    "TANCHO-9のバッチ数と契約金額を教えてください。",
    "How much was the TANCHO-9 supply agreement worth?",
    "What is the price floor for a 2,000 L mAb batch?",
    "2,000Lの抗体バッチの最低価格はいくらですか？",
    "Which bispecific programs did Baltimore run for Japanese sponsors?",
]


def leak_probe_questions(path: Path) -> list[str]:
    """The `leak-probe` questions of a question set."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [item["question"] for item in items if "leak-probe" in item.get("tags", [])]


def public_doors(keys: dict[str, str]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(headers, extra body) ways of asking as public: anonymous, public key, lowered key."""
    return [
        ({}, {}),
        ({"X-API-Key": keys["public"]}, {}),
        ({"Authorization": f"Bearer {keys['confidential']}"}, {"audience": "public"}),
    ]


def probe(client: TestClient, restricted: Restricted, questions: list[str], keys) -> list[str]:
    """Ask every question through every public door; return a line per leak found."""
    found: list[str] = []
    doors = public_doors(keys)
    for i, question in enumerate(questions):
        headers, extra = doors[i % len(doors)]
        other = "en" if any(ord(ch) > 0x3000 for ch in question) else "ja"
        calls = [
            ("/v1/ask", {"question": question, **extra}),
            ("/v1/ask", {"question": question, "lang": other, "top_k": 20, **extra}),
            ("/v1/ask/stream", {"question": question, **extra}),
        ]
        for path, body in calls:
            response = client.post(path, json=body, headers=headers)
            assert response.status_code == 200, response.text
            for leak in restricted.leaks(response.text, asked=question):
                found.append(f"{path} {question!r}: {leak!r}")
    for doc_id in sorted(restricted.doc_ids):
        for headers, extra in doors:
            query = "?audience=public" if extra else ""
            response = client.get(f"/v1/documents/{doc_id}{query}", headers=headers)
            missing = client.get(f"/v1/documents/{doc_id}-nope{query}", headers=headers)
            if (response.status_code, response.json().get("error", {}).get("code")) != (
                missing.status_code,
                missing.json()["error"]["code"],
            ):
                found.append(f"/v1/documents/{doc_id}{query}: status {response.status_code}")
            for leak in restricted.leaks(response.text, asked=doc_id):
                found.append(f"/v1/documents/{doc_id}: {leak!r}")
    for headers, extra in doors:
        query = "?audience=public" if extra else ""
        facets = client.get(f"/v1/facets{query}", headers=headers).json()
        shown = {value for values in facets.values() for value in values}
        found += [f"/v1/facets: {value!r}" for value in restricted.facet_values & shown]
    return found


def keys_for(settings: Settings) -> dict[str, str]:
    """A public and a confidential key in the settings' keys file."""
    path = settings.resolved_keys_file()
    return {
        "public": add_key(path, "portal", audience=Audience.PUBLIC, rate="1000/s"),
        "confidential": add_key(path, "lead", audience=Audience.CONFIDENTIAL, rate="1000/s"),
    }


def client_for(settings: Settings, assistant: Assistant, tmp_path: Path) -> tuple[TestClient, dict]:
    """A client over `settings`' index with a fresh keys file and no anonymous rate limit."""
    settings = settings.model_copy(
        update={"keys_file": tmp_path / "keys.json", "anonymous_rate": "1000/s"}
    )
    return TestClient(create_app(settings, assistant=assistant)), keys_for(settings)


def test_fixture_corpus_leaks_nothing_to_public(fixture_settings, fixture_assistant, tmp_path):
    client, keys = client_for(fixture_settings, fixture_assistant, tmp_path)
    restricted = Restricted.from_store(fixture_assistant.store())
    assert {"conf-kirin", "faq-pricing"} <= restricted.doc_ids
    assert "TANCHO-9" in restricted.code_names
    questions = FIXTURE_PROBES + restricted.probes()
    assert probe(client, restricted, questions, keys) == []


def test_the_leak_check_sees_restricted_text(fixture_settings, fixture_assistant, tmp_path):
    """The same probes with a confidential ceiling do surface restricted text: the check works."""
    client, keys = client_for(fixture_settings, fixture_assistant, tmp_path)
    restricted = Restricted.from_store(fixture_assistant.store())
    headers = {"X-API-Key": keys["confidential"]}
    response = client.post("/v1/ask", json={"question": FIXTURE_PROBES[3]}, headers=headers)
    assert "TANCHO-9" in restricted.leaks(response.text, asked=FIXTURE_PROBES[3])
    response = client.get("/v1/documents/conf-kirin", headers=headers)
    assert response.status_code == 200
    assert restricted.leaks(response.text, asked="conf-kirin")
    facets = client.get("/v1/facets", headers=headers).json()
    assert facets["sites"] and facets["doc_types"]


@pytest.fixture
def sample_index(sample_settings: Settings) -> Settings:
    """The bundled sample corpus, ingested once per session (tests/conftest.py)."""
    return sample_settings


@pytest.mark.slow
def test_sample_corpus_leak_probes_leak_nothing(sample_index, embedder, tmp_path):
    assistant = Assistant(sample_index, embedder=embedder)
    client, keys = client_for(sample_index, assistant, tmp_path)
    restricted = Restricted.from_store(assistant.store())
    questions = leak_probe_questions(REPO / "corpus" / "questions.jsonl")
    assert len(questions) >= 10
    assert {"SUZURAN-7", "AZALEA-402"} <= restricted.code_names
    assert probe(client, restricted, questions + restricted.probes(), keys) == []
