"""A farmer's question to the extension officers, from arrival to answer (and, perhaps, public Q&A).

The farmer has no account: the question is reached through its unguessable `token`. The phone number is
only for a call-back; it is never shown publicly and is erased `PHONE_RETENTION_DAYS` after the question
is closed. The photo lives in private storage, served only to the farmer (by token) and to officers.
"""
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from core.channels import Channel
from kb.models import Commodity, Commune, Officer, Region, Sector
from questions.phones import grouped_phone
from questions.signals import answer_ready

TEXT_MIN, TEXT_MAX = 10, 2000
WAITING_HOURS = 48  # a question unanswered this long is late: officers are reminded, the report counts it
PHONE_RETENTION_DAYS = 90


def new_token():
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


PHOTO_FILE_MODE, PHOTO_FOLDER_MODE = 0o600, 0o700


def private_storage():
    """Photos are not under MEDIA_ROOT, so no web server or /media/ URL can hand them out; and only the
    site's own user may read them, like the database and the secret key."""
    return FileSystemStorage(location=settings.QUESTION_PHOTO_ROOT, base_url=None,
                             file_permissions_mode=PHOTO_FILE_MODE, directory_permissions_mode=PHOTO_FOLDER_MODE)


def photo_name(instance, filename):
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"


class FarmerQuestionQuerySet(models.QuerySet):
    def waiting(self):
        """Not answered yet and not set aside."""
        return self.filter(status__in=FarmerQuestion.OPEN)

    def late(self, now=None):
        return self.waiting().filter(created_at__lte=(now or timezone.now()) - timedelta(hours=WAITING_HOURS))


class FarmerQuestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        ASSIGNED = "assigned", _("Đã giao cán bộ")
        ANSWERED = "answered", _("Đã trả lời")
        PUBLISHED = "published", _("Đã đăng hỏi đáp")
        SPAM = "spam", _("Đóng: spam")
        DUPLICATE = "duplicate", _("Đóng: trùng lặp")

    OPEN = (Status.NEW, Status.ASSIGNED)
    ANSWERED_STATES = (Status.ANSWERED, Status.PUBLISHED)

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    text = models.TextField(_("câu hỏi"), validators=[MinLengthValidator(TEXT_MIN), MaxLengthValidator(TEXT_MAX)])
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices, blank=True)
    commodity = models.ForeignKey(Commodity, verbose_name=_("nông sản"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # The former district: set from the commune; questions asked before the communes of 2025 keep theirs.
    district = models.ForeignKey(Region, verbose_name=_("địa bàn"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.WEB,
                               db_index=True)
    photo = models.ImageField(_("ảnh"), upload_to=photo_name, storage=private_storage, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    consent = models.BooleanField(_("đồng ý đăng công khai (không tên, không số điện thoại)"), default=False)
    source_page = models.ForeignKey("wagtailcore.Page", verbose_name=_("hỏi từ trang"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source_query = models.CharField(_("hỏi sau khi tìm"), max_length=200, blank=True)
    assigned_to = models.ForeignKey(Officer, verbose_name=_("cán bộ phụ trách"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="questions")
    answer = RichTextField(_("trả lời"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    published_page = models.ForeignKey("kb.QuestionAnswerPage", verbose_name=_("trang hỏi đáp"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("trả lời lần đầu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("đã nhắc lúc"), null=True, blank=True)
    answer_sent_at = models.DateTimeField(_("đã nhắn trả lời lúc"), null=True, blank=True)

    objects = FarmerQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("câu hỏi của nông dân")
        verbose_name_plural = _("câu hỏi của nông dân")
        permissions = [("publish_farmerquestion", _("Đăng câu hỏi thành hỏi đáp công khai"))]

    def __str__(self):
        return self.short_text

    def save(self, *args, **kwargs):
        """Keep the timestamps the report and the phone purge rely on in step with the status."""
        if self.commodity_id and not self.sector:
            self.sector = self.commodity.sector
        if self.commune_id and not self.district_id:
            self.district_id = self.commune.region_id
        if self.status == self.Status.NEW and self.assigned_to_id:
            self.status = self.Status.ASSIGNED
        if self.answer and self.status in self.OPEN:
            self.status = self.Status.ANSWERED
        if self.status in self.ANSWERED_STATES and not self.answered_at:
            self.answered_at = timezone.now()
        if not self.is_open and not self.closed_at:
            self.closed_at = timezone.now()
        super().save(*args, **kwargs)
        if self.answer_to_send:
            answer_ready.send(sender=FarmerQuestion, question=self)

    @cached_property
    def short_text(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def tel_url(self):
        return f"tel:{self.phone}" if self.phone else ""

    @property
    def phone_grouped(self):
        return grouped_phone(self.phone)

    @property
    def answer_to_send(self):
        """Answered and not told yet, with somewhere to tell it: the chat it came from, or a phone."""
        return bool(self.answered_at and not self.answer_sent_at and (self.phone or self.channel != Channel.WEB))
