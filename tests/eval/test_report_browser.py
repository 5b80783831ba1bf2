"""The HTML report opens in headless Chromium offline, without console errors, and works."""

import shutil
from pathlib import Path

import pytest

from assistant.types import Audience, Citation
from eval.questions import EvalQuestion
from eval.report import render_markdown, write_reports
from eval.results import QuestionResult
from eval.runner import EvalOptions, build_report

CHROMIUM = Path("/usr/bin/chromium")


def _result(qid, question, *, lang, expected, retrieved, answer, cited=(), abstained=False,
            audiences=None, tags=(), total=20.0):  # fmt: skip
    q = EvalQuestion(
        id=qid,
        question=question,
        lang=lang,
        expected_sources=tuple(expected),
        answer_contains=("OEB5",) if expected else (),
        tags=tuple(tags),
    )
    return QuestionResult(
        question=q,
        retrieved=tuple(retrieved),
        answer=answer,
        citations=tuple(
            Citation(n=i, doc_id=d, chunk_id=f"{d}#0", title=d, source=f"{d}.md", quote="OEB5 …")
            for i, d in enumerate(cited, start=1)
        ),
        abstained=abstained,
        latency_ms={"embed": total / 2, "retrieve": total / 4, "compose": 1.0, "total": total},
        source_audiences=audiences or {d: "public" for d in [*retrieved, *cited]},
        asked_audience=Audience.PUBLIC,
    )


@pytest.fixture
def report():
    results = [
        _result(
            "ok-ja",
            "封じ込めはOEB5まで対応できますか？",
            lang="ja",
            expected=["hyd"],
            retrieved=["hyd", "blt"],
            answer="OEB5のアイソレーター [1]",
            cited=["hyd"],
            tags=["hpapi"],
            total=15,
        ),  # fmt: skip
        _result(
            "wrong-en",
            "<script>alert('x')</script> containment?",
            lang="en",
            expected=["hyd"],
            retrieved=["blt"],
            answer="Baltimore makes mAbs [1]",
            cited=["blt"],
            tags=["hpapi"],
            total=40,
        ),  # fmt: skip
        _result(
            "leak-en",
            "Who is the TANCHO-9 sponsor?",
            lang="en",
            expected=[],
            retrieved=["conf"],
            answer="A named sponsor [1]",
            cited=["conf"],
            audiences={"conf": "confidential"},
            tags=["leak-probe"],
            total=90,
        ),  # fmt: skip
        _result(
            "abstain-en",
            "Brazil?",
            lang="en",
            expected=[],
            retrieved=["blt"],
            answer="No verified source.",
            abstained=True,
            total=25,
        ),  # fmt: skip
    ]
    return build_report(results, options=EvalOptions(), config={"data_dir": "data"})


def test_markdown_summary_lists_metrics_groups_and_failures_first(report) -> None:
    text = render_markdown(report, title="Tiny")
    assert text.startswith("# Tiny")
    assert "| hit@5 | 0.500 |" in text and "| leaks | 1 |" in text
    assert "## By language" in text and "| ja |" in text and "| hpapi |" in text
    failures = text.split("## Failures (2 of 4)")[1]
    assert failures.index("leak-en") < failures.index("wrong-en")
    assert "LEAK conf" in failures
    assert "ok-ja" not in failures


@pytest.mark.slow
@pytest.mark.browser
def test_html_report_opens_in_chromium_without_errors(report, tmp_path) -> None:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (make install-test)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    html_path, md_path = write_reports(report, tmp_path / "out", title="Tiny eval")
    assert md_path.name == "summary.md" and md_path.exists()
    html = html_path.read_text("utf-8")
    assert "<script>alert(" not in html  # question text is escaped
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html

    messages, requests = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            page.on("dialog", lambda d: (messages.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html_path.as_uri())
            page.wait_for_load_state("load")
            assert page.title() == "Tiny eval"
            rows = page.locator("#questions tbody tr")
            assert rows.count() == 4
            ids = [rows.nth(i).locator("td").first.inner_text().split("\n")[0] for i in range(4)]
            assert set(ids[:2]) == {"wrong-en", "leak-en"}  # failures first
            assert page.locator("tr.fail .verdict", has_text="LEAK").count() == 1
            assert page.locator("svg.chart").count() == 3  # language, tag, latency
            assert page.locator("text=4 of 4 shown").count() == 1
            page.check("#failures-only")
            assert page.locator("text=2 of 4 shown").count() == 1
            assert not rows.nth(3).is_visible()
            card = page.locator(".card.alert")
            assert "leaks" in card.inner_text() and "1" in card.inner_text()
        finally:
            browser.close()
    assert messages == []
    assert all(url.startswith("file://") for url in requests), requests
