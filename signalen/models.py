"""Signals: what volunteers report, where it is routed, and what happened to it."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from teams.models import AuditEvent, Neighbourhood, PartnerOrganisation, Team

if TYPE_CHECKING:
    from .workflow import OfferedMove


class Hotline(models.TextChoices):
    """The numbers a category points to, next to 112."""

    NONE = "", _("none")
    POLICE = "police", _("Police, non-urgent: 0900-8844")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (domestic violence, abuse): 0800-2000")
    CARE_LINE = "care_line", _("Care line (confused behaviour, not acute): 0800-1205")
    MELD_MISDAAD_ANONIEM = "mma", _("Meld Misdaad Anoniem: 0800-7000")


HOTLINE_NUMBERS: dict[str, str] = {
    Hotline.POLICE: "0900-8844",
    Hotline.VEILIG_THUIS: "0800-2000",
    Hotline.CARE_LINE: "0800-1205",
    Hotline.MELD_MISDAAD_ANONIEM: "0800-7000",
}


class Sensitivity(models.TextChoices):
    NORMAL = "normal", _("normal")
    CARE = "care", _("care (special-category data)")


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)


class Category(models.Model):
    """A kind of signal, in a two-level tree: a main category and optional subcategories.

    Texts exist in Dutch and English; the one shown follows the interface language.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("main category"),
        limit_choices_to={"parent__isnull": True},
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    guidance_nl = models.TextField(_("guidance (Dutch)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    hotline = models.CharField(
        _("hotline"), max_length=16, choices=Hotline.choices, default=Hotline.NONE, blank=True
    )
    sensitivity = models.CharField(
        _("sensitivity"), max_length=8, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    photos_allowed = models.BooleanField(_("photos allowed"), default=True)
    acknowledge_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("resolve within (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    retention_days = models.PositiveSmallIntegerField(
        _("keep description and photos (days after resolution)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )

    objects = CategoryQuerySet.as_manager()

    # A main category's active subcategories, when the report form has read them.
    active_children: list[Category]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sensitivity="normal") | Q(photos_allowed=False),
                name="care_category_without_photos",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent is not None else self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_nl

    @property
    def guidance(self) -> str:
        return self.guidance_en if get_language() == "en" and self.guidance_en else self.guidance_nl

    @property
    def is_care(self) -> bool:
        return self.sensitivity == Sensitivity.CARE

    @property
    def hotline_number(self) -> str:
        return HOTLINE_NUMBERS.get(self.hotline, "")


class RoutingRule(models.Model):
    """Which organisation is competent for a category, optionally only in one neighbourhood.

    The most specific rule wins: a rule for the exact category beats one for its main
    category, and within that, a rule for the neighbourhood beats one for everywhere.
    """

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("category")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("neighbourhood"),
        help_text=_("Empty: everywhere in the region."),
    )
    responsible = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="responsible_rules",
        verbose_name=_("responsible organisation"),
    )
    informed = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="informed_rules",
        verbose_name=_("organisations that are informed"),
        help_text=_("They can read normal signals; care signals stay with the responsible one."),
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["category__order", "category__name_nl", "neighbourhood__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "neighbourhood"], name="unique_rule_per_neighbourhood"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(neighbourhood__isnull=True),
                name="unique_regionwide_rule",
            ),
        ]

    def __str__(self) -> str:
        where = self.neighbourhood.name if self.neighbourhood is not None else _("everywhere")
        return f"{self.category} ({where}) → {self.responsible}"


class Status(models.TextChoices):
    """What a partner and a volunteer both read; docs/signal-workflow.md says what each means."""

    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting for the reporter")
    RESOLVED = "resolved", _("resolved")


OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING)


def overdue_at(now: datetime.datetime) -> Q:
    """Past its deadline at `now`: not acknowledged in time, or open past resolving."""
    return Q(status=Status.NEW, acknowledge_deadline__lt=now) | Q(
        status__in=OPEN_STATUSES, resolve_deadline__lt=now
    )


class SignalQuerySet(models.QuerySet["Signal"]):
    def open(self) -> SignalQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def normal(self) -> SignalQuerySet:
        return self.filter(sensitivity=Sensitivity.NORMAL)

    def regional_queue(self) -> SignalQuerySet:
        return self.filter(responsible__isnull=True).open()

    def overdue(self, now: datetime.datetime | None = None) -> SignalQuerySet:
        return self.filter(overdue_at(now or timezone.now()))


class Signal(models.Model):
    """One report of something a volunteer noticed."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="signals", verbose_name=_("category")
    )
    # Copied from the category when reported, so later changes to a category never expose
    # an old care signal.
    sensitivity = models.CharField(
        _("sensitivity"), max_length=8, choices=Sensitivity.choices, editable=False
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signals",
        verbose_name=_("reporter"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signals",
        verbose_name=_("team"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("neighbourhood"),
    )
    street = models.CharField(_("street"), max_length=120)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    observed_at = models.DateTimeField(_("observed at"))
    description = models.TextField(_("description"), max_length=4000)
    called_112 = models.BooleanField(_("112 was called"), default=False)
    called_police_line = models.BooleanField(_("0900-8844 was called"), default=False)
    description_flagged = models.BooleanField(
        _("description needed a rewrite"),
        default=False,
        help_text=_("The appearance check asked the reporter to describe behaviour instead."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    responsible = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("responsible organisation"),
    )
    informed = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="informed_signals",
        verbose_name=_("informed organisations"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_signals",
        verbose_name=_("assigned to"),
    )
    acknowledge_deadline = models.DateTimeField(_("acknowledge by"))
    resolve_deadline = models.DateTimeField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the team"), blank=True)
    source_observation = models.ForeignKey(
        "teams.Observation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("from patrol observation"),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Set when a partner closed this signal because the same thing was reported before.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # The report's own id, made when the form was shown (or by the phone's send queue): a
    # report sent twice (a retry, a double tap, two tabs, the queue after a lost answer)
    # is stored once.
    submission_id = models.UUIDField(_("submission"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SignalQuerySet.as_manager()

    # Set by the partner inbox on each row it shows (views._inbox_rows): the signal's address,
    # the moves the reader may make, the deadline and age in words.
    url: str
    primary_moves: list[OfferedMove]
    more_moves: list[OfferedMove]
    late: bool
    deadline_words: str
    age_words: str

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["responsible", "status"], name="signal_inbox_idx"),
            models.Index(fields=["team", "created_at"], name="signal_team_idx"),
            models.Index(fields=["reporter", "created_at"], name="signal_reporter_idx"),
            # The latest change, which keys the cached regional statistics.
            models.Index(fields=["updated_at"], name="signal_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "submission_id"], name="signal_submitted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("signalen:signal_detail", args=[self.pk])

    @property
    def is_care(self) -> bool:
        return self.sensitivity == Sensitivity.CARE

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}".strip()

    def next_deadline(self) -> datetime.datetime | None:
        if self.status == Status.NEW:
            return self.acknowledge_deadline
        return self.resolve_deadline if self.is_open else None

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        deadline = self.next_deadline()
        return deadline is not None and deadline < (now or timezone.now())


class SignalEvent(AuditEvent):
    """An append-only record of what happened to a signal: who, when, what, why."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("reported")
        ROUTED = "routed", _("sent to an organisation")
        ACKNOWLEDGE = "acknowledge", _("receipt confirmed")
        ASSIGN = "assign", _("assigned")
        START = "start", _("taken in progress")
        ASK = "ask", _("question to the reporter")
        ANSWER = "answer", _("answer from the reporter")
        FORWARD = "forward", _("forwarded")
        RESOLVE = "resolve", _("resolved")
        REJECT = "reject", _("sent back: not ours")
        REOPEN = "reopen", _("reopened")
        ANONYMISED = "anonymised", _("anonymised after the retention period")
        # A message between the partner and the reporting team, also after closure.
        MESSAGE = "message", _("message")
        # Another volunteer saw the same thing and added their observation.
        ADDED = "added", _("observation added")
        DUPLICATE = "duplicate", _("resolved: reported before")
        HANDOFF = "handoff", _("external party asked")
        HANDOFF_ANSWER = "handoff_answer", _("answer from the external party")

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="events", verbose_name=_("signal")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("signal event")
        verbose_name_plural = _("signal events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal} - {self.get_kind_display()}"


def photo_path(instance: SignalPhoto, filename: str) -> str:
    # Never the uploaded name: it can hold personal data or path tricks.
    return f"signalen/{uuid.uuid4().hex}.jpg"


class SignalPhoto(models.Model):
    """A photo, re-encoded without any metadata before it was stored."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="photos", verbose_name=_("signal")
    )
    image = models.FileField(_("image"), upload_to=photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.signal} photo {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("signalen:photo", args=[self.signal_id, self.pk])


class DescriptionTerm(models.Model):
    """A word that makes the report form ask for behaviour instead (maintained in the admin).

    Appearance, skin colour, nationality, ethnicity and religion may not be the reason for a
    suspicion; diagnoses do not belong in a care signal, which records facts. How a term is
    used decides where it asks (signalen/description_check.py).
    """

    class Kind(models.TextChoices):
        APPEARANCE = "appearance", _("appearance")
        SKIN_COLOUR = "skin_colour", _("skin colour")
        NATIONALITY = "nationality", _("nationality")
        ETHNICITY = "ethnicity", _("ethnicity")
        RELIGION = "religion", _("religion")
        DIAGNOSIS = "diagnosis", _("diagnosis (care signals)")

    class Usage(models.TextChoices):
        WORD = "word", _("asks wherever it is written")
        PERSON_NOUN = "person_noun", _("a word for people and things: asks about people")
        QUALIFIER = "qualifier", _("a colour or origin word: asks when it describes a person")
        LOOKS = "looks", _("asks in 'looks …' and '… looking'")

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    term = models.CharField(
        _("term"),
        max_length=60,
        help_text=_(
            "A word in its base form: endings, plurals and diminutives are found too. End it "
            "with * to find every word that starts with it."
        ),
    )
    usage = models.CharField(_("usage"), max_length=16, choices=Usage.choices, default=Usage.WORD)
    is_active = models.BooleanField(_("active"), default=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("description term")
        verbose_name_plural = _("description terms")
        ordering = ["language", "kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="unique_term_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.get_kind_display()}, {self.language})"


class DescriptionRule(models.Model):
    """A phrase rule of the description check, which the administrator can switch off."""

    class Code(models.TextChoices):
        WORD = "word", _("listed word")
        PERSON = "person", _("colour or origin of a person")
        LOOKING = "looking", _("what someone looks like")
        TYPE = "type", _("'type' with an origin")
        PLATE = "plate", _("origin of a licence plate")
        NOUN = "noun", _("colour word used for a person")
        COMPOUND = "compound", _("origin word in a compound")
        SPELLING = "spelling", _("listed word, misspelt")

    code = models.CharField(_("rule"), max_length=16, choices=Code.choices, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("description rule")
        verbose_name_plural = _("description rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class DescriptionCheckChange(models.Model):
    """History: a term or rule switched off or on, by whom and why."""

    term = models.ForeignKey(
        DescriptionTerm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("term"),
    )
    rule = models.ForeignKey(
        DescriptionRule,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("rule"),
    )
    is_active = models.BooleanField(_("active"))
    reason = models.TextField(_("reason"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("change to the description check")
        verbose_name_plural = _("changes to the description check")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.term or self.rule}: {self.is_active}"


class DescriptionFinding(models.Model):
    """A question the description check asked about a signal (no words of the text: the
    kind, rule and term only). Counted per month in the admin and by the reporting watch.

    When the report was written, or by re-scoring the description as kept
    (`manage.py rescore_descriptions`), which changes no signal."""

    class Source(models.TextChoices):
        REPORT = "report", _("while reporting")
        RESCORE = "rescore", _("re-scored")

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="description_findings"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=DescriptionTerm.Kind.choices)
    rule = models.CharField(_("rule"), max_length=16, choices=DescriptionRule.Code.choices)
    term = models.ForeignKey(
        DescriptionTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("term"),
    )
    month = models.DateField(_("month"))  # the first day of the month the signal was made

    class Meta:
        verbose_name = _("description finding")
        verbose_name_plural = _("description findings")
        indexes = [models.Index(fields=["source", "signal"], name="finding_source_signal")]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.rule} {self.kind}"


class SavedFilter(models.Model):
    """A partner's filters, search and sort on the inbox, saved under a name of their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=60)
    # The inbox's query string, without the page.
    query = models.CharField(_("query"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="unique_filter_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name


# A hand-off link is valid this many days unless the partner chooses otherwise, never longer
# than the maximum.
HANDOFF_DEFAULT_DAYS = 14
HANDOFF_MAX_DAYS = 30


class ExternalHandoff(models.Model):
    """A normal signal handed to someone outside the application (a housing manager, a
    school) by e-mail: they open a link without an account, read what the partner chose to
    share and may answer once. Only the hash of the link's token is kept."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("signal")
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("handed off by"),
    )
    email = models.EmailField(_("e-mail address"))
    note = models.TextField(_("note"), max_length=2000)
    share_description = models.BooleanField(_("description shared"), default=False)
    share_street = models.BooleanField(_("street shared"), default=False)
    share_photos = models.BooleanField(_("photos shared"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("external hand-off")
        verbose_name_plural = _("external hand-offs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.signal} → {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        """Whether the link still shows the signal."""
        return self.revoked_at is None and not self.is_expired


class ExternalHandoffView(models.Model):
    """One opening of a hand-off link (the page or a photo): when, and nothing about who,
    since the visitor has no account and an address would say more than is needed."""

    class What(models.TextChoices):
        PAGE = "page", _("page")
        PHOTO = "photo", _("photo")

    handoff = models.ForeignKey(
        ExternalHandoff,
        on_delete=models.CASCADE,
        related_name="views",
        verbose_name=_("external hand-off"),
    )
    what = models.CharField(_("what"), max_length=8, choices=What.choices, default=What.PAGE)
    viewed_at = models.DateTimeField(_("viewed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("view of an external hand-off")
        verbose_name_plural = _("views of external hand-offs")
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.handoff_id} {self.viewed_at:%Y-%m-%d %H:%M}"
