from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import events, push
from .models import Delivery

PUSH_PREFIX = "push_"


class PreferencesForm(forms.Form):
    """One choice per event type; mandatory events are shown but cannot be changed. Events
    that can go by push get a box under their choice, when push is configured."""

    def __init__(
        self, *args, current: dict[str, str], current_push: dict[str, bool], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        with_push = push.configured()
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
            if with_push and event.push:
                self.fields[PUSH_PREFIX + event.code] = forms.BooleanField(
                    label=_("Also as a push message"),
                    help_text=event.push_description,
                    required=False,
                    initial=current_push.get(event.code, True),
                )

    def changeable_choices(self) -> dict[str, str]:
        return {
            code: value
            for code, value in self.cleaned_data.items()
            if not code.startswith(PUSH_PREFIX) and not self.fields[code].disabled
        }

    def push_choices(self) -> dict[str, bool]:
        return {
            code.removeprefix(PUSH_PREFIX): value
            for code, value in self.cleaned_data.items()
            if code.startswith(PUSH_PREFIX)
        }


class PushSubscriptionForm(forms.Form):
    """A browser's PushSubscription (its `toJSON()`), as push.js posts it."""

    endpoint = forms.CharField(max_length=1000)
    p256dh = forms.CharField(max_length=128)
    auth = forms.CharField(max_length=64)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if not push.endpoint_allowed(endpoint):
            raise ValidationError(
                _("This browser's push service is not one we can send to."), code="service"
            )
        return endpoint

    def clean_p256dh(self) -> str:
        value = self.cleaned_data["p256dh"]
        try:
            push.browser_key(value)
        except ValueError:
            raise ValidationError(_("The browser's key is not valid."), code="key") from None
        return value

    def clean_auth(self) -> str:
        value = self.cleaned_data["auth"]
        try:
            valid = len(push.decode(value)) == 16
        except ValueError:
            valid = False
        if not valid:
            raise ValidationError(_("The browser's secret is not valid."), code="auth")
        return value

    @classmethod
    def from_json(cls, data: object) -> "PushSubscriptionForm":
        """Bound to the fields of the browser's JSON; anything else binds empty fields."""
        fields: dict[str, object] = {}
        if isinstance(data, dict):
            keys = data.get("keys")
            keys = keys if isinstance(keys, dict) else {}
            fields = {"endpoint": data.get("endpoint"), **keys}
        return cls({name: value for name, value in fields.items() if isinstance(value, str)})
