"""How new volunteers find a team: its open evenings, and their requests to join (from the
public page's "Doe mee" or the QR code on a sign-up sheet), which a coordinator approves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Team

# How long a request nobody decided on is kept (privacy: name and address of someone who is
# not a member).
JOIN_REQUEST_DAYS = 60


class OpenEvening(models.Model):
    """A meeting where people can get to know the team (shown on its public page)."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="open_evenings", verbose_name=_("team")
    )
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=160)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("open evening")
        verbose_name_plural = _("open evenings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%Y-%m-%d}"


class JoinRequest(models.Model):
    """Someone asks to join a team. The coordinator approves (an invitation goes out, as if
    typed by hand) or declines; either way the name and address are then erased here."""

    class Source(models.TextChoices):
        PAGE = "page", _("public page")
        SHEET = "sheet", _("sign-up sheet")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("invited")
        DECLINED = "declined", _("turned down")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("team")
    )
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    message = models.TextField(_("message"), max_length=500, blank=True)
    source = models.CharField(_("via"), max_length=8, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One waiting request per address and team: sending the form again adds nothing.
            models.UniqueConstraint(
                "team",
                models.functions.Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.first_name or '—'} ({self.get_status_display()})"
