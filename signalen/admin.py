from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from privacy.admin import ReadOnlyAdminMixin
from teams.selectors import month_starts

from .models import (
    Category,
    DescriptionCheckChange,
    DescriptionFinding,
    DescriptionRule,
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


MONTHS_SHOWN = 12


def _first_month():
    return month_starts(timezone.localdate(), MONTHS_SHOWN)[0]


class SwitchForm(forms.ModelForm):
    """Switching a term or rule off (or on again) asks why; the reason is kept."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why you switch it off or on. Kept in the history."),
    )

    def clean(self):
        cleaned = super().clean() or {}
        if "is_active" in self.changed_data and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why you switch it off or on; the reason is kept."))
        return cleaned


class ChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DescriptionCheckChange
    fields = readonly_fields = ("changed_at", "is_active", "reason", "changed_by")
    extra = 0


class SwitchedWithReason(admin.ModelAdmin):
    """Admin for a term or rule: hits per month and a history of switching it off and on."""

    form = SwitchForm
    inlines = [ChangeInline]
    subject: str  # the DescriptionCheckChange field that points here

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: the history stays

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data or (not change and form.cleaned_data["reason"]):
            DescriptionCheckChange.objects.create(
                **{self.subject: obj},
                is_active=obj.is_active,
                reason=form.cleaned_data["reason"].strip(),
                changed_by=request.user,
            )

    def findings(self, obj):
        raise NotImplementedError

    @admin.display(description=_("questions (12 months)"), ordering="hits")
    def hits(self, obj):
        return obj.hits  # annotated by get_queryset

    @admin.display(description=_("questions asked in the last 12 months"))
    def hits_per_month(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        counts = {
            (row["month"], row["source"]): row["n"]
            for row in self.findings(obj)
            .filter(month__gte=_first_month())
            .values("month", "source")
            .annotate(n=Count("pk"))
        }
        months = month_starts(timezone.localdate(), MONTHS_SHOWN)
        report, rescore = DescriptionFinding.Source.REPORT, DescriptionFinding.Source.RESCORE
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (f"{month:%Y-%m}", counts.get((month, report), 0), counts.get((month, rescore), 0))
                for month in months
            ),
        )
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("month"),
            report.label,
            rescore.label,
            rows,
        )


@admin.register(DescriptionTerm)
class DescriptionTermAdmin(SwitchedWithReason):
    """The words behind the description check, in Dutch and English."""

    subject = "term"
    list_display = ["term", "kind", "usage", "language", "is_active", "hits"]
    list_filter = ["language", "kind", "usage", "is_active"]
    search_fields = ["term"]
    fields = ["term", "language", "kind", "usage", "is_active", "reason", "hits_per_month"]
    readonly_fields = ["hits_per_month"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(hits=Count("findings", filter=Q(findings__month__gte=_first_month())))
        )

    def findings(self, obj):
        return DescriptionFinding.objects.filter(term=obj)


@admin.register(DescriptionRule)
class DescriptionRuleAdmin(SwitchedWithReason):
    """The phrase rules of the description check (docs/privacy.md explains each)."""

    subject = "rule"
    list_display = ["__str__", "is_active", "hits"]
    fields = ["code", "is_active", "reason", "hits_per_month"]
    readonly_fields = ["code", "hits_per_month"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        counted = (
            DescriptionFinding.objects.filter(rule=OuterRef("code"), month__gte=_first_month())
            .order_by()
            .values("rule")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(hits=Coalesce(Subquery(counted), 0))

    def findings(self, obj):
        return DescriptionFinding.objects.filter(rule=obj.code)


@admin.register(DescriptionCheckChange)
class DescriptionCheckChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who switched which term or rule off or on, and why."""

    list_display = ["changed_at", "term", "rule", "is_active", "reason", "changed_by"]
    list_filter = ["is_active"]
    list_select_related = ["term", "rule", "changed_by"]


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
