"""Trigram indexes led by agency, created by migrations, for substring search inside one agency.

PostgreSQL only (pg_trgm and btree_gin are trusted extensions a database owner may create); on the
embedded SQLite default a search scans the agency's rows through the agency indexes instead.
"""

from typing import NamedTuple

from django.db import migrations


class TrigramIndex(NamedTuple):
    table: str
    column: str
    upper: bool = True
    """Index ``upper(column)``, which is what ``__icontains`` compares on PostgreSQL."""

    @property
    def name(self) -> str:
        return f"{self.table}_{self.column}_trgm_idx"

    @property
    def expression(self) -> str:
        return f"upper({self.column}::text)" if self.upper else self.column


def trigram_indexes(*indexes: TrigramIndex) -> migrations.RunPython:
    """The migration operation that creates ``indexes`` (and drops them when reversed)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for index in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} "
                f"USING gin (agency_id, {index.expression} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index.name}")

    return migrations.RunPython(create, drop, elidable=False)
