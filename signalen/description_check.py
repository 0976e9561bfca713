"""The description check: behaviour, not appearance; facts, not diagnoses.

The words come from the admin (DescriptionTerm), in Dutch and English; the phrase rules below
decide when a word that is innocent on its own asks a question. docs/privacy.md describes
each rule and how well the check does on the labelled corpus in tests/fixtures.

How a text is read:

1. It is split into words (letters, with inner hyphens and apostrophes), lower-cased and without
   accents, so "Negroïde", "negroide" and "NEGROÏDE" are one word. Each word keeps the place it
   had in the text: a finding shows the words as they were typed.
2. Each word gets its possible base forms: the word itself, its lemma (simplemma), and what is
   left after taking off a Dutch or English ending (-e, -se, -en, -s, -'s, diminutives -(e)tje,
   -je, -pje, female -in; "marokkanen" → "marokkaan", "poolse" → "pools", "turkjes" → "turk"),
   the parts of a hyphenated word, and the word with its hyphens taken out.
3. A listed word asks on its own ("word" rule) when any base form is the term, or starts with
   it for a term that ends in "*". A word used for people and for things alike ("Pool", "Let")
   asks only when it is counted like a person ("een pool met een ladder").
4. Colour and origin words ("donker", "Marokkaans") ask only where they describe a person or
   the reason for suspicion: before a word for a person, with "uitziend", "ogend" or "type",
   before a licence plate, in "zag er ... uit", or as a noun ("een donkere bij de schuur").
   About a thing ("donkere portiek", "Poolse supermarkt") they do not ask.
5. A person word glued to another word asks ("polenbusje"), and a word that is one letter away
   from a listed word and is not a Dutch or English word itself asks too ("marrokaan").

The check is linear in the length of the text: each word is looked up in sets, never the whole
text per term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

import simplemma
from django.db import connection
from django.utils.translation import gettext_lazy as _

from .models import DescriptionRule, DescriptionTerm

SUSPICION_KINDS = [
    DescriptionTerm.Kind.APPEARANCE,
    DescriptionTerm.Kind.SKIN_COLOUR,
    DescriptionTerm.Kind.NATIONALITY,
    DescriptionTerm.Kind.ETHNICITY,
    DescriptionTerm.Kind.RELIGION,
]
CARE_KINDS = [DescriptionTerm.Kind.DIAGNOSIS]

Kind = DescriptionTerm.Kind
Usage = DescriptionTerm.Usage
Rule = DescriptionRule.Code


@dataclass(frozen=True)
class Finding:
    """What asked: the words as typed, the kind of word and the rule."""

    term: str  # the words as the writer typed them
    kind: str
    rule: str = Rule.WORD
    listed: str = ""  # the listed term behind it
    term_id: int | None = None

    @property
    def rule_label(self) -> str:
        return str(Rule(self.rule).label)


class Asked(NamedTuple):
    """What a finding is kept as: no words of the text, so no personal data."""

    kind: str
    rule: str
    term_id: int | None

    @classmethod
    def of(cls, finding: Finding) -> Asked:
        return cls(finding.kind, finding.rule, finding.term_id)


# --- Grammar: the words around a colour or origin word that make it about a person. ---------

# Nouns for a person or a group of people (base forms; the endings are taken off first).
PERSON_WORDS = frozenset(
    """
    man mannen mannetje vrouw vrouwtje jongen jong jongeman meisje meid meiden gast vent kerel
    persoon personen iemand jongere jongeren jeugd jeugdige tiener puber kind kinderen
    kid knul gozer dame heer heren mens mensen stel stelletje koppel echtpaar familie gezin
    bende groep groepje dader bestuurder chauffeur buurman buurvrouw bewoner oma opa moeder
    vader zoon dochter broer zus bezorger werker arbeider klusjesman lui figuur individu
    bedelaar verkoper collectant student scholier bejaarde oudere
    men woman women guy guys lad lads boy boys girl girls youth youths kid kids person people
    bloke fella fellow dude teen teenager lady ladies gentleman gentlemen couple group gang
    family worker workers driver someone individual male female mother father son daughter
    brother sister child children adult adults neighbour neighbor
    """.split()
)
# Words that may stand between a colour or origin word and the person: "donker getinte man",
# "marokkaanse jonge jongens", "light skinned woman".
BETWEEN_WORDS = frozenset(
    """
    getint gekleurd huidig licht donker heel erg vrij wat jong oud lang klein groot grote dik
    dun mager stevig kort breed twee drie vier paar young old tall short big small skinned
    very quite light dark two three four number
    """.split()
)
LOOKING_WORDS = frozenset("uitziend uitzien ogend looking look looked looks".split())
TYPE_WORDS = frozenset("type typisch typ typetje".split())
PLATE_WORDS = frozenset(
    """
    kenteken kentekenplaat kentekenplaten nummerplaat nummerplaten nummerbord nummerborden
    plaat platen plate plates registration reg
    """.split()
)
DESCENT_WORDS = frozenset("afkomst komaf origin descent heritage background".split())
SEE_WORDS = frozenset("zag zagen zien ziet zie uitzag uitzagen".split())
# Words after which a colour word is a noun for a person: "een donkere bij de schuur".
DETERMINERS = frozenset("een die deze de twee drie paar a the two three some".split())
# Words after which a word for people and things names people: "een pool met een ladder".
COUNTING_WORDS = frozenset("een paar groep groepje stel twee drie vier a two some few".split())
# Words that cannot be the noun an adjective belongs to: prepositions, verbs and the like.
FUNCTION_WORDS = frozenset(
    """
    bij in op aan met naar van voor achter naast onder over uit om door langs tegen tussen
    rond richting en of maar die dat wat waar toen dus want stond stonden liep liepen zat
    zaten was waren is zijn keek keken kwam kwamen reed reden had hadden belde probeerde
    at on by near with from to and or but who that was were is are had climbing standing
    walking running sitting looking trying going came went
    """.split()
)
# A clause starts after these: "polen in een busje", "..., pool met ladder".
CLAUSE_MARKS = frozenset('.,;:!?()"')

WORD_PATTERN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*|\d+|[.,;:!?()\"]")

# Dutch and English endings taken off to find the base form, longest first.
ENDINGS = (
    "etjes", "etje", "tjes", "pjes", "kjes", "tje", "pje", "kje", "jes", "je",
    "'s", "ers", "en", "es", "e", "s", "in", "ster",
)  # fmt: skip
VOWELS = frozenset("aeiou")
# Longer runs of letters are not looked into (the longest listed word has 24 letters).
LONGEST_WORD = 40
# Words remembered per lexicon (a process keeps one lexicon until a term or rule changes).
SEEN_WORDS = 50_000


def normalise(text: str) -> str:
    """Lower case without accents, one character for each of the text's characters."""
    if text.isascii():
        return text.lower()
    return "".join(_plain(char) for char in text.replace("\u2019", "'"))


@lru_cache(maxsize=4096)
def _plain(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base[0] if base else char


@lru_cache(maxsize=20000)
def base_forms(word: str) -> frozenset[str]:
    """The forms a (normalised) word may come from: itself and its stems."""
    forms = {word, word.replace("-", "")}
    if len(word) > LONGEST_WORD:  # no word: a run of letters, read as it is
        return frozenset(forms)
    forms |= stems(word)
    return frozenset(form for form in forms if form)


@lru_cache(maxsize=20000)
def lemmas(word: str) -> frozenset[str]:
    """The word's Dutch and English lemmas, where the lemmatiser knows the word (guessing at
    unknown words costs time and finds nothing). A lemma that only adds letters is a guess at a
    verb ("blank" → "blanken") and is left out."""
    found = set()
    for language in ("nl", "en"):
        if simplemma.is_known(word, lang=language):
            lemma = normalise(simplemma.lemmatize(word, lang=language))
            if not (lemma.startswith(word) and lemma != word):
                found.add(lemma)
    return frozenset(found)


def verb_like(word: str) -> bool:
    """A form of a verb: its lemma is an infinitive other than the word ("stond" → "staan")."""
    return any(lemma != word and lemma.endswith("en") for lemma in lemmas(word))


def stems(word: str) -> set[str]:
    """What is left of a word without a Dutch or English ending, spelled back."""
    forms = {word}
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.update(_restored(word[: -len(ending)]))
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    return forms


def _restored(stem: str) -> set[str]:
    """A stem with the spelling Dutch changes when an ending goes on put back:
    "marokkan" → "marokkaan", "chinez" → "chinees", "mulatt" → "mulat"."""
    forms = {stem}
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        forms.add(stem[:-1])
    last = stem[-1]
    softened = {"z": "s", "v": "f"}.get(last, last)
    if len(stem) >= 3 and stem[-2] in VOWELS and stem[-3] not in VOWELS:
        forms.add(stem[:-1] + stem[-2] + softened)
    if softened != last:
        forms.add(stem[:-1] + softened)
    return forms


@dataclass
class Token:
    start: int
    end: int
    word: str  # normalised
    forms: frozenset[str] = field(default_factory=frozenset)  # the word and its stems
    lemmas: frozenset[str] = field(default_factory=frozenset)
    parts: tuple[frozenset[str], ...] = ()
    every_form: frozenset[str] = frozenset()  # stems, lemmas and the parts' forms

    @property
    def is_mark(self) -> bool:
        return self.word in CLAUSE_MARKS


def tokens(text: str) -> list[Token]:
    normal = normalise(text)
    result = []
    for match in WORD_PATTERN.finditer(normal):
        word = match[0]
        token = Token(match.start(), match.end(), word)
        if word.isalpha() or "-" in word or "'" in word:
            token.forms = base_forms(word)
            token.lemmas = lemmas(word) if len(word) <= LONGEST_WORD else frozenset()
            if "-" in word:
                token.parts = tuple(base_forms(part) for part in word.split("-") if part)
            token.every_form = token.forms.union(token.lemmas, *token.parts)
        result.append(token)
    return result


@dataclass(frozen=True)
class Entry:
    term: str
    kind: str
    usage: str
    prefix: bool
    words: tuple[str, ...]  # a term of several words
    pk: int | None = None


@dataclass
class Lexicon:
    """The active terms, indexed for lookups by word."""

    single: dict[str, list[Entry]] = field(default_factory=dict)
    prefixes: dict[str, list[Entry]] = field(default_factory=dict)  # by first 3 letters
    multi: dict[str, list[Entry]] = field(default_factory=dict)  # by first word
    near: dict[str, set[str]] = field(default_factory=dict)  # deletions → terms
    near_starts: set[str] = field(default_factory=set)  # their first two letters
    rules: frozenset[str] = frozenset()
    # Words already looked up (terms; the listed word a misspelling is near), per lexicon.
    seen: dict[str, list[Entry]] = field(default_factory=dict)
    misspelt: dict[str, str | None] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        if len(entry.words) > 1:
            self.multi.setdefault(entry.words[0], []).append(entry)
        elif entry.prefix:
            self.prefixes.setdefault(entry.words[0][:3], []).append(entry)
        else:
            key = entry.words[0]
            for spelling in {key, key.replace("-", "")}:
                self.single.setdefault(spelling, []).append(entry)
            if len(key) >= 6 and "-" not in key:
                self.near_starts.add(key[:2])
                for deleted in _deletions(key, 2 if len(key) >= 8 else 1):
                    self.near.setdefault(deleted, set()).add(key)

    def finish(self) -> Lexicon:
        """A word that is a noun for people and also a colour or origin adjective ("Chinees",
        "French", the Dutch "turks" and English "Turks") asks only about people."""
        for key, entries in self.single.items():
            if any(e.usage in (Usage.QUALIFIER, Usage.LOOKS) for e in entries):
                self.single[key] = [
                    replace(e, usage=Usage.PERSON_NOUN) if e.usage == Usage.WORD else e
                    for e in entries
                ]
        return self

    def misspelling_of(self, word: str) -> str | None:
        """The listed word this one is one letter away from (two for long words of about the
        same length), starting with the same letter; not for words the lemmatiser knows."""
        if word in self.misspelt:
            return self.misspelt[word]
        found = None
        if (
            6 <= len(word) <= LONGEST_WORD
            and word[:2] in self.near_starts
            and "-" not in word
            and not lemmas(word)
        ):
            typed = {word} | {
                word[: -len(end)] for end in ("s", "en", "e", "'s") if word.endswith(end)
            }
            for form in sorted(f for f in typed if len(f) >= 6):
                candidates: set[str] = set()
                for deleted in _deletions(form, 2 if len(form) >= 8 else 1):
                    candidates |= self.near.get(deleted, set())
                for candidate in sorted(candidates):
                    allowed = 2 if min(len(form), len(candidate)) >= 8 else 1
                    if abs(len(form) - len(candidate)) > 1:
                        allowed = 1
                    if candidate[0] == form[0] and _distance(form, candidate) <= allowed:
                        found = candidate
                        break
                if found:
                    break
        if len(self.misspelt) < SEEN_WORDS:
            self.misspelt[word] = found
        return found

    def lookup(self, form: str) -> list[Entry]:
        found = list(self.single.get(form, ()))
        for entry in self.prefixes.get(form[:3], ()):
            if form.startswith(entry.words[0]):
                found.append(entry)
        return found


def _deletions(word: str, times: int) -> set[str]:
    """The word with up to `times` letters left out (the word itself included)."""
    found = {word}
    for _time in range(times):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found


def _distance(a: str, b: str) -> int:
    """Letters added, left out, changed, or two neighbours swapped (optimal string
    alignment), for two short words."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


_STATE_SQL = (
    "SELECT COUNT(*), COUNT(*) FILTER (WHERE is_active), MAX(changed_at), "  # noqa: S608 - table names
    f"(SELECT COUNT(*) FILTER (WHERE is_active) FROM {DescriptionRule._meta.db_table}), "
    f"(SELECT MAX(changed_at) FROM {DescriptionRule._meta.db_table}) "
    f"FROM {DescriptionTerm._meta.db_table}"
)

# The lexicon this process built last, with the state of the words and rules it was built from.
_built: tuple[str, Lexicon] | None = None


def lexicon() -> Lexicon:
    """The active terms and rules, rebuilt when one changes (one small query per check:
    terms counted, switched on and last changed, and the same of the rules; written out,
    since the ORM would take longer to compile it than the database to answer it)."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        state = cursor.fetchone()
    key = repr(tuple(state))
    global _built
    if _built is not None and _built[0] == key:
        return _built[1]
    switched_off = DescriptionRule.objects.filter(is_active=False).values_list("code", flat=True)
    built = Lexicon(rules=frozenset(Rule.values) - frozenset(switched_off))
    for pk, term, kind, usage in DescriptionTerm.objects.filter(is_active=True).values_list(
        "pk", "term", "kind", "usage"
    ):
        written = normalise(term.strip())
        prefix = written.endswith("*")
        words = tuple(written.rstrip("*").split())
        if words:
            built.add(Entry(term.strip().rstrip("*"), kind, usage, prefix, words, pk))
    _built = (key, built.finish())
    return built


class _Reader:
    """One pass over the text's words with the lexicon."""

    def __init__(self, text: str, kinds: Sequence[str], lex: Lexicon) -> None:
        self.text = text
        self.kinds = set(kinds)
        self.lex = lex
        self.words = tokens(text)
        self.found: dict[tuple[int, int], Finding] = {}

    def typed(self, first: int, last: int) -> str:
        return self.text[self.words[first].start : self.words[last].end]

    def add(self, first: int, last: int, entry: Entry, rule: str) -> bool:
        """Record a finding (unless its rule is switched off or its kind not asked for)."""
        if rule not in self.lex.rules or entry.kind not in self.kinds:
            return False
        key = (first, last)
        if key not in self.found:
            self.found[key] = Finding(
                self.typed(first, last), entry.kind, rule, entry.term, entry.pk
            )
        return True

    def entries(self, index: int, usage: Iterable[str] | None = None) -> list[Entry]:
        """The terms a word may be: as written, else by its stems and parts, else by its
        lemmas (the lemmatiser also turns adjectives into nouns: "engelse" → "engelsman")."""
        token = self.words[index]
        found = self.lex.seen.get(token.word)
        if found is None:
            found = self.lex.lookup(token.word)  # as written first: "turks" is no "turk"
            for part in token.word.split("-") if "-" in token.word else ():
                found += self.lex.lookup(part)
            if not found:
                for form in token.forms.union(*token.parts):
                    found.extend(self.lex.lookup(form))
            if not found:
                for form in token.lemmas:
                    found.extend(self.lex.lookup(form))
            if len(self.lex.seen) < SEEN_WORDS:
                self.lex.seen[token.word] = found
        if usage is not None:
            found = [e for e in found if e.usage in usage]
        return found

    def forms(self, index: int) -> frozenset[str]:
        if 0 <= index < len(self.words):
            return self.words[index].every_form
        return frozenset()

    def read(self) -> list[Finding]:
        for index, token in enumerate(self.words):
            if token.is_mark or token.word.isdigit():
                continue
            self.multi_word(index)
            entries = self.entries(index)
            for entry in entries:
                if entry.usage == Usage.WORD:
                    self.add(index, index, entry, Rule.WORD)
                elif entry.usage == Usage.PERSON_NOUN:
                    # Only as written ("pools" is no form of "Pool"), and only about people.
                    if entry.words[0] not in {token.word.replace("-", ""), *token.word.split("-")}:
                        continue
                    if not self.qualifier(index, entry) and self.counted(index):
                        self.add(index, index, entry, Rule.WORD)
                else:
                    self.qualifier(index, entry)
            if not entries:
                self.glued_look(index) or self.compound(index) or self.spelling(index)
        # A finding inside a wider one is the same question: "dark-skinned" in "dark-skinned man".
        kept, reach = [], -1
        for first, last in sorted(self.found, key=lambda span: (span[0], -span[1])):
            if last > reach:
                kept.append(self.found[first, last])
                reach = last
        return kept

    def multi_word(self, index: int) -> None:
        for form in self.forms(index):
            for entry in self.lex.multi.get(form, ()):
                last = index + len(entry.words) - 1
                if last < len(self.words) and all(
                    self._matches(self.forms(index + offset), word, entry.prefix and word is
                                  entry.words[-1])
                    for offset, word in enumerate(entry.words)
                ):  # fmt: skip
                    if entry.usage in (Usage.QUALIFIER, Usage.LOOKS):
                        self.qualifier(index, entry, last)
                    else:
                        self.add(index, last, entry, Rule.WORD)

    @staticmethod
    def _matches(forms: frozenset[str], word: str, prefix: bool) -> bool:
        return word in forms or (prefix and any(f.startswith(word) for f in forms))

    def counted(self, index: int) -> bool:
        """A word for people and things alike names people: at the start of a clause or
        after a number or "een", and not before another noun."""
        before = self.words[index - 1] if index > 0 else None
        starts = before is None or before.is_mark or before.word.isdigit()
        if not starts and before is not None:
            starts = before.word in COUNTING_WORDS
        after = self.words[index + 1] if index + 1 < len(self.words) else None
        ends = (
            after is None
            or after.is_mark
            or after.word in FUNCTION_WORDS
            # a verb, not a participle: "een schot gehoord"
            or (verb_like(after.word) and not after.word.startswith("ge"))
        )
        return starts and ends

    def qualifier(self, index: int, entry: Entry, last: int | None = None) -> bool:
        """A colour or origin word asks where it is about a person; an appearance word
        ("louche") only where it says what someone looks like. True when it asked."""
        last = index if last is None else last
        if self.looks(index, last):
            return self.add(index, last, entry, Rule.LOOKING)
        if entry.usage == Usage.LOOKS:
            return False
        # Before a person, a type, a plate or descent: "donker getinte man".
        position, skipped = last + 1, 0
        while position < len(self.words) and skipped <= 2:
            forms = self.forms(position)
            for words, rule in (
                (PERSON_WORDS, Rule.PERSON),
                (TYPE_WORDS, Rule.TYPE),
                (PLATE_WORDS, Rule.PLATE),
                (DESCENT_WORDS, Rule.PERSON),
            ):
                if forms & words and (rule != Rule.PLATE or entry.kind != Kind.SKIN_COLOUR):
                    return self.add(index, position, entry, rule)
            if not (forms & BETWEEN_WORDS or self.entries(position, (Usage.QUALIFIER,))):
                break
            position, skipped = position + 1, skipped + 1
        # After "type" or "typisch": "type oost-europeaan", "typisch oostblok type".
        if index > 0 and self.forms(index - 1) & TYPE_WORDS:
            return self.add(index - 1, last, entry, Rule.TYPE)
        # A colour as a noun for a person: "een donkere bij de schuur" (not "de chinees op
        # de hoek": that is the restaurant).
        before = self.words[index - 1].word if index > 0 else ""
        after = self.words[last + 1] if last + 1 < len(self.words) else None
        if (
            entry.kind == Kind.SKIN_COLOUR
            and (before in DETERMINERS or before.isdigit())
            and (after is None or after.is_mark or after.word in FUNCTION_WORDS)
        ):
            return self.add(index, last, entry, Rule.NOUN)
        return False

    def looks(self, index: int, last: int) -> bool:
        """ "turks uitziende", "arab-looking", "zag er zuid-europees uit", "looked foreign"."""
        after = [self.words[i] for i in range(last + 1, min(len(self.words), last + 3))]
        if after and after[0].every_form & LOOKING_WORDS and after[0].word not in {"look"}:
            return True
        if self.words[last].word.endswith("-looking") or any(
            part & {"uitziend", "ogend"} for part in self.words[last].parts[1:]
        ):
            return True
        before = [self.words[i].word for i in range(max(0, index - 4), index)]
        if before and before[-1] in {"looked", "look", "looks", "looking"}:
            return True
        if "er" in before and any(t.word in {"uit", "uitzag", "uitzagen"} for t in after):
            return any(word in SEE_WORDS for word in before) or any(
                t.word.startswith("uitzag") for t in after
            )
        return False

    def glued_look(self, index: int) -> bool:
        """An origin glued to "uitziend" or "ogend": "poolsuitziende"."""
        word = self.words[index].word
        for look in ("uitziend", "ogend"):
            head = word.split(look)[0] if look in word else ""
            for entry in self.lex.single.get(head, ()) if len(head) >= 4 else ():
                if entry.usage != Usage.WORD:
                    self.add(index, index, entry, Rule.LOOKING)
                    return True
        return False

    def compound(self, index: int) -> bool:
        """A noun for people glued to another word: "polenbusje", "marokkanenjongens"."""
        word = self.words[index].word.replace("-", "")
        if len(word) > LONGEST_WORD or lemmas(word):
            return False
        for cut in range(5, len(word) - 2):
            head, rest = word[:cut], word[cut:]
            entries = [
                entry
                for entry in self.lex.single.get(head, ())
                if entry.usage == Usage.WORD
                or (entry.usage == Usage.PERSON_NOUN and head.endswith("en"))  # "polenbusje"
            ]
            if entries and (
                simplemma.is_known(rest, lang="nl") or simplemma.is_known(rest, lang="en")
            ):
                self.add(index, index, entries[0], Rule.COMPOUND)
                return True
        return False

    def spelling(self, index: int) -> bool:
        """A misspelt listed word: "marrokaan", "getintte"."""
        candidate = self.lex.misspelling_of(self.words[index].word)
        if candidate is None:
            return False
        entries = self.lex.single[candidate]
        for entry in entries:
            if entry.usage != Usage.WORD and self.qualifier(index, entry):
                return True
        entry = entries[0]
        if entry.usage == Usage.WORD or (entry.usage == Usage.PERSON_NOUN and self.counted(index)):
            return self.add(index, index, entry, Rule.SPELLING)
        return False


def findings(text: str, kinds: Sequence[str], lex: Lexicon | None = None) -> list[Finding]:
    """What in the text asks a question, in the order it was written. A caller that reads
    many texts passes the lexicon it got once."""
    return _Reader(text, kinds, lex or lexicon()).read()


def describe(found: Iterable[Finding]) -> str:
    """'marokkaanse jongens' (origin word about a person), … for a question on the form."""
    return ", ".join(
        _("'%(words)s' (%(rule)s)") % {"words": f.term, "rule": f.rule_label} for f in found
    )
