"""Reads for privacy: a person's own data, and the retention periods in force."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import registry


def personal_data(user) -> dict:
    """Everything the product holds about a person, part by part, table by table."""
    return {
        "generated_at": timezone.now().isoformat(),
        "person": user.email,
        "parts": {part.name: part.export(user) for part in registry.parts()},
    }


def care_signals_shown(data: dict) -> list[int]:
    """The care signals whose texts `personal_data` holds, as each part names them."""
    return [
        number
        for part in registry.parts()
        if part.care_signals is not None
        for number in part.care_signals(data["parts"][part.name])
    ]


@dataclass(frozen=True)
class Table:
    """One table of the readable download: a heading, column headings and rows."""

    key: str
    title: str
    columns: list[str]
    rows: list[list]

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (column, value) pairs: how a phone shows it."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


def readable_tables(data: dict) -> list[Table]:
    tables = []
    for part in data["parts"].values():
        for key, rows in part.items():
            keys = list(rows[0]) if rows else []
            tables.append(
                Table(
                    key=key,
                    title=registry.label(key),
                    columns=[registry.label(k) for k in keys],
                    rows=[[_readable(row[k]) for k in keys] for row in rows],
                )
            )
    return tables


def _readable(value: Any) -> str:
    """A value of the JSON download as a person reads it: dates written out, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_readable(v)}" for k, v in value.items()) or "—"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return date_format(moment.date(), "j F Y")
        return date_format(timezone.localtime(moment), "j F Y H:i")
    return str(value)


def retention_periods() -> list[tuple[str, int]]:
    """What is kept for how long, as each part describes it."""
    return [
        period for part in registry.parts() if part.periods is not None for period in part.periods()
    ]
