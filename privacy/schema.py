"""Schema changes that leave a large database in use while a deploy migrates it.

`AddIndexConcurrently` builds an index on a table that already holds rows (signals, events,
the outbox, the roster) with PostgreSQL's CREATE INDEX CONCURRENTLY: reads and writes go on
while it builds, where a plain CREATE INDEX blocks every write to the table until it is done
(minutes at a million signals). Its migration sets `atomic = False`. Elsewhere (SQLite, the
demo) it is a plain index. If a concurrent build fails, PostgreSQL leaves an INVALID index
behind: drop it and migrate again (docs/operations.md).
"""

from __future__ import annotations

from django.contrib.postgres import operations as postgres
from django.db import migrations


class AddIndexConcurrently(postgres.AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class RemoveIndexConcurrently(postgres.RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL (no lock on the table's writes); a plain
    RemoveIndex elsewhere. Its migration sets `atomic = False`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.RemoveIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.RemoveIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class AddConstraintNotValid(postgres.AddConstraintNotValid):
    """A check constraint on a large table in two steps: added NOT VALID (new rows are
    checked at once, existing ones not read, so the table's brief lock is brief), then
    `ValidateConstraint` in a later, non-atomic migration reads the rows without blocking
    writes. Elsewhere a plain AddConstraint."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddConstraint.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )


class ValidateConstraint(postgres.ValidateConstraint):
    """See AddConstraintNotValid; nothing to do on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
