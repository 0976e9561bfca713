from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min
from django.utils import timezone

from . import events, push
from .cache import forget, per_person
from .models import Delivery, Notification, PushSubscription, ServiceState

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


# An e-mail or push message not delivered this long after it was written (seconds) makes the
# health check say "degraded": with the workers and the mail server up it takes seconds.
OUTBOX_LATE_AFTER = 300


def failed_by_channel() -> dict[str, int]:
    """Messages that will not be delivered, per channel (the metrics; a partial index)."""
    return dict(
        Notification.objects.filter(status=Notification.Status.FAILED)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .order_by()
    )


def outbox_health() -> dict[str, dict]:
    """What /healthz reports about delivery (when workers deliver, not in-process): the
    outbox's backlog and its oldest pending message, whether the mail server is failing,
    and when beat and the workers' sweep were last seen. Each part says whether it is ok."""
    now = timezone.now()
    # One query per state, each within its partial index (a status IN (...) matches neither
    # and would read the whole table on every health check).
    pending, sending = (
        Notification.objects.filter(
            channel__in=(Notification.Channel.EMAIL, Notification.Channel.PUSH),
            status=status,
            delivery=Delivery.IMMEDIATE,
        ).aggregate(count=Count("pk"), oldest=Min("created_at"))
        for status in (Notification.Status.PENDING, Notification.Status.SENDING)
    )
    oldest = _seconds_since(
        min(filter(None, (pending["oldest"], sending["oldest"])), default=None), now
    )
    states = {state.name: state for state in ServiceState.objects.all()}
    mail_server = states.get(ServiceState.MAIL_SERVER)
    failing_since = mail_server.failing_since if mail_server else None

    def seen(name: str, within: float) -> dict:
        state = states.get(name)
        ago = _seconds_since(state.seen_at if state else None, now)
        return {"ok": ago is not None and ago <= within, "last_seen_seconds": ago}

    return {
        "outbox": {
            "ok": oldest is None or oldest <= OUTBOX_LATE_AFTER,
            "pending": pending["count"] + sending["count"],
            "oldest_pending_seconds": oldest,
        },
        "mail_server": {
            "ok": failing_since is None,
            "failing_seconds": _seconds_since(failing_since, now),
        },
        "workers": seen(ServiceState.SWEEP, 3 * settings.NOTIFICATION_SWEEP_INTERVAL),
        "beat": seen(ServiceState.BEAT, settings.BEAT_MISSING_AFTER),
    }


def _seconds_since(moment, now) -> int | None:
    return None if moment is None else max(0, round((now - moment).total_seconds()))
