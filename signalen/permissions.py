"""The one place that answers "may this user see or change this signal?".

Care signals are special-category data: their contents are for the reporter and the
responsible organisation only. The reporter's coordinator (and a regional administrator
routing the queue) sees that one was handed over and its status; nobody else sees it at all.
"""

from __future__ import annotations

import enum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from teams.selectors import Roles, get_roles

from . import workflow
from .models import Sensitivity, Signal


class Access(enum.IntEnum):
    NONE = 0
    SUMMARY = 1  # a care signal was handed over, and its status
    FULL = 2


def access_to(user, roles: Roles, signal: Signal) -> Access:
    organisation_ids = {o.pk for o in roles.organisations}
    if signal.reporter_id == user.pk or signal.responsible_id in organisation_ids:
        return Access.FULL
    coordinates_team = signal.team_id in {t.pk for t in roles.coordinated_teams}
    if signal.sensitivity == Sensitivity.CARE:
        return Access.SUMMARY if coordinates_team or roles.is_admin else Access.NONE
    informed = any(o.pk in organisation_ids for o in signal.informed.all())
    if coordinates_team or roles.is_admin or informed:
        return Access.FULL
    return Access.NONE


def get_signal_or_deny(request: HttpRequest, pk: int) -> tuple[Signal, Access]:
    signal = get_object_or_404(
        Signal.objects.select_related(
            "category__parent", "responsible", "neighbourhood", "team", "assignee", "reporter"
        ).prefetch_related("informed"),
        pk=pk,
    )
    access = access_to(request.user, get_roles(request), signal)
    if access == Access.NONE:
        raise Http404
    return signal, access


def available_actions(user, roles: Roles, signal: Signal) -> list[workflow.Transition]:
    """The moves of the transition table this person may make now; none on a signal that
    was anonymised after its retention period."""
    if signal.anonymised_at is not None:
        return []
    mine = set()
    if signal.reporter_id == user.pk:
        mine.add(workflow.REPORTER)
    if signal.responsible_id in {o.pk for o in roles.organisations}:
        mine.add(workflow.PARTNER)
    if roles.is_admin and signal.responsible_id is None:
        mine.add(workflow.ADMIN)
    return [
        transition
        for transition in workflow.TRANSITIONS.values()
        if transition.by in mine
        and signal.status in transition.sources
        and not (transition.action == workflow.Kind.ROUTED and signal.responsible_id)
    ]


def check_action(request: HttpRequest, signal: Signal, action: str) -> workflow.Transition:
    for transition in available_actions(request.user, get_roles(request), signal):
        if transition.action == action:
            return transition
    raise PermissionDenied


def full_access_q(user, roles: Roles) -> Q:
    """Signals whose contents this person may read in a list, map or export."""
    organisation_ids = [o.pk for o in roles.organisations]
    q = Q(reporter=user) | Q(responsible_id__in=organisation_ids)
    informed = Exists(
        Signal.informed.through.objects.filter(
            signal_id=OuterRef("pk"), partnerorganisation_id__in=organisation_ids
        )
    )
    normal = Q(informed) | Q(team_id__in=[t.pk for t in roles.coordinated_teams])
    if roles.is_admin:
        normal = Q(pk__isnull=False)
    return q | (Q(sensitivity=Sensitivity.NORMAL) & normal)


def visible_signals(user, roles: Roles) -> QuerySet[Signal]:
    """Signals whose contents this person may read (one query, no duplicates)."""
    return Signal.objects.filter(full_access_q(user, roles))
