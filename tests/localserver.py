"""The one way the test suite and the benchmarks serve a stand-in for an outside platform; no Django here,
so a benchmark may import it before setting Django up."""
import threading
from http.server import ThreadingHTTPServer


class LocalServer:
    """A local HTTP server on a free port, served from a thread while its `with` block runs; a stand-in
    (tests/platforms.py, tests/pushservice.py) gives its request handler class by `_handler()`."""

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
