from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Cảnh báo")

    def ready(self):
        # The chat's commands are registered by importing their module: "DK LUA PHONG DIEN" subscribes.
        from alerts import commands  # noqa: F401
