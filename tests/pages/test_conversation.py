"""Conversations in headless Chromium: follow-ups in the widget and the booth, the booth's
operator mode, and /docs served without any request leaving the app."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from api.keys import add_key
from assistant.types import Audience
from tests.pages.conftest import ConsoleLog, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = "#sponsor-qa-widget"


def _asked(page) -> list[dict]:
    """The JSON bodies the page posts to /v1/ask*, in order."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda r: bodies.append(json.loads(r.post_data or "{}")) if "/v1/ask" in r.url else None,
    )
    return bodies


def _widget_ask(page, question: str, turn: int):
    box = page.get_by_role("textbox", name="ご質問")
    box.fill(question)
    box.press("Enter")
    message = page.locator(f"{WIDGET} .msg.bot:not(.welcome)").nth(turn)
    message.locator("xpath=self::*[@data-state='done' or @data-state='abstained']").wait_for(
        timeout=30_000
    )
    return message


def test_widget_three_turns_then_a_fresh_start(browser, live_server, console: ConsoleLog):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP")
    page = context.new_page()
    page.clock.install()
    console.watch(page)
    bodies = _asked(page)
    page.goto(f"{live_server}/demo")
    page.get_by_role("button", name="資料に基づく質問チャットを開く").click()

    first = _widget_ask(page, "ハイデラバード拠点の封じ込め設備は？", 0)
    assert "OEB5" in first.locator(".answer").inner_text()
    assert first.locator(".resolved").count() == 0
    second = _widget_ask(page, "従業員数は？", 1)
    assert second.locator(".resolved").inner_text() == (
        "「ハイデラバード拠点の従業員数は？」として回答しました"
    )
    assert "420名" in second.locator(".answer").inner_text()
    assert second.locator(".sources").get_by_role("link").first.inner_text() == (
        "ハイデラバード拠点の概要"
    )
    third = _widget_ask(page, "その中で品質保証部門は何名ですか？", 2)
    assert third.locator(".resolved").inner_text() == (
        "「ハイデラバード拠点・従業員について：その中で品質保証部門は何名ですか？」として回答しました"
    )
    assert "品質保証部門は55名" in third.locator(".answer").inner_text()
    assert "site-hyderabad-ja" in (third.locator("a.cite").first.get_attribute("href") or "")
    assert [b.get("history") for b in bodies] == [
        None,
        [{"question": "ハイデラバード拠点の封じ込め設備は？"}],
        [
            {"question": "ハイデラバード拠点の封じ込め設備は？"},
            {"question": "従業員数は？", "resolved": "ハイデラバード拠点の従業員数は？"},
        ],
    ]
    screenshot(page, "widget-follow-ups")

    # Closed and reopened after more than ten minutes: a fresh conversation.
    page.get_by_role("button", name="チャットを閉じる").click()
    page.clock.fast_forward("11:00")
    page.get_by_role("button", name="資料に基づく質問チャットを開く").click()
    assert page.locator(f"{WIDGET} .msg").count() == 1  # the welcome only
    _widget_ask(page, "従業員数は？", 0)
    assert "history" not in bodies[-1]
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []


def _booth_ask(page, question: str) -> None:
    page.get_by_label("Question", exact=True).fill(question)
    page.get_by_role("button", name="Ask").click()
    page.locator("#result[data-state=done], #result[data-state=abstained]").wait_for(timeout=30_000)


def test_booth_three_turns_and_a_new_topic(browser, live_server, console: ConsoleLog):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    console.watch(page)
    bodies = _asked(page)
    page.goto(f"{live_server}/booth")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("button", name="New topic").is_disabled()

    _booth_ask(page, "How many staff does the Baltimore site have?")
    assert "240 staff" in page.locator("#answer").inner_text()
    assert not page.locator("#resolved").is_visible()
    _booth_ask(page, "And Hyderabad?")
    assert page.locator("#resolved").inner_text() == (
        "Answered as: How many staff does the Hyderabad site have?"
    )
    assert "420名" in page.locator("#answer").inner_text()
    assert page.locator("#sources .card").first.get_attribute("data-doc-id") == (
        "site-hyderabad-ja"
    )
    _booth_ask(page, "What about the HPAPI isolators there?")
    assert page.locator("#resolved").inner_text() == (
        "Answered as: What about the HPAPI isolators at Hyderabad?"
    )
    assert "OEB5" in page.locator("#answer").inner_text()
    assert "site-hyderabad-ja" in page.locator("#sources .card").evaluate_all(
        "cs => cs.map(c => c.dataset.docId)"
    )
    assert len(bodies[-1]["history"]) == 2
    assert page.locator("#thread-note").is_visible()
    screenshot(page, "booth-follow-ups", full_page=True)

    page.get_by_role("button", name="New topic").click()
    assert not page.locator("#thread-note").is_visible()
    _booth_ask(page, "And Hyderabad?")
    assert "history" not in bodies[-1]
    assert not page.locator("#resolved").is_visible()
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []


def test_booth_operator_mode_badges_and_marks_internal_sources(
    browser, live_server, fixture_settings, console: ConsoleLog
):
    key = add_key(fixture_settings.resolved_keys_file(), "booth-laptop", audience=Audience.INTERNAL)
    context = browser.new_context(
        viewport={"width": 1366, "height": 900},
        locale="ja-JP",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    console.watch(page)
    page.goto(f"{live_server}/booth")
    question = "What is the price floor for a 2,000 L mAb batch?"
    # Public by default: the pricing guidance is not there.
    page.get_by_label("ご質問", exact=True).fill(question)
    page.get_by_role("button", name="質問する").click()
    page.locator("#result[data-state=done], #result[data-state=abstained]").wait_for()
    assert page.locator("#sources .card[data-doc-id=faq-pricing]").count() == 0
    assert not page.locator("#operator-badge").is_visible()

    page.get_by_role("button", name="担当者モード").click()
    page.get_by_label("担当者用APIキー").fill("not-a-key")
    page.get_by_role("button", name="解除").click()
    page.get_by_text("キーを確認できませんでした").wait_for()
    assert not page.locator("#operator-badge").is_visible()
    page.get_by_label("担当者用APIキー").fill(key)
    page.get_by_role("button", name="解除").click()
    badge = page.locator("#operator-badge")
    badge.wait_for()
    assert "社内資料を含む — お客様に画面を見せないでください" in badge.inner_text()

    page.get_by_role("button", name="新しい話題").click()
    page.get_by_label("ご質問", exact=True).fill(question)
    page.get_by_role("button", name="質問する").click()
    page.locator("#result[data-state=done]").wait_for(timeout=30_000)
    card = page.locator("#sources .card[data-doc-id=faq-pricing]")
    assert card.count() == 1
    assert "internal" in (card.get_attribute("class") or "")
    assert card.locator(".chip.internal").inner_text() == "社内資料"
    assert "1.1 million USD" in page.locator("#answer").inner_text()
    page.get_by_role("button", name="回答と出典をコピー").click()
    page.get_by_text("コピーしました").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("※社内資料を含みます。社外に送付しないでください。")
    assert "[社内資料] BD pricing guidance" in copied
    screenshot(page, "booth-operator", full_page=True)

    # The internal source opens from its card: the key travels in this tab's session.
    with context.expect_page() as opened:
        card.locator("h4 a").click()
    doc = opened.value
    doc.locator("#doc-body").wait_for()
    doc.wait_for_function("document.querySelector('#doc').getAttribute('aria-busy') === null")
    assert "1.1 million USD" in doc.locator("#doc-body").inner_text()
    doc.close()

    # The badge stays across a reload (sessionStorage) and goes with the key.
    page.reload()
    assert page.locator("#operator-badge").is_visible()
    page.get_by_role("button", name="担当者モードを終了").click()
    assert not page.locator("#operator-badge").is_visible()
    assert not page.locator("#result").is_visible()
    context.close()
    # The one console error is the browser's note on the 401 for the wrong key.
    assert [e for e in console.errors if "401" not in e] == []
    assert console.offsite(live_server) == []


def test_docs_load_with_no_request_leaving_the_app(browser, live_server, console: ConsoleLog):
    pytest.importorskip("swagger_ui_bundle", reason="pip install swagger-ui-bundle-v2")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def guard(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    console.watch(page)
    page.goto(f"{live_server}/docs")
    page.locator(".swagger-ui .information-container h1.title").wait_for(timeout=20_000)
    assert "Sponsor Q&A Assistant" in page.locator(".swagger-ui .title").inner_text()
    page.locator("#operations-ask-ask_v1_ask_post").wait_for()
    screenshot(page, "docs-offline")
    context.close()
    assert refused == []
    assert console.errors == []
