"""POST /v1/ask: a question in, a cited answer out."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import AssistantDep
from api.schemas import AskRequest, AskResponse, ErrorResponse
from assistant.types import Audience

router = APIRouter(prefix="/v1", tags=["ask"])


@router.post(
    "/ask",
    response_model=AskResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
async def ask(body: AskRequest, assistant: AssistantDep) -> AskResponse:
    """Answer a sponsor question from the corpus; every claim is cited or the assistant abstains."""
    audience = body.audience or Audience.PUBLIC
    answer = await run_in_threadpool(assistant.ask, body.question, audience=audience)
    return AskResponse.from_answer(answer)
