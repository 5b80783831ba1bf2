"""Follow-up metrics: were follow-ups resolved to the right subjects, did new topics stay new,
and are follow-ups answered as well as the same questions asked in full.

- `resolved_subject_accuracy`: share of follow-ups (not tagged `topic-change`) with
  `resolved_subjects` whose every subject, folded, appears in the question answered (the
  resolved one, or the typed one when nothing was resolved).
- `topic_change_inherit_rate`: share of `topic-change` follow-ups that were resolved into
  another question at all (lower is better).
- `followup_answer_accuracy` / `followup_standalone_accuracy`: answer correctness of the
  follow-ups that have a gold `resolved_question`, asked in the chain and asked on their own;
  `followup_answer_gap` is the second minus the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.text import fold
from eval.results import QuestionResult

TOPIC_CHANGE = "topic-change"
Metrics = dict[str, float | int | None]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def subjects_resolved(result: QuestionResult) -> bool:
    """True when every gold subject appears in the question the assistant answered."""
    asked = fold(result.resolved_question or result.question.question)
    return all(fold(subject) in asked for subject in result.question.resolved_subjects)


def followup_metrics(results: Sequence[QuestionResult], *, correct: dict[int, bool]) -> Metrics:
    """The follow-up metrics over `results`; `correct` maps id(result) to its answer verdict."""
    follow_ups = [r for r in results if r.question.follow_up_of]
    if not follow_ups:
        return {}
    changes = [r for r in follow_ups if TOPIC_CHANGE in r.question.tags]
    kept = [r for r in follow_ups if TOPIC_CHANGE not in r.question.tags]
    paired = [r for r in follow_ups if r.standalone_correct is not None]
    in_chain = _mean([float(correct[id(r)]) for r in paired])
    alone = _mean([float(bool(r.standalone_correct)) for r in paired])
    return {
        "follow_ups": len(follow_ups),
        "resolved_subject_accuracy": _mean(
            [float(subjects_resolved(r)) for r in kept if r.question.resolved_subjects]
        ),
        "topic_change_inherit_rate": _mean(
            [float(r.resolved_question is not None) for r in changes]
        ),
        "followup_answer_accuracy": in_chain,
        "followup_standalone_accuracy": alone,
        "followup_answer_gap": (
            round(alone - in_chain, 4) if alone is not None and in_chain is not None else None
        ),
    }
