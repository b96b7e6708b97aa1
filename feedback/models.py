"""What a "Có giúp được không?" tap leaves behind: counts, never who tapped.

`VoteCount` is one row per item, day, channel and commune (when a chat or alert subscriber's commune is
known), with its "Có" and "Chưa" tallies: the only record of a vote, kept as long as the programme reports
need it. `VoteComment` is the one line a farmer may add after "Chưa", masked like a question's text before
it is stored, shown to officers only and never published.

`VoteSeen` is how a second vote the same day is recognised without knowing who cast it: a keyed digest
(HMAC with `DailySecret`, a random key made for that day) of the visitor (cookie or address, or the chat
conversation) and the item. Neither can be turned back into a visitor, and both are dropped once their day
is over (`feedback.votes.forget_past_days`), so yesterday's votes cannot be linked to anyone at all.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.channels import Channel
from kb.models import Commune


class Kind(models.TextChoices):
    """What was voted on; `item_id` is a page id for all but CHAT_ANSWER (a farmer question's id: the officer's
    answer sent back in the chat, never published)."""
    GUIDE = "guide", _("Hướng dẫn")
    ANSWER = "answer", _("Hỏi đáp đã đăng")
    CHAT_ANSWER = "chat_answer", _("Câu trả lời qua tin nhắn")
    ALERT = "alert", _("Cảnh báo")


class VoteCount(models.Model):
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    item_id = models.PositiveBigIntegerField(_("mã mục"))
    day = models.DateField(_("ngày"))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    yes = models.PositiveIntegerField(_("có giúp được"), default=0)
    no = models.PositiveIntegerField(_("chưa giúp được"), default=0)

    class Meta:
        verbose_name = _("số phiếu trong ngày")
        verbose_name_plural = _("số phiếu trong ngày")
        constraints = [
            models.UniqueConstraint(fields=["kind", "item_id", "day", "channel", "commune"],
                                    condition=models.Q(commune__isnull=False), name="feedback_count_per_commune"),
            models.UniqueConstraint(fields=["kind", "item_id", "day", "channel"],
                                    condition=models.Q(commune__isnull=True), name="feedback_count_no_commune"),
        ]
        indexes = [models.Index(fields=["kind", "item_id"]), models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.kind} {self.item_id} {self.day}: {self.yes}/{self.no}"


class VoteComment(models.Model):
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    item_id = models.PositiveBigIntegerField(_("mã mục"))
    day = models.DateField(_("ngày"), db_index=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(_("ý kiến (đã che thông tin cá nhân)"), max_length=300)

    class Meta:
        verbose_name = _("ý kiến khi chưa giúp được")
        verbose_name_plural = _("ý kiến khi chưa giúp được")
        indexes = [models.Index(fields=["kind", "item_id"])]

    def __str__(self):
        return self.text


class DailySecret(models.Model):
    """The key of one day's digests, random, deleted with them."""
    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)  # never the key


class VoteSeen(models.Model):
    """A vote already counted today, as a keyed digest of visitor and item."""
    day = models.DateField(db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    may_comment = models.BooleanField(default=False)  # voted "Chưa" and has not yet added a line

    def __str__(self):
        return f"{self.day} {self.digest[:8]}"
