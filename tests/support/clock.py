"""Run the suite at another moment: the clock of the whole test process, and of the processes
it starts, set to one moment and running on from there.

    TEST_NOW=sunday-night make test               # one of the named moments below
    TEST_NOW="2027-03-28 01:59" make test         # or a local time in Europe/Amsterdam

The named moments are the next such moment after today's real date, so they always lie ahead
of the real clock: Chromium keeps the real clock, and would drop a session cookie whose expiry
lies behind it. `python -m tests.support.clock` lists them with their dates.
"""

from __future__ import annotations

import datetime
import os
import runpy
import sys
from zoneinfo import ZoneInfo

import time_machine

ENV = "TEST_NOW"
ZONE = ZoneInfo("Europe/Amsterdam")


def _next(today: datetime.date, matches) -> datetime.date:
    day = today + datetime.timedelta(days=1)
    while not matches(day):
        day += datetime.timedelta(days=1)
    return day


def _last_sunday(day: datetime.date, month: int) -> bool:
    return (
        day.month == month and day.weekday() == 6 and (day + datetime.timedelta(7)).month != month
    )


# name: (which day, local time)
MOMENTS = {
    "monday-morning": (lambda d: d.weekday() == 0, datetime.time(9, 0)),
    "saturday-noon": (lambda d: d.weekday() == 5, datetime.time(12, 0)),
    "sunday-night": (lambda d: d.weekday() == 6, datetime.time(23, 40)),
    "first-of-month": (lambda d: d.day == 1, datetime.time(0, 20)),
    # Summer time starts at 02:00 on the last Sunday of March: 01:59 is a minute before, 03:01
    # a minute after the hour that does not exist.
    "dst-spring-before": (lambda d: _last_sunday(d, 3), datetime.time(1, 59)),
    "dst-spring-after": (lambda d: _last_sunday(d, 3), datetime.time(3, 1)),
    # Winter time: 02:00-03:00 on the last Sunday of October happens twice; this is the first.
    "dst-autumn": (lambda d: _last_sunday(d, 10), datetime.time(2, 30)),
    "new-years-eve": (lambda d: (d.month, d.day) == (12, 31), datetime.time(23, 30)),
    "leap-day": (lambda d: (d.month, d.day) == (2, 29), datetime.time(12, 0)),
}


def moment(value: str, *, today: datetime.date | None = None) -> datetime.datetime:
    """A named moment, or an ISO date and time (local to Europe/Amsterdam when naive)."""
    if value in MOMENTS:
        matches, at = MOMENTS[value]
        day = _next(today or datetime.date.today(), matches)
        return datetime.datetime.combine(day, at, tzinfo=ZONE)
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZONE)


_traveller: time_machine.travel | None = None


def start() -> datetime.datetime | None:
    """Set this process's clock from TEST_NOW (nothing when it is unset)."""
    global _traveller
    value = os.environ.get(ENV, "").strip()
    if not value or _traveller is not None:
        return None
    destination = moment(value)
    _traveller = time_machine.travel(destination, tick=True)
    _traveller.start()
    return destination


def is_set() -> bool:
    return _traveller is not None


def child_env() -> dict[str, str]:
    """For a process the suite starts: the same clock, at the moment it has reached now."""
    if _traveller is None:
        return {}
    return {ENV: datetime.datetime.now(ZONE).isoformat()}


def child_command(args: list[str]) -> list[str]:
    """Start `python -m <module> …` through this module, so its clock is set first."""
    if _traveller is None or args[1:2] != ["-m"]:
        return args
    return [args[0], "-m", __name__, *args[2:]]


if __name__ == "__main__":
    if sys.argv[1:] == ["--names"]:
        print(" ".join(MOMENTS))
        sys.exit(0)
    if len(sys.argv) < 2:
        for name in MOMENTS:
            print(f"{name:20} {moment(name):%a %Y-%m-%d %H:%M %Z}")
        sys.exit(0)
    # python -m tests.support.clock <module> [args]: run the module with the clock set.
    start()
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
