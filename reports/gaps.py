"""What to write next: the signals that say "write this guide", week by week, in one list.

- searches that found nothing, or after which the farmer asked an officer, grouped (`reports.grouping`), from
  the daily counts: they outlive the searches behind them;
- questions the officer marked as answered by no guide (or turned into a guide draft);
- guides, answers and alerts most often voted "Chưa" (feedback keeps their counts by item);
- alerts in force that point to no guide.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from feedback.models import Kind as VoteKind
from feedback.models import VoteComment, VoteCount
from kb.models import AlertPage, Commodity
from questions.models import FarmerQuestion
from reports.aggregation import start_of
from reports.models import DailyCount, Metric, Outcome

SEARCH, QUESTION, NOT_HELPED, ALERT = "search", "question", "not_helped", "alert"
KINDS = {SEARCH: _("Tìm không thấy hoặc tìm rồi phải hỏi"), QUESTION: _("Câu hỏi chưa có hướng dẫn"),
         NOT_HELPED: _("Bị chấm «Chưa giúp được»"), ALERT: _("Cảnh báo chưa có hướng dẫn xử lý")}
MOST_NOT_HELPED = 30


def monday(day):
    return day - timedelta(days=day.weekday())


@dataclass
class Gap:
    kind: str
    words: str  # the farmers' words (the form typed most), or the item's title
    count: int  # searches, questions or "Chưa" votes
    week: object = None  # the Monday, or None: the whole period
    commodity: object = None
    topic: str = ""
    place: str = ""
    detail: str = ""
    behind: str = ""  # where the searches, questions or the item behind it are listed
    key: dict = field(default_factory=dict)  # what "write a guide" is prefilled with

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def commodity_name(self):
        return str(self.commodity) if self.commodity else ""

    @property
    def week_label(self):
        return self.week.isoformat() if self.week else ""

    @property
    def write_query(self):
        return urlencode({"title": self.words, "commodity": self.commodity.pk if self.commodity else "",
                          "topic": self.topic, "words": self.key.get("words", self.words)})


def searches(start, commodity=None):
    """One gap per week and group of words: searches that found nothing and questions asked after a search."""
    rows = DailyCount.objects.filter(day__gte=start).exclude(words="").filter(
        metric__in=[Metric.SEARCH, Metric.SEARCH_ASKED])
    rows = rows.filter(outcome=Outcome.EMPTY) | rows.filter(metric=Metric.SEARCH_ASKED)
    if commodity:
        rows = rows.filter(commodity=commodity)
    groups = defaultdict(lambda: {"empty": 0, "asked": 0, "text": Counter(), "commodity": Counter(),
                                  "topic": Counter(), "place": Counter()})
    for day, metric, words, text, value, commodity_id, topic, region, commune in rows.values_list(
            "day", "metric", "words", "text", "value", "commodity_id", "topic", "region__name", "commune__name"):
        group = groups[(monday(day), words)]
        group["asked" if metric == Metric.SEARCH_ASKED else "empty"] += value
        group["text"][text] += value
        for name, found in (("commodity", commodity_id), ("topic", topic), ("place", commune or region)):
            if found:
                group[name][found] += value
    commodities = Commodity.objects.in_bulk({pk for group in groups.values() for pk in group["commodity"]})
    gaps = []
    for (week, words), group in groups.items():
        top = {name: group[name].most_common(1)[0][0] if group[name] else None
               for name in ("commodity", "topic", "place")}
        gaps.append(Gap(SEARCH, group["text"].most_common(1)[0][0], group["empty"] + group["asked"], week,
                        commodities.get(top["commodity"]), top["topic"] or "", top["place"] or "",
                        detail=_("%(empty)s lượt không thấy, %(asked)s câu hỏi sau khi tìm") % group,
                        behind=reverse("write_next_behind") + "?" + urlencode(
                            {"kind": SEARCH, "words": words, "week": week.isoformat()}),
                        key={"words": words}))
    return gaps


def questions(start, commodity=None):
    """One gap per week, commodity and commune of questions marked as answered by no guide."""
    asked = FarmerQuestion.objects.filter(no_guide=True, created_at__gte=start_of(start))
    if commodity:
        asked = asked.filter(commodity=commodity)
    groups = defaultdict(list)
    for question in asked.select_related("commodity", "commune", "district").order_by("created_at"):
        week = monday(timezone.localdate(question.created_at))
        groups[(week, question.commodity, question.commune or question.district)].append(question)
    gaps = []
    for (week, commodity_, place), found in groups.items():
        gaps.append(Gap(QUESTION, found[-1].short_text, len(found), week, commodity_, "", str(place or ""),
                        detail=_("%(n)s câu hỏi") % {"n": len(found)},
                        behind=reverse("write_next_behind") + "?" + urlencode(
                            {"kind": QUESTION, "ids": ",".join(str(q.pk) for q in found)})))
    return gaps


def not_helped(start, commodity=None):
    """The guides, answers and alerts voted "Chưa" most in the period (and answers sent in a chat)."""
    counts = (VoteCount.objects.filter(day__gte=start).values("kind", "item_id")
              .annotate(no=Sum("no"), yes=Sum("yes")).filter(no__gt=0).order_by("-no")[:MOST_NOT_HELPED])
    counts = list(counts)
    pages = Page.objects.filter(pk__in=[c["item_id"] for c in counts if c["kind"] != VoteKind.CHAT_ANSWER]
                                ).specific().in_bulk()
    asked = FarmerQuestion.objects.in_bulk([c["item_id"] for c in counts if c["kind"] == VoteKind.CHAT_ANSWER])
    comments = {(kind, item): n for kind, item, n in VoteComment.objects.filter(day__gte=start)
                .values_list("kind", "item_id").annotate(n=Count("pk")).order_by()}
    gaps = []
    for count in counts:
        if count["kind"] == VoteKind.CHAT_ANSWER:
            item = asked.get(count["item_id"])
            url = reverse("wagtailsnippets_questions_farmerquestion:edit", args=[item.pk]) if item else ""
        else:
            item = pages.get(count["item_id"])
            url = reverse("wagtailadmin_pages:edit", args=[item.pk]) if item else ""
        commodity_ = getattr(item, "commodity", None)
        if commodity_ is None and hasattr(item, "commodities"):
            commodity_ = item.commodities.first()
        if item is None or (commodity and commodity_ != commodity):
            continue
        gaps.append(Gap(NOT_HELPED, str(item), count["no"], None, commodity_,
                        detail=_("%(no)s «Chưa», %(yes)s «Có», %(comments)s ý kiến") % {
                            **count, "comments": comments.get((count["kind"], count["item_id"]), 0)}, behind=url))
    return gaps


def alerts(commodity=None):
    """Alerts in force that name no guide saying how to deal with them."""
    found = AlertPage.objects.in_force().filter(guides=None).prefetch_related("commodities", "communes")
    if commodity:
        found = found.filter(commodities=commodity)
    return [Gap(ALERT, alert.title, 1, None, next(iter(alert.commodities.all()), None), "",
                ", ".join(str(c) for c in alert.communes.all()[:3]),
                detail=_("hiệu lực đến %(until)s") % {"until": timezone.localtime(alert.valid_until).date()},
                behind=reverse("wagtailadmin_pages:edit", args=[alert.pk])) for alert in found]


def gaps(weeks, kind=None, commodity=None):
    """Every gap of the last `weeks` weeks (this one included), newest week first, the biggest first."""
    start = monday(timezone.localdate()) - timedelta(weeks=weeks - 1)
    sources = {SEARCH: lambda: searches(start, commodity), QUESTION: lambda: questions(start, commodity),
               NOT_HELPED: lambda: not_helped(start, commodity), ALERT: lambda: alerts(commodity)}
    found = [gap for name, source in sources.items() if kind in (None, "", name) for gap in source()]
    return sorted(found, key=lambda gap: (-(gap.week or start).toordinal(), -gap.count, gap.words))

