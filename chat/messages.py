"""The project's own message types: every adapter parses its platform's event into an `Incoming` and sends a
`Reply`, so the conversation never sees a platform's shapes.

A `Reply` carries what every channel can show (text), what chat apps add (buttons: Zalo's query buttons,
Messenger's quick replies) and what a phone without a chat app gets instead (`sms`: plain ASCII; numbered
choices stand in for buttons). `sheet` names a guide whose field sheet PDF goes with the reply where the
channel can carry a file. Replies are stored (`chat.models.Outbound`) as `as_dict()` until sent.
"""
from dataclasses import asdict, dataclass, field
from datetime import datetime


class Kind:
    TEXT = "text"  # a message (a button tap arrives as one too, with its payload)
    IMAGE = "image"  # a photo, with or without a caption
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    INFO = "info"  # the farmer shared their details (Zalo's user_submit_info): a phone number
    OFFICER = "officer"  # an officer typed in the platform's own inbox (Zalo admin_id, a Page echo)
    IGNORED = "ignored"  # read receipts, our own echoes, events we do not act on


@dataclass
class Incoming:
    channel: str
    user_id: str  # the farmer on that channel (for an officer's message: the farmer it was sent to)
    kind: str
    text: str = ""
    payload: str = ""  # a button's or quick reply's payload
    image_urls: list = field(default_factory=list)
    phone: str = ""
    sent_at: datetime | None = None
    standby: bool = False  # Messenger: another app holds the thread; we listen and do not answer


@dataclass
class Button:
    title: str  # what the farmer sees (Messenger: at most 20 characters)
    payload: str  # what comes back when tapped: a command the conversation understands


@dataclass
class Reply:
    text: str
    buttons: list = field(default_factory=list)  # of Button
    sms: str = ""  # the ASCII text for SMS; empty: `text` folded
    sheet: int | None = None  # a guide's page id: its field sheet PDF goes with this reply (chat apps)

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(text=data["text"], buttons=[Button(**b) for b in data.get("buttons", [])],
                   sms=data.get("sms", ""), sheet=data.get("sheet"))


class WindowClosed(Exception):
    """The platform no longer lets us write to this farmer (outside its reply window, or they left)."""


class PlatformError(Exception):
    """The platform refused a call for another reason (its code and message are in the text)."""
