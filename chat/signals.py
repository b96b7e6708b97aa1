"""What the chat app announces; `tasks` (tasks/chat.py) connects each to the task that does the work.

- `event_received` (sender InboundEvent, event_id=…): a verified event was stored; answer it.
- `replies_queued` (sender Outbound, outbound_id=…): replies wait to be sent.
"""
from django.dispatch import Signal

event_received = Signal()
replies_queued = Signal()
