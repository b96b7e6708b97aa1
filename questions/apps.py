from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Hỏi cán bộ khuyến nông")

    def ready(self):
        # iPhones send HEIC: let Pillow open it (pillow-heif) so it is checked and re-encoded like a JPEG.
        from pillow_heif import register_heif_opener

        register_heif_opener()
