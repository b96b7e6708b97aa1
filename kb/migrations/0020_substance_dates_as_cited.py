"""The shipped substance list again (kb/data/substances.csv): an existing database gets the dates as the texts
give them (Phụ lục II of Thông tư 75/2025 from 10/02/2026, Thông tư 03/2012 from 01/03/2012, QĐ 4154's day
marked unchecked). `load_csv` creates or updates by name and scope and deletes nothing, so an officer's own
entries stay."""
from django.db import migrations

from kb.substances import load_csv


def reload_list(apps, schema_editor):
    load_csv(substance_model=apps.get_model("kb", "Substance"), listing_model=apps.get_model("kb", "Listing"))


class Migration(migrations.Migration):
    dependencies = [("kb", "0019_officer_role_en")]

    operations = [migrations.RunPython(reload_list, migrations.RunPython.noop)]
