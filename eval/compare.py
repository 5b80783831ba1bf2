"""Compare two eval reports metric by metric and decide what counts as a regression."""

from __future__ import annotations

from dataclasses import dataclass

from eval.metrics import COUNT_KEYS, lower_is_better

DEFAULT_TOLERANCE = 0.01
DEFAULT_LATENCY_TOLERANCE = 0.25
# Changes of a stage's latency smaller than this are timer noise, whatever the ratio.
LATENCY_SLACK_MS = 1.0


@dataclass(frozen=True)
class MetricDelta:
    """One metric in both runs, the change, and whether it is a regression."""

    name: str
    base: float | int | None
    new: float | int | None
    regression: bool
    improved: bool
    note: str = ""

    @property
    def delta(self) -> float | None:
        """new - base, None when either side is missing."""
        if self.base is None or self.new is None:
            return None
        return round(float(self.new) - float(self.base), 4)


def compare_metrics(
    base: dict[str, float | int | None],
    new: dict[str, float | int | None],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    latency_tolerance: float = DEFAULT_LATENCY_TOLERANCE,
) -> list[MetricDelta]:
    """Every metric of either report, in the new report's order, with its verdict.

    Rates regress when they move the wrong way by more than `tolerance` (absolute).
    Latencies regress when they grow by more than `latency_tolerance` (relative: 0.25 =
    25 %) and by more than 1 ms, since timings are noisy. Any leak in the new run is a
    regression, whatever the base had. Question counts are shown, never judged.
    """
    names = list(dict.fromkeys([*new, *base]))
    return [
        _judge(name, base.get(name), new.get(name), tolerance, latency_tolerance) for name in names
    ]


def _judge(
    name: str,
    base: float | int | None,
    new: float | int | None,
    tolerance: float,
    latency_tolerance: float,
) -> MetricDelta:
    if name in COUNT_KEYS:
        note = "question sets differ" if base != new else ""
        return MetricDelta(name, base, new, regression=False, improved=False, note=note)
    if name == "leaks" and new:
        return MetricDelta(name, base, new, regression=True, improved=False, note="leaks must be 0")
    if base is None or new is None:
        return MetricDelta(
            name, base, new, regression=False, improved=False, note="missing in one run"
        )
    change = float(new) - float(base)
    if name.startswith("latency_"):
        allowed = max(abs(float(base)) * latency_tolerance, LATENCY_SLACK_MS)
        worse, better = change > allowed, change < -allowed
    elif lower_is_better(name):
        worse, better = change > tolerance, change < -tolerance
    else:
        worse, better = change < -tolerance, change > tolerance
    return MetricDelta(name, base, new, regression=worse, improved=better)


def regressions(deltas: list[MetricDelta]) -> list[MetricDelta]:
    """The deltas that count as regressions."""
    return [d for d in deltas if d.regression]
