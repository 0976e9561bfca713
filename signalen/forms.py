from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import versions
from teams.models import Membership, Neighbourhood, PartnerMembership, PartnerOrganisation
from teams.selectors import start_of
from teams.widgets import QuickSelect

from . import description_check, report_rules, routing, search, selectors, workflow
from .description_check import Asked
from .models import HANDOFF_DEFAULT_DAYS, HANDOFF_MAX_DAYS, Category, Signal, Status
from .photos import MAX_PHOTOS, clean_photos
from .services import MESSAGE_MAX_LENGTH, Handoff, Report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FLAG_SALT = "signalen.description-flag"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to five photos, checked and re-encoded without metadata (signalen/photos.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most five photos."), code="too_many_photos")
        return clean_photos(files)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MomentField(forms.DateTimeField):
    """A moment typed in local time (a datetime-local input sends no offset).

    In the hour that comes twice when summer time ends, it is the later of the two that is not
    in the future: what someone just saw. A time in the hour skipped when summer time starts
    does not exist, and is refused as Django refuses it.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            params = error.params or {}
            naive = params.get("datetime") if error.code == "ambiguous_timezone" else None
            zone = timezone.get_current_timezone()
            # A wall time that exists comes back unchanged from a round trip through UTC.
            if naive is None or _round_trip(naive.replace(tzinfo=zone, fold=0)) != naive:
                raise
        earlier, later = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
        return later if later <= timezone.now() else earlier


def _round_trip(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).astimezone(moment.tzinfo).replace(tzinfo=None)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category: Category) -> str:
        return category.name


class ListedChoiceField(forms.ChoiceField):
    """A choice among objects read beforehand: the choices and the validation use the same
    list, so the form reads it once. Cleans to the chosen object (None when left empty)."""

    def __init__(self, *, empty_label: StrOrPromise | None = "---------", **kwargs):
        super().__init__(choices=(), **kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, object] = {}

    def set_objects(self, objects, label=str) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = empty + [(key, label(obj)) for key, obj in self.objects.items()]

    def clean(self, value):
        return self.objects.get(super().clean(value))


class ReportForm(forms.Form):
    """The report wizard: SAAR, what, where, when, description, photos."""

    called_112 = forms.BooleanField(label=_("I called 112"), required=False)
    called_police_line = forms.BooleanField(
        label=_("I called the police non-emergency line (0900-8844)"), required=False
    )
    category = ListedChoiceField(
        label=_("What is it about?"), widget=forms.RadioSelect, empty_label=None
    )
    subcategory = ListedChoiceField(label=_("More precisely (optional)"), required=False)
    team = ListedChoiceField(label=_("For team"))
    street = forms.CharField(label=_("Street"), max_length=120)
    house_number = forms.CharField(
        label=_("House number or nearby"),
        max_length=20,
        required=False,
        help_text=_("Or a landmark: 'near the playground'."),
    )
    neighbourhood = ListedChoiceField(
        label=_("Neighbourhood"), required=False, empty_label=_("I don't know")
    )
    latitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
        widget=forms.HiddenInput,
    )  # fmt: skip
    longitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180,
        widget=forms.HiddenInput,
    )  # fmt: skip
    observed_at = MomentField(label=_("When did you see it?"), widget=DateTimeLocalInput())
    description = forms.CharField(
        label=_("What did you see?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe behaviour and the situation: what happened, what made you notice."),
    )
    feature_1 = forms.CharField(label=_("Concrete feature 1"), max_length=200, required=False)
    feature_2 = forms.CharField(label=_("Concrete feature 2"), max_length=200, required=False)
    feature_3 = forms.CharField(label=_("Concrete feature 3"), max_length=200, required=False)
    confirm_personal = forms.BooleanField(
        label=_("I checked: the personal data in my text is needed"), required=False
    )
    confirm_facts = forms.BooleanField(
        label=_("I checked: my text describes facts, not a diagnosis"), required=False
    )
    photos = MultiplePhotoField(
        label=_("Photos (optional, at most 5)"),
        required=False,
        help_text=_("No photos of recognisable people. Location and other data are removed."),
    )
    check = forms.CharField(required=False, widget=forms.HiddenInput)
    # The report's id from the moment the form is shown: sending it twice stores it once.
    submission = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("This form is out of date: open it again and resend.")},
    )

    def __init__(self, *args, memberships: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()
        # The active categories, main ones with their active subcategories, in one query
        # (none while the directory is unchanged).
        categories = versions.cached(
            "active-categories", (), [versions.DIRECTORY], lambda: list(Category.objects.active())
        )
        mains: dict[int | None, Category] = {c.pk: c for c in categories if c.parent_id is None}
        for main in mains.values():
            main.active_children = []
        subcategories = [c for c in categories if c.parent_id in mains]
        for child in subcategories:
            child.parent = mains[child.parent_id]
            child.parent.active_children.append(child)
        self.categories = list(mains.values())
        self._listed("category").set_objects(self.categories, label=lambda c: c.name)
        self._listed("subcategory").set_objects(subcategories, label=lambda c: c.name)
        self._listed("team").set_objects(memberships, label=lambda m: m.team.name)
        if len(memberships) == 1:
            self.fields["team"].initial = memberships[0].pk
            self.fields["team"].widget = forms.HiddenInput()
        team_ids = sorted({m.team_id for m in memberships})
        self.neighbourhoods = versions.cached(
            "team-neighbourhoods",
            (tuple(team_ids),),
            [versions.DIRECTORY],
            lambda: list(
                Neighbourhood.objects.filter(teams__in=team_ids)
                .select_related("municipality")
                .distinct()
            ),
        )
        self._listed("neighbourhood").set_objects(self.neighbourhoods)
        if len(self.neighbourhoods) == 1:
            self.fields["neighbourhood"].initial = self.neighbourhoods[0].pk
        self.fields["observed_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.suspicion_findings: list = []
        self.diagnosis_findings: list = []
        self.personal_hints: list[str] = []
        # What the description check asked on earlier tries, kept for the record in a signed
        # field: a report stays flagged for the reporting watch, also when rewritten.
        self.asked = self._asked_from(self.data.get("check", "")) if self.is_bound else []

    # The wizard's steps (templates/signalen/signal_form.html) and the fields on each: the
    # page opens at the first step with an error.
    STEPS = (
        ("called_112", "called_police_line"),
        ("category", "subcategory"),
        ("team", "street", "house_number", "neighbourhood", "latitude", "longitude"),
    )

    def start_step(self) -> int:
        if not self.is_bound or not self.errors:
            return 0
        for index, fields in enumerate(self.STEPS):
            if any(name in self.errors for name in fields):
                return index
        return len(self.STEPS)

    def _listed(self, name: str) -> ListedChoiceField:
        field = self.fields[name]
        assert isinstance(field, ListedChoiceField)
        return field

    @staticmethod
    def _asked_from(token: str) -> list[Asked]:
        try:
            asked = signing.loads(token, salt=FLAG_SALT, max_age=86400).get("asked", [])
        except signing.BadSignature:
            return []
        return [Asked(*item) for item in asked if isinstance(item, list) and len(item) == 3]

    @property
    def flagged(self) -> bool:
        return any(item.kind in description_check.SUSPICION_KINDS for item in self.asked)

    def flag_token(self) -> str:
        if not self.asked:
            return ""
        return signing.dumps({"asked": [list(item) for item in self.asked]}, salt=FLAG_SALT)

    def chosen_category(self) -> Category | None:
        return _specific(self.cleaned_data.get("category"), self.cleaned_data.get("subcategory"))

    def similar_query(self) -> tuple[Category | None, selectors.Place]:
        """The category and place filled in so far, each read on its own (the rest of the
        form may still be empty): what "Al gemeld?" looks for."""

        def value(name: str):
            try:
                return self.fields[name].clean(self.data.get(name, ""))
            except forms.ValidationError:
                return None

        category, subcategory = value("category"), value("subcategory")
        if (
            subcategory is not None
            and category is not None
            and subcategory.parent_id == category.pk
        ):
            category = subcategory
        place = selectors.Place(
            street=value("street") or "",
            neighbourhood=value("neighbourhood"),
            latitude=value("latitude"),
            longitude=value("longitude"),
        )
        return category, place

    def clean_observed_at(self):
        value = self.cleaned_data["observed_at"]
        problem = report_rules.moment_problem(value)
        if problem is not None:
            raise forms.ValidationError(problem.message, code=problem.code)
        return value

    def features(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get(f"feature_{i}", "").strip() for i in (1, 2, 3))

    def clean(self):
        """The report rules, shown next to the fields the volunteer can change."""
        super().clean()
        cleaned = self.cleaned_data
        category = self.chosen_category()
        if category is None or "description" not in cleaned:
            return cleaned
        review = report_rules.review(
            category=category,
            description=cleaned["description"],
            features=self.features(),
            confirmed_personal_data=cleaned.get("confirm_personal", False),
            confirmed_facts=cleaned.get("confirm_facts", False),
            photos=len(cleaned.get("photos") or []),
        )
        for finding in review.found:
            asked = Asked.of(finding)
            if asked not in self.asked:
                self.asked.append(asked)
        codes = {problem.code for problem in review.problems}
        if "appearance" in codes:
            self.suspicion_findings = review.suspicion
        self.diagnosis_findings = review.diagnosis
        self.personal_hints = review.personal
        for problem in review.problems:
            self.add_error(problem.field, forms.ValidationError(problem.message, code=problem.code))
        return cleaned

    def report(self) -> Report:
        data = self.cleaned_data
        category = self.chosen_category()
        assert category is not None  # a required field of a valid form
        return Report(
            category=category,
            street=data["street"],
            house_number=data.get("house_number", ""),
            neighbourhood=data.get("neighbourhood"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            observed_at=data["observed_at"],
            description=data["description"],
            features=self.features(),
            confirmed_personal_data=data.get("confirm_personal", False),
            confirmed_facts=data.get("confirm_facts", False),
            called_112=data.get("called_112", False),
            called_police_line=data.get("called_police_line", False),
            asked=tuple(self.asked),
            photos=data.get("photos") or [],
            submission_id=data.get("submission"),
        )


def _specific(category: Category | None, subcategory: Category | None) -> Category | None:
    """The subcategory when it belongs to the chosen main category, else the main one."""
    if subcategory is not None and category is not None and subcategory.parent_id == category.pk:
        return subcategory
    return category


FEEDBACK_PHRASES = [
    _("Thank you for your report. We picked it up and the problem has been fixed."),
    _("Thank you for your report. We have spoken to the residents concerned."),
    _(
        "Thank you for your report. We will keep an eye on this in the coming weeks; do report "
        "it again if it comes back."
    ),
    _(
        "Thank you for your report. We passed it on to the right people; for privacy reasons "
        "we cannot say more about it."
    ),
]

TEXT_LABELS: dict[str, StrOrPromise] = {
    workflow.Kind.ASK: _("Your question to the reporter"),
    workflow.Kind.ANSWER: _("Your answer"),
    workflow.Kind.FORWARD: _("Why it goes to them"),
    workflow.Kind.RESOLVE: _("Feedback to the team"),
    workflow.Kind.REJECT: _("Why it is not yours"),
}


class ColleagueField(forms.ModelChoiceField):
    """Partner memberships, shown by their member's name."""

    def label_from_instance(self, obj: PartnerMembership) -> str:
        return obj.user.get_full_name()


class OrganisationField(forms.ModelChoiceField):
    """Organisations, those that do not work in the signal's neighbourhood marked as such."""

    def __init__(self, *args, outside: set[int], neighbourhood: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.outside, self.neighbourhood = outside, neighbourhood

    def label_from_instance(self, obj: PartnerOrganisation) -> str:
        if obj.pk in self.outside:
            return _("%(organisation)s (does not work in %(neighbourhood)s)") % {
                "organisation": obj.name,
                "neighbourhood": self.neighbourhood,
            }
        return obj.name


class ActionForm(forms.Form):
    """The fields one move of the transition table needs."""

    def __init__(self, *args, transition: workflow.Transition, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.outside: set[int] = set()
        if transition.needs_text:
            help_text = (
                _("Worded for volunteers, within what privacy allows.")
                if transition.action == workflow.Kind.RESOLVE
                else ""
            )
            self.fields["text"] = forms.CharField(
                label=TEXT_LABELS[transition.action],
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=help_text,
            )
        if transition.needs_organisation:
            others = PartnerOrganisation.objects.filter(is_active=True)
            if signal.responsible_id is not None:
                others = others.exclude(pk=signal.responsible_id)
            self.outside = routing.outside_area(others, signal.neighbourhood_id)
            neighbourhood = signal.neighbourhood.name if signal.neighbourhood else ""
            self.fields["organisation"] = OrganisationField(
                label=_("Organisation"),
                queryset=others,
                outside=self.outside,
                neighbourhood=neighbourhood,
            )
            if self.outside:
                self.fields["outside_area"] = forms.BooleanField(
                    label=_("Send it anyway, although this organisation does not work here"),
                    required=False,
                )
        if transition.needs_original:
            self.fields["original"] = forms.IntegerField(
                label=_("Number of the earlier signal"),
                min_value=1,
                help_text=_(
                    "The signal this one repeats: open, or resolved in the last 30 days. Its"
                    " reporter is told that it is handled there."
                ),
            )
        if transition.needs_assignee:
            colleagues = PartnerMembership.objects.current().filter(
                organisation_id=signal.responsible_id
            )
            self.fields["assignee"] = ColleagueField(
                label=_("Colleague"),
                queryset=colleagues.select_related("user"),
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        organisation = data.get("organisation")
        if (
            organisation is not None
            and organisation.pk in self.outside
            and not data.get("outside_area")
        ):
            self.add_error(
                "outside_area",
                _(
                    "%(organisation)s does not work in this neighbourhood. Choose another"
                    " organisation, or confirm that you send it there anyway."
                )
                % {"organisation": organisation.name},
            )
        return data

    def act_kwargs(self) -> dict:
        data = self.cleaned_data
        assignee = data.get("assignee")
        return {
            "text": data.get("text", ""),
            "organisation": data.get("organisation"),
            "assignee": assignee.user if assignee else None,
            "outside_area": bool(data.get("outside_area")),
            "original": (
                Signal.objects.filter(pk=data["original"]).first() if data.get("original") else None
            ),
        }


class ObservationForm(forms.Form):
    """What a volunteer adds to a signal that was reported already: the same description
    fields, and checks, as the report form's."""

    description = ReportForm.base_fields["description"]
    feature_1 = ReportForm.base_fields["feature_1"]
    feature_2 = ReportForm.base_fields["feature_2"]
    feature_3 = ReportForm.base_fields["feature_3"]
    confirm_personal = ReportForm.base_fields["confirm_personal"]
    confirm_facts = ReportForm.base_fields["confirm_facts"]

    def features(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get(f"feature_{i}", "").strip() for i in (1, 2, 3))

    def add_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "features": self.features(),
            "confirmed_personal_data": data.get("confirm_personal", False),
            "confirmed_facts": data.get("confirm_facts", False),
        }

    @property
    def asks(self) -> set[str]:
        """What the rules ask of the description (the page shows the fields for it, as the
        report form does)."""
        return {error.code or "" for error in self.errors.as_data().get("description", [])}


class RoutingCheckForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.active(),
        empty_label=_("Choose a category"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.select_related("municipality"),
        required=False,
        empty_label=_("No neighbourhood: the whole region"),
    )


SORTS = [
    ("deadline", _("Deadline")),
    ("age", _("Oldest first")),
    ("neighbourhood", _("Neighbourhood")),
]


class InboxFilter(django_filters.FilterSet):
    """The filters of the partner dashboard."""

    # No joins behind the status filter, so no DISTINCT (which costs a sort of the whole set).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        distinct=False,
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.filter(parent__isnull=True),
        empty_label=_("All categories"),
        method="filter_category",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.select_related("municipality"),
        empty_label=_("All neighbourhoods"),
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": _("Street or word")}
        ),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORTS,
        empty_label=None,
        method="filter_sort",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Signal
        fields = ["status", "category", "neighbourhood", "overdue"]

    def __init__(self, *args, organisation_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        # The neighbourhoods the organisation serves; all of them for one that serves the
        # whole region (no neighbourhoods set).
        served = Neighbourhood.objects.filter(partner_organisations__in=organisation_ids)
        neighbourhood = self.filters["neighbourhood"]
        assert isinstance(neighbourhood, django_filters.ModelChoiceFilter)
        neighbourhood.queryset = Neighbourhood.objects.select_related("municipality").filter(
            Q(pk__in=served.values("pk")) | ~Exists(served)
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category__parent=value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*selectors.inbox_order(value))

    @property
    def chosen_sort(self) -> str:
        """The sort the list is in (the default when none or an unknown one was asked)."""
        value = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return value if value in selectors.INBOX_SORTS else "deadline"


class MessageForm(forms.Form):
    """A message in the conversation on a signal."""

    text = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _(
                "A message can be at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
    )


class ExportFilterForm(forms.Form):
    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("van"), data.get("tot")
        if start is not None and end is not None and start > end:
            self.add_error(
                "tot",
                forms.ValidationError(
                    _(
                        "The end date lies before the start date. Choose an end date on or"
                        " after %(start)s."
                    ),
                    code="range",
                    params={"start": start.strftime("%d-%m-%Y")},
                ),
            )
        return data


# Dates outside these are typing errors, and would not fit a moment in the database.
EARLIEST_DATE, LATEST_DATE = datetime.date(2000, 1, 1), datetime.date(2999, 12, 31)


def _date_filter(label) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        method="filter_reported",
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class ExportFilter(InboxFilter):
    """The inbox's filters (the same parameter names, so the inbox's export link carries
    them) and the days the signals were reported, both included."""

    van = _date_filter(_("Reported from"))
    tot = _date_filter(_("Reported up to and including"))

    class Meta(InboxFilter.Meta):
        form = ExportFilterForm
        fields = [*InboxFilter.Meta.fields, "van", "tot"]

    def filter_reported(self, queryset, name, value):
        if not value:
            return queryset
        if name == "van":
            return queryset.filter(created_at__gte=start_of(value))
        return queryset.filter(created_at__lt=start_of(value + datetime.timedelta(days=1)))

    def described(self) -> str:
        """The filters as the access log keeps them: what was asked, by number and date."""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], False):
                continue
            if isinstance(value, list):
                value = "+".join(str(v) for v in value)
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif hasattr(value, "pk"):
                value = value.pk
            parts.append(f"{name}={value}")
        return "filters: " + (", ".join(parts) if parts else "none")


def inbox_query(data) -> str:
    """The inbox's filters, search and sort as a query string: only what InboxFilter reads,
    without the page, so a saved filter and the export follow the same words."""
    kept = data.copy()
    for key in list(kept):
        values = [value for value in kept.getlist(key) if value]
        if key in InboxFilter.base_filters and values:
            kept.setlist(key, values)
        else:
            del kept[key]
    return kept.urlencode()


class BulkActionForm(forms.Form):
    """One move for the ticked signals of the inbox."""

    action = forms.ChoiceField(choices=[(a, a) for a in workflow.BULK])
    signals = forms.ModelMultipleChoiceField(
        queryset=Signal.objects.none(),
        error_messages={
            "required": _("Tick one or more signals first."),
            "invalid_choice": _("Signal %(value)s is not in your inbox."),
            "invalid_pk_value": _("Signal %(pk)s is not in your inbox."),
        },
    )
    assignee = ColleagueField(
        label=_("Colleague"),
        queryset=PartnerMembership.objects.none(),
        required=False,
        empty_label=_("Choose a colleague"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=PartnerOrganisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose an organisation"),
    )
    text = forms.CharField(
        label=TEXT_LABELS[workflow.Kind.FORWARD], max_length=2000, required=False
    )
    outside_area = forms.BooleanField(
        label=_("Also to signals in a neighbourhood where this organisation does not work"),
        required=False,
    )

    def __init__(self, *args, signals, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signals"].queryset = signals  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = colleagues  # type: ignore[attr-defined]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        if action == workflow.Kind.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Choose a colleague."))
        if action == workflow.Kind.FORWARD:
            if not data.get("organisation"):
                self.add_error("organisation", _("Choose an organisation."))
            if not data.get("text", "").strip():
                self.add_error("text", _("Please write a text."))
        return data

    def act_kwargs(self) -> dict:
        data = self.cleaned_data
        assignee = data.get("assignee")
        return {
            "signals": list(data["signals"]),
            "action": data["action"],
            "text": data.get("text", ""),
            "organisation": data.get("organisation"),
            "assignee": assignee.user if assignee else None,
            "outside_area": bool(data.get("outside_area")),
        }


class SavedFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        error_messages={
            "required": _("Give the filter a name."),
            "max_length": _("Keep the name short (at most 60 characters)."),
        },
    )
    query = forms.CharField(required=False, max_length=1000)


class HandoffForm(forms.Form):
    """Hand a signal to someone outside the application: what to share, a note, how long
    the link works. Category and neighbourhood are always shown; the reporter never."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you ask? The recipient can answer once."),
    )
    share_description = forms.BooleanField(label=_("Description"), required=False)
    share_street = forms.BooleanField(label=_("Street"), required=False)
    share_photos = forms.BooleanField(label=_("Photos"), required=False)
    days = forms.IntegerField(
        label=_("Link valid for (days)"),
        min_value=1,
        max_value=HANDOFF_MAX_DAYS,
        initial=HANDOFF_DEFAULT_DAYS,
    )

    def __init__(self, *args, has_photos: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not has_photos:
            del self.fields["share_photos"]

    def handoff(self) -> Handoff:
        data = self.cleaned_data
        return Handoff(
            email=data["email"],
            note=data["note"],
            days=data["days"],
            share_description=data["share_description"],
            share_street=data["share_street"],
            share_photos=data.get("share_photos", False),
        )


class HandoffAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
