"""A GIN index for the inbox search, on PostgreSQL only (the SQLite demo searches without)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from signalen.search import INDEX_NAME, vector


def _index() -> GinIndex:
    return GinIndex(vector(), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("signalen", "Signal"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("signalen", "Signal"), _index())


class Migration(migrations.Migration):
    dependencies = [("signalen", "0005_status_words_conversation_duplicates")]

    operations = [migrations.RunPython(add_index, remove_index)]
