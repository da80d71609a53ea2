"""Trigram indexes, led by agency, for the company list's substring search on name, email and city.

PostgreSQL only (pg_trgm and btree_gin are trusted extensions a database owner may create); on the
embedded SQLite default the search scans the agency's rows through the agency indexes instead.
"""

from django.db import migrations

SEARCH_COLUMNS = ("name", "email", "city")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for column in SEARCH_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS crm_company_{column}_trgm_idx ON crm_company "
            f"USING gin (agency_id, upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS crm_company_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
