"""The description check: behaviour, not appearance; facts, not diagnoses.

The words come from the admin (DescriptionTerm), in Dutch and English. A term matches a
whole word; a term ending in * matches the start of a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import DescriptionTerm

SUSPICION_KINDS = [
    DescriptionTerm.Kind.APPEARANCE,
    DescriptionTerm.Kind.SKIN_COLOUR,
    DescriptionTerm.Kind.NATIONALITY,
    DescriptionTerm.Kind.ETHNICITY,
    DescriptionTerm.Kind.RELIGION,
]
CARE_KINDS = [DescriptionTerm.Kind.DIAGNOSIS]


@dataclass(frozen=True)
class Finding:
    term: str
    kind: str


def _pattern(term: str) -> re.Pattern:
    term = term.strip().casefold()
    prefix = term.endswith("*")
    words = [re.escape(word) for word in term.rstrip("*").split()]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)"))


def findings(text: str, kinds: Sequence[str]) -> list[Finding]:
    """The listed terms the text contains (each once), in the order of the list."""
    haystack = text.casefold()
    found = []
    for term, kind in (
        DescriptionTerm.objects.filter(is_active=True, kind__in=kinds)
        .values_list("term", "kind")
        .order_by("term")
    ):
        if term.strip("* ") and _pattern(term).search(haystack):
            found.append(Finding(term.rstrip("*"), kind))
    return found
