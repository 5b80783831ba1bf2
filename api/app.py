"""create_app(settings): the FastAPI application, configured at call time, never at import.

For `uvicorn --factory api.app:create_app` (several workers), Settings come from the
environment (ASSISTANT_*).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.cache import AnswerCache
from api.docs import mount_offline_docs
from api.errors import install_error_handlers
from api.keys import KeyRing
from api.limits import BodyLimitMiddleware
from api.metrics import Metrics, MetricsMiddleware
from api.ratelimit import MEMORY_STORAGE, RateLimiter
from api.routes import admin, ask, documents, feedback, health, pages, whoami
from api.traces import TRACES_FILE, TraceLog
from assistant import __version__
from assistant.config import Settings
from assistant.engine import Assistant


def create_app(settings: Settings | None = None, *, assistant: Assistant | None = None) -> FastAPI:
    """Build the app around one Assistant shared by all requests."""
    settings = settings or Settings()
    threads = settings.resolved_api_threads()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Threads answering at once: two per core by default, so one thread's Python overlaps
        # another's embedding (the embedder pool has one instance per core); more only adds
        # memory (a tokenizer each).
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        app.state.traces.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Sponsor Q&A Assistant",
        version=__version__,
        description="Evidence-first answers for Japanese sponsors; every claim cited.",
        docs_url=None,  # served from local assets below: the booth has no network
    )
    app.state.settings = settings
    app.state.assistant = assistant or Assistant(settings)
    app.state.answers = AnswerCache(
        size=settings.answer_cache_size,
        generation=lambda: app.state.assistant.store().generation(),
    )
    app.state.keys = KeyRing(settings)
    app.state.limiter = RateLimiter(settings.rate_limit_storage)
    if settings.rate_limit_storage != MEMORY_STORAGE:
        app.state.limiter.check()  # a shared Redis that does not answer fails at start
    app.state.traces = TraceLog(Path(settings.data_dir) / TRACES_FILE)
    app.state.metrics = Metrics()
    app.state.ingest_lock = threading.Lock()
    install_error_handlers(app)
    for module in (health, ask, documents, feedback, admin, whoami):
        app.include_router(module.router)
    mount_offline_docs(app)
    pages.mount_pages(app)
    # Middleware runs outside-in in reverse order of adding: metrics see every response,
    # CORS answers preflights, the body limit refuses large bodies before parsing.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-API-Key"],
            max_age=600,
        )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    return app
