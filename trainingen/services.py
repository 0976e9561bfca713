"""Writes for the training programme. Each function is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from teams.models import Membership, Neighbourhood, PartnerOrganisation, Team, User
from teams.permissions import require
from teams.roles import Roles
from teams.services import membership_training_completed

from .calendar import CANCEL, REQUEST, session_invitation
from .models import (
    Answer,
    Cohort,
    CohortSession,
    EvaluationItem,
    Participant,
    Programme,
    Seat,
    SelfAssessment,
    SessionFeedback,
)
from .permissions import can_manage_cohorts
from .selectors import completion_preview

FOLLOW_UP_AFTER = datetime.timedelta(days=91)


def _local(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


def cohort_create(
    *,
    actor: User,
    programme: Programme,
    name: str,
    neighbourhoods: Iterable[Neighbourhood],
    first_date: datetime.date,
    start_time: datetime.time,
    interval_days: int,
    location: str,
    trainer: str = "",
    capacity: int = 20,
) -> Cohort:
    """Create a cohort with its sessions in programme order, on proposed dates that the
    coordinator can change one by one."""
    require(can_manage_cohorts(Roles(actor)))
    templates = list(programme.templates.order_by("order"))
    if not templates:
        raise ValidationError(_("This programme has no sessions."), code="empty")
    with transaction.atomic():
        cohort = Cohort.objects.create(programme=programme, name=name.strip(), created_by=actor)
        cohort.neighbourhoods.set(neighbourhoods)
        for index, template in enumerate(templates):
            day = first_date + datetime.timedelta(days=index * interval_days)
            starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
            CohortSession.objects.create(
                cohort=cohort,
                template=template,
                order=template.order,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=template.duration_minutes),
                location=location.strip(),
                trainer=trainer.strip(),
                capacity=capacity,
            )
    return cohort


def _holders(session: CohortSession):
    return session.seats.filter(status__in=Seat.HOLDING)


def _conflicts(user, starts_at, ends_at, *, exclude_session: CohortSession | None = None):
    """The planned sessions this person holds a place in that overlap [starts_at, ends_at)."""
    seats = Seat.objects.filter(
        participant__user=user,
        status__in=Seat.HOLDING,
        session__status=CohortSession.Status.PLANNED,
        session__starts_at__lt=ends_at,
        session__ends_at__gt=starts_at,
    ).select_related("session__cohort")
    if exclude_session is not None:
        seats = seats.exclude(session=exclude_session)
    return [seat.session for seat in seats]


def _check_order(session: CohortSession, starts_at: datetime.datetime) -> None:
    siblings = session.cohort.sessions.exclude(pk=session.pk).exclude(
        status=CohortSession.Status.CANCELLED
    )
    before = siblings.filter(order__lt=session.order, starts_at__gte=starts_at).first()
    after = siblings.filter(order__gt=session.order, starts_at__lte=starts_at).first()
    other = before or after
    if other is not None:
        raise ValidationError(
            _("Sessions stay in programme order: session %(order)s is on %(date)s.")
            % {"order": other.order, "date": _local(other.starts_at)},
            code="order",
        )


@dataclass(frozen=True)
class SessionChange:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    trainer: str
    actor: str
    capacity: int


def session_reschedule(*, session: CohortSession, change: SessionChange) -> CohortSession:
    """Change a session. Its order in the programme holds, nobody gets two sessions at the
    same time, and everyone with a place gets a calendar update (same UID, higher SEQUENCE).
    More capacity moves the waiting list up."""
    if session.is_cancelled:
        raise ValidationError(_("A cancelled session cannot be changed."), code="cancelled")
    if change.ends_at <= change.starts_at:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    _check_order(session, change.starts_at)
    with transaction.atomic():
        session = CohortSession.objects.select_for_update().get(pk=session.pk)
        holders = list(_holders(session).select_related("participant__user"))
        if change.capacity < len(holders):
            raise ValidationError(
                _("%(count)s people already have a place; the capacity cannot be lower.")
                % {"count": len(holders)},
                code="capacity",
            )
        clashes = [
            f"{seat.participant.user.get_full_name()} ({clash.cohort})"
            for seat in holders
            for clash in _conflicts(
                seat.participant.user, change.starts_at, change.ends_at, exclude_session=session
            )
        ]
        if clashes:
            raise ValidationError(
                _("This time overlaps another session of: %(people)s.")
                % {"people": ", ".join(clashes)},
                code="overlap",
            )
        moved = (change.starts_at, change.ends_at, change.location) != (
            session.starts_at,
            session.ends_at,
            session.location,
        )
        for name in ("starts_at", "ends_at", "location", "trainer", "actor", "capacity"):
            setattr(session, name, getattr(change, name))
        if moved:
            session.sequence += 1
        session.save()
        if moved:
            for seat in holders:
                _send_invitation(seat, event="training_changed")
        _move_waiting_list_up(session)
    return session


def session_cancel(*, session: CohortSession) -> CohortSession:
    """Cancel a session; calendars remove it (METHOD:CANCEL with a higher SEQUENCE)."""
    if session.is_cancelled:
        return session
    with transaction.atomic():
        session.status = CohortSession.Status.CANCELLED
        session.sequence += 1
        session.save(update_fields=["status", "sequence"])
        for seat in _holders(session).select_related("participant__user", "session__cohort"):
            _send_invitation(seat, event="training_cancelled", method=CANCEL)
    return session


@dataclass(frozen=True)
class Invitee:
    user: User
    team: Team | None = None
    organisation: PartnerOrganisation | None = None


def participants_add(*, cohort: Cohort, invitees: Iterable[Invitee]) -> list[Participant]:
    """Invite people to every planned session of the cohort.

    Someone already booked into another session at the same time is not added (the error
    names them). Within capacity a person gets an invitation with a calendar attachment;
    beyond it, a place on the waiting list. Everyone is asked for the first self-assessment.
    """
    sessions = list(
        cohort.sessions.filter(status=CohortSession.Status.PLANNED).select_related("template")
    )
    added = []
    with transaction.atomic():
        locked = list(
            CohortSession.objects.select_for_update().filter(pk__in=[s.pk for s in sessions])
        )
        existing = set(cohort.participants.values_list("user_id", flat=True))
        clashes: list[str] = []
        for invitee in invitees:
            if invitee.user.pk in existing:
                continue
            for session in locked:
                name = invitee.user.get_full_name()
                clashes.extend(
                    f"{name} ({clash.cohort}, {_local(clash.starts_at)})"
                    for clash in _conflicts(invitee.user, session.starts_at, session.ends_at)
                )
            participant = Participant.objects.create(
                cohort=cohort,
                user=invitee.user,
                team=invitee.team,
                organisation=invitee.organisation,
            )
            existing.add(invitee.user.pk)
            added.append(participant)
        if clashes:
            raise ValidationError(
                _("Already booked at the same time: %(people)s.") % {"people": "; ".join(clashes)},
                code="overlap",
            )
        for session in locked:
            held = _holders(session).count()
            for participant in added:
                if held < session.capacity:
                    seat = Seat.objects.create(session=session, participant=participant)
                    held += 1
                    _send_invitation(seat, event="training_invitation")
                else:
                    seat = Seat.objects.create(
                        session=session,
                        participant=participant,
                        status=Seat.Status.WAITLISTED,
                        waitlisted_at=timezone.now(),
                    )
                    _tell(seat, "training_waitlisted", key=f"waitlisted:{seat.pk}")
        for participant in added:
            _ask_for_assessment(participant, SelfAssessment.Moment.PRE)
    return added


def seat_respond(*, seat: Seat, accept: bool) -> Seat:
    """Accept or decline a session. A declined place goes to the first on the waiting list."""
    with transaction.atomic():
        session = CohortSession.objects.select_for_update().get(pk=seat.session_id)
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session has been cancelled."), code="cancelled")
        if session.has_ended():
            raise ValidationError(_("This session has already taken place."), code="past")
        now = timezone.now()
        was_holding = seat.status in Seat.HOLDING
        if accept:
            if seat.status == Seat.Status.DECLINED:
                if _holders(session).count() >= session.capacity:
                    seat.status, seat.waitlisted_at = Seat.Status.WAITLISTED, now
                else:
                    seat.status = Seat.Status.ACCEPTED
                    _send_invitation(seat, event="training_invitation")
            elif seat.status == Seat.Status.INVITED:
                seat.status = Seat.Status.ACCEPTED
        else:
            seat.status = Seat.Status.DECLINED
        seat.responded_at = now
        seat.save()
        if not accept and was_holding:
            _move_waiting_list_up(session)
    return seat


def _move_waiting_list_up(session: CohortSession) -> None:
    free = session.capacity - _holders(session).count()
    if free <= 0:
        return
    waiting = session.seats.filter(status=Seat.Status.WAITLISTED).order_by("waitlisted_at", "pk")
    for seat in waiting.select_related("participant__user", "session__cohort")[:free]:
        seat.status = Seat.Status.INVITED
        seat.save(update_fields=["status"])
        _send_invitation(seat, event="training_invitation")


def _send_invitation(seat: Seat, *, event: str, method: str = REQUEST) -> None:
    session = seat.session
    notify(
        event=event,
        dedup_key=f"{event}:{seat.pk}:{session.sequence}",
        recipient=seat.participant.user,
        context={"session": session, "seat": seat, "rsvp_url": seat.get_rsvp_url()},
        link=session.get_absolute_url(),
        attachments=[session_invitation(session, seat, method)],
    )


def _tell(seat: Seat, event: str, *, key: str, **context) -> bool:
    return bool(
        notify(
            event=event,
            dedup_key=f"{event}:{key}",
            recipient=seat.participant.user,
            context={"session": seat.session, "seat": seat, **context},
            link=seat.session.get_absolute_url(),
        )
    )


def _ask_for_assessment(participant: Participant, moment: str) -> bool:
    return bool(
        notify(
            event="training_evaluation",
            dedup_key=f"assessment:{participant.pk}:{moment}",
            recipient=participant.user,
            context={"cohort": participant.cohort, "moment": moment, "kind": "assessment"},
            link=reverse("trainingen:self_assessment", args=[participant.cohort_id, moment]),
        )
    )


def attendance_register(*, seat: Seat, attendance: str, actor: User) -> Seat:
    """Present, absent or excused, as the trainer sees at the door. Present people are asked
    for their feedback on the session."""
    require(can_manage_cohorts(Roles(actor)))
    if attendance not in Seat.Attendance.values:
        raise ValidationError(_("Unknown attendance."), code="attendance")
    session = seat.session
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    if not session.attendance_is_open():
        raise ValidationError(
            _("Attendance can be registered from %(moment)s, an hour before the start.")
            % {"moment": _local(session.attendance_opens_at)},
            code="too_early",
        )
    seat.attendance = attendance
    seat.attendance_by = actor
    seat.save(update_fields=["attendance", "attendance_by"])
    if attendance == Seat.Attendance.PRESENT:
        _tell(
            seat,
            "training_evaluation",
            key=f"feedback:{seat.pk}",
            kind="feedback",
            url=reverse("trainingen:feedback", args=[seat.session_id]),
        )
    return seat


def cohort_complete(*, cohort: Cohort, actor: User) -> list[Participant]:
    """Mark who completed the programme once every session has taken place. Team members'
    onboarding gets "training completed" (which the roster checks); everyone is asked for the
    self-assessment after the last session."""
    require(can_manage_cohorts(Roles(actor)))
    sessions = list(cohort.sessions.all())
    if cohort.completed_at is not None:
        raise ValidationError(_("This cohort has already been completed."), code="completed")
    if not cohort.can_complete(sessions):
        raise ValidationError(
            _("A cohort can be completed after its last session."), code="not_finished"
        )
    last_end = cohort.last_session_end(sessions)
    assert last_end is not None
    last_day = timezone.localtime(last_end).date()
    done = []
    with transaction.atomic():
        for line in completion_preview(cohort, sessions):
            participant = line.participant
            _ask_for_assessment(participant, SelfAssessment.Moment.POST)
            if participant.completed_on or not line.completes:
                continue
            participant.completed_on = last_day
            participant.save(update_fields=["completed_on"])
            done.append(participant)
            memberships = (
                Membership.objects.current()
                .filter(user=participant.user, team__neighbourhoods__in=cohort.neighbourhoods.all())
                .select_related("team")
                .distinct()
            )
            for membership in memberships:
                if membership.training_completed_on is None:
                    membership_training_completed(membership=membership, actor=actor, on=last_day)
        cohort.completed_at = timezone.now()
        cohort.save(update_fields=["completed_at"])
    return done


def assessment_submit(
    *, participant: Participant, moment: str, scores: dict[int, int]
) -> SelfAssessment:
    """One self-assessment per moment; every active statement gets a score of 1 to 5."""
    items = list(EvaluationItem.objects.filter(is_active=True))
    if {item.pk for item in items} != set(scores) or not all(1 <= v <= 5 for v in scores.values()):
        raise ValidationError(_("Give every statement a score from 1 to 5."), code="scores")
    with transaction.atomic():
        if SelfAssessment.objects.filter(participant=participant, moment=moment).exists():
            raise ValidationError(_("You have already filled in this one."), code="done")
        assessment = SelfAssessment.objects.create(
            cohort_id=participant.cohort_id, participant=participant, moment=moment
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, item_id=item_id, score=score)
            for item_id, score in scores.items()
        )
    return assessment


def feedback_submit(*, seat: Seat, score: int, comment: str) -> SessionFeedback:
    if seat.attendance != Seat.Attendance.PRESENT:
        raise ValidationError(_("Only people who were there give feedback."), code="absent")
    feedback, _created = SessionFeedback.objects.update_or_create(
        seat=seat,
        defaults={"session_id": seat.session_id, "score": score, "comment": comment.strip()},
    )
    return feedback


def training_reminders(*, now: datetime.datetime) -> int:
    """Reminders 7 days and 1 day before each session, and the follow-up self-assessment
    three months after a cohort's last session. Each goes once."""
    sent = 0
    for days in (7, 1):
        window_end = now + datetime.timedelta(days=days)
        seats = (
            Seat.objects.filter(
                status__in=Seat.HOLDING,
                session__status=CohortSession.Status.PLANNED,
                session__starts_at__gt=now,
                session__starts_at__lte=window_end,
            )
            .filter(
                Q(session__starts_at__gt=window_end - datetime.timedelta(days=1))
                if days == 7
                else Q()
            )
            .select_related("participant__user", "session__cohort__programme", "session__template")
        )
        for seat in seats:
            sent += _tell(
                seat,
                "training_reminder",
                key=f"{days}:{seat.pk}:{seat.session.sequence}",
                days=days,
            )
    finished = Cohort.objects.filter(completed_at__lte=now - FOLLOW_UP_AFTER)
    for participant in Participant.objects.filter(cohort__in=finished).select_related("cohort"):
        sent += _ask_for_assessment(participant, SelfAssessment.Moment.FOLLOW_UP)
    return sent
