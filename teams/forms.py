import datetime
import time
from typing import cast
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import webhooks

from .formats import date_format
from .invitation_list import MAX_LINES
from .locations import MAX_QUERY_LENGTH
from .models import Membership, Observation, PatrolLog, Shift, Team, User
from .models.roster import MAX_OBSERVATION_COUNT, MAX_PEOPLE, MIN_PEOPLE
from .selectors import log_crew_choices
from .services.roster import PatrolReport, shift_times, validate_shift_times
from .text_checks import EMAIL, PHONE, hints_text, personal_data_hints

MAX_LIST_BYTES = 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    """A person corrects their own name; the e-mail address and password have their own
    pages, which ask for the password again."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()


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
        super().clean()
        cleaned = self.cleaned_data
        cleaned.setdefault("role", Membership.Role.VOLUNTEER)
        return cleaned


class InvitationListForm(forms.Form):
    """A list of people to invite, pasted or as a file (teams.invitation_list)."""

    people = forms.CharField(
        label=_("The list"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "Anna de Vries, anna@example.org"}),
        help_text=_("One person per line: a name and an e-mail address."),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_("For example an export of a spreadsheet or of your contacts."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_LIST_BYTES:
            raise ValidationError(_("This file is too large for a list of people."))
        data = upload.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")  # Excel's own CSV on Windows

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        text = cleaned.get("file") or cleaned.get("people") or ""
        if not self.errors and not text.strip():
            raise ValidationError(_("Paste a list or choose a file."))
        if len([line for line in text.splitlines() if line.strip()]) > MAX_LINES:
            raise ValidationError(
                _("At most %(count)s lines at a time: split the list.") % {"count": MAX_LINES}
            )
        cleaned["text"] = text
        return cleaned


class AnnouncementForm(forms.Form):
    """A message to the team, or to those on one of its shifts of the coming day."""

    audience = forms.ChoiceField(label=_("To"), widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("No names of residents, phone numbers or licence plates."),
    )

    def __init__(self, *args, team: Team, shifts: list[Shift], **kwargs):
        super().__init__(*args, **kwargs)
        self.shifts = {str(shift.pk): shift for shift in shifts}
        audience = self.fields["audience"]
        assert isinstance(audience, forms.ChoiceField)
        audience.choices = [("team", _("Everyone in %(team)s") % {"team": team.name})] + [
            (
                pk,
                _("Those on the shift of %(when)s") % {"when": date_format(
                    timezone.localtime(shift.starts_at), "l H:i")},
            )
            for pk, shift in self.shifts.items()
        ]  # fmt: skip
        audience.initial = "team"

    def shift(self) -> Shift | None:
        return self.shifts.get(self.cleaned_data["audience"])


class AnnouncementReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("Which system uses the key, for example 'registration system'."),
    )
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a key that works until it is revoked."),
    )

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.localdate():
            raise ValidationError(_("Choose a day after today."))
        return day


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where your system receives the messages; it starts with https://."),
    )
    events = forms.MultipleChoiceField(
        label=_("Which events"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=100,
        required=False,
        help_text=_("Which system receives, for example 'registration system'."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["events"]).choices = [
            (event.code, event.label) for event in webhooks.listed_events()
        ]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if webhooks.local_addresses_allowed():
            return url
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise ValidationError(_("The address must start with https://."))
        if not webhooks.public_host(parts.hostname or ""):
            raise ValidationError(_("This address is not on the internet."))
        return url


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
        super().clean()
        cleaned = self.cleaned_data
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


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "status", *Membership.ONBOARDING_DATES]
        widgets = {name: DateInput() for name in Membership.ONBOARDING_DATES}

    def __init__(self, *args, can_appoint_coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_appoint_coordinator:
            del self.fields["role"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        today = timezone.localdate()
        for name in Membership.ONBOARDING_DATES:
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("This date lies in the future."))
        return cleaned


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ShiftForm(forms.Form):
    """One shift. An end time before the start time means the round ends after midnight."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput())
    end_time = forms.TimeField(
        label=_("End"),
        widget=TimeInput(),
        help_text=_("Ending after midnight? Enter the time; it counts as the next day."),
    )
    meeting_point = forms.CharField(label=_("Meeting point"), max_length=200)
    focus_points = forms.CharField(
        label=_("Focus points"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example agreed with the community police officer."),
    )
    min_people = forms.IntegerField(
        label=_("Minimum number of people"), min_value=MIN_PEOPLE, max_value=MAX_PEOPLE, initial=2
    )
    max_people = forms.IntegerField(
        label=_("Maximum number of people"), min_value=MIN_PEOPLE, max_value=MAX_PEOPLE, initial=4
    )

    def __init__(self, *args, shift: Shift | None = None, **kwargs):
        if shift is not None:
            start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "date": start.date(),
                    "start_time": start.time(),
                    "end_time": end.time(),
                    "meeting_point": shift.meeting_point,
                    "focus_points": shift.focus_points,
                    "min_people": shift.min_people,
                    "max_people": shift.max_people,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if {"date", "start_time", "end_time"} <= cleaned.keys():
            starts_at, ends_at = shift_times(
                cleaned["date"], cleaned["start_time"], cleaned["end_time"]
            )
            try:
                validate_shift_times(starts_at, ends_at)
            except forms.ValidationError as error:
                self.add_error("end_time", error)
            if starts_at <= timezone.now():
                self.add_error("date", _("This moment lies in the past."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        if {"min_people", "max_people"} <= cleaned.keys() and (
            cleaned["max_people"] < cleaned["min_people"]
        ):
            self.add_error("max_people", _("The maximum cannot be lower than the minimum."))
        return cleaned

    def shift_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "starts_at",
                "ends_at",
                "meeting_point",
                "focus_points",
                "min_people",
                "max_people",
            )
        }


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ShiftPatternForm(ShiftForm):
    """The same round every week, for the coming weeks."""

    weekday = forms.TypedChoiceField(label=_("Every"), choices=WEEKDAYS, coerce=int)
    weeks = forms.IntegerField(label=_("For how many weeks"), min_value=1, max_value=26, initial=8)
    field_order = ["weekday", "start_time", "end_time", "date", "weeks"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Starting from")
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        forms.Form.clean(self)
        cleaned = self.cleaned_data
        if {"date", "start_time", "end_time"} <= cleaned.keys():
            starts_at, ends_at = shift_times(
                cleaned["date"], cleaned["start_time"], cleaned["end_time"]
            )
            try:
                validate_shift_times(starts_at, ends_at)
            except forms.ValidationError as error:
                self.add_error("end_time", error)
            if cleaned["date"] < timezone.localdate():
                self.add_error("date", _("This date lies in the past."))
        if {"min_people", "max_people"} <= cleaned.keys() and (
            cleaned["max_people"] < cleaned["min_people"]
        ):
            self.add_error("max_people", _("The maximum cannot be lower than the minimum."))
        return cleaned


class CancelShiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The people who signed up receive this."),
    )


class MembersField(forms.ModelMultipleChoiceField):
    """Memberships, shown by their member's name."""

    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.get_full_name()


class PatrolLogForm(forms.Form):
    """The patrol log: times, who was there, where, what was seen."""

    start_time = forms.TimeField(label=_("Actual start"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Actual end"), widget=TimeInput())
    present = MembersField(
        label=_("Who was there"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two people. Only members who may patrol are listed."),
    )
    area = forms.CharField(
        label=_("Streets or area covered"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    called_112 = forms.BooleanField(label=_("We called 112"), required=False)
    called_police_line = forms.BooleanField(
        label=_("We called the police non-emergency line (0900-8844)"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe what you saw, not who: no names, phone numbers or licence plates."),
    )
    confirm_notes = forms.BooleanField(
        label=_("I checked the notes: they hold no personal data that is not needed"),
        required=False,
    )

    def __init__(self, *args, shift: Shift, log: PatrolLog | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shift = shift
        present = self.fields["present"]
        assert isinstance(present, MembersField)
        present.queryset = log_crew_choices(shift, log)
        for kind, label in Observation.Kind.choices:
            self.fields[f"count_{kind}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=MAX_OBSERVATION_COUNT,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count-input"}),
            )
        self.personal_data_warning: list[str] = []

    def count_fields(self):
        return [self[f"count_{kind}"] for kind in Observation.Kind.values]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if {"start_time", "end_time"} <= cleaned.keys():
            started_at = _closest_to(self.shift.starts_at, cleaned["start_time"])
            ended_at = _first_after(started_at, cleaned["end_time"])
            cleaned["started_at"], cleaned["ended_at"] = started_at, ended_at
        present = cleaned.get("present")
        if present is not None and len(present) < MIN_PEOPLE:
            self.add_error("present", _("A round is walked by at least two people."))
        hints = personal_data_hints(cleaned.get("notes", ""))
        if hints and not cleaned.get("confirm_notes"):
            self.personal_data_warning = hints
            self.add_error(
                "notes",
                _("These notes seem to contain %(what)s. Remove it, or tick the box below if it "
                  "is needed.") % {"what": hints_text(hints)},
            )  # fmt: skip
        return cleaned

    def report(self) -> PatrolReport:
        data = self.cleaned_data
        return PatrolReport(
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            present=list(data["present"]),
            area=data["area"],
            called_112=data["called_112"],
            called_police_line=data["called_police_line"],
            notes=data["notes"],
            counts={kind: data.get(f"count_{kind}") or 0 for kind in Observation.Kind.values},
        )

    @classmethod
    def initial_from_log(cls, log: PatrolLog) -> dict:
        initial = {
            "start_time": timezone.localtime(log.started_at).time(),
            "end_time": timezone.localtime(log.ended_at).time(),
            "present": list(log.present.all()),
            "area": log.area,
            "called_112": log.called_112,
            "called_police_line": log.called_police_line,
            "notes": log.notes,
        }
        initial.update({f"count_{o.kind}": o.count for o in log.observations.all()})
        return initial


def _closest_to(moment: datetime.datetime, time: datetime.time) -> datetime.datetime:
    """The moment with this time of day nearest to `moment` (a round may cross midnight)."""
    day = timezone.localtime(moment).date()
    candidates = [
        timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=d), time))
        for d in (-1, 0, 1)
    ]
    return min(candidates, key=lambda candidate: abs(candidate - moment))


def _first_after(moment: datetime.datetime, time: datetime.time) -> datetime.datetime:
    day = timezone.localtime(moment).date()
    candidate = timezone.make_aware(datetime.datetime.combine(day, time))
    return candidate if candidate > moment else candidate + datetime.timedelta(days=1)


class PointForm(forms.Form):
    """A place on earth as the location endpoint takes it (?lat=..&lon=..)."""

    lat = forms.FloatField(
        min_value=-90,
        max_value=90,
        error_messages={
            "required": _("Give a latitude (lat)."),
            "invalid": _("The latitude (lat) must be a number."),
            "min_value": _("The latitude (lat) lies between -90 and 90."),
            "max_value": _("The latitude (lat) lies between -90 and 90."),
        },
    )
    lon = forms.FloatField(
        min_value=-180,
        max_value=180,
        error_messages={
            "required": _("Give a longitude (lon)."),
            "invalid": _("The longitude (lon) must be a number."),
            "min_value": _("The longitude (lon) lies between -180 and 180."),
            "max_value": _("The longitude (lon) lies between -180 and 180."),
        },
    )


class StreetQueryForm(forms.Form):
    """What someone typed in the street field so far (?q=..)."""

    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Type at most 120 characters.")},
    )


class JoinRequestForm(forms.Form):
    """ "Doe mee": someone who is not in the application yet asks to join a team. Spam is kept
    out without outside services: a field people do not see (`website`, which bots fill in),
    and a signed time of showing the form (a person needs more than a few seconds; a form
    shown days ago is shown again). The view also limits posts per address."""

    # Seconds a person needs at least to fill in the form; a day at most.
    MIN_SECONDS = 3
    MAX_SECONDS = 24 * 3600
    SALT = "teams.join-request-form"

    first_name = forms.CharField(label=_("First name"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The coordinator sends your invitation to this address."),
    )
    message = forms.CharField(
        label=_("Anything you want to tell the coordinator? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example when you can join a round. Do not write about other people."),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["shown"] = signing.dumps(time.time(), salt=self.SALT)
        self.is_bot = False

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        try:
            shown = float(
                signing.loads(self.data.get("shown", ""), salt=self.SALT, max_age=self.MAX_SECONDS)
            )
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(
                _("This form was open too long. Fill it in again, please."), code="stale"
            ) from None
        # Filled in what a person cannot see, or faster than anyone can type: a bot. It gets
        # the same thanks as a person, and nothing is saved.
        self.is_bot = bool(cleaned.get("website")) or time.time() - shown < self.MIN_SECONDS
        return cleaned


class PublicPageForm(forms.Form):
    is_public = forms.BooleanField(
        label=_("Show the team's public page"),
        required=False,
        help_text=_("Anyone can see it: what the team is, its area, its results in numbers."),
    )
    slug = forms.SlugField(
        label=_("Address of the page"),
        max_length=60,
        required=False,
        help_text=_("Small letters, digits and hyphens, for example 'buurtpreventie-centrum'."),
    )
    public_intro = forms.CharField(
        label=_("About the team"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the team does and when it walks. No names, phone numbers or e-mail."),
    )

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug and Team.objects.filter(slug=slug).exclude(pk=self.team.pk).exists():
            raise ValidationError(_("Another team has this address already."))
        return slug

    def clean_public_intro(self) -> str:
        intro = self.cleaned_data["public_intro"].strip()
        if PHONE.search(intro) or EMAIL.search(intro):
            raise ValidationError(
                _("Leave out phone numbers and e-mail addresses: people reach you with 'Doe mee'.")
            )
        return intro

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("is_public") and not cleaned.get("slug") and "slug" not in self.errors:
            self.add_error("slug", _("A public page needs an address."))
        return cleaned


class OpenEveningForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput())
    place = forms.CharField(
        label=_("Place"), max_length=160, help_text=_("For example 'Buurthuis De Kern'.")
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("date") and cleaned.get("start_time"):
            starts = timezone.make_aware(
                datetime.datetime.combine(cleaned["date"], cleaned["start_time"])
            )
            if starts <= timezone.now():
                self.add_error("date", _("Choose a moment in the future."))
            cleaned["starts_at"] = starts
        return cleaned
