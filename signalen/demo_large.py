"""The signals of the region at scale: routing for every new neighbourhood and the scale's
signals (a year of 100,000, or five years of a million) with their events, in bulk."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from django.dispatch import receiver
from django.utils import timezone

from teams.hooks import large_region_seeded
from teams.models import Membership, PartnerOrganisation

from .models import Category, RoutingRule, Signal, SignalEvent, Status
from .routing import route_for
from .services import deadlines

CHUNK = 10_000
# The demo teams (Havenstad, Polderwaard) get a larger share, so the demo partners' inboxes
# and the demo team's page are as full as a busy city's.
DEMO_SHARE = 0.12
# Main category → the kind of organisation in the municipality that handles it.
COMPETENT = {
    "burglary-risk": PartnerOrganisation.Type.POLICE,
    "suspicious-situation": PartnerOrganisation.Type.POLICE,
    "vehicle-crime": PartnerOrganisation.Type.POLICE,
    "youth-nuisance": PartnerOrganisation.Type.POLICE,
    "wrongly-parked-trailer": PartnerOrganisation.Type.MUNICIPALITY,
    "other-nuisance": PartnerOrganisation.Type.MUNICIPALITY,
    "public-space": PartnerOrganisation.Type.MUNICIPALITY,
    "care-worry": PartnerOrganisation.Type.WELFARE,
    "domestic-violence": PartnerOrganisation.Type.WELFARE,
}
STREETS = (
    "Kerkstraat Molenweg Lindelaan Stationsplein Havenkade Dorpsstraat Schoolstraat Parklaan "
    "Beukenlaan Eikenhof Marktplein Kade Nieuwstraat Achterom Julianastraat Wilhelminaweg "
    "Sportlaan Tulpstraat Rozenhof Zeemanshof"
).split()
DESCRIPTIONS = [
    "Raam op de begane grond stond open, niemand thuis.",
    "Schuurdeur aan het achterpad open, fietsen zichtbaar.",
    "Auto met laptop op de achterbank, portier niet op slot.",
    "Groep van zes met scooters op het speelveld, harde muziek na 23:00.",
    "Aanhanger staat al twee weken op de stoep.",
    "Drie lantaarnpalen achter elkaar doen het niet.",
    "Iemand liep langs geparkeerde auto's en voelde aan de portieren.",
    "Bewoner zit al dagen alleen voor de deur, post stapelt zich op.",
    "Bankstel en vuilniszakken bij de containers gedumpt.",
    "Portiekdeur valt niet meer in het slot.",
]
FEEDBACK = [
    "Dank je voor je melding. De bewoner is gewaarschuwd.",
    "Dank je voor je melding. Opgelost.",
    "Dank je voor je melding. De wijkagent houdt het in de gaten.",
    "",
]


@receiver(large_region_seeded)
def seed_signals(sender, teams, demo_teams, rng: random.Random, stdout, scale, **kwargs) -> None:
    started = time.monotonic()
    _routing()
    categories = list(Category.objects.active().select_related("parent"))
    reporters: dict[int, list[int]] = {}
    for team_id, user_id in Membership.objects.current().values_list("team_id", "user_id"):
        reporters.setdefault(team_id, []).append(user_id)
    places = {team.pk: list(team.neighbourhoods.all()) for team in teams if team.pk in reporters}
    demo = [t for t in demo_teams if t.pk in places]
    rest = [t for t in teams if t.pk in places and t not in demo_teams]
    rules: dict = {}
    now = timezone.now()
    made = 0
    while made < scale.signals:
        batch = []
        for _ in range(min(CHUNK, scale.signals - made)):
            team = rng.choice(demo if rng.random() < DEMO_SHARE else rest)
            neighbourhood = rng.choice(places[team.pk])
            category = rng.choice(categories)
            key = (category.pk, neighbourhood.pk)
            if key not in rules:
                rules[key] = route_for(category, neighbourhood)
            batch.append(
                _signal(
                    rng,
                    now,
                    scale.signal_days,
                    team,
                    neighbourhood,
                    category,
                    rules[key],
                    reporters[team.pk],
                )
            )
        signals = Signal.objects.bulk_create(batch, batch_size=5000)
        SignalEvent.objects.bulk_create(
            (event for signal in signals for event in _events(signal, rng)), batch_size=10000
        )
        made += len(signals)
    stdout.write(
        f"  signals part: {made} signals, {SignalEvent.objects.count()} events "
        f"({time.monotonic() - started:.0f} s)"
    )


def _routing() -> None:
    """A rule per main category for every neighbourhood that has none: the municipality's
    competent organisation."""
    by_place: dict[tuple[int, str], PartnerOrganisation] = {}
    for organisation in PartnerOrganisation.objects.prefetch_related("neighbourhoods"):
        for neighbourhood in organisation.neighbourhoods.all():
            by_place.setdefault((neighbourhood.pk, organisation.type), organisation)
    covered = set(
        RoutingRule.objects.filter(neighbourhood__isnull=False).values_list(
            "category_id", "neighbourhood_id"
        )
    )
    mains = {c.code: c for c in Category.objects.filter(parent__isnull=True)}
    neighbourhoods = {n for n, _type in by_place}
    RoutingRule.objects.bulk_create(
        RoutingRule(category=mains[code], neighbourhood_id=n, responsible=by_place[(n, kind)])
        for code, kind in COMPETENT.items()
        for n in neighbourhoods
        if (n, kind) in by_place and (mains[code].pk, n) not in covered
    )


def _signal(rng, now, days, team, neighbourhood, category, rule, reporters) -> Signal:
    created = now - datetime.timedelta(minutes=rng.randint(10, days * 24 * 60))
    acknowledge_by, resolve_by = deadlines(category, created)
    age_days = (now - created).days
    if age_days > 21 or rng.random() < 0.3:
        status = Status.RESOLVED
    else:
        status = rng.choice([Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING])
    acknowledged = (
        created + datetime.timedelta(hours=rng.randint(1, 40)) if status != Status.NEW else None
    )
    resolved = (
        min(now, created + datetime.timedelta(hours=rng.randint(24, 24 * 14)))
        if status == Status.RESOLVED
        else None
    )
    if resolved and acknowledged and resolved < acknowledged:
        acknowledged = resolved
    care = category.is_care
    return Signal(
        category=category,
        sensitivity=category.sensitivity,
        reporter_id=rng.choice(reporters),
        team=team,
        neighbourhood=neighbourhood,
        street=rng.choice(STREETS),
        house_number=str(rng.randint(1, 120)),
        latitude=None if care else Decimal(f"{51.85 + rng.random() * 0.1:.6f}"),
        longitude=None if care else Decimal(f"{4.40 + rng.random() * 0.2:.6f}"),
        observed_at=created - datetime.timedelta(minutes=30),
        description=rng.choice(DESCRIPTIONS),
        description_flagged=rng.random() < 0.03,
        status=status,
        responsible=rule.responsible if rule else None,
        acknowledge_deadline=acknowledge_by,
        resolve_deadline=resolve_by,
        acknowledged_at=acknowledged,
        resolved_at=resolved,
        feedback=rng.choice(FEEDBACK) if resolved else "",
        created_at=created,
    )


def _events(signal: Signal, rng: random.Random) -> list[SignalEvent]:
    Kind = SignalEvent.Kind
    created = signal.created_at
    events = [
        SignalEvent(signal=signal, actor_id=signal.reporter_id, kind=Kind.REPORTED,
                    to_status=Status.NEW, created_at=created),
        SignalEvent(signal=signal, kind=Kind.ROUTED, to_status=Status.NEW,
                    organisation_id=signal.responsible_id, created_at=created),
    ]  # fmt: skip
    if signal.acknowledged_at:
        events.append(
            SignalEvent(signal=signal, kind=Kind.ACKNOWLEDGE, from_status=Status.NEW,
                        to_status=Status.ACKNOWLEDGED, created_at=signal.acknowledged_at)
        )  # fmt: skip
        # Work starts only on an acknowledged signal.
        if signal.status in (Status.IN_PROGRESS, Status.WAITING):
            events.append(
                SignalEvent(signal=signal, kind=Kind.START, from_status=Status.ACKNOWLEDGED,
                            to_status=Status.IN_PROGRESS, created_at=signal.acknowledged_at)
            )  # fmt: skip
    if signal.resolved_at:
        events.append(
            SignalEvent(signal=signal, kind=Kind.RESOLVE, from_status=Status.IN_PROGRESS,
                        to_status=Status.RESOLVED, text=signal.feedback,
                        created_at=signal.resolved_at)
        )  # fmt: skip
    return events
