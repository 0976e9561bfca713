"""The charts of a page as static/js/charts.js reads them: the JSON in each canvas's data-chart
attribute (teams/charts.py writes it)."""

from __future__ import annotations

import datetime
import html
import json
import re

from django.utils.translation import gettext, override

from teams.charts import OTHER, PALETTE
from teams.selectors import start_of

CANVAS = re.compile(r'<canvas[^>]*\sdata-chart="([^"]*)"')


def charts(page: str) -> list[dict]:
    """The specs of the page's charts, in the page's order."""
    return [json.loads(html.unescape(spec)) for spec in CANVAS.findall(page)]


def colours(spec: dict) -> list[str]:
    """The colour of each series, after checking it is one of the palette's."""
    found = [dataset["backgroundColor"] for dataset in spec["datasets"]]
    assert set(found) <= {*PALETTE, OTHER}
    return found


def dutch(message: str) -> str:
    """What the page shows for a source string (Dutch is the site's language): the
    translation once the catalog has it, the English until then."""
    with override("nl"):
        return html.escape(gettext(message))


def mid_month(month: datetime.date) -> datetime.datetime:
    """The middle of a month, at noon: in that month in every time zone and at every hour."""
    return start_of(month) + datetime.timedelta(days=14, hours=12)
