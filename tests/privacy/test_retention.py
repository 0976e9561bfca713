"""Retention with a frozen clock: exactly what has expired is anonymised, a second run
changes nothing more, and the figures built on the data stay the same."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification
from privacy.models import RetentionPolicy, RetentionRun
from privacy.services import retention_apply
from signalen.models import Signal, SignalEvent, SignalPhoto, Status
from signalen.privacy import REMOVED
from signalen.selectors import description_watch, region_statistics
from teams.models import JOIN_REQUEST_DAYS, JoinRequest, PatrolLog, PatrolLogEvent
from teams.selectors import team_patrol_stats
from trainingen.models import EvaluationItem, Participant, SelfAssessment, SessionFeedback
from trainingen.selectors import cohort_report
from trainingen.services import assessment_submit, feedback_submit

from ..conftest import World
from ..factories import (
    MembershipFactory,
    inbox_message,
    jpeg_bytes,
    log_factory,
    shift_factory,
    signal_factory,
)

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(scope="module", autouse=True)
def frozen():
    """The whole module runs at NOW, so the world its tests share is built at NOW too."""
    with time_machine.travel(NOW, tick=False):
        yield


def resolved(
    signal: Signal, at: datetime.datetime, feedback: str = "Eigenaar gesproken."
) -> Signal:
    """A signal resolved at `at`, with feedback and a question and answer in its timeline."""
    SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.ASK, text="Welke kleur jas?")
    SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.RESOLVE, text=feedback)
    Signal.objects.filter(pk=signal.pk).update(
        status=Status.RESOLVED, resolved_at=at, feedback=feedback, created_at=at - 3 * DAY
    )
    signal.refresh_from_db()
    return signal


@pytest.fixture
def aged(frozen, world: World):
    """One item just past and one just inside every retention period (defaults: a year for
    normal signals, reporters, patrol notes and evaluations; half a year for care signals
    and messages)."""
    reporter = world.volunteer
    items = {
        "normal_expired": resolved(
            signal_factory(reporter=reporter, team=world.team_a, street="Dorpsstraat"),
            NOW - 365 * DAY - SECOND,
        ),
        "normal_kept": resolved(
            signal_factory(reporter=reporter, team=world.team_a, street="Dorpsstraat"),
            NOW - 365 * DAY,  # exactly the period: not yet past it
        ),
        "care_expired": resolved(
            signal_factory(reporter=reporter, team=world.team_a, code="care-worry"),
            NOW - 180 * DAY - SECOND,
        ),
        "care_kept": resolved(
            signal_factory(reporter=reporter, team=world.team_a, code="care-worry"),
            NOW - 179 * DAY,
        ),
        "open_old": signal_factory(reporter=reporter, team=world.team_a, street="Dorpsstraat"),
    }
    Signal.objects.filter(pk=items["open_old"].pk).update(created_at=NOW - 500 * DAY)
    SignalPhoto.objects.create(
        signal=items["normal_expired"],
        image=ContentFile(jpeg_bytes(), name="x.jpg"),
        width=64,
        height=48,
    )
    SignalPhoto.objects.create(
        signal=items["normal_kept"],
        image=ContentFile(jpeg_bytes(), name="y.jpg"),
        width=64,
        height=48,
    )
    Signal.objects.filter(pk=items["normal_expired"].pk).update(
        latitude="52.123456", longitude="4.654321"
    )

    crew = [world.volunteer_membership]
    old_log = log_factory(
        shift_factory(world.team_a, days=-366, crew=crew), present=crew, notes="Buurman Jan hielp."
    )
    PatrolLogEvent.objects.create(
        log=old_log, kind=PatrolLogEvent.Kind.FILED, changes={"notes": "Buurman Jan hielp."}
    )
    PatrolLogEvent.objects.create(
        log=old_log,
        kind=PatrolLogEvent.Kind.CHANGED,
        changes={"notes": ["Buurman Jan hielp.", "Jan en Els."], "area": ["a", "b"]},
    )
    young_log = log_factory(
        shift_factory(world.team_a, days=-364, crew=crew), present=crew, notes="Rustig."
    )

    # Five participants answer, so the cohort report shows its figures.
    participants = [world.training_seat.participant] + [
        Participant.objects.create(
            cohort=world.cohort,
            user=MembershipFactory.create(team=world.team_a).user,
            team=world.team_a,
        )
        for _ in range(4)
    ]
    items_ids = list(EvaluationItem.objects.filter(is_active=True).values_list("pk", flat=True))
    assessments = [
        assessment_submit(participant=p, moment="pre", scores=dict.fromkeys(items_ids, 1 + n % 5))
        for n, p in enumerate(participants)
    ]
    SelfAssessment.objects.filter(pk__in=[a.pk for a in assessments[:3]]).update(
        submitted_at=NOW - 365 * DAY - SECOND
    )
    SelfAssessment.objects.filter(pk__in=[a.pk for a in assessments[3:]]).update(
        submitted_at=NOW - 364 * DAY
    )
    world.training_seat.refresh_from_db()
    feedback = feedback_submit(seat=world.training_seat, score=4, comment="Goede oefeningen.")
    SessionFeedback.objects.filter(pk=feedback.pk).update(submitted_at=NOW - 400 * DAY)

    old_message = Notification.objects.filter(pk=world.volunteer_message.pk)
    old_message.update(created_at=NOW - 181 * DAY)
    young_message = inbox_message(
        reporter, "Recent", "Nog bewaard.", "test:young", created_at=NOW - 179 * DAY
    )
    return {
        **{k: Signal.objects.get(pk=v.pk) for k, v in items.items()},
        "old_log": old_log,
        "young_log": young_log,
        "assessments": assessments,
        "feedback": feedback,
        "old_message": world.volunteer_message,
        "young_message": young_message,
    }


def figures(world: World) -> tuple:
    today = timezone.localdate()
    return (
        region_statistics(today=today, months=24),
        description_watch(today=today, months=24),
        cohort_report(world.cohort),
        team_patrol_stats(world.team_a, today=today, months=24),
    )


def test_the_defaults_are_the_documented_safe_ones(db):
    policy = RetentionPolicy.current()
    assert (policy.reporter_identity_days, policy.patrol_notes_days) == (365, 365)
    assert (policy.evaluation_days, policy.messages_days) == (365, 180)


def test_exactly_the_expired_data_is_anonymised(
    aged, world: World, django_capture_on_commit_callbacks
):
    storage = SignalPhoto._meta.get_field("image").storage
    expired_photo = aged["normal_expired"].photos.get().image.name
    # A request to join nobody decided on is erased after JOIN_REQUEST_DAYS; a newer one stays.
    for days, email in [(JOIN_REQUEST_DAYS + 1, "oud@example.org"), (1, "nieuw@example.org")]:
        JoinRequest.objects.create(
            team=world.team_a, first_name="N", email=email, source="page",
            created_at=timezone.now() - datetime.timedelta(days=days),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = retention_apply()

    assert run.results == {
        "signals_anonymised": 2,
        "signal_reporters_removed": 1,
        "patrol_log_notes": 1,
        "join_requests": 1,
        "evaluation_answers_detached": 4,  # three self-assessments and one feedback
        "messages": 1,
    }
    assert list(JoinRequest.objects.values_list("email", flat=True)) == ["nieuw@example.org"]
    expired = Signal.objects.get(pk=aged["normal_expired"].pk)
    assert expired.description == REMOVED
    assert expired.feedback == REMOVED
    assert expired.house_number == ""
    assert expired.street == "Dorpsstraat"
    assert (str(expired.latitude), str(expired.longitude)) == ("52.123000", "4.654000")
    assert expired.anonymised_at == NOW
    assert expired.reporter is None
    assert not expired.photos.exists()
    assert not storage.exists(expired_photo)
    assert not expired.events.exclude(text="").exists()
    tombstone = expired.events.get(kind=SignalEvent.Kind.ANONYMISED)
    assert tombstone.created_at == NOW
    assert tombstone.actor is None
    assert expired.events.count() > 1  # what happened before stays

    care = Signal.objects.get(pk=aged["care_expired"].pk)
    assert care.description == REMOVED
    assert care.street == ""
    assert care.latitude is None
    assert care.reporter == world.volunteer  # a reporter is kept a year, not half a year

    for name in ("normal_kept", "care_kept", "open_old"):
        kept = Signal.objects.get(pk=aged[name].pk)
        assert kept.anonymised_at is None
        assert kept.description == aged[name].description
        assert kept.reporter == world.volunteer
        assert kept.events.exclude(text="").exists() or name == "open_old"
    assert aged["normal_kept"].photos.count() == 1

    assert PatrolLog.objects.get(pk=aged["old_log"].pk).notes == ""
    assert not PatrolLogEvent.objects.filter(log=aged["old_log"], changes__has_key="notes").exists()
    assert PatrolLogEvent.objects.filter(log=aged["old_log"]).count() == 2
    assert PatrolLog.objects.get(pk=aged["young_log"].pk).notes == "Rustig."

    detached = SelfAssessment.objects.filter(participant__isnull=True)
    assert set(detached) == set(aged["assessments"][:3])
    assert SessionFeedback.objects.get(pk=aged["feedback"].pk).seat is None
    assert SessionFeedback.objects.get(pk=aged["feedback"].pk).comment == "Goede oefeningen."

    old = Notification.objects.get(pk=aged["old_message"].pk)
    assert (old.subject, old.body_text, old.content_removed_at) == ("", "", NOW)
    assert Notification.objects.get(pk=aged["young_message"].pk).body_text == "Nog bewaard."
    assert RetentionRun.objects.get() == run


def test_running_twice_changes_nothing_more(aged, world: World, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    snapshot = _snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        second = retention_apply()
    assert set(second.results.values()) == {0}
    assert _snapshot() == snapshot
    assert RetentionRun.objects.count() == 2


def test_figures_are_the_same_before_and_after(
    aged, world: World, django_capture_on_commit_callbacks
):
    before = figures(world)
    assert before[0].total >= 5
    assert before[0].resolved_with_feedback == 4
    assert before[2].domains[0].by_moment["pre"] is not None  # enough answers to show
    assert any(place.street == "Dorpsstraat" for place in before[1].places)
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    assert figures(world) == before


def test_the_timeline_says_what_happened_and_no_one_can_act_any_more(
    aged, world: World, django_capture_on_commit_callbacks
):
    Signal.objects.filter(pk=aged["normal_expired"].pk).update(responsible=world.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    response = world.client("partner_a").get(aged["normal_expired"].get_absolute_url())
    html = response.content.decode()
    assert "bewaartermijn" in html
    assert "Eigenaar gesproken" not in html
    assert "Welke kleur jas" not in html
    assert response.context["actions"] == []


def test_the_command_reports_what_it_did(aged, world: World, capsys):
    call_command("retention_apply")
    output = capsys.readouterr().out
    assert "signals_anonymised: 2" in output
    assert "patrol_log_notes: 1" in output


def test_a_shorter_period_set_by_an_administrator_applies(world: World, frozen):
    signal = resolved(signal_factory(reporter=world.volunteer, team=world.team_a), NOW - 40 * DAY)
    assert retention_apply().results["signals_anonymised"] == 0
    signal.category.retention_days = 30
    signal.category.save()
    assert retention_apply().results["signals_anonymised"] == 1


def _snapshot() -> list:
    return [
        list(Signal.objects.order_by("pk").values()),
        list(SignalEvent.objects.order_by("pk").values()),
        list(SignalPhoto.objects.order_by("pk").values()),
        list(PatrolLog.objects.order_by("pk").values()),
        list(PatrolLogEvent.objects.order_by("pk").values()),
        list(SelfAssessment.objects.order_by("pk").values()),
        list(SessionFeedback.objects.order_by("pk").values()),
        list(Notification.objects.order_by("pk").values()),
    ]


def test_the_nightly_task_applies_the_periods_and_records_the_run(aged, world: World):
    from privacy.tasks import apply_retention

    results = apply_retention()
    assert results["signals_anonymised"] == 2
    assert RetentionRun.objects.get().results == results
