"""The notification outbox: one row per message, written in the caller's transaction."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("in a daily digest")
    OFF = "off", _("not by e-mail")


class PushSubscription(models.Model):
    """One browser on one device that agreed to receive push messages for a person.

    The endpoint is the push service's address for that browser; p256dh and auth are the
    browser's keys, with which every message is encrypted (RFC 8291) so the push service
    cannot read it. A browser has one subscription per site, so an endpoint is unique: whoever
    subscribed last on a device gets its messages.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("user"),
    )
    endpoint = models.CharField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key of the browser"), max_length=128)
    auth = models.CharField(_("authentication secret"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.service}"

    @property
    def service(self) -> str:
        """The push service's host: what may be shown of an endpoint (the rest identifies
        the browser)."""
        return urlsplit(self.endpoint).hostname or ""


class WebhookEndpoint(models.Model):
    """An HTTPS address of an outside system that receives events as signed POST requests
    (docs/webhooks.md). It belongs to an owner (a partner organisation), whose events it
    chose from the registry in `webhooks`. The signing secret is stored encrypted
    (`privacy.secrets`) and shown once, when the endpoint is made."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=100, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="webhook_owner_idx")]

    def __str__(self) -> str:
        return self.url


class NotificationQuerySet(models.QuerySet["Notification"]):
    def inbox_of(self, user) -> NotificationQuerySet:
        return self.filter(
            recipient=user, channel=Notification.Channel.INBOX, content_removed_at__isnull=True
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person over one channel.

    E-mail and push rows start pending and are delivered by a worker; in-app rows are
    delivered by being written. A push row is for one device (its subscription). The
    deduplication key is unique, so an event produces a message at most once, ever, however
    often the code that raises it runs.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        INBOX = "inbox", _("in the application")
        PUSH = "push", _("push message")
        WEBHOOK = "webhook", _("webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        # Handed to the mail server or push service, outcome not yet recorded (committed
        # before the conversation starts, so a crash in it is found and reconciled).
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        BUNDLED = "bundled", _("sent in a digest")
        FAILED = "failed", _("failed")
        # A push whose device unsubscribed or whose subscription expired: nothing to retry.
        GONE = "gone", _("not delivered: the device is gone")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    event = models.CharField(_("event"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Values that must not outlive delivery (an invitation link): filled in when the message
    # is sent, then erased.
    secrets = models.JSONField(default=dict, blank=True, editable=False)
    subscription = models.ForeignKey(
        PushSubscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("push subscription"),
    )
    webhook = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook"),
        db_index=False,  # notification_webhook_idx: only the rows that have one
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bundled",
        verbose_name=_("digest"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When the row was last handed to the queue: the sweep queues it again when it is still
    # pending well after that (the queue's message was lost).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # After the retention period only the fact that a message went out remains (its
    # deduplication key keeps the event from being told twice).
    content_removed_at = models.DateTimeField(_("content removed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending", channel__in=["email", "push", "webhook"]),
                name="notification_due_idx",
            ),
            models.Index(
                fields=["sending_since"],
                condition=Q(status="sending"),
                name="notification_sending_idx",
            ),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox_idx"),
            # An endpoint's deliveries, newest first, on its page.
            models.Index(
                fields=["webhook", "-created_at"],
                condition=Q(webhook__isnull=False),
                name="notification_webhook_idx",
            ),
            # The failed messages, counted for the metrics (few, among millions sent).
            models.Index(
                fields=["channel"], condition=Q(status="failed"), name="notification_failed_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email="") | Q(webhook__isnull=False),
                name="notification_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.email or self.recipient_id or self.webhook} ({self.channel})"


class NotificationPreference(models.Model):
    """How a person wants to hear about one kind of event: by e-mail (at once, in the digest
    or not), and for the events that can go by push, whether they do. Push is on by default:
    it reaches only the devices where the person switched it on themselves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    event = models.CharField(_("event"), max_length=64)
    delivery = models.CharField(_("e-mail"), max_length=16, choices=Delivery.choices)
    push = models.BooleanField(_("push message"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="unique_preference_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}: {self.delivery}"


class ServiceState(models.Model):
    """What the outbox knows about the processes and servers it depends on, one row each:
    when beat and the workers' sweep were last seen, and whether the mail server is failing
    (then one delivery at a time probes it, and the others wait instead of each waiting for
    a timeout)."""

    BEAT = "beat"
    SWEEP = "sweep"
    MAIL_SERVER = "mail_server"

    name = models.CharField(_("name"), max_length=32, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    next_probe_at = models.DateTimeField(_("next probe"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("service state")
        verbose_name_plural = _("service states")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
