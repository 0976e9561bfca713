"""The charts of the regional statistics: a colour of its own for every series, only the months
from the first with a signal, one unit per axis, and a sentence where there is nothing to draw."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from signalen import services
from signalen.models import Category, Signal
from teams.formats import date_format
from teams.selectors import month_starts

from ..conftest import World
from ..factories import signal_factory
from ..support.charts import charts, colours, dutch, mid_month


def statistics(world: World) -> str:
    return world.client("admin").get(reverse("signalen:statistics")).content.decode()


def test_every_series_of_the_statistics_has_a_colour_of_its_own(world: World):
    for category in Category.objects.filter(parent=None).exclude(code="burglary-risk"):
        signal_factory(reporter=world.volunteer, team=world.team_a, code=category.code)
    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    categories = Category.objects.filter(parent=None).count()
    assert categories > 9  # more than the palette's colours: the smallest share one, grey

    page = statistics(world)
    specs = charts(page)
    assert len(specs) == 3
    for spec in specs:
        assert len(set(colours(spec))) == len(spec["datasets"])
        assert all(scale["title"]["text"] for scale in spec["scales"].values())
    per_category = specs[0]["datasets"]
    assert len(per_category) == 10
    assert per_category[-1]["label"] == dutch("Other categories")
    shown = sum(n for dataset in per_category for n in dataset["data"])
    assert shown == Signal.objects.count()  # every signal counted once, the folded ones too


def test_the_statistics_show_the_months_from_the_first_with_a_signal(world: World):
    months = month_starts(timezone.localdate(), 12)
    Signal.objects.update(created_at=mid_month(months[-4]))
    Signal.objects.filter(pk=world.signal.pk).update(created_at=mid_month(months[-2]))

    page = statistics(world)
    category_chart = charts(page)[0]
    # The empty months before the first signal are left out; the empty ones after it stay.
    assert category_chart["labels"] == [date_format(m, "M Y") for m in months[-4:]]
    assert sorted(d["data"] for d in category_chart["datasets"]) == [[0, 0, 1, 0], [1, 0, 0, 0]]
    table = page[page.index("<table") : page.index("</table>")]
    assert table.count('<th scope="col" class="text-end">') == 4
    assert date_format(months[-5], "M Y") not in table


def test_response_times_are_in_hours_on_one_axis(world: World):
    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    services.signal_act(signal=world.signal, action="resolve", actor=world.partner_a, text="Klaar")
    reported = Signal.objects.get(pk=world.signal.pk).created_at
    Signal.objects.filter(pk=world.signal.pk).update(
        acknowledged_at=reported + datetime.timedelta(hours=2),
        resolved_at=reported + datetime.timedelta(days=3),
    )

    page = statistics(world)
    response_times = charts(page)[1]
    assert set(response_times["scales"]) == {"x", "y"}  # one axis of figures
    # Horizontal bars: the long organisation names read beside them on a phone.
    assert response_times["horizontal"] is True
    assert response_times["scales"]["x"]["title"]["text"] == dutch("Median time (hours)")
    assert response_times["scales"]["y"]["title"]["text"] == dutch("Organisation")
    row = response_times["labels"].index(world.org_a.name)
    acknowledge, resolve = response_times["datasets"]
    assert (acknowledge["data"][row], resolve["data"][row]) == (2.0, 72.0)
    assert resolve["label"] == dutch("Median hours to resolve")
    assert dutch("Hours to resolve") in page  # the table below it, in the same unit


def test_statistics_without_signals_show_a_sentence_instead_of_charts(world: World):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Signal.objects.update(created_at=long_ago)

    page = statistics(world)
    assert "<canvas" not in page
    assert page.count(dutch("No signals in this period.")) == 2  # per category, per neighbourhood
    assert dutch("No signals acknowledged or resolved by an organisation in this period.") in page
