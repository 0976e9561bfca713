"""CSV exports that spreadsheet programs open safely."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text, with a leading ' where it would otherwise become a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A semicolon-separated UTF-8 file (with a byte-order mark, so Excel reads the accents)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(name) for name in header])
    for row in rows:
        writer.writerow(safe_cell(value) for value in row)
    return response
