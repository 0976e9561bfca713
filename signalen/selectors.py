"""Reads about signals, always scoped by the person who reads."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teams.charts import first_with_data
from teams.models import Neighbourhood, PartnerMembership, Team
from teams.roles import Roles
from teams.selectors import month_of, month_starts, start_of

from .db_functions import HoursBetween, Median
from .description_check import SUSPICION_KINDS
from .models import (
    OPEN_STATUSES,
    Category,
    DescriptionFinding,
    SavedFilter,
    Signal,
    SignalEvent,
    Status,
    overdue_at,
)
from .permissions import PARTNER_SIDE, TEAM_SIDE, signals_with_access

# What each list shows, joined in the same query. Only what the rows use: every extra join
# costs the database planning time on every request.
ITEM_RELATED = ("category", "responsible")  # _signal_item.html
INBOX_RELATED = ("category", "neighbourhood", "assignee")  # _inbox_row.html
QUEUE_RELATED = ("category", "neighbourhood")  # regional_queue.html


def with_deadline(qs: QuerySet[Signal]) -> QuerySet[Signal]:
    """Annotate the deadline that matters now, so lists sort by it in the database."""
    return qs.annotate(
        deadline=Case(
            When(status=Status.NEW, then=F("acknowledge_deadline")),
            When(status__in=OPEN_STATUSES, then=F("resolve_deadline")),
            default=None,
            output_field=DateTimeField(),
        )
    )


def my_signals(user) -> QuerySet[Signal]:
    return Signal.objects.filter(reporter=user).select_related(*ITEM_RELATED)


def team_signals(team_ids: list[int]) -> QuerySet[Signal]:
    """All signals of the teams; the template shows care signals only as handed over."""
    return Signal.objects.filter(team_id__in=team_ids).select_related(*ITEM_RELATED)


INBOX_ORDER = (F("deadline").asc(nulls_last=True), "-resolved_at", "pk")
# The inbox's sorts: by deadline (the default), oldest first, by neighbourhood (then deadline).
INBOX_SORTS: dict[str, tuple] = {
    "deadline": INBOX_ORDER,
    "age": ("created_at", "pk"),
    "neighbourhood": (F("neighbourhood__name").asc(nulls_last=True), *INBOX_ORDER),
}


def inbox_order(sort: str | None) -> tuple:
    return INBOX_SORTS.get(sort or "", INBOX_ORDER)


def partner_inbox(organisation_ids: list[int]) -> QuerySet[Signal]:
    """The signals an organisation is responsible for, by deadline, open ones first. Without
    their related rows: filter and page on this, then read a page with `inbox_rows`."""
    return with_deadline(Signal.objects.filter(responsible_id__in=organisation_ids)).order_by(
        *INBOX_ORDER
    )


def inbox_rows(signals: QuerySet[Signal], sort: str | None = None) -> list[Signal]:
    """The signals of one inbox page (a sliced `partner_inbox`, in the order `sort` names)
    with what a row shows. The page is chosen on the signals alone, so the database sorts
    thousands of narrow rows and joins only the page's, instead of joining them all before
    sorting."""
    return list(
        with_deadline(Signal.objects.filter(pk__in=signals.values("pk")))
        .select_related(*INBOX_RELATED)
        .order_by(*inbox_order(sort))
    )


def saved_filters(user) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user)


def informed_signals(organisation_ids: list[int]) -> QuerySet[Signal]:
    shared = Signal.informed.through.objects.filter(
        signal_id=OuterRef("pk"), partnerorganisation_id__in=organisation_ids
    )
    return (
        Signal.objects.normal()
        .filter(Exists(shared))
        .exclude(responsible_id__in=organisation_ids)
        .select_related(*ITEM_RELATED)
        .order_by("-created_at")
    )


def regional_queue() -> QuerySet[Signal]:
    return Signal.objects.regional_queue().select_related(*QUEUE_RELATED).order_by("created_at")


def map_signals(roles: Roles, *, days: int = 90) -> list[Signal]:
    """Normal signals with a place on the map; care signals never."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        signals_with_access(roles)
        .normal()
        .filter(latitude__isnull=False, longitude__isnull=False, created_at__gte=since)
        .select_related("category__parent", "neighbourhood")
        .order_by("-created_at")[:500]
    )


# "Al gemeld?": what counts as the same thing seen by someone else.
SIMILAR_METRES = 50
SIMILAR_WINDOW = datetime.timedelta(hours=48)
SIMILAR_MAX = 5
EARTH_METRES = 6_371_000
METRES_PER_DEGREE = math.pi * EARTH_METRES / 180


@dataclass(frozen=True)
class Place:
    """Where a volunteer is about to report something, as far as they filled it in."""

    street: str = ""
    neighbourhood: Neighbourhood | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    @property
    def has_point(self) -> bool:
        return self.point is not None


def metres_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The haversine distance over the earth's surface."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_METRES * math.asin(math.sqrt(a))


def similar_signals(
    roles: Roles, *, category: Category, place: Place, now: datetime.datetime
) -> list[Signal]:
    """Open signals of the same (main) category, reported in the `SIMILAR_WINDOW` before
    `now`, within `SIMILAR_METRES` or in the same street of the same neighbourhood: only
    those this person may already read in full (their own; a coordinator's team's normal
    signals), as the signal list and the map show them. A care signal is never suggested to
    anyone who cannot read it."""
    main = category.parent or category
    same_place = Q(pk__in=[])
    street = place.street.strip()
    if street and place.neighbourhood is not None:
        same_place |= Q(street__iexact=street, neighbourhood=place.neighbourhood)
    if place.point is not None:
        lat, lng = place.point
        dlat = SIMILAR_METRES / METRES_PER_DEGREE
        dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
        same_place |= Q(
            latitude__range=(Decimal(f"{lat - dlat:.6f}"), Decimal(f"{lat + dlat:.6f}")),
            longitude__range=(Decimal(f"{lng - dlng:.6f}"), Decimal(f"{lng + dlng:.6f}")),
        )
    candidates = (
        signals_with_access(roles)
        .open()
        .filter(same_place, Q(category=main) | Q(category__parent=main))
        .filter(created_at__gte=now - SIMILAR_WINDOW, created_at__lte=now)
        .select_related("category__parent")
        .order_by("-created_at", "-pk")
    )
    return [s for s in candidates[: SIMILAR_MAX * 4] if _near_or_same_street(s, place)][
        :SIMILAR_MAX
    ]


def _near_or_same_street(signal: Signal, place: Place) -> bool:
    """The bounding box holds its corners too: only a point within the circle counts."""
    if (
        place.street.strip()
        and place.neighbourhood is not None
        and signal.neighbourhood_id == place.neighbourhood.pk
        and signal.street.casefold() == place.street.strip().casefold()
    ):
        return True
    if place.point is None or signal.latitude is None or signal.longitude is None:
        return False
    distance = metres_between(*place.point, float(signal.latitude), float(signal.longitude))
    return distance <= SIMILAR_METRES


def timeline(signal: Signal) -> list[SignalEvent]:
    return list(signal.events.select_related("actor", "organisation"))


# What the partner and the reporting team say to each other; the other events are moves.
SPOKEN: dict[str, str] = {
    SignalEvent.Kind.ASK: PARTNER_SIDE,
    SignalEvent.Kind.ANSWER: TEAM_SIDE,
    SignalEvent.Kind.MESSAGE: "",  # either side: the partner's messages name its organisation
}
# The events after which another organisation (or none) has the signal.
HANDED_ON = {SignalEvent.Kind.ROUTED, SignalEvent.Kind.FORWARD, SignalEvent.Kind.REJECT}


@dataclass(frozen=True)
class Entry:
    """One event of the timeline as the conversation shows it: said by one side (`side`
    set, with who said it), or a move."""

    event: SignalEvent
    side: str = ""
    speaker: str = ""


def conversation(signal: Signal, events: list[SignalEvent]) -> list[Entry]:
    """The signal's timeline as a conversation between the partner and the reporting team.
    The partner speaks as its organisation (the one that had the signal then); the team as
    the person, by first name, and whether they reported it or coordinate the team."""
    entries = []
    organisation = None
    for event in events:
        if event.kind in HANDED_ON:
            organisation = event.organisation
        if event.kind not in SPOKEN:
            entries.append(Entry(event))
            continue
        side = SPOKEN[event.kind] or (PARTNER_SIDE if event.organisation_id else TEAM_SIDE)
        if side == PARTNER_SIDE:
            speaking_for = event.organisation or organisation
            speaker = speaking_for.name if speaking_for else _("the organisation")
        else:
            speaker = _team_speaker(signal, event)
        entries.append(Entry(event, side, speaker))
    return entries


def _team_speaker(signal: Signal, event: SignalEvent) -> str:
    actor = event.actor
    if actor is None:
        return _("the reporting team")
    role = _("reporter") if actor.pk == signal.reporter_id else _("coordinator")
    return f"{actor.first_name} ({role})"


def export_rows(roles: Roles) -> QuerySet[Signal]:
    return (
        signals_with_access(roles)
        .select_related("category__parent", "responsible", "neighbourhood")
        .order_by("created_at", "pk")
    )


@dataclass
class RegionStats:
    months: list[datetime.date]  # from the first with a signal (`first_with_data`)
    per_category: dict[str, list[int]]
    per_neighbourhood: list[tuple[str, int]]
    per_organisation: list[dict]
    total: int
    resolved: int
    resolved_with_feedback: int
    flagged: int


def region_statistics(*, today: datetime.date, months: int = 12) -> RegionStats:
    """Anonymised regional figures: volumes, response times, feedback and rewrites."""
    month_list = month_starts(today, months)
    signals = Signal.objects.filter(created_at__gte=start_of(month_list[0]))

    names = {
        c.pk: (c.parent.name if c.parent is not None else c.name)
        for c in Category.objects.select_related("parent")
    }
    per_category: dict[str, list[int]] = defaultdict(lambda: [0] * len(month_list))
    rows = (
        signals.annotate(month=TruncMonth("created_at"))
        .values("month", "category_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        month = month_of(row["month"])
        if month in month_list:
            per_category[names[row["category_id"]]][month_list.index(month)] += row["n"]

    per_neighbourhood = [
        (name or "—", n)
        for name, n in signals.values_list("neighbourhood__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "neighbourhood__name")
    ]
    per_organisation = [
        {
            "name": row["responsible__name"],
            "acknowledge_hours": _round(row["acknowledge_hours"]),
            "resolve_hours": _round(row["resolve_hours"]),
            "resolved": row["resolved"],
        }
        for row in signals.filter(responsible__isnull=False)
        .values("responsible__name")
        .annotate(
            acknowledge_hours=Median(HoursBetween("acknowledged_at", "created_at")),
            resolve_hours=Median(HoursBetween("resolved_at", "created_at")),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        )
        .order_by("responsible__name")
    ]
    counts = signals.aggregate(
        total=Count("pk"),
        resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
        with_feedback=Count("pk", filter=Q(status=Status.RESOLVED) & ~Q(feedback="")),
        flagged=Count("pk", filter=_flagged()),
    )
    start = first_with_data(month_list, *per_category.values())
    return RegionStats(
        months=month_list[start:],
        per_category={name: data[start:] for name, data in sorted(per_category.items())},
        per_neighbourhood=per_neighbourhood,
        per_organisation=per_organisation,
        total=counts["total"],
        resolved=counts["resolved"],
        resolved_with_feedback=counts["with_feedback"],
        flagged=counts["flagged"],
    )


@dataclass
class MonthPunctuality:
    """One organisation's signals of one month: of those whose deadline has passed or that
    were dealt with already, how many were received and resolved on time."""

    month: datetime.date
    received: int = 0  # receipt confirmed, or the deadline for it passed
    received_on_time: int = 0
    resolved: int = 0  # resolved, or the deadline for it passed
    resolved_on_time: int = 0

    @property
    def received_share(self) -> float | None:
        return _percentage(self.received_on_time, self.received)

    @property
    def resolved_share(self) -> float | None:
        return _percentage(self.resolved_on_time, self.resolved)


@dataclass
class Punctuality:
    organisation: str
    months: list[MonthPunctuality]
    total: MonthPunctuality  # the months together
    long_overdue: int = 0  # open now, more than three times the time allowed


def punctuality(
    *, now: datetime.datetime, today: datetime.date, months: int = 12
) -> list[Punctuality]:
    """Per organisation and month of reporting (the last `months`), the share of signals
    whose receipt was confirmed by the acknowledge deadline and that were resolved by the
    resolve deadline; and per organisation the open signals past three times the time they
    were given (deadline plus twice the category's time), also those reported before the
    period. One query.

    A signal counts for the organisation responsible for it now, with the deadlines it got
    there: a forward gives the new organisation new deadlines, and the signal keeps no
    record of the old ones (the page says so). A signal whose deadline has not passed and
    that was not dealt with yet is not counted: its outcome is not known."""
    month_list = month_starts(today, months)
    in_period = Q(created_at__gte=start_of(month_list[0]))
    long_overdue = Q(status__in=OPEN_STATUSES) & (
        Q(status=Status.NEW, hours_past_receipt__gt=F("category__acknowledge_hours") * 2)
        | Q(~Q(status=Status.NEW), hours_past_resolve__gt=F("category__resolve_days") * 48)
    )
    per_month = (
        # The period's signals, and the open ones of before: they can be long overdue.
        Signal.objects.filter(in_period | Q(status__in=OPEN_STATUSES), responsible__isnull=False)
        .alias(
            hours_past_receipt=HoursBetween(Value(now), "acknowledge_deadline"),
            hours_past_resolve=HoursBetween(Value(now), "resolve_deadline"),
        )
        .annotate(month=TruncMonth("created_at"))
        .values("responsible_id", "responsible__name", "month")
        .annotate(
            received=Count(
                "pk",
                filter=in_period
                & (Q(acknowledged_at__isnull=False) | Q(acknowledge_deadline__lt=now)),
            ),
            received_on_time=Count(
                "pk", filter=in_period & Q(acknowledged_at__lte=F("acknowledge_deadline"))
            ),
            resolved=Count(
                "pk",
                filter=in_period & (Q(resolved_at__isnull=False) | Q(resolve_deadline__lt=now)),
            ),
            resolved_on_time=Count(
                "pk", filter=in_period & Q(resolved_at__lte=F("resolve_deadline"))
            ),
            long_overdue=Count("pk", filter=long_overdue),
        )
    )
    rows: dict[int, Punctuality] = {}
    counted = ("received", "received_on_time", "resolved", "resolved_on_time")
    for row in per_month:
        pk = row["responsible_id"]
        if pk not in rows:
            rows[pk] = Punctuality(
                row["responsible__name"],
                [MonthPunctuality(m) for m in month_list],
                MonthPunctuality(month_list[0]),
            )
        punctual = rows[pk]
        punctual.long_overdue += row["long_overdue"]
        month = month_of(row["month"])
        if month not in month_list:
            continue
        for figure in (punctual.months[month_list.index(month)], punctual.total):
            for name in counted:
                setattr(figure, name, getattr(figure, name) + row[name])
    return sorted(rows.values(), key=lambda p: p.organisation)


def _percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def statistics_version(today: datetime.date) -> str:
    """What the regional statistics depend on: the day and the moment of the latest change to
    any signal (`updated_at` is indexed, so this is cheap to read). Signals are never deleted,
    so a new or changed signal gives a new version in every process: the page's cache key."""
    last_change = Signal.objects.aggregate(last=Max("updated_at"))["last"]
    return f"{today}:{last_change.isoformat() if last_change else ''}"


@dataclass
class TeamRewrites:
    team: str
    per_month: list[int]  # descriptions that needed the appearance rewrite
    total: int  # all signals of the team in the period
    flagged: int

    @property
    def share(self) -> float | None:
        return round(100 * self.flagged / self.total, 1) if self.total else None


@dataclass
class RepeatedPlace:
    street: str
    neighbourhood: str
    signals: int
    reporters: int
    flagged: int
    last: datetime.datetime


@dataclass
class DescriptionWatch:
    months: list[datetime.date]  # from the first with a rewrite (`first_with_data`)
    teams: list[TeamRewrites]
    places: list[RepeatedPlace]


def _flagged() -> Q:
    """A description that named appearance or origin: flagged while it was written, or found
    by re-scoring the kept description with the check as it is now."""
    rescored = DescriptionFinding.objects.filter(
        source=DescriptionFinding.Source.RESCORE, kind__in=SUSPICION_KINDS
    ).values("signal_id")
    return Q(description_flagged=True) | Q(pk__in=rescored)


def description_watch(
    *, today: datetime.date, months: int = 12, repeated_from: int = 3, places: int = 20
) -> DescriptionWatch:
    """The disproportionality watch: per team and month, how many descriptions needed the
    appearance rewrite; and the streets that are reported again and again (normal signals:
    care signals are about a resident, not a place), with how many people reported them.
    Two queries."""
    month_list = month_starts(today, months)
    signals = Signal.objects.filter(created_at__gte=start_of(month_list[0]))
    teams: dict[str, TeamRewrites] = {}
    for row in (
        signals.annotate(month=TruncMonth("created_at"))
        .values("team__name", "month")
        .annotate(total=Count("pk"), flagged=Count("pk", filter=_flagged()))
    ):
        name = row["team__name"] or "—"
        team = teams.setdefault(name, TeamRewrites(name, [0] * len(month_list), 0, 0))
        month = month_of(row["month"])
        if month in month_list:
            team.per_month[month_list.index(month)] += row["flagged"]
        team.total += row["total"]
        team.flagged += row["flagged"]
    repeated = (
        signals.normal()
        .exclude(street="")
        .values("street", "neighbourhood__name")
        .annotate(
            n=Count("pk"),
            reporters=Count("reporter", distinct=True),
            flagged=Count("pk", filter=_flagged()),
            last=Max("created_at"),
        )
        .filter(n__gte=repeated_from)
        .order_by("-n", "street")[:places]
    )
    start = first_with_data(month_list, *(t.per_month for t in teams.values()))
    for team in teams.values():
        team.per_month = team.per_month[start:]
    return DescriptionWatch(
        months=month_list[start:],
        teams=sorted(teams.values(), key=lambda t: (-t.flagged, t.team)),
        places=[
            RepeatedPlace(
                row["street"],
                row["neighbourhood__name"] or "—",
                row["n"],
                row["reporters"],
                row["flagged"],
                row["last"],
            )
            for row in repeated
        ],
    )


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


@dataclass
class SignalsOverview:
    """What 'Mijn buurt' shows about signals, per role."""

    recent: list[Signal]
    inbox_new: int = 0
    inbox_overdue: int = 0
    queue: int = 0


def home_overview(roles: Roles) -> SignalsOverview:
    overview = SignalsOverview(
        recent=list(my_signals(roles.user)[:3]) if roles.is_team_member else []
    )
    if roles.is_partner:
        # Only open signals are counted: the index on (responsible, status) reads those,
        # not the organisation's years of resolved ones.
        counts = Signal.objects.filter(
            responsible__in=roles.organisation_ids, status__in=OPEN_STATUSES
        ).aggregate(
            new=Count("pk", filter=Q(status=Status.NEW)),
            overdue=Count("pk", filter=overdue_at(timezone.now())),
        )
        overview.inbox_new, overview.inbox_overdue = counts["new"], counts["overdue"]
    if roles.is_admin:
        overview.queue = Signal.objects.regional_queue().count()
    return overview


def colleagues(organisation_ids: list[int]) -> QuerySet[PartnerMembership]:
    """The current members of the organisations, to assign signals to."""
    return (
        PartnerMembership.objects.current()
        .filter(organisation_id__in=organisation_ids)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


# On a public page a category with fewer signals than this is counted under "other": a
# small number in a small neighbourhood can point at one house.
PUBLIC_MIN_COUNT = 3
# Seconds the public figures may lag behind: nobody waits for them.
PUBLIC_FIGURES_SECONDS = 15 * 60


def public_signal_figures(team: Team, year: int) -> list[tuple[str, int]]:
    """The team's signals of a calendar year per category, for its public page: never care
    signals, small counts together as "other", most first."""
    key = f"public-signal-figures:{team.pk}:{year}:{get_language()}"
    figures: list[tuple[str, int]] | None = cache.get(key)
    if figures is None:
        figures = _public_signal_figures(team, year)
        cache.set(key, figures, PUBLIC_FIGURES_SECONDS)
    return figures


def _public_signal_figures(team: Team, year: int) -> list[tuple[str, int]]:
    since = start_of(datetime.date(year, 1, 1))
    until = start_of(datetime.date(year + 1, 1, 1))
    counts = (
        Signal.objects.normal()
        .filter(team=team, created_at__gte=since, created_at__lt=until)
        .values("category")
        .annotate(total=Count("pk"))
    )
    names = {c.pk: c.name for c in Category.objects.filter(pk__in=[r["category"] for r in counts])}
    shown, other = [], 0
    for row in counts:
        if row["total"] >= PUBLIC_MIN_COUNT:
            shown.append((names[row["category"]], row["total"]))
        else:
            other += row["total"]
    shown.sort(key=lambda item: (-item[1], item[0]))
    if other:
        shown.append((_("Other"), other))
    return shown
