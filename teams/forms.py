from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class TeamInvitationForm(InvitationForm):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VOLUNTEER
    )

    def __init__(self, *args, can_appoint_coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_appoint_coordinator:
            # Coordinators invite volunteers; appointing a coordinator is the region's call.
            del self.fields["role"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("role", Membership.Role.VOLUNTEER)
        return cleaned


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=120,
        required=False,
        help_text=_("Optional. Your team sees only your first name."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


ONBOARDING_DATES = (
    "intake_on",
    "code_of_conduct_signed_on",
    "vog_issued_on",
    "training_completed_on",
    "vest_issued_on",
)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "status", *ONBOARDING_DATES]
        widgets = {name: DateInput() for name in ONBOARDING_DATES}

    def __init__(self, *args, can_appoint_coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_appoint_coordinator:
            del self.fields["role"]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ONBOARDING_DATES:
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("This date lies in the future."))
        return cleaned
