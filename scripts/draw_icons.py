"""Draw the app icons (static/icons/) with Pillow: a rice sprout over a paddy on the site's green.

Run once after changing the drawing; the PNGs are committed. `.venv/bin/python scripts/draw_icons.py`
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN, LIGHT, WATER, WHITE = (11, 107, 46), (126, 200, 80), (90, 170, 220), (255, 255, 255)


def leaf(base, tip, bend, steps=24):
    """A leaf from `base` to `tip`: two quadratic curves, one through `bend`, one mirrored across the midrib."""
    mid = ((base[0] + tip[0]) / 2, (base[1] + tip[1]) / 2)
    other = (2 * mid[0] - bend[0], 2 * mid[1] - bend[1])
    other = ((other[0] + mid[0]) / 2, (other[1] + mid[1]) / 2)  # the inner edge curves less

    def curve(control):
        return [((1 - t) ** 2 * base[0] + 2 * (1 - t) * t * control[0] + t * t * tip[0],
                 (1 - t) ** 2 * base[1] + 2 * (1 - t) * t * control[1] + t * t * tip[1])
                for t in (i / steps for i in range(steps + 1))]

    return curve(bend) + curve(other)[::-1]


def draw(size, maskable=False):
    """A square icon; a maskable one fills the square and keeps the sprout inside the central safe circle."""
    scale = 4  # draw large, shrink: smooth edges without an anti-aliasing library
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, s, s), fill=GREEN)
    else:
        pen.rounded_rectangle((0, 0, s - 1, s - 1), radius=s // 5, fill=GREEN)
    inset = s * (0.2 if maskable else 0.1)
    box = lambda x0, y0, x1, y1: (inset + x0 * (s - 2 * inset), inset + y0 * (s - 2 * inset),  # noqa: E731
                                  inset + x1 * (s - 2 * inset), inset + y1 * (s - 2 * inset))
    for row in range(3):  # the water of the paddy, three bands
        y = 0.72 + row * 0.09
        pen.rounded_rectangle(box(0.08 + row * 0.06, y, 0.92 - row * 0.06, y + 0.045), radius=s // 60, fill=WATER)
    point = lambda x, y: box(x, y, x, y)[:2]  # noqa: E731
    pen.line(point(0.5, 0.74) + point(0.5, 0.34), fill=WHITE, width=s // 26)  # the stem
    pen.polygon(leaf(point(0.5, 0.62), point(0.1, 0.3), point(0.18, 0.62)), fill=LIGHT)
    pen.polygon(leaf(point(0.5, 0.5), point(0.92, 0.12), point(0.85, 0.5)), fill=WHITE)
    pen.polygon(leaf(point(0.5, 0.38), point(0.42, 0.04), point(0.34, 0.24)), fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("maskable-512.png", 512, True)):
        draw(size, maskable).save(OUT / name, optimize=True)
        print(OUT / name)
