from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
from .privacy import ERASED_DOMAIN


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
    actions = ["erase_personal_data"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a person would take rosters, logs and signal histories with them: an
        # administrator erases the personal data instead (the action below).
        return False

    @admin.action(description=_("Erase personal data"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        people = [
            person
            for person in queryset.exclude(pk=request.user.pk)
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
