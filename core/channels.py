"""Where a farmer reached us: the site, or a chat channel. A question's answer goes back the same way
(questions), and a vote is counted by it (feedback)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Trang web")
    ZALO = "zalo", _("Zalo")
    MESSENGER = "messenger", _("Messenger")
    SMS = "sms", _("SMS")
