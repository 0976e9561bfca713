from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from . import events, push
from .cache import forget, per_person
from .models import Notification, PushSubscription

INBOX_PAGE_SIZE = 25
UNREAD = "unread"


def unread_count(user) -> int:
    """How many of the person's inbox messages are unread (the bell on every page), kept in
    the cache until a message arrives or is read (`unread_changed`)."""
    return per_person(UNREAD, user.pk, Notification.objects.inbox_of(user).unread().count)


def unread_changed(user_ids: Iterable[int]) -> None:
    forget(UNREAD, set(user_ids))


def inbox_page(user, number: int | str | None) -> Page:
    messages = Notification.objects.inbox_of(user).only(
        "pk", "subject", "body_text", "link", "created_at", "read_at"
    )
    return Paginator(messages, INBOX_PAGE_SIZE).get_page(number)


@dataclass(frozen=True)
class PushSettings:
    """What the profile and the preferences show about push for one person."""

    configured: bool
    public_key: str
    devices: int
    events: list[events.Event]


def push_settings(user) -> PushSettings:
    configured = push.configured()
    return PushSettings(
        configured=configured,
        public_key=settings.VAPID_PUBLIC_KEY if configured else "",
        devices=PushSubscription.objects.filter(user=user).count() if configured else 0,
        events=[event for event in events.all_events() if event.push],
    )
