"""Sending replies: through the farmer's channel while the platform allows it, else by the fallback they have.

Each platform's window counts from the farmer's last message (`Conversation.last_inbound_at`):

| channel   | free                     | then                                                  | after        |
|-----------|--------------------------|-------------------------------------------------------|--------------|
| Zalo      | 48 hours (consultation)  | up to 7 days, counted against the OA's monthly quota  | fallback     |
| Messenger | 24 hours                 | up to 7 days, only an officer's message (HUMAN_AGENT) | fallback     |
| SMS       | always                   |                                                       |              |

The fallback is an SMS when a phone number is known (the conversation's or the question's), else nothing:
the answer waits on the question's private status page. A platform that says the window is closed (Zalo
-230, Messenger 10/2018278) gets the same fallback.

Other apps (alerts) send with `queue(conversation, replies)`: the replies are stored and sent by the worker
under the same windows and fallbacks; `window()` says beforehand whether a conversation can be reached.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.utils import timezone

from chat import formats, messenger, sms, zalo
from chat.messages import PlatformError, Reply, WindowClosed
from chat.models import Outbound
from chat.signals import replies_queued
from fieldsheets.options import SheetOptions
from fieldsheets.render import live_sheet_pdf
from fieldsheets.views import SHEET_NAME
from kb.models import GuidePage
from kb.share import page_address, short_url
from questions.models import FarmerQuestion

logger = logging.getLogger(__name__)
FALLBACK = "sms"


@dataclass(frozen=True)
class Window:
    free: timedelta | None  # None: always open
    longest: timedelta | None
    human_after_free: bool  # past `free`, only an officer's message may go, tagged


WINDOWS = {
    "zalo": Window(timedelta(hours=48), timedelta(days=7), human_after_free=False),
    "messenger": Window(timedelta(hours=24), timedelta(days=7), human_after_free=True),
    "sms": Window(None, None, human_after_free=False),
}


def window(conversation, human=False, now=None):
    """"open", "tagged" (Messenger past 24 hours, an officer's message) or "closed"."""
    rule = WINDOWS[conversation.channel]
    if rule.free is None:
        return "open"
    if conversation.last_inbound_at is None:
        return "closed"
    age = (now or timezone.now()) - conversation.last_inbound_at
    if age <= rule.free:
        return "open"
    if age <= rule.longest and (human or not rule.human_after_free):
        return "tagged" if rule.human_after_free else "open"
    return "closed"


def queue(conversation, replies, *, event=None, question=None, human=False):
    """Store `replies` (Reply objects) for `conversation` and have the worker send them (after commit)."""
    outbound = Outbound.objects.create(conversation=conversation, event=event, question=question, human=human,
                                       replies=[reply.as_dict() for reply in replies])
    replies_queued.send(sender=Outbound, outbound_id=outbound.pk)
    return outbound


def _sheet(page_id):
    page = GuidePage.objects.visible().filter(pk=page_id).first()
    if page is None:
        return None, None
    return page, live_sheet_pdf(page, SheetOptions())


def sheet_url(page):
    """The guide's field sheet PDF outside the site: at SITE_URL, as every address sent outside is
    (`kb.share.page_address`; Wagtail's Site record may name another host: `localhost`)."""
    address = page_address(page)
    return f"{address}{SHEET_NAME}" if address else short_url(page)


def steps(conversation, reply, tagged=False):
    """Sending `reply` on Zalo or Messenger, as steps to call in order, each a message of its own: the field
    sheet's file when the reply names one (uploaded, then sent; nothing when the guide is gone or the file too
    big), then the text (with the sheet's address at SITE_URL when too big to attach). A reply with a sheet is
    always two steps, one without one step, so a count of steps sent (`Outbound.parts_sent`) names the same
    step on a retry, which goes on with the text and does not send the file again."""
    platform = zalo if conversation.channel == "zalo" else messenger
    extra = {"tagged": tagged} if platform is messenger else {}
    sheet = cache(lambda: _sheet(reply.sheet))  # rendered (or read from the sheets' cache) when first needed

    def send_file():
        page, pdf = sheet()
        if page is not None and len(pdf) <= zalo.FILE_LIMIT:
            return platform.send_file(conversation.user_id, f"phieu-ky-thuat-{page.slug}.pdf", pdf, **extra)
        return None

    def send_text():
        text = reply.text
        if reply.sheet:
            page, pdf = sheet()
            if page is not None and len(pdf) > zalo.FILE_LIMIT:  # too big to attach: its address instead
                text = f"{text}\n{sheet_url(page)}"
        return platform.send_text(conversation.user_id, text, reply.buttons, **extra)

    return [send_file, send_text] if reply.sheet else [send_text]


def send(conversation, reply, tagged=False):
    """Send one reply on the conversation's own channel, every step of it; raises WindowClosed or
    PlatformError. Returns what the platform answered to the text."""
    if conversation.channel == "sms":
        return sms.send(conversation.user_id, formats.sms_of(reply))
    answer = None
    for step in steps(conversation, reply, tagged):
        answer = step()
    return answer


def sms_parts(replies):
    """The SMS parts of `replies`, in order: by SMS each part is a step of its own."""
    return [part for reply in replies for part in sms.parts(formats.sms_of(reply))]


def fallback(conversation, outbound, replies, sent=None):
    """By SMS when a phone is known; returns "sms" or "" (the status page keeps the answer). The way is
    recorded first (`via` "sms" while `sent_at` is empty) and `parts_sent` then counts the SMS parts, so a
    retry goes on with the SMS from the first part not sent."""
    question = FarmerQuestion.objects.filter(pk=outbound.question_id).first() if outbound.question_id else None
    phone = conversation.phone or (question.phone if question else "")
    if not phone:
        return ""
    text = formats.officer_answer_sms(question) if question else " ".join(formats.sms_of(r) for r in replies)
    start = outbound.parts_sent if outbound.via == FALLBACK else 0
    if outbound.via != FALLBACK:
        Outbound.objects.filter(pk=outbound.pk).update(via=FALLBACK, parts_sent=0)
    sms.send(phone, text, start, sent)
    return FALLBACK


def deliver(outbound_id):
    """Send what an Outbound holds one step at a time, each recorded as it goes (`parts_sent`): on Zalo and
    Messenger a reply's field sheet file, then its text (`steps`); an SMS part by SMS (the channel's or the
    fallback's). A retry (the task retries on a network failure) resumes at the first step not sent and never
    repeats one the farmer already has: a file sent before the text failed is not sent again."""
    outbound = Outbound.objects.select_related("conversation").get(pk=outbound_id)
    if outbound.sent_at:
        return outbound.via
    conversation = outbound.conversation
    replies = [Reply.from_dict(data) for data in outbound.replies]
    via, error = conversation.channel, ""

    def sent(count):
        Outbound.objects.filter(pk=outbound.pk).update(parts_sent=count)

    if conversation.stopped_at and not outbound.event_id:  # the farmer said stop: nothing unasked for
        via = ""
    elif outbound.via == FALLBACK and conversation.channel != "sms":  # the fallback SMS stopped part-way
        via = fallback(conversation, outbound, replies, sent)
    else:
        try:
            state = window(conversation, human=outbound.human)
            if state == "closed":
                raise WindowClosed("outside the channel's window")
            if conversation.channel == "sms":
                sms.send_parts(conversation.user_id, sms_parts(replies), outbound.parts_sent, sent)
            else:
                todo = [step for reply in replies for step in steps(conversation, reply, tagged=state == "tagged")]
                for number in range(outbound.parts_sent, len(todo)):
                    todo[number]()
                    sent(number + 1)
        except WindowClosed as closed:
            logger.info("%s: %s; falling back", conversation, closed)
            via = fallback(conversation, outbound, replies, sent)
        except PlatformError as refused:  # not worth retrying: logged and kept on the row
            logger.warning("%s: %s", conversation, refused)
            via, error = "", str(refused)[:300]
    now = timezone.now()
    Outbound.objects.filter(pk=outbound.pk).update(sent_at=now, via=via, error=error)
    if outbound.question_id and via:
        FarmerQuestion.objects.filter(pk=outbound.question_id, answer_sent_at__isnull=True).update(answer_sent_at=now)
    return via
