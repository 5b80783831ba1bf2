"""Maps our error hierarchy and FastAPI's validation errors to one JSON shape.

Every error body is `{"error": {"code", "message"}}`; nothing internal (stack traces,
file paths of the server) reaches a response.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    AssistantError,
    ConfigError,
    DocumentNotFound,
    EmbedderMismatchError,
    IndexNotReadyError,
    QuestionError,
    StoreError,
)

log = logging.getLogger("assistant.api")

_STATUS: list[tuple[type[AssistantError], int]] = [
    (QuestionError, 422),
    (DocumentNotFound, 404),
    (IndexNotReadyError, 503),
    (EmbedderMismatchError, 503),
    (StoreError, 503),
    (ConfigError, 400),
]
_HTTP_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


_NOT_READY = (
    "no index has been built yet: an administrator must run `assistant ingest corpus/` "
    "(or POST /v1/admin/ingest) before questions can be answered"
)


class ApiError(Exception):
    """An HTTP-level refusal (auth, rate limit, timeout) with its status, code and message."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The `{"error": {"code", "message"}}` body with a status."""
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def describe(exc: Exception) -> tuple[int, str, str]:
    """(status, code, message) of any exception, safe to show to a caller."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message
    if isinstance(exc, AssistantError):
        status = next((s for cls, s in _STATUS if isinstance(exc, cls)), 500)
        if isinstance(exc, IndexNotReadyError):
            # The store's message names the server's data directory; keep that in the log.
            log.warning("index not ready: %s", exc)
            return status, exc.code, _NOT_READY
        if isinstance(exc, StoreError):
            # Store errors may name server paths or URLs: log them, answer generically.
            log.error("store error: %s", exc)
            return status, exc.code, "the index is unavailable right now; try again shortly"
        if status == 500:
            log.error("unexpected assistant error: %s", exc)
            return 500, "internal_error", "internal error; the incident was logged"
        return status, exc.code, str(exc)
    log.exception("unhandled error", exc_info=exc)
    return 500, "internal_error", "internal error; the incident was logged"


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.count_error(code)
    return error_response(status, code, message, headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same shape and no internals."""

    @app.exception_handler(AssistantError)
    async def _assistant_error(request: Request, exc: AssistantError) -> JSONResponse:
        return _respond(request, *describe(exc))

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _respond(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for item in exc.errors()[:5]:
            where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
            problems.append(f"{where or 'body'}: {item.get('msg', 'invalid')}")
        return _respond(request, 422, "invalid_request", "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        return _respond(request, exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _respond(request, *describe(exc))
