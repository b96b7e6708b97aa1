"""The status, use, legal source and date of an entry now live in its listings (0010)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("kb", "0010_substance_listings"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="substance",
            options={"ordering": ["name"], "verbose_name": "hoạt chất", "verbose_name_plural": "hoạt chất cấm, được phép"},
        ),
        migrations.RemoveField(model_name="substance", name="banned_from"),
        migrations.RemoveField(model_name="substance", name="legal_source"),
        migrations.RemoveField(model_name="substance", name="status"),
        migrations.RemoveField(model_name="substance", name="use"),
    ]
