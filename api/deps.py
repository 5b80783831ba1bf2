"""FastAPI dependencies: the shared Assistant and Settings, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.engine import Assistant


def get_assistant(request: Request) -> Assistant:
    """The process-wide Assistant built by create_app."""
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
