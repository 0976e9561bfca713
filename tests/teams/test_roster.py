import datetime
import threading
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from teams import services
from teams.models import Membership, Observation, PatrolLog, Shift, ShiftEvent, ShiftSignup

from ..conftest import World
from ..factories import MembershipFactory, TeamFactory, ready, shift_factory


@pytest.fixture
def crew(world: World):
    """Three members of team A who are ready to patrol."""
    return [
        ready(world.volunteer_membership),
        *(ready(MembershipFactory.create(team=world.team_a)) for _ in range(2)),
    ]


def test_a_ready_member_signs_up_and_the_event_is_recorded(world: World, crew):
    shift = shift_factory(world.team_a)
    signup = services.shift_sign_up(shift=shift, membership=crew[0])
    assert signup.status == ShiftSignup.Status.CONFIRMED
    assert shift.events.get().kind == ShiftEvent.Kind.SIGNED_UP


def test_a_member_who_is_not_ready_hears_exactly_what_is_missing(world: World):
    shift = shift_factory(world.team_a)
    aspirant = MembershipFactory.create(team=world.team_a, status=Membership.Status.ASPIRANT)
    with pytest.raises(ValidationError) as error:
        services.shift_sign_up(shift=shift, membership=aspirant)
    message = error.value.messages[0]
    assert "Status actief" in message
    assert "Gedragscode getekend" in message
    assert not shift.signups.exists()
    aspirant_client = _client_for(aspirant.user)
    panel = aspirant_client.get(shift.get_absolute_url())
    assert [item.code for item in panel.context["missing"]] == [
        "active", "code_of_conduct", "vog", "training"
    ]  # fmt: skip
    assert "Je kunt je nog niet aanmelden" in panel.content.decode()


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_full_shift_refuses_more_with_a_clear_message(world: World, crew):
    shift = shift_factory(world.team_a, min_people=2, max_people=2)
    services.shift_sign_up(shift=shift, membership=crew[0])
    services.shift_sign_up(shift=shift, membership=crew[1])
    with pytest.raises(ValidationError, match="vol: alle 2 plaatsen"):
        services.shift_sign_up(shift=shift, membership=crew[2])
    assert shift.signups.filter(status="confirmed").count() == 2


def test_signing_up_twice_keeps_one_place(world: World, crew):
    shift = shift_factory(world.team_a)
    services.shift_sign_up(shift=shift, membership=crew[0])
    services.shift_sign_up(shift=shift, membership=crew[0])
    assert shift.signups.count() == 1


def test_sign_up_and_withdrawal_close_before_the_start(world: World, crew, settings):
    settings.SHIFT_SIGNUP_CUTOFF_HOURS = 2
    shift = shift_factory(world.team_a, days=1 / 24)  # starts in an hour
    with pytest.raises(ValidationError, match="Aan- en afmelden kon tot"):
        services.shift_sign_up(shift=shift, membership=crew[0])
    ShiftSignup.objects.create(shift=shift, membership=crew[1])
    with pytest.raises(ValidationError):
        services.shift_withdraw(shift=shift, membership=crew[1])
    assert shift.signups.get().status == ShiftSignup.Status.CONFIRMED


def test_withdrawing_frees_the_place(world: World, crew):
    shift = shift_factory(world.team_a, min_people=2, max_people=2)
    services.shift_sign_up(shift=shift, membership=crew[0])
    services.shift_sign_up(shift=shift, membership=crew[1])
    services.shift_withdraw(shift=shift, membership=crew[0])
    services.shift_sign_up(shift=shift, membership=crew[2])
    assert set(shift.signups.filter(status="confirmed").values_list("membership", flat=True)) == {
        crew[1].pk,
        crew[2].pk,
    }


@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_both_take_the_last_place():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (set DATABASE_URL)")
    team = TeamFactory.create()
    first, second = (ready(MembershipFactory.create(team=team)) for _ in range(2))
    shift = shift_factory(team, min_people=2, max_people=2)
    ShiftSignup.objects.create(shift=shift, membership=ready(MembershipFactory.create(team=team)))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take_last_place(membership):
        barrier.wait()
        try:
            services.shift_sign_up(shift=shift, membership=membership)
            outcomes.append("in")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=take_last_place, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "in"]
    assert shift.signups.filter(status="confirmed").count() == 2


def test_a_weekly_pattern_plans_each_week_once_even_when_run_twice(world: World):
    first_date = timezone.localdate() + datetime.timedelta(days=1)
    arguments: dict[str, Any] = {
        "actor": world.coordinator,
        "team": world.team_a,
        "weekday": 4,
        "start_time": datetime.time(21, 0),
        "end_time": datetime.time(0, 30),
        "first_date": first_date,
        "weeks": 6,
        "meeting_point": "Kerkplein",
    }
    created = services.shift_pattern_create(**arguments).created
    assert len(created) == 6
    starts = [timezone.localtime(s.starts_at) for s in created]
    assert {start.weekday() for start in starts} == {4}
    assert all(start.time() == datetime.time(21, 0) for start in starts)
    # Ends after midnight, on the next day.
    assert all(timezone.localtime(s.ends_at).time() == datetime.time(0, 30) for s in created)
    assert all(s.ends_at - s.starts_at == datetime.timedelta(hours=3, minutes=30) for s in created)
    more = services.shift_pattern_create(**{**arguments, "weeks": 8})
    assert (len(more.created), more.existing) == (2, 6)
    assert Shift.objects.filter(team=world.team_a, meeting_point="Kerkplein").count() == 8
    again = services.shift_pattern_create(**{**arguments, "weeks": 8})
    assert (again.created, again.existing) == ([], 8)
    # One message about the new shifts per member per run, not one per shift.
    published = Notification.objects.filter(
        event="shifts_published", recipient=world.volunteer, channel="inbox"
    )
    assert published.count() == 2


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (datetime.time(21, 0), datetime.time(20, 0), "too_long"),  # 23 hours
        (datetime.time(10, 0), datetime.time(10, 0), "too_long"),  # a full day
        (datetime.time(8, 0), datetime.time(18, 0), "too_long"),
    ],
)
def test_shift_times_must_make_sense(start, end, code):
    starts_at, ends_at = services.shift_times(datetime.date(2026, 12, 1), start, end)
    with pytest.raises(ValidationError) as error:
        services.roster.validate_shift_times(starts_at, ends_at)
    assert error.value.code == code


def test_changing_the_time_tells_participants_but_a_focus_point_does_not(world: World, crew):
    shift = shift_factory(world.team_a, crew=[crew[0]])
    services.shift_update(actor=world.coordinator, shift=shift, data={"focus_points": "Park"})
    assert not Notification.objects.filter(event="shift_changed").exists()
    later = shift.starts_at + datetime.timedelta(hours=1)
    services.shift_update(
        actor=world.coordinator,
        shift=shift,
        data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)},
    )
    told = Notification.objects.filter(event="shift_changed", channel="inbox")
    assert [n.recipient for n in told] == [crew[0].user]
    assert shift.events.filter(kind="changed").count() == 2


def test_cancelling_tells_participants_and_closes_the_shift(world: World, crew):
    shift = shift_factory(world.team_a, crew=[crew[0]])
    services.shift_cancel(actor=world.coordinator, shift=shift, reason="Storm")
    message = Notification.objects.get(event="shift_cancelled", channel="inbox")
    assert message.recipient == crew[0].user
    assert "Storm" in message.body_text
    with pytest.raises(ValidationError, match="geannuleerd"):
        services.shift_sign_up(shift=shift, membership=crew[1])


def report(shift, present, **overrides):
    values = {
        "started_at": shift.starts_at,
        "ended_at": shift.ends_at,
        "present": present,
        "area": "Kerkstraat",
        "called_112": False,
        "called_police_line": False,
        "notes": "",
        "counts": {"unlocked_bikes": 3, "resident_talks": 2},
    }
    values.update(overrides)
    return services.PatrolReport(**values)


def test_a_log_needs_two_people_and_a_past_shift(world: World, crew):
    past = shift_factory(world.team_a, days=-1, crew=[world.volunteer_membership])
    with pytest.raises(ValidationError, match="minstens twee"):
        services.patrol_log_create(actor=world.volunteer, shift=past, report=report(past, crew[:1]))
    future = shift_factory(world.team_a, days=1, crew=[world.volunteer_membership])
    with pytest.raises(ValidationError) as error:
        services.patrol_log_create(
            actor=world.volunteer, shift=future, report=report(future, crew[:2])
        )
    assert error.value.code == "future"
    outsider = MembershipFactory.create(team=world.team_b)
    with pytest.raises(ValidationError, match="Alleen leden van het team"):
        services.patrol_log_create(
            actor=world.volunteer, shift=past, report=report(past, [crew[0], outsider])
        )
    log = services.patrol_log_create(
        actor=world.volunteer, shift=past, report=report(past, crew[:2])
    )
    assert {o.kind: o.count for o in log.observations.all()} == {
        "unlocked_bikes": 3,
        "resident_talks": 2,
    }
    with pytest.raises(ValidationError) as error:
        services.patrol_log_create(actor=world.volunteer, shift=past, report=report(past, crew[:2]))
    assert error.value.code == "already_filed"


def test_a_log_names_only_members_ready_on_the_day_of_the_round(world: World, crew):
    past = shift_factory(world.team_a, days=-1, crew=[world.volunteer_membership])
    aspirant = MembershipFactory.create(team=world.team_a, status="aspirant")
    with pytest.raises(ValidationError) as error:
        services.patrol_log_create(
            actor=world.volunteer, shift=past, report=report(past, [crew[0], aspirant])
        )
    assert error.value.code == "not_ready"
    assert aspirant.user.get_full_name() in error.value.messages[0]
    assert not PatrolLog.objects.filter(shift=past).exists()


def test_a_log_can_be_corrected_for_seven_days_then_it_is_locked(world: World, crew):
    past = shift_factory(world.team_a, days=-1, crew=[world.volunteer_membership])
    log = services.patrol_log_create(
        actor=world.volunteer, shift=past, report=report(past, crew[:2])
    )
    services.patrol_log_update(
        actor=world.volunteer,
        log=log,
        report=report(past, crew[:3], counts={"unlocked_bikes": 4}),
    )
    change = log.events.get(kind="changed")
    assert change.changes["counts"] == [
        {"resident_talks": 2, "unlocked_bikes": 3},
        {"unlocked_bikes": 4},
    ]
    assert len(change.changes["present"][1]) == 3
    with time_machine.travel(log.created_at + datetime.timedelta(days=7, minutes=1)):
        with pytest.raises(ValidationError) as error:
            services.patrol_log_update(
                actor=world.volunteer, log=log, report=report(past, crew[:2])
            )
        assert error.value.code == "locked"
        assert (
            world.client("volunteer").get(reverse("teams:log_edit", args=[log.pk])).status_code
            == 302
        )
    assert log.observations.get().count == 4


def test_reminders_go_a_day_before_and_understaffing_warnings_two_days_before(world: World, crew):
    now = timezone.now()
    tomorrow = shift_factory(world.team_a, days=0.9, crew=crew[:2])
    short = shift_factory(world.team_a, days=1.5, crew=crew[:1])
    far = shift_factory(world.team_a, days=5, crew=crew[:1])
    services.roster_reminders(now=now)
    reminders = Notification.objects.filter(event="shift_reminder", channel="inbox")
    assert {(n.recipient, n.link) for n in reminders} == {
        (crew[0].user, tomorrow.get_absolute_url()),
        (crew[1].user, tomorrow.get_absolute_url()),
    }
    warned = Notification.objects.filter(event="shift_understaffed", channel="inbox")
    assert {n.link for n in warned} == {short.get_absolute_url()}
    # The coordinator and the ready members who have not signed up; not the one who has.
    assert {n.recipient for n in warned} == {world.coordinator, crew[1].user, crew[2].user}
    assert far.get_absolute_url() not in {n.link for n in Notification.objects.all()}
    before = Notification.objects.count()
    services.roster_reminders(now=now + datetime.timedelta(minutes=15))
    assert Notification.objects.count() == before  # once per shift and person


def test_an_observation_hands_off_to_a_signal_draft(world: World):
    bikes = world.log.observations.get(kind="unlocked_bikes")
    draft = services.observation_signal_draft(bikes)
    assert draft is not None
    assert draft.category_code == "burglary-risk"
    assert draft.area == world.log.area
    assert draft.observed_at == world.log.started_at
    talk = Observation(log=world.log, kind="resident_talks", count=1)
    assert services.observation_signal_draft(talk) is None


def test_the_calendar_feed_lists_my_shifts_and_can_be_renewed(world: World):
    client = world.client("volunteer")
    page = client.get(reverse("teams:calendar_settings"))
    url = page.context["feed_url"]
    path = url.split("testserver", 1)[1]
    services.shift_cancel(actor=world.coordinator, shift=world.past_shift, reason="Regen")
    feed = client.get(path)
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert f"UID:shift-{world.shift.pk}@buurtpreventie" in body
    assert "STATUS:CANCELLED" in body
    other = shift_factory(world.team_b)
    assert f"shift-{other.pk}@" not in body
    client.post(reverse("teams:calendar_reset"))
    assert client.get(path).status_code == 404


def test_understaffed_is_one_rule_for_the_pages_and_the_alert(world: World, crew):
    """Fewer confirmed sign-ups than the shift's minimum: the badge on lists and on the shift
    page (Shift.is_understaffed) and the alert (Shift.objects.understaffed) agree, and the
    alert names the shift's own minimum."""
    from django.template.loader import render_to_string

    shifts = {
        confirmed: shift_factory(
            world.team_a, days=1.5, min_people=3, max_people=4, crew=crew[:confirmed]
        )
        for confirmed in range(4)
    }
    # A withdrawn sign-up does not count.
    ShiftSignup.objects.create(
        shift=shifts[2],
        membership=ready(MembershipFactory.create(team=world.team_a)),
        status=ShiftSignup.Status.WITHDRAWN,
    )
    understaffed = {shifts[n].pk for n in (0, 1, 2)}
    annotated = Shift.objects.filter(pk__in=[s.pk for s in shifts.values()]).with_staffing()
    assert {shift.pk for shift in annotated if shift.is_understaffed} == understaffed
    assert set(annotated.understaffed().values_list("pk", flat=True)) == understaffed
    for shift in annotated:
        badge = render_to_string("teams/_staffing.html", {"shift": shift})
        assert ("te weinig mensen" in badge) == (shift.pk in understaffed), badge
    client = world.client("volunteer")
    for shift in shifts.values():
        page = client.get(shift.get_absolute_url()).content.decode()
        assert ("te weinig mensen" in page) == (shift.pk in understaffed)
    services.roster_reminders(now=timezone.now())
    alerts = Notification.objects.filter(event="shift_understaffed", recipient=world.coordinator)
    assert {alert.link for alert in alerts} == {
        shift.get_absolute_url() for shift in annotated if shift.pk in understaffed
    }
    assert "zijn 2 mensen aangemeld; deze ronde heeft er minstens 3 nodig" in " ".join(
        alert.body_text for alert in alerts
    )
