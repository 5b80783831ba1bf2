"""The page routes and static assets: served by the app itself, nothing from a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.pages import STATIC_DIR
from tests.conftest import make_settings


def _client(tmp_path) -> TestClient:
    # Pages need no index: they are static files that call the API from the browser.
    return TestClient(create_app(make_settings(tmp_path / "no-index")))


def test_pages_and_widget_are_served(tmp_path) -> None:
    client = _client(tmp_path)
    widget = client.get("/widget.js")
    assert widget.status_code == 200
    assert widget.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in widget.text and "/v1/ask/stream" in widget.text

    demo = client.get("/demo")
    assert demo.headers["content-type"].startswith("text/html")
    assert '<html lang="ja">' in demo.text
    tag = r'<script src="/widget.js" data-key="[^"]*" data-lang="ja"[^>]* defer>'
    assert re.search(tag, demo.text)

    booth = client.get("/booth")
    assert "/static/booth.js" in booth.text and "/static/pages.css" in booth.text
    assert client.get("/static/booth.js").status_code == 200
    assert client.get("/static/pages.css").headers["content-type"].startswith("text/css")

    view = client.get("/documents/site-hyderabad-ja")
    assert view.status_code == 200 and "/static/document.js" in view.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/booth"
    assert client.head("/widget.js").status_code == 200


def test_static_assets_load_nothing_from_elsewhere() -> None:
    # The booth must work offline: no CDN scripts, stylesheets or web fonts.
    for path in STATIC_DIR.iterdir():
        text = re.sub(r"/\*.*?\*/|<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r'(src|href)="(https?:)?//', text), path.name
        assert "@import" not in text and "@font-face" not in text, path.name
        assert "fonts.googleapis" not in text, path.name
