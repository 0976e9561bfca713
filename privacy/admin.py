from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import AccessLogEntry, AccessLogIds, RetentionPolicy, RetentionRun


class ReadOnlyAdminMixin:
    """For append-only records: visible to administrators, changed by nobody."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AccessLogIdsInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The numbers of the signals an export held, part by part."""

    model = AccessLogIds
    fields = ["count", "lowest", "highest", "ranges"]
    readonly_fields = ["count", "lowest", "highest", "ranges"]
    extra = 0


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The access log, searchable by person, object and address; nobody can change it."""

    list_display = ["created_at", "user", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["user__email", "user__first_name", "object_id", "detail", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    fields = ["created_at", "user", "action", "object_type", "object_id", "detail", "ip_address"]
    inlines = [AccessLogIdsInline]


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    """One policy for the region; the list goes straight to it."""

    def changelist_view(self, request, extra_context=None):
        policy = RetentionPolicy.current()
        return HttpResponseRedirect(
            reverse("admin:privacy_retentionpolicy_change", args=[policy.pk])
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["ran_at", "results"]
    date_hierarchy = "ran_at"
    fields = ["ran_at", "results"]
