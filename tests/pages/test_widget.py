"""The portal widget on /demo, in headless Chromium against the real app and fixture index."""

from __future__ import annotations

import re

import pytest

from tests.pages.conftest import ConsoleLog, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = "#sponsor-qa-widget"


def _open_widget(page, live_server: str) -> None:
    page.goto(f"{live_server}/demo")
    page.get_by_role("button", name="資料に基づく質問チャットを開く").click()


def _ask(page, question: str) -> None:
    box = page.get_by_role("textbox", name="ご質問")
    box.fill(question)
    box.press("Enter")


def test_widget_streams_a_cited_japanese_answer(browser, live_server, console: ConsoleLog) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP")
    page = context.new_page()
    console.watch(page)
    streamed: list[str] = []
    page.on(
        "response",
        lambda r: (
            streamed.append(r.headers.get("content-type", ""))
            if r.url.endswith("/v1/ask/stream")
            else None
        ),
    )
    _open_widget(page, live_server)
    assert page.get_by_role("dialog", name="技術・実績のご質問").is_visible()
    _ask(page, "ハイデラバード拠点の従業員数は？")

    message = page.locator(f"{WIDGET} .msg.bot[data-state=done]")
    message.wait_for(timeout=30_000)
    answer = message.locator(".answer").inner_text()
    assert "420名" in answer
    assert streamed and streamed[0].startswith("text/event-stream")

    marker = message.locator("a.cite").first
    assert marker.inner_text() == "1"
    href = marker.get_attribute("href") or ""
    assert re.search(r"/documents/site-hyderabad-ja\?hl=", href), href
    marker.hover()
    tip = page.locator(f"{WIDGET} .tip")
    tip.wait_for(state="visible")
    assert "420名" in tip.inner_text()
    assert message.locator(".sources").get_by_role("link").first.inner_text() == (
        "ハイデラバード拠点の概要"
    )
    screenshot(page, "demo-widget-answer")

    with context.expect_page() as opened:
        marker.click()
    doc = opened.value
    console.watch(doc)
    doc.locator("#doc-body mark").wait_for(timeout=10_000)
    assert doc.locator("h1").inner_text() == "ハイデラバード拠点の概要"
    assert "420名" in doc.locator("#doc-body mark").inner_text()
    screenshot(doc, "document-view")

    page.bring_to_front()
    message.get_by_role("button", name="役に立った").click()
    message.get_by_text("ご意見ありがとうございます。").wait_for(timeout=10_000)
    assert message.get_by_role("button", name="役に立った").get_attribute("aria-pressed") == "true"
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []


def test_abstention_offers_contact_action(browser, live_server, console: ConsoleLog) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP")
    page = context.new_page()
    console.watch(page)
    _open_widget(page, live_server)
    _ask(page, "火星に工場はありますか？")

    message = page.locator(f"{WIDGET} .msg.bot[data-state=abstained]")
    message.wait_for(timeout=30_000)
    # Said once: in the box with the contact action, not also as answer text.
    assert message.locator(".answer").count() == 0
    assert "見つかりませんでした" in message.locator(".abstain").inner_text()
    assert message.inner_text().count("見つかりませんでした") == 1
    assert message.locator("a.cite").count() == 0
    contact = message.get_by_role("link", name="専門スタッフに問い合わせる")
    href = contact.get_attribute("href") or ""
    assert href.startswith("mailto:japan-bd@example-cdmo.test?subject=")
    assert "body=" + "%E7%81%AB%E6%98%9F" in href  # the question ("火星…") travels with the mail
    screenshot(page, "demo-widget-abstain")
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []


def test_widget_keyboard_english_and_phone_width(browser, live_server, console: ConsoleLog) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ja-JP", has_touch=True, is_mobile=True
    )
    page = context.new_page()
    console.watch(page)
    page.goto(f"{live_server}/demo")
    launcher = page.locator(f"{WIDGET} .launcher")
    assert "資料に基づく質問チャットを開く" in launcher.get_attribute("aria-label")
    launcher.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    box = page.get_by_role("textbox", name="ご質問")
    assert box.evaluate("el => el.getRootNode().activeElement === el")
    assert dialog.bounding_box()["width"] == pytest.approx(390, abs=1)

    page.get_by_role("button", name="Switch to English").click()
    assert page.get_by_role("dialog", name="Technical questions").is_visible()
    box = page.get_by_role("textbox", name="Your question")
    box.fill("How many staff work at the Baltimore site?")
    box.press("Enter")
    message = page.locator(f"{WIDGET} .msg.bot[data-state=done]")
    message.wait_for(timeout=30_000)
    assert "240" in message.locator(".answer").inner_text()
    marker = message.locator("a.cite").first
    marker.tap()  # the first tap on a touch screen shows the quote instead of leaving the page
    page.locator(f"{WIDGET} .tip").wait_for(state="visible")
    assert "240" in page.locator(f"{WIDGET} .tip").inner_text()
    assert page.url.endswith("/demo")
    screenshot(page, "demo-widget-phone")

    page.keyboard.press("Escape")  # closes the quote
    page.keyboard.press("Escape")  # closes the panel, focus back on the launcher
    assert not dialog.is_visible()
    assert launcher.evaluate("el => el.getRootNode().activeElement === el")
    assert launcher.get_attribute("aria-label").startswith("Ask us")
    context.close()
    assert console.errors == []
    assert console.offsite(live_server) == []
