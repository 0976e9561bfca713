"""iCalendar (RFC 5545): the pieces every calendar of the product is made of.

A shift is one event, built by `shift_event`, in the personal feed and in the single download
("Zet in agenda") alike; training sessions are built from the same `event` (trainingen may
import teams, not the reverse). Times are written in UTC, so they are right across a clock
change without a VTIMEZONE. An object keeps its UID for its whole life, so adding it again
updates the entry already in the calendar; SEQUENCE counts its changes.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Shift

PRODID = "-//Buurtpreventie//Rooster//NL"


def new_calendar(*, prodid: str = PRODID, method: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def event(
    *,
    uid: str,
    sequence: int,
    stamp: datetime.datetime,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    summary: str,
    location: str,
    details: str,
    path: str,
    cancelled: bool,
) -> icalendar.Event:
    """One event; the description ends with the address of the object's page."""
    url = settings.SITE_URL + path
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("sequence", sequence)
    item.add("dtstamp", _utc(stamp))
    item.add("dtstart", _utc(starts_at))
    item.add("dtend", _utc(ends_at))
    item.add("summary", summary)
    item.add("location", location)
    item.add("description", "\n\n".join(part for part in (details.strip(), url) if part))
    item.add("url", url)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def shift_event(shift: Shift, *, revision: int) -> icalendar.Event:
    """A shift as its members see it: when, where to meet, the focus points. Never who else
    signed up. `revision` is the number of times it was changed or cancelled
    (`ShiftQuerySet.with_revision`)."""
    return event(
        uid=f"shift-{shift.pk}@buurtpreventie",
        sequence=revision,
        stamp=shift.updated_at,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        summary=_("Patrol %(team)s") % {"team": shift.team.name},
        location=shift.meeting_point,
        details=shift.focus_points,
        path=shift.get_absolute_url(),
        cancelled=shift.is_cancelled,
    )


def ics_response(
    cal: icalendar.Calendar, *, filename: str, attachment: bool = True
) -> HttpResponse:
    """A calendar file: a download ("Zet in agenda"), or inline for a subscription."""
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900" if not attachment else "private, no-cache"
    return response


def dated_filename(prefix: str, starts_at: datetime.datetime) -> str:
    """`ronde-2026-10-25.ics`: the local date the event starts on."""
    return f"{prefix}-{timezone.localtime(starts_at):%Y-%m-%d}.ics"


def webcal_url(url: str) -> str:
    """The feed's address with the webcal scheme: a tap opens the calendar app's subscribe
    dialog. Same host and path; the app fetches it over http(s)."""
    return urlsplit(url)._replace(scheme="webcal").geturl()
