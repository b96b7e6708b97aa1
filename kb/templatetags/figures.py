"""Money in templates, written by kb/units.py's one rule: `{{ page.cost_amount|money }}` → "75.000 đ"."""
from django import template

from kb.units import format_money

register = template.Library()


@register.filter
def money(amount):
    return "" if amount in (None, "") else format_money(amount)
