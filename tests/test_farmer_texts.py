"""What a farmer reads on a guide, in both languages: the season as "Quanh năm" or a range of months,
money grouped by thousands ("75.000 đ", "75,000 VND") on the guide page and its field sheet, a home
page whose title says the site's name once, and the officer's role in the page's language."""
import re

import pytest

from kb.importer import import_lines
from kb.models import Officer
from tests.helpers import guide_line, pdf_text, typical_guide

pytestmark = pytest.mark.django_db

MONTHS = [  # (months, Vietnamese, English)
    (list(range(1, 13)), "Quanh năm", "Year-round"),
    ([2, 3, 4], "Tháng 2–4", "Feb–Apr"),
    ([11, 12, 1, 2], "Tháng 11–2", "Nov–Feb"),
    ([1, 2, 5, 9, 10], "Tháng 1–2, 5, 9–10", "Jan–Feb, May, Sep–Oct"),
    ([7], "Tháng 7", "Jul"),
]


def fact(html, label):
    """The text of one fact of a guide page's list (<dt>label</dt><dd>…</dd>), tags and spacing removed."""
    found = re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else None


@pytest.mark.parametrize("months, vietnamese, english", MONTHS)
def test_the_season_reads_as_year_round_or_ranges_of_months_in_both_languages(client, months, vietnamese, english):
    report = import_lines([
        guide_line("ga-tha", "Nuôi gà thả vườn", sector="livestock", commodities=["Gà"], months=months,
                   publish=True),
        guide_line("free-range-chicken", "Free-range chickens", sector="livestock", commodities=["Gà"],
                   months=months, publish=True, locale="en"),
    ])
    assert report.ok, report.errors
    assert fact(client.get("/chan-nuoi/ga-tha/").content.decode(), "Thời vụ") == vietnamese
    assert fact(client.get("/en/livestock/free-range-chicken/").content.decode(), "Season") == english


def test_money_is_grouped_by_thousands_on_the_guide_page_and_the_field_sheet(client):
    money = {"cost": {"amount": 75000, "per": "head"}, "benefit": {"amount": 1250000, "per": "head"}}
    report = import_lines([
        guide_line("ga-tha", "Nuôi gà thả vườn", sector="livestock", commodities=["Gà"], publish=True, **money),
        guide_line("free-range-chicken", "Free-range chickens", sector="livestock", commodities=["Gà"],
                   publish=True, locale="en", **money),
    ])
    assert report.ok, report.errors
    vietnamese = client.get("/chan-nuoi/ga-tha/").content.decode()
    assert fact(vietnamese, "Chi phí") == "75.000 đ mỗi con"
    assert fact(vietnamese, "Lợi nhuận dự kiến") == "1.250.000 đ mỗi con"
    english = client.get("/en/livestock/free-range-chicken/").content.decode()
    assert fact(english, "Cost") == "75,000 VND per head"
    assert fact(english, "Expected profit") == "1,250,000 VND per head"
    sheet = " ".join(pdf_text(client.get("/chan-nuoi/ga-tha/phieu-ky-thuat.pdf").content).split())
    assert "75.000 đ mỗi con" in sheet and "1.250.000 đ mỗi con" in sheet and "75000" not in sheet
    sheet = " ".join(pdf_text(client.get("/en/livestock/free-range-chicken/phieu-ky-thuat.pdf").content).split())
    assert "75,000 VND per head" in sheet


def test_the_officers_role_is_in_english_on_english_pages_and_in_vietnamese_when_it_has_none(client):
    """Issue 21, item 13: the role officers give in English shows on English guides and their field sheets;
    without one, the Vietnamese role rather than nothing."""
    vietnamese, english = typical_guide(), typical_guide(slug="rice-summer", title="Summer rice", locale="en")
    Officer.objects.filter(slug="chi-lan").update(role_en="Commune extension officer")

    def officer_line(page):
        html = client.get(page.url).content.decode()
        return " ".join(re.sub(r"<[^>]+>", " ", re.search(r'<li class="officer">(.*?)</li>', html, re.S)[1]).split())

    assert "Nguyễn Thị Chi Lan , Commune extension officer" in officer_line(english)
    assert "Nguyễn Thị Chi Lan , Cán bộ khuyến nông xã" in officer_line(vietnamese)
    sheet = " ".join(pdf_text(client.get(english.url + "phieu-ky-thuat.pdf").content).split())
    assert "Commune extension officer" in sheet and "Cán bộ khuyến nông xã" not in sheet
    Officer.objects.filter(slug="chi-lan").update(role_en="")
    assert "Cán bộ khuyến nông xã" in officer_line(english)


def test_the_home_page_title_says_the_sites_name_once(client):
    import_lines([guide_line("lua", "Lúa", publish=True)])
    assert re.search(r"<title>\s*Khuyến nông Thừa Thiên Huế\s*</title>", client.get("/").content.decode())
    english = re.search(r"<title>(.*?)</title>", client.get("/en/").content.decode(), re.S).group(1).strip()
    assert english and " · " not in english
    guide = re.search(r"<title>(.*?)</title>", client.get("/trong-trot/lua/").content.decode(), re.S).group(1)
    assert guide.strip() == "Lúa · Khuyến nông Thừa Thiên Huế"


@pytest.mark.parametrize("language, labels", [("vi", ["Tháng 1", "Tháng 6", "Tháng 12"]),
                                               ("en", ["Jan", "Jun", "Dec"])])
def test_a_month_filter_is_labelled_in_the_language_of_the_page(language, labels):
    from django.utils import translation

    from search.filters import FILTERS, facet

    month = next(f for f in FILTERS if f.name == "month")
    with translation.override(language):
        assert [e["label"] for e in facet(month, [(12, 1), (1, 3), (6, 2)])] == labels
