"""Print packs built by the worker: a new pack is queued once its row is committed, expired ones are removed."""
from django.db.models.signals import post_save

from fieldsheets.models import PrintPack
from fieldsheets.packs import build_pack, remove_expired
from tasks.celery import task
from tasks.queue import enqueue_on_commit, receive


@task()
def build_print_pack(pack_id):
    build_pack(pack_id)


@task()
def remove_expired_packs():
    return remove_expired()


def queue_print_pack(sender, instance, created, **kwargs):
    if created:
        enqueue_on_commit(build_print_pack, instance.pk)


def connect():
    receive(post_save, queue_print_pack, sender=PrintPack)
