"""Delivery over e-mail through Django's e-mail backend, so production can use any provider."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.mail import EmailMultiAlternatives

if TYPE_CHECKING:
    from .models import Notification


# What a template sees instead of a secret value; replaced only when the e-mail is sent.
SECRET_MARKER = "[[secret:{}]]"  # noqa: S105 - a placeholder, not a password


def fill_secrets(text: str, secrets: dict[str, str]) -> str:
    for name, value in secrets.items():
        text = text.replace(SECRET_MARKER.format(name), value)
    return text


def send_email(notification: Notification) -> None:
    secrets = notification.secrets or {}
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=fill_secrets(notification.body_text, secrets),
        to=[notification.email],
        headers={"X-Buurtpreventie-Notification": str(notification.pk)},
    )
    if notification.body_html:
        message.attach_alternative(fill_secrets(notification.body_html, secrets), "text/html")
    for attachment in notification.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()
