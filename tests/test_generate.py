"""`manage.py generate_guides`: synthetic guides that are real, live, well-formed pages."""
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from kb.models import GuidePage


@pytest.mark.django_db
def test_generated_guides_are_live_pages_in_a_valid_tree(client, capsys):
    call_command("load_demo")
    before = GuidePage.objects.count()
    call_command("generate_guides", "--count", "120", "--seed", "3")
    assert "120 guides generated" in capsys.readouterr().out
    generated = GuidePage.objects.filter(slug__startswith="tu-dong-")
    assert generated.count() == 120 == GuidePage.objects.count() - before
    assert all(not problems for problems in Page.find_problems()), "paths, depths and child counts are right"
    guide = generated.order_by("?").first()
    assert guide.live and guide.live_revision_id and guide.latest_revision_id == guide.live_revision_id
    assert guide.commodities.exists() and guide.months and guide.steps
    response = client.get(guide.url)
    assert response.status_code == 200 and guide.title in response.content.decode()
    titles = set(generated.values_list("title", flat=True))
    assert len(titles) > 100, "titles vary"
    lua = generated.filter(commodities__name="Lúa").count()
    assert 0 < lua < 60, "a commodity matches a realistic share of generated guides, not all"


@pytest.mark.django_db
def test_generating_needs_a_positive_count():
    with pytest.raises(CommandError):
        call_command("generate_guides", "--count", "0")
