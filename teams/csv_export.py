"""CSV exports that spreadsheet programs open safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text, with a leading ' where it would otherwise become a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# A streamed file is sent in pieces of about this many characters: one write per piece.
PIECE = 64 * 1024
CSV_TYPE = "text/csv; charset=utf-8"


def csv_pieces(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """A semicolon-separated file (with a byte-order mark, so Excel reads the accents), in
    pieces of about `PIECE` characters, made as the rows come."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(name) for name in header])
    for row in rows:
        writer.writerow(safe_cell(value) for value in row)
        if buffer.tell() >= PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _with_filename(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A small CSV file, made whole before it is sent."""
    response = HttpResponse("".join(csv_pieces(header, rows)), content_type=CSV_TYPE)
    return _with_filename(response, filename)


def csv_stream(filename: str, header: Iterable, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV file sent while its rows are read: memory stays the same for any number of rows
    (as long as `rows` is itself an iterator that holds no more than a part of them)."""
    response = StreamingHttpResponse(csv_pieces(header, rows), content_type=CSV_TYPE)
    return _with_filename(response, filename)
