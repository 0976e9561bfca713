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


class _OnPostgreSQL:
    """PostgreSQL's way on PostgreSQL; elsewhere (SQLite, the demo) the plain operation
    `elsewhere`, or nothing."""

    elsewhere: type[migrations.operations.base.Operation] | None = None

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._apply("database_forwards", app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._apply("database_backwards", app_label, schema_editor, from_state, to_state)

    def _apply(self, direction: str, *args) -> None:
        schema_editor = args[1]
        if schema_editor.connection.vendor == "postgresql":
            getattr(super(), direction)(*args)
        elif self.elsewhere is not None:
            getattr(self.elsewhere, direction)(self, *args)


class AddIndexConcurrently(_OnPostgreSQL, postgres.AddIndexConcurrently):
    elsewhere = migrations.AddIndex


class RemoveIndexConcurrently(_OnPostgreSQL, postgres.RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY: no lock on the table's writes. Its migration sets
    `atomic = False`."""

    elsewhere = migrations.RemoveIndex


class AddConstraintNotValid(_OnPostgreSQL, postgres.AddConstraintNotValid):
    """A check constraint on a large table in two steps: added NOT VALID (new rows are
    checked at once, existing ones not read, so the table's lock is brief), then
    `ValidateConstraint` in a later, non-atomic migration reads the rows without blocking
    writes."""

    elsewhere = migrations.AddConstraint


class ValidateConstraint(_OnPostgreSQL, postgres.ValidateConstraint):
    """See AddConstraintNotValid."""
