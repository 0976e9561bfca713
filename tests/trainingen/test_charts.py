"""The cohort report's chart: drawn once five people filled in the self-assessment, on a scale
of 1 to 5, a colour per moment; a sentence before that."""

from __future__ import annotations

from django.urls import reverse

from trainingen.models import (
    Answer,
    EvaluationItem,
    Participant,
    Seat,
    SelfAssessment,
    SessionFeedback,
)
from trainingen.selectors import MIN_GROUP

from ..conftest import World
from ..factories import UserFactory
from ..support.charts import charts, colours, dutch


def report(world: World) -> str:
    url = reverse("trainingen:cohort_report", args=[world.cohort.pk])
    return world.client("admin").get(url).content.decode()


def assessed(world: World, people: int, score: int) -> None:
    """Self-assessments before the first session (kept without the person, as after the
    retention period)."""
    items = list(EvaluationItem.objects.filter(is_active=True))
    for _ in range(people):
        assessment = SelfAssessment.objects.create(cohort=world.cohort, moment="pre")
        Answer.objects.bulk_create(
            Answer(assessment=assessment, item=item, score=score) for item in items
        )


def test_the_report_says_there_is_nothing_to_show_before_five_people_answered(world: World):
    assessed(world, MIN_GROUP - 1, 4)
    page = report(world)
    assert "<canvas" not in page
    assert (
        dutch("Too few people filled in the self-assessment yet: there is nothing to show.") in page
    )


def test_the_report_charts_the_scores_on_a_scale_to_five_with_a_colour_per_moment(world: World):
    assessed(world, MIN_GROUP, 4)
    (chart,) = charts(report(world))
    before, after, later = chart["datasets"]
    assert set(before["data"]) == {4.0}
    assert set(after["data"]) == set(later["data"]) == {None}
    assert len(set(colours(chart))) == 3
    assert chart["scales"]["y"]["max"] == 5
    assert chart["scales"]["y"]["title"]["text"] == dutch("Average score (1 to 5)")
    assert chart["scales"]["x"]["title"]["text"] == dutch("Domain")


def test_every_average_in_the_report_has_one_decimal(world: World):
    """Scores of 3, 3, 3, 3, 3 and 5 average 3.33: shown as 3,3, like a feedback of 7,0."""
    assessed(world, MIN_GROUP, 3)
    assessed(world, 1, 5)
    session = world.training_seat.session
    for _ in range(MIN_GROUP):
        seat = Seat.objects.create(
            session=session,
            participant=Participant.objects.create(cohort=world.cohort, user=UserFactory.create()),
            attendance=Seat.Attendance.PRESENT,
        )
        SessionFeedback.objects.create(seat=seat, session=session, score=7)
    page = report(world)
    assert '<td class="text-end">3,3</td>' in page
    assert "3,33" not in page
    assert "gemiddeld 7,0 " in page
