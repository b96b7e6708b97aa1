"""From a stored event to queued replies, exactly once.

The photos an event carries are fetched and checked, and the search a message asks is answered, first,
outside any transaction (SQLite locks the whole database for a writing transaction: a webhook storing the
next event must not wait for a search or a download); then, in one
transaction holding the event's row, the conversation decides (questions may be made), the replies are
written as an Outbound and the event is marked handled. A second run of the same event finds it handled
and does nothing; the replies are sent by their own task (`chat.sending.deliver`).
"""
from django.db import transaction
from django.utils import timezone

from chat import formats, messenger, sms, voting, zalo
from chat.conversation import offer_vote, prepare_photos, presearch, respond
from chat.messages import Kind
from chat.models import ChatQuestion, Conversation, InboundEvent, Outbound
from chat.sending import queue

PARSERS = {"zalo": zalo.parse, "messenger": messenger.parse, "sms": lambda payload: sms.inbound().parse(payload)}


def handle(event_id):
    """Answer one stored event; returns the Outbound made (or None)."""
    event = InboundEvent.objects.get(pk=event_id)
    if event.handled_at:
        return None
    incoming = PARSERS[event.channel](event.payload)
    photos = prepare_photos(incoming) if incoming.kind == Kind.IMAGE else []
    known = Conversation.objects.filter(channel=event.channel, user_id=incoming.user_id).first()
    found = presearch(known or Conversation(channel=event.channel), incoming)
    outbound = None
    with transaction.atomic():
        event = InboundEvent.objects.select_for_update().get(pk=event_id)
        if event.handled_at:
            return None
        if incoming.kind != Kind.IGNORED and incoming.user_id:
            # A number the farmer shares (Zalo's user_submit_info) is checked by `respond` before it is kept;
            # only an SMS sender's own number, normalised by its parser, is known good from the start.
            conversation, _created = Conversation.objects.select_for_update().get_or_create(
                channel=event.channel, user_id=incoming.user_id,
                defaults={"phone": "" if incoming.kind == Kind.INFO else incoming.phone})
            if incoming.standby:  # another app holds the thread: the farmer wrote (the window counts), we stay out
                conversation.last_inbound_at, replies = timezone.now(), []
            else:
                replies = respond(conversation, incoming, photos, found)
            conversation.save()
            if replies:  # sent once the transaction commits
                outbound = queue(conversation, replies, event=event)
                for waiting in answers_waiting(conversation):  # the farmer is back: the window is open again
                    queue_answer(waiting)
        event.handled_at = timezone.now()
        event.save(update_fields=["handled_at"])
    return outbound


def answers_waiting(conversation):
    """Ids of the conversation's answered questions whose answer never reached the farmer (the window had
    closed and no phone was known, or they had said stop)."""
    return list(conversation.questions.filter(question__answered_at__isnull=False,
                                              question__answer_sent_at__isnull=True)
                .values_list("question_id", flat=True))


def queue_answer(question_id):
    """An officer's answer to a chat question, queued for its conversation (the window decides how it goes)."""
    link = ChatQuestion.objects.select_related("question", "conversation").filter(question_id=question_id).first()
    if link is None or not link.question.answer_to_send:
        return None
    with transaction.atomic():
        if Outbound.objects.filter(question=link.question, human=True, sent_at__isnull=True).exists():
            return None  # already on its way (the officer saved twice)
        offer_vote(link.conversation, voting.token("q", link.question_id))  # a typed CO/CHUA counts for it
        link.conversation.save(update_fields=["state"])
        return queue(link.conversation, [formats.officer_answer(link.question)], question=link.question, human=True)
