"""How farmers' queries match guides: accents, Unicode forms, ranking, synonyms, typos, facets, suggestions.

Guides are imported and indexed with a rebuild into a real engine; queries go through search.queries,
the interface the search page and API use.
"""
import unicodedata

import pytest

from kb.importer import import_lines
from kb.models import Commodity, GuidePage
from search import indexes
from search.queries import search_guides, suggest
from search.types import SearchParams
from tests.helpers import guide_line

pytestmark = pytest.mark.django_db


def index(*lines):
    report = import_lines(list(lines), publish=True)
    assert report.ok, report.errors
    indexes.rebuild()


def slugs(q, **filters):
    return [hit.slug for hit in search_guides(SearchParams(q=q, **filters)).hits]


def test_accents_case_and_d_stroke_do_not_matter(search_index):
    index(guide_line("dao-on", "Phòng bệnh đạo ôn cho lúa"),
          guide_line("ca-phe", "Tỉa cành cà phê", commodities=["Cà phê"]))
    for q in ("lua", "LÚA", "Lúa", "dao on", "ĐẠO ÔN", "benh dao on"):
        assert slugs(q) == ["dao-on"], q


def test_unicode_form_and_tone_placement_do_not_matter(search_index):
    index(guide_line("hoa", "Phân bón hoà tan cho rau", commodities=["Rau"]),
          guide_line("thuy", "Thủy lợi nội đồng", commodities=["Lúa"]),
          guide_line("khoe", "Giữ đàn gà khoẻ mạnh", commodities=["Gà"], sector="livestock"))
    assert slugs("hòa tan") == ["hoa"]
    assert slugs(unicodedata.normalize("NFD", "phân bón hoà tan")) == ["hoa"]
    assert slugs("thuỷ lợi") == ["thuy"]
    assert slugs(unicodedata.normalize("NFD", "Thủy lợi")) == ["thuy"]
    assert slugs("gà khỏe") == ["khoe"]


def test_exact_diacritics_rank_above_folded_matches(search_index):
    index(guide_line("ca-tim", "Trồng cà tím", commodities=["Cà tím"]),
          guide_line("ca-cao", "Trồng ca cao dưới tán", commodities=["Ca cao"]),
          guide_line("ca-ro", "Nuôi cá rô đồng", commodities=["Cá rô đồng"], sector="aquaculture"))
    assert slugs("cá")[0] == "ca-ro"
    assert slugs("cà")[0] == "ca-tim"
    assert set(slugs("ca")) == {"ca-tim", "ca-cao", "ca-ro"}


def test_a_name_of_several_words_typed_with_diacritics_matches_only_as_typed(search_index):
    index(guide_line("bo-lai", "Vỗ béo bò lai Sind", commodities=["Bò lai"], sector="livestock"),
          guide_line("bo-lai-ruong", "Ruộng bỏ lại sau thu hoạch: làm đất cho vụ sau", commodities=["Lúa"]))
    assert slugs("bò lai") == ["bo-lai"]
    assert slugs("vỗ béo bò lai")[0] == "bo-lai"
    assert set(slugs("bo lai")) == {"bo-lai", "bo-lai-ruong"}  # typed plain, it may be either


def test_adjacent_syllables_rank_above_scattered_ones(search_index):
    index(guide_line("rai-rac", "Cá giống: tra cứu nơi bán và vận chuyển cá", commodities=["Cá giống"],
                     sector="aquaculture"),
          guide_line("ca-tra", "Nuôi cá tra thương phẩm", commodities=["Cá basa"], sector="aquaculture"))
    assert slugs("cá tra")[0] == "ca-tra"
    assert slugs("ca tra")[0] == "ca-tra"


def test_regional_names_are_synonyms_both_ways(search_index):
    index(guide_line("lon", "Vỗ béo lợn thịt", commodities=["Vật nuôi"], sector="livestock"),
          guide_line("heo", "Chuồng nuôi heo nái", commodities=["Gia súc"], sector="livestock"),
          guide_line("bap", "Trồng bắp nếp", commodities=["Bắp nếp"]),
          guide_line("khoai-mi", "Trồng khoai mì trên đất đồi", commodities=["Cây củ"]))
    assert "lon" in slugs("heo") and "heo" in slugs("lợn")
    assert slugs("ngô") == ["bap"]
    assert slugs("san") == ["khoai-mi"]
    assert "lon" in slugs("nuoi heo")


def test_commodity_alternative_names_work_as_soon_as_edited(search_index):
    index(guide_line("dia", "Nuôi cá dìa trong lồng", commodities=["Cá dìa"], sector="aquaculture"))
    assert slugs("giò") == [] and slugs("nâu") == []  # the guide never says either
    commodity = Commodity.objects.get(name="Cá dìa")
    commodity.alt_names = "Cá giò\nCá nâu"
    commodity.save()
    assert slugs("ca gio") == ["dia"]
    assert slugs("cá nâu") == ["dia"]


def test_one_typo_in_a_longer_word_is_forgiven(search_index):
    index(guide_line("khoai-lang", "Trồng khoai lang trên đất cát", commodities=["Khoai lang"]),
          guide_line("thanh-long", "Chăm sóc thanh long ra hoa", commodities=["Thanh long"]))
    assert slugs("khoaai lang")[0] == "khoai-lang"
    assert slugs("thanh lonh")[0] == "thanh-long"
    assert slugs("chăm sócc thanh long")[0] == "thanh-long"


def test_facets_combine_and_filter(search_index):
    index(guide_line("lua-1", "Bón phân cho lúa", months=[2, 3], regions=["Phú Vang"]),
          guide_line("lua-2", "Tưới nước cho lúa", months=[3], regions=["Phong Điền"]),
          guide_line("heo-1", "Tiêm phòng cho lợn", commodities=["Lợn"], sector="livestock", months=[3]))
    result = search_guides(SearchParams(month=3))
    assert result.total == 3
    assert {f["value"]: f["count"] for f in result.facets["sector"]} == {"crop": 2, "livestock": 1}
    crop = search_guides(SearchParams(month=3, sector="crop"))
    assert crop.total == 2 and {h.slug for h in crop.hits} == {"lua-1", "lua-2"}
    # Each facet counts with the other filters applied, not its own: sector still offers livestock.
    assert {f["value"]: f["count"] for f in crop.facets["sector"]} == {"crop": 2, "livestock": 1}
    assert {f["label"] for f in crop.facets["commodity"]} == {"Lúa"}
    months = {f["value"]: f["count"] for f in crop.facets["month"]}
    assert months == {2: 1, 3: 2}
    region = crop.facets["region"]
    assert {f["label"] for f in region} == {"Phú Vang", "Phong Điền"}
    both = search_guides(SearchParams(sector="crop", region=region[0]["value"]))
    assert both.total == 1


def test_hits_carry_what_the_results_page_shows(search_index):
    index(guide_line("bon-phan", "Bón phân <đúng> cách cho lúa", summary="Bón lót & bón thúc cho lúa.",
                     months=[1, 2]))
    hit = search_guides(SearchParams(q="bon thuc")).hits[0]
    assert hit.title == "Bón phân <đúng> cách cho lúa"
    assert hit.url.endswith("/bon-phan/")
    assert hit.highlight == "<mark>Bón</mark> lót &amp; <mark>bón</mark> <mark>thúc</mark> cho lúa."
    assert hit.commodities == ["Lúa"] and hit.months == [1, 2] and hit.sector == "crop"


def test_paging_and_newest_first(search_index):
    index(*(guide_line(f"lua-{n}", f"Giống lúa số {n}") for n in range(5)))
    first = search_guides(SearchParams(q="giong lua", page=1, page_size=2))
    second = search_guides(SearchParams(q="giong lua", page=3, page_size=2))
    assert first.total == 5 and len(first.hits) == 2 and len(second.hits) == 1
    newest = search_guides(SearchParams(q="giong lua", sort="newest"))
    assert [h.slug for h in newest.hits] == [f"lua-{n}" for n in reversed(range(5))]


def test_suggestions_as_you_type(search_index):
    index(guide_line("ca-tra", "Nuôi cá tra thương phẩm", commodities=["Cá tra"], sector="aquaculture"),
          guide_line("ca-ro", "Nuôi cá rô đồng", commodities=["Cá rô đồng"], sector="aquaculture"),
          guide_line("lua", "Bón phân cho lúa"))
    assert [s["slug"] for s in suggest("nuoi ca t")] == ["ca-tra"]
    assert {s["slug"] for s in suggest("Nuôi cá")} == {"ca-tra", "ca-ro"}
    assert suggest("bón ph")[0] == {"page_id": GuidePage.objects.get(slug="lua").pk, "title": "Bón phân cho lúa",
                                    "url": suggest("bon")[0]["url"], "slug": "lua"}
    assert suggest("") == []


def test_a_word_no_guide_has_costs_ranking_not_every_result(search_index):
    index(guide_line("vo-beo", "Vỗ béo lợn thịt", commodities=["Lợn"], sector="livestock"),
          guide_line("bo", "Vỗ béo bò", commodities=["Bò"], sector="livestock"))
    assert slugs("vỗ béo heo mau lớn")[0] == "vo-beo"


def test_the_body_is_searchable_steps_materials_warnings_and_answers(search_index):
    line = guide_line("phun", "Phòng rầy nâu", commodities=["Lúa"])
    import json

    data = json.loads(line)
    data["body"] = [
        {"type": "materials", "rows": [{"name": "Chế phẩm Metarhizium", "quantity": 1, "unit": "kg", "per": "sao"}]},
        {"type": "warning", "kind": "phi", "text": "Cách ly bảy ngày trước khi gặt", "days": 7},
        {"type": "qa", "question": "Phun lúc nào?", "answer": "Phun lúc chiều mát khi gió nhẹ."},
    ]
    index(json.dumps(data, ensure_ascii=False))
    for q in ("metarhizium", "cach ly truoc khi gat", "chieu mat gio nhe"):
        assert slugs(q) == ["phun"], q


def test_a_sentence_few_guides_match_in_full_also_finds_the_guide_that_says_it_otherwise(search_index):
    index(guide_line("heo-day", "Dưa hấu bị héo dây rồi chết", commodities=["Dưa hấu"],
                     body="Cây dưa hấu trên đất cát tự nhiên héo rũ rồi chết: bệnh héo vàng."),
          guide_line("trong-dua", "Trồng dưa hấu trên đất cát", commodities=["Dưa hấu"],
                     summary="Lên luống, tưới nhỏ giọt và phòng bệnh héo rũ cho dưa hấu."),
          guide_line("nuoi-ga", "Nuôi gà thả vườn", commodities=["Gà"], sector="livestock"))
    found = slugs("cây dưa hấu tự nhiên héo rũ rồi chết")
    assert found == ["heo-day", "trong-dua"], "the full match first, then the guide sharing some of its words"
    assert slugs("cát tưới nhỏ giọt") == ["trong-dua"], "a short query keeps needing its words"
