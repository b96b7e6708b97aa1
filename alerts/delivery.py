"""Sending an alert: planned once, sent in batches, each message claimed before it goes and recorded after.

1. `plan(alert)` writes one `Delivery` row (pending) per matching subscription, in primary-key chunks, under
   the unique (alert, subscription) constraint: running it again adds nothing. An update goes only to those
   who got the alert it replaces (or were still waiting for it: they get the update instead).
2. `batches(alert)` cuts the pending rows into ranges of `ALERT_BATCH_SIZE` per channel, each channel's
   spread over the time it needs at its own rate, so that every channel advances at its rate to the end;
   `tasks.alerts.send_batch` sends one range.
3. `send_batch` claims a few pending rows at a time (one UPDATE … WHERE status = 'pending': two runs never
   claim the same row), sends them in order, and records each as it goes. A batch run again with the same
   `attempt` (Celery redelivers a killed worker's task, and retries, under the same task id) finds the rows
   it had claimed: the first of them was being sent when the worker died and is recorded as interrupted —
   perhaps delivered, never repeated — the others go back to pending and are sent. A platform that cannot be
   reached returns every claimed row to pending before the task retries.

Each channel's rules are applied per message: Zalo and Messenger inside the chat's windows
(`chat.sending.window`), else Zalo's ZNS template to the farmer's phone, else SMS; SMS only within
`ALERT_SMS_HOURS` local time and at most `ALERT_SMS_PER_DAY` a number, otherwise deferred (`not_before`) and
resumed by the beat task; Web Push to the phone's push service. Every channel is paced by `alerts.pacing`.
"""
import heapq
import json
import logging
import math
import socket
import urllib.error
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import httpx
import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from alerts import formats, pacing, push
from alerts.models import Channel, Delivery, Dispatch, SmsQuota, Status, Subscription, Via
from chat import sms, zalo
from chat.messages import PlatformError, WindowClosed
from chat.sending import send, window
from kb.models import AlertPage

logger = logging.getLogger(__name__)

PLAN_CHUNK = 2000
CLAIM = 20  # rows claimed at once: one UPDATE for twenty messages, each recorded after it is sent
DEFER_BUSY = timedelta(minutes=5)
STALE = timedelta(hours=1)  # a batch that never ran (a lost task) is queued again after this

INTERRUPTED = "worker stopped while sending: perhaps delivered, not repeated"
STOPPED = "the farmer stopped alerts"
ENDED = "the alert ended before it was sent"
REPLACED = "replaced by an update"
WINDOW_CLOSED_NO_PHONE = "chat window closed and no phone number"
QUIET_HOURS = "SMS quiet hours"
DAILY_CAP = "SMS daily cap reached"
PUSH_GONE = "Web Push subscription gone"


class PlatformDown(Exception):
    """A platform could not be reached at all: nothing was sent; the batch is retried later."""


def never_sent(error):
    """Whether a transport failure certainly happened before the platform got the message (connection
    refused or not made): only then may it be sent again. A timeout after sending is not one of these."""
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, requests.exceptions.ConnectionError)):
        return not isinstance(error, requests.exceptions.ReadTimeout)
    if isinstance(error, urllib.error.URLError):  # the SMS gateway (questions.sms.HttpGatewaySender)
        return isinstance(error.reason, (ConnectionRefusedError, socket.gaierror))
    return isinstance(error, ConnectionRefusedError)


# --- planning -------------------------------------------------------------------------------------------------

def recipients(alert):
    """The subscriptions `alert` goes to (not stopped), as a queryset to read in primary-key order."""
    subscriptions = Subscription.objects.filter(stopped_at__isnull=True)
    if alert.replaces_id:
        return subscriptions.filter(Exists(Delivery.objects.filter(
            alert_id=alert.replaces_id, subscription=OuterRef("pk"), status__in=[Status.SENT, Status.PENDING])))
    if not alert.all_hue:
        subscriptions = subscriptions.filter(commune__in=alert.communes.all())
    commodities = list(alert.commodities.values_list("pk", flat=True))
    if commodities:
        chosen = Subscription.commodities.through.objects.filter(subscription=OuterRef("pk"))
        subscriptions = subscriptions.filter(Exists(chosen.filter(commodity__in=commodities)) | ~Exists(chosen))
    return subscriptions


def plan(alert_id):
    """Write the pending Delivery rows of an alert in force; True when this run finished its plan (a second
    run of a finished plan does nothing and says False, so batches are queued once)."""
    alert = AlertPage.objects.in_force().filter(pk=alert_id).first()
    if alert is None:
        return False
    dispatch, _created = Dispatch.objects.get_or_create(alert=alert)
    if dispatch.planned_at:
        return False
    end_replaced(alert)
    last, matching = 0, recipients(alert)
    while True:
        chunk = list(matching.filter(pk__gt=last).order_by("pk").values_list("pk", "channel", "commune_id")[
            :PLAN_CHUNK])
        if not chunk:
            break
        Delivery.objects.bulk_create([Delivery(alert=alert, subscription_id=pk, channel=channel, commune_id=commune)
                                      for pk, channel, commune in chunk], ignore_conflicts=True)
        last = chunk[-1][0]
    Dispatch.objects.filter(pk=dispatch.pk).update(planned_at=timezone.now())
    return True


def end_replaced(alert):
    """An update ends the alert it replaces (once): it leaves banners, search and the feed, and whoever was
    still waiting for it gets the update instead."""
    if alert.replaces_id:
        replaced = AlertPage.objects.filter(pk=alert.replaces_id, ended_at__isnull=True).first()
        if replaced is not None:
            replaced.end()


def _ranges(rows, channel):
    """(channel, first pk, last pk) of consecutive pending rows, ALERT_BATCH_SIZE at a time, streamed."""
    last = 0
    while True:
        ids = list(rows.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:settings.ALERT_BATCH_SIZE])
        if not ids:
            return
        yield channel, ids[0], ids[-1]
        last = ids[-1]


def batches(alert_id, due_only=False):
    """(channel, first pk, last pk) of the alert's pending rows, in order of when each would start if its
    channel sent alone at its `ALERT_RATES` rate: the workers then take a slow channel's batches as often as
    its rate allows from first to last, instead of in turns (which left SMS, the slowest, a long tail alone).
    `due_only`: only rows deferred until now or earlier (what the beat task resumes)."""
    pending = Delivery.objects.filter(alert_id=alert_id, status=Status.PENDING)
    if due_only:
        pending = pending.filter(not_before__lte=timezone.now())

    def timed(channel):
        seconds = settings.ALERT_BATCH_SIZE / (settings.ALERT_RATES.get(channel) or math.inf)
        return ((n * seconds, channel, batch) for n, batch in enumerate(_ranges(pending.filter(channel=channel),
                                                                                  channel)))

    for _start, _channel, batch in heapq.merge(*(timed(channel) for channel in Channel.values)):
        yield batch


# --- sending ----------------------------------------------------------------------------------------------------

@dataclass
class Message:
    """An alert as each channel sends it, made once per batch."""

    alert: AlertPage
    reply: object  # chat.messages.Reply
    push: str
    zns: dict

    @classmethod
    def of(cls, alert):
        return cls(alert, formats.message(alert), json.dumps(formats.push_payload(alert), ensure_ascii=False),
                   formats.zns_data(alert))


@dataclass
class Outcome:
    status: str
    via: str = ""
    reason: str = ""
    not_before: datetime | None = None


def sent(via):
    return Outcome(Status.SENT, via=via)


def failed(reason):
    return Outcome(Status.FAILED, reason=str(reason)[:200])


def deferred(until, reason):
    return Outcome(Status.PENDING, reason=reason, not_before=until)


def send_batch(alert_id, channel, first, last, attempt):
    """Send the pending rows of one range; returns how many were sent."""
    rows = Delivery.objects.filter(alert_id=alert_id, channel=channel, pk__gte=first, pk__lte=last)
    _recover(rows, attempt)
    alert = AlertPage.objects.in_force().filter(pk=alert_id).first()
    if alert is None:
        close(alert_id)
        return 0
    message, count = Message.of(alert), 0
    while claimed := _claim(rows, attempt):
        try:
            for delivery in claimed:
                outcome = deliver(delivery, message)
                _record(delivery, outcome)
                count += outcome.status == Status.SENT
        except PlatformDown:
            rows.filter(status=Status.SENDING, attempt=attempt).update(status=Status.PENDING, attempt="")
            raise
    return count


def _recover(rows, attempt):
    """Rows this attempt claimed in a run that died: the first was in flight (interrupted, not repeated),
    the rest were never started (pending again)."""
    stuck = list(rows.filter(status=Status.SENDING, attempt=attempt).order_by("pk").values_list("pk", flat=True))
    if stuck:
        logger.warning("alert batch %s resumed: delivery %s was being sent when its worker stopped", attempt,
                       stuck[0])
        rows.filter(pk=stuck[0]).update(status=Status.FAILED, reason=INTERRUPTED)
        rows.filter(pk__in=stuck[1:]).update(status=Status.PENDING, attempt="")


def _claim(rows, attempt):
    now = timezone.now()
    due = rows.filter(Q(not_before__isnull=True) | Q(not_before__lte=now), status=Status.PENDING)
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:CLAIM])
    if not ids:
        return []
    rows.filter(pk__in=ids, status=Status.PENDING).update(status=Status.SENDING, attempt=attempt, claimed_at=now)
    return list(Delivery.objects.filter(pk__in=ids, status=Status.SENDING, attempt=attempt)
                .select_related("subscription__conversation").order_by("pk"))


def _record(delivery, outcome):
    sent_at = timezone.now() if outcome.status == Status.SENT else None
    Delivery.objects.filter(pk=delivery.pk).update(status=outcome.status, via=outcome.via, reason=outcome.reason,
                                                   not_before=outcome.not_before, sent_at=sent_at, attempt="")


def deliver(delivery, message):
    """Send one row by its channel's rules; raises PlatformDown when nothing could be sent for now."""
    subscription = delivery.subscription
    if subscription is None or subscription.stopped_at:
        return Outcome(Status.SKIPPED, reason=STOPPED)
    try:
        if subscription.channel == Channel.WEBPUSH:
            return _push(subscription, message)
        conversation = subscription.conversation
        if conversation.stopped_at:
            return Outcome(Status.SKIPPED, reason=STOPPED)
        if conversation.channel == Channel.SMS:
            return _sms(conversation.user_id, message)
        return _chat(delivery, conversation, message)
    except (httpx.TransportError, requests.exceptions.RequestException, OSError) as error:
        if never_sent(error):
            raise PlatformDown(str(error)) from error
        return failed(f"no answer from the platform (perhaps delivered): {error}")


def _push(subscription, message):
    pacing.take(Channel.WEBPUSH)
    try:
        push.send(subscription, message.push)
    except push.PushGone:
        Subscription.objects.filter(pk=subscription.pk).update(stopped_at=timezone.now())
        return failed(PUSH_GONE)
    except push.PushLater as later:
        return deferred(timezone.now() + DEFER_BUSY, str(later))
    except push.PushRefused as refused:
        return failed(refused)
    return sent(Via.WEBPUSH)


def _chat(delivery, conversation, message):
    """Zalo or Messenger inside the window; past it ZNS (Zalo, with the farmer's phone), else SMS."""
    refusal = WINDOW_CLOSED_NO_PHONE
    if window(conversation) == "open":
        try:
            pacing.take(conversation.channel)
            send(conversation, message.reply)
            return sent(conversation.channel)
        except WindowClosed:
            pass  # the platform counts differently: the same fallback
        except PlatformError as refused:
            return failed(refused)
    phone = conversation.phone
    if conversation.channel == Channel.ZALO and phone and settings.ZALO_ZNS_TEMPLATE_ID:
        try:
            pacing.take(Channel.ZALO)
            zalo.send_template(phone, settings.ZALO_ZNS_TEMPLATE_ID, message.zns,
                               tracking_id=f"alert-{delivery.alert_id}-{delivery.pk}")
            return sent(Via.ZNS)
        except PlatformError as refused:
            refusal = f"ZNS: {refused}"
    if phone:
        return _sms(phone, message)
    return failed(refusal)


def sms_allowed_from(local):
    """The first moment at or after `local` (an aware local time) when alert SMS may go."""
    start, end = settings.ALERT_SMS_HOURS
    if start <= local.hour < end:
        return local
    day = local.date() if local.hour < start else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(start)), local.tzinfo)


def _sms(phone, message):
    local = timezone.localtime()
    allowed = sms_allowed_from(local)
    if allowed > local:
        return deferred(allowed, QUIET_HOURS)
    if not _take_quota(phone, local.date()):
        tomorrow = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time()), local.tzinfo)
        return deferred(sms_allowed_from(tomorrow), DAILY_CAP)
    pacing.take(Channel.SMS)
    try:
        sms.send(phone, message.reply.sms)
    except (OSError, urllib.error.URLError) as error:
        if never_sent(error):
            SmsQuota.objects.filter(phone=phone, day=local.date()).update(count=F("count") - 1)
        raise
    return sent(Via.SMS)


def _take_quota(phone, day):
    """One of the number's alert SMS for the day, if any is left (counted atomically across workers)."""
    room = SmsQuota.objects.filter(phone=phone, day=day, count__lt=settings.ALERT_SMS_PER_DAY)
    if room.update(count=F("count") + 1):
        return True
    try:
        with transaction.atomic():
            SmsQuota.objects.create(phone=phone, day=day, count=1)  # the number's first today
        return settings.ALERT_SMS_PER_DAY > 0
    except IntegrityError:  # it had one already (full), or another worker made it just now
        return room.update(count=F("count") + 1) == 1


# --- what the beat task looks after -----------------------------------------------------------------------------

def close(alert_id):
    """An alert no longer in force sends nothing more: its waiting rows are skipped, saying why."""
    alert = AlertPage.objects.filter(pk=alert_id).first()
    reason = REPLACED if alert is not None and alert.successor else ENDED
    return Delivery.objects.filter(alert_id=alert_id, status=Status.PENDING).update(status=Status.SKIPPED,
                                                                                    reason=reason)


def due_alerts():
    """Alerts in force whose delivery has not been planned (published before their period began, or a plan
    that stopped half-way)."""
    unplanned = Q(dispatch__isnull=True) | Q(dispatch__planned_at__isnull=True,
                                             dispatch__started_at__lte=timezone.now() - timedelta(minutes=10))
    return list(AlertPage.objects.in_force().filter(unplanned).values_list("pk", flat=True))


def resumable():
    """(alert id, due_only) of alerts in force with rows to send again: deferred rows now due, and rows of a
    plan finished long ago whose batch was lost. Stale claims (a worker that never came back) are closed."""
    now = timezone.now()
    Delivery.objects.filter(status=Status.SENDING, claimed_at__lte=now - STALE).update(status=Status.FAILED,
                                                                                        reason=INTERRUPTED)
    in_force = AlertPage.objects.in_force().values("pk")
    pending = Delivery.objects.filter(alert__in=in_force, status=Status.PENDING)
    deferred_ids = set(pending.filter(not_before__lte=now).values_list("alert_id", flat=True).distinct())
    lost = set(pending.filter(not_before__isnull=True, alert__dispatch__planned_at__lte=now - STALE)
               .values_list("alert_id", flat=True).distinct())
    return [(pk, pk not in lost) for pk in sorted(deferred_ids | lost)]


def finished_alerts():
    """Alerts no longer in force that still have rows waiting."""
    in_force = AlertPage.objects.in_force().values("pk")
    return list(Delivery.objects.filter(status=Status.PENDING).exclude(alert__in=in_force)
                .values_list("alert_id", flat=True).distinct())


def changed_state(since):
    """Alerts whose period began or ended since `since`: their search documents follow (search reads the
    in-force rule when it syncs them)."""
    now = timezone.now()
    return list(AlertPage.objects.filter(Q(valid_from__gt=since, valid_from__lte=now)
                                         | Q(valid_until__gt=since, valid_until__lte=now)).values_list("pk", flat=True))
