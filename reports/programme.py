"""The programme's report: what the province's techniques reached in a quarter or a year, for the whole
province or one commune. Every figure comes with how it is counted; none names or counts a person.

It reads only the daily counts (`reports.models.DailyCount`, a few thousand rows a year, not the million
searches behind them) and, for the guides and technologies, the pages farmers may see now
(`GuidePage.objects.visible()`): a draft, a private or an unpublished guide is never counted as published.
"""
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from feedback.models import Kind as VoteKind
from kb.models import GuidePage, Sector, Technology
from questions.report import percentile
from reports.models import DailyCount, Metric, Outcome

QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
# How each channel is named in the figures: alerts' channels and the ways a guide is shared.
CHANNELS = {"zalo": "Zalo", "messenger": "Messenger", "sms": "SMS", "webpush": "Web Push", "web": "Web",
            "native": "native", "": "—"}


def period(year, quarter=None):
    """(first day, last day) of a year or of one of its quarters."""
    first_month, last_month = QUARTERS[quarter] if quarter else (1, 12)
    last = date(year + (last_month == 12), last_month % 12 + 1, 1).toordinal() - 1
    return date(year, first_month, 1), date.fromordinal(last)


@dataclass
class Figure:
    section: str
    figure: str
    value: object  # an int, a float (one decimal), a share in % or None (nothing to measure)
    counted: str  # how it is counted

    def as_row(self):
        return {"section": self.section, "figure": self.figure, "value": self.value, "counted": self.counted}


def hours_summary(rows):
    """(median, 90th percentile) hours to the first answer over ANSWERED rows; (None, None) without any."""
    hours = [h for row in rows for h in row.hours]
    if not hours:
        return None, None
    return round(statistics.median(hours), 1), round(percentile(hours, 0.9), 1)


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


class Programme:
    """The figures of one period, for the province (`commune` None) or one commune."""

    def __init__(self, first, last, commune=None):
        self.first, self.last, self.commune = first, last, commune
        counts = DailyCount.objects.filter(day__gte=first, day__lte=last)
        self.counts = counts.filter(commune=commune) if commune else counts

    def total(self, metric, **filters):
        return self.counts.filter(metric=metric, **filters).aggregate(n=Sum("value"))["n"] or 0

    def by(self, metric, field, **filters):
        return dict(self.counts.filter(metric=metric, **filters).values_list(field).annotate(n=Sum("value"))
                    .order_by(field))

    def guides(self):
        """Guides farmers may see now, first published in the period; and those published before and revised
        (published again) in it."""
        visible = GuidePage.objects.visible()
        published = visible.filter(first_published_at__date__gte=self.first, first_published_at__date__lte=self.last)
        revised = visible.filter(first_published_at__date__lt=self.first, last_published_at__date__gte=self.first,
                                 last_published_at__date__lte=self.last)
        return published, revised

    def content(self):
        section = _("Hướng dẫn và công nghệ")
        published, revised = self.guides()
        rows = [Figure(section, _("Hướng dẫn mới đăng"), published.count(),
                       _("Hướng dẫn nông dân đang xem được, đăng lần đầu trong kỳ; bản nháp, trang riêng tư, đã gỡ "
                         "hay hết hạn không tính.")),
                Figure(section, _("Hướng dẫn được cập nhật"), revised.count(),
                       _("Hướng dẫn đăng trước kỳ, đăng lại bản sửa trong kỳ (mỗi hướng dẫn tính một lần)."))]
        sectors = dict(Sector.choices)
        for label, key in ((_("Mới đăng — %s"), published), (_("Cập nhật — %s"), revised)):
            for sector, n in key.values_list("sector").annotate(n=Count("pk")).order_by("sector"):
                rows.append(Figure(section, label % sectors.get(sector, sector), n,
                                   _("Như trên, theo lĩnh vực của hướng dẫn.")))
        for label, key in ((_("Mới đăng áp dụng công nghệ «%s»"), published),
                           (_("Cập nhật áp dụng công nghệ «%s»"), revised)):
            for name, n in (key.exclude(technology=None).values_list("technology__name").annotate(n=Count("pk"))
                            .order_by("technology__name")):
                rows.append(Figure(section, label % name, n, _("Như trên, theo công nghệ hướng dẫn áp dụng.")))
        active = Technology.objects.exclude(transfer_contact="").filter(
            pk__in=GuidePage.objects.visible().values("technology")).count()
        rows.append(Figure(section, _("Công nghệ có đầu mối chuyển giao"), active,
                           _("Công nghệ có ghi liên hệ chuyển giao và ít nhất một hướng dẫn đang đăng áp dụng nó "
                             "(hiện tại, không theo kỳ).")))
        return rows

    def searching(self):
        section = _("Tìm kiếm")
        searches = self.total(Metric.SEARCH)
        found = self.total(Metric.SEARCH, outcome=Outcome.FOUND)
        return [Figure(section, _("Lượt tìm kiếm"), searches,
                       _("Mỗi lần trang tìm kiếm, API hay tin nhắn trả lời một câu tìm (không tính gợi ý khi gõ).")),
                Figure(section, _("Tỉ lệ tìm thấy (%)"), share(found, searches),
                       _("Phần trăm lượt tìm có ít nhất một kết quả.")),
                Figure(section, _("Tìm rồi hỏi cán bộ"), self.total(Metric.SEARCH_ASKED),
                       _("Câu hỏi gửi từ trang kết quả tìm kiếm."))]

    def asking(self):
        section = _("Hỏi cán bộ")
        median, p90 = hours_summary(self.counts.filter(metric=Metric.ANSWERED))
        return [Figure(section, _("Câu hỏi nhận được"), self.total(Metric.QUESTION),
                       _("Câu hỏi gửi trong kỳ qua web, Zalo, Messenger, SMS (không tính spam).")),
                Figure(section, _("Câu hỏi được trả lời"), self.total(Metric.ANSWERED),
                       _("Câu hỏi được trả lời lần đầu trong kỳ.")),
                Figure(section, _("Trung vị giờ tới trả lời đầu"), median,
                       _("Một nửa số câu được trả lời trong kỳ có câu trả lời đầu tiên trong chừng ấy giờ.")),
                Figure(section, _("P90 giờ tới trả lời đầu"), p90,
                       _("Chín phần mười số câu được trả lời trong kỳ có câu trả lời đầu trong chừng ấy giờ "
                         "(phân vị 90, cách hạng gần nhất).")),
                Figure(section, _("Câu hỏi chưa có hướng dẫn trả lời"), self.total(Metric.NO_GUIDE),
                       _("Câu hỏi gửi trong kỳ được cán bộ đánh dấu, hoặc đã thành bản nháp hướng dẫn."))]

    def using(self):
        section = _("Dùng hướng dẫn")
        rows = [Figure(section, _("Phiếu kỹ thuật đã tạo"), self.total(Metric.SHEET),
                       _("Mỗi lần tải PDF phiếu kỹ thuật của một hướng dẫn đang đăng.")),
                Figure(section, _("Gói in đã tạo"), self.total(Metric.PACK, outcome=""),
                       _("Gói in cán bộ tạo xong trong kỳ.")),
                Figure(section, _("Hướng dẫn trong các gói in"), self.total(Metric.PACK, outcome=Outcome.GUIDES),
                       _("Tổng số hướng dẫn trong các gói in trên.")),
                Figure(section, _("Lưu để đọc khi mất sóng"), self.total(Metric.SAVED),
                       _("Mỗi lần bấm «Lưu để đọc khi mất sóng» trên một hướng dẫn.")),
                Figure(section, _("Lượt chia sẻ"), self.total(Metric.SHARED),
                       _("Mỗi lần bấm chia sẻ (bảng chia sẻ của điện thoại, Zalo, Messenger, SMS)."))]
        for via, n in self.by(Metric.SHARED, "channel").items():
            rows.append(Figure(section, _("Chia sẻ qua %s") % CHANNELS.get(via, via), n, _("Như trên, theo cách.")))
        return rows

    def alerting(self):
        section = _("Cảnh báo")
        rows = [] if self.commune else [Figure(section, _("Cảnh báo đã phát"), self.total(Metric.ALERT),
                                               _("Cảnh báo đăng lần đầu trong kỳ."))]
        rows.append(Figure(section, _("Tin cảnh báo đã gửi tới nông dân"),
                           self.total(Metric.DELIVERY, outcome=Outcome.SENT),
                           _("Tin gửi thành công, mỗi người đăng ký một tin mỗi cảnh báo.")))
        for channel, n in self.by(Metric.DELIVERY, "channel", outcome=Outcome.SENT).items():
            rows.append(Figure(section, _("Tin đã gửi qua %s") % CHANNELS.get(channel, channel), n,
                               _("Như trên, theo kênh.")))
        rows.append(Figure(section, _("Tin gửi không được"), self.total(Metric.DELIVERY, outcome=Outcome.FAILED),
                           _("Tin nền tảng từ chối sau các lần thử lại.")))
        return rows

    def feedback(self):
        section = _("Góp ý «Có giúp được không?»")
        yes, no = self.total(Metric.VOTE, outcome=Outcome.YES), self.total(Metric.VOTE, outcome=Outcome.NO)
        rows = [Figure(section, _("Phiếu góp ý"), yes + no,
                       _("Mỗi người một phiếu cho mỗi mục mỗi ngày; không lưu ai đã bấm.")),
                Figure(section, _("Tỉ lệ «Có» (%)"), share(yes, yes + no), _("Phần trăm phiếu «Có» trên tổng phiếu."))]
        for kind, votes in self.votes_by_kind().items():
            rows.append(Figure(section, _("Tỉ lệ «Có» — %s (%%)") % kind,
                               share(votes[Outcome.YES], votes[Outcome.YES] + votes[Outcome.NO]),
                               _("Như trên, theo loại mục (%(n)s phiếu).") % {"n": sum(votes.values())}))
        return rows

    def votes_by_kind(self):
        """{what was voted on (its name): Counter of "yes" and "no"}."""
        kinds, by_kind = dict(VoteKind.choices), defaultdict(Counter)
        for kind, outcome, n in (self.counts.filter(metric=Metric.VOTE).values_list("kind", "outcome")
                                 .annotate(n=Sum("value")).order_by("kind")):
            by_kind[str(kinds.get(kind, kind))][outcome] += n
        return by_kind

    def figures(self):
        """Every figure, section by section; for a commune only those counted by commune."""
        parts = [self.asking, self.alerting, self.feedback]
        if not self.commune:
            parts = [self.content, self.searching, *parts[:1], self.using, *parts[1:]]
        return [figure for part in parts for figure in part()]

    def communes(self):
        """One row per commune with anything counted: questions, answers, alert messages sent, votes."""
        rows = defaultdict(lambda: {"questions": 0, "answered": 0, "sent": 0, "yes": 0, "no": 0, "hours": []})
        for name, metric, outcome, n in (self.counts.exclude(commune=None).filter(metric__in=[
                Metric.QUESTION, Metric.ANSWERED, Metric.DELIVERY, Metric.VOTE])
                .values_list("commune__name", "metric", "outcome").annotate(n=Sum("value")).order_by()):
            key = {Metric.QUESTION: "questions", Metric.ANSWERED: "answered"}.get(metric) or (
                "sent" if metric == Metric.DELIVERY and outcome == Outcome.SENT else outcome)
            if key in ("questions", "answered", "sent", "yes", "no"):
                rows[name][key] += n
        for name, hours in self.counts.filter(metric=Metric.ANSWERED).exclude(commune=None).values_list(
                "commune__name", "hours"):
            rows[name]["hours"] += hours
        result = []
        for name in sorted(rows):
            row = rows[name]
            hours = row.pop("hours")
            result.append({"commune": name, **row, "median_hours":
                           round(statistics.median(hours), 1) if hours else None,
                           "yes_share": share(row["yes"], row["yes"] + row["no"])})
        return result

    def monthly_searches(self):
        """[(month "2026-03", searches, found)] of the period, for the chart."""
        months = Counter(), Counter()
        for day, outcome, n in (self.counts.filter(metric=Metric.SEARCH).values_list("day", "outcome")
                                .annotate(n=Sum("value")).order_by()):
            key = f"{day.year}-{day.month:02d}"
            months[0][key] += n
            months[1][key] += n if outcome == Outcome.FOUND else 0
        keys = [f"{y}-{m:02d}" for y in range(self.first.year, self.last.year + 1) for m in range(1, 13)
                if self.first <= date(y, m, 1) <= self.last]
        return [(key, months[0][key], months[1][key]) for key in keys]

