from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "Tasks"

    def ready(self):
        # Importing the task modules registers their tasks; each connect() wires its signals to them.
        from tasks import (  # noqa: F401
            alerts,
            analytics,
            chat,
            feedback,
            indexing,
            printing,
            questions,
            reports,
            scheduling,
            signals,
        )

        signals.connect()
        chat.connect()
        analytics.connect()
        printing.connect()
        questions.connect()
        alerts.connect()
