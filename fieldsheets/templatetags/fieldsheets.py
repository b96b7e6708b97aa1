"""Template helpers for the print template: each block in its own print template, converted dose rows and
print-sized images."""
from pathlib import Path

from django import template
from django.template.loader import get_template

from kb.checks import names_pesticide
from kb.units import AS_WRITTEN, ROW_PER_LABELS, convert

register = template.Library()


@register.simple_tag(takes_context=True)
def print_block(context, block):
    """A body block printed with the template its block names (`Meta.print_template`), in the sheet's context."""
    return get_template(block.block.meta.print_template).render({**context.flatten(), "value": block.value})


@register.simple_tag
def converted_rows(materials, unit):
    """The rows of a materials block with area quantities expressed per `unit`; a figure is only ever shown
    with the basis it was converted to, and a unit kept as written is marked as not converted. Rows naming
    a pesticide are marked so the sheet prints the pre-harvest interval beside them."""
    rows = []
    for row in materials["rows"]:
        quantity, per = convert(row["quantity"], row.get("per") or "", unit)
        rows.append({"item": row["item"], "unit": row["unit"], "per": ROW_PER_LABELS.get(per, ""),
                     "quantity": str(quantity), "as_written": per == AS_WRITTEN,
                     "pesticide": row.get("pesticide") or names_pesticide(row["item"])})
    return rows


@register.simple_tag
def print_image_src(image):
    """A file URI of a JPEG no larger than 800 px: enough for 150 dpi on paper, small in the PDF."""
    rendition = image.get_rendition("max-800x800|format-jpeg|jpegquality-70")
    try:
        return Path(rendition.file.path).as_uri()
    except NotImplementedError:  # remote storage: WeasyPrint fetches the URL
        return rendition.url
