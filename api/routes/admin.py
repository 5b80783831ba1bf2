"""Admin routes (admin key only): POST /v1/admin/ingest runs ingestion inside the server.

A running server holding an embedded store is its single writer, so re-ingesting goes
through here rather than through a second process.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.deps import AdminDep, AssistantDep, SettingsDep
from api.errors import ApiError
from api.schemas import ERRORS, IngestRequest
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.errors import ConfigError

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def ingest_roots(requested: list[str], settings: Settings) -> list[Path]:
    """The folders to ingest: the posted ones (each inside a configured corpus path) or all."""
    allowed = [Path(p).resolve() for p in settings.corpus_paths]
    if not allowed:
        raise ConfigError(
            "no corpus paths are configured; set ASSISTANT_CORPUS_PATHS='[\"corpus\"]' "
            "and restart the server"
        )
    if not requested:
        return allowed
    roots = []
    for raw in requested:
        path = Path(raw).resolve()
        if not any(path == root or root in path.parents for root in allowed):
            raise ConfigError(
                f"path {raw!r} is outside the configured corpus paths; post a folder inside "
                "one of ASSISTANT_CORPUS_PATHS"
            )
        roots.append(path)
    return roots


def run_ingest(assistant: Assistant, settings: Settings, roots: list[Path]) -> dict[str, Any]:
    """Ingest `roots` with the server's own embedder into the store it serves from."""
    from ingest.ingestor import Ingestor

    return Ingestor.from_settings(settings, embedder=assistant.embedder).run(roots).as_dict()


@router.post("/ingest", responses=ERRORS)
async def ingest(
    request: Request,
    caller: AdminDep,
    assistant: AssistantDep,
    settings: SettingsDep,
    body: IngestRequest | None = None,
) -> dict[str, Any]:
    """(Re)ingest configured corpus folders, or posted folders inside them; one run at a time."""
    roots = ingest_roots(body.paths if body else [], settings)
    lock: threading.Lock = request.app.state.ingest_lock
    if not lock.acquire(blocking=False):
        raise ApiError(409, "ingest_running", "an ingestion is already running; retry when done")
    try:
        report = await run_in_threadpool(run_ingest, assistant, settings, roots)
    finally:
        lock.release()
        assistant.refresh()
        request.app.state.answers.clear()
    # The corpus folders are server paths: report only what changed, relative to them.
    return {"ok": not report["failed"], "report": report, "by": caller.name}


@router.get("/gaps", responses=ERRORS)
async def gaps(
    caller: AdminDep,
    assistant: AssistantDep,
    min_cosine: float = Query(0.9, ge=0.5, le=1.0, description="Cosine that makes two one."),
) -> dict[str, Any]:
    """Unanswered questions, grouped by similarity (largest group first), up to the caller's
    ceiling: questions asked at a higher ceiling (and their nearest hits) are left out."""
    from assistant.gaps import group_gaps
    from assistant.types import Audience

    def work() -> list[dict[str, Any]]:
        visible = [
            gap
            for gap in assistant.gaps.all()
            if gap.audience in {a.value for a in Audience}
            and caller.audience.allows(Audience(gap.audience))
        ]
        return [
            {
                "count": len(group.gaps),
                "questions": [
                    {k: v for k, v in asdict(g).items() if k != "vector"} for g in group.gaps
                ],
            }
            for group in group_gaps(visible, min_cosine=min_cosine)
        ]

    return {"groups": await run_in_threadpool(work)}
