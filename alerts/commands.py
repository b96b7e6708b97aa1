"""The alerts' chat commands, registered with the chat's own command handling (`chat.conversation.command`).

"DK LUA PHONG DIEN" (or "DANG KY …") subscribes the conversation to rice alerts in Phong Điền: the
commodities and the commune are read from the words like any of the farmer's words (other and former names,
with or without diacritics). Without a commune, the one the farmer named before is used, or asked for; without
a commodity, every commodity. "DK" alone answers with quick replies for the commonest commodities.
"""
from django.db.models import Count

from alerts import formats
from alerts.subscriptions import subscribe_conversation
from chat.conversation import command, find_commodities
from kb.models import Commodity
from kb.places import find_commune

QUICK_COMMODITIES = 8


@command(formats.SUBSCRIBE, "DANG KY", "DANG KY CANH BAO", rest=True)
def subscribe(conversation, incoming, rest):
    if not rest:
        return [formats.choose_commodity(popular_commodities())]
    commodities = find_commodities(rest)
    commune = find_commune(rest) or conversation.commune
    if commune is None:
        return [formats.ask_commune(commodities)]
    conversation.commune = commune
    subscribe_conversation(conversation, commune, commodities)
    return [formats.subscribed(commune, commodities)]


def popular_commodities():
    """The commodities most guides are about: what most farmers here grow or raise."""
    return list(Commodity.objects.annotate(n=Count("guides")).order_by("-n", "name")[:QUICK_COMMODITIES])
