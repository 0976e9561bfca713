"""Organisation and accounts: the region, its teams, partner organisations and people."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VOG_VALID_YEARS = 3


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can log in. E-mail is the login; no username exists.

    Regional administrators are staff users. Only a first name is required: the teams
    address each other by first name, and minimal personal data is the rule.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(
        _("regional administrator"),
        default=False,
        help_text=_("Can configure the region in the administration pages."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="unique_municipality_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    boundary = models.JSONField(
        _("boundary"),
        default=list,
        blank=True,
        help_text=_(
            "The outline as a list of [latitude, longitude] points; used to find the "
            "neighbourhood of a place tapped on the map."
        ),
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_neighbourhood_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether the point lies inside the boundary (ray casting; fine at city scale)."""
        points = self.boundary or []
        inside = False
        for (lat1, lng1), (lat2, lng2) in zip(points, points[1:] + points[:1], strict=True):
            if (lng1 > longitude) != (lng2 > longitude):
                crossing = lat1 + (longitude - lng1) * (lat2 - lat1) / (lng2 - lng1)
                if latitude < crossing:
                    inside = not inside
        return inside


class TeamQuerySet(models.QuerySet["Team"]):
    def coordinated_by(self, user: User) -> TeamQuerySet:
        return self.filter(
            memberships__user=user,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__status__in=Membership.CURRENT_STATUSES,
        ).distinct()


class Team(models.Model):
    """A buurtpreventieteam. It serves one or more neighbourhoods."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="teams", verbose_name=_("neighbourhoods")
    )
    requires_vog = models.BooleanField(
        _("requires a VOG"),
        default=True,
        help_text=_("Members need a certificate of conduct (VOG) no older than three years."),
    )
    requires_training = models.BooleanField(
        _("requires the training"),
        default=True,
        help_text=_("Members must have completed the training before they patrol."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The public page (opt-in): its address, and what the team says about itself there.
    is_public = models.BooleanField(_("public page"), default=False)
    # NULL, not "": unique, and most teams have none.
    slug = models.SlugField(  # noqa: DJ001
        _("address of the public page"), max_length=60, unique=True, null=True
    )
    public_intro = models.TextField(_("about the team"), max_length=1500, blank=True)
    # What the QR code on the team's sign-up sheet leads to; made when first printed, and
    # renewed to make old sheets stop working.
    join_code = models.CharField(  # noqa: DJ001 - unique, and NULL until first printed
        max_length=32, unique=True, null=True, editable=False
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team_detail", args=[self.pk])

    def get_public_url(self) -> str | None:
        return reverse("public_team", args=[self.slug]) if self.is_public and self.slug else None


@dataclass(frozen=True)
class ReadinessItem:
    """One requirement of the onboarding checklist and whether it is met."""

    code: str
    label: StrOrPromise  # translated when shown, in the reader's language
    met: bool


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(status__in=Membership.CURRENT_STATUSES)


class Membership(models.Model):
    """A person's place in a team, with the onboarding checklist the coordinator keeps."""

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("volunteer")
        COORDINATOR = "coordinator", _("coordinator")

    class Status(models.TextChoices):
        ASPIRANT = "aspirant", _("aspirant")
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    CURRENT_STATUSES = (Status.ASPIRANT, Status.ACTIVE)
    ONBOARDING_DATES = (
        "intake_on",
        "code_of_conduct_signed_on",
        "vog_issued_on",
        "training_completed_on",
        "vest_issued_on",
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VOLUNTEER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ASPIRANT
    )
    intake_on = models.DateField(_("intake interview"), null=True, blank=True)
    code_of_conduct_signed_on = models.DateField(_("code of conduct signed"), null=True, blank=True)
    vog_issued_on = models.DateField(_("VOG issued"), null=True, blank=True)
    training_completed_on = models.DateField(_("training completed"), null=True, blank=True)
    vest_issued_on = models.DateField(_("vest issued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team__name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="unique_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.team} ({self.get_role_display()})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def vog_expires_on(self) -> datetime.date | None:
        if self.vog_issued_on is None:
            return None
        try:
            return self.vog_issued_on.replace(year=self.vog_issued_on.year + VOG_VALID_YEARS)
        except ValueError:  # 29 February
            return self.vog_issued_on.replace(
                year=self.vog_issued_on.year + VOG_VALID_YEARS, day=28
            )

    def vog_valid_on(self, day: datetime.date) -> bool:
        return self.vog_expires_on is not None and day < self.vog_expires_on

    def readiness(self, today: datetime.date | None = None) -> list[ReadinessItem]:
        """The onboarding checklist: what a member needs before they may patrol."""
        today = today or timezone.localdate()
        items = [
            ReadinessItem("active", _("Active status"), self.status == self.Status.ACTIVE),
            ReadinessItem(
                "code_of_conduct",
                _("Code of conduct signed"),
                self.code_of_conduct_signed_on is not None,
            ),
        ]
        if self.team.requires_vog:
            valid_vog = self.vog_valid_on(today)
            items.append(ReadinessItem("vog", _("Valid VOG (under three years old)"), valid_vog))
        if self.team.requires_training:
            items.append(
                ReadinessItem(
                    "training", _("Training completed"), self.training_completed_on is not None
                )
            )
        return items

    def is_ready(self, today: datetime.date | None = None) -> bool:
        return all(item.met for item in self.readiness(today))

    def missing(self, today: datetime.date | None = None) -> list[ReadinessItem]:
        return [item for item in self.readiness(today) if not item.met]


class AuditEvent(models.Model):
    """Base for the append-only records of who changed what and when.

    Subclasses add what happened (a kind, the changes); rows are only ever added.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class MembershipEvent(AuditEvent):
    """An append-only record of a change to a membership: who, when, what."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("joined through an invitation")
        UPDATED = "updated", _("onboarding or status changed")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="events", verbose_name=_("membership")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.membership} - {self.get_kind_display()}"


class PartnerOrganisation(models.Model):
    class Type(models.TextChoices):
        POLICE = "police", _("police")
        WELFARE = "welfare", _("welfare")
        CARE = "care", _("care")
        HOUSING = "housing", _("housing corporation")
        MUNICIPALITY = "municipality", _("municipality")
        EDUCATION = "education", _("education")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=160, unique=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        related_name="partner_organisations",
        blank=True,
        verbose_name=_("neighbourhoods served"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The addresses of the organisation's own systems that receive its events.
    webhooks = GenericRelation(
        "notifications.WebhookEndpoint",
        content_type_field="owner_type",
        object_id_field="owner_id",
        related_query_name="organisation",
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:organisation_detail", args=[self.pk])


class PartnerMembershipQuerySet(models.QuerySet["PartnerMembership"]):
    def current(self) -> PartnerMembershipQuerySet:
        return self.filter(is_active=True, organisation__is_active=True)


class PartnerMembership(models.Model):
    """Makes a user a partner user: a professional of a partner organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_lead = models.BooleanField(
        _("lead"),
        default=False,
        help_text=_("Receives escalations when a signal is not acknowledged in time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PartnerMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner user")
        verbose_name_plural = _("partner users")
        ordering = ["organisation__name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_partner_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation}"


class TrainingCoordinator(models.Model):
    """Makes a user a training coordinator: runs the training cohorts of the region (as the
    regional administrators do), without administering the region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_coordinator",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("training coordinator")
        verbose_name_plural = _("training coordinators")

    def __str__(self) -> str:
        return str(self.user)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring link that lets a person join a team or a partner organisation.

    Only a hash of the secret token is stored, so a copy of the database does not hand out
    working links.
    """

    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=80)
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("team"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Membership.Role.choices,
        default=Membership.Role.VOLUNTEER,
        blank=True,
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner organisation"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=False) & Q(organisation__isnull=True))
                | (Q(team__isnull=True) & Q(organisation__isnull=False)),
                name="invitation_for_team_or_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.team or self.organisation}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def target(self) -> Team | PartnerOrganisation:
        target = self.team or self.organisation
        assert target is not None  # invitation_for_team_or_organisation: exactly one is set
        return target

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
