"""The platforms' webhooks (registered in each platform's console; README "Chat channels")."""
from django.urls import path

from chat import webhooks

urlpatterns = [
    path("webhooks/zalo/", webhooks.zalo_webhook, name="webhook-zalo"),
    path("webhooks/messenger/", webhooks.messenger_webhook, name="webhook-messenger"),
    path("webhooks/sms/", webhooks.sms_webhook, name="webhook-sms"),
]
