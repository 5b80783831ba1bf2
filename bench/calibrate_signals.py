"""Calibrate abstention on several question sets at once from `bench/abstain_signals.py` rows.

    python bench/calibrate_signals.py rows.jsonl [--markdown OUT.md]

For each candidate rule (the shipped evidence strength, and a logistic model of few signals
fitted on every set pooled, each set weighted equally) it prints, per set and per threshold,
the false-abstention rate (answerable questions refused), the abstain recall (unanswerable
questions and leak probes refused) and the answer accuracy (answerable questions answered
with the expected text). The chosen point maximises the mean over sets of the balanced
share handled right: (answer accuracy + abstain recall) / 2, so that a set's mix of
answerable and unanswerable questions does not weigh. Leave-one-set-out
fits show whether a rule carries to a set it was not fitted on.

Signals (each meaningful on any corpus):
- `margin`: the best dense cosine of the top hits minus the median cosine of the question to
  every chunk the reader may see (how far the best passage stands out from the corpus);
- `dense`: the best dense cosine itself;
- `coverage`: the largest share of the question's content terms one top hit holds;
- `unknown`: the share of its subject words found nowhere in the reader's visible corpus;
- `type_ok`: 0 when a count/date/quantity question's first quote holds no number, else 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.answer.evidence import asks_count, asks_date, asks_quantity  # noqa: E402
from assistant.text import fold  # noqa: E402

FEATURES = ("margin", "dense", "coverage", "unknown", "missing", "type_ok")


def features(row: dict[str, Any]) -> dict[str, float] | None:
    """The signals of a row's strongest composed part (None when nothing was composed)."""
    calls = [c for c in row["calls"] if c.get("evidence")]
    if not calls:
        return None
    best = max(calls, key=lambda c: c["evidence"]["strength"])
    ev = best["evidence"]
    folded = fold(row["question"])
    wants_number = asks_count(folded) or asks_date(folded) or asks_quantity(folded)
    quote = best.get("first_quote", "")
    return {
        "strength": ev["strength"],
        "margin": ev["dense"] - best.get("background", ev["dense"]),
        "dense": ev["dense"],
        "coverage": ev["coverage"],
        "unknown": ev["unknown"],
        "missing": ev["missing"],
        "type_ok": 0.0 if wants_number and not any(ch.isdigit() for ch in quote) else 1.0,
    }


def labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows that reach the abstain decision, with their signals."""
    out = []
    for row in rows:
        if row["chitchat"]:
            continue
        signals = features(row)
        if signals is None:
            continue
        out.append({**row, "x": signals})
    return out


def rates(rows: list[dict[str, Any]], answers: Callable[[dict[str, Any]], bool]) -> dict:
    """False abstention, abstain recall, answer accuracy and their balance."""
    yes = [r for r in rows if r["answerable"]]
    no = [r for r in rows if not r["answerable"]]
    false_abstain = sum(not answers(r) for r in yes) / max(len(yes), 1)
    recall = sum(not answers(r) for r in no) / max(len(no), 1)
    accuracy = sum(answers(r) and r["contains"] for r in yes) / max(len(yes), 1)
    return {
        "false_abstain": round(false_abstain, 3),
        "abstain_recall": round(recall, 3),
        "accuracy": round(accuracy, 3),
        # Balanced: answerable and unanswerable count alike, whatever a set's mix.
        "right": round((accuracy + recall) / 2 if no else accuracy, 3),
    }


def fit(rows: list[dict[str, Any]], names: Sequence[str]) -> tuple[np.ndarray, float]:
    """Logistic regression of answerable on the signals, every set weighted equally."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r["x"][n] for n in names] for r in rows])
    y = np.array([r["answerable"] for r in rows])
    sets = [r["set"] for r in rows]
    counts = {s: sets.count(s) for s in set(sets)}
    weights = np.array([1.0 / counts[s] for s in sets])
    model = LogisticRegression(C=10.0, max_iter=1000)
    model.fit(x, y, sample_weight=weights * len(rows) / len(counts))
    return model.coef_[0], float(model.intercept_[0])


def score(row: dict[str, Any], names: Sequence[str], coef: np.ndarray, bias: float) -> float:
    """The fitted model's log-odds that the row is answerable."""
    return float(sum(c * row["x"][n] for c, n in zip(coef, names, strict=True)) + bias)


def sweep(
    rows: list[dict[str, Any]], value: Callable[[dict[str, Any]], float], grid: Sequence[float]
) -> list[dict[str, Any]]:
    """Per threshold: each set's rates and the mean handled-right share over sets."""
    sets = sorted({r["set"] for r in rows})
    points = []
    for t in grid:
        per = {
            s: rates([r for r in rows if r["set"] == s], lambda r, t=t: value(r) >= t) for s in sets
        }
        mean = float(np.mean([p["right"] for p in per.values()]))
        points.append({"threshold": round(float(t), 3), "mean_right": round(mean, 4), **per})
    return points


def best(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The point with the highest mean handled-right share."""
    return max(points, key=lambda p: p["mean_right"])


def table(points: list[dict[str, Any]], sets: Sequence[str], every: int = 1) -> str:
    """A Markdown table of the curve (false abstention / abstain recall / accuracy per set)."""
    head = "| threshold | mean right | " + " | ".join(f"{s} fa / ar / acc" for s in sets) + " |"
    lines = [head, "|" + " --- |" * (2 + len(sets))]
    for point in points[::every]:
        cells = [
            f"{point[s]['false_abstain']:.3f} / {point[s]['abstain_recall']:.3f} / "
            f"{point[s]['accuracy']:.3f}"
            for s in sets
        ]
        cells_text = " | ".join(cells)
        lines.append(f"| {point['threshold']} | {point['mean_right']} | {cells_text} |")
    return "\n".join(lines)


def main() -> None:
    """Print the curves and chosen points of each rule."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--features", default="margin,coverage,unknown,type_ok")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    raw = [json.loads(x) for x in args.rows.read_text(encoding="utf-8").splitlines() if x]
    rows = labelled(raw)
    sets = sorted({r["set"] for r in rows})
    names = tuple(args.features.split(","))
    out: list[str] = []

    shipped = sweep(rows, lambda r: r["x"]["strength"], np.arange(0.60, 0.90, 0.005))
    chosen = best(shipped)
    out.append("## Shipped evidence strength (assistant/answer/evidence.py)\n")
    out.append(f"best threshold {chosen['threshold']} (mean right {chosen['mean_right']}):")
    out.append(json.dumps({s: chosen[s] for s in sets}))
    at = next(p for p in shipped if abs(p["threshold"] - 0.735) < 1e-6)
    out.append(
        f"at the shipped 0.735 (mean right {at['mean_right']}): "
        + json.dumps({s: at[s] for s in sets})
    )

    out.append("\n### Curve of the shipped strength\n")
    out.append(table(shipped, sets, every=4))
    coef, bias = fit(rows, names)
    out.append(f"\n## Logistic model on {names}, every set pooled and weighted equally\n")
    out.append(
        "coef "
        + json.dumps({n: round(float(c), 3) for n, c in zip(names, coef, strict=True)})
        + f" bias {bias:.3f}"
    )
    model = sweep(rows, lambda r: score(r, names, coef, bias), np.arange(-3.0, 3.0, 0.1))
    chosen = best(model)
    out.append(f"best log-odds {chosen['threshold']} (mean right {chosen['mean_right']}):")
    out.append(json.dumps({s: chosen[s] for s in sets}))
    out.append("\nLeave one set out (fit on the others, threshold chosen on the others):")
    for held in sets if len(sets) > 1 else []:
        train = [r for r in rows if r["set"] != held]
        c, b = fit(train, names)
        point = best(sweep(train, lambda r, c=c, b=b: score(r, names, c, b), np.arange(-3, 3, 0.1)))
        test = rates(
            [r for r in rows if r["set"] == held],
            lambda r, c=c, b=b, t=point["threshold"]: score(r, names, c, b) >= t,
        )
        out.append(
            f"- {held}: {json.dumps(test)} (coef "
            + json.dumps({n: round(float(x), 2) for n, x in zip(names, c, strict=True)})
            + ")"
        )
    out.append("\n### Curve of the logistic model\n")
    out.append(table(model, sets, every=2))
    text = "\n".join(out)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
