"""Farmers' photos kept before their storage set file modes were readable by every user of the machine
(0644 under 0755): make the existing ones 0600 under 0700, as new ones are stored."""
import os
from pathlib import Path

from django.conf import settings
from django.db import migrations

from questions.models import PHOTO_FILE_MODE, PHOTO_FOLDER_MODE


def tighten(apps, schema_editor):
    root = Path(settings.QUESTION_PHOTO_ROOT)
    if not root.is_dir():
        return
    os.chmod(root, PHOTO_FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(Path(folder) / name, PHOTO_FOLDER_MODE)
        for name in files:
            os.chmod(Path(folder) / name, PHOTO_FILE_MODE)


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_unpublish_without_consent")]
    operations = [migrations.RunPython(tighten, migrations.RunPython.noop)]
