"""Who an alert reached, as counts: by channel and outcome, by the way it went, by commune, and why rows
failed or wait. Officers see these; no view lists or exports subscribers' numbers."""
from dataclasses import dataclass

from django.db.models import Count, Q

from alerts.models import Channel, Delivery, Status, Via


@dataclass
class Row:
    label: str
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # pending or being sent
    skipped: int = 0

    @property
    def total(self):
        return self.sent + self.failed + self.waiting + self.skipped


COUNTS = {"sent": Count("pk", filter=Q(status=Status.SENT)), "failed": Count("pk", filter=Q(status=Status.FAILED)),
          "waiting": Count("pk", filter=Q(status__in=[Status.PENDING, Status.SENDING])),
          "skipped": Count("pk", filter=Q(status=Status.SKIPPED))}


def totals(alert_ids):
    """alert id → Row of its counts, for many alerts in one query (the dashboard)."""
    rows = Delivery.objects.filter(alert_id__in=alert_ids).values("alert_id").annotate(**COUNTS)
    return {row.pop("alert_id"): Row("", **row) for row in rows}


def delivery_report(alert):
    deliveries = Delivery.objects.filter(alert=alert)
    channels = dict(Channel.choices)
    by_channel = [Row(channels.get(row.pop("channel"), ""), **row)
                  for row in deliveries.values("channel").annotate(**COUNTS).order_by("channel")]
    vias = dict(Via.choices)
    by_via = [(vias.get(row["via"], row["via"]), row["n"]) for row in
              deliveries.filter(status=Status.SENT).values("via").annotate(n=Count("pk")).order_by("-n")]
    by_commune = [Row(row.pop("commune__name") or "—", **row)
                  for row in deliveries.values("commune__name").annotate(**COUNTS).order_by("commune__name")]
    statuses = dict(Status.choices)
    reasons = [(statuses[row["status"]], row["reason"], row["n"]) for row in
               deliveries.exclude(reason="").exclude(status=Status.SENT).values("status", "reason")
               .annotate(n=Count("pk")).order_by("-n")]
    total = Row("", **deliveries.aggregate(**COUNTS))
    return {"total": total, "by_channel": by_channel, "by_via": by_via, "by_commune": by_commune,
            "reasons": reasons}
