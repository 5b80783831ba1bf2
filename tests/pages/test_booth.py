"""The BD booth page, in headless Chromium against the real app and fixture index."""

from __future__ import annotations

import json

import pytest

from tests.pages.conftest import ConsoleLog, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _booth(browser, live_server: str, console: ConsoleLog, **context_args):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="ja-JP", **context_args
    )
    page = context.new_page()
    console.watch(page)
    page.goto(f"{live_server}/booth")
    return context, page


def test_booth_filtered_answer_copies_with_sources(browser, live_server, console) -> None:
    context, page = _booth(
        browser, live_server, console, permissions=["clipboard-read", "clipboard-write"]
    )
    asked: list[dict] = []
    page.on(
        "request",
        lambda r: asked.append(json.loads(r.post_data or "{}")) if "/v1/ask" in r.url else None,
    )
    site = page.get_by_label("拠点", exact=True)
    site.locator("option[value=hyderabad]").wait_for(state="attached")
    site.select_option("hyderabad")
    page.get_by_label("ご質問", exact=True).fill("従業員は何名ですか？")
    page.get_by_role("button", name="質問する").click()

    result = page.locator("#result[data-state=done]")
    result.wait_for(timeout=30_000)
    assert asked == [
        {"question": "従業員は何名ですか？", "lang": "ja", "filters": {"site": "hyderabad"}}
    ]
    assert "420名" in page.locator("#answer").inner_text()
    cards = page.locator("#sources .card")
    assert cards.count() >= 1
    assert set(cards.evaluate_all("cs => cs.map(c => c.dataset.site)")) == {"hyderabad"}
    first = cards.first
    assert "ハイデラバード拠点の概要" in first.locator("h4").inner_text()
    assert "420名" in first.locator("blockquote").inner_text()
    assert "2024-05-10" in first.locator(".meta").inner_text()

    page.get_by_role("button", name="回答と出典をコピー").click()
    page.get_by_text("コピーしました").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("ご質問: 従業員は何名ですか？")
    assert "同拠点の従業員は420名で、そのうち品質保証部門は55名です。 [1]" in copied
    sources = copied.split("\n出典:\n", 1)[1]
    assert sources.startswith("[1] ハイデラバード拠点の概要")
    assert f"{live_server}/documents/site-hyderabad-ja" in sources
    screenshot(page, "booth-answer", full_page=True)

    page.reload()  # the session's recent questions survive a reload, and re-ask with their filters
    recent = page.locator("#recent button")
    assert recent.count() == 1
    assert "従業員は何名ですか？" in recent.first.inner_text()
    assert "ハイデラバード" in recent.first.inner_text()
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []


def test_booth_english_ui_abstention_and_copy_fallback(browser, live_server, console) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    # A browser that refuses the async clipboard API: the page must fall back to execCommand.
    context.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
    )
    page = context.new_page()
    console.watch(page)
    page.goto(f"{live_server}/booth")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("button", name="Ask").is_visible()
    page.get_by_label("Question", exact=True).fill("火星に工場はありますか？")
    page.get_by_label("Question", exact=True).press("Enter")
    page.locator("#result[data-state=abstained]").wait_for(timeout=30_000)
    assert page.get_by_text("No verified source answers this").is_visible()
    # Said once: by the notice, not also as answer text.
    assert not page.locator("#answer").is_visible()
    assert page.locator("#result").inner_text().count("No verified source") == 1
    assert page.locator("#sources .card").count() == 0
    page.get_by_role("button", name="Copy answer with sources").click()
    assert page.locator("#copy-status").inner_text() in {
        "Copied — ready to paste into an email.",
        "Automatic copy failed: the text is selected, copy it with Ctrl+C / ⌘C.",
    }
    copied = page.locator("#copy-fallback").input_value()
    assert copied.startswith("Question: 火星に工場はありますか？\n\nNo verified source")
    assert copied.endswith("(No verified source answers this yet; a specialist will follow up.)")
    screenshot(page, "booth-abstain", full_page=True)
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []
