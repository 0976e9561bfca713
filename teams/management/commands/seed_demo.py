"""A realistic, fictional demo region. Safe to run again: it changes nothing the second time."""

import datetime
import functools

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from teams.models import (
    Membership,
    Municipality,
    Neighbourhood,
    PartnerMembership,
    PartnerOrganisation,
    Region,
    Team,
    User,
)

DEMO_PASSWORD = "demo-buurt-2026"
DEMO_DOMAIN = "demo.buurtpreventie.nl"

NEIGHBOURHOODS = {
    "Havenstad": ["Oude Haven", "Lindenhof", "Molenwijk", "Vogelbuurt"],
    "Polderwaard": ["Dorpskern", "Waterlanden"],
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
        ["Lindenhof", "Molenwijk", "Dorpskern"],
    ),
    (
        "Gemeente Havenstad, Openbare Ruimte",
        PartnerOrganisation.Type.MUNICIPALITY,
        NEIGHBOURHOODS["Havenstad"],
    ),
]

# The demo logins, one per role (printed by `make run` and listed in the README).
LOGINS = [
    ("vrijwilliger", "Sanne", "volunteer in Buurtpreventie Oude Haven, ready to patrol"),
    ("coordinator", "Marco", "coordinator of Buurtpreventie Oude Haven"),
    ("wijkagent", "Ilse", "partner: Politie basisteam Havenstad"),
    ("wijkteam", "Yusuf", "partner: Wijkteam Havenstad"),
    ("beheer", "Anouk", "regional administrator"),
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


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = "Load the fictional demo region (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        region, _ = Region.objects.get_or_create(name="Veiligheidsregio Maasdelta")
        neighbourhoods = {}
        for municipality_name, names in NEIGHBOURHOODS.items():
            municipality, _ = Municipality.objects.get_or_create(
                region=region, name=municipality_name
            )
            for name in names:
                neighbourhoods[name], _ = Neighbourhood.objects.get_or_create(
                    municipality=municipality, name=name
                )

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

        names = iter(FIRST_NAMES)
        for index, team in enumerate(teams):
            if index > 0:
                coordinator = self._user(f"coordinator.{index + 1}", next(names))
                self._membership(
                    coordinator,
                    team,
                    Membership.Role.COORDINATOR,
                    Membership.Status.ACTIVE,
                    3,
                    today,
                )
            for status, level in MEMBER_PROFILES:
                first_name = next(names)
                user = self._user(f"{first_name.lower()}.{index + 1}", first_name)
                self._membership(user, team, Membership.Role.VOLUNTEER, status, level, today)
        for index, organisation in enumerate(organisations[2:], start=3):
            colleague = self._user(f"partner.{index}", next(names))
            PartnerMembership.objects.get_or_create(user=colleague, organisation=organisation)

        self.stdout.write(
            self.style.SUCCESS(f"Demo region ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for key, _first_name, description in LOGINS:
            self.stdout.write(f"  {key + '@' + DEMO_DOMAIN:<38} {description}")

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
