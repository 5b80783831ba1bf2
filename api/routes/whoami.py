"""GET /v1/whoami: the caller's key name and audience ceiling (the booth checks an operator key)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import CallerDep
from api.schemas import ERRORS

router = APIRouter(prefix="/v1", tags=["keys"])


class WhoAmIOut(BaseModel):
    """Who the presented key is: its name (`anonymous` without one) and audience ceiling."""

    name: str
    audience: str
    anonymous: bool


@router.get("/whoami", response_model=WhoAmIOut, responses=ERRORS)
async def whoami(caller: CallerDep) -> WhoAmIOut:
    """The presented key's name and ceiling; 401 for an unknown key."""
    return WhoAmIOut(name=caller.name, audience=caller.audience.value, anonymous=caller.anonymous)
