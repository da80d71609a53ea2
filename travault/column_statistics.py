"""Larger planner statistics for a column whose values are very unevenly spread, created by
migrations.

PostgreSQL keeps the most common values of a column, 100 by default; a value past them is taken to
be as rare as the rest. A company's activities are spread that way: most companies have a few
dozen, the agency's biggest accounts thousands, and a timeline that takes a big account for a small
one reads all its activities by the bare company index and sorts them, instead of reading its
newest page in order from the (agency, company, occurred_at) index. A larger target keeps the big
accounts among the common values. PostgreSQL only; SQLite has no such setting.
"""

from django.db import migrations

DEFAULT_TARGET = -1


def statistics_target(table: str, column: str, target: int) -> migrations.RunPython:
    """The migration operation that sets ``table.column``'s statistics target to ``target`` (back to
    the server's default when reversed); the next ANALYZE, autovacuum's or a deployment's, uses it."""

    def alter(value: int):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {int(value)}")

        return run

    return migrations.RunPython(alter(target), alter(DEFAULT_TARGET), elidable=False)
