"""The embedded on-disk broker (`filesystem://`), keeping the order messages were queued in.

kombu's filesystem transport names each message file by the millisecond and a random UUID and delivers
files in name order, so two messages queued within one millisecond (an index task and the removal that
follows it, a batch of guides) come out in random order. Here a name starts with the wall-clock time in
nanoseconds and this process's sequence number: files sort in the order they were written."""
import itertools
import os
import time
import uuid

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

_sequence = itertools.count()


def message_name(queue):
    """A file name that sorts after every name this process made before (and, by the clock, other processes')."""
    return f"{time.time_ns():020d}{next(_sequence) % 1_000_000:06d}_{uuid.uuid4()}.{queue}.msg"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        filename = os.path.join(self.data_folder_out, message_name(queue))
        try:
            with open(filename, "wb", buffering=0) as f:
                filesystem.lock(f, filesystem.LOCK_EX)
                try:
                    f.write(str_to_bytes(dumps(payload)))
                finally:
                    filesystem.unlock(f)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {filename!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
