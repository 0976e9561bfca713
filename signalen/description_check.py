"""The description check: behaviour, not appearance; facts, not diagnoses.

The words come from the admin (DescriptionTerm), in Dutch and English. A term matches a
whole word; a term ending in * matches the start of a word.
"""

from __future__ import annotations

import bisect
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


WORD = re.compile(r"\w+")


def _pattern(term: str) -> re.Pattern:
    term = term.strip().casefold()
    prefix = term.endswith("*")
    words = [re.escape(word) for word in term.rstrip("*").split()]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)"))


class _Words:
    """Where each word of a text starts, read once for all the terms.

    A term can only match where a word starts with the term's first letters, so its pattern
    is tried there alone, each place once: the check stays linear in the text, however long,
    instead of one scan of the whole text per term (75 terms over 100 KB took half a second).
    """

    def __init__(self, haystack: str) -> None:
        self.haystack = haystack
        self.starts: dict[str, list[int]] = {}
        for match in WORD.finditer(haystack):
            self.starts.setdefault(match[0], []).append(match.start())
        self.sorted = sorted(self.starts)

    def contain(self, term: str) -> bool:
        pattern = _pattern(term)
        lead = WORD.match(term.strip().casefold())
        if lead is None:  # a term that starts with a sign: the pattern reads the whole text
            return pattern.search(self.haystack) is not None
        key = lead[0]
        index = bisect.bisect_left(self.sorted, key)
        while index < len(self.sorted) and self.sorted[index].startswith(key):
            if any(pattern.match(self.haystack, at) for at in self.starts[self.sorted[index]]):
                return True
            index += 1
        return False


def findings(text: str, kinds: Sequence[str]) -> list[Finding]:
    """The listed terms the text contains (each once), in the order of the list."""
    words = _Words(text.casefold())
    found = []
    for term, kind in (
        DescriptionTerm.objects.filter(is_active=True, kind__in=kinds)
        .values_list("term", "kind")
        .order_by("term")
    ):
        if term.strip("* ") and words.contain(term):
            found.append(Finding(term.rstrip("*"), kind))
    return found
