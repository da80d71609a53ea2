"""A trigram index, led by agency, for the directory's substring search on the supplier's name.

The search matches ``name_key`` (the name case-folded, without accents or punctuation) with a
case-sensitive ``LIKE``, so the index is on the column itself rather than on ``upper(...)``.
"""

from django.db import migrations

from travault.search_indexes import TrigramIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("agent_support", "0001_initial")]

    operations = [trigram_indexes(TrigramIndex("agent_support_supplier", "name_key", upper=False))]
