"""Helpers shared by the test modules (fixtures live in conftest.py, which uses these too).

Test modules import from here and never from each other.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.utils import timezone
from PIL import Image
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from analytics.models import SearchRecord
from fieldsheets.models import PrintPack
from kb.importer import import_guide
from kb.models import AlertPage, Commodity, Commune, GuidePage, Officer, Region, Technology
from kb.tree import alert_index, sector_index
from questions.models import FarmerQuestion


def wait_for(predicate, timeout=60.0, interval=0.05):
    """Poll until `predicate()` is truthy; the asynchronous path has no other signal to wait on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def closed_port():
    """A local port nothing listens on: an engine that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def guide_line(slug, title, summary="", commodities=("Lúa",), sector="crop", body="", **extra):
    """One import line (see kb.importer) for a small guide; tests vary only what they are about."""
    data = {"slug": slug, "title": title, "summary": summary or title, "sector": sector,
            "commodities": list(commodities),
            "body": [{"type": "step", "title": "Bước 1", "text": body or "Làm theo hướng dẫn."}], **extra}
    return json.dumps(data, ensure_ascii=False)


def guide_with_body(slug, title, summary, body=(), **extra):
    """An import line like `guide_line` with its own body blocks (a step, a warning, a question…)."""
    data = json.loads(guide_line(slug, title, summary, **extra))
    data["body"] = list(body) or data["body"]
    return json.dumps(data, ensure_ascii=False)


def step(title, text):
    return {"type": "step", "title": title, "text": text}


def member(username, group):
    """A user in one of the groups the migrations create (officers, editors)."""
    user = User.objects.create_user(username, password="pw-" + username)
    user.groups.add(Group.objects.get(name=group))
    return user


# --- the page editor (admin helper) -------------------------------------------------------------------

def guide_form(commodity, **overrides):
    """The page editor's form for a small guide, as the admin posts it; tests change what they are about."""
    data = {
        "title": "Trồng lúa Đông Xuân", "slug": "trong-lua-dong-xuan",
        "summary": "Làm đất, gieo sạ và bón phân cho lúa vụ Đông Xuân.",
        "sector": "crop", "difficulty": "easy",
        "economics_basis": "sao",
        "body": streamfield([("step", {"title": "Làm đất", "text": rich_text("<p>Cày bừa kỹ.</p>"),
                                       "image": "", "duration": ""})]),
    }
    lists = {"commodities": [commodity.pk], "months": ["1", "2"]}
    for key in list(overrides):
        if key in lists:
            lists[key] = overrides.pop(key)
    data.update(overrides)
    form = nested_form_data(data)
    form.update(lists, topics="Bón phân")
    return form


def add_url():
    """Where the admin adds a guide under the crops index."""
    parent = sector_index("crop")
    return f"/admin/pages/add/kb/guidepage/{parent.pk}/"


# --- reading PDFs back the way a person would: poppler's pdftotext and a scan of the QR code with zbarimg ---

def pdf_text(pdf, first=None, last=None, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + ["-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def qr_codes(pdf, page=1):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-", f"{tmp}/p"],
                       input=pdf, check=True)
        image = next(Path(tmp).glob("p*.png"))
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, check=True)
    return out.stdout.decode().split()


STEP_TITLES = ["Làm đất, bón lót", "Ngâm ủ hạt giống", "Gieo sạ đúng mật độ", "Bón thúc đẻ nhánh",
               "Quản lý nước ướt khô xen kẽ", "Phòng trừ rầy nâu", "Thu hoạch khi chín 85%"]


def typical_guide(slug="lua-he-thu", title="Kỹ thuật thâm canh lúa vụ Hè Thu ở Phú Vang", steps=STEP_TITLES,
                  publish=True, rows=None, locale="vi"):
    """A guide the size officers write: seven steps, a dose table, two warnings, a technology, an officer."""
    Technology.objects.get_or_create(slug="sri", defaults={
        "name": "Hệ thống canh tác lúa cải tiến SRI", "provider": "Đại học Nông Lâm Huế", "ip_status": "none"})
    Officer.objects.get_or_create(slug="chi-lan", defaults={
        "name": "Nguyễn Thị Chi Lan", "role": "Cán bộ khuyến nông xã", "phone": "0900 000 123",
        "zalo": "0900000123", "district": Region.objects.get(name="Phú Vang")})
    body = [{"type": "paragraph", "text": "Áp dụng cho chân ruộng vàn, chủ động tưới tiêu."}]
    for number, step in enumerate(steps, 1):
        body.append({"type": "step", "title": step, "duration": f"{number} ngày",
                     "text": "Thực hiện đúng thời điểm, ghi chép vào sổ nhật ký đồng ruộng. " * 2})
        if number == 1:
            body.append({"type": "materials", "rows": rows or [
                {"name": "Phân chuồng hoai", "quantity": "500", "unit": "kg", "per": "sao"},
                {"name": "Vôi bột", "quantity": "15", "unit": "kg", "per": "sao"},
                {"name": "Đạm urê", "quantity": "150", "unit": "kg", "per": "ha"},
                {"name": "Chế phẩm vi sinh", "quantity": "2", "unit": "lít", "per": "m2_1000"},
            ]})
    body += [{"type": "warning", "kind": "phi", "days": 14, "text": "Ngừng phun thuốc trước thu hoạch."},
             {"type": "warning", "kind": "ppe", "text": "Đeo khẩu trang, găng tay khi phun thuốc."}]
    import_guide({
        "slug": slug, "title": title, "summary": "Giống ngắn ngày, sạ thưa, bón cân đối, tưới ướt khô xen kẽ.",
        "sector": "crop", "commodities": ["Lúa"], "regions": ["Phú Vang"], "months": [4, 5, 6],
        "technology": "sri", "officers": ["chi-lan"], "body": body, "publish": publish, "locale": locale,
    }, publish=publish)
    return GuidePage.objects.get(slug=slug, locale__language_code=locale)


# --- farmers' questions (ask helper) -----------------------------------------------------------------

def photo_bytes(size=(2400, 1800), fmt="JPEG", gps=True):
    """A camera-like photo: EXIF with the camera model and a GPS position (JPEG) unless `gps` is False."""
    image = Image.new("RGB", size, (90, 140, 60))
    out = BytesIO()
    if fmt == "JPEG" and gps:
        exif = Image.Exif()
        exif[0x0110] = "FarmPhone X1"  # camera model
        exif.get_ifd(0x8825).update({1: "N", 2: (16.0, 27.0, 48.0), 3: "E", 4: (107.0, 35.0, 26.0)})
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def ask_form(**overrides):
    """A valid question as the farmer's form posts it; tests change what they are about."""
    data = {"text": "Lúa nhà tôi bị vàng lá từ gốc lên, có đốm nâu. Phải làm sao?", "commodity": "",
            "commune": "", "phone": "", "consent": "", "website": "", "source_page": "", "source_query": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- the officer's desk (officer screens helper) ------------------------------------------------------

def officer_desk():
    """What an officer's admin screens show on a working day, for the translation check and the screen tests:
    the officer (linked to their Officer entry, in Phú Vang) and an editor; a live guide with an image and a
    document; a draft the officer submitted for an editor's approval; a new question with a phone number and
    an answered one; a finished print pack and one being built; a week of searches in both languages."""
    officer, editor = member("can-bo", "Cán bộ khuyến nông"), member("bien-tap", "Biên tập viên")
    officer.first_name, officer.last_name = "Chi Lan", "Nguyễn Thị"
    officer.save()
    guide = typical_guide()
    Officer.objects.filter(slug="chi-lan").update(user=officer)
    draft = typical_guide(slug="ga-tha-vuon", title="Nuôi gà thả vườn an toàn sinh học", publish=False)
    draft.get_workflow().start(draft, officer)
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), (90, 140, 60)).save(buffer, "PNG")
    image = WagtailImage.objects.create(title="Ruộng lúa sau sạ 20 ngày", file=ImageFile(buffer, name="ruong.png"),
                                        uploaded_by_user=officer)
    document = Document.objects.create(title="Bảng liều lượng phân bón", uploaded_by_user=officer,
                                       file=ContentFile(b"Phan chuong 500 kg/sao\n", name="lieu-luong.txt"))
    rice = Commodity.objects.get_or_create(slug="lua", defaults={"name": "Lúa", "sector": "crop"})[0]
    district = Region.objects.get(name="Phú Vang")
    waiting = FarmerQuestion.objects.create(
        text="Lúa nhà tôi bị vàng lá từ gốc lên, có đốm nâu hình thoi. Phải làm sao?", phone="0905123456",
        commodity=rice, district=district, source_page=guide, created_at=timezone.now() - timedelta(hours=50))
    answered = FarmerQuestion.objects.create(
        text="Bón vôi cho ruộng chua bao nhiêu kg mỗi sào?", commodity=rice, district=district, consent=True,
        answer="<p>Bón 15–20 kg vôi bột mỗi sào, trước khi cày.</p>")
    packs = [PrintPack.objects.create(title="Gói in xã Phú Thuận", district=district, guide_ids=[guide.pk],
                                      status=status, progress=progress, page_count=pages, created_by=officer)
             for status, progress, pages in (("done", 100, 3), ("running", 40, 0))]
    now = timezone.now()
    SearchRecord.objects.bulk_create(
        SearchRecord(query=query, language=language, result_count=count, duration_ms=40, sector="crop",
                     created_at=now - timedelta(days=day, hours=1))
        for day, (query, language, count) in enumerate([("lúa", "vi", 4), ("dao on", "vi", 2), ("rice", "en", 1),
                                                        ("sầu riêng", "vi", 0), ("lúa", "vi", 4)] * 2))
    return SimpleNamespace(officer=officer, editor=editor, guide=guide, draft=draft, image=image,
                           document=document, waiting=waiting, answered=answered, packs=packs)


# --- real worker processes on a broker of the test's own (faults and alerts helpers) ------------------------

# --- an alert in force (alerts helper; the screens use it too) -------------------------------------------

PLACES = ("Phường Phong Điền", "Phường Thuận An")  # the second lies in the former Phú Vang, like the rice guide
SITUATION = "Rầy nâu đang lên, mật độ 2.000–3.000 con/m² ở chân ruộng trũng, lúa giai đoạn làm đòng."
ACTION = "Thăm đồng 2 lần mỗi tuần, rẽ lúa xem gốc; trên 3.000 con/m² thì xử lý theo hướng dẫn trong tuần này."


def publish_alert(title="Rầy nâu gây hại lúa hè thu", commodities=("Lúa",), places=PLACES, hours=48, **fields):
    alert = AlertPage(title=title, slug=f"canh-bao-{uuid.uuid4().hex[:8]}", situation=SITUATION, action=ACTION,
                      valid_until=timezone.now() + timedelta(hours=hours), source="Thông báo 12/TB-TTBVTV", **fields)
    alert.commodities = Commodity.objects.filter(name__in=commodities)
    alert.communes = Commune.objects.filter(name__in=places)
    alert_index().add_child(instance=alert)
    alert.save_revision().publish()
    return alert


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@contextmanager
def worker(broker_url, name, stop=signal.SIGTERM, queues="celery", **environ):
    """A real worker process on `broker_url`, against the test's database, engine and index; stopped with
    `stop` on leaving (SIGKILL: no chance to acknowledge or give back what it holds); `environ` adds settings."""
    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url(),
           "CELERY_BROKER_URL": broker_url, "CELERY_VISIBILITY_TIMEOUT": "2",
           "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL, "SEARCH_INDEX_ALIAS": settings.SEARCH_INDEX_ALIAS,
           **environ}
    log = Path(os.environ["VAR_DIR"]) / f"worker-{name}.log"
    process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "tasks.celery", "worker", "-Q", queues,
                                "--pool", "solo", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
                                "--loglevel", "WARNING"], env=env, stdout=subprocess.DEVNULL,
                               stderr=log.open("w"))
    try:
        yield process
    except BaseException:  # what the worker said, shown with the failure
        sys.stderr.write(f"--- worker {name} ---\n{log.read_text()}")
        raise
    finally:
        process.send_signal(stop)
        process.wait(timeout=30)


@contextmanager
def publishing_to(broker_url):
    """The site's Celery app sends its tasks to `broker_url` (its write URL: CELERY_BROKER_URL in the
    environment would override the broker URL), with fresh connection pools on entering and leaving."""
    from tasks.celery import app

    before = app.conf.broker_write_url
    app.conf.broker_write_url = broker_url
    app._after_fork()  # drops the pooled connections to the other broker
    try:
        yield
    finally:
        app.conf.broker_write_url = before
        app._after_fork()


