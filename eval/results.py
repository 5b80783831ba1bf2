"""What one eval run produces: a result per question and the report that gathers them.

The report's JSON shape is the contract with `assistant eval compare` and CI:
`{"metrics", "by_lang", "by_tag", "questions": [...], "config"}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import EvalError
from assistant.types import Audience, Citation
from eval.questions import EvalQuestion


@dataclass(frozen=True)
class QuestionResult:
    """What the assistant did with one question: sources, answer, citations, timings."""

    question: EvalQuestion
    retrieved: tuple[str, ...]
    answer: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    abstain_reason: str | None = None
    latency_ms: dict[str, float] = field(default_factory=dict)
    source_audiences: dict[str, str] = field(default_factory=dict)
    asked_audience: Audience = Audience.PUBLIC
    # A follow-up turn: the question the assistant answered (None: the typed one) and whether
    # its gold `resolved_question`, asked on its own, was answered correctly.
    resolved_question: str | None = None
    standalone_correct: bool | None = None

    @property
    def cited_docs(self) -> tuple[str, ...]:
        """Distinct cited doc ids, in citation order."""
        return tuple(dict.fromkeys(c.doc_id for c in self.citations))


@dataclass
class EvalReport:
    """Metrics overall, per language and per tag, the per-question results and the run config."""

    metrics: dict[str, float | int | None]
    by_lang: dict[str, dict[str, float | int | None]]
    by_tag: dict[str, dict[str, float | int | None]]
    questions: list[dict[str, Any]]
    config: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The JSON document written by `--json`."""
        return {
            "metrics": self.metrics,
            "by_lang": self.by_lang,
            "by_tag": self.by_tag,
            "questions": self.questions,
            "config": self.config,
        }

    def write_json(self, path: Path) -> None:
        """Write the report as UTF-8 JSON (parent folders created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")


def load_report(path: Path) -> EvalReport:
    """Read a report written by `assistant eval --json`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvalError(
            f"no eval report at {path}: write one with `assistant eval ... --json`"
        ) from exc
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path} is not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise EvalError(f"{path} has no 'metrics' object; is it an `assistant eval --json` report?")
    return EvalReport(
        metrics=data["metrics"],
        by_lang=data.get("by_lang", {}),
        by_tag=data.get("by_tag", {}),
        questions=data.get("questions", []),
        config=data.get("config", {}),
    )
