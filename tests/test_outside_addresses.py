"""Issue 21, item 7: every address that leaves the site starts with SITE_URL (the port `scripts/run` serves on,
the province's https name), never with Wagtail's site record (http://localhost) or the port 8000 default: the
alerts feed, the QR code and saved link of a farmer's question, both SMS texts, the officers' e-mail, a guide's
short address and its SMS text, an alert's SMS."""
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core import mail
from PIL import Image, ImageDraw

from alerts.formats import message
from kb.models import Officer
from kb.share import sms_text
from questions import notify
from questions.models import FarmerQuestion
from tests.helpers import ask_form, publish_alert, typical_guide

pytestmark = pytest.mark.django_db

SITE = "https://khuyennong.example:8443"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def outside(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def svg_qr_codes(svg):
    """What a phone's camera reads in segno's SVG (one path of horizontal strokes, 'M x y.5 h n m dx dy'):
    the path drawn as a picture, read with zbarimg as the field sheets' codes are."""
    root = ET.fromstring(svg)
    path = root.find("{http://www.w3.org/2000/svg}path")
    scale = float(re.search(r"scale\(([\d.]+)\)", path.get("transform", "scale(1)")).group(1))
    size = round(float(root.get("width")) / scale)
    picture = Image.new("L", (size * 8, size * 8), 255)
    draw, x, y = ImageDraw.Draw(picture), 0.0, 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path.get("d").replace("-", " -")):
        values = [float(n) for n in numbers.split()]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        else:
            end = values[0] if command == "H" else x + values[0]
            top = (y - 0.5) * 8
            draw.rectangle([x * 8, top, end * 8 - 1, top + 7], fill=0)
            x = end
    with tempfile.TemporaryDirectory() as tmp:
        picture.save(Path(tmp) / "qr.png")
        read = subprocess.run(["zbarimg", "--quiet", "--raw", f"{tmp}/qr.png"], capture_output=True, check=True)
    return read.stdout.decode().split()


def test_the_alerts_feed_links_to_site_url(client):
    alert = publish_alert()
    feed = ET.fromstring(client.get("/canh-bao.atom").content)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert len(links) >= 3 and all(href.startswith(SITE + "/") for href in links), links
    entry = feed.find(f"{ATOM}entry/{ATOM}link[@rel='alternate']").get("href")
    assert entry == SITE + alert.url and client.get(entry.removeprefix(SITE)).status_code == 200
    assert feed.find(f"{ATOM}id").text == "tag:khuyennong.example,2026-01-01:alerts"


def test_a_farmers_question_its_link_qr_code_sms_and_email_use_site_url(client, monkeypatch):
    Officer.objects.create(name="Nguyễn Thị Lan", slug="lan", email="lan@khuyennong.example")
    sent = []
    monkeypatch.setattr(notify, "send_sms", lambda phone, text: sent.append(text))
    response = client.post("/hoi-dap/gui/", ask_form(phone="0905 123 456"))
    question = FarmerQuestion.objects.get()
    link = f"{SITE}/hoi-dap/{question.token}/"

    html = client.get(response["Location"]).content.decode()
    assert link in html and "127.0.0.1:8000" not in html and "localhost" not in html
    assert svg_qr_codes(client.get(f"/hoi-dap/{question.token}/qr.svg").content) == [link]

    notify.notify_new_question(question.pk)
    question.answer = "<p>Phun thuốc theo hướng dẫn.</p>"
    question.save()
    notify.send_answer(question.pk)
    assert len(sent) == 2 and all(text.endswith(link) for text in sent)
    body = mail.outbox[0].body
    assert f"{SITE}/admin/snippets/questions/farmerquestion/edit/{question.pk}/" in body


def test_a_guides_short_address_its_sms_and_an_alerts_sms_use_site_url(client):
    guide = typical_guide()
    assert sms_text(guide).endswith(f"{SITE}/g/{guide.pk}")
    assert f"{SITE}/g/{guide.pk}" in client.get(guide.url).content.decode()
    alert = publish_alert()
    reply = message(alert)
    assert reply.sms.endswith(f"{SITE}/g/{alert.pk}") and f"Chi tiết: {SITE}/g/{alert.pk}" in reply.text
