import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.utils import translation

from notifications.services import outbox_write
from privacy import secrets


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation only, and account e-mails go through the outbox."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The per-account limit on failed logins counts per e-mail address, whatever the
        request's Host header says. allauth puts the site's domain in front, which without the
        sites framework is the Host header as sent: 'host:8000', 'HOST' or 'host.' each got a
        fresh allowance. One installation serves one region, so the e-mail address is enough.
        (allauth's own method, private: tests/security/test_v2_rate_limits_behind_proxy.py
        fails if it is no longer called.)"""
        return credentials.get("email", credentials.get("username", "")).strip().lower()

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Password resets and address confirmations, rendered by allauth in the current
        language, are delivered like every other message: through the outbox."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            "",
        )
        outbox_write(
            event="account_security",
            dedup_key=f"account:{uuid.uuid4()}",
            recipient=None,
            email=email,
            language=translation.get_language(),
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets (the TOTP key, the recovery codes' seed) are stored encrypted with
    MFA_ENCRYPTION_KEY, which lives in the environment: a copy of the database, or an
    administrator looking at its rows, does not give anyone the codes."""

    def encrypt(self, text: str) -> str:
        return secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        # Refuses anything not encrypted with one of the keys (cryptography.fernet.InvalidToken):
        # secrets stored before encryption are encrypted by teams' migration 0007.
        return secrets.decrypt(encrypted_text)
