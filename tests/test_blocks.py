"""Every body block carries its own behaviour: the words search indexes and the template a sheet prints."""
import pytest
from django.template.loader import get_template

from kb.blocks import plain
from kb.models import GuidePage

BODY = GuidePage._meta.get_field("body").stream_block


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_every_body_block_names_a_print_template_that_exists(name):
    assert get_template(BODY.child_blocks[name].meta.print_template)


def test_search_text_is_read_from_raw_stream_data_block_by_block():
    raw = [
        {"type": "paragraph", "value": "<p>Ruộng&nbsp;vàn</p>"},
        {"type": "step", "value": {"title": "Làm đất", "text": "<p>Cày <b>sâu</b></p>"}},
        {"type": "materials", "value": {"rows": [
            {"type": "item", "id": "r1", "value": {"item": "Vôi bột", "quantity": "15", "unit": "kg"}}]}},
        {"type": "warning", "value": {"kind": "ppe", "text": "Đeo găng tay"}},
        {"type": "qa", "value": {"question": "Bón khi nào?", "answer": "<p>Trước khi cấy</p>"}},
    ]
    assert [(position, text) for position, _, text in BODY.search_texts(raw)] == [
        (1, "Ruộng vàn"), (2, "Làm đất"), (2, "Cày sâu"), (3, "Vôi bột 15 kg"), (4, "Đeo găng tay"),
        (5, "Bón khi nào?"), (5, "Trước khi cấy"),
    ]


@pytest.mark.parametrize(("html", "text"), [
    ("<p>Cày <b>sâu</b> 20&nbsp;cm</p>", "Cày sâu 20 cm"),
    ('<p class="x">Một &amp; hai</p><ul><li>ba</li><li>bốn</li></ul>', "Một & hai ba bốn"),
    ("<p>Tỉ lệ a < b và c > d</p>", "Tỉ lệ a < b và c > d"),
    ("<p>Trước<!-- ghi chú <b>ẩn</b> -->sau<br/>dòng mới</p>", "Trướcsau dòng mới"),
    ("Paraquat <a href=\"/x?a=1&amp;b=2\">Gramoxone</a>", "Paraquat Gramoxone"),
    ("<p>Trồng trên chân đất.</p><p>Xem thêm: <b>bón</b>lót</p>", "Trồng trên chân đất. Xem thêm: bónlót"),
    ("", ""),
])
def test_plain_text_is_the_words_a_reader_sees_with_a_space_where_a_paragraph_or_line_ends(html, text):
    assert plain(html) == text


def test_a_passage_separates_a_step_title_from_its_text_and_says_a_repeated_title_once():
    raw = [
        {"type": "step", "value": {"title": "Úm gà con", "text": "<p>Quây úm có đèn sưởi.</p>"}},
        {"type": "step", "value": {"title": "Phun thuốc", "text": "<p>Phun thuốc có hoạt chất Tricyclazole.</p>"}},
        {"type": "qa", "value": {"question": "Bón khi nào?", "answer": "<p>Trước khi cấy</p><p>Sau khi cày</p>"}},
        {"type": "materials", "value": {"rows": [{"item": "Vôi bột", "quantity": "15", "unit": "kg"},
                                                 {"item": "Phân chuồng", "quantity": "2000", "unit": "kg"}]}},
    ]
    assert BODY.passages(raw) == [
        "Úm gà con. Quây úm có đèn sưởi.",
        "Phun thuốc có hoạt chất Tricyclazole.",
        "Bón khi nào? Trước khi cấy Sau khi cày",
        "Vôi bột 15 kg. Phân chuồng 2.000 kg",
    ]
