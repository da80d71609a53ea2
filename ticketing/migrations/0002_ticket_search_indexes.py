"""Trigram indexes, led by agency, for the ticket search's substring match on the description and on
the subject's name (the company name is covered by crm's 0002)."""

from django.db import migrations

from travault.search_indexes import TrigramIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("ticketing", "0001_initial")]

    operations = [
        trigram_indexes(TrigramIndex("ticketing_ticket", "description"), TrigramIndex("ticketing_ticketsubject", "name"))
    ]
