"""The embedded on-disk broker delivers messages in the order they were queued."""
import os
import subprocess
import sys

from kombu import Connection

from tasks.broker import Transport


def test_the_on_disk_broker_delivers_in_the_order_queued(tmp_path):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport=Transport, transport_options=options) as connection:
        queue = connection.SimpleQueue("order")
        for n in range(300):  # many within one millisecond
            queue.put(n)
        received = []
        for _ in range(300):
            message = queue.get(timeout=5)
            received.append(message.payload)
            message.ack()
        queue.close()
    assert received == list(range(300))


def test_the_embedded_celery_configuration_uses_it(tmp_path):
    env = {**os.environ, "CELERY_BROKER_URL": "filesystem://", "DJANGO_SETTINGS_MODULE": "config.settings",
           "VAR_DIR": str(tmp_path)}
    code = ("import django; django.setup(); from tasks.celery import app; "
            "print(type(app.connection_for_write().transport).__module__)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "tasks.broker"
