"""POST /v1/feedback: a thumbs up or down on one answer, kept with its question and answer."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import CallerDep, TracesDep
from api.errors import ApiError
from api.schemas import ERRORS, FeedbackRequest, FeedbackResponse
from assistant.text import CONTROL_CHARS

router = APIRouter(prefix="/v1", tags=["feedback"])


@router.post("/feedback", response_model=FeedbackResponse, status_code=201, responses=ERRORS)
async def feedback(body: FeedbackRequest, caller: CallerDep, traces: TracesDep) -> FeedbackResponse:
    """Store a rating of the answer with this trace id."""
    comment = body.comment.strip() if body.comment else None
    if comment and CONTROL_CHARS.search(comment):
        raise ApiError(422, "invalid_request", "comment: control characters are not allowed")
    try:
        await run_in_threadpool(
            traces.add_feedback,
            body.trace_id,
            rating=body.rating,
            comment=comment or None,
            caller=caller.name,
        )
    except KeyError as exc:
        raise ApiError(
            404, "not_found", f"no answer with trace id {body.trace_id!r}; rate a recent answer"
        ) from exc
    return FeedbackResponse(trace_id=body.trace_id)
