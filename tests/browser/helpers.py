"""Helpers for the browser tests: log in like a person, and check accessibility with axe."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ..factories import PASSWORD

_axe = Axe()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{base_url}/")


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations (WCAG 2.1 AA)."""
    results = _axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], "\n".join(violations)
