"""Accountability and retention: the access log and the retention settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An access log entry was about to be changed or deleted."""


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    """Bulk changes would bypass the model's refusal, so the queryset refuses them too."""

    def update(self, **kwargs):
        raise AppendOnlyError("Access log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class AccessLogEntry(models.Model):
    """Who read, exported or downloaded personal data, when and from where. Never changed."""

    class Action(models.TextChoices):
        CARE_SIGNAL_READ = "care_read", _("read a care signal")
        EXPORT = "export", _("exported data")
        DATA_DOWNLOAD = "download", _("downloaded own data")
        ERASURE = "erasure", _("erased a person's data")

    # Protected: a person with entries is erased (pseudonymised), never deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )

    class Subject(models.TextChoices):
        PERSON = "user", _("a person")
        SIGNAL = "signal", _("a signal")
        SIGNALS = "signals", _("signals (export)")
        PATROL_LOGS = "patrol_logs", _("a team's patrol logs")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("about"), max_length=40, choices=Subject.choices, blank=True)
    object_id = models.CharField(_("number"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="access_log_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise AppendOnlyError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class RetentionPolicy(models.Model):
    """How long personal data is kept; signal descriptions and photos per category."""

    reporter_identity_days = models.PositiveIntegerField(
        _("reporter of a closed signal (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("After this many days from resolution a signal no longer names its reporter."),
    )
    patrol_notes_days = models.PositiveIntegerField(
        _("notes in patrol logs (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )
    evaluation_days = models.PositiveIntegerField(
        _("evaluation answers (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("After this the answers are kept only without the person who gave them."),
    )
    messages_days = models.PositiveIntegerField(
        _("messages (days)"),
        default=180,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "After this only the fact that a message was sent remains: a message can repeat "
            "a signal's description, so keep this no longer than the signal categories."
        ),
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policy")

    def __str__(self) -> str:
        return str(_("Retention policy"))

    @classmethod
    def current(cls) -> RetentionPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class RetentionRun(models.Model):
    """A record of one run of the retention task: what it anonymised."""

    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)
    results = models.JSONField(_("results"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
