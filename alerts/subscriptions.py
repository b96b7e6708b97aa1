"""Subscribing and stopping: the same rules for a chat command and a phone's Web Push subscription.

A farmer has one subscription per chat conversation or per phone; subscribing again adds commodities and
moves it to the commune named last. "HUY" in a chat (chat's own command) stops everything: chat sends
`conversation_stopped`, and `stop_conversation` (connected in tasks/alerts.py) stops the subscription in the
same transaction. Subscribing again starts it again.
"""
from django.db import transaction
from django.utils import timezone

from alerts.models import Channel, Subscription


@transaction.atomic
def subscribe_conversation(conversation, commune, commodities):
    """Subscribe a chat conversation (its channel: zalo, messenger or sms); returns the subscription."""
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        conversation=conversation, defaults={"channel": conversation.channel, "commune": commune})
    return _update(subscription, created, commune, commodities)


@transaction.atomic
def subscribe_push(endpoint, p256dh, auth, commune, commodities):
    """Subscribe (or re-subscribe) a phone's push subscription; its commodities are the ones chosen now."""
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        endpoint=endpoint, defaults={"channel": Channel.WEBPUSH, "commune": commune, "p256dh": p256dh, "auth": auth})
    subscription.p256dh, subscription.auth = p256dh, auth
    if not created:
        subscription.commodities.clear()
    return _update(subscription, created, commune, commodities)


def _update(subscription, created, commune, commodities):
    subscription.commune, subscription.stopped_at, subscription.updated_at = commune, None, timezone.now()
    subscription.save()
    if commodities:
        subscription.commodities.add(*commodities)
    elif not created:
        subscription.commodities.clear()  # named none: every commodity
    return subscription


def stop_push(endpoint):
    return Subscription.objects.filter(endpoint=endpoint, stopped_at__isnull=True).update(stopped_at=timezone.now())


def stop_conversation(sender, conversation, **kwargs):
    """Receiver of chat's `conversation_stopped`: "HUY" or an unfollow stops the alerts too."""
    Subscription.objects.filter(conversation=conversation, stopped_at__isnull=True).update(
        stopped_at=conversation.stopped_at or timezone.now())
