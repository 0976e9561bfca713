"""ASVS V5 (validation): whatever a page's address asks for, the page answers without a
server error. The sweep over every parameter of every page is in tests/test_bad_input.py;
these are the cases the penetration test found."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ..conftest import World


@pytest.mark.parametrize(
    "query",
    [
        {"week": "9999-12-31"},
        {"week": "9999-12-27"},
        {"week": "0001-01-01"},
        {"week": "0001-01-03"},
        {"maand": "0001-01"},
        {"maand": "9999-12"},
        {"week": "9999-12-31", "maand": "0001-01"},
    ],
)
def test_the_roster_shows_the_nearest_week_and_month_for_dates_out_of_reach(world: World, query):
    url = reverse("teams:roster", args=[world.team_a.pk])
    response = world.client("volunteer").get(url, query)
    assert response.status_code == 200
    week_start = response.context["week_start"]
    assert week_start.weekday() == 0
    # The page's own links to the weeks and months around it open too.
    html = response.content.decode()
    for link in ("previous_week", "next_week"):
        day: datetime.date = response.context[link]
        assert f"?week={day:%Y-%m-%d}" in html
        assert world.client("volunteer").get(url, {"week": f"{day:%Y-%m-%d}"}).status_code == 200
    for link in ("previous_month", "next_month"):
        month: datetime.date = response.context[link]
        assert f"?maand={month:%Y-%m}" in html
        assert world.client("volunteer").get(url, {"maand": f"{month:%Y-%m}"}).status_code == 200
