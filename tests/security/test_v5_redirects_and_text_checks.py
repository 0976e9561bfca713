"""ASVS V5 (validation): addresses a request names are followed only on this site, and the
checks and the masking that read free text take time in proportion to its length, whatever
it holds."""

from __future__ import annotations

import itertools
import re
import time
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from signalen import description_check
from teams.text_checks import mask_personal_data, personal_data_hints

from ..conftest import World
from ..factories import PASSWORD
from ..support.forms import Form, forms_of

# Ways to write another site's address that a browser follows from a Location header.
ELSEWHERE = [
    "//evil.example/",
    "https://evil.example/",
    "https:evil.example",
    "/\\evil.example/",
    "\\\\evil.example",
    "///evil.example",
    " //evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
]


def _stays_here(response, expected: str) -> None:
    assert response.status_code == 302
    location = response["Location"]
    assert location == expected
    assert "evil" not in location


def _form(html: str, **where: str) -> Form:
    return next(
        f for f in forms_of(html) if all(getattr(f, key) == value for key, value in where.items())
    )


def _quick_move(world: World, next_address: str | None):
    """A partner presses a signal's quick move in the inbox without JavaScript: the button
    sends the inbox's form, with its `next`, to the move's address."""
    client = world.client("partner_a")
    html = client.get(reverse("signalen:partner_inbox")).content.decode()
    action = re.search(rf'formaction="([^"]*/{world.signal.pk}/actie/acknowledge/)"', html)
    assert action, "the inbox offers the quick move"
    form = _form(html, id="inbox-bulk")
    data = form.submission() if next_address is None else form.submission(next=next_address)
    return client.post(action[1], data), form.fields["next"].value


def test_a_quick_move_in_the_inbox_goes_back_to_the_inbox_as_the_page_says(world: World):
    response, back = _quick_move(world, None)
    _stays_here(response, back)


@pytest.mark.parametrize("address", ELSEWHERE)
def test_a_move_never_sends_the_partner_to_another_site(world: World, address):
    response, _back = _quick_move(world, address)
    _stays_here(response, world.signal.get_absolute_url())


@pytest.mark.parametrize("address", ELSEWHERE)
def test_the_language_switch_never_sends_anyone_to_another_site(world: World, address):
    client = world.client("volunteer")
    html = client.get(reverse("home")).content.decode()
    form = _form(html, action=reverse("language_set"))
    response = client.post(form.action, form.submission(language="en", next=address))
    _stays_here(response, reverse("home"))


@pytest.mark.parametrize("address", ELSEWHERE)
def test_logging_in_never_sends_anyone_to_another_site(world: World, address):
    client = Client()
    url = reverse("account_login")
    html = client.get(url, {"next": address}).content.decode()
    form = _form(html, method="post")
    assert "next" in form.fields, "the login form carries the address it was given"
    typed = {"login": world.volunteer.email, "password": PASSWORD}
    response = client.post(url, form.submission(**typed))
    assert response.status_code == 302
    assert urlparse(response["Location"]).netloc == ""
    assert "evil" not in response["Location"]


LIMIT = 0.5  # seconds for 100 KB of text
SIZE = 100_000


def _long(piece: str, end: str = "") -> str:
    return piece * ((SIZE - len(end)) // len(piece)) + end


# The worst cases of the patterns as they were: each made some pattern try, from every place,
# everything up to the end of the text (or a long stretch of it).
HINT_INPUTS = {
    "plate without a letter": _long("1-"),
    "plate without a digit": _long("A-"),
    "plate-shaped digits only": _long("11-22-"),
    "phone number never finished": "0" + _long("1-"),
    "title and endless spaces": "meneer" + _long(" ", "1"),
    "name and endless 'de'": "Piet " + _long("de ", "1"),
    "name and an endless word": "Piet J" + _long("a", "1"),
    "names without end": _long("Piet Jansen "),
}


def _reads_in_linear_time(check, text: str) -> None:
    """Within the limit at least once in three (other tests share the machine): a pattern
    that is quadratic takes seconds every time."""
    assert len(text) >= SIZE - 10

    def seconds() -> float:
        started = time.perf_counter()
        check(text)
        return time.perf_counter() - started

    assert min(seconds() for _ in range(3)) < LIMIT


@pytest.mark.parametrize("name", sorted(HINT_INPUTS))
def test_the_personal_data_hints_read_100_kb_of_adversarial_text_in_linear_time(name):
    _reads_in_linear_time(personal_data_hints, HINT_INPUTS[name])


# And for the masking of exports: the e-mail address's name part and domain, streets, house
# numbers and lists of them, numbers from abroad, plates without hyphens.
MASK_INPUTS = {
    **HINT_INPUTS,
    "an e-mail name without end": _long("a."),
    "e-mail names without a domain": _long("a@"),
    "a domain without a dot": "a@" + _long("b-"),
    "a domain without end": "a@b" + _long(".c"),
    "addresses back to back": _long("a.b@c"),
    "one endless street name": _long("Kerkstraat"),
    "a street and endless spaces": "Kerkstraat" + _long(" ", "1"),
    "streets without numbers": _long("Laan van "),
    "a street word and an endless word": "Laan van " + _long("A"),
    "an endless list of house numbers": "nr " + _long("1 en "),
    "streets and numbers without end": _long("Kerkstraat 1 en "),
    "numbers from abroad without end": _long("+44 20 "),
    "digits and spaces": _long("0 "),
    "plates without hyphens": _long("AB12CD "),
    "dates with years": _long("01-01-2024 "),
}


@pytest.mark.parametrize("name", sorted(MASK_INPUTS))
def test_the_export_masking_reads_100_kb_of_adversarial_text_in_linear_time(name):
    streets = ["Laan van Meerdervoort", "Oude Haven"]
    _reads_in_linear_time(lambda text: mask_personal_data(text, streets=streets), MASK_INPUTS[name])


DESCRIPTION_INPUTS = {
    "one letter": _long("a"),
    "a term's first word and endless spaces": "zwarte" + _long(" ", "x"),
    "a term's first word and endless hyphens": "oost" + _long("-", "x"),
    "first words without the second": _long("zwarte "),
    "the start of every prefix term": _long("turk marokkaan hoofddoek oostblok "),
    "colour words waiting for a person": _long("donkere getinte lichte "),
    "near misspellings of listed words": _long("marrokaan surinammer bulgaarze "),
    "unknown long words": " ".join("xq" * (3 + i % 17) for i in range(SIZE // 20)),
    "many different words": " ".join(f"w{i}" for i in range(SIZE // 7)),
    "many different made-up words": " ".join(
        "".join(letters) + "aan"
        for letters in itertools.islice(itertools.product("bdkmrstvz", repeat=5), SIZE // 9)
    ),
}


@pytest.mark.parametrize("name", sorted(DESCRIPTION_INPUTS))
def test_the_description_check_reads_100_kb_of_adversarial_text_in_linear_time(standard_data, name):
    """The description check reads every word (its forms, lemmas and near spellings), so it
    costs more per word than the hints; what matters is that it grows with the text and no
    faster: 100 KB (25 times the longest description) within five seconds the first time (about
    half a second on a quiet machine), and about ten times
    the time of 10 KB, with room for a busy machine (a quadratic check takes a hundred times as
    long)."""
    kinds = description_check.SUSPICION_KINDS + description_check.CARE_KINDS
    description_check.findings("zagen jongens huizen houses", kinds)  # load the lemmatiser

    def seconds(text: str) -> float:
        started = time.perf_counter()
        description_check.findings(text, kinds)
        return time.perf_counter() - started

    text = DESCRIPTION_INPUTS[name]
    assert seconds(text) < 10 * LIMIT  # the first time, every word new, on a busy machine
    # Then the best of three (other tests share the machine), the whole against a tenth.
    whole = min(seconds(text) for _ in range(3))
    tenth = min(seconds(text[: len(text) // 10]) for _ in range(3))
    assert whole < 30 * max(tenth, 0.01)


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("Auto met kenteken 12-ABC-3 stond er lang.", ["een kenteken"]),
        ("Kenteken ab-123-c, een bestelbus.", ["een kenteken"]),
        ("1-ABC-23 reed weg.", ["een kenteken"]),
        ("Het was 12-345-67 of zo.", []),  # digits only: no plate
        ("AB-CD-EF", []),  # letters only
        ("Bel 06-12345678.", ["een telefoonnummer"]),
        ("Meneer Jansen was thuis.", ["een naam"]),
        ("We zagen Piet van der Berg lopen.", ["een naam"]),
        ("Bij de Jan Steenstraat 12.", []),
    ],
)
def test_the_personal_data_hints_find_what_they_found_before(text, hints):
    assert personal_data_hints(text) == hints


def test_the_description_check_finds_what_it_found_before(standard_data):
    kinds = description_check.SUSPICION_KINDS
    text = "Een zwarte  man, OOST-EUROPEES type, met hoofddoekje; dark-skinned. Uiterlijk: turk"
    found = {f.term for f in description_check.findings(text, kinds)}
    assert {"zwarte  man", "OOST-EUROPEES type", "hoofddoekje", "dark-skinned", "turk"} <= found
    assert description_check.findings("zwarteman en oostenrijk", kinds) == []
