"""The signals part of the demo region: routing rules and a few months of signals."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.dispatch import receiver
from django.utils import timezone
from PIL import Image, ImageDraw

from teams.hooks import demo_region_seeded
from teams.models import (
    Invitation,
    Membership,
    Neighbourhood,
    PartnerMembership,
    PartnerOrganisation,
    hash_token,
)
from teams.roles import Roles

from .models import Category, ExternalHandoff, RoutingRule, Signal, SignalEvent, Status
from .permissions import may_add_observation
from .photos import clean_photos
from .routing import route_for
from .services import (
    Report,
    deadlines,
    descriptions_rescore,
    signal_act,
    signal_add_observation,
    signal_report,
)

Kind = SignalEvent.Kind
# Steps of a signal's history that are messages in its conversation, from either side.
PARTNER_SAYS, TEAM_SAYS = "partner_says", "team_says"

# category code, neighbourhood (None: everywhere), responsible, informed
RULES = [
    ("burglary-risk", "Havenstad", "Politie basisteam Havenstad", []),
    ("suspicious-situation", "Havenstad", "Politie basisteam Havenstad", []),
    ("vehicle-crime", "Havenstad", "Politie basisteam Havenstad", []),
    ("youth-nuisance", "Havenstad", "Politie basisteam Havenstad", ["Wijkteam Havenstad"]),
    ("wrongly-parked-trailer", None, "Gemeente Havenstad, Openbare Ruimte", []),
    ("public-space", None, "Gemeente Havenstad, Openbare Ruimte", []),
    ("other-nuisance", None, "Gemeente Havenstad, Openbare Ruimte", []),
    ("housing", None, "Woonstichting De Linde", []),
    ("care-worry", None, "Wijkteam Havenstad", []),
    ("care-worry", "Polderwaard", "Zorgpunt Polderwaard", []),
    ("domestic-violence", None, "Wijkteam Havenstad", []),
]

# Signals of the last weeks: category, street, number, days ago, point in Oude Haven,
# description, and what happened after (action or message, hours later, text).
HISTORY = [
    ("burglary-risk-open", "Kerkstraat", "14", 41, (51.9201, 4.4790),
     "Raam op de eerste verdieping stond wijd open, niemand thuis. Om 22:10 aangebeld bij de "
     "buren, die hebben de bewoner gebeld.",
     [(Kind.ACKNOWLEDGE, 3, ""), (Kind.START, 20, ""),
      (Kind.RESOLVE, 30, "Dank je voor je melding. De bewoner is gebeld en heeft het raam gesloten.")]),
    ("vehicle-crime-open", "Havenkade", "3", 33, (51.9170, 4.4820),
     "Bestelbus met open schuifdeur, gereedschap zichtbaar. Stond er om 21:30 en om 22:15 nog.",
     [(Kind.ACKNOWLEDGE, 5, ""),
      (Kind.RESOLVE, 26, "Dank je voor je melding. De eigenaar is gewaarschuwd; er is niets weggenomen.")]),
    ("public-space-lighting", "Lindelaan", "", 28, (51.9230, 4.4750),
     "Drie lantaarnpalen achter elkaar doen het niet, stuk tussen nummer 20 en 40 is helemaal donker.",
     [(Kind.ACKNOWLEDGE, 10, ""), (Kind.START, 30, ""),
      (Kind.RESOLVE, 120, "Dank je voor je melding. De lampen zijn vervangen.")]),
    ("youth-nuisance", "Speeltuin Molenweg", "", 21, (51.9180, 4.4860),
     "Groep van ongeveer acht, harde muziek en scooters over het speelveld tussen 22:00 en 23:30.",
     [(Kind.ACKNOWLEDGE, 6, ""), (Kind.START, 24, ""),
      (Kind.RESOLVE, 96, "Dank je voor je melding. De wijkagent heeft met de groep gesproken; we houden het in de gaten.")]),
    ("wrongly-parked-trailer", "Molenweg", "8", 14, (51.9165, 4.4875),
     "Aanhanger met boot staat al twee weken op de stoep, rolstoel kan er niet langs.",
     [(Kind.ACKNOWLEDGE, 20, ""), (Kind.START, 40, ""),
      (PARTNER_SAYS, 44, "We hebben de eigenaar een brief gestuurd. Staat de aanhanger er nog?"),
      (TEAM_SAYS, 70, "Ja, nog steeds. Hij staat nu ook half op het fietspad."),
      (PARTNER_SAYS, 75, "Dank je. Een handhaver gaat er morgen langs en laat hem zo nodig weghalen."),
      (TEAM_SAYS, 100, "Fijn, we letten er tijdens de ronde van vanavond op.")]),
    ("care-worry-lonely", "Dijkstraat", "5", 12, (51.9210, 4.4720),
     "Oudere bewoner zit al dagen alleen op het bankje voor de deur, zei dat ze niemand meer "
     "spreekt sinds de buurvrouw verhuisde. Gordijnen overdag dicht.",
     [(Kind.ACKNOWLEDGE, 2, ""), (Kind.START, 10, ""),
      (Kind.RESOLVE, 100, "Dank je voor je melding. Een collega van het wijkteam is langs geweest; er is contact.")]),
    ("housing", "Portiekflat Zeemanshof", "12-40", 9, (51.9190, 4.4710),
     "Portiekdeur valt niet meer in het slot, berging op de begane grond staat open.",
     [(Kind.ACKNOWLEDGE, 30, ""),
      (Kind.ASK, 40, "Gaat het om de linker of de rechter portiek?"),
      (Kind.ANSWER, 50, "De rechter, bij de fietsenstalling.")]),
    ("suspicious-situation", "Stationsplein", "", 5, (51.9245, 4.4885),
     "Iemand liep om 23:00 langs de fietsenstalling en trok aan sloten van meerdere fietsen.",
     [(Kind.ACKNOWLEDGE, 1, "")]),
    ("burglary-risk-shed", "Achterpad Kerkstraat", "", 3, (51.9205, 4.4800),
     "Drie schuurdeuren aan het achterpad staan open, één met een fiets erin.", []),
    ("public-space-dumping", "Havenkade", "", 2, (51.9160, 4.4840),
     "Bankstel en vuilniszakken bij de containers gedumpt.", []),
]  # fmt: skip

# Older, resolved signals for the reporting watch: some descriptions first named appearance and
# were rewritten, and the same square is reported month after month.
OLDER = [
    ("suspicious-situation", "Stationsplein", 64, True, (51.9245, 4.4885),
     "Twee mensen liepen langs de fietsenstalling en voelden aan de sloten."),
    ("suspicious-situation", "Stationsplein", 97, False, (51.9244, 4.4883),
     "Iemand zat een half uur in een auto met draaiende motor bij de stalling, lichten uit."),
    ("youth-nuisance", "Stationsplein", 131, True, (51.9246, 4.4887),
     "Groep van zes op het plein, flessen kapotgegooid tegen de gevel van de kiosk."),
    ("suspicious-situation", "Stationsplein", 162, True, (51.9245, 4.4884),
     "Man keek bij meerdere geparkeerde auto's naar binnen en probeerde een portier."),
    ("burglary-risk-open", "Lindelaan", 203, False, (51.9230, 4.4752),
     "Voordeur stond 's nachts open, geen licht aan in huis."),
    ("suspicious-situation", "Havenkade", 248, True, (51.9168, 4.4830),
     "Iemand fotografeerde de achterkant van meerdere woningen vanaf de kade."),
    # Written before the check knew plates and plurals: re-scoring counts them now.
    ("suspicious-situation", "Molenweg", 75, False, (51.9175, 4.4872),
     "Busjes met Pools kenteken reden de hele middag langzaam door de straat."),
    ("suspicious-situation", "Lindelaan", 140, False, (51.9232, 4.4760),
     "2 turkjes op een scooter keken in de geparkeerde auto's."),
]  # fmt: skip


@receiver(demo_region_seeded)
def seed_signals(sender, today, teams, organisations, logins, **kwargs) -> None:
    by_name = {o.name: o for o in PartnerOrganisation.objects.all()}
    for code, where, responsible, informed in RULES:
        category = Category.objects.get(code=code)
        places: list[Neighbourhood | None] = (
            [None]
            if where is None
            else list(Neighbourhood.objects.filter(municipality__name=where))
        )
        for neighbourhood in places:
            rule, _created = RoutingRule.objects.update_or_create(
                category=category,
                neighbourhood=neighbourhood,
                defaults={"responsible": by_name[responsible]},
            )
            rule.informed.set([by_name[name] for name in informed])
    if Signal.objects.exists():
        return
    team = teams[0]
    volunteer = logins["vrijwilliger"]
    partners = {
        organisation.pk: organisation.partner_memberships.first().user
        for organisation in organisations
        if organisation.partner_memberships.exists()
    }
    oude_haven = Neighbourhood.objects.get(name="Oude Haven")
    for code, street, number, days, (lat, lng), text, steps in HISTORY:
        _history(code, street, number, days, lat, lng, text, steps, volunteer, team, oude_haven,
                 partners)  # fmt: skip
    resolved = [(Kind.ACKNOWLEDGE, 4, ""), (Kind.RESOLVE, 50, "Dank je voor je melding. We zijn gaan kijken; er is niets gevonden.")]  # fmt: skip
    for code, street, days, flagged, (lat, lng), text in OLDER:
        _history(code, street, "", days, lat, lng, text, resolved, volunteer, team, oude_haven,
                 partners, flagged=flagged)  # fmt: skip
    _answered_handoff(partners)
    _fresh(volunteer, team, logins)
    _unrouted(teams[-1])
    # The reporting watch counts the history with the check as it is now.
    descriptions_rescore()


def _history(code, street, number, days, lat, lng, text, steps, reporter, team, neighbourhood,
             partners, flagged=False) -> None:  # fmt: skip
    category = Category.objects.get(code=code)
    created = timezone.now() - datetime.timedelta(days=days, hours=3)
    rule = route_for(category, neighbourhood)
    assert rule is not None, "RULES route every category of the demo's history"
    acknowledge_by, resolve_by = deadlines(category, created)
    signal = Signal.objects.create(
        category=category,
        sensitivity=category.sensitivity,
        reporter=reporter,
        team=team,
        neighbourhood=neighbourhood,
        street=street,
        house_number=number,
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lng)),
        observed_at=created - datetime.timedelta(minutes=20),
        description=text,
        description_flagged=flagged,
        responsible=rule.responsible,
        acknowledge_deadline=acknowledge_by,
        resolve_deadline=resolve_by,
        created_at=created,
    )
    SignalEvent.objects.create(
        signal=signal, actor=reporter, kind=Kind.REPORTED, to_status=Status.NEW, created_at=created
    )
    SignalEvent.objects.create(
        signal=signal, kind=Kind.ROUTED, to_status=Status.NEW, organisation=rule.responsible,
        created_at=created,
    )  # fmt: skip
    partner = partners.get(rule.responsible_id)
    targets = {
        Kind.ACKNOWLEDGE: Status.ACKNOWLEDGED,
        Kind.START: Status.IN_PROGRESS,
        Kind.ASK: Status.WAITING,
        Kind.ANSWER: Status.IN_PROGRESS,
        Kind.RESOLVE: Status.RESOLVED,
    }
    for action, hours, step_text in steps:
        moment = created + datetime.timedelta(hours=hours)
        if action in (PARTNER_SAYS, TEAM_SAYS):
            by_partner = action == PARTNER_SAYS
            SignalEvent.objects.create(
                signal=signal,
                actor=partner if by_partner else reporter,
                kind=Kind.MESSAGE,
                from_status=signal.status,
                to_status=signal.status,
                organisation=rule.responsible if by_partner else None,
                text=step_text,
                created_at=moment,
            )
            continue
        before = signal.status
        signal.status = targets[action]
        if action == Kind.ACKNOWLEDGE:
            signal.acknowledged_at = moment
        if action == Kind.RESOLVE:
            signal.feedback, signal.resolved_at = step_text, moment
        SignalEvent.objects.create(
            signal=signal,
            actor=reporter if action == Kind.ANSWER else partner,
            kind=action,
            from_status=before,
            to_status=signal.status,
            text=step_text,
            created_at=moment,
        )
    signal.save()


def _answered_handoff(partners) -> None:
    """The trailer on the pavement: the municipality asked the housing association, which
    answered through the link. The link's token was never sent, so nobody can open it."""
    signal = Signal.objects.filter(category__code="wrongly-parked-trailer").first()
    organisation = signal.responsible if signal is not None else None
    partner = partners.get(organisation.pk) if organisation is not None else None
    if signal is None or organisation is None or partner is None:
        return
    asked = signal.created_at + datetime.timedelta(hours=44)
    answered = asked + datetime.timedelta(hours=20)
    note = "Is de aanhanger van een van uw huurders? Graag een seintje of u hem kunt aanspreken."
    answer = "Ja, van de huurder van Molenweg 10. We hebben hem gevraagd de aanhanger weg te halen."
    ExternalHandoff.objects.create(
        signal=signal,
        organisation=organisation,
        created_by=partner,
        email="wijkbeheer@delinde.example",
        note=note,
        share_street=True,
        share_description=True,
        token_hash=hash_token(Invitation.new_token()),
        created_at=asked,
        expires_at=asked + datetime.timedelta(days=14),
        answer=answer,
        answered_at=answered,
    )
    SignalEvent.objects.bulk_create([
        SignalEvent(signal=signal, actor=partner, kind=Kind.HANDOFF,
                    organisation=signal.responsible, text=note, created_at=asked),
        SignalEvent(signal=signal, kind=Kind.HANDOFF_ANSWER, organisation=signal.responsible,
                    text=answer, created_at=answered),
    ])  # fmt: skip


def _fresh(volunteer, team, logins) -> None:
    """Two signals of today, through the real service: the partners get their messages."""
    membership = Membership.objects.filter(user=volunteer, team=team).first()
    if membership is None:
        return
    now = timezone.now()
    neighbourhood = Neighbourhood.objects.get(name="Oude Haven")
    ladder = signal_report(
        reporter=volunteer,
        team=team,
        report=Report(
            category=Category.objects.get(code="burglary-risk-ladder"),
            street="Kerkstraat",
            house_number="22",
            neighbourhood=neighbourhood,
            latitude=Decimal("51.920400"),
            longitude=Decimal("4.478200"),
            observed_at=now - datetime.timedelta(minutes=40),
            description="Ladder staat tegen de achtergevel tot aan het open slaapkamerraam.",
            photos=clean_photos([_ladder_photo()]),
        ),
    )
    _duplicates(ladder, logins["coordinator"], team)
    signal_report(
        reporter=logins["coordinator"],
        team=team,
        report=Report(
            category=Category.objects.get(code="care-worry-neglect"),
            street="Dijkstraat",
            house_number="9",
            neighbourhood=neighbourhood,
            observed_at=now - datetime.timedelta(hours=2),
            description="Brievenbus puilt uit, post van ruim een week. Tuin verwilderd, "
            "afvalzakken bij de voordeur. Niemand doet open.",
        ),
    )


def _ladder_photo() -> SimpleUploadedFile:
    """A drawn photo for the demo's ladder: a brick wall, a window and a ladder against it."""
    image = Image.new("RGB", (480, 360), (178, 94, 72))
    draw = ImageDraw.Draw(image)
    for row, y in enumerate(range(0, 360, 20)):  # mortar between the bricks
        draw.line([(0, y), (480, y)], fill=(214, 200, 184), width=2)
        for x in range(-40 if row % 2 else 0, 480, 80):
            draw.line([(x, y), (x, y + 20)], fill=(214, 200, 184), width=2)
    draw.rectangle([(250, 40), (390, 150)], fill=(40, 52, 66), outline=(240, 240, 235), width=8)
    for rail in (150, 220):
        draw.line([(rail, 360), (rail + 110, 110)], fill=(150, 155, 160), width=9)
    for step in range(8):
        rung = 340 - step * 30
        left = 150 + (360 - rung) * 110 // 250
        draw.line([(left, rung), (left + 70, rung)], fill=(150, 155, 160), width=6)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return SimpleUploadedFile("ladder.jpg", output.getvalue(), content_type="image/jpeg")


def _duplicates(ladder: Signal, coordinator, team) -> None:
    """The coordinator saw the same ladder: an observation added to it; and the same thing
    reported again, which the police closed as a duplicate of the first."""
    if not may_add_observation(Roles(coordinator), ladder):
        return
    signal_add_observation(
        signal=ladder,
        actor=coordinator,
        description="Om 22.00 uur stond de ladder er nog. Het raam erboven is nu dicht.",
    )
    repeat = signal_report(
        reporter=coordinator,
        team=team,
        report=Report(
            category=Category.objects.get(code="burglary-risk-ladder"),
            street="Kerkstraat",
            house_number="24",
            neighbourhood=ladder.neighbourhood,
            latitude=Decimal("51.920450"),
            longitude=Decimal("4.478300"),
            observed_at=timezone.now() - datetime.timedelta(minutes=30),
            description="Ladder tegen een achtergevel in de Kerkstraat, raam erboven open.",
        ),
    )
    partner = (
        PartnerMembership.objects.current()
        .filter(organisation_id=ladder.responsible_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    if partner is not None and repeat.responsible_id == ladder.responsible_id:
        signal_act(signal=repeat, action=Kind.DUPLICATE, actor=partner.user, original=ladder)


def _unrouted(team) -> None:
    """Polderwaard has no police partner in the demo: its burglary signal waits in the
    regional queue for an administrator."""
    membership = Membership.objects.current().filter(team=team).select_related("user").first()
    if membership is None:
        return
    signal_report(
        reporter=membership.user,
        team=team,
        report=Report(
            category=Category.objects.get(code="burglary-risk-open"),
            street="Dorpsstraat",
            house_number="31",
            neighbourhood=Neighbourhood.objects.get(name="Dorpskern"),
            latitude=Decimal("51.884000"),
            longitude=Decimal("4.560000"),
            observed_at=timezone.now() - datetime.timedelta(hours=5),
            description="Voordeur stond op een kier, licht uit, geen reactie op aanbellen van de buren.",
        ),
    )
