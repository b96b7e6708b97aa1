"""Chats: a stored webhook event is answered by the worker, replies are sent (resuming where a failure
stopped), an officer's answer to a chat question goes back to its chat, and old chat data is erased (beat)."""
import httpx

from chat import handling, retention, sending
from chat.models import InboundEvent, Outbound
from chat.signals import event_received, replies_queued
from questions.models import Channel, FarmerQuestion
from questions.signals import answer_ready
from tasks.celery import task
from tasks.queue import enqueue_on_commit, receive

PLATFORM_DOWN = (httpx.TransportError, OSError)  # timeouts, refused connections, an SMS gateway down


@task()
def answer_event(event_id):
    handling.handle(event_id)


@task(retry_for=PLATFORM_DOWN)
def send_replies(outbound_id):
    sending.deliver(outbound_id)


@task()
def queue_chat_answer(question_id):
    handling.queue_answer(question_id)


@task()
def purge_chats():
    return retention.purge()


def event_was_received(sender, event_id, **kwargs):
    enqueue_on_commit(answer_event, event_id)


def replies_were_queued(sender, outbound_id, **kwargs):
    enqueue_on_commit(send_replies, outbound_id)


def chat_answer_ready(sender, question, **kwargs):
    if question.channel != Channel.WEB:
        enqueue_on_commit(queue_chat_answer, question.pk)


def connect():
    receive(event_received, event_was_received, sender=InboundEvent)
    receive(replies_queued, replies_were_queued, sender=Outbound)
    receive(answer_ready, chat_answer_ready, sender=FarmerQuestion)
