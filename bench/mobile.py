"""What a farmer's phone downloads and how soon it shows something: first contentful paint, bytes by type,
requests, render-blocking requests, other hosts, web fonts and load time under slow-3G, for the home, search
results and guide pages (targets: first contentful paint ≤ 2.5 s and under 14 KB on the wire for each
without its lazy images, so that one round trip shows the page; search page ≤ 30 KB excluding images; no
other host, no web font).

Debian's chromium (through Playwright) at 360×640, a cold cache for every page, Chrome DevTools' slow-3G
preset (2 s latency, 50 kB/s each way) set through CDP. Sizes are the encoded (compressed) bytes on the
wire, headers included. Without --base-url the script runs a production-like site of its own: DEBUG off,
collected static files with hashed names, the demo content, the bundled search engine.

    .venv/bin/python bench/mobile.py [--base-url http://127.0.0.1:8000 | --guides FILE.jsonl] [--query lua]
"""
import argparse
import json
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served_site import prepared, served  # noqa: E402  (beside this script)

SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
SEARCH_BUDGET = 30 * 1024
FCP_BUDGET_MS = 2500
# What a server sends in its first round trip: TCP's initial window of 10 segments (RFC 6928).
WEIGHT_BUDGET = 14 * 1024


@contextmanager
def own_site(guides=None):
    """A fresh production-like site (bench/served_site.py) holding the demo or the guides of an import file,
    served by gunicorn."""
    with prepared(guides=guides), served("gunicorn") as base:
        yield base


def measure(browser, url):
    """One cold load of `url` under slow-3G: bytes by resource type, requests, other hosts, fonts, time."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests, types, sizes = {}, {}, defaultdict(int)
    cdp.on("Network.requestWillBeSent", lambda e: requests.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.responseReceived", lambda e: types.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    load_ms = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(300)  # let the last loadingFinished events arrive
    checks = page.evaluate("""() => ({
        fcp_ms: Math.round((performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1),
        // requests the first paint waited for (Chromium's Resource Timing field)
        blocking: performance.getEntriesByType('resource').filter(e => e.renderBlockingStatus === 'blocking')
            .map(e => e.name),
        base_px: parseFloat(getComputedStyle(document.body).fontSize),
        small_targets: [...document.querySelectorAll('a, button, input, summary, select')].filter(e => {
            const r = e.getBoundingClientRect();  // off-screen (a skip link) and links inside text are exempt
            return r.width && r.height && r.right > 0 && r.bottom > 0 && r.height < 48 && !e.closest('p, dd, td')
        }).length,
        images: document.images.length,
        // a lazy image below the fold has no currentSrc until it loads: judge it by its src
        images_not_lazy_webp: [...document.images].filter(i => !(i.srcset && (i.currentSrc || i.src).includes('.webp')
            && (i.loading === 'lazy' || i.getBoundingClientRect().top < innerHeight))).length,
    })""")
    context.close()
    host = urllib.parse.urlsplit(url).netloc
    by_type = defaultdict(int)
    for request_id, size in sizes.items():
        by_type[types.get(request_id, "Other")] += size
    other_hosts = sorted({urllib.parse.urlsplit(u).netloc for u in requests.values()
                          if u.startswith("http") and urllib.parse.urlsplit(u).netloc != host})
    return {"url": url, "load_ms": round(load_ms), "requests": len(requests), "bytes": dict(by_type),
            "total": sum(by_type.values()), "total_no_images": sum(v for k, v in by_type.items() if k != "Image"),
            "fonts": sum(1 for t in types.values() if t == "Font"), "other_hosts": other_hosts, **checks}


def pages(base, query):
    with urllib.request.urlopen(f"{base}/api/search?{urllib.parse.urlencode({'q': query})}", timeout=30) as resp:
        results = json.load(resp)["results"]
    if not results:
        raise SystemExit(f"no guide found for {query!r}: load content first")
    return {"home": base + "/", "search": f"{base}/tim-kiem/?{urllib.parse.urlencode({'q': query})}",
            "guide": base + results[0]["url"]}


def report(name, m):
    kinds = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(m["bytes"].items()))
    print(f"{name:7} first contentful paint {m['fcp_ms']} ms  render-blocking requests {len(m['blocking'])}")
    print(f"        {m['total'] / 1024:6.1f} KB ({m['total_no_images'] / 1024:.1f} KB without images) "
          f"[{kinds}]  requests {m['requests']}  load {m['load_ms']} ms  other hosts {len(m['other_hosts'])}"
          f"  web fonts {m['fonts']}  base text {m['base_px']:.0f} px  tap targets < 48 px {m['small_targets']}"
          f"  images {m['images']} (not lazy WebP srcset: {m['images_not_lazy_webp']})")
    print(f"        {m['url']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure a running site instead of starting one")
    parser.add_argument("--guides", help="an import file to load instead of the demo content")
    parser.add_argument("--query", default="lua")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = nullcontext(args.base_url.rstrip("/")) if args.base_url else own_site(args.guides)
    with site as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        results = {name: measure(browser, url) for name, url in pages(base, args.query).items()}
        browser.close()
    print("slow-3G (2000 ms latency, 50 kB/s), 360x640, cold cache; KB = 1024 bytes on the wire")
    for name, m in results.items():
        report(name, m)
    search = results["search"]
    verdict = "within" if search["total_no_images"] <= SEARCH_BUDGET else "OVER"
    print(f"search page without images: {search['total_no_images'] / 1024:.1f} KB of 30 KB ({verdict}); "
          f"other hosts {sum(len(m['other_hosts']) for m in results.values())}; "
          f"web fonts {sum(m['fonts'] for m in results.values())}")
    for name, m in results.items():
        verdict = "within" if m["fcp_ms"] <= FCP_BUDGET_MS and m["total_no_images"] < WEIGHT_BUDGET else "OVER"
        print(f"{name}: first contentful paint {m['fcp_ms'] / 1000:.2f} s of 2.5 s, "
              f"{m['total_no_images'] / 1024:.1f} KB of 14 KB without images, which load lazily after the "
              f"first paint ({verdict})")


if __name__ == "__main__":
    main()
