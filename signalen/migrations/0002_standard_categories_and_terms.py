from django.db import migrations


def seed(apps, schema_editor):
    from signalen.seed_data import load

    load(apps.get_model("signalen", "Category"), apps.get_model("signalen", "DescriptionTerm"))


class Migration(migrations.Migration):
    dependencies = [("signalen", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
