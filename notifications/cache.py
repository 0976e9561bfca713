"""What every page shows about one person (their roles, the bell's unread count), kept in the
cache between their requests.

A value is stored with the token its person's key had when it was read from the database;
a write gives the person a new token (`forget`), so the stored value no longer matches. The
token is read before the database, so a value read before a write is stored under the old
token and never served after it. A missing token (expired, evicted, Redis down) is a miss.
Redis is shared by every process; the demo's in-memory cache (no REDIS_URL) is not, so there
a write by another process (a management command while the server runs) shows after at most
a minute.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

PERSON_TOKEN_SECONDS = 7 * 24 * 3600
PERSON_VALUE_SECONDS = 3600
PERSON_VALUE_SECONDS_IN_PROCESS = 60


def _value_seconds() -> int:
    shared = not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    return PERSON_VALUE_SECONDS if shared else PERSON_VALUE_SECONDS_IN_PROCESS


def _token_key(kind: str, user_id: int) -> str:
    return f"person:{kind}:token:{user_id}"


def _value_key(kind: str, user_id: int) -> str:
    return f"person:{kind}:{user_id}"


def per_person(kind: str, user_id: int, compute: Callable[[], T]) -> T:
    """The person's value of this kind from the cache, else `compute()` (and kept)."""
    token_key, value_key = _token_key(kind, user_id), _value_key(kind, user_id)
    found = cache.get_many([token_key, value_key])
    token, stored = found.get(token_key), found.get(value_key)
    if token is not None and isinstance(stored, tuple) and stored[0] == token:
        return stored[1]
    value = compute()
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(token_key, token, PERSON_TOKEN_SECONDS):
            return value  # someone wrote meanwhile (or Redis is down): keep nothing
    cache.set(value_key, (token, value), _value_seconds())
    return value


def forget(kind: str, user_ids: Iterable[int]) -> None:
    """The people's values of this kind are out of date: now, and again after the commit (a
    request reading the database before the commit may have stored what it saw meanwhile)."""
    keys = {_token_key(kind, pk) for pk in user_ids}
    if not keys:
        return

    def renew() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, PERSON_TOKEN_SECONDS)

    renew()
    transaction.on_commit(renew)
