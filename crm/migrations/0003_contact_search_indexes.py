"""Trigram indexes, led by agency, for substring search on contacts' names and email.

PostgreSQL only, as in 0002; on the embedded SQLite default the search scans the agency's rows.
"""

from django.db import migrations

SEARCH_COLUMNS = ("first_name", "last_name", "email")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for column in SEARCH_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS crm_contact_{column}_trgm_idx ON crm_contact "
            f"USING gin (agency_id, upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS crm_contact_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("crm", "0002_company_search_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
