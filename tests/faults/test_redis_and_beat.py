"""Stack 1: Redis stopped for two minutes, then beat stopped for a whole scenario."""

import pytest

from ..support.processes import wait_for
from .stack import Scenario, now, seconds

pytestmark = pytest.mark.faults

# How long beat may be dead before /healthz must say so.
BEAT_NOTICED_WITHIN = 180.0


def test_redis_stopped_for_two_minutes(stack, request):
    """Posts are still accepted while Redis is down (the outbox row is written; the queue
    message cannot be), logging in still works, and when Redis comes back empty every
    message is found again and sent once."""
    scenario = Scenario(stack, "redis")
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        stack.redis.stop()
        outage = now()
        scenario.hold(seconds(10))
        scenario.try_login("during the Redis outage")
        scenario.hold(max(0.0, seconds(120) - (now() - outage)))
    finally:
        scenario.traffic.stop()
    stack.redis.start()
    scenario.report(request, scenario.observe(fault_end=now()))


def beat_check(stack) -> dict | None:
    """/healthz's checks.beat ({"ok": …, "last_seen_seconds": …}), or None without it."""
    _status, body = stack.healthz()
    beat = body.get("checks", {}).get("beat")
    return beat if isinstance(beat, dict) and "ok" in beat else None


def beat_reported(stack, *, ok: bool, timeout: float) -> dict | None:
    """checks.beat once it says `ok`; None when it does not within `timeout`, or at once when
    /healthz has no checks.beat at all."""
    missing = {"missing": True}

    def reported():
        check = beat_check(stack)
        if check is None:
            return missing
        return check if check["ok"] is ok else None

    try:
        check = wait_for(reported, timeout=timeout, what=f"/healthz: beat ok={ok}")
    except TimeoutError:
        return None
    return None if check is missing else check


def test_with_beat_stopped_what_is_written_is_still_delivered(stack, request):
    """Beat killed for the whole scenario: the worker's own sweep still delivers what lost
    its queue message (Redis restarted empty), and /healthz says beat is not seen."""
    scenario = Scenario(stack, "beat")
    before = beat_reported(stack, ok=True, timeout=60)
    scenario.notes.append(f"/healthz checks.beat with beat running: {before}")
    if before is None:
        scenario.failures.append(
            f"/healthz does not report a running beat as ok (checks.beat): {stack.healthz()}"
        )
    stack.beat.kill()
    killed = now()
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        stack.redis.stop()
        scenario.hold(seconds(20))
    finally:
        scenario.traffic.stop()
    stack.redis.start()
    figures = scenario.observe(fault_end=now())

    after = beat_reported(stack, ok=False, timeout=max(1.0, BEAT_NOTICED_WITHIN - (now() - killed)))
    dead_for = now() - killed
    figures.notes.append(f"/healthz checks.beat {dead_for:.0f} s after beat was killed: {after}")
    if after is None:
        scenario.failures.append(
            f"/healthz does not report beat as not seen {dead_for:.0f} s after it was killed: "
            f"{stack.healthz()}"
        )
    elif after.get("last_seen_seconds") is not None and after["last_seen_seconds"] < dead_for - 5:
        scenario.failures.append(
            f"checks.beat.last_seen_seconds={after['last_seen_seconds']}, but beat was killed "
            f"{dead_for:.0f} s ago"
        )
    scenario.report(request, figures)
