"""Customer documents in the pages: ids with `/` open, and a `url` is a link, never code.

The index holds the customer corpus (tests/ingest/customer_corpus.py) plus a document planted
directly through the store with `url: javascript:…` (ingest refuses such a url; an old index
may still hold one). Every page must refuse to render it as an href, and nothing may run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.engine import Assistant
from assistant.factory import open_store
from assistant.text import index_terms
from assistant.types import Chunk
from tests.conftest import make_settings, run_ingest
from tests.ingest.customer_corpus import write_customer_corpus
from tests.pages.conftest import ConsoleLog, _free_port, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVIL_URL = "javascript:window.__pwned=1;document.title='PWNED'"
EVIL_TEXT = "The Nagoya filling line runs isolator-based aseptic filling of vials."
QUESTION = "What does the Nagoya filling line run?"


def _plant(settings: Settings, embedder: Embedder) -> None:
    store = open_store(settings, embedder)
    chunk = Chunk(
        id="planted/evil#0",
        doc_id="planted/evil",
        text=EVIL_TEXT,
        lang="en",
        section="Nagoya filling line",
        metadata={
            "doc_id": "planted/evil",
            "title": "Nagoya filling line",
            "doc_type": "site_overview",
            "lang": "en",
            "audience": "public",
            "source": "planted/evil.md",
            "url": EVIL_URL,
        },
        content_hash="planted",
    )
    vectors = np.asarray(embedder.embed_documents([f"Nagoya filling line\n{EVIL_TEXT}"]))
    store.upsert([chunk], vectors, terms=[" ".join(index_terms(EVIL_TEXT))])
    store.bump_generation()


@pytest.fixture(scope="module")
def customer_server(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    """The app over the customer corpus plus the planted document, on loopback."""
    import uvicorn

    from api.app import create_app

    root = tmp_path_factory.mktemp("customer")
    settings = make_settings(root / "data", anonymous_rate="1000/min")
    report = run_ingest(settings, embedder, write_customer_corpus(root / "corpus"))
    assert report.failed == []
    _plant(settings, embedder)
    app = create_app(settings, assistant=Assistant(settings, embedder=embedder))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _protocols(page) -> set[str]:
    """The scheme of every link on the page, as the browser resolves it."""
    return set(page.eval_on_selector_all("a[href]", "as => as.map(a => a.protocol)"))


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() != "PWNED"
    assert _protocols(page) <= {"http:", "https:"}


def test_document_view_opens_an_id_with_a_slash_and_shows_extra_fields(
    browser, customer_server: str, console: ConsoleLog
) -> None:
    page = browser.new_context(locale="en-US").new_page()
    console.watch(page)
    page.goto(f"{customer_server}/documents/brochure/company-profile?hl=Opened%3A%202016")
    page.locator("#doc:not([aria-busy])").wait_for()
    assert page.locator("#doc-title").inner_text() == "Company profile"
    body = page.locator("#doc-body").inner_text()
    assert "Site: Tokyo\nBioreactor capacity: 4,000 L\nOpened: 2016" in body
    assert "**" not in body and "](" not in body
    assert page.locator("#doc-body mark").inner_text() == "Opened: 2016"
    # Headings from the section path; the other table row renders as a record, verbatim.
    assert page.locator("#doc-body h2").all_inner_texts() == ["Company profile"]
    assert page.locator("#doc-body h3").all_inner_texts() == ["Capacity"]
    assert page.locator("#doc-body .record b").all_inner_texts() == [
        "Site:",
        "Bioreactor capacity:",
        "Opened:",
    ]
    assert "Site: Baltimore\nBioreactor capacity: 12,000 L\nOpened: 2004" in body
    screenshot(page, "document-customer-profile", full_page=True)
    meta = page.locator("#doc-meta").inner_text()
    assert "Company profile" in meta and "Corporate communications" in meta
    assert page.locator("#doc-meta a").get_attribute("href") == "https://kestrel.example/profile"
    assert console.errors == []


def test_a_javascript_url_never_becomes_a_link(
    browser, customer_server: str, console: ConsoleLog
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    console.watch(page)
    page.goto(f"{customer_server}/documents/planted/evil")
    page.locator("#doc:not([aria-busy])").wait_for()
    assert EVIL_TEXT in page.locator("#doc-body").inner_text()
    _assert_nothing_ran(page)

    page.goto(f"{customer_server}/booth")
    page.locator("#lang-toggle button[data-lang=en]").click()
    page.locator("#question").fill(QUESTION)
    page.locator("#ask-btn").click()
    page.locator("#result[data-state=done]").wait_for(timeout=60_000)
    card = page.locator("#sources .card[data-doc-id='planted/evil']")
    assert card.count() == 1
    for link in card.locator("a[href]").all():
        with context.expect_page() as opened:
            link.click()
        opened.value.wait_for_load_state()
        assert opened.value.url.startswith(f"{customer_server}/documents/planted%2Fevil")
        _assert_nothing_ran(opened.value)
        opened.value.close()
    _assert_nothing_ran(page)

    page.goto(f"{customer_server}/demo")
    page.get_by_role("button", name="資料に基づく質問チャットを開く").click()
    box = page.get_by_role("textbox", name="ご質問")
    box.fill(QUESTION)
    box.press("Enter")
    page.locator("#sponsor-qa-widget .msg.bot[data-state=done]").wait_for(timeout=60_000)
    links = page.locator("#sponsor-qa-widget a[href]").evaluate_all(
        "as => as.map(a => [a.protocol, a.getAttribute('href')])"
    )
    assert any("/documents/planted%2Fevil" in href for _, href in links), links
    assert {protocol for protocol, _ in links} <= {"http:", "https:", "mailto:"}, links
    _assert_nothing_ran(page)
    context.close()


def test_booth_links_our_view_first_and_an_http_url_second(
    browser, customer_server: str, console: ConsoleLog
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    console.watch(page)
    page.goto(f"{customer_server}/booth")
    page.locator("#lang-toggle button[data-lang=en]").click()
    page.locator("#question").fill("Who is Kestrel Bio?")
    page.locator("#ask-btn").click()
    page.locator("#result[data-state=done]").wait_for(timeout=60_000)
    card = page.locator("#sources .card[data-doc-id='brochure/company-profile']")
    hrefs = card.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
    assert hrefs[0].startswith(f"{customer_server}/documents/brochure%2Fcompany-profile?hl=")
    assert hrefs[-1] == "https://kestrel.example/profile"  # the secondary, external link
    assert card.locator("a.external").inner_text() == "https://kestrel.example/profile"
    context.close()
