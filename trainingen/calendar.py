"""Calendar invitations (iCalendar, RFC 5546) for training sessions.

Each session has one UID for its whole life, so a calendar program updates the entry it
already has when SEQUENCE goes up, and removes it on METHOD:CANCEL.
"""

from __future__ import annotations

import icalendar
from django.conf import settings
from django.utils import timezone

from notifications.services import Attachment

from .models import CohortSession, Seat

REQUEST, CANCEL = "REQUEST", "CANCEL"


def session_invitation(session: CohortSession, seat: Seat, method: str = REQUEST) -> Attachment:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Buurtpreventie//Trainingen//NL")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{session.cohort.programme.name}: {session.template.title}")
    event.add("location", session.location)
    event.add("description", session.template.learning_goals)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = icalendar.vText("Buurtpreventie")
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{seat.participant.user.email}")
    attendee.params["cn"] = icalendar.vText(seat.participant.user.get_full_name())
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    event.add("url", settings.SITE_URL + session.get_absolute_url())
    cal.add_component(event)
    return Attachment(
        filename="uitnodiging.ics" if method == REQUEST else "afzegging.ics",
        content=cal.to_ical().decode(),
        mimetype=f"text/calendar; method={method}",
    )


def _address(from_email: str) -> str:
    return from_email.split("<")[-1].rstrip(">").strip()
