"""The personal data of training: participation, attendance and evaluation answers."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from privacy.models import RetentionPolicy
from privacy.registry import PersonalData, Rows, register

from .models import Answer, Seat, SelfAssessment, SessionFeedback

LABELS = {
    "training_sessions": _("Training sessions"),
    "self_assessments": _("Self-assessments"),
    "session_feedback": _("Session feedback"),
    "cohort": _("cohort"),
    "session": _("session"),
    "starts_at": _("start"),
    "location": _("location"),
    "invitation": _("invitation"),
    "attendance": _("attendance"),
    "moment": _("moment"),
    "submitted_at": _("submitted"),
    "answers": _("answers"),
    "score": _("mark"),
    "comment": _("comment"),
}


def export(user) -> dict[str, Rows]:
    seats = (
        Seat.objects.filter(participant__user=user)
        .select_related("session__cohort", "session__template")
        .order_by("session__starts_at")
    )
    assessments = (
        SelfAssessment.objects.filter(participant__user=user)
        .select_related("cohort")
        .prefetch_related(Prefetch("answers", Answer.objects.select_related("item")))
        .order_by("submitted_at")
    )
    feedback = (
        SessionFeedback.objects.filter(seat__participant__user=user)
        .select_related("session__template")
        .order_by("submitted_at")
    )
    return {
        "training_sessions": [
            {
                "cohort": seat.session.cohort.name,
                "session": seat.session.template.title,
                "starts_at": seat.session.starts_at.isoformat(),
                "location": seat.session.location,
                "invitation": seat.get_status_display(),
                "attendance": seat.get_attendance_display(),
            }
            for seat in seats
        ],
        "self_assessments": [
            {
                "cohort": a.cohort.name,
                "moment": a.get_moment_display(),
                "submitted_at": a.submitted_at.isoformat(),
                "answers": {answer.item.text: answer.score for answer in a.answers.all()},
            }
            for a in assessments
        ],
        "session_feedback": [
            {
                "session": f.session.template.title,
                "score": f.score,
                "comment": f.comment,
                "submitted_at": f.submitted_at.isoformat(),
            }
            for f in feedback
        ],
    }


def erase(user, pseudonym: str) -> None:
    """Evaluation answers stay in the cohort's figures, without the person."""
    SelfAssessment.objects.filter(participant__user=user).update(participant=None)
    SessionFeedback.objects.filter(seat__participant__user=user).update(seat=None)


def retain(now: datetime.datetime) -> dict[str, int]:
    cutoff = now - datetime.timedelta(days=RetentionPolicy.current().evaluation_days)
    assessments = SelfAssessment.objects.filter(
        submitted_at__lt=cutoff, participant__isnull=False
    ).update(participant=None)
    feedback = SessionFeedback.objects.filter(submitted_at__lt=cutoff, seat__isnull=False).update(
        seat=None
    )
    return {"evaluation_answers_detached": assessments + feedback}


def periods() -> list[tuple[str, int]]:
    return [
        (str(_("Who gave which evaluation answers")), RetentionPolicy.current().evaluation_days)
    ]


register(PersonalData("trainingen", export, erase, retain, LABELS, periods))
