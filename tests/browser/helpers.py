"""Helpers for the browser tests: log in like a person, and check accessibility with axe."""

import time
from collections.abc import Callable

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
    from teams.models import User

    from ..support.signin import app_code

    code = app_code(User.objects.get(email=email))
    assert code is not None, f"{email} has no authenticator app"
    return code


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations (WCAG 2.1 AA), in the page's final colours.

    axe reads the colours of the moment, and a button that just got the focus is halfway
    through Bootstrap's 0.15 s colour transition (white text on a background still fading
    in): that failed on a busy machine and passed on a quiet one. With reduced motion, as a
    person may ask for, Bootstrap has no transitions and a running one ends at once."""
    page.emulate_media(reduced_motion="reduce")
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


# Installing the service worker fetches the whole app shell from the test server: seconds
# when the machine is idle, much longer while the suite's other workers run Chromium,
# gunicorn and Lighthouse at the same time.
SERVICE_WORKER_BOUND = 60


def until(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.2)


def controlled(page: Page) -> None:
    """Until the site's service worker looks after the page (it claims pages when it
    starts). An install that failed (a file of the app shell that did not come) is tried
    again on the next page, as when a person goes on: the page is opened again now and then."""
    deadline = time.monotonic() + SERVICE_WORKER_BOUND
    while True:
        try:
            until(
                lambda: page.evaluate("() => !!navigator.serviceWorker.controller"),
                "the service worker taking control",
                15,
            )
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()
