"""Calendar in one tap: "Zet in agenda" on a shift, and the feed as a webcal:// subscription."""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teams import services
from teams.models import CalendarFeed, Shift

from ..conftest import World
from ..factories import MembershipFactory, shift_factory
from ..support import clock
from ..support.forms import post_form
from ..support.ical import add_to_calendar, downloaded_event, filename, valid_calendar
from ..support.links import href_of, links_of

UTC = datetime.UTC
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def download(client, shift: Shift, link: str = "Zet in agenda"):
    """Tap the calendar link on the shift's page; the event and the file's text."""
    response = add_to_calendar(client, shift.get_absolute_url(), link)
    return downloaded_event(response, filename("ronde", shift.starts_at))


def test_a_volunteer_puts_a_shift_in_their_calendar(world: World):
    kees = MembershipFactory.create(team=world.team_a, user__first_name="Kees")
    shift = shift_factory(
        world.team_a,
        days=5,
        crew=[world.volunteer_membership, kees],
        meeting_point="Speeltuin Molenweg",
        focus_points="Fietsen bij het station",
    )
    event, text = download(world.client("volunteer"), shift)

    assert str(event["UID"]) == f"shift-{shift.pk}@buurtpreventie"
    assert event.decoded("DTSTART") == shift.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == shift.ends_at
    assert str(event["SUMMARY"]) == "Ronde Team Noord"
    assert str(event["LOCATION"]) == "Speeltuin Molenweg"
    page_url = settings.SITE_URL + shift.get_absolute_url()
    assert str(event["DESCRIPTION"]) == f"Fietsen bij het station\n\n{page_url}"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("SEQUENCE") == 0
    # Nobody's name or address: not the other volunteers', not even the reader's own.
    for person in (kees.user, world.volunteer, world.coordinator):
        assert person.first_name not in text
        assert person.email not in text
    assert "ATTENDEE" not in text


def test_adding_a_shift_again_updates_the_same_entry(world: World):
    client = world.client("volunteer")
    first, _text = download(client, world.shift)
    again, _text = download(client, world.shift)
    assert again["UID"] == first["UID"]
    assert again.to_ical() == first.to_ical()

    later = world.shift.starts_at + datetime.timedelta(hours=1)
    services.shift_update(
        actor=world.coordinator,
        shift=world.shift,
        data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)},
    )
    moved, _text = download(client, world.shift)
    assert moved["UID"] == first["UID"]
    assert moved.decoded("SEQUENCE") == 1
    assert moved.decoded("DTSTART") == later


def test_a_cancelled_shift_tells_the_calendar_it_is_cancelled(world: World):
    services.shift_cancel(actor=world.coordinator, shift=world.shift, reason="Onweer")
    event, _text = download(world.client("volunteer"), world.shift, "Zet de afzegging in je agenda")
    assert str(event["UID"]) == f"shift-{world.shift.pk}@buurtpreventie"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1


@pytest.mark.parametrize("persona", ["other_coordinator", "partner_a", "partner_b"])
def test_people_outside_the_team_get_no_calendar_file_as_they_get_no_page(
    world: World, persona: str
):
    client = world.client(persona)
    assert client.get(world.shift.get_absolute_url()).status_code == 404
    assert client.get(reverse("teams:shift_calendar", args=[world.shift.pk])).status_code == 404


def test_the_download_and_the_feed_hold_the_same_event(world: World):
    client = world.client("volunteer")
    downloaded, _text = download(client, world.shift)
    feed = client.get(reverse("teams:calendar_settings")).context["feed_url"]
    cal = valid_calendar(client.get(urlsplit(feed).path).content)
    (in_feed,) = [e for e in cal.walk("VEVENT") if e["UID"] == downloaded["UID"]]
    valid_calendar(_text)
    assert in_feed.to_ical() == downloaded.to_ical()


def _sunday(month: int) -> datetime.date:
    """The next last Sunday of `month` after today (the clock changes at 02:00 then)."""
    name = "dst-autumn" if month == 10 else "dst-spring-after"
    return clock.moment(name, today=timezone.localdate()).date()


@pytest.mark.parametrize(
    ("month", "utc_start", "utc_end"),
    [
        # 01:30 summer time (UTC+2) on Sunday is 23:30 UTC on Saturday; 03:30 is winter time
        # (UTC+1) again: the round lasts three hours, not two.
        (10, (-1, 23, 30), (0, 2, 30)),
        # 01:30 winter time (UTC+1), 03:30 summer time (UTC+2): one hour.
        (3, (0, 0, 30), (0, 1, 30)),
    ],
)
def test_a_shift_across_the_clock_change_has_the_right_times(
    world: World, month: int, utc_start: tuple, utc_end: tuple
):
    day = _sunday(month)
    coordinator = world.client("coordinator")
    url = reverse("teams:shift_create", args=[world.team_a.pk])
    form = post_form(coordinator.get(url).content.decode(), "meeting_point")
    created = coordinator.post(
        form.action or url,
        form.submission(
            date=day.isoformat(),
            start_time="01:30",
            end_time="03:30",
            meeting_point="Kerkplein",
        ),
    )
    assert created.status_code == 302
    shift = Shift.objects.get(team=world.team_a, meeting_point="Kerkplein")
    assert timezone.localtime(shift.starts_at).time() == datetime.time(1, 30)
    assert timezone.localtime(shift.ends_at).time() == datetime.time(3, 30)

    event, text = downloaded_event(
        add_to_calendar(coordinator, shift.get_absolute_url()), f"ronde-{day}.ics"
    )

    def utc(offset_days: int, hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime.combine(
            day + datetime.timedelta(days=offset_days), datetime.time(hour, minute), tzinfo=UTC
        )

    start, end = utc(*utc_start), utc(*utc_end)
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == end
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in text
    assert f"DTEND:{end:%Y%m%dT%H%M%S}Z" in text
    # Read back in Amsterdam: the times the coordinator typed.
    assert event.decoded("DTSTART").astimezone(AMSTERDAM).time() == datetime.time(1, 30)
    assert event.decoded("DTEND").astimezone(AMSTERDAM).time() == datetime.time(3, 30)


def test_the_settings_page_subscribes_with_webcal_and_the_feed_answers_over_https(
    world: World,
):
    client = world.client("volunteer")
    page = client.get(reverse("teams:calendar_settings"), secure=True)
    html = page.content.decode()
    feed_url = page.context["feed_url"]
    assert feed_url.startswith("https://testserver/rooster/agenda/")
    assert f'value="{feed_url}"' in html  # still there to copy

    webcal = href_of(html, "Abonneren in je agenda-app")
    assert webcal == "webcal://" + feed_url.removeprefix("https://")
    assert "Je agenda houdt zichzelf bij" in html
    assert "Maak een nieuw adres" in html

    feed = client.get(urlsplit(feed_url).path, secure=True)
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Content-Disposition"] == 'inline; filename="buurtpreventie.ics"'
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")]
    assert f"shift-{world.shift.pk}@buurtpreventie" in uids

    # A new address: the webcal link follows it, the old one stops working.
    client.post(reverse("teams:calendar_reset"), secure=True)
    renewed = client.get(reverse("teams:calendar_settings"), secure=True)
    assert href_of(renewed.content.decode(), "Abonneren") != webcal
    assert client.get(urlsplit(feed_url).path, secure=True).status_code == 404


def test_the_roster_leads_to_the_calendar_settings(world: World):
    page = world.client("volunteer").get(reverse("teams:roster", args=[world.team_a.pk]))
    hrefs = [link.href for link in links_of(page.content.decode())]
    assert reverse("teams:calendar_settings") in hrefs


@pytest.mark.parametrize("more", [0, 5])
def test_the_feed_costs_the_same_queries_however_many_shifts(
    world: World, django_assert_num_queries, more: int
):
    for i in range(more):
        shift = shift_factory(world.team_a, days=4 + i, crew=[world.volunteer_membership])
        services.shift_cancel(actor=world.coordinator, shift=shift, reason="Regen")
    path = CalendarFeed.objects.get_or_create(user=world.volunteer)[0].get_absolute_url()
    # The feed and its person; the shifts with their revisions.
    with django_assert_num_queries(2):
        feed = Client().get(path)
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == 3 + more  # the world's two shifts and its logged round, and these
    assert sorted(e.decoded("SEQUENCE") for e in events) == [0, 0, 0] + [1] * more
