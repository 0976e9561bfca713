"""Every chart of the product: colours of one colour-blind-safe palette, each series its own;
a chart over time from its first month with data; one unit per axis; a sentence where there
is nothing to draw. Here the shared builder (teams/charts.py), the team page and the roster's
month calendar, whose ★ is explained under it."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import timezone

from teams.charts import OTHER, PALETTE, Axis, Series, bar_chart, first_with_data
from teams.formats import date_format
from teams.models import Observation, PatrolLog
from teams.selectors import month_of, month_starts

from ..conftest import World
from ..factories import log_factory, shift_factory
from ..support.charts import charts, colours, dutch, mid_month


def test_the_palette_has_nine_different_colours_and_a_grey_for_the_rest():
    assert len(set(PALETTE)) == len(PALETTE) == 9
    assert OTHER not in PALETTE


def test_more_series_than_colours_keep_the_largest_and_add_up_the_rest_in_grey():
    series = [Series(f"kind {n}", [n, 1]) for n in range(11)]  # kinds 0 and 1 are the smallest
    spec = json.loads(
        bar_chart(["jan", "feb"], series, category="Month", value=Axis("N"), other="Other") or ""
    )
    assert [d["label"] for d in spec["datasets"]] == [*(f"Kind {n}" for n in range(2, 11)), "Other"]
    assert spec["datasets"][-1]["data"] == [0 + 1, 1 + 1]
    assert [d["backgroundColor"] for d in spec["datasets"]] == [*PALETTE, OTHER]


def test_a_chart_with_nothing_to_show_is_not_drawn():
    def chart(*values, counts=True):
        return bar_chart(["a", "b"], [Series("s", values)], category="c", value=Axis("v", counts))

    assert chart(0, 0) is None  # no patrols, no signals: nothing
    assert chart(None, None, counts=False) is None  # no figure at all
    assert chart(0.0, None, counts=False) is not None  # a median of zero hours is a figure
    assert chart(0, 1) is not None


def test_a_chart_over_time_starts_at_the_first_month_with_data():
    months = ["jan", "feb", "mar", "apr"]
    assert first_with_data(months, [0, 0, 3, 0], [0, 1, 0, 0]) == 1
    assert first_with_data(months, [0, 0, 0, 0]) == len(months)
    assert first_with_data(months) == len(months)


def team_page(world: World) -> str:
    url = reverse("teams:team_detail", args=[world.team_a.pk])
    return world.client("coordinator").get(url).content.decode()


def test_the_team_charts_start_at_the_first_patrol_and_keep_each_unit_on_its_own_axis(
    world: World,
):
    months = month_starts(timezone.localdate(), 12)
    crew = [world.volunteer_membership]
    days = (mid_month(months[-5]) - timezone.now()).total_seconds() / 86400
    log_factory(shift_factory(world.team_a, days=days, crew=crew), present=crew)
    logged = PatrolLog.objects.filter(shift__team=world.team_a).values_list("started_at")
    first = min(month_of(started) for (started,) in logged if month_of(started) in months)
    assert first == months[-5]
    shown = [date_format(m, "M Y") for m in months[months.index(first) :]]

    patrols, observations = charts(team_page(world))
    assert patrols["labels"] == observations["labels"] == shown
    count, hours = patrols["datasets"]
    assert "yAxisID" not in count  # the left axis
    assert hours["yAxisID"] == "y2"
    assert patrols["scales"]["y"]["title"]["text"] == dutch("Patrols (number)")
    assert patrols["scales"]["y2"]["title"]["text"] == dutch("Volunteer hours (hours)")
    assert patrols["scales"]["x"]["title"]["text"] == dutch("Month")
    assert len(set(colours(patrols))) == 2
    # The nine kinds of observation: nine colours.
    assert len(observations["datasets"]) == len(Observation.Kind.choices) == 9
    assert len(set(colours(observations))) == 9
    assert observations["scales"]["y"]["title"]["text"] == dutch("Observations (number)")


def test_a_team_without_patrols_sees_sentences_instead_of_charts(world: World):
    PatrolLog.objects.filter(shift__team=world.team_a).delete()
    page = team_page(world)
    assert "<canvas" not in page
    assert dutch("No patrols logged in the last twelve months.") in page
    assert dutch("No observations logged in the last twelve months.") in page


def test_the_month_calendar_explains_its_star(world: World):
    month = timezone.localtime(world.shift.starts_at).strftime("%Y-%m")
    url = reverse("teams:roster", args=[world.team_a.pk])
    page = world.client("volunteer").get(url, {"maand": month}).content.decode()
    calendar = page[page.index('id="month-heading"') :]
    assert "★" in calendar[: calendar.index("</table>")]  # the volunteer's own shift
    assert dutch("★ marks the shifts you are going on.") in calendar


def test_a_long_label_beside_a_horizontal_bar_is_drawn_on_lines():
    spec = json.loads(
        bar_chart(
            ["Gemeente Havenstad, Openbare Ruimte", "Politie Noord"],
            [Series("Uren", [3.0, 4.0])],
            category="Organisatie",
            value=Axis("Uren", counts=False),
            horizontal=True,
        )
        or "{}"
    )
    assert spec["labels"] == [["Gemeente Havenstad,", "Openbare Ruimte"], "Politie Noord"]
