"""Farmers' questions: officers emailed about a new question, the farmer texted when it is received and
answered, reminders after 48 hours, phone numbers erased 90 days after closing (the last two on beat)."""
from celery import shared_task
from django.db import transaction
from django.db.models.signals import post_save

from questions import notify
from questions.models import FarmerQuestion

MAILING = {"acks_late": True, "ignore_result": True, "autoretry_for": (OSError,), "retry_backoff": 5,
           "retry_backoff_max": 600, "max_retries": 10}


@shared_task(**MAILING)
def notify_new_question(question_id):
    notify.notify_new_question(question_id)


@shared_task(**MAILING)
def send_answer(question_id):
    notify.send_answer(question_id)


@shared_task(acks_late=True, ignore_result=True)
def remind_late_questions():
    return notify.remind_late()


@shared_task(acks_late=True, ignore_result=True)
def purge_phones():
    return notify.purge_phones()


def question_saved(sender, instance, created, **kwargs):
    # robust: a broker that is down is logged and never turns the farmer's sent question into an error
    if created:
        transaction.on_commit(lambda: notify_new_question.delay(instance.pk), robust=True)
    elif instance.answer_to_send:
        transaction.on_commit(lambda: send_answer.delay(instance.pk), robust=True)


def connect():
    post_save.connect(question_saved, sender=FarmerQuestion, dispatch_uid="tasks.questions.question_saved")
