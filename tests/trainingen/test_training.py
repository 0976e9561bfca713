import datetime
import io

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from notifications.models import Notification
from teams.models import Region, TrainingCoordinator
from trainingen import services
from trainingen.models import (
    CohortSession,
    EvaluationItem,
    Participant,
    Seat,
    SelfAssessment,
)
from trainingen.selectors import cohort_report

from ..conftest import World
from ..factories import (
    MembershipFactory,
    PartnerMembershipFactory,
    UserFactory,
    cohort_factory,
)
from ..support.forms import forms_of, post_form
from ..support.pages import warm
from ..support.signin import sign_in


def invite(cohort, *users):
    return services.participants_add(
        cohort=cohort, invitees=[services.Invitee(user) for user in users]
    )


def calendar_of(message) -> tuple[icalendar.Calendar, str]:
    (_name, content, mimetype) = next(
        a for a in message.attachments if a[2].startswith("text/calendar")
    )
    return icalendar.Calendar.from_ical(content), mimetype


def test_a_cohort_gets_its_sessions_in_programme_order(world: World):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], interval_days=7)
    sessions = list(cohort.sessions.order_by("order"))
    assert [s.template.order for s in sessions] == [1, 2, 3]
    assert [s.starts_at.date() - sessions[0].starts_at.date() for s in sessions] == [
        datetime.timedelta(days=0), datetime.timedelta(days=7), datetime.timedelta(days=14)
    ]  # fmt: skip
    assert sessions[2].ends_at - sessions[2].starts_at == datetime.timedelta(minutes=180)


def change(session, **overrides):
    values = {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "location": session.location,
        "trainer": session.trainer,
        "actor": session.actor,
        "capacity": session.capacity,
    }
    values.update(overrides)
    return services.SessionChange(**values)


def test_sessions_stay_in_programme_order(world: World):
    _first, second, third = world.cohort.sessions.order_by("order")
    after_third = third.starts_at + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.session_reschedule(
            session=second,
            change=change(
                second, starts_at=after_third, ends_at=after_third + datetime.timedelta(hours=2)
            ),
        )
    assert error.value.code == "order"
    second.refresh_from_db()
    assert second.sequence == 0


def test_a_reschedule_refused_on_the_page_says_why_once(world: World):
    """The form shows its own errors; the page showed the service's refusal a second time."""
    _first, second, third = world.cohort.sessions.order_by("order")
    url = reverse("trainingen:session_edit", args=[second.pk])
    client = world.client("admin")
    form = post_form(client.get(url).content.decode(), having="date")
    after_third = timezone.localtime(third.starts_at).date() + datetime.timedelta(days=1)
    html = client.post(url, form.submission(date=after_third.isoformat())).content.decode()
    assert html.count("blijven in de volgorde van het programma") == 1
    second.refresh_from_db()
    assert second.sequence == 0


def test_nobody_is_booked_into_two_sessions_at_the_same_time(world: World):
    other = cohort_factory(world.admin, [world.team_b.neighbourhoods.first()], name="Leergang Zuid")
    before = Participant.objects.filter(cohort=other).count()
    with pytest.raises(ValidationError, match="Op hetzelfde moment al ingepland") as error:
        invite(other, world.volunteer)
    assert error.value.code == "overlap"
    assert Participant.objects.filter(cohort=other).count() == before
    # Moving a session onto someone's other session is refused too.
    later = cohort_factory(
        world.admin, [world.team_b.neighbourhoods.first()], days=60, name="Later"
    )
    invite(later, world.volunteer)
    clash = world.training_seat.session
    first_later = later.sessions.get(order=1)
    with pytest.raises(ValidationError, match="overlapt"):
        services.session_reschedule(
            session=first_later,
            change=change(first_later, starts_at=clash.starts_at, ends_at=clash.ends_at),
        )


def test_capacity_is_enforced_and_the_waiting_list_moves_up(world: World, commit):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], days=40, capacity=2)
    anna, bert, cees = (UserFactory.create(first_name=n) for n in ("Anna", "Bert", "Cees"))
    mail.outbox.clear()
    with commit():
        invite(cohort, anna, bert, cees)
    session = cohort.sessions.get(order=1)
    status = dict(session.seats.values_list("participant__user__first_name", "status"))
    assert status == {"Anna": "invited", "Bert": "invited", "Cees": "waitlisted"}
    waiting_mail = [m for m in mail.outbox if m.to == [cees.email]]
    assert waiting_mail
    assert all(not m.attachments for m in waiting_mail)
    mail.outbox.clear()
    with commit():
        services.seat_respond(seat=session.seats.get(participant__user=anna), accept=False)
    status = dict(session.seats.values_list("participant__user__first_name", "status"))
    assert status == {"Anna": "declined", "Bert": "invited", "Cees": "invited"}
    (moved_up,) = [m for m in mail.outbox if m.to == [cees.email]]
    cal, _mimetype = calendar_of(moved_up)
    assert cal.walk("VEVENT")[0]["UID"] == session.uid


def test_invitations_reschedules_and_cancellations_land_in_a_calendar(world: World, commit):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], days=50)
    person = UserFactory.create(first_name="Dina")
    mail.outbox.clear()
    with commit():
        invite(cohort, person)
    second = cohort.sessions.get(order=2)

    def event_for(session):
        messages = [
            m
            for m in mail.outbox
            if m.to == [person.email]
            and any(a[2].startswith("text/calendar") for a in m.attachments)
        ]
        for message in reversed(messages):
            cal, mimetype = calendar_of(message)
            event = cal.walk("VEVENT")[0]
            if str(event["UID"]) == session.uid:
                return cal, event, mimetype
        raise AssertionError("no calendar message for this session")

    cal, event, mimetype = event_for(second)
    assert str(cal["METHOD"]) == "REQUEST"
    assert mimetype == "text/calendar; method=REQUEST"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == second.starts_at
    assert "mailto:" + person.email in str(event["ATTENDEE"])

    moved = second.starts_at + datetime.timedelta(days=1, hours=1)
    with commit():
        services.session_reschedule(
            session=second,
            change=change(second, starts_at=moved, ends_at=moved + datetime.timedelta(hours=2)),
        )
    cal, event, _ = event_for(second)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == second.uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == moved

    with commit():
        services.session_cancel(session=CohortSession.objects.get(pk=second.pk))
    cal, event, mimetype = event_for(second)
    assert str(cal["METHOD"]) == "CANCEL"
    assert mimetype == "text/calendar; method=CANCEL"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


def test_completion_needs_every_session_or_the_allowed_number_missed(world: World):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], days=30)
    member = MembershipFactory.create(team=world.team_a, training_completed_on=None)
    partner = PartnerMembershipFactory.create(organisation=world.org_a).user
    invite(cohort, member.user, partner)
    sessions = list(cohort.sessions.order_by("order"))
    for session in sessions:
        with time_machine.travel(session.starts_at):  # at the door
            for seat in session.seats.all():
                missed = seat.participant.user == partner and session.order == 2
                services.attendance_register(
                    seat=seat, attendance="excused" if missed else "present", actor=world.admin
                )
    with pytest.raises(ValidationError):
        services.cohort_complete(cohort=cohort, actor=world.admin)
    with time_machine.travel(sessions[-1].ends_at + datetime.timedelta(hours=1)):
        done = services.cohort_complete(cohort=cohort, actor=world.admin)
    assert [p.user for p in done] == [member.user]
    member.refresh_from_db()
    assert member.training_completed_on == timezone.localtime(sessions[-1].ends_at).date()
    assert member.events.filter(kind="updated").exists()
    # Asked for the self-assessment after the last session: both participants.
    asked = Notification.objects.filter(
        event="training_evaluation", channel="inbox", link__endswith="/post/"
    )
    assert {n.recipient for n in asked} == {member.user, partner}


def test_a_programme_can_allow_a_missed_session(world: World):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], days=30)
    cohort.programme.allowed_absences = 1
    cohort.programme.save()
    person = UserFactory.create()
    invite(cohort, person)
    sessions = list(cohort.sessions.order_by("order"))
    for session in sessions[:2]:
        with time_machine.travel(session.starts_at):
            services.attendance_register(
                seat=session.seats.get(), attendance="present", actor=world.admin
            )
    with time_machine.travel(sessions[-1].ends_at + datetime.timedelta(hours=1)):
        done = services.cohort_complete(cohort=cohort, actor=world.admin)
    assert [p.user for p in done] == [person]


def test_reminders_go_a_week_and_a_day_before_once(world: World):
    session = world.training_seat.session
    seat_ids = set(session.seats.values_list("pk", flat=True))

    def reminded():
        return Notification.objects.filter(event="training_reminder", channel="inbox").count()

    services.training_reminders(now=session.starts_at - datetime.timedelta(days=6, hours=20))
    assert reminded() == len(seat_ids)
    services.training_reminders(now=session.starts_at - datetime.timedelta(days=6, hours=10))
    assert reminded() == len(seat_ids)
    services.training_reminders(now=session.starts_at - datetime.timedelta(hours=12))
    assert reminded() == 2 * len(seat_ids)
    services.training_reminders(now=session.starts_at - datetime.timedelta(hours=2))
    assert reminded() == 2 * len(seat_ids)


def test_the_follow_up_self_assessment_is_asked_three_months_later_once(world: World):
    world.cohort.completed_at = timezone.now()
    world.cohort.save()
    later = timezone.now() + datetime.timedelta(days=92)
    services.training_reminders(now=later)
    services.training_reminders(now=later + datetime.timedelta(days=1))
    asked = Notification.objects.filter(
        event="training_evaluation", channel="inbox", link__endswith="/follow_up/"
    )
    assert asked.count() == world.cohort.participants.count()


def test_answering_from_the_email_link(world: World):
    seat = Seat.objects.get(
        participant__user=world.partner_a, session__order=2, session__cohort=world.cohort
    )
    url = seat.get_rsvp_url()
    visitor = Client()
    page = visitor.get(url)
    assert page.status_code == 200
    visitor.post(url, {"answer": "accept"})
    seat.refresh_from_db()
    assert seat.status == Seat.Status.ACCEPTED
    visitor.post(url, {"answer": "decline"})
    seat.refresh_from_db()
    assert seat.status == Seat.Status.DECLINED
    assert visitor.get(url[:-5] + "xxxx/").status_code == 404


def fill(client, cohort, moment, score):
    items = EvaluationItem.objects.filter(is_active=True)
    return client.post(
        reverse("trainingen:self_assessment", args=[cohort.pk, moment]),
        {f"item_{item.pk}": str(score) for item in items},
    )


def test_the_self_assessment_is_filled_once_and_reported_only_from_five_people(world: World):
    client = world.client("volunteer")
    response = client.post(reverse("trainingen:self_assessment", args=[world.cohort.pk, "pre"]), {})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert fill(client, world.cohort, "pre", 3).status_code == 302
    fill(client, world.cohort, "pre", 5)
    assert SelfAssessment.objects.filter(cohort=world.cohort).count() == 1
    report = cohort_report(world.cohort)
    assert report.respondents == {"pre": 1}
    assert all(d.by_moment["pre"] is None for d in report.domains)
    for _ in range(4):
        person = UserFactory.create()
        invite(world.cohort, person)
        other = Client()
        other.force_login(person)
        fill(other, world.cohort, "pre", 4)
    report = cohort_report(world.cohort)
    assert report.respondents["pre"] == 5
    assert {d.by_moment["pre"] for d in report.domains} == {3.8}


def test_feedback_is_for_those_who_were_there(world: World):
    client = world.client("volunteer")
    session = world.training_seat.session
    response = client.post(
        reverse("trainingen:feedback", args=[session.pk]), {"score": "8", "comment": "Goed"}
    )
    assert response.status_code == 302
    assert world.training_seat.feedback.score == 8
    bad = client.post(reverse("trainingen:feedback", args=[session.pk]), {"score": "11"})
    assert bad.status_code == 200
    assert "score" in bad.context["form"].errors


def test_the_certificate_names_the_person_the_sessions_and_who_issues_it(world: World):
    world.volunteer.last_name = "Jansen-Öztürk"
    world.volunteer.save(update_fields=["last_name"])
    participant = world.training_seat.participant
    response = world.client("volunteer").get(participant.get_certificate_url())
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    assert world.volunteer.get_full_name() in text
    assert participant.cohort.programme.name in text
    for session in participant.cohort.sessions.filter(status="planned"):
        assert session.template.title in text
        assert date_format(session.starts_at, "j F Y") in text
    # Issued by the partners that took part and the region, with a line for the signature.
    organisations = set(
        participant.cohort.participants.exclude(organisation=None).values_list(
            "organisation__name", flat=True
        )
    )
    assert organisations
    issuers = [*sorted(organisations), Region.objects.get().name]
    assert f"Uitgereikt door {', '.join(issuers[:-1])} en {issuers[-1]}" in text
    assert "Handtekening van de trainer" in text


def test_a_training_coordinator_runs_cohorts_without_being_an_administrator(world: World):
    trainer = UserFactory.create()
    TrainingCoordinator.objects.create(user=trainer)
    client = Client()
    client.force_login(trainer)
    assert client.get(reverse("trainingen:cohort_create")).status_code == 200
    assert (
        client.get(reverse("trainingen:cohort_report", args=[world.cohort.pk])).status_code == 200
    )
    assert world.client("coordinator").get(reverse("trainingen:cohort_create")).status_code == 403


def test_participants_see_their_own_cohort_and_partners_their_organisations(world: World):
    other = cohort_factory(
        world.admin, [world.team_b.neighbourhoods.first()], days=200, name="Zuid"
    )
    invite(other, world.partner_b)

    def listed(persona):
        return {
            c.pk for c in world.client(persona).get(reverse("trainingen:index")).context["cohorts"]
        }

    assert listed("volunteer") == {world.cohort.pk}
    assert listed("partner_a") == {world.cohort.pk}
    assert listed("partner_b") == {other.pk}
    assert listed("coordinator") == set()
    assert listed("admin") == {world.cohort.pk, other.pk}
    # A colleague of a participating partner sees the cohort, as the issue asks.
    colleague = PartnerMembershipFactory.create(organisation=world.org_a).user
    client = Client()
    client.force_login(colleague)
    assert client.get(world.cohort.get_absolute_url()).status_code == 200


def test_bad_cohort_and_session_input_gets_a_message_and_saves_nothing(world: World):
    client = world.client("admin")
    from trainingen.models import Cohort

    before = Cohort.objects.count()
    response = client.post(
        reverse("trainingen:cohort_create"),
        {"programme": world.cohort.programme_id, "name": "", "first_date": "2020-01-01",
         "start_time": "25:00", "interval_days": "0", "location": "", "capacity": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "name",
        "neighbourhoods",
        "first_date",
        "start_time",
        "interval_days",
        "location",
        "capacity",
    }
    assert Cohort.objects.count() == before
    session = world.training_seat.session
    day = timezone.localtime(session.starts_at).date().isoformat()
    response = client.post(
        reverse("trainingen:session_edit", args=[session.pk]),
        {
            "date": day,
            "start_time": "21:00",
            "end_time": "20:00",
            "location": "<b>x</b>",
            "capacity": "1",
        },
    )
    assert {"end_time", "capacity"} <= set(response.context["form"].errors)
    session.refresh_from_db()
    assert session.sequence == 0


@pytest.mark.parametrize("extra", [0, 12])
def test_cohort_pages_use_a_fixed_number_of_queries(world: World, django_assert_num_queries, extra):
    for _ in range(extra):
        invite(world.cohort, MembershipFactory.create(team=world.team_a).user)
    for persona, url, queries in [
        ("admin", world.cohort.get_absolute_url(), 6),
        ("volunteer", world.cohort.get_absolute_url(), 7),
        ("admin", reverse("trainingen:cohort_report", args=[world.cohort.pk]), 7),
        ("admin", reverse("trainingen:attendance", args=[world.training_seat.session_id]), 4),
        ("volunteer", reverse("trainingen:index"), 4),
    ]:
        client = warm(world.client(persona))
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_attendance_opens_an_hour_before_the_session_and_not_months_ahead(world: World):
    session = world.training_seat.session
    seat = world.training_seat
    Seat.objects.filter(pk=seat.pk).update(attendance="")
    url = reverse("trainingen:attendance", args=[session.pk])
    with time_machine.travel(session.starts_at - datetime.timedelta(days=60)):
        client = sign_in(world.admin)
        page = client.get(url).content.decode()
        assert "Aanwezigheid kun je registreren vanaf" in page
        assert 'name="attendance"' not in page  # no buttons yet
        refused = client.post(
            reverse("trainingen:attendance_set", args=[session.pk, seat.pk]),
            {"attendance": "present"},
        )
        assert refused.status_code == 400
        assert "een uur voor het begin" in refused.content.decode()
    seat.refresh_from_db()
    assert seat.attendance == ""
    with time_machine.travel(session.starts_at - datetime.timedelta(minutes=50)):
        client = sign_in(world.admin)
        forms = forms_of(client.get(url).content.decode())
        (form,) = [f for f in forms if f.action.endswith(f"/{seat.pk}/")]
        response = client.post(form.action, form.submission(attendance="present"))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.attendance == "present"


def test_completing_is_offered_after_the_last_session_and_asks_to_confirm(world: World):
    cohort = cohort_factory(world.admin, [world.team_a.neighbourhoods.first()], days=30)
    person = UserFactory.create(first_name="Bram")
    invite(cohort, person)
    sessions = list(cohort.sessions.order_by("order"))
    client = world.client("admin")
    complete = reverse("trainingen:cohort_complete", args=[cohort.pk])
    before = client.get(cohort.get_absolute_url()).content.decode()
    assert complete not in before
    assert "Na de laatste bijeenkomst" in before
    assert client.get(complete).status_code == 302  # nothing to confirm yet
    for session in sessions[:2]:
        with time_machine.travel(session.starts_at):
            services.attendance_register(
                seat=session.seats.get(), attendance="present", actor=world.admin
            )
    with time_machine.travel(sessions[-1].ends_at + datetime.timedelta(hours=1)):
        client = sign_in(world.admin)
        detail = client.get(cohort.get_absolute_url()).content.decode()
        assert complete in detail
        confirm = client.get(complete)
        html = confirm.content.decode()
        assert "Bram" in html
        assert "2 van 3" in html
        assert not Participant.objects.filter(cohort=cohort, completed_on__isnull=False).exists()
        form = post_form(html, having="confirm")
        assert client.post(complete, form.submission()).status_code == 302
    cohort.refresh_from_db()
    assert cohort.completed_at is not None
    # Bram missed one of three sessions and the programme allows none.
    assert not Participant.objects.filter(cohort=cohort, completed_on__isnull=False).exists()
    assert complete not in client.get(cohort.get_absolute_url()).content.decode()


def test_a_session_title_does_not_repeat_its_training_actor_label(world: World):
    url = reverse("trainingen:programme_detail", args=[world.cohort.programme_id])
    page = world.client("volunteer").get(url).content.decode()
    assert "Gespreksvaardigheden" in page
    assert "trainingsacteur met een trainingsacteur" not in page
