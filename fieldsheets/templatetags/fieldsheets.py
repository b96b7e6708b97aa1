"""Template helpers for the print template: each block in its own print template, converted dose rows and
print-sized images."""
from pathlib import Path

from django import template
from django.template.loader import get_template
from django.utils import numberformat
from django.utils.formats import get_format

from kb.units import PER_LABELS, convert

register = template.Library()


@register.simple_tag(takes_context=True)
def print_block(context, block):
    """A body block printed with the template its block names (`Meta.print_template`), in the sheet's context."""
    return get_template(block.block.meta.print_template).render({**context.flatten(), "value": block.value})


@register.simple_tag
def converted_rows(materials, unit):
    """The rows of a materials block with area quantities expressed per `unit`."""
    rows = []
    for row in materials["rows"]:
        quantity, per = convert(row["quantity"], row.get("per") or "", unit)
        rows.append({"item": row["item"], "unit": row["unit"], "per": PER_LABELS.get(per, ""),
                     "quantity": grouped(quantity)})
    return rows


def grouped(number):
    """10.000 in Vietnamese, 10,000 in English: Django's vi format has no grouping, but printed doses need it."""
    return numberformat.format(number, get_format("DECIMAL_SEPARATOR"), grouping=3,
                               thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)


@register.simple_tag
def print_image_src(image):
    """A file URI of a JPEG no larger than 800 px: enough for 150 dpi on paper, small in the PDF."""
    rendition = image.get_rendition("max-800x800|format-jpeg|jpegquality-70")
    try:
        return Path(rendition.file.path).as_uri()
    except NotImplementedError:  # remote storage: WeasyPrint fetches the URL
        return rendition.url
