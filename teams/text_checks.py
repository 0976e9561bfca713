"""Personal data in free text: names, phone numbers, licence plates, e-mail addresses and
house numbers.

Rule 5 of the product: record what the partner needs, no more. The forms warn and ask the
writer to check (`personal_data_hints`); they do not block, because "Dorpsstraat 12" or
"Jan Steenstraat" are fine to write. What leaves the product for partners in an export is
masked (`mask_personal_data`): the phone number, plate, address or house number is replaced
by a word that says what was there, and the rest of the text stays as written.

Every pattern here takes time in proportion to the length of the text, whatever it holds: a
pattern either tries a bounded number of characters from each place, or starts only where a
run of characters starts (tests/security/test_v5_redirects_and_text_checks.py reads 100 KB of
adversarial text with each).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What often follows a number and is not part of it: "3 mannen", "2 uur", "45 jaar".
_QUANTITY_WORDS = (
    r"uur|u|min|minuut|minuten|sec|seconden|keer|maal|dag|dagen|week|weken|maand|maanden"
    r"|jaar|m|meter|km|cm|kg|kilo|personen|mensen|mannen|vrouwen|jongens|meisjes|kinderen"
    r"|jongeren|auto's|fietsen|scooters|hours?|minutes?|times|days?|weeks?|years?|metres?"
    r"|meters?|people|men|women|boys|girls|children"
)
QUANTITY = re.compile(rf"\s{{1,3}}(?:{_QUANTITY_WORDS})(?=[\s,;:!?)]|\.(?!\w)|$)", re.IGNORECASE)
# Phone numbers: Dutch (06-12345678, 010 123 45 67, (010) 1234567, +31 (0)6 1234 5678,
# 0031 10 ...) and other countries' (+44 20 7946 0958). Each alternative reads at most some
# twenty characters from a place.
#
# A Dutch number has ten digits: 0, the area code (never starting with 0: "00" starts a
# number abroad), a hyphen after the area code or not, and spaces or dots anywhere ("06-12 34
# 56 78", "0546-123456"). So a number written after it is not taken in ("06 12345678 2
# uur"), and hyphens elsewhere are dates and times ("01 00 00 23-10"). Not the service
# numbers 0800 and 090x, which have other lengths ("0900-8844 06 1234 5678").
_DUTCH_PHONE = (
    r"(?!0[89]0)0[1-9]"
    r"(?:-(?:[\s.]?\d){8}|\d-(?:[\s.]?\d){7}|\d\d-(?:[\s.]?\d){6}|(?:[\s.]?\d){8})"
)
# A number from another country ends with a group of two digits or more that counts nothing
# ("+44 20 7946 0958 45 jaar"), and before a Dutch number. No phone number is a date with a
# four-digit year ("01-01-2024 10 uur" has ten digits too), or part of a word, a longer
# number, a time or a plate ("BB-00-00 12", "06 12345678-AB").
_PHONE_END = r"(?![.,:]?\d|-?\w)"
PHONE = re.compile(
    rf"""
    (?<![\w+])(?<!\w-)
    (?!\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d\d(?!\d))
    (?:
        (?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?|0[\s.-]?)?(?:\d[\s.-]?){{8}}\d
      | \((?:0\d\)(?:[\s.-]?\d){{8}}|0\d\d\)(?:[\s.-]?\d){{7}}|0\d\d\d\)(?:[\s.-]?\d){{6}})
      | {_DUTCH_PHONE}
      | \+[1-9]\d{{0,2}}(?:[\s.-]?\(0\))?
        (?:\d|[\s.-](?!{_DUTCH_PHONE}{_PHONE_END}(?!{QUANTITY.pattern}))\d){{6,12}}(?<=\d\d)
        (?!{QUANTITY.pattern})
    )
    {_PHONE_END}
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Dutch plates: three groups of letters and digits, e.g. 12-ABC-3, AB-123-C, 1-ABC-23, in
# one of the side codes below (`SIDE_CODES`). The shape is captured inside a lookahead, so
# every place in the text is tried once and costs at most the eleven characters of a plate
# (where the shape fits, the ten before its first letter and first digit too); the side
# code is then checked on the plate alone. (Lookaheads that looked for a letter and a digit
# anywhere further on scanned to the end of every run of letters, digits and hyphens:
# quadratic, 103 s for 50 KB of "1-1-1-".)
_PLATE_SHAPE = r"[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}\b"
PLATE = re.compile(
    rf"(?=\b(?={_PLATE_SHAPE})(?=[0-9-]{{0,10}}[A-Z])(?=[A-Z-]{{0,10}}[0-9])({_PLATE_SHAPE}))",
    re.IGNORECASE,
)
# Written without hyphens (12ABC3) only in capitals: "12jaar" is a word, not a plate.
PLATE_WITHOUT_HYPHENS = re.compile(r"\b[A-Z0-9]{6}\b")
# The side codes of Dutch plates (X a letter, 9 a digit): the groups a plate can have.
SIDE_CODES = frozenset(
    "XX-99-99 99-99-XX 99-XX-99 XX-99-XX XX-XX-99 99-XX-XX 99-XXX-9 9-XXX-99 XX-999-X "
    "X-999-XX XXX-99-X X-99-XXX 9-XX-999 999-XX-9".split()
)
# "1-okt-24" is a date in the shape of a plate ("1-MRT-24" a plate: plates are in capitals).
MONTHS = frozenset("jan feb mrt mar apr mei may jun jul aug sep okt oct nov dec".split())
TITLE_AND_NAME = re.compile(
    r"\b(?:meneer|mevrouw|mevr\.?|dhr\.?|heer|mr\.?|mrs\.?|mw\.?|familie|fam\.)\s+[A-Z][a-z]+",
    re.IGNORECASE,
)
# Two capitalised words in a row, not at the start of a sentence ("we zagen Piet Jansen").
FULL_NAME = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{1,20}\s+(?:(?:van|de|der|den)\s+)*[A-Z][a-z]{2,}\b"
)
# The words Dutch street names end in (Kerkstraat, Zeemanshof) or start with (Laan van
# Meerdervoort).
STREET_ENDINGS = (
    "straat", "laan", "weg", "plein", "kade", "singel", "gracht", "hof", "park", "dijk", "pad",
    "dreef", "steeg", "plantsoen", "markt", "haven", "wal", "baan", "boulevard",
)  # fmt: skip
STREET_WORDS = re.compile(rf"({'|'.join(STREET_ENDINGS)})\b", re.IGNORECASE)
# A house number: 12, 4a, 12-2, 12/3, 130-A; not the hours of "23.10u" or a longer number.
_NUMBER = r"(\d{1,5}(?:-?[a-zA-Z]|[-/]\d{1,4}[a-zA-Z]?)?)(?![\w/-]|[.,:]\d)"
# One capitalised word and a number; whether the word is a street is checked on the word
# alone (`_is_street`), so each word is read once. (A word is letters and digits only: with
# hyphens, "A-A-A-" would start a word at every letter, and each run to the end.)
WORD_AND_NUMBER = re.compile(rf"\b([A-Z]\w*)\s{{1,3}}{_NUMBER}")
# A street that starts with its street word: "Laan van Meerdervoort 130", "Hof van Delft 3".
STREET_FIRST = re.compile(
    rf"\b(?:{'|'.join(word.capitalize() for word in STREET_ENDINGS)})"
    r"(?:\s{1,3}(?:van|de|der|den|het|'t|op|aan|naar|ter|ten|te|in|bij|[A-Z]\w*)){1,4}"
    rf"\s{{1,3}}{_NUMBER}"
)
# "nr 12", "nr. 12", "nummer 12", "huisnummer 14a", "huisnr 3", "nrs 3", "no. 9",
# "house number 5".
NUMBER_WORD_AND_NUMBER = re.compile(
    rf"\b(?:(?:huis)?(?:nummers?|nrs?)|no|house\s?number)\.?\s{{0,3}}{_NUMBER}",
    re.IGNORECASE,
)
# More numbers after the first: "nr 12 en 14", "Kerkstraat 3, 5a of 7" (not "en 23-10").
AND_NUMBER = re.compile(
    r"\s{0,3}(?:,|&|en|of|and|or|t/m)\s{1,3}(\d{1,5}(?:-?[a-zA-Z])?)(?![\w/-]|[.,:]\d)",
    re.IGNORECASE,
)
# An e-mail address. The name part starts only where a run of the characters it may hold
# starts, so each run is read at most twice.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Every place that is masked holds one of these.
DIGIT_OR_AT = re.compile(r"[\d@]")
# What a masked place says was there.
MASKS = {
    "email": gettext_lazy("[e-mail address]"),
    "phone": gettext_lazy("[phone number]"),
    "plate": gettext_lazy("[licence plate]"),
    "house_number": gettext_lazy("[house number]"),
}


def personal_data_hints(text: str) -> list[str]:
    """What the text seems to contain that identifies a person (empty when nothing)."""
    hints = []
    if PHONE.search(text):
        hints.append(str(_("a phone number")))
    if next(_plates(text), None):
        hints.append(str(_("a licence plate")))
    names = [m for m in FULL_NAME.finditer(text) if not STREET_WORDS.search(m.group())]
    if TITLE_AND_NAME.search(text) or names:
        hints.append(str(_("a name")))
    return hints


def hints_text(hints: list[str]) -> str:
    """The hints as a sentence names them: "een telefoonnummer en een kenteken"."""
    return get_text_list(hints, str(_("and")))


def mask_personal_data(text: str, *, streets: Iterable[str] = ()) -> str:
    """The text with phone numbers, licence plates, e-mail addresses and house numbers
    replaced by a word that says what was there ("[telefoonnummer]"). A street keeps its name
    and loses its number: "Kerkstraat [huisnummer]". `streets` are street names the text may
    use that do not look like one ("Oude Haven"), such as the street the signal names.

    Ordinary numbers stay: times ("23.10u"), dates, sizes ("ca 1.85"), counts ("3 mannen",
    also after a street: "Kerkstraat 3 mannen")."""
    if not DIGIT_OR_AT.search(text):
        return text  # most descriptions: nothing to look for
    found = [
        *((*m.span(), "email") for m in (EMAIL.finditer(text) if "@" in text else ())),
        *((*m.span(), "phone") for m in PHONE.finditer(text)),
        *((*span, "plate") for span in _plates(text)),
        *((*span, "house_number") for span in _house_numbers(text, streets)),
    ]
    if not found:
        return text
    words = {kind: str(mask) for kind, mask in MASKS.items()}
    parts, done = [], 0
    for start, end, kind in _without_overlaps(found):
        parts += [text[done:start], words[kind]]
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _plates(text: str) -> Iterator[tuple[int, int]]:
    """Where the text holds a licence plate; a plate may overlap the one before."""
    for match in PLATE.finditer(text) if "-" in text else ():
        plate = match.group(1)
        date = not plate.isupper() and set(plate.lower().split("-")) & MONTHS
        if _shape(plate) in SIDE_CODES and not date:
            yield match.span(1)
    for match in PLATE_WITHOUT_HYPHENS.finditer(text):
        if _shape(match.group()) in _SIDE_CODES_WITHOUT_HYPHENS:
            yield match.span()


_SIDE_CODES_WITHOUT_HYPHENS = frozenset(code.replace("-", "") for code in SIDE_CODES)


def _shape(plate: str) -> str:
    return "".join("9" if c.isdigit() else "X" if c.isalpha() else c for c in plate)


def _house_numbers(text: str, streets: Iterable[str]) -> Iterator[tuple[int, int]]:
    for match in WORD_AND_NUMBER.finditer(text):
        if _is_street(match.group(1)):
            yield from _and_more(text, match.start(2), match.end(2))
    for pattern in (STREET_FIRST, *(_street_and_number(s) for s in streets if s.strip())):
        for match in pattern.finditer(text):
            yield from _and_more(text, *match.span(1))
    for match in NUMBER_WORD_AND_NUMBER.finditer(text):
        yield from _and_more(text, *match.span(1), count=False)


def _and_more(text: str, start: int, end: int, count: bool = True) -> Iterator[tuple[int, int]]:
    """The number from `start` to `end` and the ones listed after it ("12 en 14"), up to one
    that counts something ("Kerkstraat 3 mannen") or starts a phone number. With `count`
    (after a street) the first number may count something too."""
    if count and QUANTITY.match(text, end):
        return
    while (more := AND_NUMBER.match(text, end)) and not (
        QUANTITY.match(text, more.end()) or PHONE.match(text, more.start(1))
    ):
        end = more.end()
    yield start, end


def _is_street(word: str) -> bool:
    """A word made with a street word at its end: Kerkstraat, Zeemanshof, 's-Gravendijkwal
    (not "Laan" or "Weg" alone)."""
    lower = word.lower()
    return any(lower.endswith(end) and len(lower) > len(end) for end in STREET_ENDINGS)


@functools.lru_cache(maxsize=512)
def _street_and_number(street: str) -> re.Pattern[str]:
    name = r"\s{1,3}".join(re.escape(part) for part in street.split())
    return re.compile(rf"(?<!\w){name}\s{{1,3}}{_NUMBER}", re.IGNORECASE)


def _without_overlaps(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The places in order; where two overlap, one place from the start of the first to the
    end of the last, with the first one's word."""
    found.sort(key=lambda place: (place[0], -place[1]))
    merged = [found[0]]
    for start, end, kind in found[1:]:
        first_start, first_end, first_kind = merged[-1]
        if start < first_end:
            merged[-1] = (first_start, max(first_end, end), first_kind)
        else:
            merged.append((start, end, kind))
    return merged
