"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import AssistantDep
from api.errors import describe, error_response
from api.schemas import ErrorResponse
from assistant.errors import AssistantError

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"model": ErrorResponse}}, response_model=None)
async def readyz(assistant: AssistantDep) -> dict[str, Any] | Response:
    """The index is loaded: its documents, chunks and embedder; 503 before anything is ingested."""
    try:
        info = await run_in_threadpool(assistant.info)
    except AssistantError as exc:
        _, code, message = describe(exc)
        return error_response(503, code, message)
    return {
        "status": "ready",
        "documents": info.get("documents"),
        "chunks": info.get("chunks"),
        "embedder": info.get("embedder"),
        "generation": info.get("generation"),
    }


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition."""
    body, content_type = request.app.state.metrics.exposition()
    return Response(body, media_type=content_type)
