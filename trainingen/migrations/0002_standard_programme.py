from django.db import migrations


def seed(apps, schema_editor):
    from trainingen.seed_data import load

    load(
        apps.get_model("trainingen", "Programme"),
        apps.get_model("trainingen", "SessionTemplate"),
        apps.get_model("trainingen", "EvaluationItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("trainingen", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
