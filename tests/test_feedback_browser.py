""""Có giúp được không?" on a 360 px phone, with and without JavaScript: a tap on "Chưa" counts once, then one
line is sent; with the script neither step leaves the guide."""
import pytest

from feedback.models import VoteComment, VoteCount
from kb.models import GuidePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("phone", [True, False], indirect=True, ids=["script", "no-script"])
def test_a_farmer_taps_chua_and_adds_a_line(phone, live_server, monkeypatch, request):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the database is read between browser steps
    with_script = request.node.callspec.params["phone"]
    guide_url = live_server.url + "/trong-trot/dao-on/"
    phone.goto(guide_url)
    phone.get_by_role("button", name="Chưa", exact=True).click()
    phone.get_by_text("Cảm ơn bà con đã góp ý.").wait_for()
    phone.get_by_label("Còn thiếu gì?").fill("Thiếu liều thuốc cho 1 sào, gọi 0905 123 456")
    phone.get_by_role("button", name="Gửi", exact=True).click()
    phone.get_by_text("Cảm ơn bà con, cán bộ khuyến nông sẽ đọc góp ý này.").wait_for()
    assert (phone.url == guide_url) == with_script

    guide = GuidePage.objects.get(slug="dao-on")
    assert VoteCount.objects.get(item_id=guide.pk).no == 1
    assert VoteComment.objects.get().text == "Thiếu liều thuốc cho 1 sào, gọi […]"
