"""Daily counts: what the programme's report and "what to write next" read, kept after the raw events they
were counted from are purged (`reports.aggregation`).

One row is a number (`value`) of one `Metric` on one local day for one combination of what is known about
it — site language, sector, commodity, topic, commune, former district, channel, outcome, the kind of item
voted on, and for searches that found nothing the searched words grouped (`words`, `reports.grouping`).
No row identifies a person: there is no user, address, phone, session, question text or item id in it.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.models import Commodity, Commune, Region


class Metric(models.TextChoices):
    SEARCH = "search", _("Lượt tìm kiếm")  # outcome: found / empty
    SEARCH_ASKED = "search_asked", _("Tìm rồi hỏi cán bộ")  # questions sent from a search, by its words
    QUESTION = "question", _("Câu hỏi nhận được")
    ANSWERED = "answered", _("Câu hỏi được trả lời lần đầu")  # hours: each one's hours to the first answer
    NO_GUIDE = "no_guide", _("Câu hỏi chưa có hướng dẫn trả lời")
    SHEET = "sheet", _("Phiếu kỹ thuật đã tạo")
    PACK = "pack", _("Gói in đã tạo")  # value: packs; outcome "guides" rows: the guides in them
    SAVED = "saved", _("Lưu để đọc khi mất sóng")
    SHARED = "shared", _("Chia sẻ")  # channel: how
    ALERT = "alert", _("Cảnh báo đã phát")
    DELIVERY = "delivery", _("Tin cảnh báo")  # channel; outcome: sent / failed / skipped
    VOTE = "vote", _("Phiếu góp ý")  # channel; kind: what was voted on; outcome: yes / no


class Outcome:
    FOUND, EMPTY = "found", "empty"
    YES, NO = "yes", "no"
    SENT, FAILED = "sent", "failed"  # an alert message's (alerts.models.Status)
    GUIDES = "guides"


class DailyCount(models.Model):
    day = models.DateField(_("ngày"), db_index=True)
    metric = models.CharField(_("chỉ số"), max_length=16, choices=Metric.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, default="")
    sector = models.CharField(_("lĩnh vực"), max_length=20, blank=True, default="")
    commodity = models.ForeignKey(Commodity, verbose_name=_("nông sản"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    topic = models.CharField(_("chủ đề"), max_length=100, blank=True, default="")
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("địa bàn"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("kênh"), max_length=10, blank=True, default="")
    outcome = models.CharField(_("kết quả"), max_length=10, blank=True, default="")
    kind = models.CharField(_("loại mục"), max_length=12, blank=True, default="")
    words = models.CharField(_("từ khoá (đã gộp)"), max_length=200, blank=True, default="")
    text = models.CharField(_("từ khoá hay gõ nhất"), max_length=200, blank=True, default="")
    value = models.PositiveIntegerField(_("số lượng"))
    hours = models.JSONField(_("số giờ tới trả lời đầu"), default=list, blank=True)

    class Meta:
        verbose_name = _("số liệu trong ngày")
        verbose_name_plural = _("số liệu trong ngày")
        indexes = [models.Index(fields=["metric", "day"])]
        permissions = [("view_programme_report", _("Xem báo cáo chương trình và việc cần viết"))]

    def __str__(self):
        return f"{self.day} {self.metric} {self.value}"


class AggregatedDay(models.Model):
    """A local day whose raw events are counted in DailyCount: only such days' events may be purged."""
    day = models.DateField(unique=True)
    at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.day)


class AggregationLock(models.Model):
    """One row, locked (select_for_update) by the aggregation so that two runs never count a day twice."""
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    def __str__(self):
        return "aggregation"
