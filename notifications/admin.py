from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification


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

    @admin.action(description=_("Try failed e-mails again"))
    def retry(self, request, queryset):
        count = services.notification_retry_failed(notifications=queryset)
        self.message_user(
            request,
            ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
            messages.SUCCESS,
        )
