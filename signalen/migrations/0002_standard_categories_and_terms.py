"""The standard categories and description terms every installation starts with.

The data is written here as it stood when this migration was made, so the migration does the
same on every database, whatever the code does later. tests/conftest.py (`standard_data`)
puts it back from here after a transactional test has flushed the tables.
"""

from django.db import migrations

# code, parent code, Dutch name, English name, hotline, sensitivity, ack hours, resolve days,
# Dutch guidance, English guidance
CATEGORIES = [
    ("burglary-risk", None, "Inbraakrisico", "Burglary risk", "police", "normal", 24, 7,
     "Een open raam of deur, een ladder tegen de gevel, een poort die openstaat. Meld wat je "
     "ziet en waar; bel bij een inbraak die nu gebeurt direct 112.",
     "An open window or door, a ladder against a wall, a gate left open. Report what you see "
     "and where; for a burglary happening now, call 112 at once."),
    ("burglary-risk-open", "burglary-risk", "Open raam of deur", "Open window or door", "police",
     "normal", 24, 7, "", ""),
    ("burglary-risk-ladder", "burglary-risk", "Ladder of steiger", "Ladder or scaffolding",
     "police", "normal", 24, 7, "", ""),
    ("burglary-risk-shed", "burglary-risk", "Schuur of poort open", "Shed or gate open", "police",
     "normal", 24, 7, "", ""),
    ("suspicious-situation", None, "Verdachte situatie", "Suspicious situation", "police",
     "normal", 24, 7,
     "Beschrijf gedrag: wat gebeurde er, wat viel je op? Uiterlijk, huidskleur, afkomst of "
     "geloof zijn nooit een reden voor verdenking. Informatie over misdaad anoniem doorgeven "
     "kan via Meld Misdaad Anoniem: 0800-7000.",
     "Describe behaviour: what happened, what struck you? Appearance, skin colour, origin or "
     "religion are never a reason for suspicion. Information about crime can be passed on "
     "anonymously through Meld Misdaad Anoniem: 0800-7000."),
    ("vehicle-crime", None, "Voertuigcriminaliteit", "Vehicle crime", "police", "normal", 48, 14,
     "Een auto die openstaat, spullen zichtbaar op de stoel, schade aan een voertuig.",
     "A car left open, valuables visible on a seat, damage to a vehicle."),
    ("vehicle-crime-open", "vehicle-crime", "Auto open of spullen zichtbaar",
     "Car open or valuables visible", "police", "normal", 48, 14, "", ""),
    ("vehicle-crime-damage", "vehicle-crime", "Schade of inbraak aan voertuig",
     "Damage or break-in", "police", "normal", 48, 14, "", ""),
    ("wrongly-parked-trailer", None, "Verkeerd geparkeerde aanhanger of caravan",
     "Wrongly parked trailer or caravan", "", "normal", 72, 21,
     "Waar staat hij en sinds wanneer? Een kenteken is hier nodig voor de gemeente.",
     "Where is it and since when? Here the municipality needs the licence plate."),
    ("youth-nuisance", None, "Overlast door jongeren", "Youth nuisance", "police", "normal", 48, 14,
     "Beschrijf het gedrag en het tijdstip, niet wie het zijn. Bij vechtpartijen of vernielingen "
     "die nu gebeuren: bel 112.",
     "Describe the behaviour and the time, not who they are. For fights or vandalism happening "
     "now: call 112."),
    ("other-nuisance", None, "Andere overlast", "Other nuisance", "", "normal", 72, 21,
     "Geluid, stank, zwerfvuil rond een woning of bedrijf.",
     "Noise, smells, litter around a home or business."),
    ("public-space", None, "Openbare ruimte", "Public space", "", "normal", 72, 21,
     "Kapotte verlichting, dumping, losliggende stoeptegels: voor de gemeente.",
     "Broken lighting, dumped waste, loose paving: for the municipality."),
    ("public-space-lighting", "public-space", "Kapotte straatverlichting", "Broken street light",
     "", "normal", 72, 21, "", ""),
    ("public-space-dumping", "public-space", "Dumping of zwerfafval", "Dumped waste or litter", "",
     "normal", 72, 21, "", ""),
    ("housing", None, "Woning en portiek", "Housing", "", "normal", 72, 30,
     "Achterstallig onderhoud, een portiek of berging die openstaat, leegstand: voor de "
     "woningcorporatie.",
     "Poor upkeep, an entrance or storage left open, empty homes: for the housing corporation."),
    ("care-worry", None, "Zorgen om een bewoner", "Worries about a resident", "care_line", "care",
     24, 14,
     "Eenzaamheid, verward gedrag, verwaarlozing, een woning die verloedert. Schrijf feiten op "
     "('de gordijnen zijn al vijf dagen dicht'), geen diagnoses. Bel bij verward gedrag zonder "
     "spoed de zorglijn 0800-1205; bij gevaar 112.",
     "Loneliness, confused behaviour, neglect, a home falling into decay. Write down facts "
     "('the curtains have been closed for five days'), not diagnoses. For confused behaviour "
     "without urgency call the care line 0800-1205; in danger, 112."),
    ("care-worry-lonely", "care-worry", "Eenzaamheid", "Loneliness", "care_line", "care", 24, 14,
     "", ""),
    ("care-worry-confused", "care-worry", "Verward gedrag", "Confused behaviour", "care_line",
     "care", 24, 14, "", ""),
    ("care-worry-neglect", "care-worry", "Verwaarlozing of een woning in verval",
     "Neglect or a home in decay", "care_line", "care", 24, 14, "", ""),
    ("domestic-violence", None, "Huiselijk geweld of mishandeling", "Domestic violence or abuse",
     "veilig_thuis", "care", 8, 7,
     "Bel bij direct gevaar 112. Voor advies en melden: Veilig Thuis, 0800-2000, dag en nacht. "
     "Schrijf op wat je zag en hoorde, niet wat je denkt.",
     "In immediate danger, call 112. For advice and reports: Veilig Thuis, 0800-2000, day and "
     "night. Write down what you saw and heard, not what you think."),
]

# language, kind, term ("*" at the end: also words that start with it)
TERMS = [
    ("nl", "appearance", "uiterlijk"),
    ("nl", "appearance", "eruitziend"),
    ("nl", "appearance", "ziet eruit als"),
    ("nl", "appearance", "buitenlands"),
    ("nl", "appearance", "buitenlander*"),
    ("nl", "skin_colour", "huidskleur"),
    ("nl", "skin_colour", "getint*"),
    ("nl", "skin_colour", "donker getint*"),
    ("nl", "skin_colour", "kleurling*"),
    ("nl", "skin_colour", "zwarte man"),
    ("nl", "skin_colour", "zwarte jongen*"),
    ("nl", "skin_colour", "zwarte vrouw"),
    ("nl", "skin_colour", "blanke man"),
    ("nl", "nationality", "marokka*"),
    ("nl", "nationality", "turk*"),
    ("nl", "nationality", "antilliaan*"),
    ("nl", "nationality", "surinamer*"),
    ("nl", "nationality", "poolse"),
    ("nl", "nationality", "polen"),
    ("nl", "nationality", "roemeen*"),
    ("nl", "nationality", "bulgaar*"),
    ("nl", "nationality", "oost-europe*"),
    ("nl", "nationality", "afrikaan*"),
    ("nl", "ethnicity", "allochto*"),
    ("nl", "ethnicity", "etnisch*"),
    ("nl", "ethnicity", "roma"),
    ("nl", "ethnicity", "zigeuner*"),
    ("nl", "ethnicity", "woonwagenbewoner*"),
    ("nl", "ethnicity", "arabier*"),
    ("nl", "ethnicity", "aziaat*"),
    ("nl", "religion", "moslim*"),
    ("nl", "religion", "islam*"),
    ("nl", "religion", "joods*"),
    ("nl", "religion", "hoofddoek*"),
    ("nl", "religion", "boerka*"),
    ("nl", "diagnosis", "dement*"),
    ("nl", "diagnosis", "alzheimer*"),
    ("nl", "diagnosis", "psychisch*"),
    ("nl", "diagnosis", "psychotisch*"),
    ("nl", "diagnosis", "gestoord*"),
    ("nl", "diagnosis", "schizo*"),
    ("nl", "diagnosis", "verslaafd*"),
    ("nl", "diagnosis", "alcoholist*"),
    ("nl", "diagnosis", "depressie*"),
    ("nl", "diagnosis", "depressief"),
    ("en", "appearance", "appearance"),
    ("en", "appearance", "looks like"),
    ("en", "appearance", "foreign-looking"),
    ("en", "appearance", "foreigner*"),
    ("en", "skin_colour", "skin colour"),
    ("en", "skin_colour", "skin color"),
    ("en", "skin_colour", "dark-skinned"),
    ("en", "skin_colour", "black man"),
    ("en", "skin_colour", "black guy*"),
    ("en", "skin_colour", "coloured"),
    ("en", "nationality", "moroccan*"),
    ("en", "nationality", "turkish"),
    ("en", "nationality", "eastern europe*"),
    ("en", "nationality", "african*"),
    ("en", "ethnicity", "ethnic*"),
    ("en", "ethnicity", "gypsy"),
    ("en", "ethnicity", "gypsies"),
    ("en", "ethnicity", "immigrant*"),
    ("en", "religion", "muslim*"),
    ("en", "religion", "islam*"),
    ("en", "religion", "jewish"),
    ("en", "religion", "headscarf"),
    ("en", "diagnosis", "dementia"),
    ("en", "diagnosis", "demented"),
    ("en", "diagnosis", "psychotic"),
    ("en", "diagnosis", "crazy"),
    ("en", "diagnosis", "insane"),
    ("en", "diagnosis", "addict*"),
    ("en", "diagnosis", "alcoholic"),
    ("en", "diagnosis", "depressed"),
]



def seed(apps, schema_editor):
    """Create or update the standard categories and terms."""
    Category = apps.get_model("signalen", "Category")
    DescriptionTerm = apps.get_model("signalen", "DescriptionTerm")
    for order, (code, parent, name_nl, name_en, hotline, sensitivity, ack, resolve, guide_nl,
                guide_en) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "parent": Category.objects.get(code=parent) if parent else None,
                "name_nl": name_nl,
                "name_en": name_en,
                "hotline": hotline,
                "sensitivity": sensitivity,
                "photos_allowed": sensitivity == "normal",
                # Care signals are special-category data: kept half as long by default.
                "retention_days": 365 if sensitivity == "normal" else 180,
                "acknowledge_hours": ack,
                "resolve_days": resolve,
                "guidance_nl": guide_nl,
                "guidance_en": guide_en,
                "order": order,
            },
        )
    for language, kind, term in TERMS:
        DescriptionTerm.objects.get_or_create(language=language, term=term, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("signalen", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
