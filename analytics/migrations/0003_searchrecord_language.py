"""The site language of each search, so that the report keeps "lúa" asked on the English site apart from
"lúa" asked on the Vietnamese one. Searches recorded before have none ("")."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_alter_searchrecord_source")]

    operations = [
        migrations.AddField(
            model_name="searchrecord",
            name="language",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="ngôn ngữ"),
        ),
    ]
