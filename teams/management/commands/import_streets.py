"""Import a neighbourhood's street list from a CSV or GeoJSON file.

    python manage.py import_streets "Oude Haven" straten.csv
    python manage.py import_streets 3 wegen.geojson --replace

CSV: a header with `name` (or `straatnaam`) and optionally `latitude`, `longitude` (or `lat`,
`lon`); comma, semicolon or tab. GeoJSON: features with a `name` (or `straatnaam`,
`STT_NAAM`) and a Point, LineString or MultiLineString in WGS84; the parts of one street
become one street. Nothing is saved when any line of the file is wrong.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teams.models import Neighbourhood
from teams.services import streets_import
from teams.street_import import StreetFileError, read_street_file


class Command(BaseCommand):
    help = "Import a neighbourhood's street list from a CSV or GeoJSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("neighbourhood", help="the neighbourhood's id or name")
        parser.add_argument("file", type=Path, help="a .csv or .geojson file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also remove the neighbourhood's streets that are not in the file",
        )

    def handle(self, *args, **options) -> None:
        neighbourhood = find_neighbourhood(options["neighbourhood"])
        try:
            rows = read_street_file(options["file"])
        except StreetFileError as error:
            raise CommandError(f"Nothing imported.\n{error}") from None
        result = streets_import(neighbourhood=neighbourhood, rows=rows, replace=options["replace"])
        outside = [
            row.name
            for row in rows
            if neighbourhood.boundary
            and row.latitude is not None
            and row.longitude is not None
            and not neighbourhood.contains(float(row.latitude), float(row.longitude))
        ]
        if outside:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(outside)} street(s) lie outside the outline of {neighbourhood.name} "
                    f"(latitude and longitude swapped?): {', '.join(outside[:5])}"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{neighbourhood}: {result.created} streets added, {result.updated} changed, "
                f"{result.removed} removed; {neighbourhood.streets.count()} in its list."
            )
        )


def find_neighbourhood(key: str) -> Neighbourhood:
    """By id, or by name when only one neighbourhood has it."""
    queryset = Neighbourhood.objects.select_related("municipality")
    found = (
        list(queryset.filter(pk=int(key)))
        if key.isdigit()
        else list(queryset.filter(name__iexact=key.strip()))
    )
    if not found:
        raise CommandError(f"No neighbourhood {key!r}. Give its id or its exact name.")
    if len(found) > 1:
        choices = "; ".join(f"{n} (id {n.pk})" for n in found)
        raise CommandError(
            f"More than one neighbourhood is called {key!r}: {choices}. Give the id."
        )
    return found[0]
