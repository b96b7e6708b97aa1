"""Dose rows stored before ranges and units with their own basis: see kb.stored_doses (reports each change)."""
from django.db import migrations

from kb.stored_doses import update_stored_guides


def forwards(apps, schema_editor):
    update_stored_guides(apps.get_model("kb", "GuidePage"), apps.get_model("wagtailcore", "Revision"))


class Migration(migrations.Migration):
    dependencies = [("kb", "0006_load_substances"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
