"""Delivery over e-mail through Django's e-mail backend, so production can use any provider."""

from __future__ import annotations

from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.crypto import salted_hmac

if TYPE_CHECKING:
    from .models import Notification


# What a template sees instead of a secret value; replaced only when the e-mail is sent.
SECRET_MARKER = "[[secret:{}]]"  # noqa: S105 - a placeholder, not a password


def fill_secrets(text: str, secrets: dict[str, str]) -> str:
    for name, value in secrets.items():
        text = text.replace(SECRET_MARKER.format(name), value)
    return text


def message_id(dedup_key: str) -> str:
    """The e-mail's Message-ID, the same on every attempt: a copy sent again after a crash is
    recognisably the same message, which mail servers and clients fold into one. Derived
    from the deduplication key with the secret key, so it says nothing about the event."""
    digest = salted_hmac("notifications.message-id", dedup_key).hexdigest()[:40]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def send_email(notification: Notification) -> None:
    """Hand one e-mail to the mail server. The envelope sender (where bounces go, the
    `Return-Path` the receiving server writes) is EMAIL_BOUNCE_ADDRESS; the reader sees
    DEFAULT_FROM_EMAIL."""
    secrets = notification.secrets or {}
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=fill_secrets(notification.body_text, secrets),
        from_email=settings.EMAIL_BOUNCE_ADDRESS,
        to=[notification.email],
        headers={
            "From": settings.DEFAULT_FROM_EMAIL,
            "Message-ID": message_id(notification.dedup_key),
            "X-Buurtpreventie-Notification": str(notification.pk),
        },
    )
    if notification.body_html:
        message.attach_alternative(fill_secrets(notification.body_html, secrets), "text/html")
    for attachment in notification.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()
