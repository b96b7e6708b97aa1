from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "Tasks"

    def ready(self):
        # Importing the task modules registers their tasks; each connect() wires its signals to them.
        from tasks import alerts, analytics, chat, feedback, indexing, printing, questions, scheduling, signals  # noqa: F401

        signals.connect()
        chat.connect()
        analytics.connect()
        printing.connect()
        questions.connect()
        alerts.connect()
