"""The broker's part of /healthz (core.health): reachable, and how many messages wait in each queue."""
from tasks.celery import app


def queues():
    """Every queue a worker must consume: Celery's default and each one a route names."""
    routes = app.conf.task_routes or {}
    return sorted({app.conf.task_default_queue, *(route["queue"] for route in routes.values() if "queue" in route)})


def broker(timeout):
    depth = {}
    with app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, timeout=timeout)
        channel = connection.default_channel
        for queue in queues():
            try:
                depth[queue] = channel.queue_declare(queue=queue, passive=True).message_count
            except Exception:  # a queue nobody has sent to yet does not exist: nothing waits in it
                depth[queue] = 0
    return {"queues": depth}
