"""Print packs built by the worker: a new pack is queued once its row is committed, expired ones are removed."""
from celery import shared_task
from django.db import transaction
from django.db.models.signals import post_save

from fieldsheets.models import PrintPack
from fieldsheets.packs import build_pack, remove_expired


@shared_task(acks_late=True, ignore_result=True)
def build_print_pack(pack_id):
    build_pack(pack_id)


@shared_task(acks_late=True, ignore_result=True)
def remove_expired_packs():
    return remove_expired()


def queue_print_pack(sender, instance, created, **kwargs):
    if created:
        # robust: a broker that is down is logged, and never turns the officer's saved request into an error
        transaction.on_commit(lambda: build_print_pack.delay(instance.pk), robust=True)


def connect():
    post_save.connect(queue_print_pack, sender=PrintPack, dispatch_uid="tasks.printing.queue_print_pack")
