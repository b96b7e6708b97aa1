"""What the chat app announces; `tasks` (tasks/chat.py) connects each to the task that does the work.

- `event_received` (sender InboundEvent, event_id=…): a verified event was stored; answer it.
- `replies_queued` (sender Outbound, outbound_id=…): replies wait to be sent.
- `conversation_stopped` (sender Conversation, conversation=…): the farmer said stop ("HUY") or unfollowed;
  sent inside the transaction that records it, so what else they receive (alerts) stops with it.
"""
from django.dispatch import Signal

event_received = Signal()
replies_queued = Signal()
conversation_stopped = Signal()
