"""Reads for the training programme."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.models import Membership, PartnerMembership, PartnerOrganisation, Region, Team
from teams.roles import Roles

from .models import (
    Answer,
    Cohort,
    CohortSession,
    EvaluationItem,
    Participant,
    Seat,
    SelfAssessment,
    SessionFeedback,
)

# Answers are shown in aggregate only from this many people on, so nobody can be singled out.
MIN_GROUP = 5


def cohort_sessions(cohort: Cohort, participant: Participant | None = None) -> list[CohortSession]:
    """The sessions with how many hold a place, wait, and were present, and with the
    reader's own seat when they take part (one query, two with the seat)."""
    sessions: list[CohortSession] = list(
        cohort.sessions.select_related("template")
        .annotate(
            holding=Count("seats", filter=Q(seats__status__in=Seat.HOLDING)),
            accepted=Count("seats", filter=Q(seats__status=Seat.Status.ACCEPTED)),
            waiting=Count("seats", filter=Q(seats__status=Seat.Status.WAITLISTED)),
            present=Count("seats", filter=Q(seats__attendance=Seat.Attendance.PRESENT)),
        )
        .order_by("order")
    )
    seats = {seat.session_id: seat for seat in participant.seats.all()} if participant else {}
    for session in sessions:
        session.my_seat = seats.get(session.pk)
    return sessions


def cohort_participants(cohort: Cohort) -> list[Participant]:
    return list(
        cohort.participants.select_related("user", "team", "organisation").order_by(
            "organisation__type", "user__first_name"
        )
    )


def attendance_list(session: CohortSession) -> list[Seat]:
    return list(
        session.seats.filter(Q(status__in=Seat.HOLDING) | ~Q(attendance=""))
        .select_related("participant__user", "participant__organisation", "participant__team")
        .order_by("participant__user__first_name")
    )


@dataclass
class CompletionLine:
    participant: Participant
    held: int  # sessions of the cohort that were held
    attended: int

    @property
    def completes(self) -> bool:
        """All held sessions attended, or at most the programme's allowed number missed."""
        allowed = self.participant.cohort.programme.allowed_absences
        return self.held > 0 and self.held - self.attended <= allowed


def completion_preview(cohort: Cohort, sessions: list[CohortSession]) -> list[CompletionLine]:
    """Each participant with how many of the held sessions they attended (two queries)."""
    held = {s.pk for s in sessions if not s.is_cancelled}
    present = Counter(
        Seat.objects.filter(session__in=held, attendance=Seat.Attendance.PRESENT).values_list(
            "participant_id", flat=True
        )
    )
    participants = cohort.participants.select_related(
        "user", "team", "organisation", "cohort__programme"
    ).order_by("user__first_name", "user__last_name")
    return [CompletionLine(p, len(held), present[p.pk]) for p in participants]


@dataclass
class Invitable:
    teams: list[Team]
    partners: list[PartnerMembership]


def invitable(cohort: Cohort) -> Invitable:
    """Teams serving the cohort's neighbourhoods, and the partner users of organisations
    serving them."""
    neighbourhoods = cohort.neighbourhoods.all()
    teams = list(
        Team.objects.filter(is_active=True, neighbourhoods__in=neighbourhoods)
        .annotate(
            current=Count(
                "memberships",
                filter=Q(memberships__status__in=Membership.CURRENT_STATUSES),
                distinct=True,
            )
        )
        .distinct()
        .order_by("name")
    )
    partners = list(
        PartnerMembership.objects.current()
        .filter(organisation__neighbourhoods__in=neighbourhoods)
        .exclude(user__training_participations__cohort=cohort)
        .select_related("user", "organisation")
        .distinct()
        .order_by("organisation__name", "user__first_name")
    )
    return Invitable(teams, partners)


@dataclass
class DomainScore:
    domain: str
    label: str
    by_moment: dict[str, float | None] = field(default_factory=dict)


@dataclass
class CohortReport:
    respondents: dict[str, int]
    domains: list[DomainScore]
    sessions: list[CohortSession]
    attendance_by_group: list[tuple[str, dict[str, int]]]
    feedback: list[dict]


def cohort_report(cohort: Cohort) -> CohortReport:
    """Pre, post and follow-up per domain, attendance per session and per kind of
    participant, and session marks. A figure needs at least five people behind it."""
    respondents = dict(
        SelfAssessment.objects.filter(cohort=cohort)
        .values_list("moment")
        .annotate(n=Count("pk"))
        .values_list("moment", "n")
    )
    means = {
        (row["item__domain"], row["assessment__moment"]): row["mean"]
        for row in Answer.objects.filter(assessment__cohort=cohort)
        .values("item__domain", "assessment__moment")
        .annotate(mean=Avg("score"))
    }
    domains = [
        DomainScore(
            domain,
            str(label),
            {
                moment: round(means[(domain, moment)], 1)
                if respondents.get(moment, 0) >= MIN_GROUP and (domain, moment) in means
                else None
                for moment in SelfAssessment.Moment.values
            },
        )
        for domain, label in EvaluationItem.Domain.choices
    ]
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    types = dict(PartnerOrganisation.Type.choices)
    for row in (
        Seat.objects.filter(session__cohort=cohort)
        .values("participant__organisation__type", "attendance")
        .annotate(n=Count("pk"))
    ):
        kind = row["participant__organisation__type"]
        name = str(types[kind]) if kind else str(_("neighbourhood watch"))
        groups[name][row["attendance"] or "unknown"] += row["n"]
    sessions = cohort_sessions(cohort)
    by_session = defaultdict(list)
    for rating in SessionFeedback.objects.filter(session__cohort=cohort).values(
        "session_id", "score", "comment"
    ):
        by_session[rating["session_id"]].append(rating)
    feedback = []
    for session in sessions:
        rows = by_session[session.pk]
        enough = len(rows) >= MIN_GROUP
        feedback.append(
            {
                "session": session,
                "count": len(rows),
                "mean": round(sum(r["score"] for r in rows) / len(rows), 1) if enough else None,
                "comments": [r["comment"] for r in rows if r["comment"]] if enough else [],
            }
        )
    return CohortReport(
        respondents=respondents,
        domains=domains,
        sessions=sessions,
        attendance_by_group=sorted((name, dict(counts)) for name, counts in groups.items()),
        feedback=feedback,
    )


@dataclass
class TrainingOverview:
    """What 'Mijn buurt' shows about training: my next sessions, and for coordinators the
    next sessions they run."""

    my_seats: list[Seat]
    running: list[CohortSession]


def home_overview(roles: Roles) -> TrainingOverview:
    now = timezone.now()
    user = roles.active_user
    my_seats = (
        list(
            Seat.objects.filter(
                participant__user=user,
                status__in=(*Seat.HOLDING, Seat.Status.WAITLISTED),
                session__status=CohortSession.Status.PLANNED,
                session__ends_at__gt=now,
            )
            .select_related("session__template", "session__cohort")
            .order_by("session__starts_at")[:3]
        )
        if user is not None
        else []
    )
    running = (
        list(
            CohortSession.objects.filter(status=CohortSession.Status.PLANNED, ends_at__gt=now)
            .select_related("template", "cohort")
            .order_by("starts_at")[:5]
        )
        if roles.is_training_coordinator
        else []
    )
    return TrainingOverview(my_seats, running)


def cohort_organisations(cohort: Cohort) -> list[str]:
    """Who issues the cohort's certificates: the partner organisations that took part in it
    and the region (2 queries)."""
    names = (
        Participant.objects.filter(cohort=cohort, organisation__isnull=False)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
        .distinct()
    )
    return [*names, *Region.objects.order_by("pk").values_list("name", flat=True)[:1]]
