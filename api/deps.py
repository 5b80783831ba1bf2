"""FastAPI dependencies as Annotated aliases: the Assistant, Settings, the caller and its limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.errors import ApiError
from api.keys import Caller, KeyRing
from api.ratelimit import RateLimiter, RateLimitStorageError, retry_after
from api.traces import TraceLog
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.types import Audience


def get_assistant(request: Request) -> Assistant:
    """The process-wide Assistant built by create_app."""
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_traces(request: Request) -> TraceLog:
    """The SQLite log of questions, answers and feedback."""
    traces: TraceLog = request.app.state.traces
    return traces


def presented_key(request: Request) -> str | None:
    """The key from `X-API-Key` or `Authorization: Bearer`, if any."""
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def get_caller(request: Request) -> Caller:
    """Who is asking (401 for an unknown key, or for no key when anonymous use is off)."""
    keys: KeyRing = request.app.state.keys
    settings: Settings = request.app.state.settings
    secret = presented_key(request)
    if secret is None:
        if not settings.allow_anonymous:
            raise ApiError(
                401,
                "unauthorized",
                "an API key is required: send it as `X-API-Key: <key>` "
                "or `Authorization: Bearer <key>`",
                headers={"WWW-Authenticate": "Bearer"},
            )
        caller = keys.anonymous()
    else:
        found = keys.lookup(secret)
        if found is None:
            raise ApiError(
                401,
                "unauthorized",
                "the API key is not valid; ask an administrator for a key "
                "(`assistant keys add NAME --audience public`)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        caller = found
    request.state.caller = caller
    return caller


def rate_limited_caller(request: Request, caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """The caller, once its request fits its rate limit (429 with Retry-After otherwise)."""
    limiter: RateLimiter = request.app.state.limiter
    if caller.anonymous:
        bucket = "ip:" + (request.client.host if request.client else "unknown")
    else:
        bucket = "key:" + caller.name
    try:
        wait = limiter.take(bucket, rate_per_s=caller.rate_per_s, burst=caller.burst)
    except RateLimitStorageError as exc:  # a shared Redis went away: refuse, do not guess
        raise ApiError(503, "rate_limit_unavailable", str(exc)) from exc
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests for {caller.name}; the limit is {caller.burst} per "
            f"{round(caller.burst / caller.rate_per_s)} s — retry after {retry_after(wait)} s",
            headers={"Retry-After": retry_after(wait)},
        )
    return caller


def admin_caller(caller: Annotated[Caller, Depends(rate_limited_caller)]) -> Caller:
    """The caller, if its key is an admin key (403 otherwise)."""
    if not caller.admin:
        raise ApiError(403, "forbidden", "this operation needs an admin API key")
    return caller


def ceiling(caller: Caller, requested: Audience | None) -> Audience:
    """The audience a request reads at: the key's ceiling, or lower if it asked (403 if higher)."""
    if requested is None:
        return caller.audience
    if not caller.audience.allows(requested):
        raise ApiError(
            403,
            "access_denied",
            f"audience {requested.value!r} is above this key's ceiling "
            f"{caller.audience.value!r}; ask with {caller.audience.value!r} or lower",
        )
    return requested


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TracesDep = Annotated[TraceLog, Depends(get_traces)]
CallerDep = Annotated[Caller, Depends(rate_limited_caller)]
AdminDep = Annotated[Caller, Depends(admin_caller)]
