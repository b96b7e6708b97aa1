"""Search understands how farmers ask: whole questions and symptoms, Central Vietnamese, regional words,
run-together syllables, Telex and VNI keyboard residue — and answers filler or gibberish with nothing.

The rules are tables in search.understanding (checked here table by table); everything else goes through the
JSON API and the search page, over realistic guides imported and indexed in the bundled engine.
"""

import pytest

from kb.importer import import_lines
from kb.models import GuidePage
from kb.text import fold
from search import indexes
from search.understanding import CONTENT, FILLER, GENERIC, from_keyboard, read, roles, split
from tests.helpers import closed_port, guide_line, step
from tests.helpers import guide_with_body as _guide

pytestmark = pytest.mark.django_db


HUE_GUIDES = [
    _guide("dao-on", "Phòng trừ bệnh đạo ôn hại lúa", "Bón phân hợp lý và phun thuốc đúng lúc cho lúa Đông Xuân.", [
        step("Nhận biết", "Vết bệnh hình thoi, tâm xám, viền nâu trên lá; ở cổ bông vết thâm đen làm bông bạc, lép."),
        {"type": "warning", "kind": "ppe", "text": "Mang khẩu trang, găng tay khi pha và phun thuốc."},
        {"type": "qa", "question": "Lúa bị cháy lá thì phun thuốc gì?",
         "answer": "Phun thuốc có hoạt chất Tricyclazole khi bệnh chớm xuất hiện."},
    ]),
    _guide("lon-nai", "Chăm sóc lợn nái sinh sản", "Phối giống, nuôi nái chửa và đỡ đẻ cho lợn nái.", [
        step("Đỡ đẻ", "Lau khô lợn con, cắt rốn, cho bú sữa đầu trong một giờ."),
        {"type": "qa", "question": "Nái đẻ xong bỏ ăn thì làm sao?",
         "answer": "Kiểm tra thân nhiệt và bầu vú; sốt, vú sưng cứng là viêm vú, gọi ngay cán bộ thú y."},
    ], commodities=["Lợn"], sector="livestock"),
    _guide("vo-beo-lon", "Vỗ béo lợn thịt trước khi xuất chuồng", "Khẩu phần giàu năng lượng trong 60 ngày cuối.",
           commodities=["Lợn"], sector="livestock"),
    _guide("thanh-tra", "Trồng mới bưởi thanh trà", "Đào hố, bón lót và trồng cây ghép sạch bệnh.",
           commodities=["Bưởi thanh trà"]),
    _guide("ech", "Nuôi ếch trong bể xi măng", "Thả ếch giống, cho ăn thức ăn viên và thay nước sạch.",
           commodities=["Ếch"], sector="aquaculture"),
    _guide("tom-cang", "Nuôi tôm càng xanh trong ruộng lúa", "Đào mương bao, thả giống và cho ăn bổ sung.",
           commodities=["Tôm càng xanh"], sector="aquaculture"),
    _guide("co-va06", "Trồng cỏ VA06 làm thức ăn cho bò", "Trồng bằng hom, cắt đúng lứa và ủ chua.", [
        step("Bón phân", "Bón NPK 16-16-8 sau mỗi lứa cắt, 3–4 kg mỗi sào."),
    ], commodities=["Bò"], sector="livestock"),
    _guide("ca-basa", "Nuôi cá basa trong lồng", "Đặt lồng nơi nước chảy, cho ăn thức ăn viên.",
           commodities=["Cá basa"], sector="aquaculture"),
    _guide("sa-nhan", "Trồng sa nhân dưới tán rừng", "Ba bước: chọn giống, làm đất và trồng sa nhân tím.",
           commodities=["Sa nhân"]),
    _guide("luon", "Nuôi lươn không bùn", "Bể bạt có giá thể, thức ăn viên và thay nước hằng ngày.",
           commodities=["Lươn"], sector="aquaculture"),
    _guide("shrimp-en", "White-leg shrimp in lined ponds", "Lined ponds on sand, water treatment and feeding.",
           commodities=["Tôm thẻ"], sector="aquaculture", locale="en"),
    _guide("spraying-en", "Spraying rice safely", "Mixing, spraying and waiting before harvest.", [
        step("Dress for it", "Wear rubber boots, gloves and a mask; never spray against the wind."),
    ], locale="en"),
]


@pytest.fixture
def hue_guides(search_index):
    report = import_lines(HUE_GUIDES, publish=True)
    assert report.ok, report.errors
    indexes.rebuild()


def found(client, q, **params):
    return client.get("/api/search", {"q": q, **params}).json()


def slugs(client, q, **params):
    return [r["slug"] for r in found(client, q, **params)["results"]]


# --- the tables -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("nuooi", "nuôi"), ("eechs", "ếch"), ("ddaoj", "đạo"), ("oon", "ôn"), ("vuwowfn", "vườn"), ("raayf", "rầy"),
    ("tiar", "tỉa"), ("buwowir", "bưởi"), ("khoer", "khỏe"), ("nguwowif", "người"),  # Telex
    ("to6m", "tôm"), ("ca1", "cá"), ("ca2ng", "càng"), ("na61m", "nấm"), ("ro7m", "rơm"), ("ru7o7ng", "rương"),  # VNI
    # no residue, or not one Vietnamese syllable: English words, numbers, codes
    ("nuoi", None), ("shrimp", None), ("pigs", None), ("ponds", None), ("va06", None), ("npk", None),
    ("bv10", None), ("h5n1", None), ("16", None), ("lúa", None),
])
def test_keyboard_residue_table(typed, meant):
    assert from_keyboard(typed) == meant


@pytest.mark.parametrize("word, pieces", [
    ("buoithanhtra", ["buoi", "thanh", "tra"]),
    ("nuoitomthe", ["nuoi", "tom", "the"]),
    ("benhdaoon", ["benh", "dao", "on"]),
    ("xyzqq", None),  # nothing the guides use
    ("buoi", None),  # one syllable stays whole
])
def test_run_together_split_table(word, pieces):
    counts = {"buoi": 3, "thanh": 5, "tra": 4, "than": 1, "nuoi": 9, "tom": 6, "the": 3, "benh": 7,
              "dao": 2, "on": 2, "da": 1, "oon": 1}
    assert split(word, counts, sum(counts.values())) == pieces


@pytest.mark.parametrize("query, expected", [
    ("lúa bị cháy lá phải làm sao", [CONTENT, FILLER, CONTENT, CONTENT, FILLER, FILLER, FILLER]),
    ("heo ăn chi rứa", [CONTENT, CONTENT, FILLER, FILLER]),
    ("tui nuôi vịt ở mô", [FILLER, GENERIC, CONTENT, FILLER, FILLER]),
    ("bao trái bao nhiêu", [CONTENT, CONTENT, FILLER, FILLER]),  # "bao" alone is a thing, "bao nhiêu" is not
    ("trồng cỏ", [GENERIC, CONTENT]),
    ("trong co", [GENERIC, CONTENT]),  # typed plain, "co" is as often cỏ (grass) as có
    ("nuoi de co duoc khong", [GENERIC, CONTENT, FILLER, FILLER, FILLER]),  # … but "có … không" asks
    ("mì", [CONTENT]),
    ("co thuoc j tri ko a", [FILLER, CONTENT, FILLER, CONTENT, FILLER, FILLER]),  # chat shorthand: ko = không
    ("heo tự nhiên bỏ ăn", [CONTENT, FILLER, FILLER, CONTENT, CONTENT]),  # "suddenly" is the story's
    ("my pigs stop eating", [FILLER, CONTENT, CONTENT, CONTENT]),
    ("what their pigs eat", [FILLER, FILLER, CONTENT, CONTENT]),  # English filler that no Vietnamese word is
    ("than cay bi thoi", [CONTENT, CONTENT, FILLER, CONTENT]),  # … but "than" typed plain is thân (stem)
])
def test_roles_table(query, expected):
    assert roles(query.split()) == expected


# --- through the API and the page ---------------------------------------------------------------------------

def test_keyboard_residue_telex_and_vni_is_read_as_the_letters_it_stands_for(client, hue_guides):
    assert slugs(client, "nuooi eechs")[0] == "ech"
    assert slugs(client, "to6m ca2ng xanh")[0] == "tom-cang"
    assert slugs(client, "beenhj ddaoj oon")[0] == "dao-on"
    assert slugs(client, "NUOOI LUWOWN")[0] == "luon"


def test_english_words_numbers_and_codes_are_left_alone(client, hue_guides):
    assert slugs(client, "VA06")[0] == "co-va06"
    assert slugs(client, "NPK 16-16-8")[0] == "co-va06"
    assert slugs(client, "shrimp ponds", locale="en") == ["shrimp-en"]
    assert found(client, "VA06")["did_you_mean"] is None
    # "boots" spells the Telex for bốt, but an English guide uses it: found on the English site and in both
    assert slugs(client, "boots", locale="en") == ["spraying-en"]
    assert "spraying-en" in slugs(client, "rubber boots")


def test_a_question_in_english_keeps_its_words_as_typed(client, hue_guides):
    # "cows" spells the Telex for cớ, which folds to the grass guide's "cỏ"; in a question written in English
    # it is an English word, and the question's story ("what", "should", "with") decides nothing
    question = found(client, "What should I feed my cows with?")
    assert "co-va06" not in [r["slug"] for r in question["results"]]
    assert "cớ" not in (question["did_you_mean"] or "")
    assert slugs(client, "Which boots should I wear after spraying?")[0] == "spraying-en"
    assert slugs(client, "nuooi eechs")[0] == "ech"  # a query without English filler is still read as Telex


def test_run_together_syllables_are_split_into_syllables_guides_use(client, hue_guides):
    assert slugs(client, "buoithanhtra")[0] == "thanh-tra"
    assert slugs(client, "nuoiluonkhongbun")[0] == "luon"
    assert slugs(client, "vobeoheo")[0] == "vo-beo-lon"  # split, then the regional name


def test_a_known_word_is_never_split(client, hue_guides):
    # "basa" is a word of a guide: it is not read as "ba sa", which the sa nhân guide would match
    assert slugs(client, "basa") == ["ca-basa"]


def test_question_filler_standard_and_central_never_decides_a_match(client, hue_guides):
    assert slugs(client, "lúa bị cháy lá thối cổ bông phải làm sao")[0] == "dao-on"
    assert slugs(client, "lúa bị đạo ôn thì làm răng")[0] == "dao-on"
    assert slugs(client, "heo nái đẻ xong không ăn chi hết")[0] == "lon-nai"
    assert slugs(client, "tui muốn nuôi ếch thì nuôi ở mô rứa")[0] == "ech"
    assert slugs(client, "cho tôi hỏi trồng bưởi thanh trà có được không ạ")[0] == "thanh-tra"


def test_a_symptom_matches_where_the_guide_describes_it_and_that_passage_is_highlighted(client, hue_guides):
    answer = found(client, "nái đẻ xong bỏ ăn thì làm sao")["results"][0]
    assert answer["slug"] == "lon-nai" and "viêm vú" in answer["highlight"]  # the answer, not the summary
    symptom = found(client, "cổ bông bị thâm đen bông bạc")["results"][0]
    assert symptom["slug"] == "dao-on" and "hình thoi" in symptom["highlight"]  # the step that describes it
    assert "<mark>" in symptom["highlight"]
    question = found(client, "lúa bị cháy lá thì phun thuốc gì")["results"][0]
    assert question["slug"] == "dao-on" and "Tricyclazole" in question["highlight"]
    keyword = found(client, "phun thuốc")["results"][0]
    assert keyword["highlight"].startswith("Bón phân")  # as often in the summary: a keyword search shows it


def test_regional_words_keep_working_in_sentences(client, hue_guides):
    assert slugs(client, "muốn vỗ mập heo trước khi bán thì làm răng")[0] == "vo-beo-lon"
    assert slugs(client, "heo nai de xong bo an")[0] == "lon-nai"


@pytest.mark.parametrize("q", ["xyzqq khong co", "làm sao vậy", "ở mô rứa mi", "có được không", "bzzkt phải làm sao",
                               "cho tôi hỏi cái này với", "e cam on a nhieu, e hieu r", "a oi co ai o day ko"])
def test_filler_or_gibberish_with_filler_finds_nothing_and_gets_the_zero_result_page(client, hue_guides, q):
    assert found(client, q)["total"] == 0
    page = client.get("/tim-kiem/", {"q": q}).content.decode()
    # nothing named: no unrelated "closest" guides, the page leads with asking an officer
    assert "Chưa tìm thấy" in page and "Hướng dẫn gần nhất" not in page and 'class="ask-officer"' in page


def test_one_strong_word_among_unmatched_ones_still_finds_its_guides(client, hue_guides):
    assert slugs(client, "cho hỏi xyzqq qwerty lươn abcd") == ["luon"]


def test_did_you_mean_and_suggestions_understand_residue_and_run_together_input(client, hue_guides):
    assert found(client, "nuooi eechs")["did_you_mean"] == "nuôi ếch"
    assert found(client, "benhdaoon")["did_you_mean"] == "bệnh đạo ôn"
    assert found(client, "lúa")["did_you_mean"] is None
    for q in ("nuooi eech", "buoithanh", "to6m ca2"):
        suggestions = client.get("/api/suggest", {"q": q}).json()["suggestions"]
        assert suggestions and suggestions[0]["slug"] == {"n": "ech", "b": "thanh-tra", "t": "tom-cang"}[q[0]], q


def test_the_database_fallback_understands_the_same_way(client, hue_guides, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    data = found(client, "nuooi eechs")
    assert data["degraded"] is True and [r["slug"] for r in data["results"]] == ["ech"]
    assert slugs(client, "buoithanhtra") == ["thanh-tra"]
    assert slugs(client, "lúa bị đạo ôn thì làm răng") == ["dao-on"]
    assert found(client, "làm sao vậy")["total"] == 0
    assert found(client, "xyzqq khong co")["total"] == 0


def test_only_visible_guides_teach_the_search_new_words(client, hue_guides):
    assert import_lines([guide_line("sam", "Trồng sâm Ngọc Linh dưới tán rừng")]).ok  # a draft
    assert found(client, "samm ngoc linh")["did_you_mean"] is None
    page = GuidePage.objects.get(slug="sam")
    page.save_revision().publish()
    assert found(client, "samm ngoc linh")["did_you_mean"] == "sâm ngoc linh"


def test_in_a_message_typed_with_diacritics_a_word_said_again_with_other_ones_is_another_word(hue_guides):
    """"máu" (blood) after "màu" (colour) is not the same word said twice when the guides write both: it was
    left out as said before, and with it the sign that tells coccidiosis from the other chicken diseases."""
    blood = _guide("cau-trung", "Phòng bệnh cầu trùng cho gà", "Phân màu nâu đỏ, có khi lẫn máu tươi.",
                   commodities=["Gà"], sector="livestock")
    assert import_lines([blood], publish=True).ok
    indexes.rebuild()
    told = "Gà nhà tôi ủ rũ, xù lông, đi phân màu nâu, sau có lẫn máu, chết rải rác, mào tím tái"
    understood = read(told)
    assert understood.message and "máu" in {part.text for part in understood.parts}
    plain = read(fold(told))
    assert [part.text for part in plain.parts].count("mau") == 1, "typed plain, it is one word said twice"


@pytest.mark.parametrize("budget", [8, 14])
def test_a_message_running_many_names_together_sends_at_most_max_query_names_the_first_named_kept(
        hue_guides, monkeypatch, budget):
    told = ("Nhà tôi nuôi heo, bò, gà, vịt, dê, ếch, tôm càng xanh; trồng bắp, dứa, sắn, lạc, bưởi thanh trà, lúa. "
            "Lợn nái bỏ ăn, lá lúa cháy, bưởi rụng quả, gà khò khè, tôm nổi đầu, dê ho.")
    assert sum(1 + len(part.alternatives) for part in read(told).parts) > 14
    monkeypatch.setattr("search.understanding.MAX_QUERY_NAMES", budget)
    understood = read(told)
    assert understood.message
    sent = sum(1 + len(part.alternatives) for part in understood.parts)
    assert budget - 3 <= sent <= budget, "the budget is used, never passed"
    # the first named is kept; "bò", named once where heo, gà, lúa… are named twice, weighs as a word
    assert "heo" in {part.text for part in understood.parts}, "the first named is kept"
