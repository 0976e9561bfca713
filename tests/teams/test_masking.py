"""Masking personal data in free text that leaves the product: phone numbers, licence plates,
e-mail addresses and house numbers go; streets, times, dates, sizes and counts stay."""

from __future__ import annotations

import pytest
from django.utils import translation

from teams.text_checks import mask_personal_data, personal_data_hints

PHONES = [
    "0612345678",
    "06-12345678",
    "06 1234 5678",
    "06 12 34 56 78",
    "06.12.34.56.78",
    "010-1234567",
    "010 123 45 67",
    "(010) 123 45 67",
    "(06) 12345678",
    "+31 6 12345678",
    "+31612345678",
    "+31 (0)6 12345678",
    "+31 06 12345678",
    "0031 6 12345678",
    "0031612345678",
    "+44 20 7946 0958",
    "+32 470 12 34 56",
    "+49 30 1234567",
]


PLATES = ["12-ABC-3", "AB-123-C", "1-ABC-23", "XX-99-99", "ab-12-cd", "12-BC-34", "1-MRT-24",
          "12ABC3", "GF12HJ", "9XNL88"]  # fmt: skip
EMAILS = ["jan@example.nl", "j.de-vries+buurt@mail.example.co.uk", "BUREN_12@Example.ORG"]


@pytest.mark.parametrize(
    ("value", "masked", "hints"),
    [
        *((phone, "[telefoonnummer]", ["een telefoonnummer"]) for phone in PHONES),
        *((plate, "[kenteken]", ["een kenteken"]) for plate in PLATES),
        *((address, "[e-mailadres]", []) for address in EMAILS),
    ],
)
def test_phone_numbers_plates_and_email_addresses_are_masked_however_they_are_written(
    value, masked, hints
):
    text = "Bewoner van de bestelbus ({}) vroeg terugbellen, graag."
    assert mask_personal_data(text.format(value)) == text.format(masked)
    assert personal_data_hints(value) == hints  # and the form warned about them


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Dorpsstraat 12", "Dorpsstraat [huisnummer]"),
        ("bij de Jan Steenstraat 4a.", "bij de Jan Steenstraat [huisnummer]."),
        ("Kerkweg 12-2, achterom", "Kerkweg [huisnummer], achterom"),
        ("Laan van Meerdervoort 130", "Laan van Meerdervoort [huisnummer]"),
        ("'s-Gravendijkwal 5", "'s-Gravendijkwal [huisnummer]"),
        ("Zeemanshof 7B, boven", "Zeemanshof [huisnummer], boven"),
        ("Burgemeester de Withstraat 12/3", "Burgemeester de Withstraat [huisnummer]"),
        ("de schuur van nr 12", "de schuur van nr [huisnummer]"),
        ("nr. 12 en 14, daarna weg", "nr. [huisnummer], daarna weg"),
        ("op nummer 12", "op nummer [huisnummer]"),
        ("huisnummer 14a", "huisnummer [huisnummer]"),
        ("huisnr 3 of 5", "huisnr [huisnummer]"),
        ("at no 9", "at no [huisnummer]"),
        ("at no. 9, then", "at no. [huisnummer], then"),
        ("Kerkstraat 3, 5 en 7 en 3 mannen", "Kerkstraat [huisnummer] en 3 mannen"),
    ],
)  # fmt: skip
def test_a_house_number_is_masked_and_its_street_kept(text, masked):
    assert mask_personal_data(text) == masked


def test_the_street_the_signal_names_loses_its_number_too_when_it_does_not_look_like_one():
    text = "Oude Haven 14 en oude haven 16; Havenhoofd 3"
    assert mask_personal_data(text) == text
    assert mask_personal_data(text, streets=["Oude Haven"]) == (
        "Oude Haven [huisnummer] en oude haven [huisnummer]; Havenhoofd 3"
    )


# Numbers a partner needs that are not these: they stay as written.
KEPT = [
    "Om 23.10u liep een man van ca 1.85 langs.",
    "3 mannen, 2 uur lang, ongeveer 45 jaar.",
    "Van 23-10 tot 12-03-2024, en op 1-okt-24 weer.",
    "Het was 12-345-67 of zo; AB-CD-EF; a-12-b.",
    "Bel 112 of 0900-8844, Veilig Thuis 0800-2000.",
    "01-01-2024 10 uur, 12jaar, 2e verdieping, 1.30u.",
    "Op de Kerkstraat 3 mannen, Dorpsstraat 2 uur lang, Kerkstraat 23.10u, Kerkweg 12,5 m.",
    "op het schoolplein 3 jongens, onderweg 2 keer, de weg 4 keer over.",
    "Laan 1940-1945, Plein 1944, Kerkstraat.",
    "Mail me op de site; @buurt; info at example dot nl.",
]


@pytest.mark.parametrize("text", KEPT)
def test_numbers_that_are_not_personal_data_stay(text):
    assert mask_personal_data(text) == text


def test_what_is_masked_next_to_what_stays_leaves_the_rest_as_written():
    text = (
        "Om 23.10u zag ik 3 mannen bij Kerkstraat 12 in auto 12-ABC-3; "
        "bewoner (06 12345678 2 uur bereikbaar, jan@example.nl) op nr 14a."
    )
    assert mask_personal_data(text) == (
        "Om 23.10u zag ik 3 mannen bij Kerkstraat [huisnummer] in auto [kenteken]; "
        "bewoner ([telefoonnummer] 2 uur bereikbaar, [e-mailadres]) op nr [huisnummer]."
    )


def test_the_words_that_replace_follow_the_language():
    with translation.override("en"):
        masked = mask_personal_data("Kerkweg 4, 06-12345678, 12-ABC-3, a@b.nl")
    assert masked == "Kerkweg [house number], [phone number], [licence plate], [e-mail address]"


def test_text_without_any_of_these_comes_back_unchanged():
    assert mask_personal_data("") == ""
    text = "Raam op de eerste verdieping staat open."
    assert mask_personal_data(text) is text
