"""Calendar entries for training sessions: the invitation by e-mail (iCalendar, RFC 5546)
and the download on the session's page ("Zet in agenda").

Each session has one UID for its whole life, so a calendar program updates the entry it
already has when SEQUENCE goes up, and removes it on METHOD:CANCEL. Both are built from the
same event (`session_event`, on the roster's `teams.ical.event`).
"""

from __future__ import annotations

import icalendar
from django.conf import settings
from django.utils import timezone

from notifications.services import Attachment
from teams import ical

from .models import CohortSession, Seat

REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODID = "-//Buurtpreventie//Trainingen//NL"


def session_event(session: CohortSession, *, cancelled: bool) -> icalendar.Event:
    """The session as everyone taking part sees it: no names of participants or trainers."""
    return ical.event(
        uid=session.uid,
        sequence=session.sequence,
        stamp=timezone.now(),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"{session.cohort.programme.name}: {session.template.title}",
        location=session.location,
        details=session.template.learning_goals,
        path=session.get_absolute_url(),
        cancelled=cancelled,
    )


def session_file(session: CohortSession) -> icalendar.Calendar:
    """For the download: the session as it stands, cancelled or not."""
    cal = ical.new_calendar(prodid=PRODID)
    cal.add_component(session_event(session, cancelled=session.is_cancelled))
    return cal


def session_invitation(session: CohortSession, seat: Seat, method: str = REQUEST) -> Attachment:
    cal = ical.new_calendar(prodid=PRODID, method=method)
    event = session_event(session, cancelled=method == CANCEL)
    organizer = icalendar.vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = icalendar.vText("Buurtpreventie")
    event.add("organizer", organizer)
    # Only the person the invitation is for: nobody else's address travels with it.
    attendee = icalendar.vCalAddress(f"mailto:{seat.participant.user.email}")
    attendee.params["cn"] = icalendar.vText(seat.participant.user.get_full_name())
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    cal.add_component(event)
    return Attachment(
        filename="uitnodiging.ics" if method == REQUEST else "afzegging.ics",
        content=cal.to_ical().decode(),
        mimetype=f"text/calendar; method={method}",
    )


def _address(from_email: str) -> str:
    return from_email.split("<")[-1].rstrip(">").strip()
