"""ASVS V5 (validation): addresses a request names are followed only on this site, and the
checks that read free text take time in proportion to its length, whatever it holds."""

from __future__ import annotations

import time

import pytest

from signalen import description_check
from teams.text_checks import personal_data_hints

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


@pytest.mark.parametrize("name", sorted(HINT_INPUTS))
def test_the_personal_data_hints_read_100_kb_of_adversarial_text_in_linear_time(name):
    text = HINT_INPUTS[name]
    assert len(text) >= SIZE - 10
    started = time.perf_counter()
    personal_data_hints(text)
    assert time.perf_counter() - started < LIMIT


DESCRIPTION_INPUTS = {
    "one letter": _long("a"),
    "a term's first word and endless spaces": "zwarte" + _long(" ", "x"),
    "a term's first word and endless hyphens": "oost" + _long("-", "x"),
    "first words without the second": _long("zwarte "),
    "the start of every prefix term": _long("turk marokkaan hoofddoek "),
    "many different words": " ".join(f"w{i}" for i in range(SIZE // 7)),
}


@pytest.mark.parametrize("name", sorted(DESCRIPTION_INPUTS))
def test_the_description_check_reads_100_kb_of_adversarial_text_in_linear_time(standard_data, name):
    text = DESCRIPTION_INPUTS[name]
    kinds = description_check.SUSPICION_KINDS + description_check.CARE_KINDS
    started = time.perf_counter()
    description_check.findings(text, kinds)
    assert time.perf_counter() - started < LIMIT


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
    text = "Een zwarte  man, OOST-EUROPEES, met hoofddoekje; dark-skinned. Uiterlijk: turkse"
    found = {f.term for f in description_check.findings(text, kinds)}
    assert {"zwarte man", "oost-europe", "hoofddoek", "dark-skinned", "turk"} <= found
    assert description_check.findings("zwarteman en oostenrijk", kinds) == []
