"""Browser fixtures: the real app served by uvicorn on loopback, and Debian's headless Chromium.

The browser is never downloaded: Playwright drives /usr/bin/chromium (`make install-test`
installs it through scripts/install-chromium.sh). Without it these tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import Assistant
from tests.conftest import REPO

CHROMIUM = os.environ.get("ASSISTANT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = REPO / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(fixture_settings: Settings, fixture_assistant: Assistant) -> Iterator[str]:
    """The real app over the fixture index, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from api.app import create_app

    port = _free_port()
    # Every browser test asks from 127.0.0.1: lift the anonymous per-IP rate so they never 429.
    settings = fixture_settings.model_copy(update={"anonymous_rate": "1000/min"})
    config = uvicorn.Config(
        create_app(settings, assistant=fixture_assistant),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright; skips when it is not installed."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run `make install-test` (scripts/install-chromium.sh)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is missing: pip install -e '.[dev]'"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class ConsoleLog:
    """Console errors, uncaught exceptions and requests of a page; tests assert on them."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def watch(self, page: object) -> None:
        """Record the errors and requested URLs of `page`."""
        page.on("request", lambda r: self.requests.append(r.url))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "console", lambda m: self.errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))  # type: ignore[attr-defined]

    def offsite(self, base: str) -> list[str]:
        """Requested URLs that are not served by the app at `base` (the booth must run offline)."""
        return [url for url in self.requests if not url.startswith((base + "/", "data:"))]


@pytest.fixture
def console() -> ConsoleLog:
    """A fresh console-error log for one test."""
    return ConsoleLog()


def screenshot(page: object, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot under artifacts/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path
