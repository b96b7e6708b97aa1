"""The guide document without the engine: its content hash, and the declared rows it copies."""
from datetime import datetime

import pytest

from search.documents import GUIDE_DEPENDENCIES, content_hash, indexable_guides, prepare

SOURCE = {"page_id": 7, "title": "Phòng bệnh đạo ôn", "regions": ["Phú Vang"], "months": [6, 7],
          "first_published_at": datetime(2026, 5, 1, 8, 30)}


def test_the_content_hash_depends_on_the_values_not_the_key_order():
    assert content_hash(SOURCE) == content_hash(dict(reversed(list(SOURCE.items()))))
    assert len(content_hash(SOURCE)) == 32


@pytest.mark.parametrize("change", [{"regions": ["Thuận An"]}, {"months": [7, 6]}, {"title": "Phòng bệnh đạo ôn "},
                                    {"first_published_at": datetime(2026, 5, 1, 8, 31)}, {"extra": None}])
def test_any_change_of_the_source_changes_the_content_hash(change):
    assert content_hash({**SOURCE, **change}) != content_hash(SOURCE)


COPIED = {  # dependency name → (how the test guide names the row, the field whose text the document copies)
    "commodity": ("kb.Commodity", {"slug": "lua"}, "name"),
    "region": ("kb.Region", {"name": "Phú Vang"}, "name"),
    "topic": ("taggit.Tag", {"name": "Sâu bệnh"}, "name"),
    "technology": ("kb.Technology", {"slug": "sri"}, "provider"),
    "officer": ("kb.Officer", {"slug": "chi-lan"}, "phone"),
    "locale": ("wagtailcore.Locale", {"language_code": "vi"}, None),  # its code is copied; never edited
}


@pytest.fixture
def guides(db):
    from kb.importer import import_lines
    from kb.models import Officer, Technology
    from tests.helpers import guide_line

    Technology.objects.create(name="Canh tác lúa SRI", slug="sri", provider="Đại học Nông Lâm Huế")
    Officer.objects.create(name="Nguyễn Thị Chi Lan", slug="chi-lan", phone="0900 000 123")
    shared = dict(commodities=["Lúa"], regions=["Phú Vang"], topics=["Sâu bệnh"], technology="sri",
                  officers=["chi-lan"])
    report = import_lines([guide_line("live", "Lúa vụ Hè Thu", **shared, publish=True),
                           guide_line("draft", "Lúa vụ Đông Xuân", **shared)])
    assert report.ok, report.errors


def test_every_row_a_document_copies_is_declared(guides):
    declared = {dependency.name for dependency in GUIDE_DEPENDENCIES}
    assert set(COPIED) <= declared


@pytest.mark.parametrize("name", COPIED)
def test_a_declared_row_finds_the_visible_guides_that_show_it_and_changes_their_document(guides, name):
    from django.apps import apps

    label, lookup, field = COPIED[name]
    dependency = next(d for d in GUIDE_DEPENDENCIES if d.name == name)
    row = apps.get_model(label).objects.get(**lookup)
    live = indexable_guides().get(slug="live")
    assert list(dependency.guides(row)) == [live.pk], "the draft that shows it is not in the index"

    if field:
        before = prepare(live)["content_hash"]
        setattr(row, field, f"{getattr(row, field)} mới")
        row.save()
        assert prepare(indexable_guides().get(pk=live.pk))["content_hash"] != before
