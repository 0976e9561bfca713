"""Dates as each language writes them.

Django capitalises month abbreviations in every language (the format character "M" gives
"Dec" in Dutch too), while Dutch writes them in lower case: "di 1 dec". `date_format` takes
Django's format characters and writes "M" in lower case in every language but English.
Templates use it as the `shortdate` filter (teams/templatetags/dates.py, a built-in)."""

from __future__ import annotations

import datetime
import re

from django.utils import formats
from django.utils.translation import get_language

_MONTH_ABBREVIATION = re.compile(r"(?<!\\)M")


def date_format(value: datetime.date | datetime.datetime, fmt: str) -> str:
    if not (get_language() or "").startswith("en"):
        fmt = _MONTH_ABBREVIATION.sub("b", fmt)
    return formats.date_format(value, fmt)
