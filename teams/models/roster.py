"""The roster and the patrol logs: planned shifts, who signs up, what a patrol saw."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import AuditEvent, Membership, Team

# At least two people per round (patrol norm); the vest is worn only together.
MIN_PEOPLE = 2
MAX_PEOPLE = 20
MAX_SHIFT_HOURS = 8
# A count larger than this is a typing error, not a patrol.
MAX_OBSERVATION_COUNT = 500


class ShiftQuerySet(models.QuerySet["Shift"]):
    def planned(self) -> ShiftQuerySet:
        return self.filter(status=Shift.Status.PLANNED)

    def upcoming(self, now: datetime.datetime | None = None) -> ShiftQuerySet:
        return self.planned().filter(ends_at__gt=now or timezone.now())

    def with_staffing(self) -> ShiftQuerySet:
        """Annotate `confirmed_count`, so lists show staffing (and `Shift.is_understaffed`)
        without a query per shift."""
        # django-stubs refuses an annotation named like an attribute declared on the model
        # (`Shift.confirmed_count`, declared for `is_understaffed`); Django refuses only fields.
        return self.annotate(  # type: ignore[no-redef]
            confirmed_count=Count(
                "signups", filter=Q(signups__status=ShiftSignup.Status.CONFIRMED), distinct=True
            )
        )

    def with_revision(self) -> ShiftQuerySet:
        """Annotate `revision`: how often the shift was changed or cancelled, the SEQUENCE of
        its calendar entry (teams/ical.py)."""
        revisions = (
            ShiftEvent.objects.filter(shift=OuterRef("pk"), kind__in=ShiftEvent.REVISIONS)
            .order_by()
            .values("shift")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(  # type: ignore[no-redef]
            revision=Coalesce(Subquery(revisions), 0)
        )

    def understaffed(self) -> ShiftQuerySet:
        # The rule of `Shift.is_understaffed`, in SQL (tests/teams/test_roster.py: they agree).
        # django-stubs knows an annotation only on the queryset that made it, not after a
        # method that returns ShiftQuerySet.
        return self.with_staffing().filter(confirmed_count__lt=F("min_people"))  # type: ignore[misc]


class Shift(models.Model):
    """A planned patrol of a team: when, where to meet, what to look out for."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("team")
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    focus_points = models.TextField(
        _("focus points"),
        blank=True,
        max_length=2000,
        help_text=_("For example agreed with the community police officer."),
    )
    min_people = models.PositiveSmallIntegerField(
        _("minimum number of people"),
        default=MIN_PEOPLE,
        validators=[MinValueValidator(MIN_PEOPLE), MaxValueValidator(MAX_PEOPLE)],
    )
    max_people = models.PositiveSmallIntegerField(
        _("maximum number of people"),
        default=4,
        validators=[MinValueValidator(MIN_PEOPLE), MaxValueValidator(MAX_PEOPLE)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ShiftQuerySet.as_manager()

    # The confirmed sign-ups: annotated by `ShiftQuerySet.with_staffing()`, or set by a view
    # that has loaded them already.
    confirmed_count: int
    # How often it was changed or cancelled: annotated by `ShiftQuerySet.with_revision()`.
    revision: int

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["team", "starts_at"], name="shift_team_start_idx"),
            # Homes ask for shifts by time across teams: this week's, the ones still to come.
            models.Index(fields=["starts_at"], name="shift_start_idx"),
            models.Index(fields=["ends_at"], name="shift_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(min_people__gte=MIN_PEOPLE), name="shift_min_two_people"
            ),
            models.CheckConstraint(
                condition=Q(max_people__gte=F("min_people")), name="shift_max_at_least_min"
            ),
            # A weekly pattern run twice does not plan the same round twice.
            models.UniqueConstraint(
                fields=["team", "starts_at", "meeting_point"],
                condition=Q(status="planned"),
                name="unique_planned_shift",
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.team} {start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("teams:shift_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def signup_closes_at(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(hours=settings.SHIFT_SIGNUP_CUTOFF_HOURS)

    def is_open_for_signup(self, now: datetime.datetime | None = None) -> bool:
        return not self.is_cancelled and (now or timezone.now()) < self.signup_closes_at()

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    @property
    def is_understaffed(self) -> bool:
        """Fewer people have signed up than the round needs: the one rule behind the badge on
        lists and on the shift page (templates/teams/_staffing.html); the alert before the
        round asks the database the same (`ShiftQuerySet.understaffed`)."""
        return self.confirmed_count < self.min_people


class ShiftSignup(models.Model):
    """A member's place in a shift. Withdrawing keeps the row, so the history stays."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("signed up")
        WITHDRAWN = "withdrawn", _("withdrawn")

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="signups", verbose_name=_("member")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "membership"], name="unique_signup_per_shift")
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} → {self.shift}"


class ShiftEvent(AuditEvent):
    """An append-only record of what happened to a shift: who, when, what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("published")
        CHANGED = "changed", _("changed")
        CANCELLED = "cancelled", _("cancelled")
        SIGNED_UP = "signed_up", _("signed up")
        WITHDREW = "withdrew", _("withdrew")

    # What changes the shift itself (and so its calendar entry), not who comes.
    REVISIONS = (Kind.CHANGED, Kind.CANCELLED)

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="events", verbose_name=_("shift")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("shift event")
        verbose_name_plural = _("shift events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.shift} - {self.get_kind_display()}"


class PatrolLogQuerySet(models.QuerySet["PatrolLog"]):
    def for_teams(self, team_ids) -> PatrolLogQuerySet:
        return self.filter(shift__team_id__in=team_ids)


class PatrolLog(models.Model):
    """The report of a round, filed by a participant after the shift."""

    shift = models.OneToOneField(
        Shift, on_delete=models.PROTECT, related_name="log", verbose_name=_("shift")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    started_at = models.DateTimeField(_("actual start"))
    ended_at = models.DateTimeField(_("actual end"))
    present = models.ManyToManyField(Membership, related_name="patrols", verbose_name=_("present"))
    area = models.CharField(_("streets or area covered"), max_length=500)
    called_112 = models.BooleanField(_("112 was called"), default=False)
    called_police_line = models.BooleanField(
        _("the police non-emergency line (0900-8844) was called"), default=False
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("filed"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PatrolLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="patrol_log_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.shift)

    def get_absolute_url(self) -> str:
        return reverse("teams:patrol_log_detail", args=[self.pk])

    @property
    def duration(self) -> datetime.timedelta:
        return self.ended_at - self.started_at

    def locks_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=settings.PATROL_LOG_EDIT_DAYS)

    def is_locked(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.locks_at()


class Observation(models.Model):
    """A count on the observation checklist of one patrol log."""

    class Kind(models.TextChoices):
        OPEN_WINDOWS_DOORS = "open_windows_doors", _("open windows or doors")
        UNLOCKED_BIKES = "unlocked_bikes", _("unlocked bikes")
        UNLOCKED_CARS = "unlocked_cars", _("unlocked cars")
        VALUABLES_IN_CARS = "valuables_in_cars", _("valuables visible in cars")
        BROKEN_STREET_LIGHTS = "broken_street_lights", _("broken street lights")
        WRONGLY_PARKED_TRAILERS = (
            "wrongly_parked_trailers",
            _("wrongly parked trailers or caravans"),
        )
        YOUTH_NUISANCE = "youth_nuisance", _("groups of youths causing nuisance")
        RESIDENT_TALKS = "resident_talks", _("talks with residents")
        PREVENTION_CARDS = "prevention_cards", _("prevention cards left")

    log = models.ForeignKey(
        PatrolLog, on_delete=models.CASCADE, related_name="observations", verbose_name=_("log")
    )
    kind = models.CharField(_("observation"), max_length=32, choices=Kind.choices)
    count = models.PositiveSmallIntegerField(
        _("count"), validators=[MinValueValidator(1), MaxValueValidator(MAX_OBSERVATION_COUNT)]
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["log", "kind"], name="unique_observation_kind"),
            models.CheckConstraint(condition=Q(count__gte=1), name="observation_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"

    @property
    def can_become_signal(self) -> bool:
        return self.kind in OBSERVATION_CATEGORIES


# Which signal category an observation points to; talks and prevention cards are not signals.
OBSERVATION_CATEGORIES: dict[str, str] = {
    Observation.Kind.OPEN_WINDOWS_DOORS: "burglary-risk",
    Observation.Kind.UNLOCKED_BIKES: "burglary-risk",
    Observation.Kind.UNLOCKED_CARS: "vehicle-crime",
    Observation.Kind.VALUABLES_IN_CARS: "vehicle-crime",
    Observation.Kind.BROKEN_STREET_LIGHTS: "public-space",
    Observation.Kind.WRONGLY_PARKED_TRAILERS: "wrongly-parked-trailer",
    Observation.Kind.YOUTH_NUISANCE: "youth-nuisance",
}


class PatrolLogEvent(AuditEvent):
    """An append-only record of a patrol log being filed or changed."""

    class Kind(models.TextChoices):
        FILED = "filed", _("filed")
        CHANGED = "changed", _("changed")

    log = models.ForeignKey(
        PatrolLog, on_delete=models.CASCADE, related_name="events", verbose_name=_("log")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("patrol log event")
        verbose_name_plural = _("patrol log events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.log} - {self.get_kind_display()}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's personal calendar of shifts, at a secret address that can be renewed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("teams:calendar_feed", args=[self.token])
