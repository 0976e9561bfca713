"""Dates as each language writes them: "di 1 dec" in Dutch, "Tue 1 Dec" in English."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation
from django.utils.formats import date_format as django_date_format

from teams.formats import date_format

from ..conftest import World

TUESDAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "di 1 dec 2026"), ("en", "Tue 1 Dec 2026")],
)
def test_month_abbreviations_follow_the_language(language, expected):
    with translation.override(language):
        assert date_format(TUESDAY, "D j M Y") == expected
        rendered = engines["django"].from_string('{{ day|shortdate:"D j M Y" }}')
        assert rendered.render({"day": TUESDAY}) == expected


def test_an_escaped_m_stays_a_letter():
    with translation.override("nl"):
        assert date_format(TUESDAY, r"\M j M") == "M 1 dec"


def test_django_alone_would_capitalise_the_dutch_month():
    """Why the filter exists: if Django ever writes Dutch months in lower case, drop it."""
    with translation.override("nl"):
        assert django_date_format(TUESDAY, "j M") == "1 Dec"


def test_the_home_page_writes_dutch_month_abbreviations_in_lower_case(world: World):
    response = world.client("volunteer").get("/")
    with translation.override("nl"):
        day = date_format(timezone.localtime(world.shift.starts_at), "D j M")
    assert day == day.lower()
    assert day in response.content.decode()
