"""A list of people to invite at once, as a coordinator has it: pasted from a WhatsApp group's
member list or a spreadsheet, or a CSV file.

One person per line: a name and an e-mail address, in any order, separated by a comma,
semicolon or tab, or written as `Name <address>`. A first line without an address that names
columns is a header. Only the first word of the name is kept (the person gives their own
name when they accept). Each line gets a verdict: invited, passed over (already in the team,
already invited, earlier in the list) or wrong (no usable address), with the reason.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_LINES = 500
ADDRESS = re.compile(r"[^\s<>,;:\"'()\[\]]+@[^\s<>,;:\"'()\[\]]+")
PHONE = re.compile(r"\+?\d[\d\s\-().]{7,}\d")
HEADER_WORDS = {"naam", "name", "voornaam", "first", "email", "e-mail", "mail", "e-mailadres",
                "telefoon", "phone", "mobiel", "mobile"}  # fmt: skip


@dataclass
class Line:
    number: int
    text: str
    first_name: str = ""
    email: str = ""
    verdict: str = "invite"  # invite, skip or error
    reason: str = ""
    invitation_id: int | None = None  # once sent

    def refuse(self, verdict: str, reason: str) -> None:
        self.verdict, self.reason = verdict, reason


def read(text: str, *, members: set[str], invited: set[str]) -> list[Line]:
    """The lines of the list with their verdicts. `members` and `invited` are the
    addresses (lower case) already in the team and with an invitation that still holds."""
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if not lines and _is_header(raw):
            continue
        line = _parse(number, raw.strip())
        lines.append(line)
        if line.verdict != "invite":
            continue
        if line.email in seen:
            line.refuse("skip", _("Already on line %(number)s.") % {"number": seen[line.email]})
        elif line.email in members:
            line.refuse("skip", _("Already a member of the team."))
        elif line.email in invited:
            line.refuse("skip", _("Already invited; the invitation still holds."))
        seen.setdefault(line.email, number)
    return lines


def _cells(raw: str) -> list[str]:
    delimiter = max(",;\t", key=raw.count)
    if raw.count(delimiter) == 0:
        return [raw]
    return [cell.strip() for cell in next(csv.reader([raw], delimiter=delimiter))]


def _is_header(raw: str) -> bool:
    words = {w.strip().lower() for w in re.split(r"[,;\t]", raw)}
    return "@" not in raw and bool(words & HEADER_WORDS)


def _parse(number: int, raw: str) -> Line:
    line = Line(number, raw)
    addresses = ADDRESS.findall(raw)
    if len(addresses) > 1:
        line.refuse("error", _("More than one e-mail address: put each person on a line."))
        return line
    if not addresses:
        if PHONE.search(raw):
            line.refuse(
                "error",
                _("Only a phone number. Invitations go by e-mail: ask for the address."),
            )
        else:
            line.refuse("error", _("No e-mail address."))
        return line
    email = addresses[0].strip(".").lower()
    try:
        validate_email(email)
    except ValidationError:
        line.refuse("error", _("%(address)s is not a valid e-mail address.") % {"address": email})
        return line
    line.email = email
    for cell in _cells(raw):
        name = PHONE.sub(" ", cell.replace(addresses[0], " "))
        words = re.sub(r"[<>\"'()\[\]]", " ", name).split()
        if words:
            line.first_name = words[0][:80]
            break
    if not line.first_name:
        line.refuse("error", _("No name."))
    return line
