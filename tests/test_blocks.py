"""Every body block carries its own behaviour: the words search indexes and the template a sheet prints."""
from html import unescape

import pytest
from django.template.loader import get_template
from django.utils.html import strip_tags

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


@pytest.mark.parametrize("html", [
    "<p>Cày <b>sâu</b> 20&nbsp;cm</p>",
    '<p class="x">Một &amp; hai</p><ul><li>ba</li><li>bốn</li></ul>',
    "<p>Tỉ lệ a < b và c > d</p>",
    "<p>Trước<!-- ghi chú <b>ẩn</b> -->sau<br/>dòng mới</p>",
    "Paraquat <a href=\"/x?a=1&amp;b=2\">Gramoxone</a>",
    "",
])
def test_plain_text_is_what_djangos_strip_tags_leaves(html):
    assert plain(html) == unescape(strip_tags(html)).replace("\xa0", " ")
