"""Versions of what a cached value was made from, kept in the cache beside the values.

A version is a random token under a key that names what it covers (all signals, one person's
roles). A value is stored under, or with, the tokens its sources had when it was read from the
database; a write gives those sources new tokens (`renew`), so the stored value no longer
matches. Tokens are read before the database, so a value read before a write is kept under the
old tokens and never served after it; and they are renewed at the write and again after its
commit, so a request that read the database between the two does not keep what it saw under
the tokens that last. A missing token (expired, evicted, Redis down) is a miss.

Redis is shared by every process; the demo's in-memory cache (no REDIS_URL) is not, so there
a write by another process (a management command while the server runs) shows after at most
`in_process_seconds()`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# The versions shared by many pages (their receivers: signalen.receivers, teams.receivers).
SIGNALS = "version:signals"  # every signal, with whom it is shared
DIRECTORY = "version:directory"  # categories, neighbourhoods, organisations, their members, names

TOKEN_SECONDS = 7 * 24 * 3600
VALUE_SECONDS = 3600
VALUE_SECONDS_IN_PROCESS = 60


def value_seconds() -> int:
    """How long a value made from versioned sources is kept."""
    shared = not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    return VALUE_SECONDS if shared else VALUE_SECONDS_IN_PROCESS


def current(keys: list[str], found: dict) -> list[str] | None:
    """The tokens under `keys`, in order, as `read` found them before the database was read;
    a missing one is created. None when a token could not be established (a write created
    it meanwhile, or Redis is down): then keep nothing."""
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, TOKEN_SECONDS):
                return None
        tokens.append(token)
    return tokens


def read(keys: list[str]) -> dict[str, str | None]:
    """The tokens under `keys` now (None where missing): read them before the database."""
    return {**dict.fromkeys(keys), **cache.get_many(keys)}


def cached(
    name: str,
    parts: tuple,
    keys: list[str],
    compute: Callable[[], T],
    found: dict[str, str | None] | None = None,
) -> T:
    """The value `compute()` gives for `parts` (what it depends on beyond the database) and
    the tokens under `keys` (what it reads from the database), from the cache when kept.
    `found` is what `read(keys)` gave, when the caller read from the database before."""

    def value_key(tokens: list[str]) -> str:
        digest = hashlib.sha256(repr((parts, tokens)).encode()).hexdigest()
        return f"{name}:{digest}"

    if found is None:
        found = read(keys)
    if all(found.values()):
        stored = cache.get(value_key([str(found[key]) for key in keys]))
        if stored is not None:
            return stored
    value = compute()
    tokens = current(keys, found)
    if tokens is not None:
        cache.set(value_key(tokens), value, value_seconds())
    return value


def renew(keys: Iterable[str]) -> None:
    """What these tokens cover changed: new tokens now, and again after the commit."""
    keys = set(keys)
    if not keys:
        return

    def now() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, TOKEN_SECONDS)

    now()
    transaction.on_commit(now)
