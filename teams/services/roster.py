"""Writes for the roster and patrol logs. Each function is one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.services import notify_many

from ..models import (
    CalendarFeed,
    Membership,
    Observation,
    PatrolLog,
    PatrolLogEvent,
    Shift,
    ShiftEvent,
    ShiftSignup,
    Team,
    User,
)
from ..models.roster import MAX_SHIFT_HOURS, MIN_PEOPLE, OBSERVATION_CATEGORIES
from ..permissions import can_edit_log, can_file_log, can_manage_team, require
from ..roles import Roles
from ..selectors import team_coordinators

SHIFT_FIELDS = ("starts_at", "ends_at", "meeting_point", "focus_points", "min_people", "max_people")
# Changes participants must hear about; a corrected typo in the focus points is not one.
FIELDS_PARTICIPANTS_HEAR_ABOUT = ("starts_at", "ends_at", "meeting_point")
MAX_PATROL_HOURS = 12
# A change or cancellation this close to the start also goes by push.
PUSH_SHIFT_WITHIN = datetime.timedelta(hours=24)
# Too few people: a warning two days before (e-mail), and again on the day, six hours
# before (push): early enough to find someone, late enough that it is still true.
UNDERSTAFFED_WARNINGS = (
    ("shift_understaffed", datetime.timedelta(hours=48)),
    ("shift_understaffed_today", datetime.timedelta(hours=6)),
)


def validate_shift_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    if ends_at - starts_at > datetime.timedelta(hours=MAX_SHIFT_HOURS):
        raise ValidationError(
            _("A shift lasts at most %(hours)s hours.") % {"hours": MAX_SHIFT_HOURS},
            code="too_long",
        )


def _validate_staffing(min_people: int, max_people: int) -> None:
    if min_people < MIN_PEOPLE:
        raise ValidationError(_("A patrol needs at least two people."), code="min_people")
    if max_people < min_people:
        raise ValidationError(
            _("The maximum cannot be lower than the minimum."), code="max_below_min"
        )


def shift_create(
    *,
    actor: User,
    team: Team,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    meeting_point: str,
    focus_points: str = "",
    min_people: int = MIN_PEOPLE,
    max_people: int = 4,
) -> Shift:
    """Publish one shift (the team's coordinators and the administrators do); the team hears
    about it."""
    require(can_manage_team(Roles(actor), team))
    with transaction.atomic():
        shift = _shift_insert(
            actor=actor,
            team=team,
            starts_at=starts_at,
            ends_at=ends_at,
            meeting_point=meeting_point,
            focus_points=focus_points,
            min_people=min_people,
            max_people=max_people,
        )
        _announce_shifts(team, [shift])
    return shift


def _shift_insert(*, actor: User, team: Team, **fields: Any) -> Shift:
    validate_shift_times(fields["starts_at"], fields["ends_at"])
    _validate_staffing(fields["min_people"], fields["max_people"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                shift = Shift.objects.create(
                    team=team,
                    starts_at=fields["starts_at"],
                    ends_at=fields["ends_at"],
                    meeting_point=fields["meeting_point"].strip(),
                    focus_points=fields["focus_points"].strip(),
                    min_people=fields["min_people"],
                    max_people=fields["max_people"],
                    created_by=actor,
                )
        except IntegrityError:
            raise ValidationError(
                _("This team already has a shift at that time and meeting point."),
                code="duplicate",
            ) from None
        ShiftEvent.objects.create(shift=shift, actor=actor, kind=ShiftEvent.Kind.CREATED)
    return shift


@dataclass(frozen=True)
class PatternPlanned:
    created: list[Shift]
    existing: int  # weeks whose shift was on the roster already
    first_day: datetime.date | None  # of the first week still to come


def shift_pattern_create(
    *,
    actor: User,
    team: Team,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    first_date: datetime.date,
    weeks: int,
    meeting_point: str,
    focus_points: str = "",
    min_people: int = MIN_PEOPLE,
    max_people: int = 4,
) -> PatternPlanned:
    """Plan the same round every week (weekday 0 is Monday) for the coming `weeks` weeks.

    Shifts that already exist at the same time and meeting point are left alone, so running
    a pattern twice plans nothing twice; they are counted, so the coordinator hears why
    nothing new came. The team hears once about all new shifts.
    """
    require(can_manage_team(Roles(actor), team))
    day = first_date + datetime.timedelta(days=(weekday - first_date.weekday()) % 7)
    details = {
        "meeting_point": meeting_point,
        "focus_points": focus_points,
        "min_people": min_people,
        "max_people": max_people,
    }
    created, existing, first_day = [], 0, None
    with transaction.atomic():
        for week in range(weeks):
            starts_at, ends_at = shift_times(
                day + datetime.timedelta(weeks=week), start_time, end_time
            )
            if starts_at <= timezone.now():
                continue
            first_day = first_day or timezone.localdate(starts_at)
            exists = Shift.objects.planned().filter(
                team=team, starts_at=starts_at, meeting_point=meeting_point.strip()
            )
            if exists.exists():
                existing += 1
                continue
            created.append(
                _shift_insert(
                    actor=actor, team=team, starts_at=starts_at, ends_at=ends_at, **details
                )
            )
        if created:
            _announce_shifts(team, created)
    return PatternPlanned(created=created, existing=existing, first_day=first_day)


def shift_times(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end on a day; an end time before the start time is after midnight."""
    tz = timezone.get_current_timezone()
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start), tz)
    end_day = day + datetime.timedelta(days=1) if end <= start else day
    ends_at = timezone.make_aware(datetime.datetime.combine(end_day, end), tz)
    return starts_at, ends_at


def _announce_shifts(team: Team, shifts: list[Shift]) -> None:
    members = User.objects.filter(
        memberships__team=team,
        memberships__status__in=Membership.CURRENT_STATUSES,
        is_active=True,
    ).distinct()
    notify_many(
        event="shifts_published",
        recipients=members,
        dedup_key=f"shifts-published:{shifts[0].pk}-{shifts[-1].pk}",
        context={"team": team, "shifts": shifts},
        link=f"/rooster/{team.pk}/",
    )


def shift_update(*, actor: User, shift: Shift, data: dict[str, Any]) -> Shift:
    """Change a shift; people signed up hear when its time or meeting point changes."""
    require(can_manage_team(Roles(actor), shift.team))
    changes = {
        name: [_json(getattr(shift, name)), _json(value)]
        for name, value in data.items()
        if name in SHIFT_FIELDS and getattr(shift, name) != value
    }
    if not changes:
        return shift
    if shift.is_cancelled:
        raise ValidationError(_("A cancelled shift cannot be changed."), code="cancelled")
    was_starting_at = shift.starts_at
    for name in changes:
        setattr(shift, name, data[name])
    validate_shift_times(shift.starts_at, shift.ends_at)
    _validate_staffing(shift.min_people, shift.max_people)
    with transaction.atomic():
        try:
            with transaction.atomic():
                shift.save()
        except IntegrityError:
            raise ValidationError(
                _("This team already has a shift at that time and meeting point."),
                code="duplicate",
            ) from None
        event = ShiftEvent.objects.create(
            shift=shift, actor=actor, kind=ShiftEvent.Kind.CHANGED, changes=changes
        )
        if any(name in changes for name in FIELDS_PARTICIPANTS_HEAR_ABOUT):
            _tell_participants(
                shift, event, "shift_changed", exclude=actor, was_starting_at=was_starting_at
            )
    return shift


def shift_cancel(*, actor: User, shift: Shift, reason: str) -> Shift:
    """Cancel a shift; everyone signed up is told, with the reason."""
    require(can_manage_team(Roles(actor), shift.team))
    if shift.is_cancelled:
        return shift
    with transaction.atomic():
        shift.status = Shift.Status.CANCELLED
        shift.cancel_reason = reason.strip()
        shift.save(update_fields=["status", "cancel_reason", "updated_at"])
        event = ShiftEvent.objects.create(
            shift=shift, actor=actor, kind=ShiftEvent.Kind.CANCELLED, changes={"reason": reason}
        )
        _tell_participants(shift, event, "shift_cancelled", exclude=actor)
    return shift


def _tell_participants(
    shift: Shift,
    event: ShiftEvent,
    kind: str,
    *,
    exclude: User,
    was_starting_at: datetime.datetime | None = None,
) -> None:
    """Everyone signed up hears; by push too when the shift starts (or was to start)
    within PUSH_SHIFT_WITHIN: news that cannot wait for the e-mail to be read."""
    signups = shift.signups.filter(status=ShiftSignup.Status.CONFIRMED).select_related(
        "membership__user"
    )
    now = timezone.now()
    starts = [shift.starts_at, was_starting_at or shift.starts_at]
    notify_many(
        event=kind,
        recipients=[s.membership.user for s in signups if s.membership.user != exclude],
        dedup_key=f"{kind}:{event.pk}",
        context={"shift": shift, "changes": event.changes},
        link=shift.get_absolute_url(),
        push=any(now < start <= now + PUSH_SHIFT_WITHIN for start in starts),
    )


def shift_sign_up(*, shift: Shift, membership: Membership) -> ShiftSignup:
    """Take a place in a shift.

    Only a member who is ready may sign up (active, code of conduct, VOG and training where
    the team requires them), only before the cut-off, and only while there is room. The shift
    row is locked while places are counted, so two people cannot both take the last place.
    Signing up twice keeps one place.
    """
    if membership.team_id != shift.team_id:
        raise ValidationError(_("This shift belongs to another team."), code="other_team")
    missing = membership.missing()
    if missing:
        raise ValidationError(
            _("You cannot sign up yet. Still needed: %(missing)s.")
            % {"missing": ", ".join(str(item.label) for item in missing)},
            code="not_ready",
        )
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        _check_open(locked)
        signup = ShiftSignup.objects.filter(shift=locked, membership=membership).first()
        if signup is not None and signup.status == ShiftSignup.Status.CONFIRMED:
            return signup
        confirmed = locked.signups.filter(status=ShiftSignup.Status.CONFIRMED).count()
        if confirmed >= locked.max_people:
            raise ValidationError(
                _("This shift is full: all %(count)s places are taken.")
                % {"count": locked.max_people},
                code="full",
            )
        if signup is None:
            signup = ShiftSignup.objects.create(shift=locked, membership=membership)
        else:
            signup.status = ShiftSignup.Status.CONFIRMED
            signup.save(update_fields=["status", "updated_at"])
        ShiftEvent.objects.create(
            shift=locked, actor=membership.user, kind=ShiftEvent.Kind.SIGNED_UP
        )
    return signup


def shift_withdraw(*, shift: Shift, membership: Membership) -> None:
    """Give up a place, until the cut-off before the start."""
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        _check_open(locked)
        updated = ShiftSignup.objects.filter(
            shift=locked, membership=membership, status=ShiftSignup.Status.CONFIRMED
        ).update(status=ShiftSignup.Status.WITHDRAWN, updated_at=timezone.now())
        if updated:
            ShiftEvent.objects.create(
                shift=locked, actor=membership.user, kind=ShiftEvent.Kind.WITHDREW
            )


def _check_open(shift: Shift) -> None:
    if shift.is_cancelled:
        raise ValidationError(_("This shift has been cancelled."), code="cancelled")
    if not shift.is_open_for_signup():
        closes = formats.date_format(timezone.localtime(shift.signup_closes_at()), "j F H:i")
        raise ValidationError(
            _("Signing up and withdrawing closed at %(time)s. Contact your coordinator.")
            % {"time": closes},
            code="closed",
        )


@dataclass(frozen=True)
class PatrolReport:
    """What a participant fills in after the round."""

    started_at: datetime.datetime
    ended_at: datetime.datetime
    present: list[Membership]
    area: str
    called_112: bool
    called_police_line: bool
    notes: str
    counts: dict[str, int]


def _validate_report(shift: Shift, report: PatrolReport, log: PatrolLog | None = None) -> None:
    now = timezone.now()
    if shift.is_cancelled:
        raise ValidationError(_("A cancelled shift has no patrol log."), code="cancelled")
    if not shift.has_started(now):
        raise ValidationError(
            _("This shift has not started yet: file the log after the round."), code="future"
        )
    if report.ended_at <= report.started_at:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    start, end = timezone.localtime(report.started_at), timezone.localtime(report.ended_at)
    too_long = report.ended_at - report.started_at > datetime.timedelta(hours=MAX_PATROL_HOURS)
    if end.time() < start.time() and (too_long or report.ended_at > now):
        # An end before the start reads as the next day; more likely one of them is mistyped.
        raise ValidationError(
            _("The end (%(end)s) is before the start (%(start)s). Check both times.")
            % {"end": f"{end:%H:%M}", "start": f"{start:%H:%M}"},
            code="end_before_start",
        )
    if report.ended_at > now + datetime.timedelta(minutes=5):
        raise ValidationError(_("The end lies in the future."), code="future_end")
    if report.ended_at - report.started_at > datetime.timedelta(hours=MAX_PATROL_HOURS):
        raise ValidationError(
            _("A round lasts at most %(hours)s hours.") % {"hours": MAX_PATROL_HOURS},
            code="too_long",
        )
    present = {m.pk for m in report.present}
    if len(present) < MIN_PEOPLE:
        raise ValidationError(
            _("A round is walked by at least two people: tick who was there."), code="alone"
        )
    if any(m.team_id != shift.team_id for m in report.present):
        raise ValidationError(_("Only members of the team can be present."), code="other_team")
    # Whoever the log names already stays, even if they stopped since; a new name must have
    # been ready to patrol on the day of the round.
    named = set(log.present.values_list("pk", flat=True)) if log else set()
    day = timezone.localdate(shift.starts_at)
    not_ready = [m for m in report.present if m.pk not in named and not m.is_ready(day)]
    if not_ready:
        raise ValidationError(
            _("Only members who may patrol can be present. Not yet: %(names)s.")
            % {"names": ", ".join(m.user.get_full_name() for m in not_ready)},
            code="not_ready",
        )
    bad = [kind for kind, count in report.counts.items() if kind not in Observation.Kind.values]
    if bad or any(count < 0 for count in report.counts.values()):
        raise ValidationError(_("The observation counts are not valid."), code="counts")


def patrol_log_create(*, actor: User, shift: Shift, report: PatrolReport) -> PatrolLog:
    """File the patrol log of a shift: once per shift, only after it started, by someone who
    walked it or a coordinator."""
    require(can_file_log(Roles(actor), shift))
    _validate_report(shift, report)
    with transaction.atomic():
        Shift.objects.select_for_update().get(pk=shift.pk)
        if PatrolLog.objects.filter(shift=shift).exists():
            raise ValidationError(
                _("The log of this shift has already been filed."), code="already_filed"
            )
        log = PatrolLog.objects.create(
            shift=shift,
            filed_by=actor,
            started_at=report.started_at,
            ended_at=report.ended_at,
            area=report.area.strip(),
            called_112=report.called_112,
            called_police_line=report.called_police_line,
            notes=report.notes.strip(),
        )
        log.present.add(*report.present)
        Observation.objects.bulk_create(
            Observation(log=log, kind=kind, count=count)
            for kind, count in report.counts.items()
            if count > 0
        )
        PatrolLogEvent.objects.create(
            log=log, actor=actor, kind=PatrolLogEvent.Kind.FILED, changes=_snapshot(log, report)
        )
    return log


def patrol_log_update(*, actor: User, log: PatrolLog, report: PatrolReport) -> PatrolLog:
    """Correct a filed log, for 7 days after filing; every change is recorded."""
    require(can_edit_log(Roles(actor), log))
    if log.is_locked():
        raise ValidationError(
            _("This log is locked: it was filed more than %(days)s days ago.")
            % {"days": (log.locks_at() - log.created_at).days},
            code="locked",
        )
    _validate_report(log.shift, report, log)
    with transaction.atomic():
        before = _snapshot(log)
        log.started_at = report.started_at
        log.ended_at = report.ended_at
        log.area = report.area.strip()
        log.called_112 = report.called_112
        log.called_police_line = report.called_police_line
        log.notes = report.notes.strip()
        log.save()
        log.present.set(report.present)
        log.observations.all().delete()
        Observation.objects.bulk_create(
            Observation(log=log, kind=kind, count=count)
            for kind, count in report.counts.items()
            if count > 0
        )
        after = _snapshot(log, report)
        changes = {
            name: [before.get(name), value]
            for name, value in after.items()
            if before.get(name) != value
        }
        if changes:
            PatrolLogEvent.objects.create(
                log=log, actor=actor, kind=PatrolLogEvent.Kind.CHANGED, changes=changes
            )
    return log


def _snapshot(log: PatrolLog, report: PatrolReport | None = None) -> dict[str, Any]:
    """The log as its event history stores it; with `report`, as that report just wrote it
    (present and counts taken from the report rather than read back)."""
    present: Iterable[Membership]
    if report is None:
        present = log.present.all()
        counts = {o.kind: o.count for o in log.observations.all()}
    else:
        present = report.present
        counts = {kind: count for kind, count in sorted(report.counts.items()) if count > 0}
    return {
        "started_at": log.started_at.isoformat(),
        "ended_at": log.ended_at.isoformat(),
        "present": sorted(m.pk for m in present),
        "area": log.area,
        "called_112": log.called_112,
        "called_police_line": log.called_police_line,
        "notes": log.notes,
        "counts": counts,
    }


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret address for the personal calendar; the old one stops working."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    if not _created:
        feed.token = CalendarFeed._meta.get_field("token").get_default()
        feed.save(update_fields=["token", "created_at"])
    return feed


def roster_reminders(*, now: datetime.datetime) -> int:
    """Remind people 24 hours before their shift, and warn 48 and 6 hours before a shift
    that still has too few people (UNDERSTAFFED_WARNINGS). Each message goes once
    (deduplication key per shift)."""
    sent = 0
    soon = (
        Shift.objects.planned()
        .filter(starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=24))
        .select_related("team")
    )
    for shift in soon:
        signups = shift.signups.filter(status=ShiftSignup.Status.CONFIRMED)
        sent += notify_many(
            event="shift_reminder",
            recipients=[
                signup.membership.user for signup in signups.select_related("membership__user")
            ],
            dedup_key=f"shift-reminder:{shift.pk}",
            context={"shift": shift},
            link=shift.get_absolute_url(),
        )
    for event, ahead in UNDERSTAFFED_WARNINGS:
        short = (
            Shift.objects.understaffed()
            .filter(status=Shift.Status.PLANNED, starts_at__gt=now, starts_at__lte=now + ahead)
            .select_related("team")
        )
        for shift in short:
            sent += notify_many(
                event=event,
                recipients=_understaffed_audience(shift),
                dedup_key=f"{event.replace('_', '-')}:{shift.pk}",
                context={"shift": shift, "confirmed": shift.confirmed_count},
                link=shift.get_absolute_url(),
            )
    return sent


def _understaffed_audience(shift: Shift) -> Iterable[User]:
    """The coordinators, and the ready members who have not signed up yet."""
    signed_up = set(
        shift.signups.filter(status=ShiftSignup.Status.CONFIRMED).values_list(
            "membership__user_id", flat=True
        )
    )
    people = {user.pk: user for user in team_coordinators(shift.team)}
    members = Membership.objects.current().filter(team=shift.team).select_related("user", "team")
    for membership in members:
        if membership.user_id not in signed_up and membership.is_ready():
            people.setdefault(membership.user_id, membership.user)
    return people.values()


def _json(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value


@dataclass(frozen=True)
class SignalDraft:
    """What a signal report is pre-filled with when it starts from a patrol observation."""

    category_code: str
    area: str  # the round's area: shown as a hint, not the street
    observed_at: datetime.datetime
    team_id: int


def observation_signal_draft(observation: Observation) -> SignalDraft | None:
    """The hand-off from a patrol log to a signal report: the one place that knows how an
    observation becomes a pre-filled signal (the signals app will call this)."""
    category = OBSERVATION_CATEGORIES.get(observation.kind)
    if category is None:
        return None
    log = observation.log
    return SignalDraft(
        category_code=category,
        area=log.area,
        observed_at=log.started_at,
        team_id=log.shift.team_id,
    )
