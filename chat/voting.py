"""A tap on "Có, giúp được" / "Chưa giúp được" under an answer in a chat, counted by feedback/ like a tap on
the site: once a conversation, item and day, and never with who tapped (the conversation is only digested).

A message's vote buttons carry a token for what the message carried, so a tap on an older message counts for
its own item: g<page id> a guide, a<page id> a published answer, c<page id> an alert, q<question id> an
officer's answer sent back in the chat. Typed "CO" / "CHUA" (SMS) count for the last item the conversation
was sent (`State.vote`).
"""
import re

from feedback.models import Kind
from feedback.votes import Item, cast, comment, visible_item
from questions.models import FarmerQuestion
from search.types import KIND_ALERT, KIND_ANSWER, KIND_GUIDE

TOKEN = re.compile(r"([gacq])(\d{1,12})")
LETTERS = {"g": Kind.GUIDE, "a": Kind.ANSWER, "c": Kind.ALERT, "q": Kind.CHAT_ANSWER}
HIT_LETTERS = {KIND_GUIDE: "g", KIND_ANSWER: "a", KIND_ALERT: "c"}


def token(letter, item_id):
    return f"{letter}{item_id}"


def hit_token(page_id, kind):
    """The token of a search hit ([page id, search kind])."""
    return token(HIT_LETTERS.get(kind, "g"), page_id)


def item_of(text):
    """The Item a token names, or None when `text` is not one."""
    found = TOKEN.fullmatch(text.strip().lower())
    return Item(LETTERS[found.group(1)], int(found.group(2))) if found else None


def votable(conversation, item):
    """Only what the farmer may still see takes a vote: a visible page, or an answer sent to this conversation."""
    if item.kind == Kind.CHAT_ANSWER:
        return FarmerQuestion.objects.filter(pk=item.item_id, chat__conversation=conversation,
                                             answered_at__isnull=False).exists()
    return visible_item(item.kind, item.item_id) is not None


def _visitors(conversation):
    return [f"chat:{conversation.channel}:{conversation.pk}"]


def vote(conversation, item, helped):
    """Count the tap; True when counted, False when this conversation already voted on it today."""
    return cast(item, helped, _visitors(conversation), channel=conversation.channel, commune=conversation.commune)


def add_line(conversation, item, text):
    """Keep the line written after "Chưa" (checked and masked by feedback); False when it is not kept."""
    return comment(item, text, _visitors(conversation), channel=conversation.channel, commune=conversation.commune)
