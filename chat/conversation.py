"""One place that decides what to say: a farmer's message in, replies out (and questions made on the way).

A message is, in this order: a command (a button's payload or a word the farmer types: `HUY`, `XEM THEM`,
`PHIEU`, `HOI CAN BO`, `CO`/`KHONG` after the consent question, on SMS the numbers 1–3 after results; other
apps add theirs with `command`), a phone number to be told by SMS, the details awaited for a question just
made, or a question for the search service. What was found comes back at once; nothing found becomes a
question for the officers, routed by the commune the farmer names (or named before) and the commodity.

    @command("DK", rest=True)        # alerts: "DK LUA PHONG DIEN" subscribes; `rest` is "LUA PHONG DIEN"
    def subscribe(conversation, incoming, rest): ... return [Reply(...)]

`State` is what the conversation remembers between messages (stored as JSON on the Conversation). Every
answer carries "Có giúp được không?" buttons (chat.voting); `CO`/`KHONG` are the consent answers while consent
is awaited and a vote otherwise, `CHUA` is always a vote, and after a counted "Chưa" the next message is kept
as the farmer's line (masked, never published) and searched like any other.
"""
import re
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from chat import formats, voting
from chat.messages import Kind, Reply
from chat.models import ChatQuestion, Conversation
from chat.photos import fetch_photo
from chat.signals import conversation_stopped
from kb.models import Commodity, GuidePage
from kb.places import find_commune, key
from kb.share import sms_text
from questions.models import TEXT_MAX, FarmerQuestion
from questions.phones import normalise_phone
from search.service import search
from search.types import KIND_GUIDE, SearchParams

RESULTS = 3  # the best two or three: a phone screen, or two SMS parts
DETAILS_WINDOW = timedelta(minutes=30)  # what a farmer writes this soon after asking still belongs to the question
PHONE_ONLY = re.compile(r"[\d\s.+()\-]{9,20}")

COMMANDS = {}  # folded keyword → (handler, takes the rest of the message)


def command(*keywords, rest=False):
    """Register a command: `handler(conversation, incoming, rest) -> [Reply]`. Keywords match the whole
    message (or, with `rest=True`, its first word), case and diacritics ignored."""
    def register(handler):
        for keyword in keywords:
            COMMANDS[key(keyword)] = (handler, rest)
        return handler
    return register


@dataclass
class State:
    query: str = ""
    page: int = 0  # results page shown
    hits: list = field(default_factory=list)  # [[page id, kind]] of the results shown last
    awaiting: str = ""  # "consent", "details" (of `question`), "question" (the next message is one), "line"
    question: int | None = None
    vote: str = ""  # the chat.voting token of what the last answer carried (typed CO/CHUA count for it)

    @classmethod
    def of(cls, conversation):
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (conversation.state or {}).items() if k in known})

    def save(self, conversation):
        conversation.state = asdict(self)


def respond(conversation, incoming, photos=(), found=None):
    """The replies to `incoming` (already parsed), with its photos already fetched and checked
    (`prepare_photos`) and the search it asks already answered (`presearch`, or None: asked here); updates
    the conversation (not saved)."""
    now = timezone.now()
    state = State.of(conversation)
    if incoming.kind not in (Kind.OFFICER, Kind.IGNORED, Kind.UNFOLLOW):
        conversation.last_inbound_at = now
    if incoming.kind == Kind.FOLLOW:
        conversation.stopped_at = None
        return [formats.WELCOME]
    if incoming.kind == Kind.UNFOLLOW:
        _stopped(conversation, now)
        return []
    if incoming.kind == Kind.INFO:
        try:
            return _phone(conversation, incoming.phone)
        except ValidationError:
            return []
    if incoming.kind == Kind.OFFICER:
        record_officer_reply(conversation, incoming.text)
        return []
    if incoming.kind == Kind.IMAGE:
        return _photo(conversation, state, incoming, photos)
    if incoming.kind != Kind.TEXT:
        return []
    route, handler, rest = _route(incoming, state)
    if route == "empty":
        return [formats.EMPTY]
    conversation.stopped_at = None  # writing again is starting again; HUY (below) stops once more
    if route == "command":
        return handler(conversation, incoming, rest)
    if route == "phone":
        return _phone(conversation, incoming.text)
    if route == "details":
        return _details(conversation, state, incoming.text)
    kept = _vote_line(conversation, state, incoming.text)
    commune = find_commune(incoming.text)
    if commune:
        conversation.commune = commune
    return kept + _search(conversation, state, incoming.text, found=found)


def _route(incoming, state):
    """What a text message is: ("empty" | "command" | "phone" | "details" | "search", handler, rest)."""
    words = key(incoming.payload or incoming.text)
    if not words:
        return "empty", None, ""
    handler, rest = _command(words, state)
    if handler:
        return "command", handler, rest
    if PHONE_ONLY.fullmatch(incoming.text.strip()):
        try:
            normalise_phone(incoming.text)
            return "phone", None, ""
        except ValidationError:
            pass
    if state.awaiting in ("details", "question"):
        return "details", None, ""
    return "search", None, ""


def _ask_engine(text, page=1):
    return search(SearchParams(q=text, page=page, page_size=RESULTS, locale="vi", facets=False), source="chat")


def presearch(conversation, incoming):
    """The search `incoming` will ask, answered before the caller takes its locks (a search can take a
    tenth of a second; the webhook must never wait for it), or None when the message is not a search."""
    if incoming.kind != Kind.TEXT or incoming.standby:
        return None
    if _route(incoming, State.of(conversation))[0] != "search":
        return None
    return _ask_engine(incoming.text)


def _command(words, state):
    if state.hits and words in formats.NUMBERED:
        words = key(formats.NUMBERED[words])
    found = COMMANDS.get(words)
    if found:
        return found[0], ""
    first, _space, rest = words.partition(" ")
    found = COMMANDS.get(first)
    if found and found[1]:
        return found[0], rest
    return None, ""


def _search(conversation, state, text, page=1, found=None):
    fits = found is not None and page == 1 and found.params.q == text
    answer = found if fits else _ask_engine(text, page)
    hits = answer.result.hits
    if not hits:
        if page > 1:
            return [formats.NOTHING_MORE]
        return _ask(conversation, state, text)
    state.query, state.page, state.awaiting = text, page, ""
    state.hits = [[hit.page_id, hit.kind] for hit in hits]
    state.save(conversation)
    more = answer.result.total > page * RESULTS
    sheet = any(kind == KIND_GUIDE for _id, kind in state.hits)
    state.vote = voting.hit_token(*state.hits[0])  # the vote is for the best result, the one read first
    state.save(conversation)
    found = formats.results(hits, numbered_from=(page - 1) * RESULTS + 1, more=more, sheet=sheet)
    return [formats.with_vote(found, state.vote)]


def _stopped(conversation, now):
    """One step stops everything: the conversation here, and what other apps send it (`conversation_stopped`)."""
    conversation.stopped_at = now
    conversation_stopped.send(sender=Conversation, conversation=conversation)


@command(formats.STOP, "STOP", "DUNG", "NGUNG")
def stop(conversation, incoming, rest):
    _stopped(conversation, timezone.now())
    State().save(conversation)
    return [formats.STOPPED]  # sent at once: the farmer asked, so one last message is welcome


@command(formats.MORE, "THEM", "MORE")
def more(conversation, incoming, rest):
    state = State.of(conversation)
    if not state.query:
        return [formats.ASK_WHAT]
    return _search(conversation, state, state.query, page=state.page + 1)


@command(formats.SHEET, "PHIEU KY THUAT", rest=True)
def sheet(conversation, incoming, rest):
    """The field sheet of the first guide shown (or the n-th: "PHIEU 2"): the PDF in a chat app, its SMS
    text (doses, pre-harvest interval, short address) by SMS."""
    state = State.of(conversation)
    guides = [page_id for page_id, kind in state.hits if kind == KIND_GUIDE]
    index = int(rest) - 1 if rest.isdigit() and 0 < int(rest) <= len(guides) else 0
    page = GuidePage.objects.visible().filter(pk=guides[index]).first() if guides else None
    if page is None:
        return [formats.NO_SHEET]
    token = voting.token("g", page.pk)
    offer_vote(conversation, token)
    if conversation.channel == "sms":
        text = sms_text(page)  # already three parts long: CO/CHUA stay those of the results
        return [Reply(text, sms=text)]
    return [Reply(f"Phiếu kỹ thuật: {page.title}", sheet=page.pk, buttons=formats.vote_buttons(token))]


@command(formats.ASK, "HOI", "HOI CAN BO KHUYEN NONG")
def ask(conversation, incoming, rest):
    state = State.of(conversation)
    if not state.query:
        state.awaiting = "question"
        state.save(conversation)
        return [formats.ASK_WHAT]
    return _ask(conversation, state, state.query)


@command(formats.YES, "DONG Y", "YES", rest=True)
def yes(conversation, incoming, rest):
    """Consent while it is asked; otherwise "Có, giúp được"."""
    if State.of(conversation).awaiting == "consent" and not rest:
        return _consent(conversation, True)
    return _vote(conversation, incoming, rest, helped=True)


@command(formats.NO, "KHONG DONG Y", "NO", rest=True)
def no(conversation, incoming, rest):
    """Consent refused while it is asked; otherwise "Chưa giúp được"."""
    if State.of(conversation).awaiting == "consent" and not rest:
        return _consent(conversation, False)
    return _vote(conversation, incoming, rest, helped=False)


@command(formats.NOT_YET, "CHUA GIUP DUOC", rest=True)
def not_yet(conversation, incoming, rest):
    return _vote(conversation, incoming, rest, helped=False)


def offer_vote(conversation, token):
    """What a typed CO/CHUA counts for from now on (an answer sent outside `respond` sets it too)."""
    state = State.of(conversation)
    state.vote = token
    state.save(conversation)


def _vote(conversation, incoming, rest, helped):
    """A vote for the item its button carried (or, typed, the last one sent). A message that only begins with
    the word ("chưa biết trị sao") is not a vote: it is searched."""
    state = State.of(conversation)
    token = (rest or state.vote).strip().lower()
    item = voting.item_of(token)
    if rest and item is None:
        return _search(conversation, state, incoming.text)
    if item is None:
        return [formats.EMPTY]
    if not voting.votable(conversation, item):
        return [formats.VOTE_GONE]
    if not voting.vote(conversation, item, helped):
        return [formats.VOTE_REPEATED]
    if helped:
        return [formats.VOTE_THANKS]
    state.awaiting, state.vote = "line", token
    state.save(conversation)
    return [formats.VOTE_ASK_LINE]


def _vote_line(conversation, state, text):
    """After a counted "Chưa", the next message is also the farmer's line: kept when it fits one line."""
    if state.awaiting != "line":
        return []
    state.awaiting = ""
    state.save(conversation)
    item = voting.item_of(state.vote)
    try:
        kept = item is not None and voting.add_line(conversation, item, text)
    except ValidationError:  # longer than a line: it is a question, searched below
        kept = False
    return [formats.VOTE_LINE_KEPT] if kept else []


def _consent(conversation, given):
    state = State.of(conversation)
    if state.awaiting != "consent" or not state.question:
        return [formats.EMPTY]
    FarmerQuestion.objects.filter(pk=state.question).update(consent=given)
    state.awaiting = "details"  # what the farmer writes next still belongs to the question
    state.save(conversation)
    return [formats.CONSENT_THANKS if given else formats.CONSENT_REFUSED]


def find_commodities(text):
    """The commodities `text` names (their names or other names, whole words), the longest names matched
    first and each stretch of words read once ("cá rô phi" is not also "cá rô")."""
    folded = f" {key(text)} "
    names = sorted(((key(name), commodity) for commodity in Commodity.objects.all()
                    for name in [commodity.name, *commodity.alternative_names] if key(name)),
                   key=lambda pair: len(pair[0]), reverse=True)
    found = []
    for name, commodity in names:
        if f" {name} " in folded:
            folded = folded.replace(f" {name} ", " | ", 1)
            if commodity not in found:
                found.append(commodity)
    return found


def find_commodity(text):
    """The commodity `text` names, the longest name first (see `find_commodities`)."""
    return next(iter(find_commodities(text)), None)


def new_question(conversation, text, photo=None):
    """A question in the officers' inbox, marked with its channel, placed by commune, routed by commodity."""
    question = FarmerQuestion(text=text[:TEXT_MAX], channel=conversation.channel, commune=conversation.commune,
                              phone=conversation.phone, commodity=find_commodity(text),
                              source_query=text[:200])
    if photo is not None:
        question.photo.save("photo.jpg", photo, save=False)
    question.save()
    ChatQuestion.objects.create(question=question, conversation=conversation)
    return question


def _ask(conversation, state, text, photo=None):
    question = new_question(conversation, text, photo)
    state.awaiting, state.question, state.hits = "consent", question.pk, []
    state.save(conversation)
    return [formats.question_received(question, bool(conversation.phone)), formats.consent_request()]


def _open_question(conversation, state):
    if not state.question:
        return None
    return FarmerQuestion.objects.filter(pk=state.question, chat__conversation=conversation,
                                         status__in=FarmerQuestion.OPEN).first()


def _details(conversation, state, text):
    if state.awaiting == "question":
        return _ask(conversation, state, text)
    question = _open_question(conversation, state)
    if question is None or timezone.now() - question.created_at > DETAILS_WINDOW:
        state.awaiting = ""  # a new question, later on, is searched like any other
        return _search(conversation, state, text)
    question.text = f"{question.text}\n{text}"[:TEXT_MAX]
    question.commodity = question.commodity or find_commodity(text)
    question.save()
    return [formats.details_added(question)]


def prepare_photos(incoming):
    """Fetch and check the photos of an image message before any transaction: [ContentFile or ValidationError]."""
    found = []
    for url in incoming.image_urls[:1]:  # one photo per question, as on the web form
        try:
            found.append(fetch_photo(url))
        except ValidationError as exc:
            found.append(exc)
    return found


def _photo(conversation, state, incoming, photos):
    if not photos:
        return [formats.EMPTY]
    if isinstance(photos[0], ValidationError):
        return [formats.refused_photo(photos[0].messages[0])]
    question = _open_question(conversation, state)
    if question is not None and not question.photo:
        question.photo.save("photo.jpg", photos[0], save=True)
        return [formats.photo_added(question)]
    text = incoming.text or state.query or "(Ảnh gửi qua tin nhắn, chưa có mô tả)"
    replies = _ask(conversation, state, text, photo=photos[0])
    return [formats.photo_question(FarmerQuestion.objects.get(pk=state.question)), *replies[1:]]


def _phone(conversation, typed):
    phone = normalise_phone(typed)  # ValidationError for something that is not a phone number
    if not phone:
        return []
    conversation.phone = phone
    FarmerQuestion.objects.filter(chat__conversation=conversation, phone="",
                                  status__in=FarmerQuestion.OPEN).update(phone=phone)
    return [formats.PHONE_SAVED]


def record_officer_reply(conversation, text):
    """An officer answered in the platform's own inbox: the answer is recorded on the farmer's latest open
    question (or the latest one) and counted as sent, so no one is asked to answer twice."""
    question = _latest_question(conversation)
    if question is None or not text:
        return None
    question.answer = f'{question.answer}<p>{"<br>".join(escape(text).splitlines())}</p>'
    question.answer_sent_at = question.answer_sent_at or timezone.now()
    question.save()
    return question


def _latest_question(conversation):
    questions = FarmerQuestion.objects.filter(chat__conversation=conversation).order_by("-created_at")
    return questions.filter(status__in=FarmerQuestion.OPEN).first() or questions.first()
