"""The CI gate: metric floors and ceilings from a thresholds YAML file.

questions: corpus/questions.jsonl   # the set the limits were measured on
corpus: [corpus]                    # what to ingest for it
min: {hit@5: 0.6, ...}              # higher-is-better metrics must reach these
max: {leaks: 0, ...}                # lower-is-better metrics must stay at or under
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import EvalError

DEFAULT_THRESHOLDS = "thresholds.yaml"


@dataclass(frozen=True)
class Thresholds:
    """Limits for a question set; `min` for rates that should be high, `max` for the rest."""

    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    questions: str | None = None
    corpus: tuple[str, ...] = ()


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Read a thresholds file; without a path, the one shipped in the `eval` package."""
    if path is None:
        text = files("eval").joinpath(DEFAULT_THRESHOLDS).read_text("utf-8")
        where = f"eval/{DEFAULT_THRESHOLDS}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise EvalError(f"no thresholds file at {path}") from exc
        where = str(path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise EvalError(f"{where} is not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise EvalError(f"{where}: expected a mapping with 'min' and 'max' sections")
    unknown = sorted(set(data) - {"min", "max", "questions", "corpus"})
    if unknown:
        raise EvalError(f"{where}: unknown key(s) {unknown}; allowed: min, max, questions, corpus")
    corpus = data.get("corpus") or []
    return Thresholds(
        minimum=_limits(data.get("min"), "min", where),
        maximum=_limits(data.get("max"), "max", where),
        questions=data.get("questions"),
        corpus=tuple(corpus if isinstance(corpus, list) else [corpus]),
    )


def _limits(value: Any, section: str, where: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise EvalError(f"{where}: '{section}' must map metric names to numbers")
    out = {}
    for name, limit in value.items():
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise EvalError(f"{where}: {section}.{name} is {limit!r}; give a number")
        out[str(name)] = float(limit)
    return out


def check(metrics: dict[str, float | int | None], thresholds: Thresholds) -> list[str]:
    """One message per violated limit (a metric that is missing or n/a also fails)."""
    problems = []
    for name, floor in thresholds.minimum.items():
        value = metrics.get(name)
        if value is None:
            problems.append(f"{name} is missing or n/a; the floor is {floor}")
        elif value < floor:
            problems.append(f"{name} = {value} is below the floor {floor}")
    for name, ceiling in thresholds.maximum.items():
        value = metrics.get(name)
        if value is None:
            problems.append(f"{name} is missing or n/a; the ceiling is {ceiling}")
        elif value > ceiling:
            problems.append(f"{name} = {value} is above the ceiling {ceiling}")
    return problems
