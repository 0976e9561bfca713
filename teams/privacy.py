"""The personal data of teams: the account, memberships, rosters and patrol logs."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.models import RetentionPolicy
from privacy.registry import PersonalData, Rows, register

from .models import (
    JOIN_REQUEST_DAYS,
    CalendarFeed,
    Invitation,
    JoinRequest,
    Membership,
    PartnerMembership,
    PatrolLog,
    PatrolLogEvent,
    ShiftSignup,
    User,
)
from .roles import roles_changed

ERASED_DOMAIN = "verwijderd.invalid"

LABELS = {
    "account": _("Account"),
    "memberships": _("Team memberships"),
    "partner_memberships": _("Partner organisations"),
    "shift_signups": _("Shifts signed up for"),
    "patrol_logs": _("Patrol logs filed"),
    "email": _("e-mail address"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "language": _("language"),
    "date_joined": _("date joined"),
    "last_login": _("last login"),
    "two_factor": _("two-factor authentication"),
    "calendar_feed": _("personal calendar address"),
    "team": _("team"),
    "role": _("role"),
    "status": _("status"),
    "intake_on": _("intake interview"),
    "code_of_conduct_signed_on": _("code of conduct signed"),
    "vog_issued_on": _("VOG issued"),
    "training_completed_on": _("training completed"),
    "vest_issued_on": _("vest issued"),
    "organisation": _("organisation"),
    "is_lead": _("lead"),
    "active": _("active"),
    "shift_start": _("start"),
    "shift_end": _("end"),
    "meeting_point": _("meeting point"),
    "started_at": _("actual start"),
    "ended_at": _("actual end"),
    "area": _("streets or area covered"),
    "notes": _("notes"),
}


def _date(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Rows]:
    memberships = Membership.objects.filter(user=user).select_related("team")
    return {
        "account": [
            {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": user.get_language_display(),
                "date_joined": _date(user.date_joined),
                "last_login": _date(user.last_login),
                "two_factor": sorted(
                    Authenticator.objects.filter(user=user).values_list("type", flat=True)
                ),
                "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
            }
        ],
        "memberships": [
            {
                "team": m.team.name,
                "role": m.get_role_display(),
                "status": m.get_status_display(),
                "intake_on": _date(m.intake_on),
                "code_of_conduct_signed_on": _date(m.code_of_conduct_signed_on),
                "vog_issued_on": _date(m.vog_issued_on),
                "training_completed_on": _date(m.training_completed_on),
                "vest_issued_on": _date(m.vest_issued_on),
            }
            for m in memberships
        ],
        "partner_memberships": [
            {"organisation": p.organisation.name, "is_lead": p.is_lead, "active": p.is_active}
            for p in PartnerMembership.objects.filter(user=user).select_related("organisation")
        ],
        "shift_signups": [
            {
                "team": s.shift.team.name,
                "shift_start": _date(s.shift.starts_at),
                "shift_end": _date(s.shift.ends_at),
                "meeting_point": s.shift.meeting_point,
                "status": s.get_status_display(),
            }
            for s in ShiftSignup.objects.filter(membership__user=user)
            .select_related("shift__team")
            .order_by("shift__starts_at")
        ],
        "patrol_logs": [
            {
                "team": log.shift.team.name,
                "started_at": _date(log.started_at),
                "ended_at": _date(log.ended_at),
                "area": log.area,
                "notes": log.notes,
            }
            for log in PatrolLog.objects.filter(filed_by=user)
            .select_related("shift__team")
            .order_by("started_at")
        ],
    }


def erase(user: User, pseudonym: str) -> None:
    """The account keeps only a pseudonym, so rosters, logs and events stay whole."""
    old_email = user.email
    user.first_name = pseudonym
    user.last_name = ""
    user.email = f"{pseudonym}@{ERASED_DOMAIN}"
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    for membership in Membership.objects.filter(user=user):
        membership.status = Membership.Status.INACTIVE
        for name in Membership.ONBOARDING_DATES:
            setattr(membership, name, None)
        membership.save()
    PartnerMembership.objects.filter(user=user).update(is_active=False, is_lead=False)
    roles_changed([user.pk])
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=old_email)).update(
        email=user.email, first_name=pseudonym
    )
    JoinRequest.objects.filter(email__iexact=old_email).delete()


def retain(now: datetime.datetime) -> dict[str, int]:
    """Patrol log notes go after their period; the log itself (who, when, where, what was
    seen) stays, as it feeds the team's figures."""
    cutoff = now - datetime.timedelta(days=RetentionPolicy.current().patrol_notes_days)
    expired = PatrolLog.objects.filter(ended_at__lt=cutoff)
    cleared = expired.exclude(notes="").update(notes="")
    events = PatrolLogEvent.objects.filter(log__in=expired, changes__has_key="notes")
    for event in events:
        del event.changes["notes"]
        event.save(update_fields=["changes"])
    # A request to join that nobody decided on: the name and address of someone who is not
    # a member go after JOIN_REQUEST_DAYS (a decision erases them at once).
    stale = now - datetime.timedelta(days=JOIN_REQUEST_DAYS)
    waiting = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING, created_at__lt=stale)
    removed, _per_model = waiting.delete()
    return {"patrol_log_notes": cleared, "join_requests": removed}


def periods() -> list[tuple[str, int]]:
    return [
        (str(_("Notes in patrol logs")), RetentionPolicy.current().patrol_notes_days),
        (str(_("Requests to join a team that nobody decided on")), JOIN_REQUEST_DAYS),
    ]


register(PersonalData("teams", export, erase, retain, LABELS, periods))
