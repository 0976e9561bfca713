"""The standard programme and the self-assessment statements every installation starts with.

The data is written here as it stood when this migration was made, so the migration does the
same on every database, whatever the code does later. tests/conftest.py (`standard_data`)
puts it back from here after a transactional test has flushed the tables.
"""

from django.db import migrations

PROGRAMME = "Buurtpreventie: samen signaleren"
PROGRAMME_DESCRIPTION = (
    "Drie bijeenkomsten per wijk voor buurtpreventieteams en hun partners (politie, welzijn, "
    "zorg, wonen, onderwijs): kennis, houding en vaardigheden om veilig en zorgvuldig te "
    "signaleren."
)

# order, title, learning goals, minutes, with a training actor
SESSIONS = [
    (
        1,
        "Rol, bevoegdheden en grenzen",
        "De rol van een buurtpreventieteam en van de partners. SAAR: signaleren, alarmeren, "
        "appen, alleen reageren als het veilig is. Burgerarrest: alleen bij heterdaad, direct "
        "overdragen. Proportionaliteit: geen geweld boven het nodige. Stigmatisering: gedrag "
        "beschrijven, niet uiterlijk, afkomst of geloof.",
        150,
        False,
    ),
    (
        2,
        "Signaleren en melden",
        "Vroege signalen van kwetsbare situaties herkennen: eenzaamheid, verward gedrag, "
        "verwaarlozing, een woning in verval. Feiten opschrijven, geen diagnoses. Welke partner "
        "voor wat: politie, wijkteam, zorg, woningcorporatie, gemeente, Veilig Thuis. Wat er na "
        "een melding gebeurt en welke terugkoppeling je mag verwachten.",
        150,
        False,
    ),
    (
        3,
        "Gespreksvaardigheden",
        "Bewoners rustig en respectvol aanspreken. Oefenen met situaties uit de wijk met een "
        "trainingsacteur: een bewoner met een open raam, een groep jongeren, een verwarde "
        "buurman. Feedback op gedrag, van de acteur en van elkaar.",
        180,
        True,
    ),
]

# domain, Dutch, English
ITEMS = [
    ("knowledge", "Ik weet wat ik als lid van een buurtpreventieteam wel en niet mag doen.",
     "I know what I may and may not do as a member of a team."),
    ("knowledge", "Ik weet bij welke partner ik een zorg over een bewoner meld.",
     "I know which partner to report a worry about a resident to."),
    ("knowledge", "Ik ken de stappen van SAAR en weet wanneer ik 112 bel.",
     "I know the SAAR steps and when to call 112."),
    ("attitude", "Ik beschrijf gedrag, niet iemands uiterlijk, afkomst of geloof.",
     "I describe behaviour, not someone's appearance, origin or religion."),
    ("attitude", "Ik vind het belangrijk dat een melding bij de juiste partner terechtkomt.",
     "I find it important that a report reaches the right partner."),
    ("attitude", "Ik werk graag samen met politie, wijkteam en andere partners.",
     "I like working together with the police, the neighbourhood team and other partners."),
    ("competences", "Ik kan een bewoner rustig aanspreken.",
     "I can address a resident calmly."),
    ("competences", "Ik kan een signaal duidelijk en feitelijk opschrijven.",
     "I can write down a signal clearly and factually."),
    ("competences", "Ik kan een gesprek de-escaleren als iemand boos wordt.",
     "I can calm a conversation down when someone gets angry."),
]



def seed(apps, schema_editor):
    """Create or update the standard programme, its sessions and the statements."""
    Programme = apps.get_model("trainingen", "Programme")
    SessionTemplate = apps.get_model("trainingen", "SessionTemplate")
    EvaluationItem = apps.get_model("trainingen", "EvaluationItem")
    programme, _created = Programme.objects.update_or_create(
        name=PROGRAMME, defaults={"description": PROGRAMME_DESCRIPTION, "allowed_absences": 0}
    )
    for order, title, goals, minutes, actor in SESSIONS:
        SessionTemplate.objects.update_or_create(
            programme=programme,
            order=order,
            defaults={
                "title": title,
                "learning_goals": goals,
                "duration_minutes": minutes,
                "with_actor": actor,
            },
        )
    for order, (domain, text_nl, text_en) in enumerate(ITEMS):
        EvaluationItem.objects.update_or_create(
            text_nl=text_nl, defaults={"domain": domain, "text_en": text_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("trainingen", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
