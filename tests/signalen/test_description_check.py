"""The description check's phrase rules, each with a minimal pair: the same words asked about
when they describe a person, and not when they describe a thing."""

import pytest

from signalen import description_check
from signalen.description_check import Rule
from signalen.models import DescriptionRule, DescriptionTerm

pytestmark = pytest.mark.usefixtures("standard_data")

ALL = description_check.SUSPICION_KINDS + description_check.CARE_KINDS

PAIRS = [
    # (rule, asked about, not asked about)
    (Rule.PERSON, "een donkere man met een capuchon", "een donkere portiek met een capuchon"),
    (Rule.PERSON, "Poolse mannen bij de ingang", "Poolse supermarkt bij de ingang"),
    (Rule.PERSON, "2 donker getinte jongens bij de autos", "2 donker getinte ramen bij de autos"),
    (Rule.PERSON, "black guy trying car doors", "black car trying car doors"),
    (Rule.PERSON, "jongen van marokkaanse afkomst", "jongen van marokkaanse bakker"),
    (Rule.LOOKING, "turks uitziende jongens op de stoep", "turks fruit op de stoep"),
    (Rule.LOOKING, "ze zagen er buitenlands uit", "ze kwamen van buitenlands werk"),
    (Rule.LOOKING, "man zag er verdacht uit", "man had een verdacht pakket"),
    (Rule.LOOKING, "arab-looking man in a car", "arab food in a car"),
    (Rule.TYPE, "noord-afrikaans type met petje", "noord-afrikaans eten met petje"),
    (Rule.TYPE, "zuidelijk type liep door het pad", "zuidelijk gelegen pad"),
    (Rule.PLATE, "busje met pools kenteken", "busje met pools vuurwerk"),
    (Rule.PLATE, "van with romanian number plates", "van with romanian stickers"),
    (Rule.NOUN, "er stond een zwarte bij de ingang", "er stond een zwarte auto bij de ingang"),
    (Rule.NOUN, "saw a black climbing the fence", "saw a black cat on the fence"),
    (Rule.COMPOUND, "turkenbende bij de shoarmazaak", "turfschuur bij de shoarmazaak"),
    (Rule.COMPOUND, "polenbusje reed de straat in", "polderweg liep de straat in"),
    (Rule.SPELLING, "marrokaan op een fiets", "marktkraam op een fiets"),
    (Rule.WORD, "pool met een ladder liep door de tuin", "de pool in de tuin liep leeg"),
    (Rule.WORD, "vrouw met hoofddoek belde aan", "vrouw met sjaal belde aan"),
    (Rule.WORD, "buurman is dement, deur stond open", "buurman is vergeetachtig, deur stond open"),
]


@pytest.mark.parametrize(("rule", "asked", "not_asked"), PAIRS)
def test_each_phrase_rule_asks_about_people_and_not_about_things(rule, asked, not_asked):
    assert rule in {f.rule for f in description_check.findings(asked, ALL)}
    assert description_check.findings(not_asked, ALL) == []


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Twee Marokkaanse jongens bij de auto", "Marokkaanse jongens"),
        ("busjes met Pools kenteken", "Pools kenteken"),
        ("NEGROÏDE man", "NEGROÏDE"),
        ("2 turkjes op de scooter", "turkjes"),
        ("roemeentje vroeg geld", "roemeentje"),
        ("oost-europeanen met een bus", "oost-europeanen"),
    ],
)
def test_a_finding_shows_the_words_as_typed(text, typed):
    assert typed in [f.term for f in description_check.findings(text, ALL)]


def test_the_question_names_the_rule():
    found = description_check.findings("een donkere man bij de poort", ALL)
    assert description_check.describe(found) == "'donkere man' (kleur of afkomst van een persoon)"


def test_a_rule_or_term_switched_off_asks_nothing():
    assert description_check.findings("busje met pools kenteken", ALL)
    DescriptionRule.objects.filter(code=Rule.PLATE).update(is_active=False)
    assert description_check.findings("busje met pools kenteken", ALL) == []
    assert description_check.findings("vrouw met hoofddoek", ALL)
    DescriptionTerm.objects.filter(term="hoofddoek").update(is_active=False)
    assert description_check.findings("vrouw met hoofddoek", ALL) == []


def test_a_term_the_administrator_adds_is_found_with_its_forms():
    assert description_check.findings("twee hipsters bij de bakfiets", ALL) == []
    DescriptionTerm.objects.create(language="nl", kind="appearance", term="hipster")
    assert [f.term for f in description_check.findings("twee hipsters bij de bakfiets", ALL)] == [
        "hipsters"
    ]


def test_every_country_has_its_people_in_dutch_and_english():
    origins = DescriptionTerm.objects.filter(kind=DescriptionTerm.Kind.NATIONALITY)
    for words in (["marokkaan", "kazach", "bhutaan", "peruaan"], ["moroccan", "peruvian"]):
        for word in words:
            assert origins.filter(term__startswith=word).exists(), word
    assert origins.filter(language="nl").count() >= 500
    assert origins.filter(language="en").count() >= 400


def test_the_standard_words_load_again_without_duplicates():
    before = DescriptionTerm.objects.count()
    from tests.conftest import load_standard_data

    load_standard_data()
    assert DescriptionTerm.objects.count() == before
