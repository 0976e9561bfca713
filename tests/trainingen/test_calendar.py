"""Zet in agenda on a training session: the same calendar entry as the e-mailed invitation."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from trainingen import services
from trainingen.models import CohortSession, Seat

from ..conftest import World
from ..support.ical import add_to_calendar, downloaded_event, filename, valid_calendar
from ..support.links import links_of


def move(session: CohortSession, to: datetime.datetime) -> None:
    """Reschedule the session to start at `to`, as long as before, the rest unchanged."""
    services.session_reschedule(
        session=session,
        change=services.SessionChange(
            starts_at=to,
            ends_at=to + (session.ends_at - session.starts_at),
            location=session.location,
            trainer=session.trainer,
            actor=session.actor,
            capacity=session.capacity,
        ),
    )


def download(client, session: CohortSession, link: str = "Zet in agenda"):
    """Tap the calendar link on the session's page; the event and the file's text."""
    response = add_to_calendar(client, session.get_absolute_url(), link)
    return downloaded_event(response, filename("bijeenkomst", session.starts_at))


def test_a_participant_puts_a_session_in_their_calendar(world: World):
    session = world.training_seat.session
    event, text = download(world.client("volunteer"), session)

    assert str(event["UID"]) == session.uid
    assert event.decoded("SEQUENCE") == session.sequence == 0
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == session.ends_at
    assert str(event["LOCATION"]) == "Wijkcentrum"
    assert str(event["SUMMARY"]) == f"{session.cohort.programme.name}: {session.template.title}"
    page_url = settings.SITE_URL + session.get_absolute_url()
    assert str(event["DESCRIPTION"]).endswith(f"\n\n{page_url}")
    assert str(event["STATUS"]) == "CONFIRMED"
    # Nobody's name or address: not the other participants', not the reader's own.
    assert "ATTENDEE" not in text
    assert "ORGANIZER" not in text
    for person in (world.volunteer, world.partner_a, world.admin):
        assert person.first_name not in text
        assert person.email not in text


def test_the_download_updates_the_entry_the_invitation_made(
    world: World, django_capture_on_commit_callbacks
):
    session = world.training_seat.session
    client = world.client("volunteer")
    first, _text = download(client, session)

    moved = session.starts_at + datetime.timedelta(days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(session, moved)
    session.refresh_from_db()
    again, _text = download(client, session)
    assert again["UID"] == first["UID"]
    assert again.decoded("SEQUENCE") == 1
    assert again.decoded("DTSTART") == moved

    # The e-mailed update speaks of the same entry, at the same revision.
    (update,) = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    (_name, content, _mimetype) = next(
        a for a in update.attachments if a[2].startswith("text/calendar")
    )
    (invited,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert invited["UID"] == again["UID"]
    assert invited["SEQUENCE"] == again["SEQUENCE"]
    assert invited.decoded("DTSTART") == again.decoded("DTSTART")


def test_a_cancelled_session_tells_the_calendar_it_is_cancelled(world: World):
    session = world.training_seat.session
    services.session_cancel(session=session)
    session.refresh_from_db()
    event, _text = download(world.client("volunteer"), session, "Zet de afzegging in je agenda")
    assert str(event["UID"]) == session.uid
    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("persona", ["other_coordinator", "coordinator", "partner_b"])
def test_people_outside_the_cohort_get_no_calendar_file_as_they_get_no_page(
    world: World, persona: str
):
    client = world.client(persona)
    session = world.training_seat.session
    assert client.get(session.get_absolute_url()).status_code == 404
    url = reverse("trainingen:session_calendar", args=[session.pk])
    assert client.get(url).status_code == 404


def test_my_own_places_offer_the_calendar_and_the_waiting_list_does_not(world: World):
    """The cohort page and the home page: a link for each session I hold a place in."""
    sessions = list(world.cohort.sessions.order_by("order"))
    Seat.objects.filter(participant__user=world.volunteer, session=sessions[2]).update(
        status=Seat.Status.WAITLISTED
    )
    client = world.client("volunteer")
    offered = {reverse("trainingen:session_calendar", args=[s.pk]): s for s in sessions}
    for page in (world.cohort.get_absolute_url(), reverse("home")):
        html = client.get(page).content.decode()
        linked = [
            offered[link.href] for link in links_of(html) if link.text.startswith("Zet in agenda")
        ]
        assert linked == sessions[:2], page


def calendar_files(to: str) -> list[bytes]:
    """The calendar files e-mailed to `to`, oldest first."""
    return [
        content.encode() if isinstance(content, str) else content
        for message in mail.outbox
        if message.to == [to]
        for _name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]


def test_every_calendar_file_of_a_session_is_valid(
    world: World, django_capture_on_commit_callbacks
):
    """The invitation, the rescheduled invitation, the cancellation and the download: each
    as RFC 5545 requires, with a VTIMEZONE for any TZID (the times are in UTC, so none)."""
    session = world.training_seat.session
    newcomer = world.coordinator
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.participants_add(
            cohort=session.cohort, invitees=[services.Invitee(newcomer, team=world.team_a)]
        )
    files = calendar_files(newcomer.email)
    moved = session.starts_at + datetime.timedelta(days=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(session, moved)
    files += calendar_files(newcomer.email)
    session.refresh_from_db()
    _event, text = download(world.client("volunteer"), session)
    files.append(text.encode())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    files += calendar_files(newcomer.email)
    methods = [str(valid_calendar(content).get("METHOD", "")) for content in files]
    sessions = session.cohort.sessions.count()  # an invitation for each
    assert methods == ["REQUEST"] * sessions + ["REQUEST", "", "CANCEL"]


def test_the_calendar_check_refuses_a_local_time_without_its_time_zone():
    local = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//NL\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTAMP:20261201T100000Z\r\nDTSTART;TZID=Europe/Amsterdam:20261201T190000\r\n"
        b"SEQUENCE:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(AssertionError, match="without a VTIMEZONE"):
        valid_calendar(local)
