"""Answers published before consent was checked may show a farmer's words the farmer did not agree to
publish. Take those pages down (the periodic search reconcile drops them from the index) and put their
questions back to "answered": an officer republishes each from the confirm screen, in their own words."""
from django.db import migrations


def unpublish(apps, schema_editor):
    FarmerQuestion = apps.get_model("questions", "FarmerQuestion")
    Page = apps.get_model("wagtailcore", "Page")
    questions = FarmerQuestion.objects.filter(consent=False, published_page__isnull=False)
    pages = list(questions.values_list("published_page_id", flat=True))
    if pages:
        Page.objects.filter(pk__in=pages).update(live=False, has_unpublished_changes=True)
        questions.update(status="answered")
        print(f"\n  unpublished {len(pages)} Q&A page(s) shown without the farmer's consent: {pages}")


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_permissions")]
    operations = [migrations.RunPython(unpublish, migrations.RunPython.noop)]
