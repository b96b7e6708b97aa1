"""What officers read of the votes on one page: totals, the last 30 days, by channel and commune, and the
lines farmers added after "Chưa" (masked; never published). Counts only: nothing here names a person."""
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from core.channels import Channel
from feedback.models import Kind, VoteComment, VoteCount

RECENT_DAYS = 30
LINES_SHOWN = 100
PAGE_KIND = {"guidepage": Kind.GUIDE, "questionanswerpage": Kind.ANSWER, "alertpage": Kind.ALERT}


def kind_of(page):
    """The vote kind of a page (None for pages that take no vote)."""
    return PAGE_KIND.get(page.specific_class._meta.model_name) if page.specific_class else None


def _sums(rows):
    found = rows.aggregate(yes=Sum("yes"), no=Sum("no"))
    return {"yes": found["yes"] or 0, "no": found["no"] or 0}


def totals(kind, item_id):
    return _sums(VoteCount.objects.filter(kind=kind, item_id=item_id))


def page_votes(kind, item_id):
    rows = VoteCount.objects.filter(kind=kind, item_id=item_id)
    since = timezone.localdate() - timedelta(days=RECENT_DAYS - 1)
    channels = dict(Channel.choices)
    by_channel = [(channels.get(row["channel"], row["channel"]), (row["yes"], row["no"]))
                  for row in rows.values("channel").annotate(yes=Sum("yes"), no=Sum("no")).order_by("channel")]
    by_commune = [(row["commune__name"], (row["yes"], row["no"]))
                  for row in rows.filter(commune__isnull=False).values("commune__name")
                  .annotate(yes=Sum("yes"), no=Sum("no")).order_by("-no", "commune__name")]
    lines = VoteComment.objects.filter(kind=kind, item_id=item_id).order_by("-day", "-pk")[:LINES_SHOWN]
    return {"total": _sums(rows), "recent": _sums(rows.filter(day__gte=since)), "recent_days": RECENT_DAYS,
            "by_channel": by_channel, "by_commune": by_commune, "lines": lines}
