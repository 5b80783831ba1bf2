"""What every command shares: the consoles, Settings from options, and the one way to fail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.config import Settings

console = Console()
err = Console(stderr=True)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Index folder (default ./data).")]


def settings_for(data_dir: Path | None = None, **overrides: object) -> Settings:
    """Settings from the environment, with command-line options on top."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        values["data_dir"] = data_dir
    return Settings(**values)  # type: ignore[arg-type]


def fail(message: str) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)
