from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("Kho hướng dẫn kỹ thuật")

    def ready(self):
        from django.db.models.signals import post_migrate

        from kb import fulltext

        post_migrate.connect(fulltext.ensure, sender=self, dispatch_uid="kb-fulltext")
