"""`/docs` without a CDN: Swagger UI's assets are served by the app from the maintained
`swagger-ui-bundle-v2` wheel (Swagger UI's own build, packaged for Python), so the API
documentation works on an offline booth laptop.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.errors import ApiError

SWAGGER_ASSETS = "/static/swagger-ui"
MISSING = (
    "the API docs need Swagger UI's assets, which ship in the 'swagger-ui-bundle-v2' "
    "package: reinstall this project (`pip install -e .`) or `pip install swagger-ui-bundle-v2`"
)
log = logging.getLogger(__name__)


def swagger_dir() -> str | None:
    """The folder of the installed Swagger UI build, or None when the package is missing."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return str(swagger_ui_path)


def mount_offline_docs(app: FastAPI) -> None:
    """Serve `/docs` with Swagger UI's JS and CSS from this app (create the app with
    `docs_url=None`). Without the assets package the app still starts, and `/docs` answers
    503 with the install command, rather than a page that loads a CDN."""
    assets = swagger_dir()
    redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"
    if assets is None:
        log.warning("/docs is unavailable: %s", MISSING)
    else:
        app.mount(SWAGGER_ASSETS, StaticFiles(directory=assets), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if assets is None:
            raise ApiError(503, "docs_unavailable", MISSING)
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            oauth2_redirect_url=redirect,
            swagger_js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_ASSETS}/favicon-32x32.png",
            # No call to Swagger's online validator either.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(redirect, include_in_schema=False)
    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
