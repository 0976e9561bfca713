"""The training part of the demo: a completed cohort with its report, and one under way."""

from __future__ import annotations

import datetime
import random

from django.dispatch import receiver
from django.utils import timezone

from teams.hooks import demo_region_seeded
from teams.models import Membership, Neighbourhood, PartnerMembership, TrainingCoordinator

from . import services
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

COMMENTS = [
    "Heel leerzaam, vooral de oefeningen met de acteur.",
    "Goed om de wijkagent en het wijkteam te leren kennen.",
    "Meer tijd voor vragen graag.",
    "Duidelijk wat we wel en niet mogen.",
    "",
]


@receiver(demo_region_seeded)
def seed_training(sender, today, teams, organisations, logins, **kwargs) -> None:
    TrainingCoordinator.objects.get_or_create(user=logins["trainer"])
    if Cohort.objects.exists():
        return
    programme = Programme.objects.get(name__startswith="Buurtpreventie")
    _completed_cohort(programme, teams, logins)
    _cohort_under_way(programme, teams, logins, today)


def _people(team_names, organisations=()):
    people = [
        services.Invitee(m.user, team=m.team)
        for m in Membership.objects.current()
        .filter(team__name__in=team_names)
        .select_related("user", "team")
    ]
    people += [
        services.Invitee(p.user, organisation=p.organisation)
        for p in PartnerMembership.objects.current()
        .filter(organisation__name__in=organisations)
        .select_related("user", "organisation")
    ]
    return people


def _completed_cohort(programme, teams, logins) -> None:
    """Four months ago, written straight to the tables (no invitations for the past)."""
    rng = random.Random(2026)  # noqa: S311 - demo data
    cohort = Cohort.objects.create(
        programme=programme, name="Leergang Lindenhof en Molenwijk", created_by=logins["trainer"]
    )
    cohort.neighbourhoods.set(Neighbourhood.objects.filter(name__in=["Lindenhof", "Molenwijk"]))
    start = timezone.now().replace(hour=19, minute=0, second=0, microsecond=0)
    sessions = []
    for index, template in enumerate(programme.templates.order_by("order")):
        starts_at = start - datetime.timedelta(days=125 - 14 * index)
        sessions.append(
            CohortSession.objects.create(
                cohort=cohort, template=template, order=template.order, starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=template.duration_minutes),
                location="Wijkcentrum De Linde", trainer="Joyce (JSO)",
                actor="Ruben" if template.with_actor else "",
            )
        )  # fmt: skip
    items = list(EvaluationItem.objects.filter(is_active=True))
    invitees = _people(
        [teams[1].name],
        ["Wijkteam Havenstad", "Woonstichting De Linde", "Politie basisteam Havenstad"],
    )
    last_day = timezone.localtime(sessions[-1].ends_at).date()
    for invitee in invitees:
        participant = Participant.objects.create(
            cohort=cohort, user=invitee.user, team=invitee.team, organisation=invitee.organisation
        )
        missed = rng.random() < 0.2
        for index, session in enumerate(sessions):
            present = not (missed and index == 1)
            seat = Seat.objects.create(
                session=session, participant=participant, status=Seat.Status.ACCEPTED,
                attendance=Seat.Attendance.PRESENT if present else Seat.Attendance.EXCUSED,
            )  # fmt: skip
            if present and rng.random() < 0.8:
                SessionFeedback.objects.create(
                    seat=seat,
                    session=session,
                    score=rng.randint(6, 10),
                    comment=rng.choice(COMMENTS),
                )
        if not missed:
            participant.completed_on = last_day
            participant.save(update_fields=["completed_on"])
        for moment, low, high in (("pre", 2, 4), ("post", 3, 5)):
            assessment = SelfAssessment.objects.create(
                cohort=cohort, participant=participant, moment=moment
            )
            Answer.objects.bulk_create(
                Answer(assessment=assessment, item=item, score=rng.randint(low, high))
                for item in items
            )
    cohort.completed_at = sessions[-1].ends_at
    cohort.save(update_fields=["completed_at"])


def _cohort_under_way(programme, teams, logins, today) -> None:
    """Starts next week, through the real services: invitations with calendar entries."""
    cohort = services.cohort_create(
        actor=logins["trainer"],
        programme=programme,
        name="Leergang Oude Haven en Vogelbuurt",
        neighbourhoods=Neighbourhood.objects.filter(name__in=["Oude Haven", "Vogelbuurt"]),
        first_date=today + datetime.timedelta(days=7),
        start_time=datetime.time(19, 30),
        interval_days=14,
        location="Buurthuis De Kolk",
        trainer="Joyce (JSO)",
        capacity=20,
    )
    # As the brief has it: the team with four partners of the neighbourhood.
    partners = [
        "Politie basisteam Havenstad",
        "Wijkteam Havenstad",
        "Woonstichting De Linde",
        "Brede School De Kolk",
    ]
    services.participants_add(cohort=cohort, invitees=_people([teams[0].name], partners))
