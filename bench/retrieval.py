"""Retrieval latency (p50/p95, query embedding excluded), BM25 rebuild time and peak memory.

    python bench/retrieval.py --chunks 10000
    python bench/retrieval.py --chunks 100000 --queries 100

Builds a synthetic bilingual index (Japanese and English chunk texts from a fixed vocabulary,
random unit vectors, mixed audiences, sites and modalities) in /tmp/retrieval-bench/synthetic-N
(reused across runs), then times HybridRetriever.retrieve_by_vector with pre-computed query
vectors: both legs, fusion, near-duplicate collapse and the per-document cap, with and without
metadata filters. Peak memory is the process's max RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.retrieval.hybrid import HybridRetriever  # noqa: E402
from assistant.retrieval.lexical import Bm25Index  # noqa: E402
from assistant.retrieval.live import LiveBm25Index  # noqa: E402
from assistant.store.chroma import ChromaStore  # noqa: E402
from assistant.text import document_index_terms  # noqa: E402
from assistant.types import Audience, Chunk, SearchFilters  # noqa: E402

DIM = 384
JA_WORDS = [
    "抗体",
    "薬物",
    "複合体",
    "高薬理活性",
    "原薬",
    "封じ込め",
    "設備",
    "製造",
    "拠点",
    "技術移転",
    "品質",
    "保証",
    "バッチ",
    "規格",
    "試験",
    "出荷",
    "査察",
    "指摘",
    "是正",
    "措置",
    "培養",
    "精製",
    "充填",
    "凍結乾燥",
    "スケールアップ",
    "ペプチド",
    "核酸",
    "低分子",
    "治験薬",
    "商用",
    "供給",
    "契約",
    "監査",
    "逸脱",
    "変更",
    "管理",
    "記録",
    "従業員",
    "能力",
    "容量",
]
EN_WORDS = [
    "antibody",
    "drug",
    "conjugate",
    "potent",
    "containment",
    "isolator",
    "manufacturing",
    "site",
    "transfer",
    "quality",
    "assurance",
    "batch",
    "specification",
    "release",
    "inspection",
    "observation",
    "corrective",
    "action",
    "culture",
    "purification",
    "fill",
    "finish",
    "lyophilization",
    "scale",
    "peptide",
    "oligonucleotide",
    "small",
    "molecule",
    "clinical",
    "commercial",
    "supply",
    "agreement",
    "audit",
    "deviation",
    "change",
    "control",
    "record",
    "staff",
    "capacity",
    "bioreactor",
    "campaign",
    "validation",
]
SITES = ("baltimore", "hyderabad", "bengaluru", "tokyo")
MODALITIES = ("mab", "adc", "hpapi", "peptide", "oligo", "small_molecule")
CODES = ("OEB5", "2,000L", "PPQ", "GMP", "CAPA", "DAR")


class _NoEmbedder:
    """Query vectors are precomputed; embedding is excluded from the timings."""

    name = "synthetic-random-unit-vectors"
    dim = DIM

    def embed_queries(self, texts):  # pragma: no cover - never called
        raise RuntimeError("the latency benchmark passes query vectors directly")


def synthetic_text(rng: np.random.Generator, lang: str) -> str:
    words = JA_WORDS if lang == "ja" else EN_WORDS
    picked = list(rng.choice(words, size=int(rng.integers(40, 90)))) + [rng.choice(CODES)]
    if lang == "ja":
        return "".join(w + ("は" if i % 5 == 0 else "の") for i, w in enumerate(picked)) + "。"
    return " ".join(picked) + "."


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def build(path: Path, n: int) -> ChromaStore:
    """The synthetic index of n chunks (made once, then reused)."""
    store = ChromaStore.open(
        data_dir=path,
        chroma_url=None,
        collection="chunks",
        embedder_name=_NoEmbedder.name,
        dim=DIM,
        create=True,
    )
    have = store.count()
    if have >= n:
        return store
    rng = np.random.default_rng(have + 7)
    started = time.perf_counter()
    for start in range(have, n, 1000):
        size = min(1000, n - start)
        chunks, terms = [], []
        for i in range(start, start + size):
            lang = "ja" if i % 2 else "en"
            text = synthetic_text(rng, lang)
            audience = ("public", "public", "internal", "confidential")[i % 4]
            meta = {
                "title": f"Synthetic document {i // 3}",
                "doc_type": "case_study",
                "lang": lang,
                "audience": audience,
                "site": SITES[i % 4],
                "modalities": [MODALITIES[i % 6], MODALITIES[(i // 6) % 6]],
                "date": f"20{18 + i % 7}-0{1 + i % 9}-15",
                "source": f"synthetic/{i // 3}.md",
            }
            chunks.append(
                Chunk(
                    id=f"doc{i // 3}#{i % 3}",
                    doc_id=f"doc{i // 3}",
                    text=text,
                    lang=lang,
                    position=i % 3,
                    metadata=meta,
                )
            )
            terms.append(" ".join(document_index_terms(text)))
        store.upsert(chunks, unit(rng, size), terms=terms)
    store.bump_generation()
    print(f"built {n} synthetic chunks in {time.perf_counter() - started:.0f}s")
    return store


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    path = Path("/tmp/retrieval-bench") / f"synthetic-{args.chunks}"
    store = build(path, args.chunks)

    started = time.perf_counter()
    index = Bm25Index.from_store(store)
    read_s = time.perf_counter() - started
    t0 = time.perf_counter()
    for audience in Audience:
        index.warm(audience)
    build_s = time.perf_counter() - t0
    print(
        f"BM25 rebuild at {len(index)} chunks: {read_s + build_s:.1f}s "
        f"(read terms and vectors from Chroma {read_s:.1f}s, three audience indexes {build_s:.1f}s)"
    )

    live = LiveBm25Index(store, refresh_seconds=2.0)
    retriever = HybridRetriever(store, _NoEmbedder(), lexical=live)  # type: ignore[arg-type]
    rng = np.random.default_rng(1)
    questions = [
        (
            "高薬理活性原薬の封じ込め設備とOEB5の製造拠点は？"
            if i % 2
            else "Which site has PPQ campaign validation for antibody drug conjugate batches?"
        )
        for i in range(args.queries)
    ]
    vectors = unit(rng, args.queries)
    for q, v in zip(questions[:5], vectors[:5], strict=True):  # warm caches and the index
        retriever.retrieve_by_vector(q, v, audience=Audience.PUBLIC, k=8)
    for label, filters in (
        ("no filter", None),
        ("site+modality filter", SearchFilters(site="hyderabad", modalities=("adc", "hpapi"))),
    ):
        for audience in (Audience.PUBLIC, Audience.CONFIDENTIAL):
            timings = []
            for q, v in zip(questions, vectors, strict=True):
                t = time.perf_counter()
                retriever.retrieve_by_vector(q, v, audience=audience, k=8, filters=filters)
                timings.append((time.perf_counter() - t) * 1000)
            print(
                f"{args.chunks} chunks, {audience.value:12s} {label:20s}: "
                f"p50 {percentile(timings, 50):.1f} ms  p95 {percentile(timings, 95):.1f} ms"
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
