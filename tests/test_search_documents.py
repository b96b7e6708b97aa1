"""The guide document without the engine: its content hash, and the declared rows it copies."""
import pytest

from search.builders import build_guide, indexable_guides
from search.dependencies import GUIDE_DEPENDENCIES
from search.digest import content_hash
from search.documents import expected_states

COPIES = {"url_path": [["/home/trong-trot/lua/"]], "regions": [["Phú Vang", "phu-vang"], ["Hương Trà", "huong-tra"]],
          "technology": []}


def test_the_content_hash_depends_on_the_values_not_the_order_of_related_rows():
    reordered = {"technology": [], "regions": COPIES["regions"][::-1], "url_path": COPIES["url_path"]}
    assert content_hash(reordered) == content_hash(COPIES)
    assert len(content_hash(COPIES)) == 32


@pytest.mark.parametrize("change", [{"regions": [["Thuận An", "phu-vang"], ["Hương Trà", "huong-tra"]]},
                                    {"regions": [["Phú Vang", "phu-vang"]]}, {"url_path": [["/home/cay-trong/lua/"]]},
                                    {"technology": [["SRI", "Đại học Nông Lâm Huế", "none"]]}])
def test_any_change_of_a_copied_value_changes_the_content_hash(change):
    assert content_hash({**COPIES, **change}) != content_hash(COPIES)


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
        before = build_guide(live)["content_hash"]
        assert expected_states()[live.pk] == (live.live_revision_id, before)
        setattr(row, field, f"{getattr(row, field)} mới")
        row.save()
        after = build_guide(indexable_guides().get(pk=live.pk))["content_hash"]
        assert after != before
        assert expected_states()[live.pk] == (live.live_revision_id, after), "reconcile reads the same digest"


def test_reconcile_reads_from_the_database_the_digest_each_document_stores(guides):
    """`expected_states` joins the copied rows in the database instead of building documents: it must give
    what `build_guide` stores, for guides with and without each kind of related row."""
    from kb.importer import import_lines
    from tests.helpers import guide_line

    assert import_lines([guide_line("bare", "Ủ phân chuồng", commodities=(), publish=True)]).ok
    stored = {page.pk: (page.live_revision_id, build_guide(page)["content_hash"]) for page in indexable_guides()}
    assert len(stored) == 2 and expected_states() == stored
