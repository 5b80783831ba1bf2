"""Measure the answer composer in seconds: record what it is given once, then replay it.

    python bench/compose_replay.py record --data-dir DATA --questions Q.jsonl --out IN.pkl
    python bench/compose_replay.py replay IN.pkl [--show]
    python bench/compose_replay.py ceiling IN.pkl
    python bench/compose_replay.py why IN.pkl

`record` asks every question of a set through `Assistant.ask` (retrieval included, ~70 s for
the sample set) and keeps each call's composer input: the bridged question, the hits with
their stored unit vectors, the query vector and the unknown terms. `replay` runs the
composer of this checkout on those inputs (~1 s) and prints the answer metrics of issue 7
(answer found, citation precision, first cited document expected, abstention), so a change
to `assistant/answer/scoring.py` or `assistant/answer/picking.py` is measured without
re-asking. Changes to retrieval or to what ingestion stores need a new recording.

`ceiling` asks how much better the first cited document could be chosen from what the
composer sees. *Oracle*: an expected document is among the hits the composer reads.
*Learned*: a classifier over per-document features (its units' best and second-best score,
their similarity, retrieval rank and scores, language, record or prose) picks the first
document, 5-fold cross-validated over questions; it needs scikit-learn (installed with
sentence-transformers).

`why` lists the answers whose first cited document is not an expected one, with the unit that
led and the best unit of an expected document (or the hits read, when none is expected).

The recording is a pickle of this checkout's own types: replay it with the same checkout.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.answer import Composer, ExtractiveComposer  # noqa: E402
from assistant.answer.picking import ScoredUnits  # noqa: E402
from assistant.answer.scoring import score_units  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.factory import build_composer  # noqa: E402
from eval.metrics import citation_precision, contains_answer  # noqa: E402
from eval.questions import EvalQuestion, load_questions  # noqa: E402


@dataclass
class Recorded:
    """One question and the composer's input for it."""

    question: EvalQuestion
    asked: str
    inputs: dict[str, Any]


class RecordingComposer:
    """The configured composer, keeping what each call was given."""

    name = "extractive"

    def __init__(self, inner: Composer) -> None:
        self.inner = inner
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def compose(self, question: str, **inputs: Any) -> Any:
        """Record the input, then compose as the product does."""
        self.calls.append((question, inputs))
        return self.inner.compose(question, **inputs)


def record(data_dir: Path, questions: Path, out: Path) -> None:
    """Ask each question once and pickle the composer inputs."""
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    recorder = RecordingComposer(build_composer(settings))
    assistant = Assistant(settings, composer=recorder, record_gaps=False)
    rows = []
    skipped = 0
    for question in load_questions(questions):
        recorder.calls.clear()
        assistant.ask(question.question, audience=question.audience, top_k=settings.top_k)
        if not recorder.calls:  # chitchat, a list or the sites answer: no composer call
            skipped += 1
            continue
        asked, inputs = recorder.calls[0]
        rows.append(Recorded(question, asked, inputs))
    # Plain tuples of the product's own types: the file loads whether this runs as a script
    # or is imported.
    with out.open("wb") as handle:
        pickle.dump([(r.question, r.asked, r.inputs) for r in rows], handle)
    print(f"recorded {len(rows)} questions to {out} ({skipped} answered without the composer)")


def load(path: Path) -> list[Recorded]:
    """A recording made by `record`."""
    with path.open("rb") as handle:
        rows = pickle.load(handle)  # noqa: S301 - our own bench file
    return [Recorded(question, asked, inputs) for question, asked, inputs in rows]


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def replay(rows: list[Recorded], *, show: bool) -> dict[str, Any]:
    """Answer metrics of this checkout's default composer over recorded inputs."""
    composer = build_composer(Settings(_env_file=None))  # type: ignore[call-arg]
    found, precision, first, false_abstain, abstain, times = [], [], [], [], [], []
    for row in rows:
        q = row.question
        started = time.perf_counter()
        answer = composer.compose(row.asked, **row.inputs)
        times.append((time.perf_counter() - started) * 1000)
        if not q.answerable:
            if "unanswerable" in q.tags:
                abstain.append(float(answer.abstained))
            continue
        false_abstain.append(float(answer.abstained))
        hit = not answer.abstained and contains_answer(answer.text, q.answer_contains)
        if q.answer_contains:
            found.append(float(hit))
        docs = list(dict.fromkeys(c.doc_id for c in answer.citations))
        if answer.abstained or not docs:
            continue
        share = citation_precision(docs, q.expected_sources)
        precision.append(share)
        first.append(float(docs[0] in q.expected_sources))
        if show and (share < 1 or not hit):
            print(f"--- {q.id} ({q.lang}) precision {share:.2f} found {hit}: {q.question}")
            print(f"    expected {', '.join(q.expected_sources)}")
            for c in answer.citations:
                print(f"    [{c.n}] {c.doc_id}: {c.quote[:110]}")
    times.sort()
    return {
        "answer_found": _mean(found),
        "citation_precision": _mean(precision),
        "first_cited_expected": _mean(first),
        "unanswerable_abstain": _mean(abstain),
        "answerable_abstain": _mean(false_abstain),
        "compose_p95_ms": round(times[int(0.95 * (len(times) - 1))], 2) if times else None,
    }


def _scored(row: Recorded, composer: ExtractiveComposer) -> tuple[list[Any], ScoredUnits]:
    """The hits the composer reads for a recorded question, and their units scored."""
    inputs = row.inputs
    hits = inputs["hits"][: composer.max_hits]
    ranked = score_units(
        row.asked,
        composer.question_terms(row.asked),
        hits,
        lang=inputs["lang"],
        query_vector=inputs.get("query_vector"),
        cues=composer.cues,
        mentions=inputs.get("mentions", ()),
    )
    return hits, ranked


def _document_rows(row: Recorded, composer: ExtractiveComposer) -> tuple[np.ndarray, np.ndarray]:
    """Per document the composer reads: features, and whether it is an expected source."""
    inputs = row.inputs
    hits, ranked = _scored(row, composer)
    best = ranked.units[0].score
    features, labels = [], []
    for doc in dict.fromkeys(ranked.docs):
        scores = sorted(
            (u.score for u in ranked.units if ranked.docs[u.hit_index] == doc), reverse=True
        )
        sims = [u.similarity or 0.0 for u in ranked.units if ranked.docs[u.hit_index] == doc]
        rank = ranked.docs.index(doc)
        hit = hits[rank]
        features.append(
            [
                scores[0],
                scores[1] if len(scores) > 1 else 0.0,
                best - scores[0],
                max(sims) if sims else 0.0,
                float(rank),
                float(hit.scores.get("dense") or 0.0),
                float(hit.scores.get("bm25") or 0.0),
                float(hit.chunk.lang == inputs["lang"]),
                float(
                    any(
                        u.label is not None for u in ranked.units if ranked.docs[u.hit_index] == doc
                    )
                ),
                float(len(scores)),
            ]
        )
        labels.append(float(doc in row.question.expected_sources))
    return np.asarray(features), np.asarray(labels)


def ceiling(rows: list[Recorded]) -> dict[str, Any]:
    """How often the first cited document could be an expected one: now, oracle, learned."""
    try:
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import KFold
    except ImportError as exc:
        raise SystemExit(
            "the ceiling needs scikit-learn: pip install scikit-learn (sentence-transformers "
            "brings it)"
        ) from exc
    composer = build_composer(Settings(_env_file=None))  # type: ignore[call-arg]
    assert isinstance(composer, ExtractiveComposer)
    docs = []
    for row in rows:
        answer = composer.compose(row.asked, **row.inputs)
        if row.question.answerable and not answer.abstained and answer.citations:
            docs.append(_document_rows(row, composer))
    now = statistics.fmean(float(labels[int(np.argmax(x[:, 0]))]) for x, labels in docs)
    oracle = statistics.fmean(float(labels.max()) for _, labels in docs)
    learned = {}
    models = {
        "logistic": lambda: LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced"),
        "boosted trees": lambda: GradientBoostingClassifier(n_estimators=100, max_depth=2),
    }
    for name, make in models.items():
        right = []
        for seed in range(3):
            for train, test in KFold(5, shuffle=True, random_state=seed).split(docs):
                x = np.vstack([docs[i][0] for i in train])
                y = np.concatenate([docs[i][1] for i in train])
                model = make().fit(x, y)
                for i in test:
                    chance = model.predict_proba(docs[i][0])[:, 1]
                    right.append(float(docs[i][1][int(np.argmax(chance))]))
        learned[name] = round(statistics.fmean(right), 3)
    return {
        "answered": len(docs),
        "best_unit_document": round(now, 3),
        "oracle": round(oracle, 3),
        "learned_5fold": learned,
    }


def why(rows: list[Recorded]) -> int:
    """Print each answered question whose first cited document is not expected: the unit that
    led, and the best unit of an expected document among the hits read (with their scores)."""
    composer = build_composer(Settings(_env_file=None))  # type: ignore[call-arg]
    assert isinstance(composer, ExtractiveComposer)
    wrong = 0
    for row in rows:
        q, inputs = row.question, row.inputs
        answer = composer.compose(row.asked, **inputs)
        if not q.answerable or answer.abstained or not answer.citations:
            continue
        if answer.citations[0].doc_id in q.expected_sources:
            continue
        wrong += 1
        hits, ranked = _scored(row, composer)
        expected = [u for u in ranked.units if ranked.docs[u.hit_index] in q.expected_sources]
        print(f"--- {q.id} ({q.lang}): {q.question}")
        for tag, unit in (
            ("led", ranked.units[0]),
            ("expected", expected[0] if expected else None),
        ):
            if unit is None:
                read = [h.chunk.doc_id for h in hits]
                print(f"    {tag}: no expected document among the hits read {read}")
                continue
            text = hits[unit.hit_index].chunk.text[unit.start : unit.end]
            doc = ranked.docs[unit.hit_index]
            print(f"    {tag} {doc} {unit.score:.3f}: {text[:100]}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="ask once, keep the composer inputs")
    rec.add_argument("--data-dir", type=Path, required=True)
    rec.add_argument("--questions", type=Path, default=REPO / "corpus" / "questions.jsonl")
    rec.add_argument("--out", type=Path, required=True)
    rep = commands.add_parser("replay", help="answer metrics of this checkout's composer")
    rep.add_argument("inputs", type=Path)
    rep.add_argument("--show", action="store_true", help="print imperfect answers")
    cei = commands.add_parser("ceiling", help="how well the first document could be chosen")
    cei.add_argument("inputs", type=Path)
    whys = commands.add_parser("why", help="answers whose first cited document is wrong")
    whys.add_argument("inputs", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        record(args.data_dir, args.questions, args.out)
    elif args.command == "replay":
        print(replay(load(args.inputs), show=args.show))
    elif args.command == "why":
        print(f"{why(load(args.inputs))} answers lead with an unexpected document")
    else:
        print(ceiling(load(args.inputs)))


if __name__ == "__main__":
    main()
