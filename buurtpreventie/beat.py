"""Exactly one beat sends the periodic tasks, however many are started.

Each beat process tries to hold a lock in Redis (a key with its own token and an expiry of
BEAT_LOCK_SECONDS, renewed at least every third of that). Only the holder sends due tasks;
the others check again every few seconds and one of them takes over within BEAT_LOCK_SECONDS
of the holder dying. Without Redis (the demo) there is no beat at all, so no lock either.
"""

from __future__ import annotations

import logging
import uuid

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "buurtpreventie:beat:lock"
# Extend the lock only if it is still this beat's.
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class SingleBeatScheduler(PersistentScheduler):
    def __init__(self, *args, **kwargs):
        self.token = uuid.uuid4().hex
        self.holding = False
        self.redis = (
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
            if settings.REDIS_URL
            else None
        )
        super().__init__(*args, **kwargs)

    @property
    def lock_ms(self) -> int:
        return int(settings.BEAT_LOCK_SECONDS * 1000)

    def tick(self, *args, **kwargs) -> float:
        check_again = settings.BEAT_LOCK_SECONDS / 3
        if not self._hold():
            return check_again
        return min(super().tick(*args, **kwargs), check_again)

    def _hold(self) -> bool:
        if self.redis is None:
            return True
        try:
            if self.holding:
                held = bool(self.redis.eval(RENEW, 1, LOCK_KEY, self.token, self.lock_ms))
            else:
                held = bool(self.redis.set(LOCK_KEY, self.token, nx=True, px=self.lock_ms))
        except redis.RedisError:
            held = False  # nothing can be sent without Redis anyway
        if held != self.holding:
            logger.info("Beat %s the lock: %s", "took" if held else "lost", self.token)
        self.holding = held
        return held

    def close(self) -> None:
        if self.redis is not None and self.holding:
            try:
                self.redis.eval(RELEASE, 1, LOCK_KEY, self.token)
            except redis.RedisError:
                logger.info("Beat lock left to expire")
        super().close()
