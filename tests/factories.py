"""factory-boy factories for the whole suite."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from teams.models import (
    Membership,
    Municipality,
    Neighbourhood,
    Observation,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    Region,
    Shift,
    ShiftSignup,
    Street,
    Team,
    User,
)

PASSWORD = "a-Long-test-passw0rd"


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    # Hashing once for the whole suite keeps the real password hasher and a fast suite.
    password = factory.LazyFunction(lambda: _password_hash())

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """`totp=True` gives the user an authenticator app, as MFA_REQUIRED demands."""
        if create and extracted:
            TOTP.activate(self, extracted if isinstance(extracted, str) else generate_totp_secret())


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = "Testregio"


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory[Neighbourhood]):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create:
            self.neighbourhoods.set(extracted or [NeighbourhoodFactory.create()])


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Membership.Role.VOLUNTEER
    status = Membership.Status.ACTIVE


class PartnerOrganisationFactory(factory.django.DjangoModelFactory[PartnerOrganisation]):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    type = PartnerOrganisation.Type.POLICE


class PartnerMembershipFactory(factory.django.DjangoModelFactory[PartnerMembership]):
    class Meta:
        model = PartnerMembership

    user = factory.SubFactory(UserFactory, totp=True)
    organisation = factory.SubFactory(PartnerOrganisationFactory)


def ready(membership: Membership) -> Membership:
    """Complete a member's onboarding checklist, so they may sign up for shifts."""
    day = datetime.date.today() - datetime.timedelta(days=30)
    membership.status = Membership.Status.ACTIVE
    membership.code_of_conduct_signed_on = day
    membership.vog_issued_on = day
    membership.training_completed_on = day
    membership.save()
    return membership


_meeting_points = itertools.count(1)


@dataclasses.dataclass
class Counters:
    """Where the running numbers the factories hand out stand: e-mail addresses, place and
    team names, meeting points. Set back before each test (with a fixed random seed for the
    names), so a test makes the same people whatever ran before it."""

    sequences: dict[str, int]
    meeting_point: int

    @classmethod
    def start(cls) -> Counters:
        return cls(dict.fromkeys(_sequenced(), 0), 1)

    @classmethod
    def now(cls) -> Counters:
        """Read by taking the next number of each, then set back to it."""
        counters = cls(
            {name: made._meta.next_sequence() for name, made in _sequenced().items()},
            next(_meeting_points),
        )
        counters.restore()
        return counters

    def restore(self) -> None:
        global _meeting_points
        for name, made in _sequenced().items():
            made.reset_sequence(self.sequences[name])
        _meeting_points = itertools.count(self.meeting_point)


def _sequenced() -> dict[str, type[factory.base.BaseFactory]]:
    """The factories of this module that keep a counter of their own."""
    return {
        name: value
        for name, value in globals().items()
        if isinstance(value, type)
        and issubclass(value, factory.base.BaseFactory)
        and value.__module__ == __name__
        and value._meta.counter_reference is value._meta
    }


def shift_factory(team: Team, *, days: float = 3, hours: float = 2, crew=(), **fields) -> Shift:
    """A shift starting `days` from now (negative: in the past), with people signed up."""
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=days)
    shift = Shift.objects.create(
        team=team,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        meeting_point=fields.pop("meeting_point", f"Verzamelpunt {next(_meeting_points)}"),
        **fields,
    )
    for membership in crew:
        ShiftSignup.objects.create(shift=shift, membership=membership)
    return shift


def log_factory(shift: Shift, *, present, counts=None, **fields) -> PatrolLog:
    log = PatrolLog.objects.create(
        shift=shift,
        filed_by=present[0].user,
        started_at=shift.starts_at,
        ended_at=shift.ends_at,
        area=fields.pop("area", "Kerkstraat en Molenweg"),
        created_at=fields.pop("created_at", shift.ends_at),
        **fields,
    )
    log.present.set(present)
    for kind, count in (counts or {"unlocked_bikes": 2}).items():
        Observation.objects.create(log=log, kind=kind, count=count)
    return log


def signal_factory(*, reporter, team, code="burglary-risk", **fields):
    """A signal reported and routed through the real service (rules must exist)."""
    from signalen.models import Category
    from signalen.services import Report, signal_report

    report = Report(
        category=Category.objects.get(code=code),
        street=fields.pop("street", "Kerkstraat"),
        house_number=fields.pop("house_number", "12"),
        neighbourhood=fields.pop("neighbourhood", team.neighbourhoods.first()),
        observed_at=fields.pop("observed_at", timezone.now() - datetime.timedelta(hours=1)),
        description=fields.pop("description", "Raam op de eerste verdieping staat open."),
        **fields,
    )
    return signal_report(reporter=reporter, team=team, report=report)


def routing_rule(code: str, organisation, neighbourhood=None, informed=()):
    from signalen.models import Category, RoutingRule

    rule = RoutingRule.objects.create(
        category=Category.objects.get(code=code),
        neighbourhood=neighbourhood,
        responsible=organisation,
    )
    rule.informed.set(informed)
    return rule


def jpeg_bytes(*, size=(64, 48), exif_gps: bool = False) -> bytes:
    """A real JPEG, optionally with GPS coordinates and a comment in its metadata."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 80, 40))
    output = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "CameraMaker"  # Make
        gps = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (4.0, 28.0, 12.0)}
        exif[0x8825] = gps  # GPSInfo
        image.save(output, "JPEG", exif=exif, comment=b"secret comment")
    else:
        image.save(output, "JPEG")
    return output.getvalue()


def cohort_factory(actor, neighbourhoods, *, days: int = 10, capacity: int = 20, **fields):
    """A cohort of the standard programme whose first session is `days` from today."""
    from trainingen.models import Programme
    from trainingen.services import cohort_create

    return cohort_create(
        actor=actor,
        programme=fields.pop("programme", None)
        or Programme.objects.get(name__startswith="Buurtpreventie"),
        name=fields.pop("name", "Leergang Noord"),
        neighbourhoods=neighbourhoods,
        first_date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=fields.pop("start_time", datetime.time(19, 0)),
        interval_days=fields.pop("interval_days", 14),
        location="Wijkcentrum",
        capacity=capacity,
    )


# The demo's Oude Haven, about 1.1 by 1.4 km, and some of its streets: lines, points, and a
# street whose place nobody knows.
OUDE_HAVEN = [[51.9150, 4.4700], [51.9250, 4.4700], [51.9250, 4.4900], [51.9150, 4.4900]]
OUDE_HAVEN_STREETS: dict[str, dict] = {
    "Kerkstraat": {"lines": [[[51.9195, 4.4760], [51.9205, 4.4820]]]},
    "Achterpad Kerkstraat": {"lines": [[[51.9208, 4.4780], [51.9210, 4.4815]]]},
    "Havenkade": {"lines": [[[51.9158, 4.4780], [51.9165, 4.4880]]]},
    "Dijkstraat": {"latitude": "51.920700", "longitude": "4.471500"},
    "Zeemanshof": {"latitude": "51.919000", "longitude": "4.471000"},
    "Kerkhofpad": {},
}


def oude_haven(neighbourhood: Neighbourhood, *streets: str) -> Neighbourhood:
    """The neighbourhood gets Oude Haven's outline and these of its streets."""
    neighbourhood.boundary = OUDE_HAVEN
    neighbourhood.save(update_fields=["boundary"])
    for name in streets:
        Street.objects.create(neighbourhood=neighbourhood, name=name, **OUDE_HAVEN_STREETS[name])
    return neighbourhood


def handoff_factory(*, signal, actor, note="Kent u dit?", **shared):
    """A signal handed off through the real service, and the link's token as its e-mail
    carries it (the only place the token exists)."""
    from notifications.models import Notification
    from signalen.services import Handoff, handoff_create

    handoff = handoff_create(
        signal=signal,
        actor=actor,
        handoff=Handoff(email="beheer@woonstichting.example", note=note, days=14, **shared),
    )
    url = Notification.objects.get(dedup_key=f"handoff:{handoff.pk}:email").secrets["url"]
    return handoff, url.rstrip("/").rsplit("/", 1)[1]


def inbox_message(recipient, subject: str, body: str, key: str, **fields):
    """A message already in someone's inbox (sent, unread)."""
    from notifications.models import Notification

    return Notification.objects.create(
        recipient=recipient,
        channel=Notification.Channel.INBOX,
        status=Notification.Status.SENT,
        event="team_member_joined",
        language="nl",
        subject=subject,
        body_text=body,
        dedup_key=key,
        **fields,
    )
