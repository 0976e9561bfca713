"""Two beats started against one Redis: only one sends the periodic tasks, and the other takes
over when it dies (buurtpreventie/beat.py)."""

import re

import pytest

from ..support.processes import base_env, start_beat, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

SENT = re.compile(r"Sending due task beat-heartbeat")


def sent(process) -> int:
    return len(SENT.findall(process.output()))


def test_of_two_beats_one_sends_and_the_other_takes_over_when_it_dies(shared):
    _world, redis_url, tmp_path, started = shared
    env = base_env(tmp_path, redis_url, BEAT_HEARTBEAT_INTERVAL="1", BEAT_LOCK_SECONDS="3")
    first = start_beat(tmp_path, env, name="beat-a")
    started.append(first)
    second = start_beat(tmp_path, env, name="beat-b")
    started.append(second)

    wait_for(lambda: sent(first) + sent(second) >= 5, timeout=30, what="five heartbeats sent")
    holder, other = (first, second) if sent(first) else (second, first)
    assert sent(other) == 0, "both beats sent the heartbeat"

    holder.kill()
    before = sent(other)
    wait_for(lambda: sent(other) >= before + 3, timeout=30, what="the other beat taking over")
