"""Writes for privacy: the access log, erasure, ending sessions, retention."""

from __future__ import annotations

import datetime
import hashlib

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from . import registry
from .http import client_ip
from .models import AccessLogEntry, AccessLogIds, RetentionRun, numbers_ranges


def access_log_add(
    *,
    request: HttpRequest,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    detail: str = "",
) -> AccessLogEntry:
    """Record who read, exported or downloaded personal data, when and from where."""
    entry = _entry(request, action, object_type, object_id, detail)
    entry.save(force_insert=True)
    return entry


def access_log_add_many(
    *,
    request: HttpRequest,
    action: str,
    object_type: str,
    object_ids: list[int],
    detail: str = "",
) -> list[AccessLogEntry]:
    """One entry for each object a page read at once (the care signals whose texts "Mijn
    gegevens" shows), in one insert, so each stays findable by its own number."""
    return AccessLogEntry.objects.bulk_create(
        _entry(request, action, object_type, object_id, detail) for object_id in object_ids
    )


def _entry(
    request: HttpRequest, action: str, object_type: str, object_id: str | int, detail: str
) -> AccessLogEntry:
    return AccessLogEntry(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail[:300],
        ip_address=client_ip(request),
    )


def access_log_ids_add(entry: AccessLogEntry, numbers: list[int]) -> AccessLogIds | None:
    """Record that the entry covered these objects (one part of an export), in one insert."""
    if not numbers:
        return None
    return AccessLogIds.objects.create(
        entry=entry,
        lowest=min(numbers),
        highest=max(numbers),
        count=len(set(numbers)),
        ranges=numbers_ranges(numbers),
    )


def pseudonym_for(user) -> str:
    digest = hashlib.sha256(f"{user.pk}:{user.date_joined.isoformat()}".encode()).hexdigest()
    return f"verwijderd-{digest[:10]}"


def sessions_end(user) -> int:
    """Log a person out everywhere (sessions recorded at login)."""
    ended = 0
    for session in UserSession.objects.filter(user=user):
        session.end()
        ended += 1
    return ended


def sessions_clear_expired() -> int:
    """Delete the sessions past their expiry (Django never does by itself), with allauth's
    record of each. Returns how many."""
    expired = Session.objects.filter(expire_date__lt=timezone.now())
    UserSession.objects.filter(session_key__in=expired.values("session_key")).delete()
    return expired.delete()[0]


def user_erase(*, user, request: HttpRequest) -> str:
    """Erase a person: personal data removed, the records of what happened kept under a
    pseudonym, so the history of signals, rosters and teams stays whole."""
    pseudonym = pseudonym_for(user)
    with transaction.atomic():
        # In the order of INSTALLED_APPS: notifications find messages sent to the bare
        # address before teams replaces that address with the pseudonym.
        for part in registry.parts():
            if part.erase is not None:
                part.erase(user, pseudonym)
        access_log_add(
            request=request,
            action=AccessLogEntry.Action.ERASURE,
            object_type=AccessLogEntry.Subject.PERSON,
            object_id=user.pk,
            detail=pseudonym,
        )
    sessions_end(user)
    return pseudonym


def retention_apply(*, now: datetime.datetime | None = None) -> RetentionRun:
    """Anonymise what has outlived its retention period; running it twice changes nothing
    more. The run records what it did."""
    now = now or timezone.now()
    results = {}
    with transaction.atomic():
        for part in registry.parts():
            if part.retain is not None:
                results.update(part.retain(now))
        return RetentionRun.objects.create(ran_at=now, results=results)
