"""Who gets alerts, and what each alert did for each of them.

A `Subscription` is one farmer on one channel — a chat conversation (Zalo, Messenger, SMS: a phone number only
there, as the SMS conversation's own address) or a phone's Web Push subscription — with a commune and the
commodities they chose (none: all). No account, no password.

A `Delivery` is one alert for one subscription, created before anything is sent under a unique (alert,
subscription) constraint, claimed (`sending`) by the task that sends it and recorded after (`sent`, `failed`
with why, or back to `pending` with `not_before` when a rule defers it): a retried or re-queued batch never
sends a row twice, and a worker killed mid-batch leaves at most the one row it was sending undecided.
Counts by channel, commune and reason are read from these rows; no list of numbers is ever shown.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chat.models import CHANNELS, Conversation
from kb.models import AlertPage, Commodity, Commune


class Channel(models.TextChoices):
    ZALO = "zalo", "Zalo"
    MESSENGER = "messenger", "Messenger"
    SMS = "sms", "SMS"
    WEBPUSH = "webpush", _("Thông báo trên điện thoại (Web Push)")


CHAT_CHANNELS = {value for value, _label in CHANNELS}
assert CHAT_CHANNELS <= set(Channel.values)


class Subscription(models.Model):
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    conversation = models.OneToOneField(Conversation, null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="alert_subscription")
    # Web Push (RFC 8030/8291): where the phone's push service takes messages, and the keys to encrypt them.
    endpoint = models.URLField(max_length=2000, blank=True)
    p256dh = models.CharField(max_length=200, blank=True)
    auth = models.CharField(max_length=64, blank=True)
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+")
    commodities = models.ManyToManyField(Commodity, verbose_name=_("nông sản"), blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(_("ngừng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký nhận cảnh báo")
        verbose_name_plural = _("đăng ký nhận cảnh báo")
        constraints = [models.UniqueConstraint(fields=["endpoint"], condition=~models.Q(endpoint=""),
                                               name="alerts_one_push_subscription")]
        indexes = [models.Index(fields=["commune", "stopped_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.pk}"


class Status(models.TextChoices):
    PENDING = "pending", _("chờ gửi")
    SENDING = "sending", _("đang gửi")
    SENT = "sent", _("đã gửi")
    FAILED = "failed", _("không gửi được")
    SKIPPED = "skipped", _("không gửi")


class Via(models.TextChoices):
    ZALO = "zalo", "Zalo OA"
    ZNS = "zns", "Zalo ZNS"
    MESSENGER = "messenger", "Messenger"
    SMS = "sms", "SMS"
    WEBPUSH = "webpush", "Web Push"


class Delivery(models.Model):
    alert = models.ForeignKey(AlertPage, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    commune = models.ForeignKey(Commune, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    via = models.CharField(max_length=10, choices=Via.choices, blank=True)
    reason = models.CharField(max_length=200, blank=True)  # why it failed, was skipped or waits
    attempt = models.CharField(max_length=64, blank=True)  # the task run that claimed it
    not_before = models.DateTimeField(null=True, blank=True)  # deferred (SMS quiet hours, daily cap)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "subscription"], name="alerts_deliver_once")]
        indexes = [models.Index(fields=["alert", "channel", "status"]), models.Index(fields=["status", "not_before"])]

    def __str__(self):
        return f"{self.alert_id} → {self.subscription_id}: {self.status}"


class Dispatch(models.Model):
    """An alert's delivery as a whole: started once (when it is published and its period has begun), planned
    when every matching subscription has its Delivery row."""

    alert = models.OneToOneField(AlertPage, on_delete=models.CASCADE, related_name="dispatch")
    started_at = models.DateTimeField(default=timezone.now)
    planned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.alert_id}: {self.started_at}"


class SmsQuota(models.Model):
    """Alert SMS sent to one number on one local day: at most ALERT_SMS_PER_DAY."""

    phone = models.CharField(max_length=11)
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phone", "day"], name="alerts_sms_quota_day")]

    def __str__(self):
        return f"{self.day}: {self.count}"
