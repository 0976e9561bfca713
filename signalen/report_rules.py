"""The rules a report must meet, in one place.

The report form shows what `review` finds next to the fields the volunteer can change;
`services.signal_report` refuses a report that breaks a rule. So a report from an import, the
demo or an API meets the same rules as one typed on a phone.

- Behaviour, not appearance: a description that names appearance, skin colour, origin or
  religion needs three concrete features of this specific incident, or a rewrite.
- Facts, not diagnoses: a care signal that sounds like a diagnosis needs the writer to confirm
  that it records what they saw and heard.
- Minimal personal data: names, phone numbers and licence plates only when the partner needs
  them, which the writer confirms.
- Photos only where the category allows them (never for care signals), at most five.
- A report within a month, not in the future.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from teams.models import Neighbourhood
from teams.text_checks import hints_text, personal_data_hints

from . import description_check
from .description_check import Finding
from .models import Category
from .photos import MAX_PHOTOS

FEATURES_NEEDED = 3
MIN_FEATURE_LENGTH = 3
MAX_AGE = datetime.timedelta(days=30)
# A phone's clock may run a little ahead of the server's.
CLOCK_MARGIN = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class Problem:
    field: str  # the report form's field the writer changes to solve it
    code: str
    message: str


@dataclass
class Review:
    suspicion: list[Finding] = field(default_factory=list)
    diagnosis: list[Finding] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """The description named appearance or origin (counted by the reporting watch)."""
        return bool(self.suspicion)

    @property
    def found(self) -> list[Finding]:
        """Everything the description check asked about, for the record."""
        return self.suspicion + self.diagnosis


def review(
    *,
    category: Category,
    description: str,
    features: Iterable[str] = (),
    confirmed_personal_data: bool = False,
    confirmed_facts: bool = False,
    photos: int = 0,
) -> Review:
    """What the rules find in a report, and the problems that keep it from being sent."""
    result = Review()
    lexicon = description_check.lexicon()
    suspicion = description_check.findings(description, description_check.SUSPICION_KINDS, lexicon)
    given = [f for f in features if len(f.strip()) >= MIN_FEATURE_LENGTH]
    if suspicion:
        result.suspicion = suspicion
    if suspicion and len(given) < FEATURES_NEEDED:
        terms = description_check.describe(suspicion)
        message = _(
            "Your description mentions %(terms)s. Appearance, skin colour, nationality or "
            "religion may not be the reason for a suspicion. Describe the behaviour instead, "
            "or give three concrete features of this specific incident."
        )
        result.problems.append(Problem("description", "appearance", message % {"terms": terms}))
    diagnosis = (
        description_check.findings(description, description_check.CARE_KINDS, lexicon)
        if category.is_care
        else []
    )
    result.diagnosis = diagnosis
    if diagnosis and not confirmed_facts:
        message = _(
            "%(terms)s sounds like a diagnosis. Record what you saw and heard, for example "
            "'the curtains have been closed for five days'."
        )
        terms = description_check.describe(diagnosis)
        result.problems.append(Problem("description", "diagnosis", message % {"terms": terms}))
    hints = personal_data_hints(description)
    if hints and not confirmed_personal_data:
        result.personal = hints
        message = _(
            "Your text seems to contain %(what)s. Only keep it if the partner needs it, and "
            "tick the box below."
        )
        what = hints_text(hints)
        result.problems.append(Problem("description", "personal_data", message % {"what": what}))
    if photos and not category.photos_allowed:
        result.problems.append(
            Problem("photos", "no_photos", _("Photos are not allowed for this kind of signal."))
        )
    if photos > MAX_PHOTOS:
        result.problems.append(Problem("photos", "too_many_photos", _("At most five photos.")))
    return result


def moment_problem(observed_at: datetime.datetime) -> Problem | None:
    """A report is about something seen in the last month, not in the future."""
    now = timezone.now()
    if observed_at > now + CLOCK_MARGIN:
        return Problem("observed_at", "future", _("This moment lies in the future."))
    if observed_at < now - MAX_AGE:
        return Problem(
            "observed_at",
            "too_old",
            _("Report within a month; for older matters call 0900-8844."),
        )
    return None


def with_features(description: str, features: Iterable[str]) -> str:
    """The description as it is kept: the concrete features appended."""
    given = [f.strip() for f in features if f.strip()]
    if not given:
        return description.strip()
    return (
        description.strip()
        + "\n\n"
        + _("Concrete features: %(features)s") % {"features": "; ".join(given)}
    )


def neighbourhood_at(
    latitude: Decimal | None,
    longitude: Decimal | None,
    neighbourhoods: Iterable[Neighbourhood],
) -> Neighbourhood | None:
    """The neighbourhood whose outline holds the point where the volunteer stood."""
    if latitude is None or longitude is None:
        return None
    return next(
        (n for n in neighbourhoods if n.boundary and n.contains(float(latitude), float(longitude))),
        None,
    )
