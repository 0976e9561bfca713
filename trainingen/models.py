"""The training programme: programmes, cohorts, sessions, seats, attendance and evaluation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from teams.models import Neighbourhood, PartnerOrganisation, Team

from .material_files import material_content_matches_name


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    allowed_absences = models.PositiveSmallIntegerField(
        _("sessions that may be missed"),
        default=0,
        help_text=_("How many sessions a participant may miss and still complete the programme."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("trainingen:programme_detail", args=[self.pk])


class SessionTemplate(models.Model):
    """One meeting of a programme, in its place in the order."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="templates", verbose_name=_("programme")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=160)
    learning_goals = models.TextField(_("learning goals"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=150, validators=[MinValueValidator(15)]
    )
    with_actor = models.BooleanField(_("with a training actor"), default=False)

    class Meta:
        verbose_name = _("session of a programme")
        verbose_name_plural = _("sessions of a programme")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="unique_template_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


# The kinds of file a hand-out may be, and the content type each is served with: never
# anything a browser would run as a page.
MATERIAL_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
}


class Material(models.Model):
    """A hand-out or a link for one session of a programme."""

    template = models.ForeignKey(
        SessionTemplate,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=160)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="trainingen/materiaal/",
        blank=True,
        validators=[FileExtensionValidator(list(MATERIAL_TYPES)), material_content_matches_name],
        help_text=_("PDF, office documents, images or video."),
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["template", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="material_has_link_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url or reverse("trainingen:material", args=[self.pk])


# Attendance is taken at the door, so not before people can arrive.
ATTENDANCE_OPENS_BEFORE = datetime.timedelta(hours=1)


class Cohort(models.Model):
    """One run of a programme, for one or more neighbourhoods, with teams and partners."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=160)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="cohorts", verbose_name=_("neighbourhoods")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("trainingen:cohort_detail", args=[self.pk])

    def last_session_end(self, sessions: list[CohortSession]) -> datetime.datetime | None:
        """When the last session that is held ends (None when none is held)."""
        return max((s.ends_at for s in sessions if not s.is_cancelled), default=None)

    def can_complete(self, sessions: list[CohortSession], now: datetime.datetime | None = None):
        """Not completed yet, and every session that is held has ended."""
        end = self.last_session_end(sessions)
        return self.completed_at is None and end is not None and end <= (now or timezone.now())


class CohortSession(models.Model):
    """A meeting of a cohort. Its calendar UID never changes; SEQUENCE counts the changes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    template = models.ForeignKey(
        SessionTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("session")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=120, blank=True)
    actor = models.CharField(_("training actor"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=20, validators=[MinValueValidator(2), MaxValueValidator(200)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    # The reader's own seat, when `selectors.cohort_sessions` is asked for a participant's.
    my_seat: Seat | None

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "order"], name="unique_session_order"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.template.title}"

    def get_absolute_url(self) -> str:
        return reverse("trainingen:session_detail", args=[self.pk])

    @property
    def uid(self) -> str:
        return f"training-session-{self.pk}@buurtpreventie"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def attendance_opens_at(self) -> datetime.datetime:
        return self.starts_at - ATTENDANCE_OPENS_BEFORE

    def attendance_is_open(self, now: datetime.datetime | None = None) -> bool:
        """Attendance is registered at the door: from an hour before the start."""
        return not self.is_cancelled and self.attendance_opens_at <= (now or timezone.now())


class Participant(models.Model):
    """A person taking part in a cohort, as a team member or for a partner organisation."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="participants", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_participations",
        verbose_name=_("person"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="unique_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.cohort})"

    @property
    def group(self) -> str:
        """What the person represents: the team, or the partner organisation's type."""
        if self.organisation is not None:
            return self.organisation.get_type_display()
        return str(_("neighbourhood watch"))

    def get_certificate_url(self) -> str:
        return reverse("trainingen:certificate", args=[self.pk])


class Seat(models.Model):
    """A participant's place in one session: invitation, answer, waiting list, attendance."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", pgettext_lazy("training place", "accepted")
        DECLINED = "declined", _("declined")
        WAITLISTED = "waitlisted", _("on the waiting list")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not registered")
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    HOLDING = (Status.INVITED, Status.ACCEPTED)

    session = models.ForeignKey(
        CohortSession, on_delete=models.CASCADE, related_name="seats", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="seats", verbose_name=_("participant")
    )
    status = models.CharField(
        _("answer"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, default="", blank=True
    )
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["session", "participant__user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="unique_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user} @ {self.session}"

    @property
    def holds_place(self) -> bool:
        """Invited or accepted: the session is on the person's agenda (not the waiting list)."""
        return self.status in self.HOLDING

    def get_rsvp_url(self) -> str:
        token = signing.dumps({"seat": self.pk}, salt=RSVP_SALT)
        return reverse("trainingen:rsvp", args=[token])


RSVP_SALT = "trainingen.rsvp"


class EvaluationItem(models.Model):
    """A statement of the self-assessment, scored from 1 (not at all) to 5 (completely)."""

    class Domain(models.TextChoices):
        KNOWLEDGE = "knowledge", _("knowledge")
        ATTITUDE = "attitude", _("attitude")
        COMPETENCES = "competences", _("competences")

    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    text_nl = models.CharField(_("statement (Dutch)"), max_length=300)
    text_en = models.CharField(_("statement (English)"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("evaluation statement")
        verbose_name_plural = _("evaluation statements")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text_nl


class SelfAssessment(models.Model):
    class Moment(models.TextChoices):
        PRE = "pre", _("before the first session")
        POST = "post", _("after the last session")
        FOLLOW_UP = "follow_up", _("three months later")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("cohort")
    )
    # Emptied after the retention period: the answers stay, without the person.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("participant"),
    )
    moment = models.CharField(_("moment"), max_length=16, choices=Moment.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "moment"], name="one_assessment_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_moment_display()}"


class Answer(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("self-assessment"),
    )
    item = models.ForeignKey(
        EvaluationItem,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("statement"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class SessionFeedback(models.Model):
    """What a participant thought of one session: a mark from 1 to 10 and a comment."""

    session = models.ForeignKey(
        CohortSession, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session")
    )
    # Emptied after the retention period: the mark and comment stay, without the person.
    seat = models.OneToOneField(
        Seat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("seat"),
    )
    score = models.PositiveSmallIntegerField(
        _("mark"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=10), name="mark_1_to_10")
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.score}"
