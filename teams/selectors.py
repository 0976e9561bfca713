"""Reads about teams and people, always scoped by the user who reads."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias, TypedDict, cast

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from notifications import versions
from notifications.models import Notification

from . import invitation_list
from .invitation_list import Line
from .models import (
    Invitation,
    JoinRequest,
    Membership,
    Neighbourhood,
    Observation,
    OpenEvening,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    Shift,
    ShiftSignup,
    Team,
    User,
)
from .roles import Roles


class MemberCounts(TypedDict):
    active_count: int
    aspirant_count: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    TeamWithCounts: TypeAlias = WithAnnotations[Team, MemberCounts]


def team_coordinators(team: Team, *, exclude: User | None = None) -> list[User]:
    coordinators = User.objects.filter(
        memberships__team=team,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status__in=Membership.CURRENT_STATUSES,
        is_active=True,
    )
    if exclude is not None:
        coordinators = coordinators.exclude(pk=exclude.pk)
    return list(coordinators)


def team_members(team: Team) -> list[Membership]:
    return list(
        team.memberships.select_related("user", "team").order_by(
            "status", "role", "user__first_name"
        )
    )


def team_pending_invitations(team: Team) -> list[Invitation]:
    return list(team.invitations.pending().select_related("invited_by"))


def organisation_members(organisation: PartnerOrganisation) -> list[PartnerMembership]:
    return list(
        organisation.partner_memberships.current()
        .select_related("user")
        .order_by("user__first_name")
    )


def organisation_pending_invitations(organisation: PartnerOrganisation) -> list[Invitation]:
    return list(organisation.invitations.pending().select_related("invited_by"))


def teams_with_counts(
    team_ids: list[int] | None = None, *, with_neighbourhoods: bool = True
) -> QuerySet[TeamWithCounts]:
    """Teams with member counts per status, for overviews (one query, two with areas)."""
    qs = Team.objects.filter(is_active=True).annotate(
        active_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)),
        aspirant_count=Count(
            "memberships", filter=Q(memberships__status=Membership.Status.ASPIRANT)
        ),
    )
    if team_ids is not None:
        qs = qs.filter(pk__in=team_ids)
    if with_neighbourhoods:
        qs = qs.prefetch_related(
            Prefetch("neighbourhoods", queryset=_neighbourhoods_with_municipality())
        )
    # django-stubs drops annotations when a model's own QuerySet class (TeamQuerySet) yields
    # the rows; the counts above are there all the same.
    return cast("QuerySet[TeamWithCounts]", qs)


def organisations_overview(*, with_neighbourhoods: bool = True):
    qs = PartnerOrganisation.objects.filter(is_active=True).annotate(
        user_count=Count("partner_memberships", filter=Q(partner_memberships__is_active=True))
    )
    if with_neighbourhoods:
        qs = qs.prefetch_related(
            Prefetch("neighbourhoods", queryset=_neighbourhoods_with_municipality())
        )
    return qs


def _neighbourhoods_with_municipality() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.select_related("municipality")


@dataclass
class MembershipCard:
    membership: Membership
    items: list
    ready: bool


@dataclass
class HomeOverview:
    """What 'Mijn buurt' shows: each role's part, empty where the user lacks that role."""

    memberships: list[MembershipCard]
    coordinated_teams: list[TeamWithCounts]
    organisations: list[PartnerOrganisation]
    next_shifts: list[Shift] = field(default_factory=list)
    logs_to_file: list[Shift] = field(default_factory=list)
    region: dict[str, int] | None = None

    @property
    def has_role(self) -> bool:
        return bool(self.memberships or self.organisations or self.region)


def home_overview(roles: Roles) -> HomeOverview:
    cards = []
    for membership in roles.memberships:
        items = membership.readiness()
        cards.append(MembershipCard(membership, items, all(item.met for item in items)))
    coordinated_ids = [team.pk for team in roles.coordinated_teams]
    membership_ids = [m.pk for m in roles.memberships]
    overview = HomeOverview(
        memberships=cards,
        next_shifts=my_next_shifts(roles.memberships) if membership_ids else [],
        logs_to_file=shifts_awaiting_log(roles.memberships) if membership_ids else [],
        coordinated_teams=list(teams_with_counts(coordinated_ids)) if coordinated_ids else [],
        organisations=list(
            organisations_overview().filter(pk__in=[o.pk for o in roles.organisations])
        )
        if roles.organisations
        else [],
    )
    if roles.is_admin:
        overview.region = region_figures()
    return overview


def region_figures() -> dict[str, int]:
    """The region in four figures (three queries): the lists are on the region's own page,
    so the administrator's home does not grow with the region."""
    current = Q(memberships__status__in=Membership.CURRENT_STATUSES)
    return {
        **Team.objects.filter(is_active=True).aggregate(
            teams=Count("pk", distinct=True), members=Count("memberships", filter=current)
        ),
        "organisations": PartnerOrganisation.objects.filter(is_active=True).count(),
        "invitations": Invitation.objects.pending().count(),
    }


# --- Roster and patrol logs --------------------------------------------------------------------


def roster_shifts(
    team_ids: list[int],
    start: datetime.datetime,
    end: datetime.datetime,
    my_membership_ids: list[int],
) -> list[Shift]:
    """Shifts starting in [start, end) with their staffing and whether I signed up (1 query)."""
    return list(
        Shift.objects.filter(team_id__in=team_ids, starts_at__gte=start, starts_at__lt=end)
        .with_staffing()
        .annotate(mine=_signed_up(my_membership_ids))
        .select_related("team")
        .order_by("starts_at", "pk")
    )


def roster_month(team: Team, start: datetime.datetime, end: datetime.datetime) -> list[Shift]:
    """The team's shifts starting in [start, end) with who signed up (`confirmed`) and the
    places still free (`free`), for paper (2 queries)."""
    signed_up = (
        ShiftSignup.objects.filter(status=ShiftSignup.Status.CONFIRMED)
        .select_related("membership__user")
        .order_by("created_at")
    )
    shifts = list(
        Shift.objects.filter(team=team, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(Prefetch("signups", queryset=signed_up, to_attr="confirmed"))
        .order_by("starts_at", "pk")
    )
    for shift in shifts:
        shift.free = max(0, shift.max_people - len(shift.confirmed))  # type: ignore[attr-defined]
    return shifts


def teams_in_area(organisation: PartnerOrganisation) -> list[Team]:
    """The active teams of the neighbourhoods the organisation works in."""
    return list(
        Team.objects.filter(is_active=True, neighbourhoods__partner_organisations=organisation)
        .distinct()
        .order_by("name")
    )


def shifts_of_the_coming_day(team: Team) -> list[Shift]:
    """The team's planned shifts under way or starting in the next 24 hours."""
    now = timezone.now()
    return list(
        Shift.objects.planned()
        .filter(team=team, ends_at__gt=now, starts_at__lt=now + datetime.timedelta(days=1))
        .order_by("starts_at")
    )


def shift_participants(shift: Shift) -> list[ShiftSignup]:
    return list(
        shift.signups.filter(status=ShiftSignup.Status.CONFIRMED)
        .select_related("membership__user")
        .order_by("created_at")
    )


def log_crew_choices(shift: Shift, log: PatrolLog | None = None) -> QuerySet[Membership]:
    """Who can be ticked as present on a shift's log: the team's members who were ready to
    patrol on the day of the shift, and whoever the log already names."""
    day = timezone.localdate(shift.starts_at)
    members = Membership.objects.current().filter(team=shift.team).select_related("team")
    chosen = {m.pk for m in members if m.is_ready(day)}
    if log is not None:
        chosen.update(log.present.values_list("pk", flat=True))
    return (
        Membership.objects.filter(pk__in=chosen)
        .select_related("user", "team")
        .order_by("user__first_name", "user__last_name")
    )


def upcoming_shifts(team: Team, *, limit: int = 10) -> list[Shift]:
    return list(
        Shift.objects.upcoming().filter(team=team).with_staffing().order_by("starts_at")[:limit]
    )


def _signed_up(membership_ids: list[int]) -> Exists:
    return Exists(
        ShiftSignup.objects.filter(
            shift=OuterRef("pk"),
            membership_id__in=membership_ids,
            status=ShiftSignup.Status.CONFIRMED,
        )
    )


def my_next_shifts(memberships: list[Membership], *, limit: int = 3) -> list[Shift]:
    # Exists, not a join on sign-ups: a join would make the staffing count only mine. Only my
    # teams' shifts are looked at (the index on team and start), not the region's.
    return list(
        Shift.objects.upcoming()
        .filter(team_id__in={m.team_id for m in memberships})
        .filter(_signed_up([m.pk for m in memberships]))
        .with_staffing()
        .select_related("team")
        .order_by("starts_at")[:limit]
    )


def shifts_awaiting_log(memberships: list[Membership], *, days: int = 7) -> list[Shift]:
    """Shifts I walked in the last days whose log has not been filed yet."""
    now = timezone.now()
    return list(
        Shift.objects.planned()
        .filter(
            _signed_up([m.pk for m in memberships]),
            team_id__in={m.team_id for m in memberships},
            starts_at__lte=now,
            starts_at__gte=now - datetime.timedelta(days=days),
            log__isnull=True,
        )
        .select_related("team")
        .order_by("-starts_at")
    )


def patrol_logs(team_ids: list[int]):
    """Patrol logs of these teams, newest first, with the numbers a list shows."""
    observed = (
        Observation.objects.filter(log=OuterRef("pk"))
        .values("log")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return (
        PatrolLog.objects.for_teams(team_ids)
        .select_related("shift__team")
        .annotate(
            present_count=Count("present", distinct=True),
            observation_total=Coalesce(Subquery(observed), 0),
        )
        .order_by("-started_at", "-pk")
    )


@dataclass
class MonthStats:
    month: datetime.date
    patrols: int = 0
    volunteer_hours: float = 0.0
    observations: dict[str, int] = field(default_factory=dict)


def month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last `months` months, this one included, oldest first."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return [datetime.date((index + n) // 12, (index + n) % 12 + 1, 1) for n in range(months)]


def month_of(value: datetime.date | datetime.datetime) -> datetime.date:
    """The first day of the month of a date, or of a database TruncMonth value."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def patrols_version(team_id: int) -> str:
    """The version of a team's patrol logs (renewed by `teams.receivers`)."""
    return f"version:patrols:{team_id}"


def team_patrol_stats(team: Team, *, today: datetime.date, months: int = 12) -> list[MonthStats]:
    """Patrols, volunteer hours (duration times people present) and observation totals per month,
    for the last `months` months including this one (2 queries, none while kept)."""
    return versions.cached(
        "team-patrol-stats",
        (team.pk, today, months),
        [patrols_version(team.pk)],
        lambda: _team_patrol_stats(team, today, months),
    )


def _shifts_since(team: Team, since: datetime.datetime) -> dict:
    """A log starts within twelve hours of its shift (the form takes the nearest moment), so
    this shift condition loses nothing, and lets the database use the shifts' (team, start)
    index instead of reading every log of the region."""
    return {"shift__team": team, "shift__starts_at__gte": since - datetime.timedelta(days=1)}


def _logs_since(team: Team, since: datetime.datetime):
    """The team's logs from `since`: (start, end, how many were present)."""
    return (
        PatrolLog.objects.filter(started_at__gte=since, **_shifts_since(team, since))
        .annotate(present_count=Count("present", distinct=True))
        .values_list("started_at", "ended_at", "present_count")
    )


def _volunteer_hours(started_at: datetime.datetime, ended_at: datetime.datetime, present: int):
    """A round's volunteer hours: its duration times the people present."""
    return (ended_at - started_at).total_seconds() / 3600 * present


def _team_patrol_stats(team: Team, today: datetime.date, months: int) -> list[MonthStats]:
    stats = {month: MonthStats(month) for month in month_starts(today, months)}
    since = start_of(next(iter(stats)))
    shifts = _shifts_since(team, since)
    for started_at, ended_at, present in _logs_since(team, since):
        month = month_of(started_at)
        if month in stats:
            stats[month].patrols += 1
            stats[month].volunteer_hours += _volunteer_hours(started_at, ended_at, present)
    totals = (
        Observation.objects.filter(
            log__started_at__gte=since, **{f"log__{key}": value for key, value in shifts.items()}
        )
        .annotate(month=TruncMonth("log__started_at"))
        .values("month", "kind")
        .annotate(total=Sum("count"))
    )
    for row in totals:
        month = month_of(row["month"])
        if month in stats:
            stats[month].observations[row["kind"]] = row["total"]
    return list(stats.values())


def patrol_log_export(team: Team):
    """The rows of the CSV export, with only first names of the people present."""
    return (
        PatrolLog.objects.filter(shift__team=team)
        .select_related("shift")
        .prefetch_related(
            Prefetch("present", queryset=Membership.objects.select_related("user")),
            "observations",
        )
        .order_by("started_at")
    )


def calendar_shifts(user: User) -> list[Shift]:
    """The shifts on a person's calendar: those they signed up for, from a month ago."""
    since = timezone.now() - datetime.timedelta(days=31)
    return list(
        Shift.objects.filter(
            signups__membership__user=user,
            signups__status=ShiftSignup.Status.CONFIRMED,
            starts_at__gte=since,
        )
        .select_related("team")
        .with_revision()
        .order_by("starts_at")
    )


def shift_revision(shift: Shift) -> int:
    """How often the shift was changed or cancelled: its calendar entry's SEQUENCE."""
    return Shift.objects.with_revision().only("pk").get(pk=shift.pk).revision


def invitation_list_read(team: Team, text: str) -> list[Line]:
    """The lines of a list of people to invite to the team, each with its verdict, against
    the team's current members and the invitations that still hold (2 queries)."""
    members = Membership.objects.current().filter(team=team)
    return invitation_list.read(
        text,
        members={email.lower() for email in members.values_list("user__email", flat=True)},
        invited={
            email.lower()
            for email in Invitation.objects.pending()
            .filter(team=team)
            .values_list("email", flat=True)
        },
    )


@dataclass(frozen=True)
class PublicPatrolFigures:
    rounds: int
    volunteer_hours: int


def public_patrol_figures(team: Team, year: int) -> PublicPatrolFigures:
    """The rounds walked and volunteer hours (duration times people present) of a calendar
    year, for the public page; kept until a log of the team changes."""
    return versions.cached(
        "team-public-figures",
        (team.pk, year),
        [patrols_version(team.pk)],
        lambda: _public_patrol_figures(team, year),
    )


def _public_patrol_figures(team: Team, year: int) -> PublicPatrolFigures:
    since = start_of(datetime.date(year, 1, 1))
    until = start_of(datetime.date(year + 1, 1, 1))
    logs = list(_logs_since(team, since).filter(started_at__lt=until))
    hours = sum(_volunteer_hours(*log) for log in logs)
    return PublicPatrolFigures(rounds=len(logs), volunteer_hours=round(hours))


def open_evenings(team: Team) -> list[OpenEvening]:
    """The team's open evenings from today on."""
    today = start_of(timezone.localdate())
    return list(team.open_evenings.filter(starts_at__gte=today))


def pending_join_requests(team: Team) -> list[JoinRequest]:
    return list(team.join_requests.filter(status=JoinRequest.Status.PENDING))


@dataclass(frozen=True)
class InvitationDelivery:
    total: int
    sent: int
    waiting: int
    failed: int

    @property
    def percent(self) -> int:
        return round(100 * self.sent / self.total) if self.total else 100


def invitation_delivery(team: Team, invitation_ids: list[int]) -> InvitationDelivery:
    """How far the e-mails of these invitations (of the team) are: sent, waiting for a
    worker or a retry, failed (one query)."""
    ids = list(team.invitations.filter(pk__in=invitation_ids).values_list("pk", flat=True))
    statuses = Counter(
        Notification.objects.filter(
            dedup_key__in=[f"invitation:{pk}:email" for pk in ids]
        ).values_list("status", flat=True)
    )
    sent = statuses[Notification.Status.SENT]
    failed = statuses[Notification.Status.FAILED]
    return InvitationDelivery(
        total=len(ids), sent=sent, failed=failed, waiting=len(ids) - sent - failed
    )
