"""What the chat channels keep: each farmer's conversation, every verified event once, every reply until sent,
and the Zalo token pair as it rotates.

An event is stored before the webhook answers (so nothing is lost when the worker is behind) under a unique
(channel, platform id) constraint (so a platform's retry is never answered twice). Replies are written in the
same transaction that marks their event handled, then sent by a task that records each part it sent: a retry
after a network failure resumes where it stopped instead of repeating what the farmer already has.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.models import Commune
from questions.models import Channel, FarmerQuestion

CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class Conversation(models.Model):
    """One farmer on one channel: who they are there, where they farm, what they were last shown, and when they
    last wrote (the platforms' reply windows count from then)."""

    channel = models.CharField(_("kênh"), max_length=10, choices=CHANNELS)
    user_id = models.CharField(_("mã người dùng trên kênh"), max_length=64)  # Zalo user id, Messenger PSID, phone
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    state = models.JSONField(default=dict, blank=True)  # chat.conversation.State: last results, what is awaited
    created_at = models.DateTimeField(default=timezone.now)
    last_inbound_at = models.DateTimeField(_("nhắn lần cuối lúc"), null=True, blank=True, db_index=True)
    stopped_at = models.DateTimeField(_("ngừng nhận tin lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc trò chuyện")
        verbose_name_plural = _("cuộc trò chuyện")
        constraints = [models.UniqueConstraint(fields=["channel", "user_id"], name="chat_one_conversation")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.pk}"


class InboundEvent(models.Model):
    """A verified webhook event, as the platform sent it, stored once."""

    channel = models.CharField(max_length=10, choices=CHANNELS)
    event_id = models.CharField(max_length=128)  # Zalo msg_id, Messenger mid, the gateway's message id
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "event_id"], name="chat_event_once")]

    def __str__(self):
        return f"{self.channel} {self.event_id}"


class Outbound(models.Model):
    """Replies to send to one conversation, in order (`chat.messages.Reply.as_dict()` each)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="outbound")
    event = models.ForeignKey(InboundEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question = models.ForeignKey(FarmerQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    replies = models.JSONField()
    human = models.BooleanField(default=False)  # written by an officer (Messenger's HUMAN_AGENT tag allows it)
    parts_sent = models.PositiveSmallIntegerField(default=0)  # steps sent: sheet files, texts; SMS parts
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    via = models.CharField(max_length=12, blank=True)  # the channel, "sms" (fallback) or "" (status page only)
    error = models.CharField(max_length=300, blank=True)  # a platform's refusal, for the log and the admin

    def __str__(self):
        return f"{self.conversation} #{self.pk}"


class ChatQuestion(models.Model):
    """A question that came from a conversation: its answer goes back there."""

    question = models.OneToOneField(FarmerQuestion, on_delete=models.CASCADE, related_name="chat")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="questions")

    def __str__(self):
        return f"{self.conversation}: {self.question_id}"


class ZaloToken(models.Model):
    """The OA's access and refresh tokens, one row, written together (each refresh token works once)."""

    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Zalo token until {self.expires_at}"
