"""What farmers searched for, kept for the officers' report: no personal data (no IP, user or session)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchRecord(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", _("Trang tìm kiếm")
        API = "api", _("API")

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    query = models.CharField(_("từ khoá"), max_length=200, blank=True, db_index=True,
                             help_text=_("Đã chuẩn hoá: chữ thường, dấu thanh đặt thống nhất."))
    sector = models.CharField(_("lĩnh vực"), max_length=20, blank=True, db_index=True)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("số kết quả"))
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"))
    degraded = models.BooleanField(_("tìm trong cơ sở dữ liệu"), default=False)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.PAGE)

    class Meta:
        verbose_name = _("lượt tìm kiếm")
        verbose_name_plural = _("lượt tìm kiếm")
        ordering = ["-created_at"]
        permissions = [("view_search_report", _("Xem báo cáo tìm kiếm"))]

    def __str__(self):
        return f"{self.query or '—'} ({self.result_count})"
