"""Farmers' messages as they send them — a story around a pest's name, signs instead of a disease's name, a
folk name, diacritics that mean something, up to 2,000 characters — answered through the JSON API and the
page; published questions found while the engine is down; the English site and commodity names."""
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from kb.importer import import_lines
from kb.models import Commodity, Problem
from kb.text import fold
from questions.models import FarmerQuestion
from questions.publishing import publish_answer
from search import indexes
from tests.helpers import closed_port, guide_with_body, step

pytestmark = pytest.mark.django_db


def guide(slug, title, summary, steps, commodities, sector="crop", **extra):
    return guide_with_body(slug, title, summary, [step(t, x) for t, x in steps], commodities=commodities,
                           sector=sector, **extra)


# Guides as officers write them: each names its disease or pest once or twice, and says nothing of the folk
# names or of most signs a farmer writes (those come from the problems' vocabulary, kb.Problem).
GUIDES = [
    guide("bo-xit-dai", "Phòng trừ bọ xít dài hại lúa", "Thăm đồng, bắt bằng vợt và phun đúng lúc khi lúa trổ.",
          [("Thăm đồng", "Kiểm tra bờ cỏ, bụi cây quanh ruộng từ khi lúa trổ."),
           ("Phun thuốc", "Phun vào sáng sớm hoặc chiều mát khi mật độ vượt ngưỡng.")], ["Lúa"]),
    guide("lua-he-thu", "Sản xuất lúa Hè Thu trên ruộng hai vụ",
          "Làm đất, gieo sạ, bón phân và phun thuốc cho ruộng lúa Hè Thu mấy sào.",
          [("Làm đất", "Cày vùi rạ, trục kỹ ruộng, san phẳng mặt ruộng."),
           ("Phun thuốc", "Phun hai lần khi cần, mỗi lần đủ lượng nước cho một sào ruộng.")], ["Lúa"]),
    guide("lmlm-bo", "Phòng bệnh lở mồm long móng cho bò", "Tiêm vắc xin định kỳ và giữ chuồng sạch.",
          [("Tiêm phòng", "Tiêm vắc xin sáu tháng một lần theo lịch của thú y xã."),
           ("Vệ sinh", "Quét dọn, rắc vôi và phun sát trùng chuồng hằng tuần.")], ["Bò"], sector="livestock"),
    guide("vo-beo-bo", "Vỗ béo bò trước khi bán", "Cỏ tươi, rơm ủ và thức ăn tinh trong ba tháng.",
          [("Khẩu phần", "Mỗi ngày cỏ tươi, rơm ủ urê tự do và thức ăn tinh chia hai bữa.")], ["Bò"],
          sector="livestock"),
    guide("newcastle", "Phòng bệnh Newcastle cho gà", "Lịch nhỏ vắc xin và cách ly gà ốm.",
          [("Nhỏ vắc xin", "Nhỏ mắt vắc xin lúc 7 và 21 ngày tuổi, nhắc lại lúc 2 tháng.")], ["Gà"],
          sector="livestock"),
    guide("ga-tha-vuon", "Nuôi gà thả vườn", "Úm gà con, làm chuồng và vườn thả.",
          [("Úm", "Giữ ấm gà con bằng đèn sưởi trong tuần đầu.")], ["Gà"], sector="livestock"),
    guide("chong-chay-rung", "Phòng chống cháy rừng keo", "Làm đường băng cản lửa, không đốt thực bì.",
          [("Băng cản lửa", "Phát dọn băng rộng 10 m quanh lô rừng trước mùa khô.")], ["Keo lai"]),
    guide("lua-sach", "Trồng lúa sạch", "Giống xác nhận, bón phân hữu cơ cho lúa.",
          [("Giống", "Dùng giống xác nhận, ngâm ủ kỹ.")], ["Lúa"]),
]


@pytest.fixture
def hue(search_index):
    report = import_lines(GUIDES, publish=True)
    assert report.ok, report.errors
    indexes.rebuild()


def slugs(client, q, **params):
    response = client.get("/api/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [hit["slug"] for hit in response.json()["results"]]


def test_a_guide_is_linked_to_the_problems_it_names(hue):
    from kb.models import GuidePage

    assert {p.name for p in GuidePage.objects.get(slug="lmlm-bo").problems.all()} == {"Lở mồm long móng"}
    assert {p.name for p in GuidePage.objects.get(slug="newcastle").problems.all()} == {"Newcastle"}
    assert not GuidePage.objects.get(slug="vo-beo-bo").problems.exists()


def test_a_problems_name_inside_a_commoditys_name_names_no_problem(hue):
    """"dưa chuột" (cucumber) holds "chuột", another name of the rats that eat rice: the cucumber guide is not
    linked to them, and took their names and signs (a biogas bag bitten by rats found it first)."""
    from kb.models import GuidePage

    more = [guide("dua-chuot", "Trồng dưa chuột leo giàn", "Làm giàn, tỉa nhánh và hái dưa chuột đúng lứa.",
                  [("Giàn", "Cắm giàn chữ A khi dưa chuột có 4–5 lá thật.")], ["Dưa chuột"]),
            guide("diet-chuot", "Diệt chuột bảo vệ lúa", "Đào bắt, đặt bẫy và rào ni lông quanh ruộng.",
                  [("Bẫy", "Đặt bẫy dọc bờ ruộng nơi chuột hay đi.")], ["Lúa"])]
    assert import_lines(more, publish=True).ok
    assert not GuidePage.objects.get(slug="dua-chuot").problems.exists()
    assert [p.name for p in GuidePage.objects.get(slug="diet-chuot").problems.all()] == ["Chuột hại lúa"]


def test_a_story_finds_the_guide_of_the_pest_it_names(client, hue):
    story = ("Vụ hè thu này nhà tôi cấy 2 sào ở Quảng Điền, mấy hôm nay ra đồng thấy ruộng có nhiều bọ xít dài, "
             "tôi đã phun hai lần mà không hết, giờ phải làm răng?")
    assert slugs(client, story)[0] == "bo-xit-dai"


def test_a_place_a_farmer_names_is_a_place_not_the_signs_its_words_spell(client, hue):
    """Typed plain, "Phu Vang" (a district of Huế) spells "phù" (swelling) and "vàng" (yellow), two signs: the
    guide on yellowing rice came first for leaves rolled up by a caterpillar."""
    more = [guide("vang-la-lua", "Phòng trị bệnh vàng lá lúa", "Lá lúa vàng từ chóp xuống, bón phân cân đối.",
                  [("Bón phân", "Bón đủ kali, không bón thừa đạm khi lá vàng.")], ["Lúa"]),
            guide("cuon-la-lua", "Phòng trừ sâu cuốn lá nhỏ hại lúa", "Thăm đồng, phun khi sâu tuổi nhỏ.",
                  [("Phun thuốc", "Phun lúc chiều mát khi mật độ sâu vượt ngưỡng.")], ["Lúa"])]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    assert slugs(client, "lua o phu vang la bi cuon")[0] == "cuon-la-lua"
    assert slugs(client, "lúa ở Phú Vang lá bị cuốn")[0] == "cuon-la-lua"


def test_a_sentence_saying_what_a_farmer_raises_is_read_even_by_a_name_no_list_knows(client, hue):
    """A long letter is read by its sentences that tell something: a sign, a name, or what the farmer grows or
    raises ("nuôi cá dìa"), though no list knows "cá dìa"; greetings and where they live tell nothing. The
    page's links carry the parts the search used."""
    letter = ("Kính gửi quý báo. Tôi ở xã Quảng Lợi, huyện Quảng Điền, gần phá Tam Giang. Tôi định nuôi cá dìa. "
              "Xin hỏi khung lồng làm bằng tre hay ống thép, lưới cỡ mắt bao nhiêu, thả giống cỡ nào và mật độ "
              "bao nhiêu con một lồng? Mùa lũ nước ngọt tràn về thì phải xử lý lồng ra sao? Xin chân thành cảm ơn.")
    page = client.get("/tim-kiem/", {"q": letter})
    assert page.status_code == 200
    used = {parse_qs(urlsplit(html.unescape(link)).query)["q"][0]
            for link in re.findall(r'href="(\?[^"]*sort=newest[^"]*)"', page.content.decode())}
    assert len(used) == 1
    used = used.pop().split()
    assert "dìa" in used and "lồng" in used and "mắt" in used
    assert not {"quý", "báo", "tam", "giang"} & set(used)


def test_a_gas_stove_typed_plain_is_no_chicken(client, hue):
    """Typed without diacritics "ga" is gà (chicken), except in the names of a biogas bag's parts: "bep ga" is
    its stove (synonyms.txt), and the chicken guides came first for a weak flame."""
    biogas = guide("biogas", "Làm hầm biogas bằng túi ni lông", "Túi ủ phân chuồng lấy khí đun nấu.",
                   [("Lắp đặt", "Nối ống dẫn khí từ túi ủ tới bếp ga, lắp van an toàn.")], ["Lợn"], sector="livestock")
    assert import_lines([biogas], publish=True).ok
    indexes.rebuild()
    assert slugs(client, "bep ga yeu qua")[0] == "biogas"
    assert slugs(client, "nuoi ga tha vuon")[0] == "ga-tha-vuon"  # alone, "ga" is still the chicken


def test_typed_plain_a_word_that_is_also_an_animal_names_it_only_where_the_message_says_so(client, hue):
    """Typed plain, "de" is dê (goat) or để (so that), "luon" lươn (eel) or luôn (always), "bo" bò or bỏ: in a
    message such a word names the animal only where a word beside it says so ("con de", "bo nha toi") or as
    a sentence's subject ("lac vang la"); every "để" of a farmer's plain letter about rice put the goat guide
    among the first. Typed with diacritics, a name written without them ("ong") is the name."""
    more = [guide("nuoi-de", "Nuôi dê nhốt chuồng", "Chuồng sàn cao, cỏ và lá cây cho dê thịt.",
                  [("Chuồng", "Làm chuồng sàn cao 1 m, thoáng, dễ dọn phân dê.")], ["Dê"], sector="livestock"),
            guide("nuoi-luon", "Nuôi lươn không bùn", "Bể xi măng, giá thể và thức ăn cho lươn.",
                  [("Bể", "Thay nước cho lươn hằng ngày.")], ["Lươn"], sector="aquaculture"),
            guide("lac-xuan", "Trồng lạc vụ xuân trên đất cát", "Chọn giống, mật độ gieo và thời vụ.",
                  [("Bón vôi", "Thiếu vôi và lân, lạc vàng lá, hạt lép.")], ["Lạc"]),
            guide("nuoi-ong", "Nuôi ong trong vườn nhãn", "Đặt thùng, chia đàn và giữ ong qua mùa mưa.",
                  [("Mùa mưa", "Cho ăn nước đường khi không có hoa, thu hẹp cửa tổ.")], ["Ong"], sector="livestock"),
            guide("vang-la-lua", "Phòng trị bệnh vàng lá lúa", "Lá lúa vàng từ chóp xuống, hạt lép: bón phân cân đối.",
                  [("Bón phân", "Bón đủ kali, không bón thừa đạm khi lá vàng.")], ["Lúa"]),
            guide("hoa-nhan", "Giữ hoa nhãn trong mùa mưa", "Trời mưa suốt, hoa rụng hết: tỉa cành, bón kali.",
                  [("Tỉa cành", "Tỉa cành tăm, cành sâu bệnh cho tán thoáng, hoa ít rụng.")], ["Nhãn"])]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    rice = ("nha toi cay 2 sao lua he thu, de ruong kho may ngay roi bon phan, toi phun thuoc de tru sau hai lan, "
            "lua van luon vang, bo phan gi them de lua len xanh")
    assert not {"nuoi-de", "nuoi-luon", "vo-beo-bo", "lmlm-bo"} & set(slugs(client, rice)[:3])
    assert slugs(client, "nha toi nuoi 10 con de, may hom nay de bo an, bung chuong to, de lam sao")[0] == "nuoi-de"
    assert slugs(client, "de bi chuong bung, bo an tu hom qua, toi da cho uong nuoc gung de chua")[0] == "nuoi-de"
    assert slugs(client, "bo nha toi sot cao, chay nuoc dai, loet mieng va ke mong, toi lo lam")[0] == "lmlm-bo"
    assert slugs(client, "lac vang la, hat lep, phai lam sao, toi o Quang Dien")[0] == "lac-xuan"
    assert slugs(client, "Mấy hôm nay ong bay đi gần hết, trời mưa suốt, không có hoa, tôi lo quá")[0] == "nuoi-ong"


def test_a_message_is_answered_without_facets_and_keywords_keep_theirs(client, hue):
    story = client.get("/api/search", {"q": "Con bò nhà tôi sốt cao, chảy nước dãi, loét ở miệng và kẽ móng"}).json()
    assert story["results"][0]["slug"] == "lmlm-bo" and story["facets"] == {}
    assert "Lĩnh vực" not in client.get("/tim-kiem/", {"q": "Con bò nhà tôi sốt cao, chảy nước dãi, loét ở miệng"
                                                            " và kẽ móng"}).content.decode()
    keywords = client.get("/api/search", {"q": "bò"}).json()
    assert {(entry["value"], entry["count"]) for entry in keywords["facets"]["sector"]} == {("livestock", 2)}
    unasked = client.get("/api/search", {"q": "bò", "facets": "false"}).json()
    assert unasked["facets"] == {} and unasked["results"] == keywords["results"]
    # The page counts them when the farmer opens its filters.
    assert "Lĩnh vực" not in client.get("/tim-kiem/", {"q": "bò"}).content.decode()
    assert "Lĩnh vực" in client.get("/tim-kiem/", {"q": "bò", "facets": "1"}).content.decode()


def test_signs_find_the_guide_of_the_disease_they_describe(client, hue):
    assert slugs(client, "Con bò nhà tôi sốt cao, chảy nước dãi, loét ở miệng và kẽ móng")[0] == "lmlm-bo"
    assert slugs(client, "gà ủ rũ, mỏ chảy nhớt, đi phân xanh, có con nghẹo cổ")[0] == "newcastle"


def test_typed_plain_a_name_inside_a_sign_is_the_sign(client, hue):
    """"bo an" typed without diacritics is bỏ ăn (off its food), a sign, when the words stand together: it
    does not make a chicken's story a story about cattle (bò)."""
    chickens = slugs(client, "ga con nha toi bo an may hom nay, ru ru, xin hoi phai lam sao")
    assert set(chickens[:2]) == {"newcastle", "ga-tha-vuon"}
    # … and "bo" alone is still the cow
    assert slugs(client, "bo nha toi sot cao, chay nuoc dai, loet o mieng va ke mong")[0] == "lmlm-bo"


def test_a_crop_a_letter_names_once_beside_the_animal_it_is_about_ranks_no_guide_first(client, hue):
    """A letter about its chickens ("gà", "gà ta": one animal by two names) that says once what they are fed:
    the maize guide does not come before the chickens' guides (a crop named once beside an animal named
    again and again is not what it asks about)."""
    more = [guide("bap-lai", "Trồng bắp lai trên đất cát", "Giống bắp lai, mật độ và bón phân cho bắp.",
                  [("Bón phân", "Bón thúc khi bắp 5–7 lá, tưới đủ ẩm.")], ["Ngô"]),
            guide("ga-de", "Nuôi gà đẻ trứng", "Chuồng, ổ đẻ và khẩu phần cho gà mái đẻ.",
                  [("Ổ đẻ", "Lót rơm sạch, mỗi ổ cho năm con gà mái.")], ["Gà"], sector="livestock")]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    letter = ("Kính gửi chuyên mục. Tôi định nuôi 300 con gà ta thả vườn sau nhà. Gà con úm mấy tuần thì thả ra "
              "vườn? Chiều tôi rải bắp cho ăn thêm được không? Gà nuôi mấy tháng thì bán, nặng chừng mấy ký?")
    found = slugs(client, letter)
    assert set(found[:3]) == {"ga-tha-vuon", "newcastle", "ga-de"}, found


def test_peanuts_by_their_central_name_find_the_peanut_guide(client, hue):
    """Huế says "đậu phụng" as often as "đậu phộng" for lạc (synonyms.txt)."""
    peanuts = guide("lac-xuan", "Trồng lạc vụ xuân trên đất cát", "Chọn giống, mật độ gieo và thời vụ.",
                    [("Bón vôi", "Thiếu vôi và lân thì hạt lép.")], ["Lạc"])
    assert import_lines([peanuts], publish=True).ok
    indexes.rebuild()
    assert slugs(client, "dau phung nha toi trai lep nhieu")[0] == "lac-xuan"
    assert slugs(client, "đậu phụng gieo mấy hạt một hốc")[0] == "lac-xuan"


def test_a_crab_that_crawls_is_no_cow_and_a_plain_cua_is_mostly_of(client, hue):
    """With diacritics "bò" also crawls (a crab "bò lên bờ", a melon vine "bò kín luống"): in a message it names
    the cattle only where a word beside it says so ("con bò", "bò bị sốt"). "cua", as farmers call the crab
    (synonyms.txt), typed plain is "của" (of) more often, where a name would stand ("ruong cua nha toi"): it
    names the crab only after "con" or "nuôi", or before "giống"."""
    more = [guide("cua-bun", "Nuôi cua bùn trong ao đất", "Rào lưới chắn, làm chỗ trú và thả cua giống.",
                  [("Rào ao", "Rào lưới cao quanh bờ, mép trên có tấm nhựa chống leo; đặt ống làm chỗ trú.")],
                  ["Cua bùn"], sector="aquaculture"),
            guide("dua-hau", "Trồng dưa hấu trên đất cát", "Làm luống, tưới và phòng bệnh héo dây cho dưa hấu.",
                  [("Phòng bệnh", "Dây héo rũ từ gốc, lá vàng khô sau mưa: nhổ bỏ cây bệnh, rắc vôi.")], ["Dưa hấu"])]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    crab = ("Nhà tôi ở Phú Vang có cái ao đất 2 sào, vụ trước thả 1.500 con cua giống. Được một tháng thì cua bò "
            "lên bờ đi mất nhiều, con cắn con, gãy càng. Xin hỏi rào ao ra răng để cua khỏi bò đi, cho ăn chi?")
    found = slugs(client, crab)
    assert found[0] == "cua-bun", found
    melon = ("Tôi trồng 3 sào dưa hấu trên đất cát, nhà còn nuôi 2 con bò. Dưa lên đẹp, bò kín luống, ra hoa đậu "
             "trái đều. Rồi sau mấy trận mưa dây héo rũ, lá vàng khô từ gốc, nhổ lên thấy rễ thâm. Phải làm răng?")
    assert slugs(client, melon)[0] == "dua-hau"
    rice = ("nha toi cay 3 sao lua, ruong cua nha toi nam sat bo song, lua dang tro thi bi bo xit dai hut, "
            "hat lep nhieu, toi phun thuoc hai lan ma khong het")
    assert slugs(client, rice)[0] == "bo-xit-dai" and "cua-bun" not in slugs(client, rice)[:3]
    plain_crab = "nha toi nuoi 500 con cua trong ao dat, cua can nhau gay cang, bo len bo di mat, phai lam sao"
    assert slugs(client, plain_crab)[0] == "cua-bun"


def test_a_message_that_names_a_crop_is_answered_by_the_guides_that_hold_it(client, hue):
    """A message naming a crop or an animal is answered by the guides that hold it, by any of its names
    (the cattle guide that also says "phun", "chuồng" is no answer to a letter about rice); one naming only
    a crop no guide holds, or that fewer than three hold, is answered by the rest of what it says too, and so
    is one naming a pest whose other name holds a crop ("bọ xít hại lúa"): a pest is no crop."""
    letter = ("Nhà tôi cấy 3 sào lúa Hè Thu, mấy hôm nay thấy nhiều bọ xít dài bay vào ruộng, tôi đã phun sát trùng "
              "hai lần mà không hết, hạt lép nhiều, xin hỏi phải làm răng?")
    response = client.get("/api/search", {"q": letter}).json()
    assert {hit["slug"] for hit in response["results"]} == {"bo-xit-dai", "lua-he-thu", "lua-sach"}, response
    Commodity.objects.create(name="Sầu riêng", slug="sau-rieng", sector="crop")
    durian = ("Vườn sầu riêng nhà tôi mấy hôm nay lá vàng, tôi đã phun thuốc hai lần mà không hết, "
              "ruộng bên cạnh cũng bị, xin hỏi phải làm răng?")
    assert slugs(client, durian)[0] in {"bo-xit-dai", "lua-he-thu"}
    pest = ("Mấy hôm nay thấy nhiều bọ xít dài bay vào, tôi đã phun sát trùng hai lần mà không hết, bắt bằng vợt "
            "cũng không xuể, xin hỏi phải làm răng?")
    assert "lmlm-bo" in slugs(client, pest)
    chickens = ("Nhà tôi nuôi 200 con gà thả vườn, mấy hôm nay chuồng hôi, tôi đã quét dọn, rắc vôi và phun sát "
                "trùng chuồng mà gà vẫn ủ rũ, xin hỏi phải làm răng?")
    found = slugs(client, chickens)  # two guides hold gà
    assert found[0] in {"newcastle", "ga-tha-vuon"} and "lmlm-bo" in found, found


@pytest.mark.parametrize("q", ["bệnh toi gà", "gà bị rù", "benh ga ru", "lở mồm", "lmlm"])
def test_a_folk_name_finds_the_guide(client, hue, q):
    assert slugs(client, q)[0] == {"g": "newcastle", "b": "newcastle", "l": "lmlm-bo"}[q[0]]


def test_a_message_finds_a_guide_that_only_says_another_name_of_its_words(client, hue):
    """A message's parts are scored as written; their other names ("bắp", Huế's word for ngô) count through
    its coverage: a guide that says only ngô is still among the answers to a story about bắp."""
    corn = guide("ngo-lai", "Trồng ngô lai", "Kỹ thuật trồng ngô lai.", [("Bón phân", "Bón khi ngô có 6 lá.")], ["Ngô"])
    assert import_lines([corn], publish=True).ok
    indexes.rebuild()
    story = "Nhà tôi ở Quảng Điền có 3 sào bắp, năm ni mưa nhiều, trái bắp nhỏ, hạt lép, xin hỏi cán bộ phải làm răng?"
    assert "ngo-lai" in slugs(client, story)


def test_signs_find_the_guides_of_the_common_problems_shipped_beyond_the_demos(client, hue):
    """The shipped list holds the common problems of Huế's farms that the demo does not treat: a guide that only
    names coccidiosis or water mould is found from the signs a farmer sees, above the guides of the same animal."""
    more = [guide("cau-trung", "Phòng bệnh cầu trùng cho gà", "Giữ chuồng khô, cho uống thuốc phòng theo tuổi.",
                  [("Chuồng", "Độn chuồng bằng trấu khô, thay khi ướt.")], ["Gà"], sector="livestock"),
            guide("nam-thuy-mi", "Phòng bệnh nấm thủy mi cho cá trắm", "Giữ nước ao sâu, tắm nước muối.",
                  [("Ao", "Giữ mực nước 1,5–2 m trước mùa rét.")], ["Cá trắm cỏ"], sector="aquaculture"),
            guide("ca-tram", "Nuôi cá trắm cỏ trong ao", "Thả giống, cho ăn cỏ, quản lý nước ao.",
                  [("Thả giống", "Thả cá trắm cỏ cỡ 10–12 cm, mật độ 1 con/m².")], ["Cá trắm cỏ"],
                  sector="aquaculture")]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    chickens = "Gà con nhà tôi 20 ngày tuổi, mấy hôm ni đứng ủ rũ, xù lông, đi phân sáp lẫn máu, chết vài con"
    assert slugs(client, chickens)[0] == "cau-trung"
    assert slugs(client, fold(chickens))[0] == "cau-trung"
    fish = "Cá trắm nhà tôi mấy bữa rét ni trên mình, trên vây mọc những búi sợi trắng như bông, bơi lờ đờ"
    assert slugs(client, fish)[0] == "nam-thuy-mi"


def test_a_problem_a_guide_only_mentions_gives_it_its_names_not_its_signs(client, hue):
    """The calf guide lists coccidiosis among the causes of diarrhoea: a story of its signs finds the guides of
    the diseases that have them before it, while it is still found by the disease's name."""
    more = [guide("be-nghe", "Phòng trị tiêu chảy ở bê nghé", "Bê nghé dưới một tháng tuổi dễ tiêu chảy và chết.",
                  [("Nhận biết", "Bê nghé đi phân lỏng, có khi lẫn máu, nằm li bì, bỏ bú."),
                   ("Nguyên nhân", "Do E. coli, virus, cầu trùng, giun đũa; chuồng ẩm, lạnh.")], ["Bò"],
                  sector="livestock"),
            guide("cau-trung", "Phòng bệnh cầu trùng", "Giữ chuồng khô, cho uống thuốc phòng theo tuổi.",
                  [("Chuồng", "Độn chuồng bằng trấu khô, thay khi ướt.")], ["Gà"], sector="livestock")]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    told = "Mấy hôm ni con mô cũng ủ rũ, xù lông, xõa cánh, đi phân sáp lẫn máu, chết rải rác"
    assert slugs(client, told)[:2] == ["cau-trung", "newcastle"], "the diseases with these signs first"
    assert "be-nghe" in slugs(client, "cầu trùng")


def test_a_word_typed_plain_among_words_with_diacritics_is_not_the_name_it_folds_to(client, hue):
    """"ga" of "bếp ga" (gas), in a message typed with its diacritics, is not gà: the chicken guides ranked
    first for a question about a biogas bag. Typed plain throughout, "ga" may still be gà."""
    biogas = guide("biogas", "Làm hầm biogas túi nhựa cho chuồng lợn", "Túi ủ, ống dẫn khí, van an toàn và bếp.",
                   [("Ống dẫn", "Đặt ống dẫn khí dốc về bẫy nước, xả nước đọng mỗi tuần: ga cháy yếu, lửa "
                                "chập chờn thường do ống đọng nước.")], ["Lợn"],
                   sector="livestock")
    assert import_lines([biogas], publish=True).ok
    indexes.rebuild()
    told = ("Túi biogas nhà tôi làm được 3 tháng, hồi đầu ga cháy tốt, giờ lửa yếu rồi tắt, túi vẫn căng phồng. "
            "Răng rứa, có phải ống dẫn bị đọng nước không?")
    assert slugs(client, told)[0] == "biogas"
    assert slugs(client, "ga nha toi bi u ru, xu long, bo an")[0] == "newcastle"


@pytest.fixture
def demo(search_index):
    from django.core.management import call_command

    call_command("load_demo")
    indexes.rebuild()


def test_on_the_demo_guides_signs_covered_outrank_two_of_them_in_a_title(client, demo):
    """A story of signs ranks first the guide whose disease has them all (from the problems' vocabulary),
    above a published question whose title shares two of its words ("Cá dìa … bơi lờ đờ, bỏ ăn")."""
    assert slugs(client, "heo nái bỏ ăn, sốt cao, da đỏ ửng, tai tím tái")[0] == "phong-dich-ta-lon-chau-phi"
    # The issue's own example: with fewer signs, "bỏ ăn" is one part, matched where its words stand together.
    assert slugs(client, "heo nái bỏ ăn, tai tím tái rồi chết")[0] == "phong-dich-ta-lon-chau-phi"
    # Typed plain, "an" is also an toàn: the pig guide on biosecurity may come first, the fish never.
    plain = slugs(client, "con nai bo an, sot cao, da do ung, tai tim tai")
    assert "phong-dich-ta-lon-chau-phi" in plain[:2] and "ca-dia-long-boi-lo-do" not in plain[:3]


def test_on_the_demo_guides_the_guides_of_the_crop_named_come_first(client, demo):
    """A pest several crops have ranks the guides of the crop the farmer named first: maize's borer is not the
    pomelo's. A pest's other names say its crop ("bọ xít hại lúa"): the issue's story of rice bugs in the Hè Thu
    crop finds the Hè Thu rice guide first, not the sesame sown that season, though no demo guide names the pest."""
    assert slugs(client, "ngô bị sâu đục nõn phun thuốc gì")[0] == "ngo-lai-dat-cat"
    assert slugs(client, "bap bi sau duc non phun thuoc gi")[0] == "ngo-lai-dat-cat"
    story = ("Vụ hè thu này nhà tôi cấy 2 sào, mấy hôm nay ra đồng thấy ruộng có nhiều bọ xít dài, tôi đã phun hai "
             "lần mà không hết, giờ phải làm răng?")
    assert slugs(client, story)[0] == "lua-he-thu-ngan-ngay"


def test_on_the_demo_guides_another_name_holding_an_animal_is_a_name(client, demo):
    """"heo thịt" (lợn thịt: a regional name, not a commodity's) names the pig: its sentence tells what the
    message is about and is kept, where it was left out as naming nothing, and with it the disease."""
    told = ("Tui nuôi heo thịt 20 con, nghe nói dịch tả châu Phi đang về xã bên. Tui phải làm chi để chuồng không "
            "bị lây, rắc vôi có được không?")
    assert slugs(client, told)[0] == "phong-dich-ta-lon-chau-phi"
    assert slugs(client, fold(told))[0] == "phong-dich-ta-lon-chau-phi"


def test_on_the_demo_guides_a_persons_name_and_a_comma_never_make_a_name(client, demo):
    """Quoted in the press or signing a letter, a farmer's given name may be an animal or a fruit (Gà, Vịt,
    Đào); and a disease's name never runs across a comma ("bị bệnh, lở loét" is not "bệnh lở loét", a fish
    disease)."""
    ducks = ("Đàn vịt chạy đồng 500 con của ông Lê Văn Gà ở Quảng An sau khi thả ra đồng vừa gặt thì bị khó thở, "
             "chảy nước mắt, đầu sưng, chết rải rác")
    assert slugs(client, ducks)[0] == "vit-chay-dong"
    eels = ("Theo anh Hồ Văn Vịt, nuôi lươn trong bể không bùn cho hiệu quả cao nhưng lươn hay bị bệnh, lở loét, "
            "bỏ ăn khi nước bẩn, nên thay nước bao lâu một lần")
    assert slugs(client, eels)[0] == "luon-be-khong-bun"


def test_a_problem_edited_by_an_officer_counts_at_the_next_search_and_in_the_index(client, hue):
    assert "newcastle" not in slugs(client, "xụi lơ") + slugs(client, "gáy khàn tiếng")
    newcastle = Problem.objects.get(name="Newcastle")
    newcastle.alt_names += "\nxụi lơ"
    newcastle.save()
    assert slugs(client, "xụi lơ")[0] == "newcastle"  # the name is expanded in the query at once
    newcastle.signs += "\ngáy khàn tiếng"
    newcastle.save()
    assert indexes.reconcile().stale, "the guide's document copies the problem's signs"
    assert slugs(client, "gáy khàn tiếng")[0] == "newcastle"


def test_lua_typed_with_diacritics_never_matches_lua(client, hue):
    assert "chong-chay-rung" not in slugs(client, "lúa bị cháy lá phải làm sao")
    assert set(slugs(client, "lúa")) == {"lua-sach", "lua-he-thu", "bo-xit-dai"}
    assert "chong-chay-rung" in slugs(client, "lửa")
    assert set(slugs(client, "lua")) >= {"lua-sach", "chong-chay-rung"}  # typed plain: folded, as before


MESSAGE = ("Kính gửi chuyên mục khuyến nông. Tôi tên là Hòa, ở xã Quảng Thái, huyện Quảng Điền. "
           "Vụ hè thu này ruộng nhà tôi có nhiều bọ xít dài, tôi đã phun hai lần mà không hết. ")
THANKS = "Xin chân thành cảm ơn chuyên mục và các cán bộ đã đọc thư của tôi. "


def message(length):
    text = MESSAGE
    while len(text) < length:
        text += THANKS
    return text[:length]


def test_a_message_of_2000_characters_is_answered_and_2001_refused_with_the_limit(client, hue):
    longest = message(2000)
    assert slugs(client, longest)[0] == "bo-xit-dai"
    page = client.get("/tim-kiem/", {"q": longest})
    assert page.status_code == 200 and "/trong-trot/bo-xit-dai/" in page.content.decode()

    refused = client.get("/api/search", {"q": message(2001)})
    assert refused.status_code == 400 and refused.json()["parameter"] == "q"
    assert "2.000" in refused.json()["error"] and "2.001" in refused.json()["error"]
    page = client.get("/tim-kiem/", {"q": message(2001)})
    assert page.status_code == 400 and "tối đa 2.000 ký tự" in page.content.decode()
    english = client.get("/en/search/", {"q": message(2001)})
    assert english.status_code == 400 and "at most 2,000 characters" in english.content.decode()


def test_with_the_engine_down_published_questions_are_still_found(client, hue, settings):
    question = FarmerQuestion.objects.create(
        text="Sầu riêng nhà tôi bị xì mủ ở gốc thân, vỏ nứt, lá vàng. Phải làm sao?", consent=True)
    question.answer = "<p>Cạo sạch vết bệnh, quét vôi và thuốc gốc đồng lên vết cạo.</p>"
    question.save()
    published = publish_answer(question, "Sầu riêng xì mủ gốc thân", question.text)
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"

    data = client.get("/api/search", {"q": "sầu riêng xì mủ"}).json()
    assert data["degraded"] is True
    assert [(hit["kind"], hit["slug"]) for hit in data["results"]] == [("qa", published.slug)]
    story = client.get("/api/search", {"q": "Sầu riêng của tôi ở Nam Đông mấy tuần nay xì mủ ở gốc, vỏ nứt, "
                                            "lá vàng dần, tôi tưới thêm nước mà không đỡ"}).json()
    assert story["results"][0]["slug"] == published.slug
    assert "Hỏi đáp" in client.get("/tim-kiem/", {"q": "sau rieng xi mu"}).content.decode()


@pytest.fixture
def english(search_index):
    lines = [guide("sri-rice-en", "SRI rice growing", "Young seedlings, wide spacing, alternate wetting and drying.",
                   [("Transplant", "One seedling a hill, 25 × 25 cm.")], ["Lúa"], locale="en"),
             guide("ga-tha-vuon", "Nuôi gà thả vườn", "Úm gà con, làm chuồng và vườn thả.",
                   [("Úm", "Giữ ấm gà con bằng đèn sưởi.")], ["Gà"], sector="livestock")]
    assert import_lines(lines, publish=True).ok
    Commodity.objects.filter(name="Lúa").update(name_en="Rice")
    Commodity.objects.filter(name="Gà").update(name_en="Chicken")
    indexes.rebuild()


@pytest.mark.parametrize("q", ["chicken", "nuoi ga", "gà"])
def test_the_english_site_offers_the_vietnamese_guides_of_a_commodity_it_has_no_english_guide_for(client, english,
                                                                                                   q):
    data = client.get("/api/search", {"q": q, "locale": "en"}).json()
    assert data["total"] == 0
    assert [(g["slug"], g["locale"]) for g in data["closest"]] == [("ga-tha-vuon", "vi")]
    html = client.get("/en/search/", {"q": q}).content.decode()
    assert "No guide in this language about Chicken yet" in html and "Nuôi gà thả vườn" in html


def test_a_commodity_named_in_either_language_finds_the_english_guides_with_english_names(client, english):
    for q in ("rice", "lúa", "lua sri"):
        assert slugs(client, q, locale="en") == ["sri-rice-en"], q
    html = client.get("/en/search/", {"q": "rice", "facets": 1}).content.decode()
    assert "· Rice" in html and "Lúa" not in html  # the card and the facet, in English
    assert slugs(client, "chicken") == ["ga-tha-vuon"]  # both languages: the Vietnamese guide


def test_a_crop_a_message_keeps_naming_is_answered_by_guides_about_it_one_named_once_by_any_that_holds_it(
        client, hue):
    """A message that names its rice again and again is about rice: the guides about it answer, not a
    chicken guide that says once, in a step, to feed the birds spoilt rice. A crop named only once may be
    all the message says of it ("khoai", a word no list names alone, beside "lúa" in passing): any guide that
    holds it will do, the sweet-potato guide that says to rotate with rice."""
    more = [guide("ga-an-lua", "Nuôi gà thịt bằng thức ăn tự phối", "Phối bắp, cám và rau cho gà thịt.",
                  [("Tận dụng", "Lúa lép, thóc ẩm mốc thì phơi khô rồi mới cho gà ăn, lá lúa vàng thì bỏ.")],
                  ["Gà"], sector="livestock"),
            guide("khoai-lang", "Trồng khoai lang trên đất cát", "Cắt dây giống, lên luống cao và bón phân cho củ.",
                  [("Luân canh", "Luân canh với lúa nước để diệt sùng đục củ; củ có lỗ, thịt thâm đen là bị sùng.")],
                  ["Khoai lang"])]
    assert import_lines(more, publish=True).ok
    indexes.rebuild()
    rice = ("Ruộng lúa nhà tôi ở Quảng Điền, lúa đang làm đòng thì lá vàng, bọ xít dài bay vào nhiều. "
            "Tôi đã phun hai lần mà lúa vẫn lép, xin hỏi phải làm răng?")
    found = slugs(client, rice)
    assert found[0] == "bo-xit-dai" and "ga-an-lua" not in found, found
    potato = ("Tôi trồng khoai trên đất cát, năm ni củ nhỏ, nhiều củ có lỗ li ti, cắt ra thịt thâm đen, luộc lên "
              "đắng. Xin hỏi làm ra răng để củ khỏi bị đục, có cần luân canh với lúa không?")
    assert slugs(client, potato)[0] == "khoai-lang"
