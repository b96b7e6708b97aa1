"""SearchRecord now belongs to the analytics app (see analytics/migrations/0001_initial.py): only the model
state leaves; the table and its rows stay where they are."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_report_permission"), ("analytics", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SearchRecord")],
                                            database_operations=[]),
    ]
