"""Writes guides.jsonl: 16 guides on common problems of Huế's crops, livestock and ponds that the demo does not
treat, condensed as an officer would write them, for the farmers' messages in queries.jsonl (written apart,
by someone who saw only the guides' topics): a check that reading a message generalises past the demo guides.

    python3 bench/relevance_stories/make.py && .venv/bin/python bench/search_relevance.py --set bench/relevance_stories
"""
import json
import pathlib

HERE = pathlib.Path(__file__).parent
STEP, WARNING = "step", "warning"  # kb.blocks' types, spelled here as in bench/relevance/make.py


def g(slug, sector, title, summary, commodities, region, months, steps, warning, phi_days=None):
    """A guide; `phi_days`: its pesticides' days before harvest, a warning an officer must give (kb.checks)."""
    body = [{"type": STEP, "title": t, "text": x} for t, x in steps] + [{"type": WARNING, "text": warning}]
    if phi_days:
        body.append({"type": WARNING, "kind": "phi", "days": phi_days,
                     "text": f"Ngừng phun thuốc {phi_days} ngày trước thu hoạch, theo nhãn thuốc."})
    return {"slug": slug, "title": title, "summary": summary, "sector": sector, "commodities": commodities,
            "topics": ["Phòng trừ sâu bệnh" if sector == "crop" else "Phòng bệnh"], "regions": [region],
            "months": months, "locale": "vi", "publish": True, "body": body}


GUIDES = [
    g("st-lua-vang-lun", "crop", "Phòng trừ bệnh vàng lùn, lùn xoắn lá trên lúa",
      "Bệnh do virus, rầy nâu truyền; không có thuốc chữa, phải diệt rầy và nhổ bỏ cây bệnh sớm.", ["Lúa"],
      "Quảng Điền", [1, 2, 6, 7],
      [("Nhận biết", "Cây lúa bị vàng lùn thấp hơn cây khỏe, lá vàng cam từ chóp xuống, bụi lúa xòe. Lúa bị lùn "
        "xoắn lá có lá xanh đậm, ngắn, mép lá rách, xoắn tít, gân lá sần. Cây bệnh trổ nghẹn hoặc không trổ."),
       ("Gieo cấy né rầy", "Gieo sạ tập trung, đồng loạt theo lịch của trạm khuyến nông sau khi rầy di trú qua. "
        "Dùng giống kháng rầy, mật độ sạ 80–100 kg/ha, không sạ dày."),
       ("Thăm đồng, diệt rầy", "Thăm đồng 5–7 ngày một lần, vạch gốc lúa đếm rầy. Khi có trên 3.000 con/m² mới "
        "phun thuốc đặc hiệu trừ rầy như pymetrozine hoặc nitenpyram, phun sát gốc, rẽ băng 1,2–1,5 m."),
       ("Xử lý cây bệnh", "Nhổ bỏ, vùi sâu cây bệnh khi ruộng mới chớm bệnh (dưới 5 %). Ruộng bị nặng trên 20 % "
        "ở giai đoạn đẻ nhánh thì cày vùi, cấy dặm hoặc gieo lại."),
       ("Sau thu hoạch", "Cày lật gốc rạ, phơi ải ít nhất 15–20 ngày để cắt nguồn rầy và virus cho vụ sau.")],
      "Bệnh không có thuốc chữa; mọi thuốc quảng cáo chữa vàng lùn là không đúng. Báo ngay cho cán bộ khuyến "
      "nông xã khi thấy ruộng có cây lùn, lá xoắn để cả cánh đồng cùng diệt rầy.", phi_days=7),
    g("st-lua-lem-lep", "crop", "Phòng bệnh lem lép hạt lúa vụ hè thu",
      "Phun phòng hai lần lúc lúa trổ để hạt sáng, chắc; bón cân đối, không bón đạm muộn.", ["Lúa"],
      "Phú Vang", [4, 5, 6, 7],
      [("Nhận biết", "Vỏ hạt có vết đốm nâu, đen hoặc tím, hạt lép, lửng; bông lúa đen, nhẹ. Bệnh do nhiều loại "
        "nấm và vi khuẩn, phát mạnh khi lúa trổ gặp mưa, sương mù, ẩm độ cao hoặc có nhện gié."),
       ("Giống và phân bón", "Dùng giống xác nhận, xử lý hạt giống bằng nước ấm 54 °C (3 sôi 2 lạnh) trong 15 phút. "
        "Bón cân đối, tăng kali: 4–5 kg kali/sào lúc lúa làm đòng; không bón đạm sau khi lúa có đòng."),
       ("Phun phòng", "Phun lần một khi lúa trổ lác đác (5 %), lần hai khi trổ đều. Dùng thuốc có hoạt chất "
        "azoxystrobin + difenoconazole hoặc propiconazole, 15–20 ml/bình 16 lít, 2 bình/sào."),
       ("Giữ nước", "Giữ mực nước 3–5 cm từ khi làm đòng đến chín sữa; rút nước trước thu hoạch 7–10 ngày.")],
      "Phun lúc chiều mát, không phun lúc lúa đang nở hoa buổi sáng. Đeo khẩu trang, găng tay khi pha và phun "
      "thuốc.", phi_days=14),
    g("st-ca-chua-suong-mai", "crop", "Phòng trừ bệnh sương mai hại cà chua vụ đông xuân",
      "Bệnh mốc sương lan rất nhanh khi trời lạnh, mưa phùn; phun phòng sớm và tiêu hủy lá bệnh.", ["Cà chua"],
      "Hương Trà", [11, 12, 1, 2],
      [("Nhận biết", "Trên lá có vết úng nước màu xanh xám, sau chuyển nâu đen, lan từ mép lá vào. Sáng sớm mặt "
        "dưới lá có lớp mốc trắng như sương. Thân, cành có vết thâm đen; quả có mảng nâu, cứng. Gặp trời lạnh, "
        "mưa phùn, sương nhiều thì cả ruộng có thể cháy rụi trong 5–7 ngày."),
       ("Làm đất, trồng", "Lên luống cao 25–30 cm, thoát nước tốt, trồng thưa 2 hàng/luống, cây cách cây 45–50 cm. "
        "Bón lót 1 tạ phân chuồng hoai và 10 kg vôi/sào."),
       ("Phun phòng", "Khi trời chuyển lạnh, ẩm, phun phòng bằng mancozeb 30–40 g/bình 16 lít, 7–10 ngày một lần. "
        "Khi chớm bệnh dùng thuốc có metalaxyl + mancozeb hoặc cymoxanil, 2–3 bình/sào, phun ướt đều hai mặt lá."),
       ("Vệ sinh ruộng", "Tỉa bỏ lá già, lá bệnh ở gốc, gom ra khỏi ruộng đem đốt hoặc chôn. Không tưới phun mưa "
        "lúc chiều tối.")],
      "Bảo đảm thời gian cách ly ghi trên bao bì thuốc (thường 7–14 ngày) trước khi thu hái quả.", phi_days=7),
    g("st-dua-phan-trang", "crop", "Phòng trừ bệnh phấn trắng trên dưa chuột, bí xanh",
      "Lớp bột trắng phủ mặt lá làm lá vàng khô, giảm năng suất; phát hiện sớm và phun luân phiên thuốc.",
      ["Dưa chuột", "Bí xanh"], "Phong Điền", [2, 3, 4, 9, 10],
      [("Nhận biết", "Trên mặt lá, cuống lá có những đốm bột màu trắng như rắc phấn, về sau phủ kín lá; lá vàng, "
        "khô giòn. Bệnh nặng khi ngày khô hanh, đêm có sương, ruộng trồng dày."),
       ("Chăm sóc", "Làm giàn thông thoáng, tỉa lá gốc, không bón thừa đạm. Bón thêm kali 1–1,5 kg/sào khi cây "
        "ra hoa."),
       ("Phun thuốc", "Khi bệnh chớm xuất hiện phun hexaconazole hoặc lưu huỳnh (sulfur) 80WP 30–40 g/bình 16 "
        "lít; có thể dùng chế phẩm sinh học Bacillus. Phun 2 lần cách 7 ngày, luân phiên thuốc.")],
      "Không phun lưu huỳnh khi trời nắng gắt trên 32 °C vì dễ cháy lá dưa. Cách ly 7 ngày trước khi hái.", phi_days=7),
    g("st-san-rep-sap", "crop", "Quản lý rệp sáp bột hồng hại sắn",
      "Rệp sáp bột hồng làm chùn đọt, giảm năng suất củ; dùng hom sạch, xử lý hom và tiêu hủy ngọn bị rệp.",
      ["Sắn"], "A Lưới", [3, 4, 5, 6, 7],
      [("Nhận biết", "Rệp sáp bột hồng thân màu hồng, phủ lớp sáp trắng như bột, bám ở ngọn, mặt dưới lá, cuống. "
        "Ngọn sắn chùn lại, lá xoăn co cụm như búp bắp cải, có muội đen và nhiều kiến. Nặng trong mùa khô."),
       ("Hom giống sạch", "Chọn hom ở ruộng không có rệp, cắt dài 15–20 cm. Ngâm hom 5–10 phút trong dung dịch "
        "thiamethoxam 25WG 4 g/8 lít nước trước khi trồng."),
       ("Thăm đồng và xử lý", "Từ 1 tháng sau trồng, 7 ngày thăm đồng một lần. Thấy cây có rệp thì bẻ ngọn, cho "
        "vào bao đem đốt. Khi trên 10 % cây bị rệp, phun thuốc có hoạt chất spirotetramat hoặc buprofezin, phun kỹ "
        "ngọn và mặt dưới lá."),
       ("Thiên địch", "Bảo vệ ong ký sinh, bọ rùa, không phun thuốc tràn lan cả ruộng khi rệp chỉ có ở vài cây.")],
      "Không mang hom sắn từ vùng có rệp sáp sang vùng chưa có. Báo cho trạm trồng trọt khi rệp lan rộng.",
      phi_days=14),
    g("st-dua-hau-bo-tri", "crop", "Phòng trừ bọ trĩ hại dưa hấu",
      "Bọ trĩ chích hút đọt non làm chùn ngọn, rụng hoa, trái sần; phòng sớm từ khi cây có 3–4 lá thật.",
      ["Dưa hấu"], "Phú Lộc", [2, 3, 4, 5],
      [("Nhận biết", "Bọ trĩ rất nhỏ, dài khoảng 1 mm, màu vàng nhạt, sống ở đọt non và mặt dưới lá. Đọt dưa xoăn "
        "lại, lá non cứng, giòn, có màu ánh bạc; dây chùn ngọn không bò; hoa rụng, trái non có vết sẹo nâu. Nặng "
        "khi nắng nóng, khô hạn."),
       ("Biện pháp canh tác", "Phủ màng phủ nông nghiệp mặt bạc, tưới đủ ẩm, làm sạch cỏ quanh ruộng. Có thể treo "
        "bẫy dính màu xanh 20–25 bẫy/sào."),
       ("Phun thuốc", "Kiểm tra bằng cách vỗ ngọn dưa lên tờ giấy trắng. Khi nhiều bọ trĩ phun abamectin hoặc "
        "spinetoram, 10–15 ml/bình 16 lít, phun vào chiều mát, phun kỹ đọt non; luân phiên thuốc vì bọ trĩ kháng "
        "thuốc nhanh.")],
      "Cách ly theo nhãn thuốc trước thu hoạch; không phun lúc hoa nở rộ buổi sáng để bảo vệ ong thụ phấn.",
      phi_days=7),
    g("st-bap-cai-thoi-nhun", "crop", "Phòng bệnh thối nhũn bắp cải",
      "Bệnh do vi khuẩn làm bắp cải thối nhũn, mùi hôi; luân canh, lên luống cao, tránh làm dập cây.",
      ["Cải bắp"], "Hương Trà", [10, 11, 12, 1],
      [("Nhận biết", "Vết bệnh bắt đầu ở gốc hoặc giữa bắp, mô cây mềm nhũn, ướt, màu nâu nhạt, có mùi hôi thối. "
        "Buổi trưa lá ngoài héo rũ sát đất. Bệnh do vi khuẩn Erwinia, xâm nhập qua vết thương do sâu cắn, dập lá."),
       ("Canh tác", "Luân canh với lúa nước hoặc cây khác họ ít nhất 1 vụ. Lên luống cao, rãnh thoát nước tốt; "
        "bón lót vôi 15–20 kg/sào; không bón thừa đạm."),
       ("Xử lý", "Nhổ bỏ cây bệnh, rắc vôi bột vào hốc. Phun thuốc gốc đồng hoặc kasugamycin, streptomycin theo "
        "hướng dẫn khi bệnh chớm xuất hiện, 7 ngày một lần."),
       ("Thu hoạch", "Thu hoạch lúc trời khô ráo, tránh làm dập bắp.")],
      "Cách ly thuốc kháng sinh thực vật ít nhất 7 ngày trước khi thu hoạch.", phi_days=7),
    g("st-lac-heo-ru", "crop", "Phòng bệnh héo rũ gốc mốc trắng trên lạc",
      "Nấm hại gốc lạc làm cây héo chết từng cây; vệ sinh đồng ruộng, dùng nấm Trichoderma bón lót.", ["Lạc"],
      "Quảng Điền", [2, 3, 4, 5, 6],
      [("Nhận biết", "Cây lạc đang xanh héo rũ đột ngột từng cây. Gốc thân sát mặt đất có vết thối nâu, phủ lớp tơ "
        "nấm trắng như bông, trên đó có hạt nấm nhỏ tròn như hạt cải. Bệnh nặng khi nắng nóng xen mưa, đất cát pha."),
       ("Làm đất", "Cày sâu, phơi ải, dọn sạch tàn dư cây vụ trước. Bón lót 8–10 kg vôi và 1 kg chế phẩm "
        "Trichoderma trộn với phân chuồng hoai cho mỗi sào."),
       ("Xử lý cây bệnh", "Nhổ cây bệnh đem ra khỏi ruộng đốt, rắc vôi vào chỗ nhổ. Phun gốc bằng validamycin hoặc "
        "hexaconazole 20–25 ml/bình 16 lít khi bệnh mới xuất hiện."),
       ("Luân canh", "Luân canh lạc với lúa hoặc ngô, không trồng lạc liên tục trên một chân đất.")],
      "Cách ly thuốc 14 ngày trước khi nhổ lạc.", phi_days=14),
    g("st-ga-cau-trung", "livestock", "Phòng và trị bệnh cầu trùng ở gà",
      "Giữ chuồng khô, úm gà đúng cách, cho uống thuốc phòng theo tuổi và trị sớm khi gà đi phân máu.", ["Gà"],
      "Phong Điền", [1, 2, 3, 9, 10, 11, 12],
      [("Nhận biết", "Bệnh cầu trùng do ký sinh trùng Eimeria, hay gặp ở gà 10 ngày đến 2 tháng tuổi. Gà ủ rũ, xù "
        "lông, xõa cánh, đứng tụm; phân sáp màu nâu đỏ hoặc lẫn máu tươi; mào nhợt, gà gầy, chết rải rác."),
       ("Phòng bệnh", "Chuồng cao ráo, độn chuồng bằng trấu khô dày 10 cm, thay khi ướt. Máng uống không để "
        "nước tràn. Cho gà uống thuốc phòng (toltrazuril hoặc sulfamid) lúc 15–20 ngày tuổi, 2–3 ngày liền."),
       ("Điều trị", "Khi gà đi phân máu, cho cả đàn uống toltrazuril 7 mg/kg thể trọng trong 2 ngày, hoặc "
        "sulfaquinoxaline theo hướng dẫn; bổ sung vitamin K, vitamin A và điện giải."),
       ("Vệ sinh", "Thay toàn bộ độn chuồng, rắc vôi bột nền chuồng, phun sát trùng sau khi trị.")],
      "Ngừng thuốc ít nhất 7 ngày trước khi bán gà thịt. Không dùng thuốc có trong danh mục cấm."),
    g("st-ga-hen", "livestock", "Phòng trị bệnh hen gà (CRD)",
      "Bệnh đường hô hấp mãn tính do Mycoplasma: chuồng thông thoáng, giữ ấm khi chuyển mùa, trị bằng kháng sinh "
      "đặc hiệu.",
      ["Gà"], "Hương Trà", [11, 12, 1, 2, 3],
      [("Nhận biết", "Gà thở khò khè, há mỏ thở, ban đêm nghe tiếng kêu toóc toóc; chảy nước mũi, mắt có bọt, mặt "
        "sưng; gà vẩy mỏ, hắt hơi. Gà chậm lớn, gà đẻ giảm trứng; chết ít nhưng kéo dài."),
       ("Chuồng trại", "Chuồng thoáng, không gió lùa, không để mùi khai; mật độ 6–8 con/m² gà thịt. Che chắn "
        "khi trời rét, mưa phùn."),
       ("Điều trị", "Dùng tylosin hoặc tiamulin, doxycycline pha nước uống theo liều trên nhãn, 5 ngày liền; "
        "bổ sung vitamin C, điện giải. Nuôi riêng gà bệnh nặng."),
       ("Phòng", "Mua gà giống ở cơ sở sạch bệnh; cho uống thuốc phòng khi thời tiết chuyển lạnh.")],
      "Thời gian ngừng thuốc theo nhãn trước khi giết thịt và thu trứng."),
    g("st-lon-dong-dau", "livestock", "Phòng bệnh đóng dấu lợn",
      "Bệnh do vi khuẩn, lợn sốt cao, da có đám đỏ hình vuông; tiêm phòng vắc xin 2 lần mỗi năm.", ["Lợn"],
      "Phú Vang", [4, 5, 6, 7, 8],
      [("Nhận biết", "Bệnh đóng dấu do vi khuẩn Erysipelothrix, hay gặp ở lợn 3–12 tháng tuổi vào mùa nóng ẩm. Lợn "
        "sốt 41–42 °C, bỏ ăn; trên da lưng, bụng, đùi nổi những đám đỏ hình vuông, hình thoi như con dấu, ấn vào "
        "mất màu. Thể mãn tính khớp chân sưng, lợn đi khập khiễng."),
       ("Tiêm phòng", "Tiêm vắc xin đóng dấu hoặc vắc xin tam liên (tụ dấu, phó thương hàn) cho lợn từ 2 tháng "
        "tuổi, nhắc lại sau 6 tháng."),
       ("Điều trị", "Tiêm penicillin 20.000–30.000 UI/kg thể trọng hoặc amoxicillin, ngày 1–2 lần trong 3–5 ngày; "
        "hạ sốt, cho uống nước đủ."),
       ("Vệ sinh", "Cách ly lợn ốm, tiêu độc chuồng bằng vôi bột hoặc thuốc sát trùng.")],
      "Bệnh có thể lây sang người qua vết xước khi mổ lợn ốm: đeo găng tay, không bán chạy lợn bệnh."),
    g("st-lon-phu-dau", "livestock", "Phòng bệnh phù đầu ở lợn con sau cai sữa",
      "Do E. coli sinh độc tố, lợn con béo khỏe chết đột ngột; cai sữa từ từ, giảm đạm trong khẩu phần.", ["Lợn"],
      "Phú Lộc", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      [("Nhận biết", "Bệnh phù đầu (sưng phù đầu) gặp ở lợn 1–2 tuần sau cai sữa. Mí mắt, mặt, đầu sưng phù; lợn "
        "kêu khàn, đi loạng choạng, nằm co giật, chân đạp như bơi. Con to béo nhất đàn hay chết trước, chết nhanh."),
       ("Cai sữa đúng cách", "Tập ăn sớm từ 7–10 ngày tuổi; khi cai sữa giảm 20–30 % lượng thức ăn trong tuần đầu, "
        "đổi thức ăn từ từ trong 5–7 ngày, thức ăn ít đạm, nhiều xơ."),
       ("Điều trị", "Giảm ngay nửa khẩu phần; tiêm kháng sinh (enrofloxacin, amoxicillin) theo liều nhãn, tiêm "
        "thuốc lợi tiểu, cho uống điện giải. Con đã co giật thường khó cứu."),
       ("Phòng", "Tiêm vắc xin E. coli phù đầu cho lợn con theo hướng dẫn của cán bộ thú y.")],
      "Dùng kháng sinh đúng liều, đủ ngày và ngừng thuốc theo nhãn trước khi xuất bán."),
    g("st-trau-bo-tien-mao-trung", "livestock", "Phòng trị bệnh tiên mao trùng ở trâu bò",
      "Ký sinh trùng đường máu do ruồi trâu, mòng truyền; trâu bò sốt từng cơn, gầy, phù; điều trị bằng thuốc "
      "đặc hiệu.",
      ["Trâu", "Bò"], "Nam Đông", [5, 6, 7, 8, 9, 10],
      [("Nhận biết", "Bệnh do Trypanosoma evansi sống trong máu. Trâu bò sốt cao từng cơn, hạ rồi lại sốt; gầy "
        "sút nhanh, thiếu máu, niêm mạc mắt nhợt hoặc vàng; phù ở yếm, bụng, chân. Nặng thì đi loạng choạng, "
        "quay vòng, run rẩy, chết. Hay phát vào mùa mưa nhiều ruồi trâu, mòng."),
       ("Chẩn đoán", "Báo cán bộ thú y lấy máu xét nghiệm để xác định bệnh."),
       ("Điều trị", "Tiêm diminazene (Berenil) 3,5–7 mg/kg thể trọng một lần, tiêm bắp sâu; hoặc trypamidium "
        "theo hướng dẫn của thú y. Trợ sức bằng vitamin B12, sắt, cho ăn cỏ non."),
       ("Phòng", "Diệt ruồi trâu, mòng quanh chuồng; phát quang bụi rậm; kiểm tra máu trâu bò mua về.")],
      "Không tự ý tiêm quá liều thuốc trị ký sinh trùng máu; thuốc độc với gan và có thời gian ngừng trước khi "
      "giết thịt."),
    g("st-be-nghe-tieu-chay", "livestock", "Phòng trị tiêu chảy ở bê nghé",
      "Bê nghé dưới 1 tháng tuổi dễ tiêu chảy, mất nước và chết; cho bú sữa đầu đủ, chuồng khô, bù nước điện giải.",
      ["Bò", "Trâu"], "Phú Vang", [1, 2, 3, 9, 10, 11, 12],
      [("Nhận biết", "Bê nghé đi phân lỏng như nước, màu trắng, vàng hoặc xanh, mùi tanh; đuôi và khoeo dính phân; "
        "bỏ bú, mắt trũng, mũi khô, véo da lâu trở lại. Nguyên nhân: E. coli, virus, cầu trùng, giun đũa, bú sữa "
        "lạnh hoặc chuồng ẩm."),
       ("Sữa đầu và chuồng", "Cho bê nghé bú sữa đầu trong 1–2 giờ sau khi đẻ. Chuồng khô, có rơm lót, tránh gió lùa."),
       ("Bù nước", "Cho uống dung dịch điện giải (oresol) 2–4 lít/ngày chia nhiều lần; vẫn cho bú mẹ."),
       ("Điều trị", "Dùng kháng sinh đường ruột (colistin, sulfamid) theo hướng dẫn của thú y 3–5 ngày. Tẩy giun "
        "đũa cho bê nghé lúc 15–30 ngày tuổi bằng piperazin hoặc levamisol.")],
      "Bê nghé bỏ bú, nằm li bì trên 1 ngày phải gọi ngay cán bộ thú y xã."),
    g("st-ca-nam-thuy-mi", "aquaculture", "Phòng bệnh nấm thủy mi cho cá nuôi mùa lạnh",
      "Nấm thủy mi bám trên da, vây cá khi nước lạnh; tránh xây xát khi đánh bắt, tắm muối và xử lý nước ao.",
      ["Cá trắm cỏ", "Cá chép", "Cá rô phi"], "Quảng Điền", [11, 12, 1, 2],
      [("Nhận biết", "Trên da, vây, mang cá có những búi sợi nấm màu trắng xám như bông gòn; trứng cá ấp bị phủ nấm "
        "trắng. Cá bơi lờ đờ, gầy, chỗ nấm bám lở loét. Bệnh hay gặp khi nhiệt độ nước dưới 20 °C, cá bị xây xát."),
       ("Phòng bệnh", "Trước mùa rét tu bổ ao, giữ mực nước sâu 1,5–2 m; không đánh bắt, vận chuyển cá khi rét đậm. "
        "Bón vôi 1–2 kg/100 m³ nước mỗi tháng."),
       ("Xử lý", "Tắm cá bị bệnh bằng nước muối 2–3 % trong 5–10 phút. Xử lý ao bằng chế phẩm iodine hoặc muối ăn "
        "theo liều hướng dẫn; giảm lượng thức ăn khi trời lạnh.")],
      "Không dùng thuốc, hóa chất cấm trong thủy sản để trị nấm cho cá."),
    g("st-tom-hoai-tu-co", "aquaculture", "Phòng bệnh hoại tử cơ trên tôm thẻ chân trắng",
      "Tôm đục cơ, trắng đuôi khi bị sốc môi trường; giữ ổn định nhiệt độ, độ mặn và mật độ nuôi hợp lý.",
      ["Tôm thẻ chân trắng"], "Phú Lộc", [4, 5, 6, 7, 8],
      [("Nhận biết", "Bệnh hoại tử cơ do virus IMNV hoặc do sốc. Cơ thân tôm chuyển màu trắng đục từng đoạn, nhất "
        "là các đốt cuối gần đuôi; đuôi trắng rồi đỏ, hoại tử. Tôm yếu, dạt bờ, chết rải rác kéo dài."),
       ("Quản lý môi trường", "Giữ độ mặn, nhiệt độ ổn định; khi trời nắng nóng trên 33 °C, tăng mực nước 1,2–1,5 m, "
        "chạy quạt khí nhiều hơn; thay nước từ từ, không quá 20 % mỗi lần."),
       ("Mật độ và thức ăn", "Thả 80–120 con/m² với ao lót bạt; không cho ăn dư; bổ sung khoáng, vitamin C vào "
        "thức ăn những ngày thời tiết thay đổi."),
       ("Khi tôm bệnh", "Giảm 30–50 % thức ăn, tăng oxy, bổ sung khoáng; vớt tôm chết, báo cán bộ thủy sản xã.")],
      "Không dùng kháng sinh cấm trong nuôi tôm; không xả nước ao bệnh ra kênh chung khi chưa xử lý."),
]

if __name__ == "__main__":
    with (HERE / "guides.jsonl").open("w", encoding="utf-8") as out:
        for guide in GUIDES:
            out.write(json.dumps(guide, ensure_ascii=False) + "\n")
    print(len(GUIDES), "guides")
