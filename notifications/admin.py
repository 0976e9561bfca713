from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, PushSubscription, ServiceState, WebhookEndpoint


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for administrators: what was sent, what is waiting, what failed and why."""

    list_display = ["created_at", "event", "channel", "email", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "event", "delivery"]
    search_fields = ["email", "subject", "dedup_key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    exclude = ["secrets"]
    readonly_fields = [field.name for field in Notification._meta.fields if field.name != "secrets"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try failed messages again"))
    def retry(self, request, queryset):
        count = services.notification_retry_failed(notifications=queryset)
        self.message_user(
            request,
            ngettext("%d message queued again.", "%d messages queued again.", count) % count,
            messages.SUCCESS,
        )


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    """The devices that receive push messages: to see that push works, and to remove one.
    The keys stay hidden; the endpoint is shown as its push service only."""

    list_display = ["user", "service", "created_at", "last_success_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = readonly_fields = ("user", "service", "created_at", "last_success_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceState)
class ServiceStateAdmin(admin.ModelAdmin):
    """When beat and the workers' outbox sweep were last seen, and whether the mail server
    is failing (since when, the last error, when it is tried next): what /healthz reports."""

    list_display = ("name", "seen_at", "failing_since", "next_probe_at", "last_error")
    fields = readonly_fields = ("name", "seen_at", "failing_since", "next_probe_at", "last_error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """The outside systems that receive events (made by an organisation on its page). The
    secret stays hidden; the deliveries are in the outbox (channel "webhook"), where failed
    ones can be tried again."""

    list_display = ["url", "owner", "created_at", "last_success_at"]
    search_fields = ["url", "description"]
    fields = readonly_fields = (
        "owner",
        "url",
        "description",
        "events",
        "created_by",
        "created_at",
        "last_success_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
