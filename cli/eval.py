"""`assistant eval …`: run a question set, compare two runs, import SQuAD-format data.

`assistant eval QUESTIONS [options]` runs a question set (the same as `assistant eval run`);
`compare` and `import-squad` are subcommands. This module is imported only when
`assistant eval` runs (see cli/__init__.py); heavy modules (Chroma, the embedder, ingest) are
imported inside the commands.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from assistant.errors import AssistantError
from assistant.types import Audience
from cli.common import console, err, fail

if TYPE_CHECKING:
    from eval.compare import MetricDelta
    from eval.results import EvalReport
    from ingest.pipeline import IngestReport


class _RunByDefault(TyperGroup):
    """A group whose first argument, when it names no subcommand, is the QUESTIONS of `run`."""

    # `ctx` is typed loosely: recent typer vendors its own click, older releases use click.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Route `eval QUESTIONS …` (and `eval --corpus … QUESTIONS`) to the `run` command."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


eval_app = typer.Typer(
    cls=_RunByDefault,
    help="Score the assistant on a question set; compare runs; import SQuAD-format sets.\n\n"
    "Usage: assistant eval QUESTIONS [--corpus PATH ...] [--out DIR] [--json FILE]",
    no_args_is_help=True,
    add_completion=False,
)


@eval_app.command("run")
def run_command(
    questions: Annotated[Path, typer.Argument(help="Question set (.jsonl or .yaml).")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option("--corpus", help="Build a throwaway index of these files/folders."),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Index to use without --corpus.")
    ] = None,
    audience: Annotated[
        Audience | None, typer.Option(help="Ask every question at this audience instead.")
    ] = None,
    default_audience: Annotated[
        Audience | None,
        typer.Option(help="With --corpus: audience of documents that name none."),
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Hits retrieved per question.")] = 10,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write report.html and summary.md here.")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the full results as JSON here.")
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Fail (exit 1) when a metric misses a limit in this YAML file."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Run QUESTIONS through the assistant and report retrieval, answer and latency metrics."""
    from assistant.config import Settings
    from assistant.embedders import build_embedder
    from eval.gate import check, load_thresholds
    from eval.questions import QuestionFieldWarning, load_questions
    from eval.report import write_reports
    from eval.runner import EvalOptions, evaluate

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", QuestionFieldWarning)
            items = load_questions(questions)
        for warning in caught:  # fields kept as notes: said once, without a source line
            err.print(f"[yellow]note[/] {warning.message}", highlight=False, soft_wrap=True)
        limits = load_thresholds(thresholds) if thresholds else None
        settings = Settings(**({"data_dir": data_dir} if data_dir else {}))  # type: ignore[arg-type]
        embedder = build_embedder(settings.embedder)
        options = EvalOptions(k=k, audience=audience, extra_config={"questions": str(questions)})
        with _progress(len(items), quiet=quiet) as (say, advance):
            report = evaluate(
                items,
                settings=settings,
                embedder=embedder,
                options=options,
                corpus=corpus or [],
                default_audience=default_audience,
                on_ingest=lambda r: say(_ingest_summary(r)),
                on_result=lambda _r: advance(),
            )
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    for warning in report.config.get("warnings", []):
        err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    print_report(report)
    if json_path:
        report.write_json(json_path)
        console.print(f"wrote {json_path}", highlight=False)
    if out:
        for path in write_reports(report, out, title=f"Eval: {questions.name}"):
            console.print(f"wrote {path}", highlight=False)
    problems = check(report.metrics, limits) if limits else []
    if report.metrics.get("leaks") and not any(p.startswith("leaks") for p in problems):
        problems.insert(0, f"{report.metrics['leaks']} leak(s): text above the question's audience")
    for problem in problems:
        err.print(f"[bold red]gate:[/] {problem}", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(code=1)


def _ingest_summary(report: IngestReport) -> str:
    lines = [
        f"indexed {report.documents} documents ({report.chunks_written} chunks) "
        f"in {report.seconds:.1f}s"
    ]
    lines += [f"  skipped {path}: {reason}" for path, reason in report.failed]
    return "\n".join(lines)


@contextmanager
def _progress(
    total: int, *, quiet: bool
) -> Iterator[tuple[Callable[[str], None], Callable[[], None]]]:
    """Yield (say, advance): messages and a progress bar on stderr (no bar when quiet)."""
    if quiet:
        yield (lambda message: err.print(message, highlight=False)), (lambda: None)
        return
    columns = (TextColumn("asking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("asking", total=total)
        yield (
            (lambda message: bar.console.print(message, highlight=False)),
            (lambda: bar.advance(task)),
        )


def print_report(report: EvalReport) -> None:
    """The console tables: metrics overall and per language, then per tag."""
    langs = list(report.by_lang)
    table = Table(title="Eval metrics")
    table.add_column("metric")
    table.add_column("overall", justify="right")
    for lang in langs:
        table.add_column(lang, justify="right")
    for name, value in report.metrics.items():
        style = "bold red" if name == "leaks" and value else None
        table.add_row(
            name,
            _fmt(value),
            *(_fmt(report.by_lang[lang].get(name)) for lang in langs),
            style=style,
        )
    console.print(table)
    if report.by_tag:
        columns = {
            "n": "questions",
            "hit@5": "hit@5",
            "mrr": "mrr@10",
            "accuracy": "answer_accuracy",
            "abst.rec": "abstain_recall",
            "false abst": "false_abstain_rate",
            "leaks": "leaks",
        }
        tags = Table(title="By tag")
        tags.add_column("tag", overflow="fold")
        for header in columns:
            tags.add_column(header, justify="right", no_wrap=True)
        for tag, values in report.by_tag.items():
            tags.add_row(tag, *(_fmt(values.get(c)) for c in columns.values()))
        console.print(tags)


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@eval_app.command("compare")
def compare_command(
    base: Annotated[Path, typer.Argument(help="The baseline report (eval --json).")],
    new: Annotated[Path, typer.Argument(help="The report to judge against it.")],
    tolerance: Annotated[
        float, typer.Option(min=0.0, help="Allowed drop of a rate (absolute).")
    ] = 0.01,
    latency_tolerance: Annotated[
        float, typer.Option(min=0.0, help="Allowed latency growth (relative; 0.25 = 25%).")
    ] = 0.25,
    as_json: Annotated[bool, typer.Option("--json", help="Print the deltas as JSON.")] = False,
) -> None:
    """Metric deltas of NEW against BASE; exits 1 on a regression beyond the tolerance."""
    from eval.compare import compare_metrics, regressions
    from eval.results import load_report

    try:
        deltas = compare_metrics(
            load_report(base).metrics,
            load_report(new).metrics,
            tolerance=tolerance,
            latency_tolerance=latency_tolerance,
        )
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    bad = regressions(deltas)
    if as_json:
        payload = [
            {
                "metric": d.name,
                "base": d.base,
                "new": d.new,
                "delta": d.delta,
                "regression": d.regression,
                "improved": d.improved,
                "note": d.note,
            }
            for d in deltas
        ]
        console.print_json(json.dumps({"deltas": payload, "regressions": len(bad)}))
    else:
        _print_deltas(deltas, base=base, new=new)
    if bad:
        err.print(
            f"[bold red]{len(bad)} regression(s):[/] " + ", ".join(d.name for d in bad),
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(code=1)


def _print_deltas(deltas: list[MetricDelta], *, base: Path, new: Path) -> None:
    table = Table(title=f"{new.name} vs {base.name}")
    for column, justify in (("metric", "left"), ("base", "right"), ("new", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    table.add_column("delta", justify="right")
    table.add_column("")
    for d in deltas:
        verdict = "REGRESSION" if d.regression else ("improved" if d.improved else "")
        style = "bold red" if d.regression else ("green" if d.improved else None)
        delta = "n/a" if d.delta is None else f"{d.delta:+.4g}"
        table.add_row(
            d.name,
            _fmt(d.base),
            _fmt(d.new),
            delta,
            " ".join(filter(None, [verdict, d.note])),
            style=style,
        )
    console.print(table)


@eval_app.command("import-squad")
def import_squad_command(
    source: Annotated[Path, typer.Argument(help="A SQuAD/JSQuAD-format JSON file.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for corpus.jsonl + questions.jsonl.")],
    lang: Annotated[
        str | None, typer.Option(help="ja or en; detected per paragraph when left out.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Tag for every question (default: file stem).")
    ] = None,
) -> None:
    """Convert SQuAD-format data into corpus.jsonl and questions.jsonl for `assistant eval`."""
    from eval.squad import import_squad

    try:
        result = import_squad(source, out, lang=lang, tag=tag)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"wrote {result.records} records to {result.corpus_path} and {result.questions} "
        f"questions ({result.unanswerable} unanswerable) to {result.questions_path}",
        highlight=False,
    )
    console.print(
        f"next: assistant eval {result.questions_path} --corpus {result.corpus_path}",
        highlight=False,
    )
