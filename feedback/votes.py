"""Counting a "Có giúp được không?" tap once a visitor, item and day, without knowing who tapped.

A visitor is named by keys the caller gives (the web: a random cookie, else the address; a chat: the
conversation). Each key is stored only as an HMAC of key and item under the day's random `DailySecret`, in
`VoteSeen`; past days' secrets and digests are deleted (`forget_past_days`, on every vote and daily by the
worker), after which no vote can be tied to anyone. What stays is `VoteCount`: counts per item and day.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.anonymise import anonymised, normal
from core.channels import Channel
from feedback.models import DailySecret, Kind, VoteComment, VoteCount, VoteSeen
from kb.models import AlertPage, GuidePage, QuestionAnswerPage

COMMENT_MAX = 300  # one line, as the form says
PAGE_KINDS = {Kind.GUIDE: GuidePage, Kind.ANSWER: QuestionAnswerPage, Kind.ALERT: AlertPage}


@dataclass(frozen=True)
class Item:
    kind: str  # a Kind
    item_id: int


def visible_item(kind, item_id):
    """The page a vote is for, when the public may see it (kb's visibility rule); None otherwise."""
    model = PAGE_KINDS.get(kind)
    if model is None:
        return None
    return model.objects.visible().filter(pk=item_id).first()


def forget_past_days(today=None):
    """Drop every digest and secret of days that are over: yesterday's votes can no longer be linked. The
    "Chưa" lines go after FEEDBACK_LINE_RETENTION_DAYS (officers read them within weeks; a line is a farmer's
    words, masked but theirs)."""
    today = today or timezone.localdate()
    VoteComment.objects.filter(day__lt=today - timedelta(days=settings.FEEDBACK_LINE_RETENTION_DAYS)).delete()
    VoteSeen.objects.filter(day__lt=today).delete()
    DailySecret.objects.filter(day__lt=today).delete()


def _secret(day):
    try:
        with transaction.atomic():
            return DailySecret.objects.get_or_create(day=day, defaults={"secret": secrets.token_hex(32)})[0].secret
    except IntegrityError:  # made by another request in the meantime
        return DailySecret.objects.get(day=day).secret


def _digests(day, item, visitors):
    key = _secret(day).encode()
    return [hmac.new(key, f"{visitor}|{item.kind}|{item.item_id}".encode(), hashlib.sha256).hexdigest()
            for visitor in visitors]


def _add(item, day, helped, channel, commune):
    rows = VoteCount.objects.filter(kind=item.kind, item_id=item.item_id, day=day, channel=channel, commune=commune)
    field = "yes" if helped else "no"
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            VoteCount.objects.create(kind=item.kind, item_id=item.item_id, day=day, channel=channel, commune=commune,
                                     **{field: 1})
    except IntegrityError:  # another vote made the row first
        rows.update(**{field: F(field) + 1})


def cast(item, helped, visitors, channel=Channel.WEB, commune=None):
    """Count one vote; False (nothing counted) when any of `visitors` voted on `item` today already."""
    day = timezone.localdate()
    forget_past_days(day)
    digests = _digests(day, item, visitors)
    try:
        with transaction.atomic():
            if VoteSeen.objects.filter(digest__in=digests).exists():
                return False
            VoteSeen.objects.bulk_create([VoteSeen(day=day, digest=d, may_comment=not helped) for d in digests])
            _add(item, day, helped, channel, commune)
    except IntegrityError:  # the same visitor's other tap, counted a moment ago
        return False
    return True


def clean_comment(text):
    """The farmer's one line, checked: not empty, not longer than COMMENT_MAX (ValidationError saying so)."""
    text = " ".join(normal(text).split())
    if not text:
        raise ValidationError(_("Bà con viết một dòng: hướng dẫn còn thiếu gì?"), code="empty")
    if len(text) > COMMENT_MAX:
        raise ValidationError(_("Bà con viết ngắn hơn, tối đa %(max)d chữ cái (đang có %(count)d).")
                              % {"max": COMMENT_MAX, "count": len(text)}, code="long")
    return text


def comment(item, text, visitors, channel=Channel.WEB, commune=None):
    """Keep the line a visitor adds after their "Chưa" today, masked (phones, names, e-mails, links); once per
    vote. False when there is no such vote waiting for its line. ValidationError for a bad line."""
    text = clean_comment(text)
    digests = _digests(timezone.localdate(), item, visitors)
    with transaction.atomic():
        if not VoteSeen.objects.filter(digest__in=digests, may_comment=True).update(may_comment=False):
            return False
        VoteComment.objects.create(kind=item.kind, item_id=item.item_id, day=timezone.localdate(), channel=channel,
                                   commune=commune, text=anonymised(text)[:COMMENT_MAX])
    return True
