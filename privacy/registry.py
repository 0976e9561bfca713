"""What each app contributes to privacy: its part of a person's data download, how it erases
a person, and how it applies the retention periods. Apps register in their `privacy.py`;
this module knows none of them.

A part's `export` returns tables: a stable key for each table, holding rows of plain values
under stable column keys (the JSON download). `labels` give those keys a readable, translated
name for the HTML download.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[[Any], dict[str, Rows]]
    erase: Callable[[Any, str], None] | None = None
    retain: Callable[[datetime.datetime], dict[str, int]] | None = None
    # Lazy translations: read in the language of the download.
    labels: Mapping[str, StrOrPromise] = field(default_factory=dict)
    # What is kept for how long, in words and days, for the people it is about.
    periods: Callable[[], list[tuple[str, int]]] | None = None
    # The care signals (special-category data) whose texts the part's tables show: showing
    # them on "Mijn gegevens" or in its download is logged as a read of each.
    care_signals: Callable[[dict[str, Rows]], list[int]] | None = None


_parts: dict[str, PersonalData] = {}


def register(part: PersonalData) -> None:
    _parts[part.name] = part


def parts() -> list[PersonalData]:
    return list(_parts.values())


def label(key: str) -> str:
    """The readable name of a table or column key, from whichever part defines it."""
    for part in _parts.values():
        if key in part.labels:
            return str(part.labels[key])
    return key.replace("_", " ")
