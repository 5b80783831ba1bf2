"""How much composing adds to a query: p50/p95 of `timings_ms["compose"]` over a question set.

    python bench/compose.py --data-dir DATA [--questions corpus/questions.jsonl] [--passes 2]
        [--profile 25]

`--profile N` runs the last pass under cProfile and prints its N most expensive functions
(own time) among those the answer step calls, to find where composing spends its time.

The first pass is cold (sentence terms not yet cached), later passes warm. Run it on an index
built from the same corpus (`assistant ingest corpus --data-dir DATA`).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.config import Settings  # noqa: E402
from assistant.engine import Assistant  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=REPO / "corpus" / "questions.jsonl")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--profile", type=int, default=0, help="Print the N costliest calls.")
    parser.add_argument("--sort", default="tottime", help="pstats order: tottime, cumulative.")
    args = parser.parse_args()
    settings = Settings(_env_file=None, data_dir=args.data_dir)  # type: ignore[call-arg]
    assistant = Assistant(settings)
    items = [json.loads(line) for line in args.questions.open(encoding="utf-8")]
    report = {"questions": len(items), "cpus": os.cpu_count()}
    for number in range(1, args.passes + 1):
        compose, total = [], []
        profiler = cProfile.Profile() if args.profile and number == args.passes else None
        if profiler is not None:
            profiler.enable()
        for item in items:
            answer = assistant.ask(item["question"], audience=item.get("audience", "public"))
            compose.append(answer.timings_ms["compose"])
            total.append(answer.timings_ms["total"])
        if profiler is not None:
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
            stats.print_stats(r"assistant/(answer|text)|^re|regex|Stemmer|fugashi", args.profile)
            print(out.getvalue(), file=sys.stderr)
        report[f"pass{number}"] = {
            "compose_ms_p50": round(statistics.median(compose), 2),
            "compose_ms_p95": round(percentile(compose, 0.95), 2),
            "compose_ms_max": round(max(compose), 2),
            "total_ms_p50": round(statistics.median(total), 2),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
