"""The one place that answers "may this person see or run this training cohort?".

Training coordinators (and regional administrators) run every cohort. Participants see their
own cohorts; partner users see the cohorts their organisation takes part in. Everyone else
gets a 404. As in the other apps: functions of what the person is (`Roles`) and the cohort,
and the same rule as a queryset for lists (`visible_cohorts`); tests/test_permissions.py
proves that both answers agree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.http import Request
from teams.roles import Roles

from .models import Cohort, CohortSession, Participant, SelfAssessment


def can_manage_cohorts(roles: Roles) -> bool:
    return roles.is_training_coordinator


def _taking_part(roles: Roles) -> Q:
    """Participants: the person, or (for partner users) their organisation."""
    return Q(user_id=roles.user.pk) | Q(organisation_id__in=roles.organisation_ids)


def can_view_cohort(roles: Roles, cohort: Cohort) -> bool:
    if not roles.is_active:
        return False
    if can_manage_cohorts(roles):
        return True
    return cohort.participants.filter(_taking_part(roles)).exists()


def visible_cohorts(roles: Roles) -> QuerySet[Cohort]:
    if not roles.is_active:
        return Cohort.objects.none()
    if can_manage_cohorts(roles):
        return Cohort.objects.all()
    return Cohort.objects.filter(
        Exists(Participant.objects.filter(_taking_part(roles), cohort=OuterRef("pk")))
    )


def own_participation(roles: Roles, cohort: Cohort) -> Participant | None:
    """The person's own place in the cohort, with which self-assessments they filled in."""
    if (user := roles.active_user) is None:
        return None
    return (
        cohort.participants.filter(user=user)
        .annotate(
            has_pre=Exists(_assessment("pre")),
            has_post=Exists(_assessment("post")),
            has_follow_up=Exists(_assessment("follow_up")),
        )
        .first()
    )


def _assessment(moment: str):
    return SelfAssessment.objects.filter(participant=OuterRef("pk"), moment=moment)


def can_download_certificate(roles: Roles, participant: Participant) -> bool:
    """The participant themselves, or a training coordinator."""
    return participant.user_id == roles.user.pk or can_manage_cohorts(roles)


# --- For views: the object, or 404 / 403 ----------------------------------------------------


def get_cohort_or_deny(
    request: Request, pk: int, *, manage: bool = False
) -> tuple[Cohort, Participant | None]:
    """The cohort and the reader's own place in it (None when they are not a participant)."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    roles = request.roles
    if can_manage_cohorts(roles):
        # Pages that manage a cohort do not show the coordinator's own place in it.
        return cohort, None if manage else own_participation(roles, cohort)
    participation = own_participation(roles, cohort)
    if participation is None and not can_view_cohort(roles, cohort):
        raise Http404
    if manage:
        raise PermissionDenied
    return cohort, participation


def get_session_or_deny(
    request: Request, pk: int, *, manage: bool = False
) -> tuple[CohortSession, Participant | None]:
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__programme", "template"), pk=pk
    )
    _cohort, participation = get_cohort_or_deny(request, session.cohort_id, manage=manage)
    return session, participation


def get_participant_for_certificate(request: Request, pk: int) -> Participant:
    participant = get_object_or_404(
        Participant.objects.select_related("user", "cohort__programme"), pk=pk
    )
    if can_download_certificate(request.roles, participant):
        return participant
    get_cohort_or_deny(request, participant.cohort_id)
    raise PermissionDenied
