"""Rate limits across workers: memory storage counts per process, a real Redis across all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.ratelimit import RateLimiter
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.errors import ConfigError
from tests.api.test_chroma_server import free_port, stop, wait_http
from tests.conftest import REPO

REDIS = shutil.which("redis-server")


def test_a_moving_window_refuses_the_request_over_the_limit() -> None:
    limiter = RateLimiter("memory://")
    assert limiter.take("k", rate_per_s=2.0, burst=2) == 0.0
    assert limiter.take("k", rate_per_s=2.0, burst=2) == 0.0
    wait = limiter.take("k", rate_per_s=2.0, burst=2)
    assert 0.0 < wait <= 1.0
    assert limiter.take("other", rate_per_s=2.0, burst=2) == 0.0
    time.sleep(wait + 0.05)
    assert limiter.take("k", rate_per_s=2.0, burst=2) == 0.0


def test_an_unusable_storage_url_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_RATE_LIMIT_STORAGE"):
        RateLimiter("carrier-pigeon://loft")


def test_memory_storage_counts_each_worker_alone(
    api_settings: Settings, fixture_assistant: Assistant
) -> None:
    """The reason for Redis: two processes with memory storage allow twice the rate."""
    settings = api_settings.model_copy(update={"anonymous_rate": "30/min"})
    workers = [TestClient(create_app(settings, assistant=fixture_assistant)) for _ in range(2)]
    statuses = [workers[i % 2].get("/v1/facets").status_code for i in range(40)]
    assert statuses == [200] * 40


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on 127.0.0.1, nothing persisted, stopped after the test."""
    if REDIS is None:
        pytest.skip("redis-server is not installed (scripts/install-redis.sh)")
    port = free_port()
    log = tmp_path / "redis.log"
    proc = subprocess.Popen(
        [REDIS, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
        + ["--dir", str(tmp_path), "--logfile", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while not RateLimiter(url)._storage.check():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        stop(proc)


@pytest.mark.slow
def test_redis_storage_limits_two_workers_together(
    fixture_settings: Settings, redis_url: str, tmp_path: Path
) -> None:
    """Two uvicorn workers share one Redis: the 31st anonymous request in a minute is refused,
    whichever worker gets it."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "OMP_NUM_THREADS": "1",
        "ASSISTANT_DATA_DIR": str(fixture_settings.data_dir),
        "ASSISTANT_KEYS_FILE": str(tmp_path / "keys.json"),
        "ASSISTANT_ANONYMOUS_RATE": "30/min",
        "ASSISTANT_RATE_LIMIT_STORAGE": redis_url,
        "ANONYMIZED_TELEMETRY": "False",
    }
    urls: list[str] = []
    procs: list[subprocess.Popen] = []
    try:
        for n in range(2):
            port = free_port()
            log = tmp_path / f"worker{n}.log"
            with log.open("wb") as out:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
                        + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                        cwd=REPO,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
            wait_http(f"{urls[-1]}/readyz", seconds=120, proc=procs[-1], log=log)
        responses = [httpx.get(f"{urls[i % 2]}/v1/facets", timeout=30) for i in range(30)]
        assert [r.status_code for r in responses] == [200] * 30
        assert "baltimore" in responses[-1].json()["sites"]
        for url in urls:  # the 31st, on either worker
            refused = httpx.get(f"{url}/v1/facets", timeout=30)
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "rate_limited"
            assert 1 <= int(refused.headers["Retry-After"]) <= 60
    finally:
        for proc in procs:
            stop(proc)
