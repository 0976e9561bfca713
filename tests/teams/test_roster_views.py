import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teams.models import Observation, PatrolLog, Shift, ShiftSignup

from ..conftest import World
from ..factories import MembershipFactory, TeamFactory, log_factory, ready, shift_factory
from ..support.forms import post_form
from ..support.pages import warm


def shift_post(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "date": day.isoformat(),
        "start_time": "19:30",
        "end_time": "21:30",
        "meeting_point": "Buurthuis",
        "focus_points": "",
        "min_people": "2",
        "max_people": "4",
    }
    data.update(overrides)
    return data


def test_a_coordinator_publishes_a_shift_and_the_team_is_told(world: World):
    response = world.client("coordinator").post(
        reverse("teams:shift_create", args=[world.team_a.pk]), shift_post()
    )
    assert response.status_code == 302
    shift = Shift.objects.get(meeting_point="Buurthuis")
    assert timezone.localtime(shift.starts_at).time() == datetime.time(19, 30)
    assert world.volunteer.notifications.filter(event="shifts_published").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": "19:00"}, "end_time"),  # 23.5 hours: not a night round
        ({"end_time": "19:30"}, "end_time"),
        ({"date": "2020-01-01"}, "date"),
        ({"min_people": "1"}, "min_people"),
        ({"min_people": "0"}, "min_people"),
        ({"max_people": "-3"}, "max_people"),
        ({"min_people": "4", "max_people": "2"}, "max_people"),
        ({"max_people": "100000"}, "max_people"),
        ({"meeting_point": ""}, "meeting_point"),
        ({"meeting_point": "x" * 201}, "meeting_point"),
        ({"start_time": "25:00"}, "start_time"),
        ({"date": "morgen"}, "date"),
    ],
)
def test_bad_shift_input_gets_a_message_and_saves_nothing(world: World, overrides, field):
    before = Shift.objects.count()
    response = world.client("coordinator").post(
        reverse("teams:shift_create", args=[world.team_a.pk]), shift_post(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Shift.objects.count() == before


def test_html_in_a_meeting_point_is_shown_escaped(world: World):
    world.client("coordinator").post(
        reverse("teams:shift_create", args=[world.team_a.pk]),
        shift_post(meeting_point="<b onmouseover=alert(1)>plein</b>"),
    )
    shift = Shift.objects.get(meeting_point__contains="plein")
    html = world.client("volunteer").get(shift.get_absolute_url()).content.decode()
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(1)&gt;plein&lt;/b&gt;" in html


def test_a_volunteer_sees_only_their_own_teams_roster_and_logs(world: World):
    other_shift = shift_factory(world.team_b)
    other_log = log_factory(
        shift_factory(world.team_b, days=-3),
        present=[
            MembershipFactory.create(team=world.team_b),
            MembershipFactory.create(team=world.team_b),
        ],
    )
    client = world.client("volunteer")
    # The week that holds both shifts, whatever day of the week it is today.
    week = timezone.localtime(world.shift.starts_at).date().isoformat()
    assert timezone.localtime(other_shift.starts_at).date().isoformat() == week
    roster = client.get(reverse("teams:roster", args=[world.team_a.pk]), {"week": week})
    shown = {s.pk for _day, shifts in roster.context["week"] for s in shifts}
    assert world.shift.pk in shown
    assert other_shift.pk not in shown
    assert client.get(reverse("teams:roster", args=[world.team_b.pk])).status_code == 404
    logs = client.get(reverse("teams:log_list"))
    assert {log.pk for log in logs.context["page"].object_list} == {world.log.pk}
    assert client.get(other_log.get_absolute_url()).status_code == 404


def test_signing_up_with_htmx_swaps_the_panel(world: World):
    ready(world.volunteer_membership)
    shift = shift_factory(world.team_a)
    response = world.client("volunteer").post(
        reverse("teams:shift_sign_up", args=[shift.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="signup-panel"')
    assert "Je bent aangemeld" in html
    assert "Afmelden" in html


def log_post(world: World, **overrides):
    data = {
        "start_time": timezone.localtime(world.past_shift.starts_at).strftime("%H:%M"),
        "end_time": timezone.localtime(world.past_shift.ends_at).strftime("%H:%M"),
        "present": [world.volunteer_membership.pk, world.coordinator.memberships.get().pk],
        "area": "Kerkstraat en park",
        "notes": "",
    }
    data.update({f"count_{kind}": "0" for kind in Observation.Kind.values})
    data.update(overrides)
    return data


def test_a_participant_files_the_log_once_even_when_submitting_twice(world: World):
    client = world.client("volunteer")
    url = reverse("teams:log_create", args=[world.past_shift.pk])
    form = client.get(url)
    assert set(form.context["form"]["present"].initial) == {world.volunteer_membership.pk}
    data = log_post(world, count_unlocked_bikes="2", count_open_windows_doors="1")
    first = client.post(url, data)
    second = client.post(url, data)
    log = PatrolLog.objects.get(shift=world.past_shift)
    assert first["Location"] == second["Location"] == log.get_absolute_url()
    assert {o.kind: o.count for o in log.observations.all()} == {
        "unlocked_bikes": 2,
        "open_windows_doors": 1,
    }
    assert log.events.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"count_unlocked_bikes": "-1"}, "count_unlocked_bikes"),
        ({"count_unlocked_bikes": "501"}, "count_unlocked_bikes"),
        ({"count_unlocked_bikes": "99999999999999999999"}, "count_unlocked_bikes"),
        ({"count_unlocked_bikes": "twee"}, "count_unlocked_bikes"),
        ({"present": []}, "present"),
        ({"area": ""}, "area"),
        ({"start_time": "nu"}, "start_time"),
        ({"notes": "x" * 4001}, "notes"),
    ],
)
def test_bad_log_input_gets_a_message_and_saves_nothing(world: World, overrides, field):
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[world.past_shift.pk]), log_post(world, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PatrolLog.objects.filter(shift=world.past_shift).exists()


def test_one_person_alone_cannot_file_a_round(world: World):
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[world.past_shift.pk]),
        log_post(world, present=[world.volunteer_membership.pk]),
    )
    assert "minstens twee mensen" in response.content.decode()
    assert not PatrolLog.objects.filter(shift=world.past_shift).exists()


def test_only_members_who_may_patrol_are_offered_as_present(world: World):
    """An aspirant and a member still without the training may not walk a round yet."""
    aspirant = MembershipFactory.create(
        team=world.team_a, status="aspirant", user__first_name="Anouk"
    )
    untrained = ready(MembershipFactory.create(team=world.team_a, user__first_name="Ugo"))
    untrained.training_completed_on = None
    untrained.save()
    client = world.client("volunteer")
    url = reverse("teams:log_create", args=[world.past_shift.pk])
    form = post_form(client.get(url).content.decode(), having="present")
    offered = set(form.fields["present"].options)
    ready_ones = {world.volunteer_membership.pk, world.coordinator.memberships.get().pk}
    assert offered == {str(pk) for pk in ready_ones}

    # A post that names them anyway (an old page, a crafted request) is refused.
    response = client.post(url, log_post(world, present=[*ready_ones, aspirant.pk]))
    assert response.status_code == 200
    assert "present" in response.context["form"].errors
    assert not PatrolLog.objects.filter(shift=world.past_shift).exists()
    saved = client.post(
        url, form.submission(area="Kerkstraat", present=[str(pk) for pk in ready_ones])
    )
    assert saved.status_code == 302
    assert set(PatrolLog.objects.get(shift=world.past_shift).present.all()) == {
        world.volunteer_membership,
        world.coordinator.memberships.get(),
    }


def test_a_correction_keeps_a_member_the_log_names_who_stopped_since(world: World):
    stopped = world.coordinator.memberships.get()
    shift = shift_factory(world.team_a, days=-1, crew=[world.volunteer_membership])
    log = log_factory(shift, present=[world.volunteer_membership, stopped])
    stopped.status = "inactive"
    stopped.save()
    client = world.client("volunteer")
    url = reverse("teams:log_edit", args=[log.pk])
    form = post_form(client.get(url).content.decode(), having="present")
    assert str(stopped.pk) in form.fields["present"].chosen
    response = client.post(url, form.submission(area="Kerkstraat en Molenweg, ook het park"))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.area == "Kerkstraat en Molenweg, ook het park"
    assert stopped in log.present.all()


def yesterdays_shift(world: World, at: datetime.time) -> Shift:
    """A shift of the team that started yesterday at `at` (local), the volunteer on it."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(yesterday, at))
    shift = Shift.objects.create(
        team=world.team_a,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        meeting_point="Kerkplein",
    )
    ShiftSignup.objects.create(shift=shift, membership=world.volunteer_membership)
    return shift


def test_an_end_before_the_start_that_cannot_be_after_midnight_is_called_a_typing_error(
    world: World,
):
    """20:00 to 19:30 would be a round of 23.5 hours: one of the times is mistyped."""
    shift = yesterdays_shift(world, datetime.time(20))
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[shift.pk]),
        log_post(world, start_time="20:00", end_time="19:30"),
    )
    assert response.status_code == 200
    assert "Het einde (19:30) ligt vóór het begin (20:00)." in response.content.decode()
    assert not PatrolLog.objects.filter(shift=shift).exists()


def test_a_round_from_half_past_eleven_typed_as_ending_at_nine_says_which_times(world: World):
    """23:30 to 21:00 would be a round of 21.5 hours into the next day: a typing error."""
    shift = yesterdays_shift(world, datetime.time(23))
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[shift.pk]),
        log_post(world, start_time="23:30", end_time="21:00"),
    )
    html = response.content.decode()
    assert "Het einde (21:00) ligt vóór het begin (23:30). Kijk beide tijden na." in html
    assert "toekomst" not in html
    assert not PatrolLog.objects.filter(shift=shift).exists()


def test_notes_with_a_phone_number_need_a_second_look(world: World):
    client = world.client("volunteer")
    url = reverse("teams:log_create", args=[world.past_shift.pk])
    warned = client.post(url, log_post(world, notes="Bewoner vroeg terugbellen op 06-12345678"))
    assert warned.status_code == 200
    assert "een telefoonnummer" in warned.content.decode()
    assert not PatrolLog.objects.filter(shift=world.past_shift).exists()
    saved = client.post(
        url, log_post(world, notes="Bewoner vroeg terugbellen op 06-12345678", confirm_notes="on")
    )
    assert saved.status_code == 302


def test_two_kinds_of_personal_data_are_named_as_a_sentence_joins_them(world: World):
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[world.past_shift.pk]),
        log_post(world, notes="Bel 06-12345678 over de auto 12-ABC-3"),
    )
    assert "een telefoonnummer en een kenteken" in response.content.decode()


def test_html_in_notes_is_shown_escaped(world: World):
    client = world.client("volunteer")
    client.post(
        reverse("teams:log_create", args=[world.past_shift.pk]),
        log_post(world, notes="<script>alert('x')</script> lamp kapot"),
    )
    log = PatrolLog.objects.get(shift=world.past_shift)
    html = client.get(log.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; lamp kapot" in html


def test_someone_who_did_not_sign_up_cannot_file_the_log(world: World):
    bystander = MembershipFactory.create(team=world.team_a)
    from django.test import Client

    client = Client()
    client.force_login(bystander.user)
    url = reverse("teams:log_create", args=[world.past_shift.pk])
    assert client.get(url).status_code == 403


def test_the_csv_export_holds_first_names_only_and_no_formulas(world: World):
    present = [world.volunteer_membership, world.coordinator.memberships.get()]
    log_factory(
        shift_factory(world.team_a, days=-4),
        present=present,
        area='=HYPERLINK("http://evil")',
        notes="Zag meneer Jansen",
    )
    response = world.client("coordinator").get(reverse("teams:log_export", args=[world.team_a.pk]))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert len(data) == PatrolLog.objects.filter(shift__team=world.team_a).count()
    text = response.content.decode()
    assert world.volunteer.first_name in text
    assert world.volunteer.last_name not in text
    assert world.volunteer.email not in text
    assert "Jansen" not in text  # notes are not exported
    area = data[[r[5] for r in data].index('\'=HYPERLINK("http://evil")')][5]
    assert area.startswith("'=")
    assert header[6] == "open ramen of deuren"


def test_the_team_page_shows_staffing_and_this_months_patrols(world: World):
    # A patrol in the first minute of this month, so the month has one on any day.
    now = timezone.now()
    first_minute = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate().replace(day=1), datetime.time(0, 1))
    )
    days = (first_minute - now) / datetime.timedelta(days=1)
    log_factory(
        shift_factory(world.team_a, days=days, hours=0.25),
        present=[world.volunteer_membership, world.coordinator.memberships.get()],
    )
    response = world.client("coordinator").get(reverse("teams:team_detail", args=[world.team_a.pk]))
    assert [s.pk for s in response.context["upcoming"]] == [world.shift.pk]
    this_month = response.context["stats"][-1]
    assert this_month.month == timezone.localdate().replace(day=1)
    logs = PatrolLog.objects.filter(
        shift__team=world.team_a, started_at__gte=first_minute - datetime.timedelta(minutes=1)
    )
    assert logs.count() >= 1
    assert this_month.patrols == logs.count()
    assert this_month.volunteer_hours == pytest.approx(
        sum((log.ended_at - log.started_at).total_seconds() / 3600 * 2 for log in logs)
    )
    assert '"Rondes"' in response.content.decode().replace("&quot;", '"')


@pytest.mark.parametrize("extra", [0, 20])
def test_roster_pages_use_a_fixed_number_of_queries(world: World, django_assert_num_queries, extra):
    team = world.team_a
    for index in range(extra):
        member = MembershipFactory.create(team=team)
        shift_factory(team, days=index / 4 + 0.5, crew=[member, world.volunteer_membership])
        log_factory(
            shift_factory(team, days=-1 - index / 4), present=[member, world.volunteer_membership]
        )
    other = TeamFactory.create()
    for _ in range(extra):
        shift_factory(other)
    for persona, url, queries in [
        ("volunteer", reverse("teams:roster", args=[team.pk]), 3),
        ("volunteer", reverse("teams:log_list"), 3),
        ("volunteer", world.shift.get_absolute_url(), 4),
        (
            "coordinator",
            reverse("teams:team_detail", args=[team.pk]),
            9,
        ),  # with the requests to join
    ]:
        client = warm(world.client(persona))
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


TEXT = st.text(max_size=400)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(area=TEXT, notes=TEXT, count=st.one_of(st.integers(), TEXT))
def test_the_log_form_never_fails_whatever_is_typed(world: World, area, notes, count):
    response = world.client("volunteer").post(
        reverse("teams:log_create", args=[world.past_shift.pk]),
        log_post(world, area=area, notes=notes, count_unlocked_cars=str(count)),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert not PatrolLog.objects.filter(shift=world.past_shift).exists()
    else:
        PatrolLog.objects.filter(shift=world.past_shift).delete()


def test_home_reminds_of_each_log_still_to_file_with_its_time_and_place(world: World):
    crew = [world.volunteer_membership]
    early = shift_factory(world.team_a, days=-1, hours=1, crew=crew, meeting_point="Kerkplein")
    late = shift_factory(world.team_a, days=-1 + 2 / 24, crew=crew, meeting_point="Station")
    html = world.client("volunteer").get("/").content.decode()
    assert html.count('id="logs-to-file-heading"') == 1
    for shift in (early, late):
        start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        line = f"{start:%H:%M}\u2013{end:%H:%M} · {shift.meeting_point}"
        assert line in html
        assert reverse("teams:log_create", args=[shift.pk]) in html


def test_the_team_pages_figures_are_kept_until_a_log_is_filed_or_corrected(world: World):
    """The month figures are kept per team; filing a log, or correcting who was there, through
    the pages shows on the coordinator's next visit."""
    team_url = reverse("teams:team_detail", args=[world.team_a.pk])
    coordinator = warm(world.client("coordinator"))
    crew = [world.volunteer_membership, world.coordinator.memberships.get()]
    shift = shift_factory(world.team_a, days=-3 / 24, hours=2, crew=crew)

    def month_figures() -> tuple[int, float]:
        month = timezone.localtime(shift.starts_at).date().replace(day=1)
        stats = {s.month: s for s in coordinator.get(team_url).context["stats"]}
        return stats[month].patrols, stats[month].volunteer_hours

    with CaptureQueriesContext(connection) as made:
        patrols, hours = month_figures()
    with CaptureQueriesContext(connection) as kept:
        assert month_figures() == (patrols, hours)
    assert len(kept) == len(made) - 2  # the two queries of the figures

    volunteer = world.client("volunteer")
    url = reverse("teams:log_create", args=[shift.pk])
    form = post_form(volunteer.get(url).content.decode(), having="area")
    data = form.submission(present=[str(crew[0].pk), str(crew[1].pk)], area="Kerkstraat")
    assert volunteer.post(url, data).status_code == 302
    log = PatrolLog.objects.get(shift=shift)
    walked = (log.ended_at - log.started_at).total_seconds() / 3600
    assert month_figures() == (patrols + 1, pytest.approx(hours + 2 * walked))

    url = reverse("teams:log_edit", args=[log.pk])
    form = post_form(volunteer.get(url).content.decode(), having="area")
    third = MembershipFactory.create(team=world.team_a)
    ready(third)
    data = form.submission(present=[str(m.pk) for m in [*crew, third]])
    assert volunteer.post(url, data).status_code == 302
    assert month_figures() == (patrols + 1, pytest.approx(hours + 3 * walked))


def test_running_a_weekly_pattern_again_says_the_shifts_were_there_and_shows_their_weeks(
    world: World,
):
    client = world.client("coordinator")
    url = reverse("teams:shift_pattern", args=[world.team_a.pk])
    form = post_form(client.get(url).content.decode(), having="weeks")
    first = timezone.localdate() + datetime.timedelta(days=30)
    typed = form.submission(
        date=first.isoformat(),
        weekday="2",
        start_time="20:00",
        end_time="22:00",
        weeks="3",
        meeting_point="Kerkplein",
    )
    sent = client.post(url, typed, follow=True)
    assert "3 diensten gepubliceerd." in sent.content.decode()
    wednesday = first + datetime.timedelta(days=(2 - first.weekday()) % 7)
    monday = wednesday - datetime.timedelta(days=wednesday.weekday())
    assert sent.redirect_chain[-1][0].endswith(f"?week={monday}&maand={wednesday:%Y-%m}")
    again = client.post(url, {**typed, "weeks": "4"}, follow=True).content.decode()
    assert "1 dienst gepubliceerd. 3 stonden al op het rooster." in again
    once_more = client.post(url, typed, follow=True).content.decode()
    assert "Deze diensten stonden al op het rooster: er is niets nieuws gepubliceerd." in once_more
