"""What every page shows about one person (their roles, the bell's unread count), kept in the
cache between their requests, under a version per person and kind (`notifications.versions`:
how a write makes a stored value stale, and why that is safe against concurrent requests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from notifications import versions

T = TypeVar("T")


def token_key(kind: str, user_id: int) -> str:
    return f"person:{kind}:token:{user_id}"


def _value_key(kind: str, user_id: int) -> str:
    return f"person:{kind}:{user_id}"


def per_person(kind: str, user_id: int, compute: Callable[[], T]) -> T:
    """The person's value of this kind from the cache, else `compute()` (and kept)."""
    key, value_key = token_key(kind, user_id), _value_key(kind, user_id)
    found = versions.read([key, value_key])
    token, stored = found.get(key), found.get(value_key)
    if token is not None and isinstance(stored, tuple) and stored[0] == token:
        return stored[1]
    value = compute()
    tokens = versions.current([key], found)
    if tokens is not None:
        cache.set(value_key, (tokens[0], value), versions.value_seconds())
    return value


def forget(kind: str, user_ids: Iterable[int]) -> None:
    """The people's values of this kind are out of date (now, and again after the commit)."""
    versions.renew(token_key(kind, pk) for pk in user_ids)
