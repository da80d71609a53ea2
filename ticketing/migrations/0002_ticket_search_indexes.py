"""Trigram indexes, led by agency, for the ticket search's substring match on the description and on
the subject's name (the company name is covered by crm's 0002).

PostgreSQL only, as crm's 0002; on the embedded SQLite default the search scans the agency's rows.
"""

from django.db import migrations

SEARCH_COLUMNS = (("ticketing_ticket", "description"), ("ticketing_ticketsubject", "name"))


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for table, column in SEARCH_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm_idx ON {table} "
            f"USING gin (agency_id, upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("ticketing", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
