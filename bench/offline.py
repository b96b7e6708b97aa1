"""What the service worker costs and saves: bytes on the wire for a first visit and for repeat visits, with
the service worker and without it (blocked), on the home, search results and guide pages; then whether the
guide opens with the phone offline.

Bytes are counted by a small proxy between chromium and the site (status line, headers and body as sent,
compressed), so every request counts, the page's and the service worker's own (its script, the files it
keeps); whatever a cache answers costs nothing. Chromium at 360x640 through Playwright; a fresh browser
profile for each column. Without --base-url the site is bench/mobile.py's production-like one (DEBUG off,
hashed static files with a year's cache, gzip/brotli, the demo content).

    .venv/bin/python bench/offline.py [--base-url http://127.0.0.1:8000] [--query "nuoi heo"]

BENCH_TRACE=1 also prints every request with its bytes, under the step it belongs to.
"""
import argparse
import http.client
import http.server
import os
import threading
import urllib.parse
from contextlib import contextmanager, nullcontext

from mobile import CHROMIUM_ARGS, own_site, pages

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


@contextmanager
def counting_proxy(upstream):
    """A local proxy to `upstream` that adds the bytes of every response it relays to `counter[0]`."""
    target = urllib.parse.urlsplit(upstream)
    counter = [0]

    class Relay(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            headers["Host"] = target.netloc
            connection.request(self.command, self.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP | {"content-length"}]
            self.send_response_only(response.status, response.reason)
            for key, value in kept:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + sum(
                len(f"{k}: {v}\r\n") for k, v in kept) + len(f"Content-Length: {len(body)}\r\n\r\n")
            counter[0] += head + len(body)
            if os.environ.get("BENCH_TRACE"):
                print(f"  {self.path} {head + len(body)}", flush=True)
            connection.close()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", counter
    finally:
        server.shutdown()


def settle(page, worker):
    """Wait until the page and, with a worker, whatever it keeps in the background are done."""
    page.wait_for_load_state("load")
    if worker:
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_timeout(1500)


def walk(browser, base, urls, counter, worker):
    """One phone: visit, in order, each (label, url); bytes on the wire for each; then the guide offline."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  service_workers="allow" if worker else "block")
    page = context.new_page()
    figures = {}
    for label, url in urls:
        before = counter[0]
        page.goto(url)
        settle(page, worker)
        figures[label] = counter[0] - before
        if os.environ.get("BENCH_TRACE"):
            print(f"^ {label} worker={worker}", flush=True)
    context.set_offline(True)
    try:
        page.goto(urls[-1][1], timeout=10_000)
        figures["offline"] = page.locator("article.guide h1").count() == 1
    except Exception:  # the browser's own error page: navigation fails
        figures["offline"] = False
    context.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure a running site instead of starting one")
    parser.add_argument("--query", default="nuoi heo")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = nullcontext(args.base_url.rstrip("/")) if args.base_url else own_site()
    with site as upstream, counting_proxy(upstream) as (base, counter), sync_playwright() as playwright:
        targets = {name: url.replace(upstream, base) for name, url in pages(upstream, args.query).items()}
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        walks = [  # a phone arriving on the home page, and one arriving straight on a guide
            [("first visit: home", targets["home"]), ("repeat: search results", targets["search"]),
             ("first open: guide", targets["guide"]), ("repeat: guide", targets["guide"]),
             ("repeat: search results again", targets["search"])],
            [("first visit: guide", targets["guide"])],
        ]
        rows = {}
        for worker in (False, True):
            for urls in walks:
                for label, value in walk(browser, base, urls, counter, worker).items():
                    rows.setdefault(label, {})[worker] = value
        browser.close()
    print("bytes on the wire (headers + compressed bodies), chromium 360x640, fresh profile per column")
    print(f"{'':30} {'no worker':>10} {'worker':>10} {'difference':>11}")
    for label, values in rows.items():
        if label == "offline":
            continue
        without, with_ = values[False], values[True]
        print(f"{label:30} {without / 1024:9.1f}K {with_ / 1024:9.1f}K {(with_ - without) / 1024:+10.1f}K")
    print(f"guide reopened offline: without worker {'yes' if rows['offline'][False] else 'no'}, "
          f"with worker {'yes' if rows['offline'][True] else 'no'}")


if __name__ == "__main__":
    main()
