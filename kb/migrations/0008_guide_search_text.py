from django.db import migrations, models


def fill(apps, schema_editor):
    """Fold the title and text of existing guides with today's rule (GuidePage.fold_search_fields); the
    full-text index over them is made after migrate by kb.fulltext.ensure."""
    from kb.models import GuidePage as Current

    Guide = apps.get_model("kb", "GuidePage")
    for guide in Guide.objects.only("pk", "title", "summary", "body").iterator():
        folded = Current(title=guide.title, summary=guide.summary, body=guide.body.raw_data)
        folded.fold_search_fields()
        Guide.objects.filter(pk=guide.pk).update(search_title=folded.search_title, search_text=folded.search_text)


class Migration(migrations.Migration):
    dependencies = [("kb", "0007_split_dose_units")]

    operations = [
        migrations.AddField(
            model_name="guidepage", name="search_title", field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="guidepage", name="search_text", field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
