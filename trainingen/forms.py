from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teams.forms import DateInput, TimeInput
from teams.models import Neighbourhood, PartnerMembership, Team

from .models import EvaluationItem, Programme
from .services import SessionChange


class CohortForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.filter(is_active=True),
        empty_label=_("Choose a programme"),
    )
    name = forms.CharField(label=_("Name"), max_length=160)
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.select_related("municipality"),
        widget=forms.CheckboxSelectMultiple,
    )
    first_date = forms.DateField(label=_("First session on"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput(), initial="19:00")
    interval_days = forms.IntegerField(
        label=_("Days between sessions"), min_value=1, max_value=90, initial=14
    )
    location = forms.CharField(label=_("Location"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Places per session"), min_value=2, max_value=200, initial=20
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        assert field.queryset is not None
        programmes = list(field.queryset[:2])
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].pk

    def clean_first_date(self):
        value = self.cleaned_data["first_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("This date lies in the past."))
        return value


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End"), widget=TimeInput())
    location = forms.CharField(label=_("Location"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=120, required=False)
    actor = forms.CharField(label=_("Training actor"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=2, max_value=200)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if {"date", "start_time", "end_time"} <= cleaned.keys():
            starts_at = timezone.make_aware(
                datetime.datetime.combine(cleaned["date"], cleaned["start_time"])
            )
            ends_at = timezone.make_aware(
                datetime.datetime.combine(cleaned["date"], cleaned["end_time"])
            )
            if ends_at <= starts_at:
                self.add_error("end_time", _("The end must be after the start."))
            if starts_at <= timezone.now():
                self.add_error("date", _("This moment lies in the past."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    @staticmethod
    def initial_for(session) -> dict:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "location": session.location,
            "trainer": session.trainer,
            "actor": session.actor,
            "capacity": session.capacity,
        }

    def change(self) -> SessionChange:
        data = self.cleaned_data
        return SessionChange(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            trainer=data["trainer"],
            actor=data["actor"],
            capacity=data["capacity"],
        )


class RepresentativesField(forms.ModelMultipleChoiceField):
    """Partner memberships, shown by name and organisation."""

    def label_from_instance(self, obj: PartnerMembership) -> str:
        organisation = obj.organisation
        return (
            f"{obj.user.get_full_name()}, {organisation.name} ({organisation.get_type_display()})"
        )


class ParticipantsForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Whole teams (all current members)"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = RepresentativesField(
        label=_("Representatives of partner organisations"),
        queryset=PartnerMembership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, invitable, **kwargs):
        super().__init__(*args, **kwargs)
        teams, partners = self.fields["teams"], self.fields["partners"]
        assert isinstance(teams, forms.ModelMultipleChoiceField)
        assert isinstance(partners, RepresentativesField)
        # Labelled by their name, as Team's __str__.
        teams.queryset = Team.objects.filter(pk__in=[t.pk for t in invitable.teams])
        partners.queryset = PartnerMembership.objects.filter(
            pk__in=[p.pk for p in invitable.partners]
        ).select_related("user", "organisation")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("teams") and not cleaned.get("partners"):
            raise forms.ValidationError(_("Choose at least one team or one person."))
        return cleaned


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class AssessmentForm(forms.Form):
    """The self-assessment: each statement from 1 (not at all) to 5 (completely)."""

    def __init__(self, *args, items: list[EvaluationItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text, choices=SCORES, coerce=int, widget=forms.RadioSelect
            )

    def domains(self):
        grouped: dict[str, list[forms.BoundField]] = {}
        for item in self.items:
            grouped.setdefault(item.get_domain_display(), []).append(self[f"item_{item.pk}"])
        return grouped.items()

    def scores(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your mark for this session (1 to 10)"),
        choices=[(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What was good, what could be better?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the coordinators only together with at least four others."),
    )
