"""Messages to a team: from its coordinator, its wijkagent or the region, to everyone in the
team or to those on one shift, through the outbox and each person's choices. Nothing is
stored beyond the messages themselves (and their retention); a reply goes back to the sender
as a message too, by a signed link that names the team and the sender."""

from __future__ import annotations

import uuid

from django.core import signing
from django.urls import reverse

from notifications.services import notify, notify_many

from ..models import Membership, Shift, ShiftSignup, Team, User
from ..permissions import can_announce, require
from ..roles import Roles

REPLY_SALT = "teams.announcement-reply"
REPLY_DAYS = 30


def announcement_send(
    *, sender: User, team: Team, subject: str, body: str, shift: Shift | None = None
) -> int:
    """Send the message; returns to how many people (never the sender)."""
    require(can_announce(Roles(sender), team))
    if shift is not None:
        require(shift.team_id == team.pk)
        people = User.objects.filter(
            memberships__signups__shift=shift,
            memberships__signups__status=ShiftSignup.Status.CONFIRMED,
        )
    else:
        people = User.objects.filter(
            memberships__team=team, memberships__status__in=Membership.CURRENT_STATUSES
        )
    recipients = list(people.filter(is_active=True).exclude(pk=sender.pk).distinct())
    token = signing.dumps(
        {"team": team.pk, "sender": sender.pk, "subject": subject.strip()}, salt=REPLY_SALT
    )
    link = reverse("teams:announcement_reply", args=[token])
    return notify_many(
        event="team_announcement",
        recipients=recipients,
        dedup_key=f"announcement:{team.pk}:{uuid.uuid4().hex}",
        context={
            "team": team,
            "sender": sender.first_name,
            "subject": subject.strip(),
            "body": body.strip(),
            "shift": shift,
        },
        link=link,
    )


def announcement_read(token: str) -> dict | None:
    """What a reply link names (team, sender, subject), or None when it is not ours or old."""
    try:
        return signing.loads(token, salt=REPLY_SALT, max_age=REPLY_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None


def announcement_reply(*, author: User, team: Team, sender: User, subject: str, text: str) -> None:
    """A member answers the sender of a message to the team."""
    require(Roles(author).membership_for(team.pk) is not None and author != sender)
    notify(
        event="team_announcement_reply",
        recipient=sender,
        dedup_key=f"announcement-reply:{team.pk}:{uuid.uuid4().hex}",
        context={"team": team, "author": author.first_name, "subject": subject, "text": text},
    )
