"""A Redis cache that degrades to "no cache" while Redis is down.

The cache holds nothing that must survive (login rate-limit counters, computed figures, what
every page shows about the person: see `notifications.cache`), so
when Redis is unreachable a page should still answer, treating every read as a miss, rather
than fail with a 500.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    def _safely(self, operation: str, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE:
            logger.warning("Redis cache unavailable during %s; carrying on without it.", operation)
            return default

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._safely("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE:
            logger.warning("Redis cache unavailable during incr; carrying on without it.")
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from None
