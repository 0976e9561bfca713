"""The API's documentation at /api/docs/ works in a browser: served from here (no CDN) under
the site's Content Security Policy, with every operation listed."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_lists_every_operation(page: Page, live_server):
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Buurtpreventie API").first).to_be_visible()
    for path in ["/api/v1/signals/", "/api/v1/signals/{id}/", "/api/v1/signals/{id}/actions/",
                 "/api/v1/organisations/"]:  # fmt: skip
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    assert outside == []
    assert refused == []
