"""A downloaded calendar file, read as a calendar app reads it."""

from __future__ import annotations

import datetime

import icalendar
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from .links import href_of


def add_to_calendar(client: Client, page_url: str, link_text: str = "Zet in agenda"):
    """Open the page and tap its calendar link, as the person would."""
    page = client.get(page_url)
    assert page.status_code == 200
    return client.get(href_of(page.content.decode(), link_text))


def filename(prefix: str, starts_at: datetime.datetime) -> str:
    """`ronde-2026-10-25.ics`: the local date the event starts on."""
    return f"{prefix}-{timezone.localtime(starts_at):%Y-%m-%d}.ics"


def downloaded_event(response: HttpResponse, filename: str) -> tuple[icalendar.Component, str]:
    """The one event of a "Zet in agenda" download, and the file's text."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = response.content.decode()
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event, text


def valid_calendar(text: str | bytes) -> icalendar.Calendar:
    """The calendar, after checking what RFC 5545 requires of it: VERSION and PRODID; UID,
    DTSTAMP, DTSTART and SEQUENCE on every event; and a VTIMEZONE for every TZID a time
    refers to (section 3.2.19): without it a calendar app guesses the zone."""
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"])
    zones = {str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")}
    events = cal.walk("VEVENT")
    assert events, "a calendar file without an event"
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE"):
            assert name in event, f"an event without {name}"
        for name, value in event.property_items(recursive=False):
            tzid = getattr(value, "params", {}).get("TZID")
            assert tzid is None or tzid in zones, f"{name} refers to {tzid} without a VTIMEZONE"
    return cal
