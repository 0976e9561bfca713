"""The partners' CSV export masks phone numbers, licence plates, e-mail addresses and house
numbers in the free text volunteers and partners write; the rest of the text stays as
written. The person's own download ("Mijn gegevens") is not masked: it is their own data."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signalen import services
from signalen.models import Signal

from ..conftest import World
from ..factories import log_factory, shift_factory, signal_factory
from ..support.streaming import body
from .test_export import EXPORT, export_form

INBOX = reverse("signalen:partner_inbox")
STREET = "Oude Haven"  # the signal's street: a name that does not look like a street


def export_as_partner(world: World, status: str = "") -> dict[int, dict[str, str]]:
    """The partner opens the inbox (with a status chosen), and presses the export button
    below it: the rows of the file by signal number."""
    client = world.client("partner_a")
    inbox = client.get(INBOX, {"status": status} if status else {})
    response = client.get(EXPORT, export_form(inbox.content.decode()).submission())
    assert response.status_code == 200
    text = body(response).decode().lstrip("\ufeff")
    return {int(r["nummer"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


def report(world: World, description: str, **fields) -> Signal:
    """A volunteer reports, and ticks that the partner needs the personal data in it."""
    return signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        description=description,
        confirmed_personal_data=True,
        **fields,
    )


def resolve(world: World, signal: Signal, feedback: str) -> None:
    services.signal_act(signal=signal, action="acknowledge", actor=world.partner_a)
    services.signal_act(signal=signal, action="resolve", actor=world.partner_a, text=feedback)


def test_the_export_masks_the_description_the_feedback_and_the_street(world: World):
    signal = report(
        world,
        "Om 23.10u reed bus 12-ABC-3 weg bij Oude Haven 14; bewoner van nr 16 (06-12345678, "
        "jan@example.nl) zag 3 mannen.",
        street="Kerkweg 4a",
    )
    resolve(world, signal, "Eigenaar van 12-ABC-3 gebeld op 010-1234567 en aangesproken.")
    row = export_as_partner(world, status="resolved")[signal.pk]
    assert row["straat"] == "Kerkweg [huisnummer]"
    assert row["beschrijving"] == (
        "Om 23.10u reed bus [kenteken] weg bij Oude Haven 14; bewoner van nr [huisnummer] "
        "([telefoonnummer], [e-mailadres]) zag 3 mannen."
    )
    assert row["terugkoppeling"] == (
        "Eigenaar van [kenteken] gebeld op [telefoonnummer] en aangesproken."
    )


def test_the_number_after_the_signals_own_street_is_masked(world: World):
    signal = report(world, "Deur van Oude Haven 14 staat open.", street=STREET)
    row = export_as_partner(world)[signal.pk]
    assert row["straat"] == STREET
    assert row["beschrijving"] == "Deur van Oude Haven [huisnummer] staat open."


def test_the_persons_own_download_keeps_what_they_wrote(world: World):
    text = "Bewoner van Kerkweg 12 vroeg terugbellen op 06-12345678."
    report(world, text)
    client = world.client("volunteer")
    page = client.get(reverse("privacy:my_data")).content.decode()
    (link,) = re.findall(r'href="([^"]*download\.json)"', page)
    data = json.loads(client.get(link).content)
    described = [s["description"] for s in data["parts"]["signalen"]["signals_reported"]]
    assert text in described


def test_the_patrol_log_export_masks_house_numbers_in_the_area(world: World):
    log_factory(
        shift_factory(world.team_a, days=-4),
        present=[world.volunteer_membership, world.coordinator.memberships.get()],
        area="Kerkstraat 1 t/m 40 en Molenweg, achterpad nr 12",
    )
    client = world.client("coordinator")
    team_page = client.get(reverse("teams:team_detail", args=[world.team_a.pk])).content
    url = reverse("teams:log_export", args=[world.team_a.pk])
    assert f'href="{url}"' in team_page.decode()
    text = client.get(url).content.decode().lstrip("\ufeff")
    areas = [row["gebied"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]
    assert "Kerkstraat [huisnummer] en Molenweg, achterpad nr [huisnummer]" in areas
    assert world.log.area in areas  # "Kerkstraat en Molenweg": nothing to mask


# Free text made of ordinary words and numbers that must stay, with personal data in between.
# Words that count something ("mannen", "uur") are left out of the filler: a number before
# them stays a number ("Kerkstraat 3 mannen"), as the unit tests show.
FILLER = st.sampled_from(
    ["raam", "open", "man", "liep", "richting", "het", "met", "een", "tas", "schuur",
     "achterom", "bus", "snel", "keek", "deur", "tuin", "lamp", "kapot", "zag", "bij", "hek",
     "en", "of", ",", "buurman", "Buurvrouw", "Wijkagent", "gebeld", "rond", "ca", "weg",
     "23.10u", "ca 1.85", "3 mannen", "2 uur", "23-10", "12-03-2024", "45 jaar", "1-okt-24",
     "0900-8844", "2e", "1.30u"]
)  # fmt: skip


def digits(n: int):
    return st.text("0123456789", min_size=n, max_size=n)


MOBILE = [
    lambda d: f"06{d}",
    lambda d: f"06-{d}",
    lambda d: f"06 {d[:4]} {d[4:]}",
    lambda d: f"06 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
    lambda d: f"06.{d[:2]}.{d[2:4]}.{d[4:6]}.{d[6:]}",
    lambda d: f"+31 6 {d}",
    lambda d: f"+316{d}",
    lambda d: f"+31 (0)6 {d}",
    lambda d: f"0031 6 {d}",
]
LANDLINE = [
    lambda d: f"010-{d}",
    lambda d: f"010 {d[:3]} {d[3:5]} {d[5:]}",
    lambda d: f"(010) {d}",
]
ABROAD = [
    lambda d: f"+44 20 {d[:4]} {d[4:]}",
    lambda d: f"+32 470 {d[:2]} {d[2:4]} {d[4:6]}",
]
PHONES = st.one_of(
    st.builds(lambda form, d: form(d), st.sampled_from(MOBILE), digits(8)),
    st.builds(lambda form, d: form(d), st.sampled_from(LANDLINE), digits(7)),
    st.builds(lambda form, d: form(d), st.sampled_from(ABROAD), digits(8)),
)

SIDE_CODES = ["XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX",
              "99-XXX-9", "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX",
              "9-XX-999", "999-XX-9"]  # fmt: skip
CONSONANTS = "BDFGHJKLNPRSTVXZ"  # the letters on Dutch plates
MONTHS = {"jan", "feb", "mrt", "mar", "apr", "mei", "may", "jun", "jul", "aug", "sep", "okt",
          "oct", "nov", "dec"}  # fmt: skip


@st.composite
def plates(draw) -> str:
    code = draw(st.sampled_from(SIDE_CODES))
    plate = "".join(
        draw(st.sampled_from(CONSONANTS if c == "X" else "0123456789")) if c in "X9" else c
        for c in code
    )
    # In small letters "1-mrt-24" is a date; in capitals a plate.
    small = not set(plate.lower().split("-")) & MONTHS
    way = draw(st.sampled_from(["as is", "no hyphens", "small"] if small else ["as is"]))
    return {"as is": plate, "no hyphens": plate.replace("-", ""), "small": plate.lower()}[way]


EMAILS = st.builds(
    "{}@{}".format,
    st.from_regex(r"[a-z][a-z0-9_]{0,7}(\.[a-z0-9]{1,6})?(\+[a-z]{1,5})?", fullmatch=True),
    st.sampled_from(["example.nl", "buurt.example.org", "mail.example.co.uk"]),
)

HOUSE_NUMBERS = st.builds(
    "{}{}".format, st.integers(1, 999).map(str), st.sampled_from(["", "a", "B", "-2", "/3"])
)
STREETS = ["Dorpsstraat", "Jan Steenstraat", "Kerkweg", "Laan van Meerdervoort", "Zeemanshof",
           "'s-Gravendijkwal", "Burgemeester de Withstraat", STREET]  # fmt: skip
NUMBER_WORDS = ["nr", "nr.", "nummer", "huisnummer", "no."]
ADDRESSES = st.one_of(
    st.tuples(st.sampled_from(STREETS + NUMBER_WORDS), HOUSE_NUMBERS).map(
        lambda a: (f"{a[0]} {a[1]}", f"{a[0]} [huisnummer]")
    )
)

# Each value: its kind, as written, and as the export should show it.
VALUES = st.one_of(
    PHONES.map(lambda v: ("phone", v, "[telefoonnummer]")),
    plates().map(lambda v: ("plate", v, "[kenteken]")),
    EMAILS.map(lambda v: ("email", v, "[e-mailadres]")),
    ADDRESSES.map(lambda v: ("address", *v)),
)


def no_phones_side_by_side(tokens) -> bool:
    """Digits do not say where one phone number ends and the next begins when only a space
    is between them ("+44 20 0100 0000 06 0000 0000"); people put a word or a sign there."""
    kinds = [t[0] for t in tokens]
    return ("phone", "phone") not in itertools.pairwise(kinds)


TOKENS = st.lists(
    st.one_of(FILLER.map(lambda w: ("filler", w, w)), VALUES), min_size=1, max_size=25
).filter(no_phones_side_by_side)


def text_and_masked(tokens) -> tuple[str, str]:
    return " ".join(t[1] for t in tokens) + ".", " ".join(t[2] for t in tokens) + "."


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(description=TOKENS, feedback=TOKENS)
def test_the_export_masks_any_mix_of_personal_data_and_keeps_the_words_around_it(
    world: World, description, feedback
):
    """Whatever the words around them, the export holds none of the phone numbers, plates,
    e-mail addresses and house numbers written in the description and the feedback, and
    every other word as it was written."""
    text, masked = text_and_masked(description)
    signal = report(world, text, street=STREET)
    feedback_text, feedback_masked = text_and_masked(feedback)
    resolve(world, signal, feedback_text)

    row = export_as_partner(world, status="resolved")[signal.pk]
    for tokens, cell in ((description, row["beschrijving"]), (feedback, row["terugkoppeling"])):
        for kind, written, shown in tokens:
            if kind != "filler":
                assert written not in cell
            assert shown in cell
    assert row["beschrijving"] == masked
    assert row["terugkoppeling"] == feedback_masked
