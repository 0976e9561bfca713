"""Indexes on tables that already hold rows are built without blocking writes
(privacy/schema.py), so a deploy does not stop reports and the outbox while it migrates."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from privacy.schema import AddIndexConcurrently

# Written before the rule, each with column changes to the same table in one transaction:
# their indexes were small when they shipped. Do not add to this list.
BEFORE_THE_RULE = {("notifications", "0003_push"), ("notifications", "0004_delivery_states")}


def test_every_index_on_an_existing_table_is_built_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plain = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in {"privacy", "notifications", "teams", "signalen", "trainingen"}:
            continue
        created = {
            op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)
        }
        for op in migration.operations:
            if type(op) is migrations.AddIndex and op.model_name_lower not in created:
                plain.append((app, name, op.index.name))
            if isinstance(op, AddIndexConcurrently):
                assert not migration.atomic, f"{app}.{name} must set atomic = False"
    assert [p for p in plain if p[:2] not in BEFORE_THE_RULE] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_builds_the_index_concurrently():
    out = io.StringIO()
    call_command("sqlmigrate", "signalen", "0003", stdout=out)
    assert 'CREATE INDEX CONCURRENTLY "signal_updated_idx"' in out.getvalue()
