"""Accountability and retention: the access log and the retention settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An access log entry was about to be changed or deleted."""


class AccessLogQuerySet(models.QuerySet[Any]):
    """Bulk changes would bypass the model's refusal, so the queryset refuses them too."""

    def update(self, **kwargs):
        raise AppendOnlyError("Access log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted."""

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self)._default_manager.filter(pk=self.pk).exists():
            raise AppendOnlyError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class AccessLogEntry(AppendOnlyModel):
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

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="access_log_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class AccessLogIds(AppendOnlyModel):
    """The numbers of the objects one access log entry covered (the signals an export held),
    written in parts as the export is sent: each part before its rows leave the server.

    The numbers are kept as ranges ("12-40,45,51-60") with the lowest and highest for an
    indexed search: exact, and far smaller than a row per object (an export of 100,000
    signals is 200 parts of at most a few kilobytes). `numbers()` reads them back. Never
    changed, like the entry itself.
    """

    entry = models.ForeignKey(
        AccessLogEntry, on_delete=models.PROTECT, related_name="id_parts", verbose_name=_("entry")
    )
    lowest = models.PositiveBigIntegerField(_("lowest number"))
    highest = models.PositiveBigIntegerField(_("highest number"))
    count = models.PositiveIntegerField(_("count"))
    ranges = models.TextField(_("numbers"))

    class Meta:
        verbose_name = _("numbers in an access log entry")
        verbose_name_plural = _("numbers in access log entries")
        ordering = ["entry", "pk"]
        indexes = [models.Index(fields=["lowest", "highest"], name="access_log_ids_idx")]

    def __str__(self) -> str:
        return f"{self.count}: {self.ranges[:60]}"

    def numbers(self) -> list[int]:
        return ranges_numbers(self.ranges)


def numbers_ranges(numbers: list[int]) -> str:
    """Numbers as sorted ranges without repeats: [3, 4, 5, 9, 7] -> "3-5,7,9"."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    start = previous = ordered[0] if ordered else 0
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ",".join(parts) if ordered else ""


def ranges_numbers(text: str) -> list[int]:
    """The numbers of `numbers_ranges`' text, in order."""
    numbers: list[int] = []
    for part in filter(None, text.split(",")):
        low, _dash, high = part.partition("-")
        numbers.extend(range(int(low), int(high or low) + 1))
    return numbers


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
