"""Secrets the application must read back (two-factor keys, webhook signing secrets) are
stored encrypted with MFA_ENCRYPTION_KEY, which lives in the environment: a copy of the
database, or an administrator looking at its rows, does not give anyone the secret."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def encrypt(text: str) -> str:
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS)).encrypt(text.encode()).decode()


def decrypt(encrypted_text: str) -> str:
    """Refuses anything not encrypted with one of the keys (cryptography.fernet.InvalidToken)."""
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS)).decrypt(encrypted_text).decode()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    """The first key encrypts; each of them decrypts, so a key can be replaced."""
    return MultiFernet([Fernet(key) for key in keys])
