"""HTML pages and the embeddable widget, served by the app itself (no CDN: the booth is offline)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Pages are small and change with each release: let browsers revalidate (ETag) instead of guessing.
_REVALIDATE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["pages"], include_in_schema=False)


def _page(name: str, media_type: str = "text/html; charset=utf-8") -> FileResponse:
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=_REVALIDATE)


@router.api_route("/", methods=["GET", "HEAD"])
async def index() -> RedirectResponse:
    """The booth page is the front door of a local install."""
    return RedirectResponse("/booth")


@router.api_route("/widget.js", methods=["GET", "HEAD"])
async def widget() -> Response:
    """The embeddable chat widget: one `<script src=".../widget.js" data-key=...>` tag.

    The client code it shares with the booth (static/client.js) is inlined ahead of it in one
    function scope, so the portal embeds one tag and gains no global name."""
    shared = (STATIC_DIR / "client.js").read_text(encoding="utf-8")
    own = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    return Response(
        f"(function () {{\n{shared}\n{own}\n}})();\n",
        media_type="text/javascript; charset=utf-8",
        # Any portal may embed the script; the API calls it makes follow the API's own policy.
        headers={**_REVALIDATE, "Access-Control-Allow-Origin": "*"},
    )


@router.api_route("/demo", methods=["GET", "HEAD"])
async def demo() -> FileResponse:
    """A sample Japanese portal page hosting the widget, for sales demos and browser tests."""
    return _page("demo.html")


@router.api_route("/booth", methods=["GET", "HEAD"])
async def booth() -> FileResponse:
    """The BD staff page: question box, filters, source cards, copy-for-email."""
    return _page("booth.html")


@router.api_route("/documents/{doc_id:path}", methods=["GET", "HEAD"])
async def document(doc_id: str) -> FileResponse:
    """A readable view of one source; the page fetches `/v1/documents/{doc_id}` itself."""
    return _page("document.html")


def mount_pages(app: FastAPI) -> None:
    """Register the page routes and the `/static` assets they load."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
