"""What the questions app announces; `tasks` connects each signal to the task that acts on it.

`answer_ready` (sender FarmerQuestion, question=…): an officer's answer waits to reach the farmer. A question
from the web form is told by SMS (`questions.notify.send_answer`); one from a chat goes back through that
chat (the chat app's sending, with its windows and fallbacks), which questions knows nothing of.
"""
from django.dispatch import Signal

answer_ready = Signal()
