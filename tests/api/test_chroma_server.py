"""Scale-out: a real `chroma run` server on loopback shared by ingestion and API workers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import add_key
from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.engine import Assistant
from assistant.types import Audience
from tests.api.leaks import Restricted
from tests.conftest import FIXTURE_CORPUS, REPO, make_settings, run_ingest

CHROMA = Path(sys.executable).with_name("chroma")
NEW_DOC = """---
id: site-hyderabad-suite-2
title: Hyderabad second OEB5 suite
doc_type: site_fact
lang: en
audience: public
site: hyderabad
---
The Hyderabad site opened a second OEB5 containment suite called Lotus Hall in March 2025.
"""

pytestmark = pytest.mark.slow


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, *, seconds: float, proc: subprocess.Popen, log: Path) -> None:
    """Poll `url` until it answers 200, or fail with the end of the process's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace")[-2000:]
            pytest.fail(f"{proc.args[0]} exited with {proc.returncode}: {out}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds:.0f} s: {log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Terminate a child process we started (and wait for it)."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `chroma run` server on 127.0.0.1 with its data in a temp dir."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma CLI next to {sys.executable}")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = path.parent / "chroma-server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/api/v2/heartbeat", seconds=60, proc=proc, log=log)
        yield url
    finally:
        stop(proc)
        out.close()


@pytest.fixture(scope="module")
def server_settings(chroma_url: str, tmp_path_factory, embedder: Embedder) -> Settings:
    """Settings pointing at the Chroma server, with the fixture corpus ingested through it."""
    settings = make_settings(tmp_path_factory.mktemp("api-data"), chroma_url=chroma_url)
    report = run_ingest(settings, embedder, FIXTURE_CORPUS)
    assert report.ok and report.chunks_written > 0
    return settings


def test_ingest_and_ask_through_a_chroma_server(server_settings, embedder, tmp_path) -> None:
    settings = server_settings.model_copy(update={"keys_file": tmp_path / "k.json"})
    assistant = Assistant(settings, embedder=embedder)
    client = TestClient(create_app(settings, assistant=assistant))
    assert client.get("/readyz").json()["documents"] == 7
    body = client.post("/v1/ask", json={"question": "How many staff work at Baltimore?"}).json()
    assert body["citations"][0]["doc_id"] == "site-baltimore"
    assert "240 staff" in body["answer"]
    restricted = Restricted.from_store(assistant.store())
    for question in ("Tell me about Project TANCHO-9", "TANCHO-9の契約金額は？"):
        response = client.post("/v1/ask", json={"question": question})
        assert restricted.leaks(response.text, asked=question) == []
    assert client.get("/v1/documents/conf-kirin").status_code == 404


def test_admin_ingest_writes_through_the_server_while_serving(
    server_settings, embedder, corpus_copy, tmp_path
) -> None:
    keys_file = tmp_path / "k.json"
    admin = add_key(keys_file, "ops", audience=Audience.PUBLIC, admin=True, rate="100/s")
    settings = server_settings.model_copy(
        update={"keys_file": keys_file, "corpus_paths": [corpus_copy]}
    )
    client = TestClient(create_app(settings, assistant=Assistant(settings, embedder=embedder)))
    question = {"question": "What is the second OEB5 suite at Hyderabad called?"}
    before = client.post("/v1/ask", json=question).json()
    assert "Lotus Hall" not in before["answer"]
    (corpus_copy / "sites" / "hyderabad-suite-2.md").write_text(NEW_DOC, encoding="utf-8")
    response = client.post("/v1/admin/ingest", json={}, headers={"X-API-Key": admin})
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
    assert "sites/hyderabad-suite-2.md" in response.json()["report"]["added"]
    after = client.post("/v1/ask", json=question).json()
    assert "Lotus Hall" in after["answer"]
    assert any(c["doc_id"] == "site-hyderabad-suite-2" for c in after["citations"])


def test_several_uvicorn_workers_share_one_chroma_server(server_settings, tmp_path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": str(server_settings.chroma_url),
        "ASSISTANT_DATA_DIR": str(tmp_path / "worker-data"),
        "ASSISTANT_ANONYMOUS_RATE": "1000/s",
        "ASSISTANT_REQUEST_TIMEOUT_S": "300",
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(REPO),
    }
    uvicorn = shutil.which("uvicorn", path=str(Path(sys.executable).parent)) or "uvicorn"
    log = tmp_path / "uvicorn.log"
    out = log.open("wb")
    proc = subprocess.Popen(
        [
            uvicorn,
            "--factory",
            "api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/readyz", seconds=180, proc=proc, log=log)
        with httpx.Client(base_url=base, timeout=300) as http:
            bodies = [
                http.post("/v1/ask", json={"question": "How many staff work at Baltimore?"})
                for _ in range(6)
            ]
        assert [r.status_code for r in bodies] == [200] * 6
        assert all("240 staff" in r.json()["answer"] for r in bodies)
        assert len({r.json()["trace_id"] for r in bodies}) == 6
    finally:
        stop(proc)
        out.close()
