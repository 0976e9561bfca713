"""A region at scale for the benchmark: `seed_demo --size large` or `--size xl`.

On top of the demo region, `large` adds twelve municipalities of ten neighbourhoods, a team
per neighbourhood with forty-five members, four partner organisations per municipality, and
two rounds a week for two years, most with a patrol log (and, in `signalen`, a year of
signals: 100,000). `xl` is the whole safety region of docs/operations.md: 25 municipalities of
twenty neighbourhoods (500 teams of forty: 20,000 members), five years of rounds and a million
signals. Written with bulk inserts in a few large statements; other apps add their part
through `large_region_seeded`, which passes the `Scale`.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils import timezone

from .hooks import large_region_seeded
from .models import (
    Membership,
    Municipality,
    Neighbourhood,
    Observation,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    PatrolLogEvent,
    Region,
    Shift,
    ShiftSignup,
    Team,
    User,
)

DOMAIN = "regio.buurtpreventie.nl"
MUNICIPALITIES = (
    "Aldenburg Beekdal Dijkhuizen Eemhoven Grevelingen Hoogeveld Kraaiendam Lekkerkerk-Noord "
    "Middelwaard Oostersluis Rietveen Zandhorst Achterveld Bosschenhoek Dorrewaard Elstermeer "
    "Gaasterdijk Heinenoord-West Klaaswaal-Oost Lindewaard Meerdonk Nieuw-Vossemeer Oudewater-Zuid "
    "Sluiskade Westmaas-Noord"
).split()
SUFFIXES = (
    "Centrum Noord Oost Zuid West Haven Dorp Park Veld Kwartier Molenwijk Kerkbuurt Buitenhof "
    "Waterkant Bosrand Lindenhof Vogelbuurt Bloemenbuurt Schildersbuurt Stationsbuurt"
).split()
DEMO_TEAMS_AT_MOST = 10  # the demo region's own teams (seed_demo)


@dataclass(frozen=True)
class Scale:
    municipalities: int
    neighbourhoods_per_municipality: int
    members_per_team: int
    history_weeks: int  # two rounds a week
    signals: int
    signal_days: int  # signals are spread over this many days back
    teams: int  # is_seeded: at least this many teams (the demo's own included)


SCALES = {
    "large": Scale(12, 10, 45, 100, 100_000, 365, 100),
    "xl": Scale(25, 20, 40, 260, 1_000_000, 5 * 365, 500),
}
ORGANISATION_TYPES = [
    ("Politie basisteam", PartnerOrganisation.Type.POLICE),
    ("Wijkteam", PartnerOrganisation.Type.WELFARE),
    ("Zorgnetwerk", PartnerOrganisation.Type.CARE),
    ("Gemeente, Openbare Ruimte", PartnerOrganisation.Type.MUNICIPALITY),
]
STAFF_PER_ORGANISATION = 3
AREAS = ["Rondje centrum", "Winkelstraat en parkeerterrein", "Park, speeltuin en schoolplein"]
NOTES = ["", "", "Rustige avond.", "Bewoners aangesproken over een open schuurdeur."]


def is_seeded(scale: Scale = SCALES["large"]) -> bool:
    return Team.objects.count() >= scale.teams


def seed(*, today: datetime.date, stdout, scale: Scale = SCALES["large"]) -> None:
    if is_seeded(scale):
        stdout.write("The region at this scale is there already.")
        return
    if Team.objects.count() > DEMO_TEAMS_AT_MOST:
        raise CommandError(
            "This database holds a region of another size: give each size a database of its own."
        )
    started = time.monotonic()
    rng = random.Random(100_000)  # noqa: S311 - demo data
    region = Region.objects.get()
    demo_teams = list(Team.objects.all())
    neighbourhoods_by_municipality = _places(region, scale)
    neighbourhoods = [n for group in neighbourhoods_by_municipality.values() for n in group]
    teams = _teams(neighbourhoods)
    memberships = _members(teams, today, rng, scale.members_per_team, scale.history_weeks)
    organisations = _organisations(neighbourhoods_by_municipality)
    logs = _roster(teams, memberships, rng, scale.history_weeks)
    stdout.write(
        f"  teams part: {len(teams)} teams, {len(memberships)} members, "
        f"{len(organisations)} organisations, {logs} patrol logs "
        f"({time.monotonic() - started:.0f} s)"
    )
    large_region_seeded.send(
        sender=seed,
        today=today,
        teams=list(Team.objects.all()),
        demo_teams=demo_teams,
        organisations=list(PartnerOrganisation.objects.all()),
        rng=rng,
        stdout=stdout,
        scale=scale,
    )


def _places(region, scale: Scale) -> dict[Municipality, list[Neighbourhood]]:
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=name) for name in MUNICIPALITIES[: scale.municipalities]
    )
    created = Neighbourhood.objects.bulk_create(
        Neighbourhood(municipality=m, name=f"{m.name} {suffix}")
        for m in municipalities
        for suffix in SUFFIXES[: scale.neighbourhoods_per_municipality]
    )
    by_municipality: dict = {m: [] for m in municipalities}
    for neighbourhood in created:
        by_municipality[neighbourhood.municipality].append(neighbourhood)
    return by_municipality


def _teams(neighbourhoods: list[Neighbourhood]) -> list[Team]:
    teams = Team.objects.bulk_create(
        Team(name=f"Buurtpreventie {n.name}", requires_vog=i % 3 != 0, requires_training=True)
        for i, n in enumerate(neighbourhoods)
    )
    Team.neighbourhoods.through.objects.bulk_create(
        Team.neighbourhoods.through(team_id=t.pk, neighbourhood_id=n.pk)
        for t, n in zip(teams, neighbourhoods, strict=True)
    )
    return teams


def _members(
    teams: list[Team], today: datetime.date, rng: random.Random, per_team: int, history_weeks: int
) -> list[Membership]:
    password = make_password("regio-buurt-2026")
    users = User.objects.bulk_create(
        (User(email=f"lid{t}.{i}@{DOMAIN}", first_name=f"Lid {i}", password=password)
         for t in range(len(teams)) for i in range(per_team)),
        batch_size=5000,
    )  # fmt: skip
    start = today - datetime.timedelta(days=max(500, history_weeks * 7 + 30))
    memberships = []
    for index, user in enumerate(users):
        team = teams[index // per_team]
        position = index % per_team
        ready = position < per_team * 7 // 9
        memberships.append(
            Membership(
                user=user,
                team=team,
                role=Membership.Role.COORDINATOR if position == 0 else Membership.Role.VOLUNTEER,
                status=Membership.Status.ACTIVE
                if position < per_team * 8 // 9
                else Membership.Status.ASPIRANT,
                intake_on=start,
                code_of_conduct_signed_on=start,
                vog_issued_on=start + datetime.timedelta(days=rng.randint(10, 60)),
                training_completed_on=start + datetime.timedelta(days=90) if ready else None,
                vest_issued_on=start + datetime.timedelta(days=91) if ready else None,
            )
        )
    return Membership.objects.bulk_create(memberships, batch_size=5000)


def _organisations(by_municipality: dict) -> list[PartnerOrganisation]:
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(name=f"{label} {m.name}", type=type_)
        for m in by_municipality
        for label, type_ in ORGANISATION_TYPES
    )
    served = PartnerOrganisation.neighbourhoods.through
    served.objects.bulk_create(
        served(partnerorganisation_id=o.pk, neighbourhood_id=n.pk)
        for o, m in zip(organisations, [m for m in by_municipality for _ in ORGANISATION_TYPES],
                        strict=True)
        for n in by_municipality[m]
    )  # fmt: skip
    password = make_password("regio-buurt-2026")
    staff = User.objects.bulk_create(
        User(email=f"partner{o.pk}.{i}@{DOMAIN}", first_name=f"Medewerker {i}", password=password)
        for o in organisations
        for i in range(STAFF_PER_ORGANISATION)
    )
    PartnerMembership.objects.bulk_create(
        PartnerMembership(user=user, organisation=organisations[i // STAFF_PER_ORGANISATION],
                          is_lead=i % STAFF_PER_ORGANISATION == 0)
        for i, user in enumerate(staff)
    )  # fmt: skip
    return organisations


def _roster(
    teams: list[Team], memberships: list[Membership], rng: random.Random, history_weeks: int
) -> int:
    """Two rounds a week for every team: history with logs, and a month ahead with sign-ups."""
    now = timezone.now()
    first_monday = timezone.localdate() - datetime.timedelta(
        days=timezone.localdate().weekday(), weeks=history_weeks
    )
    ready_by_team: dict[int, list[Membership]] = {}
    for m in memberships:
        if m.training_completed_on and m.status == Membership.Status.ACTIVE:
            ready_by_team.setdefault(m.team_id, []).append(m)
    shifts, crews = [], []
    for team in teams:
        for week in range(history_weeks + 4):
            for weekday, hour in ((1, 19), (4, 21)):
                day = first_monday + datetime.timedelta(weeks=week, days=weekday)
                starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
                shifts.append(
                    Shift(team=team, starts_at=starts_at,
                          ends_at=starts_at + datetime.timedelta(hours=2),
                          meeting_point="Buurthuis", max_people=4)
                )  # fmt: skip
                crews.append(rng.sample(ready_by_team[team.pk], k=rng.choice([2, 2, 3, 4])))
    shifts = Shift.objects.bulk_create(shifts, batch_size=5000)
    ShiftSignup.objects.bulk_create(
        (ShiftSignup(shift=s, membership=m) for s, crew in zip(shifts, crews, strict=True)
         for m in crew),
        batch_size=10000,
    )  # fmt: skip
    done = [
        (s, crew)
        for s, crew in zip(shifts, crews, strict=True)
        if s.ends_at < now and rng.random() < 0.9
    ]
    logs = PatrolLog.objects.bulk_create(
        (PatrolLog(shift=s, filed_by=crew[0].user, started_at=s.starts_at, ended_at=s.ends_at,
                   area=rng.choice(AREAS), notes=rng.choice(NOTES), created_at=s.ends_at)
         for s, crew in done),
        batch_size=5000,
    )  # fmt: skip
    present = PatrolLog.present.through
    present.objects.bulk_create(
        (present(patrollog_id=log.pk, membership_id=m.pk)
         for log, (_s, crew) in zip(logs, done, strict=True) for m in crew),
        batch_size=10000,
    )  # fmt: skip
    kinds = list(Observation.Kind.values)
    Observation.objects.bulk_create(
        (Observation(log=log, kind=kind, count=rng.randint(1, 5))
         for log in logs for kind in rng.sample(kinds, k=rng.randint(1, 3))),
        batch_size=10000,
    )  # fmt: skip
    PatrolLogEvent.objects.bulk_create(
        (PatrolLogEvent(log=log, actor_id=log.filed_by_id, kind=PatrolLogEvent.Kind.FILED,
                        created_at=log.created_at)
         for log in logs),
        batch_size=10000,
    )  # fmt: skip
    return len(logs)
