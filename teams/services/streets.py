"""Writes for the street lists of neighbourhoods."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from ..models import Neighbourhood, Street
from ..street_import import StreetRow


@dataclass(frozen=True)
class StreetsImported:
    created: int
    updated: int
    removed: int


def streets_import(
    *, neighbourhood: Neighbourhood, rows: Sequence[StreetRow], replace: bool = False
) -> StreetsImported:
    """The file's streets become the neighbourhood's, in one transaction: a street of the
    same name gets the file's place; with `replace`, streets not in the file are removed.
    Names are matched without regard to case, so a second import changes nothing."""
    with transaction.atomic():
        existing = {s.name.casefold(): s for s in neighbourhood.streets.select_for_update()}
        created = updated = 0
        for row in rows:
            street = existing.pop(row.name.casefold(), None)
            values = {
                "name": row.name,
                "latitude": row.latitude,
                "longitude": row.longitude,
                "lines": row.lines,
            }
            if street is None:
                Street.objects.create(neighbourhood=neighbourhood, **values)
                created += 1
            elif any(getattr(street, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(street, key, value)
                street.save()
                updated += 1
        removed = 0
        if replace and existing:
            removed, _ = Street.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    return StreetsImported(created, updated, removed)
