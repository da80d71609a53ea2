"""Trigram indexes, led by agency, for substring search on contacts' names and email."""

from django.db import migrations

from travault.search_indexes import TrigramIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("crm", "0002_company_search_indexes")]

    operations = [
        trigram_indexes(*(TrigramIndex("crm_contact", column) for column in ("first_name", "last_name", "email")))
    ]
