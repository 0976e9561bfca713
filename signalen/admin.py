from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from privacy.admin import ReadOnlyAdminMixin

from .models import (
    Category,
    DescriptionTerm,
    ExternalHandoff,
    RoutingRule,
    Signal,
    SignalEvent,
)


class SubcategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    extra = 0
    fields = ["code", "name_nl", "name_en", "order", "retention_days", "is_active"]
    verbose_name = _("subcategory")
    verbose_name_plural = _("subcategories")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "sensitivity",
        "hotline",
        "photos_allowed",
        "acknowledge_hours",
        "resolve_days",
        "retention_days",
        "is_active",
    ]
    list_filter = ["sensitivity", "is_active", "parent"]
    search_fields = ["name_nl", "name_en", "code"]
    list_select_related = ["parent"]
    inlines = [SubcategoryInline]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "neighbourhood", "responsible"]
    list_filter = ["responsible", "category__parent"]
    list_select_related = ["category__parent", "neighbourhood__municipality", "responsible"]
    autocomplete_fields = ["responsible"]
    filter_horizontal = ["informed"]


@admin.register(DescriptionTerm)
class DescriptionTermAdmin(admin.ModelAdmin):
    """The word lists behind the description check, in Dutch and English."""

    list_display = ["term", "kind", "language", "is_active"]
    list_filter = ["language", "kind", "is_active"]
    search_fields = ["term"]


class SignalEventInline(admin.TabularInline):
    model = SignalEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "created_at",
        "kind",
        "actor",
        "from_status",
        "to_status",
        "organisation",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record of signals for oversight; contents stay out of the admin (care data)."""

    list_display = ["pk", "created_at", "category", "sensitivity", "status", "responsible"]
    list_filter = ["status", "sensitivity", "responsible", "category__parent"]
    list_select_related = ["category__parent", "responsible"]
    date_hierarchy = "created_at"
    fields = [
        "category",
        "sensitivity",
        "team",
        "neighbourhood",
        "status",
        "responsible",
        "acknowledge_deadline",
        "resolve_deadline",
        "acknowledged_at",
        "resolved_at",
        "description_flagged",
        "anonymised_at",
        "created_at",
    ]
    inlines = [SignalEventInline]


@admin.register(ExternalHandoff)
class ExternalHandoffAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which signals went to whom outside the application, and whether they answered; the
    note and the answer stay on the signal's page."""

    list_display = ["signal", "organisation", "created_at", "expires_at", "revoked_at",
                    "answered_at"]  # fmt: skip
    list_select_related = ["signal__category__parent", "organisation"]
    date_hierarchy = "created_at"
    fields = ["signal", "organisation", "created_by", "email", "share_description",
              "share_street", "share_photos", "created_at", "expires_at", "revoked_at",
              "answered_at"]  # fmt: skip
