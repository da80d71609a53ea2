from django.db import migrations

from travault.column_statistics import statistics_target


class Migration(migrations.Migration):
    dependencies = [("activity_log", "0001_initial")]

    operations = [statistics_target("activity_log_activity", "company_id", 1000)]
