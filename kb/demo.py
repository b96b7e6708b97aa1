"""Demo content: commodities, technologies, officers and guides written for Thừa Thiên Huế.

The texts live in kb/demo/ as data. Cover pictures are drawn here rather than shipped as photographs:
a coloured card per commodity, made the same way every run so re-loading finds the same images.
"""
import json
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from kb.importer import import_lines
from kb.models import Commodity, GuidePage, Officer, QuestionAnswerPage, Region, Technology
from kb.text import ascii_slug
from kb.tree import question_index

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
SECTOR_COLOURS = {"crop": ((46, 125, 50), (205, 220, 57)), "livestock": ((141, 85, 36), (255, 183, 77)),
                  "aquaculture": ((2, 119, 189), (128, 222, 234))}
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _read(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def load_catalogues():
    for item in _read("commodities.json"):
        Commodity.objects.update_or_create(name=item["name"], defaults={
            "slug": item.get("slug") or ascii_slug(item["name"]), "alt_names": "\n".join(item.get("alt_names", [])),
            "name_en": item.get("name_en", ""),
            "scientific_name": item.get("scientific_name", ""), "sector": item["sector"],
        })
    for item in _read("technologies.json"):
        Technology.objects.update_or_create(slug=item["slug"], defaults={
            key: item.get(key) or default for key, default in [
                ("name", ""), ("provider", ""), ("ip_status", "none"), ("decision_number", ""),
                ("recognition_year", None), ("issuing_body", ""), ("transfer_contact", ""), ("terms", ""),
                ("description", "")]
        })
    for item in _read("officers.json"):
        Officer.objects.update_or_create(slug=item["slug"], defaults={
            "name": item["name"], "role": item.get("role", ""), "role_en": item.get("role_en", ""),
            "phone": item.get("phone", ""), "zalo": item.get("zalo", ""), "email": item.get("email", ""),
            "district": Region.objects.filter(name=item.get("district")).first(),
        })


def draw_cover(commodity, folder):
    """A 720×405 card in the sector's colours with the commodity's name; identical bytes every run."""
    path = folder / f"{commodity.slug}.jpg"
    if path.exists():
        return path
    top, bottom = SECTOR_COLOURS[commodity.sector]
    width, height = 720, 405
    card = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(card)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom)))
    for i in range(7):
        draw.ellipse([60 + i * 90, 260 - (i % 3) * 30, 140 + i * 90, 340 - (i % 3) * 30], fill=bottom, outline=top)
    font = ImageFont.truetype(str(FONT), 56) if FONT.exists() else ImageFont.load_default(56)
    draw.text((40, 60), commodity.name, font=font, fill="white")
    card.save(path, "JPEG", quality=82)
    return path


def load_guides(progress=None):
    folder = settings.VAR_DIR / "demo-images"
    folder.mkdir(parents=True, exist_ok=True)
    covers = {c.name: draw_cover(c, folder) for c in Commodity.objects.all()}
    lines = []
    for text in (DEMO_DIR / "guides.jsonl").read_text(encoding="utf-8").splitlines():
        guide = json.loads(text)
        if guide.get("commodities") and guide["commodities"][0] in covers:
            guide["image"] = str(covers[guide["commodities"][0]])
        lines.append(json.dumps(guide, ensure_ascii=False))
    return import_lines(lines, publish=True, progress=progress, base_dir=folder)


def load_questions():
    """A dozen answered farmers' questions, published as Q&A pages citing a demo guide; by slug, so a
    second run changes nothing. Returns how many were created."""
    index, created = question_index(), 0
    for item in _read("questions.json"):
        if QuestionAnswerPage.objects.filter(slug=item["slug"]).exists():
            continue
        guide = GuidePage.objects.filter(slug=item["guide"], locale__language_code="vi").first()
        link = f'<p>Xem thêm: <a linktype="page" id="{guide.pk}">{guide.title}</a>.</p>' if guide else ""
        page = QuestionAnswerPage(
            title=item["title"], slug=item["slug"], question=item["question"], answer=item["answer"] + link,
            sector=item["sector"], commodity=Commodity.objects.filter(name=item["commodity"]).first(),
            region=Region.objects.filter(name=item["region"]).first())
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created
