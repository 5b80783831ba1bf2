"""POST /v1/ask and /v1/ask/stream: a question in, a cited answer out (JSON or SSE)."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, replace

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from api.cache import AnswerCache
from api.deps import AssistantDep, CallerDep, SettingsDep, TracesDep, ceiling
from api.errors import ApiError, describe
from api.keys import Caller
from api.schemas import ERRORS, AskRequest, AskResponse
from api.traces import TraceLog, new_trace_id
from assistant.config import Settings
from assistant.engine import Assistant, clean_history, clean_question
from assistant.types import Answer

router = APIRouter(prefix="/v1", tags=["ask"])

_DELTA_CHARS = 24
_PIECE = re.compile(r"\S+\s*|\s+")


async def answer_for(
    body: AskRequest,
    *,
    caller: Caller,
    assistant: Assistant,
    settings: Settings,
    traces: TraceLog,
    cache: AnswerCache,
    trace_id: str,
) -> Answer:
    """Run Assistant.ask (or reuse an identical request's answer) in a worker thread, under
    the request timeout, and log the trace."""
    audience = ceiling(caller, body.audience)
    filters = body.filters.to_filters() if body.filters else None
    history = body.turns()
    key = (body.question.strip(), audience.value, filters, body.top_k, body.lang, history)

    def work() -> Answer:
        started = time.perf_counter()
        answer, hit = cache.get_or_compute(
            key,
            lambda: assistant.ask(
                body.question,
                audience=audience,
                filters=filters,
                top_k=body.top_k,
                lang=body.lang,
                history=history,
            ),
        )
        if hit:
            spent = round((time.perf_counter() - started) * 1000, 2)
            answer = replace(answer, timings_ms={"cache": spent, "total": spent})
        traces.record(
            trace_id, body.question.strip(), answer, caller=caller.name, audience=audience.value
        )
        return answer

    try:
        return await asyncio.wait_for(run_in_threadpool(work), timeout=settings.request_timeout_s)
    except TimeoutError as exc:
        raise ApiError(
            504,
            "timeout",
            f"no answer within {settings.request_timeout_s:g} s; try a shorter question "
            "or again later",
        ) from exc


@router.post("/ask", response_model=AskResponse, responses=ERRORS)
async def ask(
    body: AskRequest,
    request: Request,
    caller: CallerDep,
    assistant: AssistantDep,
    settings: SettingsDep,
    traces: TracesDep,
) -> AskResponse:
    """Answer a sponsor question from the corpus; every claim is cited or the assistant abstains."""
    trace_id = new_trace_id()
    answer = await answer_for(
        body,
        caller=caller,
        assistant=assistant,
        settings=settings,
        traces=traces,
        cache=request.app.state.answers,
        trace_id=trace_id,
    )
    request.app.state.metrics.observe_answer(answer)
    return AskResponse.from_answer(answer, trace_id=trace_id)


@router.post(
    "/ask/stream",
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Events `citations`, then `delta`s of the answer text, then `done`; "
            "`error` instead when answering fails after the stream has started.",
        },
        **ERRORS,
    },
)
async def ask_stream(
    body: AskRequest,
    request: Request,
    caller: CallerDep,
    assistant: AssistantDep,
    settings: SettingsDep,
    traces: TracesDep,
) -> EventSourceResponse:
    """The same answer as POST /v1/ask, as Server-Sent Events.

    Request-level problems (key, rate, body, question) are answered with the JSON error shape
    and a 4xx status before the stream starts; anything later arrives as an `error` event.
    """
    clean_question(body.question)
    clean_history(body.turns())
    ceiling(caller, body.audience)
    trace_id = new_trace_id()
    metrics = request.app.state.metrics

    async def events() -> AsyncIterator[dict[str, str]]:
        try:
            answer = await answer_for(
                body,
                caller=caller,
                assistant=assistant,
                settings=settings,
                traces=traces,
                cache=request.app.state.answers,
                trace_id=trace_id,
            )
        except Exception as exc:  # noqa: BLE001 - every failure becomes one `error` event
            status, code, message = describe(exc)
            metrics.count_error(code)
            yield _event("error", {"code": code, "message": message})
            return
        metrics.observe_answer(answer)
        citations = [asdict(c) for c in answer.citations]
        yield _event(
            "citations",
            {
                "citations": citations,
                "lang": answer.lang,
                "abstained": answer.abstained,
                "trace_id": trace_id,
                "resolved_question": answer.resolved_question,
            },
        )
        for piece in text_deltas(answer.text):
            yield _event("delta", {"text": piece})
        yield _event(
            "done",
            {
                "trace_id": trace_id,
                "abstained": answer.abstained,
                "answer": answer.text,
                "timings_ms": answer.timings_ms,
                "resolved_question": answer.resolved_question,
            },
        )

    return EventSourceResponse(events(), headers={"Cache-Control": "no-store"})


def text_deltas(text: str, *, size: int = _DELTA_CHARS) -> list[str]:
    """Cut `text` into small pieces at word boundaries (characters for Japanese); joined = text."""
    pieces: list[str] = []
    current = ""
    for word in _PIECE.findall(text):
        while len(word) > size:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:size])
            word = word[size:]
        if current and len(current) + len(word) > size:
            pieces.append(current)
            current = ""
        current += word
    if current:
        pieces.append(current)
    return pieces


def _event(name: str, data: dict[str, object]) -> dict[str, str]:
    return {"event": name, "data": json.dumps(data, ensure_ascii=False)}
