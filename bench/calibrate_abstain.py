"""Calibrate the abstain threshold and measure the answer goals of issue 7.

    python bench/calibrate_abstain.py [--sets sample,jsquad,squad] [--out FILE.json]

Sets:
- `sample`: corpus/ with corpus/questions.jsonl. Structured records (YAML, CSV) are staged as
  JSONL records so the foundation's loaders can read them; PDF/DOCX/HTML are left out when
  the ingest in this checkout cannot read them (the report says which).
- `jsquad`, `squad`: ../shared/data/*-dev. Unanswerable questions are made by indexing only
  half of the articles: questions about the other half have no source in the index.

Every question goes through `Assistant.ask` with a composer that never abstains, so the
evidence strength of each question and the answer it would get are both known; the curve of
abstain rates over thresholds (and over the coverage weight) is then computed offline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.answer.citecheck import citation_problems  # noqa: E402
from assistant.answer.evidence import (  # noqa: E402
    COVERAGE_WEIGHT,
    MISSING_WEIGHT,
    UNKNOWN_WEIGHT,
    hit_terms,
    measure_evidence,
    unknown_share,
)  # noqa: E402
from assistant.answer.extractive import ExtractiveComposer  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.text import detect_lang, fold, normalize, terms  # noqa: E402
from assistant.types import Audience  # noqa: E402
from ingest.ingestor import Ingestor  # noqa: E402

WORK = Path(os.environ.get("CALIBRATION_DIR", "/tmp/answers-calibration"))
SHARED = REPO.parent / "shared" / "data"
COVERAGE_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
MAX_ANSWERABLE_ABSTAIN = 0.05


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def stage_sample(corpus: Path, target: Path) -> list[str]:
    """Copy corpus/ so the foundation loaders read it; records become JSONL. Returns skipped."""
    if target.exists():
        shutil.rmtree(target)
    skipped = []
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus)
        if not path.is_file() or rel.name in {"README.md", "questions.jsonl"}:
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in {".md", ".jsonl", ".txt"} or rel.name == "glossary.yaml":
            shutil.copy(path, out)
        elif path.suffix in {".yaml", ".yml"}:
            records = yaml.safe_load(path.read_text(encoding="utf-8"))
            _write_jsonl(out.with_suffix(".jsonl"), [_jsonable(r) for r in records])
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            for row in rows:
                row["modalities"] = [m for m in (row.get("modalities") or "").split(";") if m]
            _write_jsonl(out.with_suffix(".jsonl"), rows)
        else:
            skipped.append(str(rel))
    return skipped


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stage_dev(name: str, target: Path) -> tuple[list[dict[str, Any]], set[str]]:
    """Half of the articles of a dev set as a JSONL corpus; the questions; the indexed ids."""
    folder = SHARED / f"{name}-dev"
    records = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    articles = sorted({r["id"].split("p")[0] for r in records})
    kept_articles = set(articles[::2])
    kept = [{**r, "audience": "public"} for r in records if r["id"].split("p")[0] in kept_articles]
    target.mkdir(parents=True, exist_ok=True)
    _write_jsonl(target / "corpus.jsonl", kept)
    questions = [json.loads(line) for line in (folder / "questions.jsonl").open(encoding="utf-8")]
    return questions, {r["id"] for r in kept}


def build_index(name: str, source: Path) -> Settings:
    """Ingest `source` into a cached data dir (unchanged files are skipped on re-runs)."""
    settings = Settings(_env_file=None, data_dir=WORK / f"index-{name}")  # type: ignore[call-arg]
    started = time.perf_counter()
    report = Ingestor.from_settings(settings).run([source])
    print(
        f"[{name}] ingest: {len(report.added)} added, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return settings


def run_questions(settings: Settings, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ask every question with a never-abstaining composer; keep what the metrics need."""
    never = ExtractiveComposer(threshold=float("-inf"))
    assistant = Assistant(settings, composer=never)
    retriever = assistant._open().retriever
    rows = []
    for item in questions:
        audience = item.get("audience", "public")
        answer = assistant.ask(item["question"], audience=audience)
        # The composer sees the question as the retriever bridged it; measure the same text.
        asked = normalize(item["question"])
        q_terms = terms(retriever.bridged_question(asked) or asked)
        unknown = retriever.unknown_terms(asked, audience=Audience(audience))
        # The composer's own evidence (it also drops unknown terms the hits hold in other words).
        bridged = retriever.bridged_question(asked) or asked
        evidence = never.compose(
            bridged, lang=detect_lang(asked), hits=answer.hits, unknown_terms=unknown
        ).evidence or measure_evidence(q_terms, answer.hits, unknown=unknown_share(asked, unknown))
        seen = set().union(*(hit_terms(h) for h in answer.hits)) if answer.hits else set()
        text = fold(answer.text)
        rows.append(
            {
                "id": item["id"],
                "lang": item["lang"],
                "tags": item.get("tags", []),
                "answerable": bool(item["expected_sources"]),
                "dense": evidence.dense,
                "coverage": evidence.coverage,
                "missing_share": evidence.missing,
                "unknown_share": evidence.unknown,
                "unknown": list(unknown),
                "q_terms": q_terms,
                "missing": sorted(set(q_terms) - seen),
                "hit_ids": [h.chunk.id for h in answer.hits],
                "contains": any(fold(s) in text for s in item.get("answer_contains", [])),
                "cited": sorted({c.doc_id for c in answer.citations}),
                "expected": item["expected_sources"],
                "problems": citation_problems(answer, ceiling=audience),
                "restricted_hit": any(
                    not Audience(audience).allows(h.chunk.audience) for h in answer.hits
                ),
                "compose_ms": answer.timings_ms.get("compose", 0.0),
            }
        )
    return rows


def _strength(row: dict[str, Any], weight: float) -> float:
    """The evidence strength with coverage weight `weight` (other weights as configured)."""
    return (
        row["dense"]
        + weight * row["coverage"]
        - MISSING_WEIGHT * row["missing_share"]
        - UNKNOWN_WEIGHT * row["unknown_share"]
    )


def curve(rows: list[dict[str, Any]], weight: float) -> list[dict[str, float]]:
    """Abstain rates of answerable and unanswerable questions at each threshold."""
    points = []
    for step in range(60, 101):
        threshold = step / 100
        yes = [r for r in rows if r["answerable"]]
        no = [r for r in rows if not r["answerable"] and "leak-probe" not in r["tags"]]

        def abstains(r: dict[str, Any], threshold: float = threshold) -> bool:
            return _strength(r, weight) < threshold

        points.append(
            {
                "threshold": threshold,
                "answerable_abstain": sum(map(abstains, yes)) / max(len(yes), 1),
                "unanswerable_abstain": sum(map(abstains, no)) / max(len(no), 1),
            }
        )
    return points


def best_point(points: list[dict[str, float]]) -> dict[str, float]:
    """The highest threshold whose answerable abstain rate stays within the budget."""
    ok = [p for p in points if p["answerable_abstain"] <= MAX_ANSWERABLE_ABSTAIN]
    return max(ok, key=lambda p: (p["unanswerable_abstain"], -p["threshold"])) if ok else points[0]


def answer_metrics(rows: list[dict[str, Any]], *, weight: float, threshold: float) -> dict:
    """The issue's goals at one operating point."""

    def abstains(r: dict[str, Any]) -> bool:
        return _strength(r, weight) < threshold

    yes = [r for r in rows if r["answerable"]]
    out: dict[str, Any] = {"answerable": len(yes)}
    for lang in ("ja", "en", None):
        subset = [r for r in yes if lang is None or r["lang"] == lang]
        found = [r for r in subset if not abstains(r) and r["contains"]]
        out[f"contains_{lang or 'all'}"] = round(len(found) / max(len(subset), 1), 3)
    cited = [(r["cited"], r["expected"]) for r in yes if not abstains(r) and r["cited"]]
    good = sum(len(set(c) & set(e)) for c, e in cited)
    out["citation_precision"] = round(good / max(sum(len(c) for c, _ in cited), 1), 3)
    unans = [
        r
        for r in rows
        if "unanswerable" in r["tags"] or (not r["answerable"] and "leak-probe" not in r["tags"])
    ]
    out["unanswerable_abstain"] = round(sum(map(abstains, unans)) / max(len(unans), 1), 3)
    out["answerable_abstain"] = round(sum(map(abstains, yes)) / max(len(yes), 1), 3)
    probes = [r for r in rows if "leak-probe" in r["tags"]]
    out["leak_probe_leaks"] = sum(1 for r in probes if r["restricted_hit"] or r["problems"])
    out["integrity_problems"] = sum(len(r["problems"]) for r in rows)
    times = sorted(r["compose_ms"] for r in rows)
    out["compose_ms_p50"] = round(statistics.median(times), 2)
    out["compose_ms_p95"] = round(times[int(0.95 * (len(times) - 1))], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="sample,jsquad,squad")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "abstain.json"))
    parser.add_argument("--limit", type=int, default=0, help="Questions per dev set (0 = all).")
    parser.add_argument(
        "--at",
        default=f"{COVERAGE_WEIGHT},{Settings(_env_file=None).abstain_threshold}",  # type: ignore[call-arg]
        help="weight,threshold of the operating point whose goals are reported",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {}
    all_rows: dict[str, list[dict[str, Any]]] = {}
    for name in args.sets.split(","):
        if name == "sample":
            staged = WORK / "staged-sample"
            skipped = stage_sample(REPO / "corpus", staged)
            settings = build_index("sample", staged)
            questions = [json.loads(x) for x in (REPO / "corpus" / "questions.jsonl").open()]
            results["sample_skipped_files"] = skipped
        else:
            questions, indexed = stage_dev(name, WORK / f"staged-{name}")
            settings = build_index(name, WORK / f"staged-{name}")
            for q in questions:
                if not set(q["expected_sources"]) & indexed:
                    q["expected_sources"], q["tags"] = [], [*q.get("tags", []), "unanswerable"]
            if args.limit:
                questions = questions[: args.limit]
        started = time.perf_counter()
        all_rows[name] = run_questions(settings, questions)
        print(
            f"[{name}] {len(questions)} questions in {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    for name, rows in all_rows.items():
        per_weight = {}
        for weight in COVERAGE_WEIGHTS:
            points = curve(rows, weight)
            per_weight[str(weight)] = {"best": best_point(points), "curve": points}
        results[name] = {"by_coverage_weight": per_weight}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"results": results, "rows": all_rows}, indent=1, ensure_ascii=False)
    )
    for name in all_rows:
        print(f"== {name}")
        for weight in COVERAGE_WEIGHTS:
            best = results[name]["by_coverage_weight"][str(weight)]["best"]
            print(f"  w={weight:<5} best {best}")
    weight, threshold = (float(x) for x in args.at.split(","))
    for name, rows in all_rows.items():
        metrics = answer_metrics(rows, weight=weight, threshold=threshold)
        results[name]["at"] = {"weight": weight, "threshold": threshold, **metrics}
        print(f"== {name} at w={weight} t={threshold}: {json.dumps(metrics)}")
    Path(args.out).write_text(
        json.dumps({"results": results, "rows": all_rows}, indent=1, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
