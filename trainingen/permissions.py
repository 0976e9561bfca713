"""Who may see and run training cohorts.

Training coordinators (and regional administrators) run every cohort. Participants see their
own cohorts; partner users see the cohorts their organisation takes part in. Everyone else
gets a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from teams.selectors import get_roles

from .models import Cohort, CohortSession, Participant, SelfAssessment, TrainingCoordinator


def is_training_coordinator(request: HttpRequest) -> bool:
    if not hasattr(request, "_training_coordinator"):
        user = request.user
        request._training_coordinator = user.is_authenticated and (
            get_roles(request).is_admin or TrainingCoordinator.objects.filter(user=user).exists()
        )
    return request._training_coordinator


def visible_cohorts(request: HttpRequest) -> QuerySet[Cohort]:
    if is_training_coordinator(request):
        return Cohort.objects.all()
    organisation_ids = [o.pk for o in get_roles(request).organisations]
    return Cohort.objects.filter(
        Q(participants__user=request.user) | Q(participants__organisation_id__in=organisation_ids)
    ).distinct()


def get_cohort_or_deny(request: HttpRequest, pk: int, *, manage: bool = False) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    if is_training_coordinator(request):
        return cohort
    if (
        own_participation(request, cohort) is None
        and not visible_cohorts(request).filter(pk=cohort.pk).exists()
    ):
        raise Http404
    if manage:
        raise PermissionDenied
    return cohort


def get_session_or_deny(request: HttpRequest, pk: int, *, manage: bool = False) -> CohortSession:
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__programme", "template"), pk=pk
    )
    get_cohort_or_deny(request, session.cohort_id, manage=manage)
    return session


def own_participation(request: HttpRequest, cohort: Cohort) -> Participant | None:
    """The reader's own place in the cohort, with which self-assessments they filled in
    (read once per request)."""
    cache = request.__dict__.setdefault("_participations", {})
    if cohort.pk not in cache:
        cache[cohort.pk] = (
            cohort.participants.filter(user=request.user)
            .annotate(
                has_pre=Exists(_assessment("pre")),
                has_post=Exists(_assessment("post")),
                has_follow_up=Exists(_assessment("follow_up")),
            )
            .first()
        )
    return cache[cohort.pk]


def _assessment(moment: str):
    return SelfAssessment.objects.filter(participant=OuterRef("pk"), moment=moment)


def get_participant_for_certificate(request: HttpRequest, pk: int) -> Participant:
    """The participant themselves, or a training coordinator."""
    participant = get_object_or_404(
        Participant.objects.select_related("user", "cohort__programme"), pk=pk
    )
    if participant.user_id == request.user.pk or is_training_coordinator(request):
        return participant
    get_cohort_or_deny(request, participant.cohort_id)
    raise PermissionDenied
