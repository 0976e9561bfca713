"""The description check's words: Dutch and English terms (signalen/data/description_terms.csv)
and every country's and region's demonyms and adjectives (signalen/data/origins.csv), with the
phrase rules switched on. The earlier standard list is replaced (its prefixes such as "turk*"
also found "turkoois"); terms an administrator added stay."""

import csv
from importlib import import_module
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data"
RULES = ["word", "person", "looking", "type", "plate", "noun", "compound", "spelling"]


def rows():
    """(language, kind, usage, term), once per language and term. A word that is a noun for
    people and an adjective alike ("Chinees", "Congolees") asks only about people."""
    usages = {}
    for language, kind, usage, term in _read():
        usages.setdefault((language, term), (kind, set()))[1].add(usage)
    for (language, term), (kind, found) in usages.items():
        if len(found) == 1:
            usage = found.pop()
        elif "qualifier" in found and found & {"word", "person_noun"}:
            usage = "person_noun"
        else:
            usage = sorted(found)[0]
        yield language, kind, usage, term


def _read():
    with open(DATA / "description_terms.csv", encoding="utf-8") as terms:
        for row in csv.DictReader(terms, delimiter=";"):
            yield row["language"], row["kind"], row["usage"], row["term"]
    with open(DATA / "origins.csv", encoding="utf-8") as origins:
        for row in csv.DictReader(origins, delimiter=";"):
            for noun in filter(None, row["nouns"].split("|")):
                # A noun that is an ordinary word too ("Pool?") asks only about people.
                usage = "person_noun" if noun.endswith("?") else "word"
                yield row["language"], "nationality", usage, noun.rstrip("?").lower()
            for adjective in filter(None, row["adjectives"].split("|")):
                yield row["language"], "nationality", "qualifier", adjective.rstrip("?").lower()


def seed(apps, schema_editor):
    DescriptionTerm = apps.get_model("signalen", "DescriptionTerm")
    DescriptionRule = apps.get_model("signalen", "DescriptionRule")
    earlier = import_module("signalen.migrations.0002_standard_categories_and_terms")
    DescriptionTerm.objects.filter(
        term__in=[term for _language, _kind, term in earlier.TERMS]
    ).delete()
    existing = {(t.language, t.term): t for t in DescriptionTerm.objects.all()}
    new, changed = [], []
    for language, kind, usage, term in rows():
        known = existing.get((language, term))
        if known is None:
            new.append(DescriptionTerm(language=language, term=term, kind=kind, usage=usage))
        elif (known.kind, known.usage) != (kind, usage):
            known.kind, known.usage, known.changed_at = kind, usage, timezone.now()
            changed.append(known)
    DescriptionTerm.objects.bulk_create(new)
    DescriptionTerm.objects.bulk_update(changed, ["kind", "usage", "changed_at"])
    for code in RULES:
        DescriptionRule.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("signalen", "0009_description_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
