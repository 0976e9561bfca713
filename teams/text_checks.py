"""Hints that free text holds personal data: names, phone numbers, licence plates.

Rule 5 of the product: record what the partner needs, no more. The forms warn and ask the
writer to check; they do not block, because "Dorpsstraat 12" or "Jan Steenstraat" are fine.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s.-]?(?:\d[\s.-]?){8,9}\d?(?!\d)")
# Dutch plates: three groups of letters and digits, e.g. 12-ABC-3, AB-123-C, 1-ABC-23, with
# at least one letter and one digit. The shape is captured inside a lookahead, so every place
# in the text is tried once and costs at most the ten characters of a plate; the mix is then
# checked on the plate alone. (Lookaheads that looked for the letter and the digit anywhere
# further on scanned to the end of every run of letters, digits and hyphens: quadratic, 103 s
# for 50 KB of "1-1-1-".)
PLATE = re.compile(r"(?=\b([A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2})\b)", re.IGNORECASE)
TITLE_AND_NAME = re.compile(
    r"\b(?:meneer|mevrouw|mevr\.?|dhr\.?|heer|mr\.?|mrs\.?|mw\.?|familie|fam\.)\s+[A-Z][a-z]+",
    re.IGNORECASE,
)
# Two capitalised words in a row, not at the start of a sentence ("we zagen Piet Jansen").
FULL_NAME = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{1,20}\s+(?:(?:van|de|der|den)\s+)*[A-Z][a-z]{2,}\b"
)
STREET_WORDS = re.compile(r"(straat|laan|weg|plein|kade|singel|gracht|hof|park|dijk|pad)\b", re.I)


def personal_data_hints(text: str) -> list[str]:
    """What the text seems to contain that identifies a person (empty when nothing)."""
    hints = []
    if PHONE.search(text):
        hints.append(str(_("a phone number")))
    if any(_letters_and_digits(plate) for plate in PLATE.findall(text)):
        hints.append(str(_("a licence plate")))
    names = [m for m in FULL_NAME.finditer(text) if not STREET_WORDS.search(m.group())]
    if TITLE_AND_NAME.search(text) or names:
        hints.append(str(_("a name")))
    return hints


def _letters_and_digits(plate: str) -> bool:
    return any(c.isalpha() for c in plate) and any(c.isdigit() for c in plate)
