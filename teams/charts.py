"""What every chart of the product shares: one colour-blind-safe palette, an axis title with its
unit on every axis, and the months a chart over time shows.

A view builds its chart with `bar_chart`; the page draws it with static/js/charts.js (the spec
travels as JSON in the canvas's data attribute: the Content Security Policy forbids inline
scripts). Here, in the lowest app, so that signalen and trainingen use the same palette.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import capfirst

# Paul Tol's "muted" scheme (https://personal.sron.nl/~pault/#sec:qualitative), in his order:
# nine colours that stay apart for people with any common colour-vision deficiency.
PALETTE = (
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#44AA99",  # teal
    "#117733",  # green
    "#999933",  # olive
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#882255",  # wine
    "#AA4499",  # purple
)
# His pale grey, for the series folded into one "other" when there are more than colours.
OTHER = "#DDDDDD"
# Characters per line of a label beside a horizontal bar.
LABEL_WIDTH = 20


@dataclass(frozen=True)
class Axis:
    title: str  # what is measured, with its unit: "Signals (number)"
    # Counts: ticks on whole numbers, and only zeros are nothing to show. On an axis of
    # measures (hours, scores) a zero is a figure: only missing values are nothing.
    counts: bool = True
    maximum: float | None = None

    def shows(self, data: Sequence[float | None]) -> bool:
        return any(v is not None and (v or not self.counts) for v in data)


@dataclass(frozen=True)
class Series:
    label: str
    data: Sequence[float | None]
    second_axis: bool = False  # in another unit: on an axis of its own, at the right


def first_with_data(months: Sequence, *series: Sequence[float | None]) -> int:
    """The index of the first of the months with data in any of the series, where a chart over
    time starts: the empty months before it (before a team used the app) say nothing. The
    months after it stay, empty ones too: nothing in a month is a figure as well. With no data
    at all, the number of months: none is left."""
    return next((i for i in range(len(months)) if any(s[i] for s in series)), len(months))


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    category: str,
    value: Axis,
    second: Axis | None = None,
    stacked: bool = False,
    horizontal: bool = False,
    other: str | None = None,
) -> str | None:
    """The chart's spec as JSON, every series in a colour of its own; None when there is
    nothing to draw, and the page says so in a sentence instead.

    `category` titles the axis of the labels; `value` (and `second`, for series in another
    unit) the axis of the figures. More series than colours need `other`: the largest keep
    their colour and the rest are added up in one grey series of that name (stacked charts)."""
    if not any((second if s.second_axis and second else value).shows(s.data) for s in series):
        return None
    colours = list(PALETTE)
    if len(series) > len(PALETTE):
        if other is None:
            raise ValueError(f"{len(series)} series, but only {len(PALETTE)} colours")
        series = _fold(series, other)
        colours.append(OTHER)
    value_axis, category_axis = ("x", "y") if horizontal else ("y", "x")
    scales = {
        category_axis: {"stacked": stacked, "title": _title(category)},
        value_axis: _scale(value, stacked),
    }
    if second is not None:
        scales["y2"] = {
            **_scale(second, stacked),
            "position": "right",
            "grid": {"drawOnChartArea": False},
        }
    datasets = [
        {
            "label": capfirst(str(s.label)),
            "data": list(s.data),
            "backgroundColor": colour,
            **({"yAxisID": "y2"} if s.second_axis else {}),
        }
        for s, colour in zip(series, colours, strict=False)
    ]
    spec = {
        "type": "bar",
        "horizontal": horizontal,
        "labels": [_lines(str(label)) if horizontal else str(label) for label in labels],
    }
    return json.dumps({**spec, "datasets": datasets, "scales": scales})


def _lines(label: str) -> str | list[str]:
    """A long label beside a horizontal bar, on lines of at most LABEL_WIDTH characters (a
    list is drawn as lines), so a phone shows all of it."""
    lines = textwrap.wrap(label, LABEL_WIDTH)
    return lines if len(lines) > 1 else label


def _fold(series: Sequence[Series], other: str) -> list[Series]:
    """The largest series, in their own order, and the rest added up as `other`."""
    by_size = sorted(range(len(series)), key=lambda i: -sum(v or 0 for v in series[i].data))
    keep = set(by_size[: len(PALETTE)])
    rest = [s.data for i, s in enumerate(series) if i not in keep]
    total = [sum(v or 0 for v in month) for month in zip(*rest, strict=True)]
    return [s for i, s in enumerate(series) if i in keep] + [Series(other, total)]


def _title(text: str) -> dict:
    return {"display": True, "text": str(text)}


def _scale(axis: Axis, stacked: bool) -> dict:
    scale: dict = {"stacked": stacked, "beginAtZero": True, "title": _title(axis.title)}
    if axis.counts:
        scale["ticks"] = {"precision": 0}
    if axis.maximum is not None:
        scale["max"] = axis.maximum
    return scale
