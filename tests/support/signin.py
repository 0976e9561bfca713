"""Signing in the way a person does (password, then the authenticator code), so the login is
recorded as a session, unlike the test client's force_login."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD


def app_code(user, secret: str | None = None, *, periods: int = 0) -> str | None:
    """What the person's authenticator app shows now (None without an app): computed from
    `secret` when given (what the app holds), else from the secret stored for them.
    `periods` earlier (-1) or later (1): for a server whose clock runs a little apart."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None and secret is None:
        return None
    secret = secret or decrypt(totp.data["secret"])
    # A code read in the last seconds of its period may arrive in the next one, where it is
    # refused: then wait for the next code, as a person would.
    if (left := 30 - time.time() % 30) < 5:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods))


def sign_in(user, client: Client | None = None, *, secret: str | None = None) -> Client:
    """Password, then the code of the person's app: computed from `secret` when given (what
    the app holds), else from the secret stored for them."""
    client = client or Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, "password step"
    code = app_code(user, secret)
    if code is not None:
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302, "authenticator step"
    assert client.get(reverse("home")).status_code == 200
    return client
