"""Farmers' questions: officers emailed about a new question, the farmer texted when it is received and
answered, reminders after 48 hours, phone numbers erased 90 days after closing (the last two on beat)."""
from django.db.models.signals import post_save

from questions import notify
from questions.models import Channel, FarmerQuestion
from questions.signals import answer_ready
from tasks.celery import task
from tasks.queue import enqueue_on_commit, receive

MAIL_OR_GATEWAY_DOWN = (OSError,)  # SMTP and HTTP gateway failures: retried with backoff


@task(retry_for=MAIL_OR_GATEWAY_DOWN)
def notify_new_question(question_id):
    notify.notify_new_question(question_id)


@task(retry_for=MAIL_OR_GATEWAY_DOWN)
def send_answer(question_id):
    notify.send_answer(question_id)


@task()
def remind_late_questions():
    return notify.remind_late()


@task()
def purge_phones():
    return notify.purge_phones()


def question_saved(sender, instance, created, **kwargs):
    if created:
        enqueue_on_commit(notify_new_question, instance.pk)


def web_answer_ready(sender, question, **kwargs):
    """A question from the web form is told by SMS; chat questions go back through their chat (tasks/chat.py)."""
    if question.channel == Channel.WEB:
        enqueue_on_commit(send_answer, question.pk)


def connect():
    receive(post_save, question_saved, sender=FarmerQuestion)
    receive(answer_ready, web_answer_ready, sender=FarmerQuestion)
