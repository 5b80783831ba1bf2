"""GET /v1/documents/{doc_id} and GET /v1/facets, under the caller's audience ceiling."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from api.deps import AssistantDep, CallerDep, ceiling
from api.schemas import ERRORS, DocumentOut, FacetsOut
from assistant.store.documents import corpus_facets, read_document
from assistant.types import Audience

router = APIRouter(prefix="/v1", tags=["documents"])

AudienceQuery = Annotated[
    Audience | None, Query(description="Lower the audience ceiling (never raise it).")
]


@router.get("/documents/{doc_id:path}", response_model=DocumentOut, responses=ERRORS)
async def get_document(
    doc_id: Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")],
    caller: CallerDep,
    assistant: AssistantDep,
    audience: AudienceQuery = None,
) -> DocumentOut:
    """A cited document's metadata and text; 404 alike for missing and above-ceiling ids."""
    reader = ceiling(caller, audience)
    view = await run_in_threadpool(
        lambda: read_document(assistant.store(), doc_id, audience=reader)
    )
    return DocumentOut.from_view(view)


@router.get("/facets", response_model=FacetsOut, responses=ERRORS)
async def get_facets(
    caller: CallerDep, assistant: AssistantDep, audience: AudienceQuery = None
) -> FacetsOut:
    """Sites, modalities, document types and languages to filter by, at the caller's ceiling."""
    reader = ceiling(caller, audience)
    facets = await run_in_threadpool(lambda: corpus_facets(assistant.store(), audience=reader))
    return FacetsOut.from_facets(facets)
