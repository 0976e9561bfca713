"""Readable for everyone on a phone: 200 % text without sideways scrolling, the system's
dark mode with enough contrast, and a focus ring that can be seen on every background."""

from typing import Literal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from ..conftest import World
from ..factories import shift_factory
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = ViewportSize(width=390, height=844)

# What is wider than the screen, named so a failure says where to look.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim()
      .replace(/\\s+/g, ".") : "") + " " + (el.textContent || "").trim().slice(0, 30))
    .slice(0, 8);
}"""


def volunteer_pages(world: World) -> list[str]:
    awaiting = shift_factory(world.team_a, days=-0.5, crew=[world.volunteer_membership])
    return [
        reverse("home"),
        reverse("teams:roster_index"),
        world.shift.get_absolute_url(),
        reverse("signalen:signal_create"),
        reverse("teams:log_create", args=[awaiting.pk]),
        reverse("teams:log_list"),
        world.log.get_absolute_url(),
        reverse("signalen:signal_list"),
        world.signal.get_absolute_url(),
        reverse("teams:powers_and_limits"),
        reverse("notifications:inbox"),
        reverse("trainingen:index"),
    ]


def large_text(page: Page) -> None:
    """As a phone with its text size at 200 %: every rem doubles."""
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")


def test_no_page_scrolls_sideways_with_text_at_200_percent(page: Page, live_server, world: World):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, world.volunteer.email)
    too_wide = {}
    for path in volunteer_pages(world):
        page.goto(f"{live_server.url}{path}")
        large_text(page)
        if found := page.evaluate(TOO_WIDE):
            too_wide[path] = found
    assert too_wide == {}


@pytest.fixture
def dark(browser, live_server):
    context = browser.new_context(viewport=PHONE, color_scheme="dark", locale="en-US")
    yield context.new_page()
    context.close()


def test_the_pages_follow_the_systems_dark_mode_with_enough_contrast(
    dark: Page, live_server, world: World
):
    log_in(dark, live_server.url, world.volunteer.email)
    expect(dark.locator("html")).to_have_attribute("data-bs-theme", "dark")
    for path in volunteer_pages(world):
        dark.goto(f"{live_server.url}{path}")
        expect(dark.locator("html")).to_have_attribute("data-bs-theme", "dark")
        assert_accessible(dark)
        large_text(dark)
        assert_accessible(dark)


def test_the_light_pages_stay_light(page: Page, live_server, world: World):
    page.emulate_media(color_scheme="light")
    log_in(page, live_server.url, world.volunteer.email)
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")


FOCUS = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {text: el.textContent.trim(), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), color: style.outlineColor};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_keyboard_focus_is_visible_in_the_navigation_and_the_page(
    page: Page, live_server, world: World, scheme: Literal["light", "dark"]
):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server.url, world.volunteer.email)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    brand = page.evaluate(FOCUS)
    assert brand["text"] == "Buurtpreventie"
    assert (brand["style"], brand["color"]) == ("solid", "rgb(255, 255, 255)")  # on the blue bar
    assert brand["width"] >= 2
    # Further on, by keyboard still: the big report button on the page's own background.
    page.get_by_role("link", name="Iets gezien? Meld een signaal").focus()
    button = page.evaluate(FOCUS)
    assert button["text"] == "Iets gezien? Meld een signaal"
    assert button["style"] == "solid"
    assert button["width"] >= 2
    assert button["color"] != "rgb(255, 255, 255)"


def test_the_trainers_and_administrators_pages_fit_a_phone(page: Page, live_server, world: World):
    """The pages of people who mostly work on a laptop still fit a phone's width."""
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, world.admin.email)
    too_wide = {}
    for path in [
        world.cohort.get_absolute_url(),
        reverse("trainingen:cohort_report", args=[world.cohort.pk]),
        reverse("trainingen:attendance", args=[world.training_seat.session_id]),
        reverse("signalen:statistics"),
        reverse("teams:team_detail", args=[world.team_a.pk]),
    ]:
        page.goto(f"{live_server.url}{path}")
        if found := page.evaluate(TOO_WIDE):
            too_wide[path] = found
    assert too_wide == {}
