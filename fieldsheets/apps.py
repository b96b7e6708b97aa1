from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldsheetsConfig(AppConfig):
    name = "fieldsheets"
    verbose_name = _("Phiếu kỹ thuật và gói in")
