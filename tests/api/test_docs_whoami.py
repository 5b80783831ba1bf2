"""/docs is served from the app's own Swagger UI assets; /v1/whoami names the key's ceiling."""

from __future__ import annotations

import re

import pytest


def test_docs_page_and_assets_come_from_the_app(client) -> None:
    pytest.importorskip("swagger_ui_bundle", reason="pip install swagger-ui-bundle-v2")
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(url.startswith("/static/swagger-ui/") for url in urls)
    assert "cdn." not in page.text and "validatorUrl" in page.text
    js = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text
    assert client.get("/openapi.json").json()["paths"]["/v1/ask"]


def test_whoami_names_the_ceiling(client, keys) -> None:
    assert client.get("/v1/whoami").json() == {
        "name": "anonymous",
        "audience": "public",
        "anonymous": True,
    }
    inside = client.get("/v1/whoami", headers={"X-API-Key": keys["internal"]}).json()
    assert inside == {"name": "booth", "audience": "internal", "anonymous": False}
    wrong = client.get("/v1/whoami", headers={"X-API-Key": "not-a-key"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"]
