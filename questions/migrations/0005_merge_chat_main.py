"""Joins the chat branch's questions migration (channel and commune) with main's (consent, photo modes); it
changes nothing. Drop it if the chat branch brings its own merge."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0003_channel_and_commune"),
        ("questions", "0004_private_photo_modes"),
    ]
    operations = []
