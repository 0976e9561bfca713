"""A realistic, fictional demo region. Safe to run again: it changes nothing the second time."""

import datetime
import functools
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from teams import demo_large
from teams.hooks import demo_region_seeded
from teams.models import (
    Membership,
    Municipality,
    Neighbourhood,
    Observation,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    PatrolLogEvent,
    Region,
    Shift,
    ShiftSignup,
    Team,
    User,
)
from teams.services import (
    api_key_create,
    join_request_create,
    open_evening_add,
    public_page_update,
    shift_times,
    streets_import,
)
from teams.street_import import StreetRow

DEMO_PASSWORD = "demo-buurt-2026"
DEMO_DOMAIN = "demo.buurtpreventie.nl"

NEIGHBOURHOODS = {
    "Havenstad": ["Oude Haven", "Lindenhof", "Molenwijk", "Vogelbuurt"],
    "Polderwaard": ["Dorpskern", "Waterlanden"],
}

# Fictional outlines (latitude, longitude) for the map, two small towns side by side.
BOUNDARIES = {
    "Oude Haven": [[51.9150, 4.4700], [51.9250, 4.4700], [51.9250, 4.4900], [51.9150, 4.4900]],
    "Lindenhof": [[51.9250, 4.4700], [51.9350, 4.4700], [51.9350, 4.4900], [51.9250, 4.4900]],
    "Molenwijk": [[51.9250, 4.4900], [51.9350, 4.4900], [51.9350, 4.5100], [51.9250, 4.5100]],
    "Vogelbuurt": [[51.9150, 4.4900], [51.9250, 4.4900], [51.9250, 4.5100], [51.9150, 4.5100]],
    "Dorpskern": [[51.8800, 4.5500], [51.8900, 4.5500], [51.8900, 4.5700], [51.8800, 4.5700]],
    "Waterlanden": [[51.8700, 4.5500], [51.8800, 4.5500], [51.8800, 4.5700], [51.8700, 4.5700]],
}

# Each neighbourhood's street list: a line of (latitude, longitude) points per street, one
# point for a square. "Use my location" finds the nearest of them without the internet.
STREETS = {
    "Oude Haven": {
        "Kerkstraat": [(51.9195, 4.4760), (51.9205, 4.4820)],
        "Achterpad Kerkstraat": [(51.9208, 4.4780), (51.9210, 4.4815)],
        "Havenkade": [(51.9158, 4.4780), (51.9163, 4.4830), (51.9165, 4.4880)],
        "Molenweg": [(51.9160, 4.4870), (51.9190, 4.4875)],
        "Lindelaan": [(51.9225, 4.4720), (51.9240, 4.4790)],
        "Dijkstraat": [(51.9200, 4.4705), (51.9215, 4.4725)],
        "Vissersstraat": [(51.9170, 4.4730), (51.9185, 4.4735)],
        "Zeemanshof": [(51.9190, 4.4710)],
        "Stationsplein": [(51.9245, 4.4885)],
    },
    "Lindenhof": {
        "Lindenhoflaan": [(51.9260, 4.4720), (51.9340, 4.4730)],
        "Beukenstraat": [(51.9280, 4.4730), (51.9285, 4.4880)],
        "Eikenlaan": [(51.9310, 4.4740), (51.9315, 4.4870)],
        "Kastanjeplein": [(51.9300, 4.4800)],
    },
    "Molenwijk": {
        "Molenstraat": [(51.9260, 4.4920), (51.9340, 4.4930)],
        "Korenmolen": [(51.9290, 4.4950), (51.9295, 4.5080)],
        "Wiekenweg": [(51.9320, 4.4950), (51.9325, 4.5080)],
        "Maalderij": [(51.9270, 4.5050)],
    },
    "Vogelbuurt": {
        "Merelstraat": [(51.9160, 4.4920), (51.9240, 4.4930)],
        "Lijsterlaan": [(51.9180, 4.4950), (51.9185, 4.5080)],
        "Reigerweg": [(51.9220, 4.4950), (51.9225, 4.5080)],
        "Meeuwenplein": [(51.9200, 4.5000)],
    },
    "Dorpskern": {
        "Dorpsstraat": [(51.8810, 4.5520), (51.8890, 4.5680)],
        "Raadhuisstraat": [(51.8830, 4.5600), (51.8870, 4.5610)],
        "Schoolstraat": [(51.8860, 4.5520), (51.8865, 4.5650)],
        "Kerkplein": [(51.8850, 4.5600)],
    },
    "Waterlanden": {
        "Waterweg": [(51.8710, 4.5520), (51.8790, 4.5680)],
        "Rietkade": [(51.8730, 4.5530), (51.8735, 4.5680)],
        "Polderweg": [(51.8770, 4.5520), (51.8775, 4.5680)],
        "Slootpad": [(51.8750, 4.5600)],
    },
}

# name, neighbourhoods, requires VOG, requires training
TEAMS = [
    ("Buurtpreventie Oude Haven", ["Oude Haven"], True, True),
    ("BPT Lindenhof-Molenwijk", ["Lindenhof", "Molenwijk"], True, True),
    ("Buurtpreventie Vogelbuurt", ["Vogelbuurt"], True, False),
    ("BPT Polderwaard", ["Dorpskern", "Waterlanden"], False, True),
]

# name, type, neighbourhoods served
ORGANISATIONS = [
    ("Politie basisteam Havenstad", PartnerOrganisation.Type.POLICE, NEIGHBOURHOODS["Havenstad"]),
    ("Wijkteam Havenstad", PartnerOrganisation.Type.WELFARE, NEIGHBOURHOODS["Havenstad"]),
    ("Zorgpunt Polderwaard", PartnerOrganisation.Type.CARE, NEIGHBOURHOODS["Polderwaard"]),
    (
        "Woonstichting De Linde",
        PartnerOrganisation.Type.HOUSING,
        ["Oude Haven", "Lindenhof", "Molenwijk", "Dorpskern"],
    ),
    (
        "Gemeente Havenstad, Openbare Ruimte",
        PartnerOrganisation.Type.MUNICIPALITY,
        NEIGHBOURHOODS["Havenstad"],
    ),
    ("Brede School De Kolk", PartnerOrganisation.Type.EDUCATION, ["Oude Haven", "Vogelbuurt"]),
]

# weekday (0 = Monday), start, end, meeting point
ROUNDS = [
    (1, datetime.time(19, 30), datetime.time(21, 30), "Buurthuis De Kolk"),
    (4, datetime.time(21, 0), datetime.time(23, 30), "Hoek Kerkstraat / Molenweg"),
]
FOCUS_POINTS = [
    "Fietsen bij het station; schuurtjes achter de Lindelaan.",
    "Afgesproken met de wijkagent: auto's met zichtbare spullen op het parkeerterrein.",
    "Verlichting in het park; aanhangers op de Molenweg.",
    "",
]
AREAS = [
    "Kerkstraat, Molenweg, Lindelaan en het park",
    "Stationsplein, fietsenstalling, Havenkade",
    "Rondje Oude Haven: kades en de steegjes erachter",
    "Winkelcentrum, parkeerterrein en speeltuin",
]
NOTES = [
    "",
    "Rustige avond. Twee bewoners aangesproken over een open schuurdeur.",
    "Lantaarnpaal bij het speeltuintje is al een week kapot.",
    "Groepje jongeren bij de bankjes, vriendelijk gesproken; ze gingen daarna weg.",
    "Preventiekaartjes achtergelaten bij auto's met spullen op de stoel.",
]

# The demo logins, one per role (printed by `make run` and listed in the README).
LOGINS = [
    ("vrijwilliger", "Sanne", "volunteer in Buurtpreventie Oude Haven, ready to patrol"),
    ("coordinator", "Marco", "coordinator of Buurtpreventie Oude Haven"),
    ("wijkagent", "Ilse", "partner: Politie basisteam Havenstad"),
    ("wijkteam", "Yusuf", "partner: Wijkteam Havenstad"),
    ("beheer", "Anouk", "regional administrator"),
    ("trainer", "Tamara", "training coordinator"),
]

FIRST_NAMES = (
    "Ahmed Bram Chantal Dirk Esra Fleur Gerrit Hanneke Ivo Jasmijn Koen Lotte Mehmet Noor Otto "
    "Priya Ruud Sevda Thijs Ursula Vincent Wendy Xander Yara Zeynep Arjen Bo Cor Dewi Emre Femke"
).split()

# status, onboarding level (0: nothing, 1: intake and code of conduct, 2: plus VOG, 3: ready)
MEMBER_PROFILES = [
    (Membership.Status.ACTIVE, 3),
    (Membership.Status.ACTIVE, 3),
    (Membership.Status.ACTIVE, 2),
    (Membership.Status.ASPIRANT, 1),
    (Membership.Status.ASPIRANT, 0),
    (Membership.Status.INACTIVE, 3),
]


def street_rows(streets: dict[str, list[tuple[float, float]]]) -> list[StreetRow]:
    rows = []
    for name, points in streets.items():
        row = StreetRow(name, lines=[[list(point) for point in points]])
        row.locate()
        rows.append(row)
    return rows


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = "Load the fictional demo region (idempotent); --size large or xl adds a region at scale."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--size",
            choices=["demo", *demo_large.SCALES],
            default="demo",
            help="large: 120 teams, 5,000+ members, 100,000 signals; xl: 500 teams, 20,000 "
            "members, 1,000,000 signals (for the benchmark)",
        )

    def handle(self, *args, **options) -> None:
        # The other apps' parts of the demo (their `demo` and `demo_large` modules connect to
        # the hooks) are imported only here, never when Django starts.
        autodiscover_modules("demo", "demo_large")
        with transaction.atomic():
            self._seed(scale=demo_large.SCALES.get(options["size"]))
        # After the commit, so after what it set off (the e-mails of the demo's signals and
        # invitations go out then): the logins are the last lines.
        self.stdout.write("Public team page with 'Doe mee': /buurt/oude-haven/")
        self.stdout.write(
            f"API key of {self.api_key.organisation.name} (docs/api.md, /api/docs/):\n"
            f"  {self.api_key_secret}"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo region ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for key, _first_name, description in LOGINS:
            self.stdout.write(f"  {key + '@' + DEMO_DOMAIN:<38} {description}")

    def _seed(self, *, scale: demo_large.Scale | None) -> None:
        today = timezone.localdate()
        region, _ = Region.objects.get_or_create(name="Veiligheidsregio Maasdelta")
        neighbourhoods = {}
        for municipality_name, names in NEIGHBOURHOODS.items():
            municipality, _ = Municipality.objects.get_or_create(
                region=region, name=municipality_name
            )
            for name in names:
                neighbourhoods[name], _ = Neighbourhood.objects.update_or_create(
                    municipality=municipality,
                    name=name,
                    defaults={"boundary": BOUNDARIES[name]},
                )

        for name, streets in STREETS.items():
            streets_import(neighbourhood=neighbourhoods[name], rows=street_rows(streets))

        teams = []
        for name, served, requires_vog, requires_training in TEAMS:
            team, _ = Team.objects.update_or_create(
                name=name,
                defaults={"requires_vog": requires_vog, "requires_training": requires_training},
            )
            team.neighbourhoods.set([neighbourhoods[n] for n in served])
            teams.append(team)

        organisations = []
        for name, type_, served in ORGANISATIONS:
            organisation, _ = PartnerOrganisation.objects.update_or_create(
                name=name, defaults={"type": type_}
            )
            organisation.neighbourhoods.set([neighbourhoods[n] for n in served])
            organisations.append(organisation)

        logins = {key: self._user(key, first_name) for key, first_name, _ in LOGINS}
        self._membership(
            logins["vrijwilliger"],
            teams[0],
            Membership.Role.VOLUNTEER,
            Membership.Status.ACTIVE,
            3,
            today,
        )
        self._membership(
            logins["coordinator"],
            teams[0],
            Membership.Role.COORDINATOR,
            Membership.Status.ACTIVE,
            3,
            today,
        )
        PartnerMembership.objects.get_or_create(
            user=logins["wijkagent"], organisation=organisations[0]
        )
        PartnerMembership.objects.get_or_create(
            user=logins["wijkteam"], organisation=organisations[1]
        )
        admin = logins["beheer"]
        if not admin.is_superuser:
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])

        first_names = iter(FIRST_NAMES)
        for index, team in enumerate(teams):
            if index > 0:
                coordinator = self._user(f"coordinator.{index + 1}", next(first_names))
                self._membership(
                    coordinator,
                    team,
                    Membership.Role.COORDINATOR,
                    Membership.Status.ACTIVE,
                    3,
                    today,
                )
            for status, level in MEMBER_PROFILES:
                first_name = next(first_names)
                user = self._user(f"{first_name.lower()}.{index + 1}", first_name)
                self._membership(user, team, Membership.Role.VOLUNTEER, status, level, today)
        for index, organisation in enumerate(organisations[2:], start=3):
            colleague = self._user(f"partner.{index}", next(first_names))
            PartnerMembership.objects.get_or_create(user=colleague, organisation=organisation)

        for team in teams:
            self._roster(team, today)
        self._demo_volunteer_week(teams[0], logins, today)
        PartnerMembership.objects.filter(user=logins["wijkagent"]).update(is_lead=True)
        self._joining(teams[0], logins, today)
        self._api_key(organisations[0], admin)
        demo_region_seeded.send(
            sender=self.__class__,
            today=today,
            teams=teams,
            organisations=organisations,
            logins=logins,
        )

        if scale is not None:
            demo_large.seed(today=today, stdout=self.stdout, scale=scale)

    @staticmethod
    def _joining(team: Team, logins: dict, today: datetime.date) -> None:
        """The team's public page, two open evenings and two requests to join."""
        coordinator = logins["coordinator"]
        public_page_update(
            actor=coordinator,
            team=team,
            is_public=True,
            slug="oude-haven",
            intro="Wij lopen elke dinsdag- en vrijdagavond een ronde door de Oude Haven, met "
            "twee of drie mensen. Je hoeft niet elke week mee: een keer per maand helpt al.",
        )
        if not team.open_evenings.exists():
            for days, place in [(9, "Buurthuis De Kern"), (37, "Bibliotheek Havenstad")]:
                starts = datetime.datetime.combine(
                    today + datetime.timedelta(days=days), datetime.time(19, 30)
                )
                open_evening_add(
                    actor=coordinator,
                    team=team,
                    starts_at=timezone.make_aware(starts),
                    place=place,
                    note="Koffie staat klaar.",
                )
        for first_name, message in [
            ("Noor", "Ik woon sinds kort aan de kade en loop graag mee op vrijdag."),
            ("Wim", ""),
        ]:
            join_request_create(
                team=team,
                first_name=first_name,
                email=f"{first_name.lower()}.aanmelding@example.org",
                message=message,
                source="page" if message else "sheet",
            )

    def _api_key(self, organisation: PartnerOrganisation, admin: User) -> None:
        """A key for the police's own system; made anew on each run, as only its hash is
        kept and the key itself is printed once. The one before goes with its account (it
        acted nowhere), so running the seed again adds nobody."""
        User.objects.filter(
            api_key__organisation=organisation, api_key__name="Demo-script"
        ).delete()
        self.api_key, self.api_key_secret = api_key_create(
            actor=admin, organisation=organisation, name="Demo-script"
        )

    def _roster(self, team: Team, today: datetime.date) -> None:
        """Two rounds a week: sixteen weeks of history with logs, four weeks ahead."""
        rng = random.Random(team.pk)
        ready = [m for m in team.memberships.select_related("team") if m.is_ready(today)]
        monday = today - datetime.timedelta(days=today.weekday())
        for week in range(-16, 5):
            for weekday, start, end, place in ROUNDS:
                day = monday + datetime.timedelta(weeks=week, days=weekday)
                starts_at, ends_at = shift_times(day, start, end)
                shift, created = Shift.objects.get_or_create(
                    team=team,
                    starts_at=starts_at,
                    meeting_point=place,
                    status=Shift.Status.PLANNED,
                    defaults={
                        "ends_at": ends_at,
                        "focus_points": rng.choice(FOCUS_POINTS),
                        "max_people": 4,
                    },
                )
                if not created:
                    continue
                # Future shifts: some still short of people, so the warning shows.
                crew = rng.sample(ready, k=min(len(ready), rng.choice([1, 2, 2, 3, 4])))
                for membership in crew:
                    ShiftSignup.objects.create(shift=shift, membership=membership)
                if ends_at < timezone.now() and len(crew) >= 2 and rng.random() < 0.85:
                    self._log(shift, crew, rng)

    @staticmethod
    def _log(shift: Shift, crew: list[Membership], rng: random.Random) -> None:
        log = PatrolLog.objects.create(
            shift=shift,
            filed_by=crew[0].user,
            started_at=shift.starts_at + datetime.timedelta(minutes=rng.choice([0, 5, 10])),
            ended_at=shift.ends_at - datetime.timedelta(minutes=rng.choice([0, 10, 20])),
            area=rng.choice(AREAS),
            called_police_line=rng.random() < 0.05,
            notes=rng.choice(NOTES),
            created_at=shift.ends_at,
        )
        log.present.set(crew)
        for kind in rng.sample(list(Observation.Kind.values), k=rng.randint(1, 5)):
            Observation.objects.create(log=log, kind=kind, count=rng.randint(1, 6))
        PatrolLogEvent.objects.create(log=log, actor=crew[0].user, kind="filed")

    @staticmethod
    def _demo_volunteer_week(team: Team, logins: dict, today: datetime.date) -> None:
        """The demo volunteer walked an afternoon round yesterday (its log still to be filed)
        and is signed up for the next evening round."""
        people = Membership.objects.filter(
            team=team, user__in=[logins["vrijwilliger"], logins["coordinator"]]
        )
        yesterday = shift_times(
            today - datetime.timedelta(days=1), datetime.time(15, 0), datetime.time(17, 0)
        )
        shift, created = Shift.objects.get_or_create(
            team=team,
            starts_at=yesterday[0],
            meeting_point="Schoolplein De Regenboog",
            status=Shift.Status.PLANNED,
            defaults={"ends_at": yesterday[1], "focus_points": "Fietsenstalling bij de school"},
        )
        if created:
            for membership in people:
                ShiftSignup.objects.create(shift=shift, membership=membership)
        upcoming = (
            Shift.objects.upcoming()
            .filter(team=team, starts_at__gt=timezone.now() + datetime.timedelta(hours=6))
            .order_by("starts_at")
            .first()
        )
        if upcoming is not None:
            for membership in people:
                ShiftSignup.objects.get_or_create(shift=upcoming, membership=membership)

    @staticmethod
    def _user(local_part: str, first_name: str) -> User:
        email = f"{local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            # One hash for every demo account: hashing is slow on purpose.
            user = User.objects.create(
                email=email, password=_demo_password_hash(), first_name=first_name
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    @staticmethod
    def _membership(user, team, role, status, level, today) -> Membership:
        start = today - datetime.timedelta(days=400)
        membership, _ = Membership.objects.update_or_create(
            user=user,
            team=team,
            defaults={
                "role": role,
                "status": status,
                "intake_on": start if level >= 1 else None,
                "code_of_conduct_signed_on": start if level >= 1 else None,
                "vog_issued_on": start + datetime.timedelta(days=14) if level >= 2 else None,
                "training_completed_on": start + datetime.timedelta(days=60)
                if level >= 3
                else None,
                "vest_issued_on": start + datetime.timedelta(days=61) if level >= 3 else None,
            },
        )
        return membership
