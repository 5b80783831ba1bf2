"""Human-readable reports of an eval run: a self-contained HTML page and a Markdown summary.

The HTML page embeds its CSS, SVG charts and a few lines of script; it loads nothing from
the network, so it opens from a file on an offline laptop.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

from eval.charts import bar_chart, histogram
from eval.metrics import COUNT_KEYS, lower_is_better
from eval.results import EvalReport

HEADLINE = (
    "hit@5",
    "mrr@10",
    "answer_accuracy",
    "citation_precision",
    "abstain_recall",
    "false_abstain_rate",
    "leaks",
    "latency_p95_ms",
)
GROUP_COLUMNS = (
    "questions",
    "hit@1",
    "hit@5",
    "mrr@10",
    "ndcg@10",
    "answer_accuracy",
    "false_abstain_rate",
    "leaks",
)
CHART_SERIES = ("hit@5", "answer_accuracy", "citation_precision", "abstain_recall")


def write_reports(report: EvalReport, out_dir: Path, *, title: str = "Eval report") -> list[Path]:
    """Write `report.html` and `summary.md` under `out_dir`; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "report.html"
    md_path = out_dir / "summary.md"
    html_path.write_text(render_html(report, title=title), encoding="utf-8")
    md_path.write_text(render_markdown(report, title=title), encoding="utf-8")
    return [html_path, md_path]


def failures_first(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Leaks first, then other failures, then passes; each group keeps the set's order."""

    def order(q: dict[str, Any]) -> int:
        if q.get("leaked"):
            return 0
        return 2 if q.get("correct") else 1

    return sorted(questions, key=order)


def fmt(value: Any) -> str:
    """A metric value for display: rates with 3 decimals, None as n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def render_html(report: EvalReport, *, title: str = "Eval report") -> str:
    """The whole report page as one HTML string."""
    template = Template(files("eval").joinpath("templates/report.html").read_text("utf-8"))
    m = report.metrics
    latencies = [
        float(q["latency_ms"]["total"])
        for q in report.questions
        if isinstance(q.get("latency_ms"), dict) and "total" in q["latency_ms"]
    ]
    return template.substitute(
        title=escape(title),
        meta=escape(_meta_line(report)),
        cards="".join(_card(key, m.get(key)) for key in HEADLINE if key in m),
        metrics_table=_metrics_table(m),
        lang_chart=bar_chart(report.by_lang, series=CHART_SERIES, title="Metrics by language"),
        lang_table=_group_table(report.by_lang, "language"),
        tag_chart=bar_chart(report.by_tag, series=CHART_SERIES, title="Metrics by tag"),
        tag_table=_group_table(report.by_tag, "tag"),
        latency_chart=histogram(latencies, title="Total latency per question"),
        rows="\n".join(_question_row(q) for q in failures_first(report.questions)),
    )


def _meta_line(report: EvalReport) -> str:
    c = report.config
    bits = [
        f"{report.metrics.get('questions', len(report.questions))} questions",
        f"index: {c.get('data_dir') or ', '.join(c.get('corpus', [])) or '?'}",
        f"embedder: {c.get('embedder', '?')}",
        f"composer: {c.get('composer', '?')}",
        f"k={c.get('k', '?')}",
    ]
    if c.get("audience_override"):
        bits.append(f"audience override: {c['audience_override']}")
    if c.get("created"):
        bits.append(str(c["created"]))
    return " · ".join(bits)


def _card(key: str, value: Any) -> str:
    alert = key == "leaks" and value not in (None, 0)
    return (
        f'<div class="card{" alert" if alert else ""}"><div class="k">{escape(key)}</div>'
        f'<div class="v">{escape(fmt(value))}</div></div>'
    )


def _metrics_table(metrics: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(key)}</td><td class='num'>{escape(fmt(value))}</td>"
        f"<td>{'lower is better' if lower_is_better(key) else ('' if key in COUNT_KEYS else 'higher is better')}</td></tr>"  # noqa: E501
        for key, value in metrics.items()
    )
    return f"<table class='narrow'><thead><tr><th>metric</th><th class='num'>value</th><th></th></tr></thead><tbody>{rows}</tbody></table>"  # noqa: E501


def _group_table(groups: dict[str, dict[str, Any]], label: str) -> str:
    if not groups:
        return '<p class="empty">no groups</p>'
    head = "".join(f"<th class='num'>{escape(c)}</th>" for c in GROUP_COLUMNS)
    body = "".join(
        f"<tr><td>{escape(name)}</td>"
        + "".join(f"<td class='num'>{escape(fmt(values.get(c)))}</td>" for c in GROUP_COLUMNS)
        + "</tr>"
        for name, values in groups.items()
    )
    return f"<table><thead><tr><th>{escape(label)}</th>{head}</tr></thead><tbody>{body}</tbody></table>"  # noqa: E501


def _docs(ids: list[str], *, expected: set[str], leaked: set[str]) -> str:
    if not ids:
        return '<span class="empty">—</span>'
    out = []
    for doc in ids:
        cls = "doc leak" if doc in leaked else ("doc match" if doc in expected else "doc")
        out.append(f'<span class="{cls}">{escape(doc)}</span>')
    return " ".join(out)


def _question_row(q: dict[str, Any]) -> str:
    passed = bool(q.get("correct")) and not q.get("leaked")
    expected = set(q.get("expected", []))
    leaked = set(q.get("leaked", []))
    verdict = "pass" if passed else "fail"
    if q.get("leaked"):
        verdict = "LEAK"
    elif q.get("abstained"):
        verdict += " (abstained)"
    citations = (
        "".join(
            f"<div>[{c.get('n')}] "
            + _docs([str(c.get("doc_id"))], expected=expected, leaked=leaked)
            + f'<div class="quote">{escape(str(c.get("quote", ""))[:300])}</div></div>'
            for c in q.get("citations", [])
        )
        or '<span class="empty">—</span>'
    )
    tags = ", ".join(q.get("tags", []))
    total = (q.get("latency_ms") or {}).get("total")
    accepted = "; ".join(q.get("answer_contains", []))
    return (
        f'<tr class="{"pass" if passed else "fail"}">'
        f"<td>{escape(str(q.get('id')))}<div class='meta'>{escape(str(q.get('lang', '')))}"
        f"{' · ' + escape(tags) if tags else ''} · {escape(str(q.get('audience', '')))}</div></td>"
        f'<td class="verdict {"pass" if passed else "fail"}">{escape(verdict)}</td>'
        f"<td>{escape(str(q.get('question', '')))}"
        + (f"<div class='meta'>accepts: {escape(accepted)}</div>" if accepted else "")
        + "</td>"
        f"<td>{_docs(q.get('expected', []), expected=expected, leaked=leaked)}</td>"
        f"<td>{_docs(q.get('retrieved', []), expected=expected, leaked=leaked)}</td>"
        f"<td class='answer'>{escape(str(q.get('answer', '')))}</td>"
        f"<td>{citations}</td>"
        f"<td class='num'>{escape(fmt(total))}</td></tr>"
    )


def render_markdown(
    report: EvalReport, *, title: str = "Eval report", max_failures: int = 25
) -> str:
    """A short Markdown summary: metrics, per-language and per-tag tables, top failures."""
    lines = [f"# {title}", "", _meta_line(report), "", "| metric | value |", "| --- | ---: |"]
    lines += [f"| {key} | {fmt(value)} |" for key, value in report.metrics.items()]
    for heading, groups in (("By language", report.by_lang), ("By tag", report.by_tag)):
        lines += ["", f"## {heading}", ""]
        lines.append("| group | " + " | ".join(GROUP_COLUMNS) + " |")
        lines.append("| --- |" + " ---: |" * len(GROUP_COLUMNS))
        for name, values in groups.items():
            cells = " | ".join(fmt(values.get(c)) for c in GROUP_COLUMNS)
            lines.append(f"| {name} | {cells} |")
    failures = [
        q for q in failures_first(report.questions) if not q.get("correct") or q.get("leaked")
    ]
    lines += ["", f"## Failures ({len(failures)} of {len(report.questions)})", ""]
    for q in failures[:max_failures]:
        state = (
            "LEAK " + ", ".join(q["leaked"])
            if q.get("leaked")
            else ("abstained" if q.get("abstained") else "wrong")
        )
        lines.append(
            f"- **{q.get('id')}** ({state}): {_one_line(q.get('question', ''))} — expected "
            f"{', '.join(q.get('expected', [])) or '(abstain)'}; retrieved "
            f"{', '.join(q.get('retrieved', [])[:5]) or '—'}"
        )
    if len(failures) > max_failures:
        lines.append(f"- … {len(failures) - max_failures} more in report.html")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
