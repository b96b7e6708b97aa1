"""The Celery application: configured from Django settings (CELERY_*), tasks registered by the tasks app."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kb")
app.config_from_object("django.conf:settings", namespace="CELERY")
