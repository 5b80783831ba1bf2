"""The `assistant` command line. It is the composition root, so it alone may import
`ingest`, `api` and `eval` (lazily, inside the commands that need them)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.types import Audience

app = typer.Typer(
    help="Evidence-first sponsor Q&A: every answer cited, or an honest 'not found'.",
    no_args_is_help=True,
    add_completion=False,
)
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


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    data_dir: DataDir = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Load, chunk, embed and index PATHS; unchanged files are skipped."""
    from assistant.factory import embedder_for, open_store
    from ingest.pipeline import IngestOptions, ingest_paths

    settings = settings_for(data_dir)
    try:
        embedder = embedder_for(settings)
        store = open_store(settings, embedder, create=True)
        report = ingest_paths(
            paths,
            store=store,
            embedder=embedder,
            options=IngestOptions(
                max_tokens=settings.chunk_tokens,
                overlap=settings.chunk_overlap_sentences,
                default_audience=settings.default_audience,
                batch_size=settings.embed_batch_size,
                dry_run=dry_run,
            ),
        )
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        console.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        table = Table(title="Ingest" + (" (dry run)" if dry_run else ""))
        for column in ("added", "updated", "unchanged", "removed", "failed", "chunks", "seconds"):
            table.add_column(column, justify="right")
        table.add_row(
            str(len(report.added)),
            str(len(report.updated)),
            str(len(report.unchanged)),
            str(len(report.removed)),
            str(len(report.failed)),
            str(report.chunks_written),
            f"{report.seconds:.2f}",
        )
        console.print(table)
        for path, reason in report.failed:
            err.print(f"[red]failed[/] {path}: {reason}", highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(code=1)


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="The sponsor's question, in Japanese or English.")
    ],
    audience: Annotated[Audience, typer.Option(help="Audience ceiling of the asker.")] = (
        Audience.PUBLIC
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Answer QUESTION from the index, with citations."""
    from assistant.engine import Assistant

    try:
        answer = Assistant(settings_for(data_dir)).ask(question, audience=audience)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        payload = asdict(answer)
        payload.pop("hits")
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    console.print(answer.text, highlight=False, soft_wrap=True)
    for c in answer.citations:
        where = f", p. {c.page}" if c.page else ""
        console.print(
            f"[dim][{c.n}] {c.title} — {c.source}{where} ({c.doc_id})[/]",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def status(data_dir: DataDir = None) -> None:
    """Documents, chunks and embedder of the index."""
    from assistant.engine import Assistant

    try:
        info = Assistant(settings_for(data_dir)).info()
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    table = Table(show_header=False)
    for key, value in info.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the HTTP API, the widget and the booth page."""
    import uvicorn

    from api.app import create_app

    settings = settings_for(data_dir, host=host, port=port)
    try:
        application = create_app(settings)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")


keys_app = typer.Typer(help="API keys: stored as SHA-256 hashes, each with an audience ceiling.")
app.add_typer(keys_app, name="keys")


@keys_app.command("add")
def keys_add(
    name: Annotated[str, typer.Argument(help="Who holds the key, e.g. 'booth-tokyo'.")],
    audience: Annotated[Audience, typer.Option(help="Highest audience the key may read.")] = (
        Audience.PUBLIC
    ),
    rate: Annotated[str, typer.Option(help="Rate limit, e.g. 60/min, 5/s, 1000/hour.")] = (
        "60/min"
    ),
    admin: Annotated[bool, typer.Option("--admin", help="May run admin routes.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create an API key, store its hash in the keys file and print the key once."""
    from api.keys import add_key

    settings = settings_for(data_dir)
    path = settings.resolved_keys_file()
    try:
        secret = add_key(path, name, audience=audience, rate=rate, admin=admin)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    err.print(
        f"Created key {name!r} (audience {audience.value}, {rate}{', admin' if admin else ''}) "
        f"in {path}. It is shown once; store it now:",
        highlight=False,
        soft_wrap=True,
    )
    typer.echo(secret)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
