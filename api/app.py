"""create_app(settings): the FastAPI application, configured at call time, never at import."""

from __future__ import annotations

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import ask, health, pages
from assistant import __version__
from assistant.config import Settings
from assistant.engine import Assistant


def create_app(settings: Settings | None = None, *, assistant: Assistant | None = None) -> FastAPI:
    """Build the app around one Assistant shared by all requests."""
    settings = settings or Settings()
    app = FastAPI(
        title="Sponsor Q&A Assistant",
        version=__version__,
        description="Evidence-first answers for Japanese sponsors; every claim cited.",
    )
    app.state.settings = settings
    app.state.assistant = assistant or Assistant(settings)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(ask.router)
    pages.mount_pages(app)
    return app
