"""The outbox: create notifications in the caller's transaction, deliver them exactly once."""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import channels, events, push
from .models import Delivery, Notification, NotificationPreference, PushSubscription
from .selectors import unread_changed

logger = logging.getLogger(__name__)

# The channels a worker delivers; in-app messages are delivered by being written.
WORKER_CHANNELS = (Notification.Channel.EMAIL, Notification.Channel.PUSH)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str

    def as_json(self) -> dict[str, str]:
        return {"filename": self.filename, "content": self.content, "mimetype": self.mimetype}


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did. `retry_in` is set when it should be tried again."""

    status: str
    retry_in: float | None = None


def notify(
    *,
    event: str,
    dedup_key: str,
    context: dict[str, Any],
    recipient=None,
    email: str = "",
    link: str = "",
    attachments: Sequence[Attachment] = (),
    secrets: dict[str, str] | None = None,
    inbox: bool = True,
) -> list[Notification]:
    """Write the messages for one event to one person, in the caller's transaction.

    The texts are rendered now, in the recipient's language, from
    `emails/<event>_subject.txt`, `emails/<event>.txt` and `emails/<event>.html`. A logged-in
    person also gets the message in their in-app inbox (unless `inbox=False`). The e-mail
    follows their preference for this event (immediately, daily digest or off) unless the
    event is mandatory. `secrets` are values that must not be stored after delivery: the
    templates see a marker that is replaced when the message is sent.

    Rows whose deduplication key exists already are not written again, so calling this twice
    for the same event sends one message. E-mails to send now are queued after the commit.
    """
    language = recipient.language if recipient is not None else settings.LANGUAGE_CODE
    subject, body_text, body_html = _render(
        event, context, recipient, language=language, link=link, secrets=secrets or {}
    )
    return outbox_write(
        event=event,
        dedup_key=dedup_key,
        recipient=recipient,
        email=email,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        link=link,
        attachments=attachments,
        secrets=secrets,
        inbox=inbox,
    )


def notify_many(
    *,
    event: str,
    recipients: Iterable,
    dedup_key: str,
    context: dict[str, Any],
    link: str = "",
    push: bool = True,
) -> int:
    """`notify` for many people at once, in a fixed number of queries however many they are
    (a partner organisation, a team). Each person's key is `<dedup_key>:<person's id>`, and
    someone listed twice is told once. Returns how many people got a new message.

    An event that can go by push (`Event.push`) also goes to every device where the person
    switched push on, unless they switched it off for this event, and unless the caller
    says this occurrence is not urgent (`push=False`)."""
    spec = events.get(event)
    people = {person.pk: person for person in recipients if person.is_active}
    deliveries = _deliveries(people, spec)
    devices = _push_devices(people, spec) if push and spec.push else {}
    rows = []
    for person in people.values():
        subject, body_text, body_html = _render(
            event, context, person, language=person.language, link=link, secrets={}
        )
        rows += _rows(
            spec,
            deliveries[person.pk],
            dedup_key=f"{dedup_key}:{person.pk}",
            recipient=person,
            email=person.email,
            language=person.language,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            link=link,
        )
        if devices.get(person.pk):
            rows += _push_rows(
                spec, devices[person.pk], context, person, f"{dedup_key}:{person.pk}", link
            )
    return len({row.recipient_id for row in _insert(rows)})


def _push_devices(people: dict[int, Any], spec: events.Event) -> dict[int, list[PushSubscription]]:
    """The devices of each person who has not switched push off for this event; one query,
    none while push is not configured."""
    if not push.configured() or not people:
        return {}
    subscriptions = PushSubscription.objects.filter(user__in=list(people)).exclude(
        user__notification_preferences__event=spec.code,
        user__notification_preferences__push=False,
    )
    devices: dict[int, list[PushSubscription]] = {}
    for subscription in subscriptions.order_by("pk"):
        devices.setdefault(subscription.user_id, []).append(subscription)
    return devices


def _push_rows(
    spec: events.Event,
    subscriptions: list[PushSubscription],
    context: dict[str, Any],
    person,
    dedup_key: str,
    link: str,
) -> list[Notification]:
    """One pending row per device, its texts rendered now in the person's language. An event
    without contents in its push sees none of the event's context."""
    render_context = {**(context if spec.push_contents else {}), "recipient": person}
    with translation.override(person.language):
        title, body = (
            " ".join(render_to_string(f"push/{spec.code}{suffix}.txt", render_context).split())
            for suffix in ("_title", "")
        )
    return [
        Notification(
            dedup_key=f"{dedup_key}:push:{subscription.pk}",
            channel=Notification.Channel.PUSH,
            event=spec.code,
            recipient=person,
            email=person.email,
            language=person.language,
            subject=title[:255],
            body_text=body,
            link=link if spec.push_contents else str(spec.push_link),
            subscription=subscription,
        )
        for subscription in subscriptions
    ]


def outbox_write(
    *,
    event: str,
    dedup_key: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient=None,
    email: str = "",
    language: str = "",
    link: str = "",
    attachments: Sequence[Attachment] = (),
    secrets: dict[str, str] | None = None,
    inbox: bool = True,
) -> list[Notification]:
    """Write already rendered messages to the outbox (see `notify`, which renders them).
    A deactivated (or erased) account is told nothing."""
    spec = events.get(event)
    if recipient is not None and not recipient.is_active:
        return []
    delivery = (
        _deliveries({recipient.pk: recipient}, spec)[recipient.pk]
        if recipient is not None
        else spec.default
    )
    rows = _rows(
        spec,
        delivery,
        dedup_key=dedup_key,
        recipient=recipient,
        email=recipient.email if recipient is not None else email,
        language=language or settings.LANGUAGE_CODE,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        link=link,
        attachments=attachments,
        secrets=secrets,
        inbox=inbox and recipient is not None,
    )
    return _insert(rows)


def _render(
    event: str, context: dict[str, Any], recipient, *, language: str, link: str, secrets: dict
) -> tuple[str, str, str]:
    """Subject, text and HTML of one message, in the recipient's language."""
    render_context = {
        **context,
        **{name: channels.SECRET_MARKER.format(name) for name in secrets},
        "recipient": recipient,
        "link": settings.SITE_URL + link if link.startswith("/") else link,
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{event}_subject.txt", render_context).split())
        body_text = render_to_string(f"emails/{event}.txt", render_context).strip() + "\n"
        try:
            body_html: str = render_to_string(f"emails/{event}.html", render_context)
        except TemplateDoesNotExist:
            body_html = ""
    return subject, body_text, body_html


def _rows(
    spec: events.Event,
    delivery: str,
    *,
    dedup_key: str,
    body_html: str,
    attachments: Sequence[Attachment] = (),
    secrets: dict[str, str] | None = None,
    inbox: bool = True,
    **common,
) -> list[Notification]:
    """The unsaved rows of one message: the in-app copy and the e-mail (unless switched off)."""
    common["subject"] = common["subject"][:255]
    common["event"] = spec.code
    rows = []
    if inbox:
        rows.append(
            Notification(
                dedup_key=f"{dedup_key}:inbox",
                channel=Notification.Channel.INBOX,
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
                **common,
            )
        )
    if delivery != Delivery.OFF:
        rows.append(
            Notification(
                dedup_key=f"{dedup_key}:email",
                channel=Notification.Channel.EMAIL,
                delivery=delivery,
                body_html=body_html,
                attachments=[attachment.as_json() for attachment in attachments],
                secrets=secrets or {},
                **common,
            )
        )
    return rows


def _insert(rows: list[Notification]) -> list[Notification]:
    """Insert the rows whose deduplication key is new, in one statement, and queue the
    e-mails to send now after the commit. Returns the rows written."""
    keys = [row.dedup_key for row in rows]
    existing = set(
        Notification.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True)
    )
    new = [row for row in rows if row.dedup_key not in existing]
    if not new:
        return []
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(new)
    except IntegrityError:
        # Another transaction wrote one of these keys at the same moment: theirs counts.
        new = [row for row in new if _insert_one(row)]
    for row in new:
        if row.channel in WORKER_CHANNELS and row.delivery == Delivery.IMMEDIATE:
            transaction.on_commit(partial(enqueue_delivery, row.pk))
    unread_changed(
        row.recipient_id
        for row in new
        if row.channel == Notification.Channel.INBOX and row.recipient_id is not None
    )
    return new


def _insert_one(row: Notification) -> bool:
    row.pk = None
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _deliveries(people: dict[int, Any], spec: events.Event) -> dict[int, str]:
    """How each person wants this event's e-mail: their preference, or the event's default.
    A mandatory event is always sent at once."""
    if spec.mandatory:
        return dict.fromkeys(people, Delivery.IMMEDIATE)
    chosen = dict(
        NotificationPreference.objects.filter(user__in=list(people), event=spec.code).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, spec.default) for pk in people}


def enqueue_delivery(notification_id: int) -> None:
    """Hand a message to the workers. When the broker is down the row stays pending and
    the periodic sweep queues it again later, so nothing is lost and the caller never waits."""
    from .tasks import deliver_notification

    try:
        deliver_notification.apply_async(args=(notification_id,))
    except Exception:
        logger.warning(
            "Could not queue notification %s; the sweep will deliver it.",
            notification_id,
            exc_info=True,
        )


def notification_deliver(notification_id: int) -> Outcome:
    """Send one e-mail or push message, at most once per successful attempt.

    The row is locked for the whole attempt (`skip_locked`: a second worker holding the same
    task skips it), and only a pending row is sent. If the worker dies mid-delivery, the
    database rolls the lock back, the row is still pending, and a later attempt sends it:
    e-mail and push then carry the same identity (the row's id), see `push`.

    A push whose device is gone (404/410 from its push service, or the person unsubscribed)
    removes the subscription and ends as `gone`, without retries.
    """
    with transaction.atomic():
        notification = (
            # Only the row: its subscription (outer-joined) is read, not locked.
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                pk=notification_id,
                channel__in=WORKER_CHANNELS,
                status=Notification.Status.PENDING,
            )
            .select_related("subscription")
            .first()
        )
        if notification is None:
            return Outcome("skipped")
        now = timezone.now()
        if notification.next_attempt_at > now:
            return Outcome("not_due")
        notification.attempts += 1
        try:
            _send(notification)
        except push.Gone as error:
            return _device_gone(notification, error)
        except Exception as error:
            return _attempt_failed(notification, error, now)
        notification.status = Notification.Status.SENT
        notification.sent_at = now
        notification.last_error = ""
        notification.secrets = {}
        notification.save()
        if notification.subscription_id is not None:
            PushSubscription.objects.filter(pk=notification.subscription_id).update(
                last_success_at=now
            )
        return Outcome("sent")


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.PUSH:
        if not push.configured():
            raise push.Refused("Web Push is not configured (VAPID_* settings)")
        push.send_push(notification)
    else:
        channels.send_email(notification)


def _device_gone(notification: Notification, error: Exception) -> Outcome:
    if notification.subscription_id is not None:
        PushSubscription.objects.filter(pk=notification.subscription_id).delete()
    notification.subscription = None
    notification.status = Notification.Status.GONE
    notification.last_error = str(error)[:2000]
    notification.save()
    return Outcome("gone")


def _attempt_failed(notification: Notification, error: Exception, now) -> Outcome:
    notification.last_error = f"{type(error).__name__}: {error}"[:2000]
    final = isinstance(error, push.Refused)
    if final or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        notification.status = Notification.Status.FAILED
        notification.secrets = {}
        notification.save()
        logger.error("Notification %s failed for good: %s", notification.pk, error)
        return Outcome("failed")
    delay = retry_delay(notification.attempts)
    notification.next_attempt_at = now + datetime.timedelta(seconds=delay)
    notification.save()
    return Outcome("retry", retry_in=delay)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: about 30 s, 1, 2, 4, 8 … minutes, at most an hour."""
    base = min(settings.NOTIFICATION_RETRY_MAX_DELAY, 30 * 2 ** (attempts - 1))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


def notification_sweep(*, older_than: datetime.timedelta, limit: int = 500) -> int:
    """Queue again the e-mails and push messages still pending some time after they were due.

    This is what delivers a message written while Redis was down, or whose task was lost
    with a worker. Delivery is idempotent, so queuing a message twice sends it once.
    """
    due = list(
        Notification.objects.filter(
            channel__in=WORKER_CHANNELS,
            status=Notification.Status.PENDING,
            delivery=Delivery.IMMEDIATE,
            next_attempt_at__lte=timezone.now() - older_than,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        enqueue_delivery(pk)
    return len(due)


def notification_retry_failed(*, notifications: Iterable[Notification]) -> int:
    """Give failed e-mails and push messages a fresh start (an administrator's action after
    fixing the cause)."""
    ids = [n.pk for n in notifications if n.status == Notification.Status.FAILED]
    Notification.objects.filter(pk__in=ids).update(
        status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for pk in ids:
        transaction.on_commit(partial(enqueue_delivery, pk))
    return len(ids)


def digest_send(*, user) -> Notification | None:
    """Bundle a person's pending digest e-mails into one message."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                recipient=user,
                channel=Notification.Channel.EMAIL,
                delivery=Delivery.DIGEST,
                status=Notification.Status.PENDING,
            )
            .order_by("created_at", "pk")
        )
        if not pending:
            return None
        created = notify(
            event="digest",
            recipient=user,
            context={"items": pending},
            dedup_key=f"digest:{user.pk}:{pending[-1].pk}",
            inbox=False,
        )
        if not created:
            return None
        digest = created[0]
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            status=Notification.Status.BUNDLED, digest=digest, sent_at=timezone.now()
        )
        return digest


def digests_send_all() -> int:
    user_ids = (
        Notification.objects.filter(
            channel=Notification.Channel.EMAIL,
            delivery=Delivery.DIGEST,
            status=Notification.Status.PENDING,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=list(user_ids), is_active=True):
        sent += digest_send(user=user) is not None
    return sent


def inbox_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.inbox_of(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    marked = qs.update(read_at=timezone.now())
    unread_changed([user.pk])
    return marked


def preferences_save(
    *, user, choices: dict[str, str], push_choices: dict[str, bool] | None = None
) -> None:
    """Store a person's choice per event: the e-mail's delivery (mandatory events cannot be
    changed) and, for events that can go by push, whether they do."""
    push_choices = push_choices or {}
    for code in {*choices, *push_choices}:
        spec = events.get(code)
        defaults: dict[str, Any] = {}
        if code in choices and not spec.mandatory:
            defaults["delivery"] = choices[code]
        if code in push_choices and spec.push:
            defaults["push"] = push_choices[code]
        if not defaults:
            continue
        NotificationPreference.objects.update_or_create(
            user=user,
            event=code,
            defaults=defaults,
            create_defaults={"delivery": spec.default, "push": True, **defaults},
        )


def push_subscribe(*, user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription for a person.

    A browser has one subscription per site, so when someone else subscribes on the same
    device the earlier person's subscription goes (with it what was still waiting for that
    device: it is not theirs to see)."""
    with transaction.atomic():
        PushSubscription.objects.filter(endpoint=endpoint).exclude(user=user).delete()
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
        )
    return subscription


def push_unsubscribe(*, user, endpoint: str | None = None) -> int:
    """Forget one of a person's devices (by its endpoint), or all of them. Messages still
    waiting for them end as `gone` when the worker reaches them."""
    subscriptions = PushSubscription.objects.filter(user=user)
    if endpoint is not None:
        subscriptions = subscriptions.filter(endpoint=endpoint)
    _total, per_model = subscriptions.delete()
    return per_model.get(PushSubscription._meta.label, 0)
