"""Maps our error hierarchy and FastAPI's validation errors to one JSON shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    AccessDenied,
    AssistantError,
    ConfigError,
    IndexNotReadyError,
    QuestionError,
)

_STATUS: list[tuple[type[AssistantError], int]] = [
    (QuestionError, 422),
    (AccessDenied, 403),
    (IndexNotReadyError, 503),
    (ConfigError, 400),
]


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The `{"error": {"code", "message"}}` body with a status."""
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same shape and no internals."""

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        status = next((s for cls, s in _STATUS if isinstance(exc, cls)), 500)
        message = str(exc) if status != 500 else "internal error; the incident was logged"
        return error_response(status, exc.code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for item in exc.errors()[:5]:
            where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
            problems.append(f"{where or 'body'}: {item.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))
