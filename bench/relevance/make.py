"""Writes guides.jsonl and queries.jsonl: our own relevance set (regional names, no diacritics, typos,
upper case, partial titles), with look-alike guides so a sloppy ranking shows."""
import json
import pathlib

HERE = pathlib.Path(__file__).parent


# kb.blocks.STEP, spelled here: this script only writes two files and runs on the bare interpreter, while
# importing kb.blocks needs django.setup() (Wagtail's blocks read settings and the app registry when imported),
# which would load the settings (writing var/secret-key if absent) to read one constant. A renamed block type
# is still caught: the importer rejects an unknown type and bench/search_relevance.py asserts the import is ok.
STEP = "step"


def g(slug, sector, title, summary, commodities, topics, steps):
    return {"slug": slug, "title": title, "summary": summary, "sector": sector, "commodities": commodities,
            "topics": topics, "regions": ["Phú Vang"], "months": [3], "locale": "vi", "publish": True,
            "body": [{"type": STEP, "title": t, "text": x} for t, x in steps]}


GUIDES = [
    g("lua-sri", "crop", "Canh tác lúa cải tiến SRI", "Cấy mạ non, cấy thưa, tưới ướt khô xen kẽ.", ["Lúa"],
      ["Canh tác"], [("Cấy mạ", "Cấy mạ 2 lá, một dảnh mỗi khóm."), ("Tưới", "Để ruộng khô nẻ chân chim rồi tưới.")]),
    g("lua-dao-on", "crop", "Phòng trừ bệnh đạo ôn hại lúa", "Nhận biết vết bệnh hình thoi và phun thuốc đúng lúc.",
      ["Lúa"], ["Sâu bệnh"],
      [("Thăm đồng", "Kiểm tra lá lúa mỗi tuần."), ("Phun thuốc", "Phun khi bệnh chớm xuất hiện.")]),
    g("lua-oc-buou", "crop", "Diệt ốc bươu vàng trên ruộng lúa", "Bắt ốc, đặt bẫy và giữ nước nông sau sạ.",
      ["Lúa"], ["Sâu bệnh"], [("Bẫy", "Cắm cọc tre để ốc bò lên đẻ trứng rồi thu gom.")]),
    g("ngo-nep", "crop", "Trồng ngô nếp trên đất bãi ven sông", "Gieo ngô nếp, bón phân và thu bắp luộc.",
      ["Ngô"], ["Thời vụ"], [("Gieo hạt", "Gieo 2 hạt mỗi hốc, khoảng cách 25 cm.")]),
    g("bap-cai", "crop", "Trồng cải bắp vụ đông", "Ươm cây con, trồng và phòng sâu tơ cho cải bắp.",
      ["Cải bắp"], ["Rau màu"], [("Ươm cây", "Ươm cây con 25 ngày tuổi rồi đem trồng.")]),
    g("san-cao-san", "crop", "Trồng sắn cao sản trên đất đồi", "Chọn hom sắn, trồng và bón phân cân đối.",
      ["Sắn"], ["Giống"], [("Chọn hom", "Hom dài 15–20 cm lấy ở đoạn giữa thân.")]),
    g("khoai-lang-tim", "crop", "Trồng khoai lang tím Nhật", "Chọn dây giống, lên luống cao và thu củ đúng lúc.",
      ["Khoai lang"], ["Giống"], [("Dây giống", "Cắt dây ngọn dài 30 cm.")]),
    g("lac-dat-cat", "crop", "Trồng lạc trên đất cát ven biển", "Giống lạc L14, phủ ni lông và bón vôi.",
      ["Lạc"], ["Kỹ thuật canh tác"], [("Bón vôi", "Bón 20 kg vôi bột mỗi sào khi ra hoa.")]),
    g("dau-xanh", "crop", "Trồng đậu xanh xen canh", "Gieo đậu xanh sau vụ lúa đông xuân.", ["Đậu xanh"],
      ["Thời vụ"], [("Gieo", "Gieo hàng cách hàng 40 cm.")]),
    g("ca-chua-ghep", "crop", "Trồng cà chua ghép gốc cà tím", "Ghép cà chua lên gốc cà tím kháng héo xanh.",
      ["Cà chua"], ["Giống"], [("Ghép", "Ghép nêm khi cây có 4 lá thật.")]),
    g("dua-hau", "crop", "Trồng dưa hấu trên đất cát", "Làm luống, tỉa nhánh và để trái cho dưa hấu.",
      ["Dưa hấu"], ["Rau màu"], [("Để trái", "Để một trái mỗi dây ở nách lá 15.")]),
    g("dua-leo", "crop", "Trồng dưa chuột leo giàn", "Cắm giàn, bấm ngọn và thu quả non.", ["Dưa chuột"],
      ["Rau màu"], [("Giàn", "Cắm giàn chữ A cao 1,8 m.")]),
    g("thanh-tra", "crop", "Chăm sóc vườn thanh trà Huế", "Tỉa cành, bón phân và bao trái thanh trà.",
      ["Thanh trà"], ["Cây ăn quả"], [("Bao trái", "Bao trái khi quả bằng nắm tay.")]),
    g("ho-tieu", "crop", "Phòng bệnh chết nhanh trên hồ tiêu", "Thoát nước, bón vôi và dùng nấm đối kháng.",
      ["Hồ tiêu"], ["Sâu bệnh"], [("Thoát nước", "Đào rãnh thoát nước quanh gốc.")]),
    g("nam-rom", "crop", "Trồng nấm rơm trong nhà", "Xử lý rơm, đóng mô và tưới ẩm cho nấm rơm.", ["Nấm rơm"],
      ["Nấm"], [("Xử lý rơm", "Ngâm rơm trong nước vôi một đêm.")]),
    g("heo-nai", "livestock", "Chăm sóc lợn nái sinh sản", "Thức ăn, chuồng và đỡ đẻ cho lợn nái.", ["Lợn"],
      ["Sinh sản"], [("Đỡ đẻ", "Lau khô lợn con, cắt rốn và cho bú sữa đầu.")]),
    g("heo-thit", "livestock", "Vỗ béo lợn thịt bằng thức ăn tự phối trộn", "Phối trộn cám, ngô và rau xanh.",
      ["Lợn"], ["Thức ăn"], [("Phối trộn", "Trộn 60 % ngô, 20 % cám gạo, 20 % khô dầu.")]),
    g("dich-ta", "livestock", "Phòng dịch tả lợn châu Phi", "Khử trùng chuồng, kiểm soát người ra vào.", ["Lợn"],
      ["Thú y"], [("Khử trùng", "Rắc vôi bột quanh chuồng mỗi tuần.")]),
    g("ga-tha-vuon", "livestock", "Nuôi gà thả vườn an toàn sinh học", "Chuồng, vườn thả và lịch tiêm vắc xin.",
      ["Gà"], ["Thú y"], [("Tiêm phòng", "Tiêm vắc xin Newcastle lúc 7 ngày tuổi.")]),
    g("vit-xiem", "livestock", "Nuôi ngan lấy thịt", "Ngan con, máng ăn và sân chơi.", ["Ngan"], ["Chăn nuôi nhỏ"],
      [("Úm", "Úm ngan con 3 tuần đầu.")]),
    g("bo-vo-beo", "livestock", "Vỗ béo bò thịt bằng cỏ voi", "Trồng cỏ voi, ủ chua và cho bò ăn.", ["Bò"],
      ["Thức ăn"], [("Ủ chua", "Ủ cỏ với 0,5 % muối trong túi ni lông.")]),
    g("de", "livestock", "Nuôi dê nhốt chuồng sàn", "Chuồng sàn cao, thức ăn lá và nước uống sạch.", ["Dê"],
      ["Chuồng trại"], [("Chuồng", "Sàn cách đất 0,8 m.")]),
    g("tom-the", "aquaculture", "Nuôi tôm thẻ chân trắng trong ao lót bạt", "Cải tạo ao, thả giống và quản lý nước.",
      ["Tôm thẻ chân trắng"], ["Quản lý ao nuôi"], [("Thả giống", "Thả 100 con mỗi m² vào sáng sớm.")]),
    g("ca-ro-phi", "aquaculture", "Nuôi cá rô phi đơn tính trong ao", "Mật độ thả, thức ăn viên và thu hoạch.",
      ["Cá rô phi"], ["Quản lý ao nuôi"], [("Thả cá", "Thả 3 con mỗi m².")]),
    g("ca-ro-dong", "aquaculture", "Nuôi cá rô đồng trong bể bạt", "Bể bạt, thức ăn và phân cỡ cá rô đồng.",
      ["Cá rô đồng"], ["Quản lý ao nuôi"], [("Phân cỡ", "Lọc cá lớn nuôi riêng sau 45 ngày.")]),
    g("ca-loc", "aquaculture", "Nuôi cá lóc trong bể xi măng", "Thay nước, cho ăn và phòng bệnh cá lóc.",
      ["Cá lóc"], ["Quản lý ao nuôi"], [("Thay nước", "Thay 30 % nước mỗi ngày.")]),
    g("cua-bien", "aquaculture", "Nuôi cua biển trong ao nước lợ", "Cua giống, rào ao và cho ăn cá tạp.",
      ["Cua biển"], ["Nước lợ"], [("Rào ao", "Rào lưới cao 0,6 m quanh bờ.")]),
    g("ca-dieu-hong", "aquaculture", "Nuôi cá điêu hồng trong lồng trên phá Tam Giang",
      "Đặt lồng, thả cá và vệ sinh lưới.", ["Cá điêu hồng"], ["Nuôi lồng"], [("Đặt lồng", "Lồng sâu 2 m.")]),
]

QUERIES = [
    ("lua sri", "lua-sri"), ("cay lua thua", "lua-sri"), ("benh dao on", "lua-dao-on"),
    ("ĐẠO ÔN LÚA", "lua-dao-on"), ("oc buou vang", "lua-oc-buou"), ("diet oc", "lua-oc-buou"),
    ("trồng bắp nếp", "ngo-nep"), ("trong bap", "ngo-nep"), ("bắp cải", "bap-cai"), ("cai bap vu dong", "bap-cai"),
    ("khoai mì", "san-cao-san"), ("trong khoai mi dat doi", "san-cao-san"), ("khoai lang tim", "khoai-lang-tim"),
    ("đậu phộng", "lac-dat-cat"), ("dau phong dat cat", "lac-dat-cat"), ("dau xanh", "dau-xanh"),
    ("ghép cà chua", "ca-chua-ghep"), ("ca chua", "ca-chua-ghep"), ("dua hau", "dua-hau"), ("dưa leo", "dua-leo"),
    ("thanh tra hue", "thanh-tra"), ("tieu chet nhanh", "ho-tieu"), ("nam rom", "nam-rom"),
    ("heo nái đẻ", "heo-nai"), ("nuoi heo nai", "heo-nai"), ("vo beo heo", "heo-thit"),
    ("phoi tron cam heo", "heo-thit"),
    ("dich ta heo chau phi", "dich-ta"), ("ga tha vuon", "ga-tha-vuon"), ("chich ngua cho ga", "ga-tha-vuon"),
    ("vịt xiêm", "vit-xiem"), ("nuoi ngan", "vit-xiem"), ("bò vỗ béo", "bo-vo-beo"), ("co voi u chua", "bo-vo-beo"),
    ("nuoi de", "de"), ("tom the chan trang", "tom-the"), ("TÔM THẺ", "tom-the"), ("ca ro phi", "ca-ro-phi"),
    ("cá rô đồng", "ca-ro-dong"), ("ca qua", "ca-loc"), ("cá lóc bể xi măng", "ca-loc"), ("cua bien", "cua-bien"),
    ("nuoi ca long pha tam giang", "ca-dieu-hong"), ("nuoi tom the", "tom-the"), ("heo nai sinh san", "heo-nai"),
    ("trông lac", "lac-dat-cat"), ("nuôi ga thả vươn", "ga-tha-vuon"), ("phong benh cho heo", "dich-ta"),
    ("chăm sóc thanh trà", "thanh-tra"), ("dưa chuột", "dua-leo"),
]

if __name__ == "__main__":
    (HERE / "guides.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in GUIDES), "utf-8")
    (HERE / "queries.jsonl").write_text(
        "".join(json.dumps({"q": q, "expect": e}, ensure_ascii=False) + "\n" for q, e in QUERIES), "utf-8")
