"""API fixtures: apps over the shared fixture index, with keys files in temp dirs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import add_key
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.types import Audience

MakeClient = Callable[..., TestClient]


@pytest.fixture
def api_settings(fixture_settings: Settings, tmp_path: Path) -> Settings:
    """The fixture index, with a keys file of our own and a generous anonymous rate."""
    return fixture_settings.model_copy(
        update={"keys_file": tmp_path / "keys.json", "anonymous_rate": "1000/s"}
    )


@pytest.fixture
def make_client(api_settings: Settings, fixture_assistant: Assistant) -> MakeClient:
    """TestClient factory: `make_client(allow_anonymous=False, ...)` overrides settings."""

    def build(**overrides: object) -> TestClient:
        settings = api_settings.model_copy(update=overrides)
        app: FastAPI = create_app(settings, assistant=fixture_assistant)
        return TestClient(app)

    return build


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """A client over the fixture index with default API settings."""
    return make_client()


@pytest.fixture
def keys(api_settings: Settings) -> dict[str, str]:
    """Secrets of a public, an internal, a confidential and an admin key in the keys file."""
    path = api_settings.resolved_keys_file()
    return {
        "public": add_key(path, "portal", audience=Audience.PUBLIC, rate="1000/s"),
        "internal": add_key(path, "booth", audience=Audience.INTERNAL, rate="1000/s"),
        "confidential": add_key(path, "bd-lead", audience=Audience.CONFIDENTIAL, rate="1000/s"),
        "admin": add_key(path, "ops", audience=Audience.INTERNAL, rate="1000/s", admin=True),
    }


def parse_sse(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a Server-Sent Events body."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
        if data:
            events.append((name, "\n".join(data)))
    return events
