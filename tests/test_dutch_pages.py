"""Every page in Dutch, as the people who can open it see it: no English word from a list of
known leaks, and never Django's empty choice "---------".

The pages are those of the site-wide access table (tests/test_access.py), each opened by every
persona it answers 200 to, and every page of the Django admin as the administrator sees it.
The text read is what people read: the page's text without its scripts and styles, the
attributes shown or read aloud (title, aria-label, placeholder, alt, a button's value) and
the texts that scripts show from data-* attributes (a map's zoom buttons, a chart's labels).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from .conftest import PERSONAS, World
from .test_access import TABLE, _admin_urls

EMPTY_CHOICE = "---------"

MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTHS_SHORT = "Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# English words seen in the Dutch pages once, or typical of a form, a list or a library left
# untranslated. Whole words, case-sensitive: "Team", "is", "in" and "of" are Dutch too, so
# only words that are not are listed.
LEAKS = (
    "Zoom in",
    "Zoom out",
    "User sessions",
    "Authenticators",
    "Dashboard",
    "onboarding",
    "Submit",
    "Save",
    "Cancel",
    "Delete",
    "Search",
    "Previous",
    "Next",
    "Loading",
    "required",
    "This field",
    "Select a valid choice",
    *MONTHS,
    *MONTHS_SHORT,
    *WEEKDAYS,
    "Edit",
    "Add",
    "Remove",
    "Close",
    "Back",
    "Send",
    "Show more",
    "Show all",
    "Yes",
    "No",
    "None",
    "True",
    "False",
    "Log in",
    "Log out",
    "Sign in",
    "Sign out",
    "Sign up",
    "Password",
    "Username",
    "Email",
    "Remember me",
    "Forgot",
    "Settings",
    "Profile",
    "Home",
    "Toggle navigation",
    "Confirm",
    "Continue",
    "Create",
    "Apply",
    "Sessions",
    "Actions",
    "Description",
    "Category",
    "Categories",
    "Signal",
    "Signals",
    "Shifts",
    "Roster",
    "Today",
    "Yesterday",
    "Tomorrow",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "ago",
    "Page",
    "results",
    "No results",
    "Welcome",
    "Error",
    "Warning",
    "Success",
    "Notifications",
    "Messages",
    "Unknown",
    "Other",
    "All",
    "any",
    "the",
    "and",
    "your",
    "you",
    "with",
    "this",
    "for",
    "to",
)
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, LEAKS)) + r")(?![\w-])")
# Dutch writes these months the same way, with a capital at the start of a text only
# ("November 2026" above the roster): there they are no leak.
SAME_IN_DUTCH_AT_START = {"April", "September", "November", "December"}

# Attributes whose text people read: shown on hover, read aloud, shown in an empty field,
# shown instead of an image. A button's value is its label.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}


class VisibleText(HTMLParser):
    """The texts of a page that a person reads or hears, one per text node or attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []  # (text, where on the page it was found)
        self._hidden = 0  # inside <script> or <style>
        self._english = False  # inside the English version of a text
        self._select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "textarea":
            self._english = _english_version(attrs)
        elif tag == "select":
            self._select = f" (select {dict(attrs).get('name')})"
        for name, value in attrs:
            if not value:
                continue
            if name in READ_ATTRIBUTES:
                self.texts.append((value, f" ({name} of <{tag}>)"))
            elif name == "value" and dict(attrs).get("type") in ("submit", "button", "reset"):
                self.texts.append((value, f" (value of <{tag}>)"))
            elif name.startswith("data-"):
                self.texts.extend((text, f" ({name})") for text in _data_texts(value))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        elif tag == "textarea":
            self._english = False
        elif tag == "select":
            self._select = ""

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._english and data.strip():
            self.texts.append((data, self._select))


def _english_version(attrs: list[tuple[str, str | None]]) -> bool:
    """The English text of a category, typed in the admin beside the Dutch (`guidance_en`)."""
    return (dict(attrs).get("name") or "").endswith("_en")


def _data_texts(value: str) -> Iterator[str]:
    """What a script may show from a data-* attribute: the strings in its JSON (not its keys,
    which are code), or the attribute itself. Addresses and CSS selectors are no text."""
    try:
        data = json.loads(value)
    except ValueError:
        data = value
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and not item.startswith(("/", "#", ".", "http", "data:")):
            yield item


def leaks_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text, where in parser.texts:
        text = " ".join(text.split())
        if EMPTY_CHOICE in text:
            found.append(f"{EMPTY_CHOICE!r} in «{text[:80]}»{where}")
        for match in PATTERN.finditer(text):
            if match.start() == 0 and match.group() in SAME_IN_DUTCH_AT_START:
                continue
            start = max(match.start() - 30, 0)
            found.append(f"{match.group()!r} in «{text[start : match.end() + 30]}»{where}")
    return found


def _page_leaks(client: Client, url: str, who: str, data: dict | None = None) -> list[str]:
    response = client.get(url, data, follow=True)
    if response.status_code == 403 and who.startswith("admin admin:"):
        return []  # adding to or deleting from a read-only table (tests/test_access.py)
    assert response.status_code == 200, f"{who} GET {url}: {response.status_code}"
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []  # a download or a feed: no page
    return [f"{who} GET {url}: {leak}" for leak in leaks_in(response.content.decode())]


PAGES = sorted(
    name
    for name, row in TABLE.items()
    if row.method == "get" and 200 in {row.expected(persona) for persona in PERSONAS}
)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_dutch_for_everyone_who_opens_it(world: World, name: str):
    row = TABLE[name]
    url = reverse(name, kwargs=row.kwargs(world))
    leaks = []
    for persona in PERSONAS:
        if row.expected(persona) == 200:
            leaks += _page_leaks(world.client(persona), url, persona, row.data)
    assert leaks == [], "\n".join(leaks)


ADMIN_MODELS = sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


@pytest.mark.parametrize("model", ["index", *ADMIN_MODELS])
def test_the_admin_is_dutch(world: World, model: str):
    prefix = "admin:index" if model == "index" else "admin:{}_{}_".format(*model.split("."))
    client = world.client("admin")
    leaks = []
    for name, url in _admin_urls(world):
        if name == prefix or (name.startswith(prefix) and model != "index"):
            leaks += _page_leaks(client, url, f"admin {name}")
    assert leaks == [], "\n".join(leaks)
