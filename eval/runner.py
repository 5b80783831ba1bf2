"""The eval runner: every question through `Assistant.ask`, scored into an `EvalReport`.

With corpus paths the runner first builds a throwaway index in a temporary folder with the
same ingestion pipeline as `assistant ingest`, so any corpus can be evaluated without
touching the configured data directory.
"""

from __future__ import annotations

import platform
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.engine import Assistant
from assistant.errors import EvalError, QuestionError
from assistant.factory import open_store
from assistant.question.followup import MAX_TURNS
from assistant.types import Answer, Audience, Turn
from eval.metrics import RANK_CUTOFF, group_metrics, is_correct, leaked_docs, summarize
from eval.questions import EvalQuestion
from eval.results import EvalReport, QuestionResult
from ingest.ingestor import Ingestor
from ingest.pipeline import IngestReport


@dataclass(frozen=True)
class EvalOptions:
    """How to run a question set: retrieval depth and an optional audience override."""

    k: int = RANK_CUTOFF
    audience: Audience | None = None
    label: str = ""
    extra_config: dict[str, Any] = field(default_factory=dict)


@contextmanager
def temporary_index(
    paths: Sequence[Path],
    *,
    settings: Settings,
    embedder: Embedder,
    default_audience: Audience | None = None,
) -> Iterator[tuple[Settings, IngestReport]]:
    """Ingest `paths` into an embedded index in a temp folder; yield its Settings and report.

    `default_audience` applies to documents that name none (public data sets usually don't).
    The folder and the index in it are deleted on exit.
    """
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        temp_settings = settings.model_copy(
            update={
                "data_dir": Path(tmp),
                "chroma_url": None,
                "default_audience": default_audience or settings.default_audience,
            }
        )
        report = Ingestor.from_settings(temp_settings, embedder=embedder).run(list(paths))
        if report.documents == 0:
            failed = "; ".join(f"{p}: {r}" for p, r in report.failed) or "no readable files"
            raise EvalError(
                f"the eval corpus {', '.join(map(str, paths))} gave no documents ({failed}); "
                "pass folders or files that `assistant ingest` can read"
            )
        yield temp_settings, report


def document_audiences(settings: Settings, embedder: Embedder) -> dict[str, str]:
    """doc id -> audience for every document in the index (to detect leaks independently)."""
    store = open_store(settings, embedder)
    return {
        str(meta.get("doc_id", "")): str(meta.get("audience", Audience.INTERNAL.value))
        for meta in store.iter_metadata()
    }


def audience_warnings(
    questions: Sequence[EvalQuestion], *, options: EvalOptions, doc_audiences: dict[str, str]
) -> list[str]:
    """Explain an eval that cannot work: no document is visible at an audience asked with."""
    warnings = []
    asked = {options.audience or q.audience for q in questions}
    for audience in sorted(asked, key=lambda a: a.rank):
        if not any(audience.allows(Audience(a)) for a in doc_audiences.values()):
            warnings.append(
                f"no document in the index is visible at audience {audience.value!r}, so every "
                f"such question will abstain; documents that name no audience get the default "
                f"(ASSISTANT_DEFAULT_AUDIENCE, or --default-audience with --corpus)"
            )
    indexed = {q.id for q in questions} & set(doc_audiences)
    if len(indexed) > len(questions) / 2:
        warnings.append(
            f"{len(indexed)} question ids are also document ids in the index: the question set "
            "itself was probably ingested; list it in the corpus folder's .ingestignore"
        )
    return warnings


def ask_question(
    assistant: Assistant,
    question: EvalQuestion,
    *,
    k: int,
    audience: Audience,
    doc_audiences: dict[str, str],
    history: Sequence[Turn] = (),
) -> QuestionResult:
    """Ask one question at `audience` (after the earlier turns `history`) and record it."""
    started = time.perf_counter()
    try:
        answer = assistant.ask(question.question, audience=audience, top_k=k, history=history)
    except QuestionError as exc:
        # The assistant refused the question itself; record it as an abstention with the reason.
        return QuestionResult(
            question=question,
            retrieved=(),
            answer="",
            abstained=True,
            abstain_reason=f"question rejected: {exc}",
            latency_ms={"total": round((time.perf_counter() - started) * 1000, 2)},
            asked_audience=audience,
        )
    return result_from_answer(question, answer, audience=audience, doc_audiences=doc_audiences)


def result_from_answer(
    question: EvalQuestion,
    answer: Answer,
    *,
    audience: Audience,
    doc_audiences: dict[str, str],
) -> QuestionResult:
    """Turn an Answer into a QuestionResult: docs deduplicated in rank order, audiences noted."""
    retrieved = tuple(dict.fromkeys(hit.chunk.doc_id for hit in answer.hits))
    # A hit's own metadata is what retrieval let through, so it wins over the index-wide map.
    from_hits = {
        hit.chunk.doc_id: str(hit.chunk.metadata["audience"])
        for hit in answer.hits
        if "audience" in hit.chunk.metadata
    }
    involved = dict.fromkeys([*retrieved, *(c.doc_id for c in answer.citations)])
    audiences = {
        doc: from_hits.get(doc) or doc_audiences[doc]
        for doc in involved
        if doc in from_hits or doc in doc_audiences
    }
    return QuestionResult(
        question=question,
        retrieved=retrieved,
        answer=answer.text,
        citations=tuple(answer.citations),
        abstained=answer.abstained,
        abstain_reason=answer.abstain_reason,
        latency_ms=dict(answer.timings_ms),
        source_audiences=audiences,
        asked_audience=audience,
        resolved_question=answer.resolved_question,
    )


def run_questions(
    assistant: Assistant,
    questions: Sequence[EvalQuestion],
    *,
    options: EvalOptions,
    doc_audiences: dict[str, str],
    on_result: Callable[[QuestionResult], None] | None = None,
) -> list[QuestionResult]:
    """Ask every question at its own audience (or the override) and collect the results.

    A follow-up (`follow_up_of`) is asked after its chain's earlier turns, as a client sends
    them (the last six, each with the question it was resolved into); its gold
    `resolved_question` is also asked on its own, to compare the two answers.
    """
    results = []
    turns: dict[str, tuple[Turn, ...]] = {}
    for question in questions:
        audience = options.audience or question.audience
        history = turns.get(question.follow_up_of, ()) if question.follow_up_of else ()
        result = ask_question(
            assistant,
            question,
            k=options.k,
            audience=audience,
            doc_audiences=doc_audiences,
            history=history[-MAX_TURNS:],
        )
        if question.follow_up_of and question.resolved_question:
            alone = ask_question(
                assistant,
                replace(question, question=question.resolved_question, follow_up_of=None),
                k=options.k,
                audience=audience,
                doc_audiences=doc_audiences,
            )
            result = replace(result, standalone_correct=is_correct(alone))
        turns[question.id] = (*history, Turn(question.question, result.resolved_question))
        results.append(result)
        if on_result:
            on_result(result)
    return results


def question_record(result: QuestionResult) -> dict[str, Any]:
    """The per-question entry of the JSON report."""
    q = result.question
    return {
        "id": q.id,
        "question": q.question,
        "lang": q.lang,
        "tags": list(q.tags),
        "audience": result.asked_audience.value,
        "expected": list(q.expected_sources),
        "answer_contains": list(q.answer_contains),
        "retrieved": list(result.retrieved),
        "answer": result.answer,
        "citations": [asdict(c) for c in result.citations],
        "abstained": result.abstained,
        "abstain_reason": result.abstain_reason,
        "correct": is_correct(result),
        "leaked": leaked_docs(result),
        "latency_ms": result.latency_ms,
        **(
            {
                "follow_up_of": q.follow_up_of,
                "resolved_question": result.resolved_question,
                "gold_resolved_question": q.resolved_question,
                "standalone_correct": result.standalone_correct,
            }
            if q.follow_up_of
            else {}
        ),
    }


def build_report(
    results: Sequence[QuestionResult], *, options: EvalOptions, config: dict[str, Any]
) -> EvalReport:
    """Metrics overall, per language and per tag, plus the per-question records."""
    return EvalReport(
        metrics=summarize(results, k=options.k),
        by_lang=group_metrics(results, by="lang", k=options.k),
        by_tag=group_metrics(results, by="tag", k=options.k),
        questions=[question_record(r) for r in results],
        config={
            "k": options.k,
            "audience_override": options.audience.value if options.audience else None,
            "label": options.label,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            **config,
            **options.extra_config,
        },
    )


def evaluate(
    questions: Sequence[EvalQuestion],
    *,
    settings: Settings,
    embedder: Embedder,
    options: EvalOptions,
    corpus: Sequence[Path] = (),
    default_audience: Audience | None = None,
    on_ingest: Callable[[IngestReport], None] | None = None,
    on_result: Callable[[QuestionResult], None] | None = None,
) -> EvalReport:
    """Run a question set against `settings.data_dir`, or a throwaway index of `corpus`."""
    if corpus:
        with temporary_index(
            corpus, settings=settings, embedder=embedder, default_audience=default_audience
        ) as (temp_settings, ingest_report):
            if on_ingest:
                on_ingest(ingest_report)
            return _evaluate_index(
                questions,
                settings=temp_settings,
                embedder=embedder,
                options=options,
                config={
                    "corpus": [str(p) for p in corpus],
                    "ingest": {
                        key: ingest_report.as_dict()[key]
                        for key in ("documents", "chunks_written", "failed", "seconds")
                    },
                },
                on_result=on_result,
            )
    return _evaluate_index(
        questions,
        settings=settings,
        embedder=embedder,
        options=options,
        config={"data_dir": str(settings.data_dir)},
        on_result=on_result,
    )


def _evaluate_index(
    questions: Sequence[EvalQuestion],
    *,
    settings: Settings,
    embedder: Embedder,
    options: EvalOptions,
    config: dict[str, Any],
    on_result: Callable[[QuestionResult], None] | None,
) -> EvalReport:
    # Eval questions must not land in the gap log that content owners work through.
    assistant = Assistant(settings, embedder=embedder, record_gaps=False)
    info = assistant.info()
    doc_audiences = document_audiences(settings, embedder)
    results = run_questions(
        assistant, questions, options=options, doc_audiences=doc_audiences, on_result=on_result
    )
    return build_report(
        results,
        options=options,
        config={
            **config,
            "warnings": audience_warnings(questions, options=options, doc_audiences=doc_audiences),
            "embedder": info.get("embedder"),
            "composer": assistant.composer.name,
            "documents": info.get("documents"),
            "chunks": info.get("chunks"),
            "top_k": options.k,
            "abstain_threshold": settings.abstain_threshold,
        },
    )
