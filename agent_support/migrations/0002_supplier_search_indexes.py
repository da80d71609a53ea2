"""A trigram index, led by agency, for the directory's substring search on the supplier's name.

The search matches ``name_key`` (the name case-folded, without accents or punctuation) with a
case-sensitive ``LIKE``, so the index is on the column itself rather than on ``upper(...)``.
PostgreSQL only, as crm's 0002; on the embedded SQLite default the search scans the agency's rows.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS agent_support_supplier_name_key_trgm_idx ON agent_support_supplier "
        "USING gin (agency_id, name_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS agent_support_supplier_name_key_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("agent_support", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
