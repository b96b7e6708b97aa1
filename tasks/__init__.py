"""Celery tasks, and the wiring from Wagtail's and Django's signals to them."""
