"""What the tests with real processes (test_worker.py, test_push_worker.py) share."""

import pytest
import redis
from django.db import connection

from ..support.processes import Process


@pytest.fixture
def shared(world, redis_url, tmp_path):
    """The world, committed, with an empty Redis, and the processes a test starts, stopped
    at its end."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, shared with the worker processes (set DATABASE_URL)")
    redis.Redis.from_url(redis_url).flushdb()
    started: list[Process] = []
    yield world, redis_url, tmp_path, started
    for process in started:
        process.stop()
