"""The outbox: create notifications in the caller's transaction, deliver them exactly once."""

from __future__ import annotations

import datetime
import json
import logging
import random
import secrets
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    models,
    transaction,
)
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from privacy import secrets as stored_secrets

from . import channels, events, push, send_lock, webhooks
from .models import (
    Delivery,
    Notification,
    NotificationPreference,
    PushSubscription,
    ServiceState,
    WebhookEndpoint,
)
from .selectors import unread_changed

logger = logging.getLogger(__name__)

# The channels a worker delivers; in-app messages are delivered by being written.
WORKER_CHANNELS = (
    Notification.Channel.EMAIL,
    Notification.Channel.PUSH,
    Notification.Channel.WEBHOOK,
)
# Seconds (one try a second) a delivery waits for the database to record what it sent.
RECORD_TRIES = 10


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str

    def as_json(self) -> dict[str, str]:
        return {"filename": self.filename, "content": self.content, "mimetype": self.mimetype}


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did: sent, retry (later, by the sweep), waiting (for the
    mail server), failed, gone, skipped (not pending), not_due."""

    status: str


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
    """The unsaved rows of one message: the in-app copy and the e-mail (unless switched off).
    Both carry the attachments: the text says a calendar entry is attached, and the in-app
    page offers it for download, also to whoever receives no e-mail."""
    common["subject"] = common["subject"][:255]
    common["event"] = spec.code
    common["attachments"] = [attachment.as_json() for attachment in attachments]
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
    now = timezone.now()
    for row in new:
        if _queued_on_commit(row):
            row.queued_at = now
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(new)
    except IntegrityError:
        # Another transaction wrote one of these keys at the same moment: theirs counts.
        new = [row for row in new if _insert_one(row)]
    for row in new:
        if _queued_on_commit(row):
            transaction.on_commit(partial(enqueue_delivery, row.pk))
    unread_changed(
        row.recipient_id
        for row in new
        if row.channel == Notification.Channel.INBOX and row.recipient_id is not None
    )
    return new


def _queued_on_commit(row: Notification) -> bool:
    return row.channel in WORKER_CHANNELS and row.delivery == Delivery.IMMEDIATE


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


def enqueue_delivery(notification_id: int) -> bool:
    """Hand a message to the workers. When the broker is down the row stays pending and
    the workers' sweep queues it again later, so nothing is lost and the caller never waits.
    Returns whether the broker took it."""
    from .tasks import deliver_notification

    try:
        deliver_notification.apply_async(args=(notification_id,))
    except Exception:
        logger.warning(
            "Could not queue notification %s; the sweep will deliver it.",
            notification_id,
            exc_info=True,
        )
        # Not in the queue: the first sweep after the broker is back queues it.
        Notification.objects.filter(pk=notification_id, queued_at__isnull=False).update(
            queued_at=None
        )
        return False
    return True


def notification_deliver(notification_id: int) -> Outcome:
    """Send one e-mail, push message or webhook delivery.

    Three steps, so that no lock is held while a server is slow and a crash is never
    silent: (1) claim the row (only a pending, due row; `skip_locked`, so a second worker
    holding the same task skips it), mark it `sending` and commit; (2) talk to the mail
    server or push service, outside any transaction; (3) record the outcome. A worker that
    dies, or a database that goes away, between (1) and (3) leaves the row `sending`; the
    sweep finds it (`_reconcile`) and sends it again with the same identity (the e-mail's
    Message-ID, the push message's topic), so the recipient's mail or push service folds
    the two. See docs/notifications.md.

    While the mail server is unreachable, one delivery at a time tries it (every
    NOTIFICATION_PROBE_INTERVAL seconds) and the others wait, uncounted; when it answers,
    every waiting e-mail is due again. A push whose device is gone (404/410 from its push
    service, or the person unsubscribed) removes the subscription and ends as `gone`.
    """
    claimed = _claim(notification_id)
    if isinstance(claimed, Outcome):
        return claimed
    notification = claimed
    try:
        try:
            _send(notification)
        except push.Gone as error:
            return _record(_device_gone, notification, error)
        except Exception as error:
            return _record(_attempt_failed, notification, error)
        return _record(_delivered, notification)
    finally:
        send_lock.release(notification.pk)


def _claim(notification_id: int) -> Notification | Outcome:
    with transaction.atomic():
        notification = (
            # Only the row: its subscription (outer-joined) is read, not locked.
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                pk=notification_id,
                channel__in=WORKER_CHANNELS,
                status=Notification.Status.PENDING,
            )
            .select_related("subscription", "webhook")
            .first()
        )
        if notification is None:
            return Outcome("skipped")
        now = timezone.now()
        # A task that ends without sending leaves nothing in the queue: the row's
        # `queued_at` is cleared, so the sweep queues it as soon as it is due.
        if notification.next_attempt_at > now:
            notification.queued_at = None
            notification.save(update_fields=["queued_at"])
            return Outcome("not_due")
        if notification.channel == Notification.Channel.EMAIL:
            wait_until = _mail_server_wait(now)
            if wait_until is not None:
                notification.next_attempt_at, notification.queued_at = wait_until, None
                notification.save(update_fields=["next_attempt_at", "queued_at"])
                return Outcome("waiting")
        if not send_lock.acquire(notification.pk):
            return Outcome("skipped")  # the sweep is looking at it this instant
        notification.status = Notification.Status.SENDING
        notification.sending_since = now
        notification.attempts += 1
        try:
            notification.save(update_fields=["status", "sending_since", "attempts"])
        except BaseException:
            send_lock.release(notification.pk)  # a session lock outlives a rollback
            raise
    return notification


def _record(outcome: Callable[..., Outcome], notification: Notification, *args) -> Outcome:
    """Record what the attempt did. The message may be with its recipient already, so a
    database that is away for a moment (a restart) is waited for, up to RECORD_TRIES
    seconds, rather than leaving the row to be sent again."""
    for _ in range(RECORD_TRIES - 1):
        try:
            with transaction.atomic():
                return outcome(notification, *args)
        except (OperationalError, InterfaceError):
            if transaction.get_connection().in_atomic_block:
                raise
            logger.warning("Database away while recording notification %s", notification.pk)
            connection.close()
            time.sleep(1)
    with transaction.atomic():
        return outcome(notification, *args)


def _finish(notification: Notification, **fields) -> bool:
    """Store the outcome of the attempt on the row, if it is still this attempt's (the
    sweep may have taken over a send whose database connection was lost)."""
    fields.setdefault("sending_since", None)
    fields.setdefault("last_error", "")
    if fields.get("status") == Notification.Status.PENDING:
        fields["queued_at"] = None  # tried again by the sweep when due
    this_attempt = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, attempts=notification.attempts
    )
    for name, value in fields.items():
        setattr(notification, name, value)
    return bool(this_attempt.update(**fields))


def _delivered(notification: Notification) -> Outcome:
    now = timezone.now()
    _finish(notification, status=Notification.Status.SENT, sent_at=now, secrets={})
    if notification.subscription_id is not None:
        PushSubscription.objects.filter(pk=notification.subscription_id).update(last_success_at=now)
    if notification.webhook_id is not None:
        WebhookEndpoint.objects.filter(pk=notification.webhook_id).update(last_success_at=now)
    if notification.channel == Notification.Channel.EMAIL:
        _mail_server_answered(now)
    return Outcome("sent")


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.WEBHOOK:
        webhooks.send_webhook(notification)
    elif notification.channel == Notification.Channel.PUSH:
        if not push.configured():
            raise push.Refused("Web Push is not configured (VAPID_* settings)")
        push.send_push(notification)
    else:
        channels.send_email(notification)


def _device_gone(notification: Notification, error: Exception) -> Outcome:
    if notification.subscription_id is not None:
        PushSubscription.objects.filter(pk=notification.subscription_id).delete()
    _finish(
        notification,
        subscription=None,
        status=Notification.Status.GONE,
        last_error=str(error)[:2000],
    )
    return Outcome("gone")


def _attempt_failed(notification: Notification, error: Exception) -> Outcome:
    now = timezone.now()
    last_error = f"{type(error).__name__}: {error}"[:2000]
    if notification.channel == Notification.Channel.EMAIL and _unreachable(error):
        wait_until = _mail_server_failed(now, last_error)
        # Not the message's fault: the attempt does not count towards giving up.
        _finish(
            notification,
            status=Notification.Status.PENDING,
            attempts=notification.attempts - 1,
            next_attempt_at=wait_until,
            last_error=last_error,
        )
        return Outcome("waiting")
    final = isinstance(error, push.Refused | webhooks.Refused)
    if final or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        _finish(notification, status=Notification.Status.FAILED, secrets={}, last_error=last_error)
        logger.error("Notification %s failed for good: %s", notification.pk, error)
        return Outcome("failed")
    _finish(
        notification,
        status=Notification.Status.PENDING,
        next_attempt_at=now + datetime.timedelta(seconds=retry_delay(notification.attempts)),
        last_error=last_error,
    )
    return Outcome("retry")


def _unreachable(error: Exception) -> bool:
    """Whether an e-mail failed because the mail server could not be reached or did not
    answer in time, rather than because it answered about this message (refused the
    recipient, the sender or the contents)."""
    answered = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    return not isinstance(error, answered) and isinstance(error, OSError | SoftTimeLimitExceeded)


def _mail_server_wait(now: datetime.datetime) -> datetime.datetime | None:
    """None when an e-mail may be sent now: the mail server is not known to be failing, or
    it is and this delivery gets to probe it. Otherwise, when to try again."""
    state = ServiceState.objects.filter(
        name=ServiceState.MAIL_SERVER, failing_since__isnull=False
    ).first()
    if state is None:
        return None
    next_probe = now + datetime.timedelta(seconds=settings.NOTIFICATION_PROBE_INTERVAL)
    if state.next_probe_at is not None and state.next_probe_at > now:
        return state.next_probe_at
    probing = ServiceState.objects.filter(
        Q(next_probe_at__lte=now) | Q(next_probe_at__isnull=True), pk=state.pk
    ).update(next_probe_at=next_probe)
    return None if probing else next_probe


def _mail_server_failed(now: datetime.datetime, error: str) -> datetime.datetime:
    next_probe = now + datetime.timedelta(seconds=settings.NOTIFICATION_PROBE_INTERVAL)
    ServiceState.objects.get_or_create(name=ServiceState.MAIL_SERVER)
    ServiceState.objects.filter(name=ServiceState.MAIL_SERVER).update(
        failing_since=Coalesce(F("failing_since"), Value(now)),
        next_probe_at=next_probe,
        last_error=error,
    )
    logger.warning("Mail server unreachable (%s); trying again at %s", error, next_probe)
    return next_probe


def _mail_server_answered(now: datetime.datetime) -> None:
    """The mail server took a message: if it was failing, every e-mail waiting for it is
    due now, and a sweep queues them after the commit rather than at its next round."""
    recovered = ServiceState.objects.filter(
        name=ServiceState.MAIL_SERVER, failing_since__isnull=False
    ).update(failing_since=None, next_probe_at=None, last_error="")
    if recovered:
        Notification.objects.filter(
            channel=Notification.Channel.EMAIL,
            status=Notification.Status.PENDING,
            delivery=Delivery.IMMEDIATE,
            next_attempt_at__gt=now,
        ).update(next_attempt_at=now, queued_at=None)
        logger.info("Mail server answers again; the waiting e-mails are due.")
        transaction.on_commit(notification_sweep)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: about 30 s, 1, 2, 4, 8 … minutes, at most an hour."""
    base = min(settings.NOTIFICATION_RETRY_MAX_DELAY, 30 * 2 ** (attempts - 1))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


def notification_sweep(*, limit: int = 500) -> int:
    """What every worker does every NOTIFICATION_SWEEP_INTERVAL seconds, without beat:
    reconcile interrupted sends, then queue the e-mails and push messages that are due and
    not (or no longer) in the queue: a retry whose time has come, a message written while
    Redis was down, one whose queue message was lost with Redis or with a worker. Delivery
    claims a pending row only once, so queuing a message twice sends it once.
    Returns how many it queued."""
    now = timezone.now()
    _reconcile(now)
    requeue_before = now - datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER)
    due = list(
        Notification.objects.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lte=requeue_before),
            channel__in=WORKER_CHANNELS,
            status=Notification.Status.PENDING,
            delivery=Delivery.IMMEDIATE,
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued = []
    for pk in due:
        if not enqueue_delivery(pk):
            break  # the broker is down: the next sweep tries again
        queued.append(pk)
    Notification.objects.filter(pk__in=queued).update(queued_at=now)
    _seen(ServiceState.SWEEP, now)
    return len(queued)


def _reconcile(now: datetime.datetime) -> int:
    """Sends interrupted by a crash (their worker died, or lost its database connection,
    between handing the message over and recording it) are pending again: the next attempt
    sends the same message with the same Message-ID. Returns how many."""
    started_before = now - datetime.timedelta(seconds=send_lock.reconcile_after())
    stuck = Notification.objects.filter(
        status=Notification.Status.SENDING, sending_since__lte=started_before
    ).values_list("pk", flat=True)
    reset = 0
    for pk in stuck:
        if not send_lock.sender_gone(pk):
            continue
        reset += Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.PENDING, sending_since=None, next_attempt_at=now,
            queued_at=None,
        )  # fmt: skip
        logger.warning("Delivery of notification %s was interrupted; sending it again.", pk)
    return reset


def beat_seen() -> None:
    """Beat's heartbeat (a periodic task): /healthz and the admin show when it was last seen."""
    _seen(ServiceState.BEAT, timezone.now())


def _seen(name: str, now: datetime.datetime) -> None:
    ServiceState.objects.update_or_create(name=name, defaults={"seen_at": now})


def notification_retry_failed(*, notifications: Iterable[Notification]) -> int:
    """Give failed e-mails, push messages and webhook deliveries a fresh start (an
    administrator's action after fixing the cause)."""
    ids = [
        n.pk
        for n in notifications
        # After the retention period only the fact remains: nothing left to send.
        if n.status == Notification.Status.FAILED and n.content_removed_at is None
    ]
    Notification.objects.filter(pk__in=ids).update(
        status=Notification.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        queued_at=timezone.now(),
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


def webhook_endpoint_create(
    *, owner, url: str, events: Sequence[str], description: str = "", created_by=None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint for the owner's events, and its signing secret: shown once, stored
    encrypted. (The owner's app checks who may do this.)"""
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint.objects.create(
        owner=owner,
        url=url,
        description=description.strip(),
        events=sorted({webhooks.get(code).code for code in events}),
        secret_encrypted=stored_secrets.encrypt(secret),
        created_by=created_by,
    )
    return endpoint, secret


def webhook_endpoints_of(owner) -> models.QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    )


def webhook_notify(*, owner, event: str, key: str, data: dict[str, Any]) -> int:
    """Write one delivery of an event to each of the owner's endpoints that chose it, in the
    caller's transaction; `key` names the occurrence, so each endpoint gets it once however
    often this runs. `data` is the event's contents: no personal data (docs/webhooks.md).
    Returns how many deliveries were written."""
    spec = webhooks.get(event)
    endpoints = [e for e in webhook_endpoints_of(owner) if spec.code in e.events]
    return len(_insert([_webhook_row(endpoint, spec, key, data) for endpoint in endpoints]))


def webhook_ping(*, endpoint: WebhookEndpoint) -> Notification:
    """A test delivery to one endpoint, to see that it receives and verifies."""
    spec = webhooks.get(webhooks.PING)
    row = _webhook_row(endpoint, spec, f"ping:{uuid.uuid4()}", {"ping": True})
    _insert([row])
    return row


def _webhook_row(
    endpoint: WebhookEndpoint, spec: webhooks.WebhookEvent, key: str, data: dict[str, Any]
) -> Notification:
    return Notification(
        channel=Notification.Channel.WEBHOOK,
        webhook=endpoint,
        event=spec.code,
        dedup_key=f"webhook:{endpoint.pk}:{key}",
        language=settings.LANGUAGE_CODE,
        subject=f"{spec.code} {key}"[:255],
        body_text=json.dumps(
            {
                "id": str(uuid.uuid4()),
                "type": spec.code,
                "created_at": timezone.now().isoformat(),
                "data": data,
            },
            cls=DjangoJSONEncoder,
        ),
    )
