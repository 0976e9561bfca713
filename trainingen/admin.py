from django.contrib import admin
from django.db import models

from privacy.admin import ReadOnlyAdminMixin

from .models import (
    Cohort,
    CohortSession,
    EvaluationItem,
    Material,
    Participant,
    Programme,
    SessionTemplate,
)


class SessionTemplateInline(admin.StackedInline):
    model = SessionTemplate
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "allowed_absences", "is_active"]
    inlines = [SessionTemplateInline]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SessionTemplate)
class SessionTemplateAdmin(admin.ModelAdmin):
    """Sessions of a programme, with their materials (files or links)."""

    list_display = ["programme", "order", "title", "duration_minutes", "with_actor"]
    list_filter = ["programme"]
    inlines = [MaterialInline]


@admin.register(EvaluationItem)
class EvaluationItemAdmin(admin.ModelAdmin):
    list_display = ["text_nl", "domain", "order", "is_active"]
    list_filter = ["domain", "is_active"]


class CohortSessionInline(admin.TabularInline):
    model = CohortSession
    extra = 0
    fields = readonly_fields = (
        "order",
        "template",
        "starts_at",
        "ends_at",
        "location",
        "status",
        "sequence",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Cohorts are run from the training pages; this is the record."""

    list_display = ["name", "programme", "created_at", "completed_at"]
    inlines = [CohortSessionInline]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "cohort", "team", "organisation", "completed_on"]
    list_filter = ["cohort"]
    list_select_related = ["user", "cohort", "team", "organisation"]
