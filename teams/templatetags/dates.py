"""`{{ moment|shortdate:"D j M" }}`: Django's `date` filter, with month abbreviations as the
language writes them ("di 1 dec", "Tue 1 Dec"); see teams/formats.py."""

from __future__ import annotations

import datetime

from django import template

from ..formats import date_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def shortdate(value: datetime.date | datetime.datetime | str | None, fmt: str) -> str:
    if not isinstance(value, datetime.date):
        return ""  # as `date` does with None or ""
    return date_format(value, fmt)
