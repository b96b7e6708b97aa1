"""Bringing dose rows stored before quantities and units were understood up to date, saying what changed.

Rows written as `"quantity": "2.5", "unit": "kg/sào"` become `{"min", "max"}` quantities and a unit
without its basis ("kg", per "sao"). A unit whose denominator cannot be converted is marked as written;
a unit whose basis contradicts the row's is left as it is and reported: nothing is fixed silently.
Used by a data migration (with historical models) and testable with the real ones.
"""
import json

from kb.blocks import MATERIALS, material_rows, raw_values
from kb.units import DEFAULT_PER, Quantity, UnitError, split_unit


def update_rows(raw, where, report):
    """Update the dose rows of a raw body in place; `report(line)` hears every change and refusal.
    Returns whether anything changed."""
    changed = False
    for row in (row for value in raw_values(raw, MATERIALS) for row in material_rows(value)):
        quantity = row.get("quantity")
        if quantity is not None and not isinstance(quantity, dict):
            row["quantity"] = Quantity.of(quantity).prep()
            changed = True
        unit, per = row.get("unit", ""), row.get("per") or ""
        try:
            new_unit, new_per = split_unit(unit, per, per_chosen=per != DEFAULT_PER)
        except UnitError as exc:
            report(f"{where}: NOT changed, “{row.get('item')}”: {exc}")
            continue
        if (new_unit, new_per) != (unit, per):
            row["unit"], row["per"] = new_unit, new_per
            changed = True
            report(f"{where}: “{row.get('item')}” unit “{unit}” per “{per}” → unit “{new_unit}” per “{new_per}”")
    return changed


def update_stored_guides(guide_model, revision_model, report=print):
    """Every guide's current content and its latest and live revisions; returns how many bodies changed."""
    changed = 0
    for guide in guide_model.objects.all().order_by("pk"):
        raw = list(guide.body.raw_data)
        if update_rows(raw, f"guide {guide.pk} “{guide.title}”", report):
            guide_model.objects.filter(pk=guide.pk).update(body=raw)
            changed += 1
        revision_ids = {guide.latest_revision_id, guide.live_revision_id} - {None}
        for revision in revision_model.objects.filter(pk__in=revision_ids):
            body = revision.content.get("body")
            raw = json.loads(body) if isinstance(body, str) else body
            if raw and update_rows(raw, f"guide {guide.pk} revision {revision.pk}", report):
                revision.content["body"] = json.dumps(raw) if isinstance(body, str) else raw
                revision.save(update_fields=["content"])
                changed += 1
    return changed
