"""Each channel's sending rate (`ALERT_RATES`, messages a second), shared by every worker.

A fixed one-second window per channel, counted in Django's cache: with `CACHE_URL` on Redis all workers and
machines count together; the embedded file cache counts for the one machine. A sender takes a slot before
each message and, when the second is full, waits for the next one. Platforms meter by the second too (Zalo
and Meta answer a burst with errors), so a smooth rate costs nothing and keeps every message accepted.
"""
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_TTL = 5


def take(channel, now=time.time, sleep=time.sleep):
    """Wait until the channel may send one more message this second."""
    rate = settings.ALERT_RATES.get(channel)
    if not rate:
        return
    while True:
        second = int(now())
        key = f"alerts:rate:{channel}:{second}"
        try:
            used = cache.incr(key)  # one round trip once the second's counter exists
        except ValueError:
            used = 1 if cache.add(key, 1, WINDOW_TTL) else None  # the second's first message, unless another
            if used is None:  # worker's came first: count on its counter
                continue
        if used <= rate:
            return
        sleep(max(0.0, second + 1 - now()))
