"""A Redis cache that carries on in the process's own memory while Redis is down.

The cache holds nothing that must survive (login rate-limit counters, computed figures, what
every page shows about the person: see `notifications.cache`). When Redis does not answer,
every operation goes to a small in-memory cache of this process instead, for
`DOWN_SECONDS` before Redis is tried again, so a page answers at once rather than failing
or waiting for a timeout on each call:

- Rate limits keep counting, per web process instead of across all of them: with N
  processes an attacker gets at most N times the limit while Redis is down, and a correct
  password is never refused because the cache is gone (allauth's lock is `add()`, which
  must succeed).
- What is kept in memory expires after at most `FALLBACK_SECONDS`, so a change another
  process made meanwhile shows within that time.
- When Redis answers again, the keys this process wrote during the outage are deleted
  there: a value Redis kept from before the outage (a person's roles) is read afresh rather
  than trusted. (Redis restarted without persistence holds nothing anyway.)
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

DOWN_SECONDS = 5.0
FALLBACK_SECONDS = 60
WRITES = {"set", "set_many", "add", "touch", "delete", "delete_many", "incr"}


class _Outage:
    """Process-wide (Django makes a cache object per thread): whether Redis is taken to be
    down, and the keys written in memory meanwhile."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.written: set[tuple[str, int | None]] = set()

    def active(self) -> bool:
        return time.monotonic() < self.down_until

    def begin(self, operation: str) -> None:
        with self.lock:
            if not self.written and not self.active():
                logger.warning(
                    "Redis cache unavailable (%s); using this process's memory.", operation
                )
            self.down_until = time.monotonic() + DOWN_SECONDS

    def remember(self, keys, version) -> None:
        with self.lock:
            self.written.update((key, version) for key in keys)

    def take_written(self) -> set[tuple[str, int | None]]:
        with self.lock:
            written, self.written = self.written, set()
        return written


_outage = _Outage()


class _SharedClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every operation, which copies some 170
    response callbacks each time (a tenth of a millisecond, a dozen times a request). With
    one server one client is enough: it is safe between threads and takes its connections
    from its pool."""

    def __init__(self, servers: list[str], **options) -> None:
        if len(servers) != 1:
            raise ImproperlyConfigured("The Redis cache takes one server (LOCATION).")
        super().__init__(servers, **options)
        self._shared: Redis | None = None

    def get_client(self, key=None, *, write: bool = False) -> Redis:
        if self._shared is None:
            self._shared = super().get_client(key, write=write)
        return self._shared


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
        # One store per process (LocMemCache shares its store by name).
        self.fallback = LocMemCache(
            "redis-fallback", {"TIMEOUT": FALLBACK_SECONDS, "OPTIONS": {"MAX_ENTRIES": 10000}}
        )

    def _call(self, operation: str, *args, **kwargs):
        if not _outage.active():
            try:
                if _outage.written:
                    self._forget_outage_writes()
                return getattr(super(), operation)(*args, **kwargs)
            except UNAVAILABLE:
                _outage.begin(operation)
        if operation in WRITES:
            keys = args[0].keys() if operation == "set_many" else args[0]
            _outage.remember([keys] if isinstance(keys, str) else keys, kwargs.get("version"))
        if "timeout" in kwargs:
            timeout = kwargs["timeout"]
            capped = timeout is not DEFAULT_TIMEOUT and timeout is not None
            kwargs["timeout"] = min(timeout, FALLBACK_SECONDS) if capped else FALLBACK_SECONDS
        return getattr(self.fallback, operation)(*args, **kwargs)

    def _forget_outage_writes(self) -> None:
        """Before anything else is read from Redis after an outage: drop there the keys
        written in memory meanwhile (raises, keeping them, if Redis is still away)."""
        written = _outage.take_written()
        by_version: dict[int | None, list[str]] = {}
        for key, version in written:
            by_version.setdefault(version, []).append(key)
        try:
            for version, keys in by_version.items():
                super().delete_many(keys, version=version)
        except UNAVAILABLE:
            for version, keys in by_version.items():
                _outage.remember(keys, version)
            raise
        logger.info("Redis cache back; %d key(s) written meanwhile dropped.", len(written))

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)
