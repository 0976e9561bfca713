"""The training of the region at scale: fifty cohorts, forty of them completed with attendance,
self-assessments and feedback, written in bulk."""

from __future__ import annotations

import datetime
import random
import time

from django.dispatch import receiver
from django.utils import timezone

from teams.hooks import large_region_seeded
from teams.models import Membership, TrainingCoordinator

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

COHORTS = 50
COMPLETED = 40
PARTICIPANTS = 20


@receiver(large_region_seeded)
def seed_training(sender, teams, rng: random.Random, stdout, **kwargs) -> None:
    started = time.monotonic()
    programme = Programme.objects.get(name__startswith="Buurtpreventie")
    templates = list(programme.templates.order_by("order"))
    trainer = TrainingCoordinator.objects.select_related("user").first()
    items = list(EvaluationItem.objects.filter(is_active=True))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.current():
        members.setdefault(membership.team_id, []).append(membership)
    chosen = rng.sample([t for t in teams if len(members.get(t.pk, [])) >= PARTICIPANTS], COHORTS)
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            programme=programme,
            name=f"Leergang {team.name.removeprefix('Buurtpreventie ')}",
            created_by=trainer.user if trainer else None,
            completed_at=now - datetime.timedelta(days=29 + 7 * i) if i < COMPLETED else None,
        )
        for i, team in enumerate(chosen)
    )
    Cohort.neighbourhoods.through.objects.bulk_create(
        Cohort.neighbourhoods.through(cohort_id=cohort.pk, neighbourhood_id=n.pk)
        for cohort, team in zip(cohorts, chosen, strict=True)
        for n in team.neighbourhoods.all()
    )
    sessions = CohortSession.objects.bulk_create(
        CohortSession(
            cohort=cohort, template=template, order=template.order,
            starts_at=_start(now, i, template.order), ends_at=_start(now, i, template.order)
            + datetime.timedelta(minutes=template.duration_minutes),
            location="Wijkcentrum", trainer="Trainer van de regio", capacity=25,
        )
        for i, cohort in enumerate(cohorts)
        for template in templates
    )  # fmt: skip
    participants = Participant.objects.bulk_create(
        Participant(cohort=cohort, user_id=m.user_id, team_id=m.team_id)
        for cohort, team in zip(cohorts, chosen, strict=True)
        for m in members[team.pk][:PARTICIPANTS]
    )
    by_cohort: dict[int, list[CohortSession]] = {}
    for session in sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    done = {c.pk for c in cohorts if c.completed_at}
    seats = Seat.objects.bulk_create(
        Seat(
            session=session,
            participant=participant,
            status=Seat.Status.ACCEPTED,
            attendance=(rng.choice([Seat.Attendance.PRESENT] * 9 + [Seat.Attendance.ABSENT])
                        if participant.cohort_id in done else Seat.Attendance.UNKNOWN),
        )
        for participant in participants
        for session in by_cohort[participant.cohort_id]
    )  # fmt: skip
    SessionFeedback.objects.bulk_create(
        SessionFeedback(session_id=seat.session_id, seat=seat, score=rng.randint(6, 10))
        for seat in seats
        if seat.attendance == Seat.Attendance.PRESENT and rng.random() < 0.6
    )
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(cohort_id=p.cohort_id, participant=p, moment=moment)
        for p in participants
        for moment in (["pre", "post"] if p.cohort_id in done else ["pre"])
    )
    Answer.objects.bulk_create(
        (Answer(assessment=a, item=item, score=rng.randint(2, 5)) for a in assessments
         for item in items),
        batch_size=10000,
    )  # fmt: skip
    stdout.write(
        f"  training part: {len(cohorts)} cohorts, {len(participants)} participants, "
        f"{len(seats)} seats ({time.monotonic() - started:.0f} s)"
    )


def _start(now: datetime.datetime, index: int, order: int) -> datetime.datetime:
    """Completed cohorts ran in the months before; the others start in the coming weeks."""
    if index < COMPLETED:
        first = now - datetime.timedelta(days=30 + 7 * index + 28)
    else:
        first = now + datetime.timedelta(days=7 * (index - COMPLETED + 1))
    return first + datetime.timedelta(days=14 * (order - 1))
