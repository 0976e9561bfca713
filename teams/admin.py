from collections.abc import Iterable
from typing import cast

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import BLANK_CHOICE_DASH, Count
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from privacy.admin import ReadOnlyAdminMixin
from privacy.services import user_erase

from .models import (
    Invitation,
    Membership,
    MembershipEvent,
    Municipality,
    Neighbourhood,
    Observation,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    PatrolLogEvent,
    Region,
    Shift,
    ShiftEvent,
    ShiftSignup,
    Street,
    Team,
    TrainingCoordinator,
    User,
)
from .permissions import can_change_account, can_manage_access
from .privacy import ERASED_DOMAIN
from .services import password_reset_send, two_factor_reset

# Who may sign in to the admin and with which rights, set by superusers only.
ACCESS_FIELDS = frozenset({"is_staff", "is_superuser", "groups", "user_permissions"})


def _changeable(request, people) -> list[User]:
    """The people whose accounts this administrator may change; actions skip the others."""
    return [person for person in people if can_change_account(request.roles, person)]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Regional administrators (staff) keep people's names and e-mail addresses. They do not
    see or change anyone's rights, do not change other administrators or superusers, and
    never type a password: people are invited, and get a reset link by e-mail (an action)."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["send_password_reset", "erase_personal_data"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_manage_access(request.roles):
            return fieldsets
        hidden = ACCESS_FIELDS | {"password"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def has_add_permission(self, request) -> bool:
        # An account made here starts with a password someone typed: people are invited.
        return can_manage_access(request.roles) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or can_change_account(request.roles, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a person would take rosters, logs and signal histories with them: an
        # administrator erases the personal data instead (the action below).
        return False

    def user_change_password(self, request, id, form_url=""):
        if not can_manage_access(request.roles):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Send a link to choose a new password"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = password_reset_send(request=request, users=_changeable(request, queryset))
        self.message_user(
            request,
            ngettext(
                "A link to choose a new password was sent to %(count)d person.",
                "A link to choose a new password was sent to %(count)d people.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )

    @admin.action(description=_("Erase personal data"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        people = [
            person
            for person in _changeable(request, queryset.exclude(pk=request.user.pk))
            if not person.email.endswith(f"@{ERASED_DOMAIN}")
        ]
        if not people:
            self.message_user(
                request,
                _("Nothing to erase: you cannot erase yourself, and erased people stay erased."),
                messages.WARNING,
            )
            return None
        if request.POST.get("confirm") == "yes":
            for person in people:
                user_erase(user=person, request=request)
            self.message_user(
                request,
                ngettext(
                    "The personal data of %(count)d person was erased.",
                    "The personal data of %(count)d people was erased.",
                    len(people),
                )
                % {"count": len(people)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/teams/user/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "people": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_select_related = ["region"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "street_count"]
    list_filter = ["municipality"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(street_count=Count("streets"))

    @admin.display(description=_("streets"), ordering="street_count")
    def street_count(self, neighbourhood) -> int:
        return neighbourhood.street_count


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    """A neighbourhood's street list, kept by hand or imported from a file with
    `manage.py import_streets <neighbourhood> <file.csv|geojson>`."""

    list_display = ["name", "neighbourhood", "latitude", "longitude"]
    list_filter = ["neighbourhood__municipality", "neighbourhood"]
    search_fields = ["name", "neighbourhood__name"]
    list_select_related = ["neighbourhood__municipality"]
    autocomplete_fields = ["neighbourhood"]
    fields = ["neighbourhood", "name", "latitude", "longitude", "lines"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = [
        "user",
        "role",
        "status",
        *Membership.ONBOARDING_DATES,
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "requires_vog", "requires_training", "is_active"]
    list_filter = ["is_active", "requires_vog", "requires_training", "neighbourhoods__municipality"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "status", "code_of_conduct_signed_on", "vog_issued_on"]
    list_filter = ["role", "status", "team"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "team__name"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "membership", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["membership__user", "membership__team", "actor"]


class PartnerMembershipInline(admin.TabularInline):
    model = PartnerMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
    inlines = [PartnerMembershipInline]


@admin.register(TrainingCoordinator)
class TrainingCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user"]
    autocomplete_fields = ["user"]


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "is_active"]
    list_filter = ["is_active", "organisation__type"]
    search_fields = ["user__email", "user__first_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are sent from the team and organisation pages, which e-mail the link."""

    list_display = [
        "email",
        "team",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "first_name"]
    list_select_related = ["team", "organisation"]
    exclude = ["token_hash"]


class ShiftSignupInline(admin.TabularInline):
    model = ShiftSignup
    extra = 0
    fields = readonly_fields = ("membership", "status", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    """Coordinators plan shifts on the roster pages; here administrators can look and fix."""

    list_display = ["starts_at", "team", "meeting_point", "status", "min_people", "max_people"]
    list_filter = ["status", "team"]
    search_fields = ["meeting_point", "team__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["team"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ShiftSignupInline]


@admin.register(ShiftEvent)
class ShiftEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "shift", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["shift__team", "actor"]


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "count"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PatrolLog)
class PatrolLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Patrol logs are filed and corrected by their participants; this is the record."""

    list_display = ["started_at", "shift", "filed_by", "called_112", "called_police_line"]
    list_filter = ["called_112", "called_police_line", "shift__team"]
    date_hierarchy = "started_at"
    list_select_related = ["shift__team", "filed_by"]
    inlines = [ObservationInline]


@admin.register(PatrolLogEvent)
class PatrolLogEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "log", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["log__shift__team", "actor"]


# --- allauth's models: never a secret on an administrator's screen ---------------------------
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who has set up two-factor authentication, and a reset for someone who lost their phone.
    The secrets (`data`) are shown nowhere, and nothing is added or edited here."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_display_links = None
    list_filter = ["type"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    # Not deleted one by one (ReadOnlyAdminMixin): one row alone would leave the recovery
    # codes. The reset removes them together.
    actions = ["reset_two_factor"]

    def has_reset_permission(self, request) -> bool:
        return request.roles.is_admin

    @admin.action(description=_("Reset two-factor authentication"), permissions=["reset"])
    def reset_two_factor(self, request, queryset):
        people = User.objects.filter(pk__in=queryset.values("user_id"))
        reset = two_factor_reset(actor=request.user, users=_changeable(request, people))
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication of %(count)d person was reset: they set it up "
                "again at their next login.",
                "Two-factor authentication of %(count)d people was reset: they set it up "
                "again at their next login.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS if reset else messages.WARNING,
        )


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """People add addresses themselves; the addresses of administrators and superusers are
    not changed by a regional administrator (a reset link to another address would hand
    over the account)."""

    def has_add_permission(self, request) -> bool:
        return can_manage_access(request.roles) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or can_change_account(request.roles, obj.user)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or can_change_account(request.roles, obj.user)
        )


# --- The admin in Dutch where Django and allauth leave English -----------------------------
# allauth's models have no verbose names, so the admin called them "Authenticators" and "User
# sessions" in every language. Set on the models' options only: migrations read the options
# a model declared (`Meta`), not these, so no migration of allauth's changes.
Authenticator._meta.verbose_name = _("authenticator")
Authenticator._meta.verbose_name_plural = _("authenticators")
UserSession._meta.verbose_name = _("login session")
UserSession._meta.verbose_name_plural = _("login sessions")


def _boolean_icon(value: bool | None) -> str:
    """Django's yes/no icon, with its text for screen readers in the reader's language: Django's
    own says "True" or "False" in every language. Every admin list and read-only field
    draws it through this name (django/contrib/admin/utils.py, helpers.py)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("yes"), False: gettext("no"), None: gettext("unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]  # private in the stubs


def _action_choices(self, request, default_choices=None):
    """The list of actions starts with what to do rather than Django's "---------"."""
    return _django_action_choices(self, request, [("", gettext("Choose an action"))])


_django_action_choices = admin.ModelAdmin.get_action_choices
admin.ModelAdmin.get_action_choices = _action_choices  # type: ignore[method-assign]

# Django stores the names of the standard permissions in English when it migrates.
PERMISSION_NAMES = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def _permission_label(permission: Permission) -> str:
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    name = permission.name
    if model is not None and model_name == model._meta.model_name and action in PERMISSION_NAMES:
        name = PERMISSION_NAMES[action] % {"name": model._meta.verbose_name}
    return f"{permission.content_type} | {name}"


def _formfield_for_dbfield(self, db_field, request, **kwargs):
    """A list to choose from starts with "Choose…", or "(none)" where nothing is a fine
    answer, rather than Django's "---------"; permissions are named in the reader's language."""
    formfield = _django_formfield_for_dbfield(self, db_field, request, **kwargs)
    if isinstance(formfield, forms.ModelMultipleChoiceField):
        if formfield.queryset is not None and formfield.queryset.model is Permission:
            formfield.label_from_instance = _permission_label  # type: ignore[method-assign,assignment]
    elif isinstance(formfield, forms.ModelChoiceField | forms.ChoiceField):
        empty = gettext("Choose…") if formfield.required else gettext("(none)")
        if isinstance(formfield, forms.ModelChoiceField):
            if formfield.empty_label == BLANK_CHOICE_DASH[0][1]:
                formfield.empty_label = empty
        elif (choices := list(cast(Iterable, formfield.choices)))[:1] == BLANK_CHOICE_DASH:
            formfield.choices = [("", empty), *choices[1:]]
    return formfield


_django_formfield_for_dbfield = admin.options.BaseModelAdmin.formfield_for_dbfield
admin.options.BaseModelAdmin.formfield_for_dbfield = _formfield_for_dbfield  # type: ignore[method-assign]
