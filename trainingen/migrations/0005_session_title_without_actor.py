"""The third session's title said "met een trainingsacteur", and pages add that as a label
after the title: "…met een trainingsacteur met een trainingsacteur". 0002 now writes the new
title (its seed also puts the standard data back in tests); this renames it where 0002 ran
before. A title someone has changed since is left alone."""

from django.db import migrations

OLD = "Gespreksvaardigheden met een trainingsacteur"
NEW = "Gespreksvaardigheden"


def rename(apps, schema_editor):
    apps.get_model("trainingen", "SessionTemplate").objects.filter(title=OLD).update(title=NEW)


def rename_back(apps, schema_editor):
    apps.get_model("trainingen", "SessionTemplate").objects.filter(title=NEW).update(title=OLD)


class Migration(migrations.Migration):
    dependencies = [("trainingen", "0004_material_content_check")]

    operations = [migrations.RunPython(rename, rename_back)]
