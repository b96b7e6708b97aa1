"""What farmers searched for, kept for the officers' report: no personal data (no IP, user or session,
typed phone numbers and e-mail addresses masked — `analytics.privacy`), removed after
SEARCH_RECORD_RETENTION_DAYS once counted by day (`reports.aggregation`)."""
from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Avg, Count, Q
from django.db.models.functions import Round, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.privacy import masked_query


class RecordQuerySet(models.QuerySet):
    def purge_before(self, before):
        """Delete the records before `before` (a datetime; `reports.aggregation.purge` says when, once they are
        counted); returns how many."""
        return self.filter(created_at__lt=before).delete()[0]


class SearchRecordQuerySet(RecordQuerySet):
    def in_period(self, days, sector="", language=None):
        """The records of the last `days` local days, today included (the days `daily` lists), of one sector
        and one site language when given."""
        start = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days - 1), time.min))
        records = self.filter(created_at__gte=start)
        if sector:
            records = records.filter(sector=sector)
        return records if language is None else records.filter(language=language)

    def top_queries(self, zero_only=False):
        """One row per query and site language, most searched first: query, language, searches, average results
        (one decimal), zero-result searches. A search with no words (filters only) is a row too, with the
        query "", so that the rows add up to the searches of the period."""
        rows = self.filter(result_count=0) if zero_only else self
        return (rows.values("query", "language")
                .annotate(searches=Count("id"), results=Round(Avg("result_count"), 1),
                          zero=Count("id", filter=Q(result_count=0)))
                .order_by("-searches", "query", "language"))

    def daily(self, days):
        """One row per day of the last `days` days (days without searches included), newest first."""
        counts = {row["day"]: row for row in self.annotate(day=TruncDate("created_at")).values("day").annotate(
            searches=Count("id"), zero=Count("id", filter=Q(result_count=0)))}
        today = timezone.localdate()
        return [{"day": day, "searches": counts.get(day, {}).get("searches", 0),
                 "zero": counts.get(day, {}).get("zero", 0)}
                for day in (today - timedelta(days=offset) for offset in range(days))]



class SearchRecord(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", _("Trang tìm kiếm")
        API = "api", _("API")
        CHAT = "chat", _("Tin nhắn")

    # The time of the search, not of the write: records are written in batches.
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    query = models.CharField(_("từ khoá"), max_length=200, blank=True, db_index=True,
                             help_text=_("Đã chuẩn hoá: chữ thường, dấu thanh đặt thống nhất."))
    sector = models.CharField(_("lĩnh vực"), max_length=20, blank=True, db_index=True)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("số kết quả"))
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"))
    degraded = models.BooleanField(_("tìm trong cơ sở dữ liệu"), default=False)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.PAGE)
    # The site's language the farmer searched in ("" when the API was asked for every language): "lúa" on
    # the English site is another row of the report than "lúa" on the Vietnamese one.
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, default="")

    objects = SearchRecordQuerySet.as_manager()

    class Meta:
        db_table = "search_searchrecord"  # the table the search app created: moved, not copied
        verbose_name = _("lượt tìm kiếm")
        verbose_name_plural = _("lượt tìm kiếm")
        ordering = ["-created_at"]
        permissions = [("view_search_report", _("Xem báo cáo tìm kiếm"))]

    def __str__(self):
        return f"{self.query or '—'} ({self.result_count})"

    @classmethod
    def from_event(cls, event):
        """The record of a `search.signals.SearchEvent`, its query masked."""
        return cls(created_at=event.at, query=masked_query(event.query), sector=event.sector,
                   filters=event.filters, result_count=event.total, duration_ms=event.duration_ms,
                   degraded=event.degraded, source=event.source, language=event.language)


class UsageEvent(models.Model):
    """One use of a guide that leaves the site with the farmer — a field sheet or a print pack made, a guide
    saved on a phone or shared — kept only until the daily counts (`reports`) hold it: no address, user,
    session or phone, only what was used, how, when and in which site language."""

    class Kind(models.TextChoices):
        SHEET = "sheet", _("Phiếu kỹ thuật đã tạo")
        PACK = "pack", _("Gói in đã tạo")
        SAVED = "saved", _("Lưu để đọc khi mất sóng")
        SHARED = "shared", _("Chia sẻ")

    class Via(models.TextChoices):
        NATIVE = "native", _("Bảng chia sẻ của điện thoại")
        MESSENGER = "messenger", _("Messenger")
        ZALO = "zalo", _("Zalo")
        SMS = "sms", _("Tin nhắn SMS")

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    # A page id, not a foreign key: the count outlives the page. A pack counts its guides as `guides`.
    page_id = models.PositiveIntegerField(_("trang"), null=True, blank=True)
    guides = models.PositiveIntegerField(_("số hướng dẫn"), default=1)
    via = models.CharField(_("qua"), max_length=10, choices=Via.choices, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, default="")

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt sử dụng hướng dẫn")
        verbose_name_plural = _("lượt sử dụng hướng dẫn")

    def __str__(self):
        return f"{self.kind} {self.page_id or ''}"
