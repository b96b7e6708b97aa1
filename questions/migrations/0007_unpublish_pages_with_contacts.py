"""Q&A pages published before the anonymiser knew every way a phone number is typed ("(0905)123456",
"(0905) 123 456", "0905/123/456", "0905,123,456", "0905_123_456") or found introduced names may still show
one. This runs the current `core.anonymise.removals()` over every live Q&A page's title and question (the
farmer's words; the answer is the officer's) and takes down each page where it would remove anything.

Unpublished, not masked in place. Unpublishing loses nothing — the page, its revisions and the farmer's
question are all kept — and shows no phone from the moment it runs: the page is recorded hidden, so
searches leave it out of hits and counts, and the periodic reconcile drops its document. Masking in place
would have left the number in the search engine's copy until that reconcile and in the page's address (the
slug comes from the title), and would have blanked words the anonymiser took for a name with nobody
checking. The farmer's question goes back to "answered", so it waits in the officers' inbox: the confirm
screen marks what would be removed, refuses a phone, e-mail or link in the title or text, and republishes
the same page. A page with no farmer's question behind it (written in the admin) is republished from the
page editor."""
from django.db import migrations
from django.utils import timezone

from core.anonymise import normal, removals


def needing_check(rows):
    """The ids among `rows` ((page id, title, question)) whose title or question anonymising would change."""
    return sorted(pk for pk, title, question in rows if removals(normal(title)) or removals(normal(question)))


def unpublish(apps, schema_editor):
    QuestionAnswerPage = apps.get_model("kb", "QuestionAnswerPage")
    Page = apps.get_model("wagtailcore", "Page")
    FarmerQuestion = apps.get_model("questions", "FarmerQuestion")
    HiddenPage = apps.get_model("search", "HiddenPage")
    pages = needing_check(QuestionAnswerPage.objects.filter(live=True).values_list("pk", "title", "question"))
    if not pages:
        return
    Page.objects.filter(pk__in=pages).update(live=False, has_unpublished_changes=True, live_revision=None)
    FarmerQuestion.objects.filter(published_page_id__in=pages, status="published").update(status="answered")
    now = timezone.now()
    HiddenPage.objects.bulk_create([HiddenPage(page_id=pk, since=now) for pk in pages], ignore_conflicts=True)
    try:  # searches cached under the old stamp are not used again; each process rereads the hidden pages
        from search.stamp import bump
        bump()
    except Exception as error:  # the cache may be down while migrating: its entries expire within a minute
        print(f"\n  search stamp not moved ({error}); cached searches expire within a minute")
    print(f"\n  unpublished {len(pages)} Q&A page(s) whose title or question holds a phone number, e-mail, link "
          f"or name, for an officer to check and republish: {pages}")


class Migration(migrations.Migration):
    dependencies = [("questions", "0006_farmerquestion_no_guide"), ("search", "0004_hidden_pages")]
    operations = [migrations.RunPython(unpublish, migrations.RunPython.noop)]
