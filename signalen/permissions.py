"""The one place that answers "may this person see or move this signal?".

Care signals are special-category data: their contents are for the reporter and the
responsible organisation only. The reporter's coordinator (and a regional administrator
routing the queue) sees that one was handed over and its status; nobody else sees it at all.

Each rule is a function of what the person is (`Roles`, which carries the user) and the
signal, used by views and services alike; lists use the same rule as a queryset
(`signals_with_access`), and tests/test_permissions.py proves for every persona and every
signal of the test world that both answers agree.
"""

from __future__ import annotations

import datetime
import enum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from teams.http import Request
from teams.roles import Roles

from . import workflow
from .models import ExternalHandoff, SavedFilter, Sensitivity, Signal, SignalQuerySet, Status


class Access(enum.IntEnum):
    NONE = 0
    SUMMARY = 1  # a care signal was handed over, and its status
    FULL = 2


def access_to(roles: Roles, signal: Signal) -> Access:
    if not roles.is_active:
        return Access.NONE
    organisation_ids = roles.organisation_ids
    if signal.reporter_id == roles.user.pk or signal.responsible_id in organisation_ids:
        return Access.FULL
    coordinates_team = signal.team_id in roles.coordinated_team_ids
    if signal.sensitivity == Sensitivity.CARE:
        return Access.SUMMARY if coordinates_team or roles.is_admin else Access.NONE
    informed = any(o.pk in organisation_ids for o in signal.informed.all())
    if coordinates_team or roles.is_admin or informed:
        return Access.FULL
    return Access.NONE


def signals_with_access(roles: Roles, at_least: Access = Access.FULL) -> SignalQuerySet:
    """The signals this person has at least this access to, as one query without duplicates:
    FULL for what a list, map or export may show the contents of."""
    if not roles.is_active:
        return Signal.objects.none()
    organisation_ids = roles.organisation_ids
    coordinated = Q(team_id__in=roles.coordinated_team_ids)
    own = Q(reporter_id=roles.user.pk) | Q(responsible_id__in=organisation_ids)
    informed = Exists(
        Signal.informed.through.objects.filter(
            signal_id=OuterRef("pk"), partnerorganisation_id__in=organisation_ids
        )
    )
    everything = Q(pk__isnull=False)
    normal = everything if roles.is_admin else (coordinated | Q(informed))
    q = own | (Q(sensitivity=Sensitivity.NORMAL) & normal)
    if at_least == Access.SUMMARY:
        q |= Q(sensitivity=Sensitivity.CARE) & (everything if roles.is_admin else coordinated)
    return Signal.objects.filter(q)


def signal_roles(roles: Roles, signal: Signal) -> set[str]:
    """The parts this person plays in the signal's workflow (workflow.TRANSITIONS says which
    moves each part may make); none on a signal anonymised after its retention period."""
    if signal.anonymised_at is not None or not roles.is_active:
        return set()
    parts = set()
    if signal.reporter_id == roles.user.pk:
        parts.add(workflow.REPORTER)
    if signal.responsible_id in roles.organisation_ids:
        parts.add(workflow.PARTNER)
    if roles.is_admin and signal.responsible_id is None:
        parts.add(workflow.ADMIN)
    return parts


def available_actions(roles: Roles, signal: Signal) -> list[workflow.Transition]:
    """The moves of the transition table this person may make now."""
    parts = signal_roles(roles, signal)
    return [
        transition
        for transition in workflow.TRANSITIONS.values()
        if transition.by in parts and signal.status in transition.sources
    ]


def may_move_with(access: Access, action: str) -> bool:
    """Moves need the signal's contents, except routing from the regional queue: an
    administrator sends a care signal on knowing only what its summary shows (category,
    neighbourhood, age), or a worry about a resident would reach nobody."""
    return access == Access.FULL or (access == Access.SUMMARY and action == workflow.Kind.ROUTED)


def get_signal_or_deny(request: Request, pk: int) -> tuple[Signal, Access]:
    # The signal page's relations, not the reporter's row (read where a move tells them):
    # PostgreSQL's time to plan a join about doubles with every table joined, and with seven
    # it took longer than running the query (5 of 5.5 ms).
    signal = get_object_or_404(
        Signal.objects.select_related(
            "category__parent", "responsible", "neighbourhood", "team", "assignee"
        ).prefetch_related("informed"),
        pk=pk,
    )
    access = access_to(request.roles, signal)
    if access == Access.NONE:
        raise Http404
    return signal, access


def check_action(request: Request, signal: Signal, action: str) -> workflow.Transition:
    for transition in available_actions(request.roles, signal):
        if transition.action == action:
            return transition
    raise PermissionDenied


# The two sides of the conversation on a signal (docs/signal-workflow.md, `message`).
PARTNER_SIDE, TEAM_SIDE = "partner", "team"
# Messages stay possible this long after a signal was resolved.
TALK_AFTER_RESOLVED = datetime.timedelta(days=14)


def talk_side(roles: Roles, signal: Signal) -> str | None:
    """Which side of the signal's conversation this person is on: the responsible
    organisation's people, or the reporting team (the reporter, and for a normal signal the
    team's coordinators; a care signal's coordinator sees only its status). None for
    everyone else, for a signal without an organisation, and once it was anonymised."""
    if signal.anonymised_at is not None or not roles.is_active or signal.responsible_id is None:
        return None
    if signal.responsible_id in roles.organisation_ids:
        return PARTNER_SIDE
    if signal.reporter_id == roles.user.pk:
        return TEAM_SIDE
    if signal.sensitivity == Sensitivity.NORMAL and signal.team_id in roles.coordinated_team_ids:
        return TEAM_SIDE
    return None


def talk_closes_at(signal: Signal) -> datetime.datetime | None:
    """When the conversation closes: 14 days after the signal was resolved; None while it is
    open (and for a resolved signal without a moment of resolution, which is closed)."""
    if signal.status != Status.RESOLVED or signal.resolved_at is None:
        return None
    return signal.resolved_at + TALK_AFTER_RESOLVED


def talk_is_open(signal: Signal, now: datetime.datetime | None = None) -> bool:
    if signal.is_open:
        return True
    closes_at = talk_closes_at(signal)
    return closes_at is not None and (now or timezone.now()) < closes_at


def may_talk(roles: Roles, signal: Signal, now: datetime.datetime | None = None) -> bool:
    """May this person send a message on the signal now?"""
    return talk_side(roles, signal) is not None and talk_is_open(signal, now)


def get_saved_filter_or_404(request: Request, pk: int) -> SavedFilter:
    """A saved filter is its owner's alone: anyone else's is not found."""
    return get_object_or_404(SavedFilter, pk=pk, user=request.user)


def may_add_observation(roles: Roles, signal: Signal) -> bool:
    """A volunteer who saw the same thing adds to an open signal they may read in full
    (the ones "Al gemeld?" suggests), instead of reporting it again."""
    return (
        bool(roles.memberships)
        and signal.is_open
        and signal.anonymised_at is None
        and access_to(roles, signal) == Access.FULL
    )


def may_hand_off(roles: Roles, signal: Signal) -> bool:
    """The responsible organisation may hand an open normal signal to someone outside the
    application. Never a care signal: its contents stay with the reporter and that partner."""
    return not signal.is_care and signal.is_open and workflow.PARTNER in signal_roles(roles, signal)


def may_revoke_handoff(roles: Roles, handoff: ExternalHandoff) -> bool:
    """Whoever works for the organisation that handed it off may take the link back."""
    return roles.is_active and handoff.organisation_id in roles.organisation_ids
