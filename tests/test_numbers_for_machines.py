"""Numbers a browser or a script reads (addresses, data attributes, image sizes) are written plainly in
either language, even with digit grouping on ("1.500" in Vietnamese, "1,500" in English, as a money figure
may want): "?trang=12345", never "?trang=12.345"."""
from types import SimpleNamespace

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


@pytest.fixture(params=["vi", "en"])
def grouped(request, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    settings.NUMBER_GROUPING = 3  # Vietnamese formats leave grouping to the settings
    with translation.override(request.param):
        yield


def test_page_links_keep_plain_page_numbers(grouped):
    page = Paginator(range(3000), 1).page(1500)
    html = render_to_string("includes/pagination.html", {"page_obj": page, "query_string": "q=lua"})
    assert "page=1499" in html and "page=1501" in html


def test_the_ask_link_keeps_the_plain_page_id(grouped):
    html = render_to_string("includes/ask_officer.html", {"ask_page": SimpleNamespace(id=12345)})
    assert "?trang=12345" in html
