"""How the glossary bridge's vector is made: embedded as a second text, or combined from vectors.

    python bench/bridge_vectors.py --data-dir /tmp/sample-index --questions corpus/questions.jsonl

For every answerable question of a set (asked at its own audience), retrieves once per way of
making the bridge vector from the same question vector and reports hit@1/hit@5 (documents,
as `assistant eval` counts them) overall, on bridged questions and per tag given:

- `none`: no bridge leg;
- `embedded`: the bridged question ("… (Maryland, Baltimore)") embedded as a second text
  (two embeddings per bridged ask);
- `names+W`: normalize(question vector + W x unit(sum of the cached vectors of each bridged
  name, each embedded alone once per glossary)), one embedding per ask.

Also times one embedding of the question and of its bridged form.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.config import Settings  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.text import detect_lang, normalize, terms  # noqa: E402
from eval.metrics import hit_at_k  # noqa: E402
from eval.questions import load_questions  # noqa: E402


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1."""
    return vector / (float(np.linalg.norm(vector)) or 1.0)


def main() -> None:
    """Parse options, retrieve each question every way, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=REPO / "corpus/questions.jsonl")
    parser.add_argument("--weights", default="0.5,0.75,1.0,1.5")
    parser.add_argument("--tags", default="crosslingual")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()

    assistant = Assistant(Settings(data_dir=args.data_dir), record_gaps=False)
    retriever = assistant._open().retriever
    embedder = assistant.embedder
    name_vectors: dict[str, np.ndarray] = {}
    weights = [float(w) for w in args.weights.split(",") if w.strip()]
    ways = ["none", "embedded", *(f"names+{w:g}" for w in weights)]
    tags = [t for t in args.tags.split(",") if t]
    hits: dict[str, dict[str, list[tuple[float, float]]]] = {
        way: {"all": [], "bridged": [], **{t: [] for t in tags}} for way in ways
    }
    embed_ms: dict[str, list[float]] = {"question": [], "bridged": []}
    for item in load_questions(args.questions):
        if not item.expected_sources:
            continue
        question = normalize(item.question)
        names = retriever.glossary().bridge(question, terms(question), lang=detect_lang(question))
        t0 = time.perf_counter()
        vector = embedder.embed_queries([question])[0]
        t1 = time.perf_counter()
        embed_ms["question"].append((t1 - t0) * 1000)
        bridges: dict[str, np.ndarray | None] = {way: None for way in ways}
        if names:
            bridged = retriever.bridged_question(question) or question
            t2 = time.perf_counter()
            bridges["embedded"] = embedder.embed_queries([bridged])[0]
            embed_ms["bridged"].append((time.perf_counter() - t2) * 1000)
            for name in names:
                if name not in name_vectors:
                    name_vectors[name] = embedder.embed_queries([name])[0]
            names_vector = unit(np.sum([name_vectors[n] for n in names], axis=0))
            for w in weights:
                bridges[f"names+{w:g}"] = unit(vector + w * names_vector)
        for way in ways:
            got = retriever.retrieve_by_vector(
                question,
                vector,
                bridge_vector=bridges[way],
                audience=item.audience,
                k=args.k,
            )
            docs = list(dict.fromkeys(h.chunk.doc_id for h in got.hits))
            pair = (
                hit_at_k(docs, item.expected_sources, 1),
                hit_at_k(docs, item.expected_sources, 5),
            )
            hits[way]["all"].append(pair)
            if names:
                hits[way]["bridged"].append(pair)
            for tag in tags:
                if tag in item.tags:
                    hits[way][tag].append(pair)

    def rates(pairs: list[tuple[float, float]]) -> dict[str, float]:
        return {
            "n": len(pairs),
            "hit@1": round(statistics.fmean(p[0] for p in pairs), 3) if pairs else 0.0,
            "hit@5": round(statistics.fmean(p[1] for p in pairs), 3) if pairs else 0.0,
        }

    report = {
        "embed_p50_ms": {k: round(statistics.median(v), 1) for k, v in embed_ms.items() if v},
        "ways": {way: {group: rates(p) for group, p in by.items()} for way, by in hits.items()},
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
