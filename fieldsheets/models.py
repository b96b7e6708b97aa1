"""A print pack: many field sheets in one PDF, built in the background and removed after a while."""
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldsheets.options import PAPERS
from kb.units import DEFAULT_PER, PRINT_UNITS


def pack_expiry():
    return timezone.now() + timedelta(hours=settings.PRINT_PACK_TTL_HOURS)


def pack_path(pack, filename):
    # An unguessable name: the media folder may be served without access checks.
    return f"print-packs/{uuid.uuid4().hex}.pdf"


class PrintPack(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    title = models.CharField(_("tiêu đề"), max_length=200)
    district = models.ForeignKey("kb.Region", verbose_name=_("huyện, thị xã"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    paper = models.CharField(_("khổ giấy"), max_length=2, choices=list(PAPERS.items()), default="a4")
    unit = models.CharField(_("đơn vị diện tích"), max_length=10, choices=list(PRINT_UNITS.items()),
                            default=DEFAULT_PER)
    # Page ids in the order the officer chose: the order of the sheets and of the table of contents.
    guide_ids = models.JSONField(_("hướng dẫn"), default=list)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=pack_path, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires = models.DateTimeField(_("hết hạn"), default=pack_expiry)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gói in")
        verbose_name_plural = _("gói in")

    def __str__(self):
        return self.title


@receiver(post_delete, sender=PrintPack)
def delete_pack_file(sender, instance, **kwargs):
    """A removed pack leaves no PDF behind, whether it expired or an officer deleted it."""
    if instance.file:
        instance.file.delete(save=False)
