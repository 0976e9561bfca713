from django import forms
from django.utils.translation import gettext_lazy as _

from . import events
from .models import Delivery


class PreferencesForm(forms.Form):
    """One choice per event type; mandatory events are shown but cannot be changed."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for event in events.all_events():
            if not event.listed:
                continue
            field = forms.ChoiceField(
                label=event.label,
                help_text=event.description,
                choices=Delivery.choices,
                initial=current.get(event.code, event.default),
                widget=forms.RadioSelect,
            )
            if event.mandatory:
                field.choices = [(Delivery.IMMEDIATE, _("always, immediately (required)"))]
                field.initial = Delivery.IMMEDIATE
                field.disabled = True
            self.fields[event.code] = field

    def changeable_choices(self) -> dict[str, str]:
        return {
            code: value
            for code, value in self.cleaned_data.items()
            if not self.fields[code].disabled
        }
