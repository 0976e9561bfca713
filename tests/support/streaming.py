"""A streamed response (the CSV export) as a browser receives it: piece by piece."""

from __future__ import annotations

from collections.abc import Iterator


def pieces(response) -> Iterator[bytes]:
    """The pieces of a streamed response, as the server sends them."""
    return iter(response.streaming_content)


def body(response) -> bytes:
    return b"".join(pieces(response))
