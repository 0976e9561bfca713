"""Helpers for the browser tests: log in like a person, and check accessibility with axe."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ..factories import PASSWORD

_axe = Axe()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the form; partners and administrators also type their TOTP code."""
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if "/account/2fa/authenticate/" in page.url:
        page.get_by_label("Code").fill(totp_code(email))
        page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(f"{base_url}/")


def totp_code(email: str) -> str:
    """The code the person's authenticator app would show now."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    # A code read in the last seconds of its period may arrive in the next one, where it is
    # refused (no tolerance): then wait for the next code, as a person would.
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations (WCAG 2.1 AA)."""
    results = _axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], "\n".join(violations)


def log_out(page: Page, first_name: str) -> None:
    """Through the menu, as a person does: on a phone the menu folds open first. A click
    that lands while the menu is still sliding open may not open the dropdown: again then."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    log_out_button = page.get_by_role("button", name="Uitloggen")
    for _attempt in range(3):
        page.get_by_role("button", name=first_name).click()
        try:
            expect(log_out_button).to_be_visible(timeout=2000)
            break
        except AssertionError:
            continue
    log_out_button.click()
    expect(page.get_by_label("E-mailadres")).to_be_visible()
