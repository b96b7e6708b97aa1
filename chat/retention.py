"""Keeping no more than the web questions keep: what a chat leaves behind (events with the farmer's words,
sent replies, the conversation with its platform id and phone number) is erased PHONE_RETENTION_DAYS (90)
after the farmer's last message, once none of their questions is still open. Questions themselves follow
the questions app's rules (their phone numbers erased 90 days after closing). Run daily by Celery beat."""
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from chat.models import Conversation, InboundEvent, Outbound
from questions.models import PHONE_RETENTION_DAYS, FarmerQuestion


def purge(now=None):
    """Returns (events, replies, conversations) removed."""
    cutoff = (now or timezone.now()) - timedelta(days=PHONE_RETENTION_DAYS)
    events = InboundEvent.objects.filter(received_at__lte=cutoff).delete()[0]
    replies = Outbound.objects.filter(created_at__lte=cutoff).exclude(sent_at__isnull=True).delete()[0]
    idle = Conversation.objects.filter(Q(last_inbound_at__lte=cutoff)
                                       | Q(last_inbound_at__isnull=True, created_at__lte=cutoff))
    idle = idle.exclude(questions__question__status__in=FarmerQuestion.OPEN)
    conversations = Conversation.objects.filter(pk__in=list(idle.values_list("pk", flat=True))).delete()[0]
    return events, replies, conversations
