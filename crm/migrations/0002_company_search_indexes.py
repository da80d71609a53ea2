"""Trigram indexes, led by agency, for the company list's substring search on name, email and city."""

from django.db import migrations

from travault.search_indexes import TrigramIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [trigram_indexes(*(TrigramIndex("crm_company", column) for column in ("name", "email", "city")))]
