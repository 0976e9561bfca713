"""Indexes and check constraints on tables that already hold rows are built without blocking
writes (privacy/schema.py), so a deploy does not stop reports and the outbox while it
migrates."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from privacy.schema import (
    AddConstraintNotValid,
    AddIndexConcurrently,
    RemoveIndexConcurrently,
    ValidateConstraint,
)

# Written before the rule, each with column changes to the same table in one transaction:
# their indexes were small when they shipped. Do not add to this list.
BEFORE_THE_RULE = {("notifications", "0003_push"), ("notifications", "0004_delivery_states")}


def constraint_name(operation: Any) -> str:
    """The constraint an AddConstraint names (django-stubs does not know the attribute)."""
    return operation.constraint.name


def is_check(operation: Any) -> bool:
    return isinstance(operation.constraint, models.CheckConstraint)


def test_every_index_on_an_existing_table_is_built_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plain = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in {"privacy", "notifications", "teams", "signalen", "trainingen"}:
            continue
        created = {
            op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)
        }
        op: Any
        for op in migration.operations:
            existing = getattr(op, "model_name_lower", None) not in created
            if type(op) is migrations.AddIndex and existing:
                plain.append((app, name, op.index.name))
            if type(op) is migrations.RemoveIndex and existing:
                plain.append((app, name, op.name))
            # A check constraint reads every row: NOT VALID first, validated later.
            if type(op) is migrations.AddConstraint and existing and is_check(op):
                plain.append((app, name, constraint_name(op)))
            if isinstance(op, AddIndexConcurrently | RemoveIndexConcurrently | ValidateConstraint):
                assert not migration.atomic, f"{app}.{name} must set atomic = False"
    assert [p for p in plain if p[:2] not in BEFORE_THE_RULE] == []


def test_every_constraint_added_not_valid_is_validated_later():
    operations: list[tuple[str, Any]] = [
        (app, op)
        for (app, _name), migration in MigrationLoader(None).disk_migrations.items()
        for op in migration.operations
    ]
    added = {(app, constraint_name(op)) for app, op in operations
             if isinstance(op, AddConstraintNotValid)}  # fmt: skip
    validated = {(app, op.name) for app, op in operations if isinstance(op, ValidateConstraint)}
    assert added
    assert added <= validated


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_builds_the_index_concurrently():
    out = io.StringIO()
    call_command("sqlmigrate", "signalen", "0003", stdout=out)
    assert 'CREATE INDEX CONCURRENTLY "signal_updated_idx"' in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_checks_a_new_constraint_without_blocking_writes():
    out = io.StringIO()
    call_command("sqlmigrate", "notifications", "0006", stdout=out)
    assert 'CONSTRAINT "notification_has_recipient"' in out.getvalue()
    assert "NOT VALID" in out.getvalue()
    out = io.StringIO()
    call_command("sqlmigrate", "notifications", "0007", stdout=out)
    assert 'VALIDATE CONSTRAINT "notification_has_recipient"' in out.getvalue()
    assert 'DROP INDEX CONCURRENTLY IF EXISTS "notification_pending_idx"' in out.getvalue()
