"""What the browser suite checks on every screen, farmer's or officer's: the page's own problems as a list of
sentences, so one run names them all. Used by tests/test_farmer_screens.py and tests/test_officer_screens.py;
screenshots go to var/screens/ (the README says so), `<who>-<language>-<screen>.png`."""
from pathlib import Path

from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screens"
LOCALES = {"vi": "vi-VN", "en": "en-US"}

# Farmer screens: a thumb needs 44 × 44 CSS px (WCAG 2.5.5; 2.5.8 exempts a link inside a sentence, whose size
# the line of text sets). A checkbox or radio counts with its label, which taps it too. Off-screen (the skip
# link until focused) and invisible elements are not targets.
SMALL_TARGETS = """() => {
  const small = [];
  const inSentence = e => getComputedStyle(e).display === 'inline'
      && e.parentElement.textContent.trim().length > e.textContent.trim().length;
  for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!e.checkVisibility() || e.closest('.hp')) continue;
    let r = e.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || r.bottom <= 0) continue;
    const label = e.labels && e.labels[0];
    if (label && ['checkbox', 'radio'].includes(e.type)) {
      const l = label.getBoundingClientRect();
      r = {width: Math.max(r.right, l.right) - Math.min(r.left, l.left),
           height: Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top)};
    }
    if ((r.width < 44 || r.height < 44) && !inSentence(e)) {
      small.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.name || e.type).trim().slice(0, 40)}" `
                 + `${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}"""


class Watch:
    """Requests to another host and console errors of one page, from before it is opened."""

    def __init__(self, page, origin):
        self.other_hosts, self.errors = [], []
        page.on("request", lambda request: self.other_hosts.append(request.url)
                if not request.url.startswith((origin, "data:", "blob:")) else None)
        page.on("console", lambda message: self.errors.append(message)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def problems(self, expected_status_url=None):
        """Each problem seen; a screen that is meant to answer 403/404/429 logs that status for its own address,
        which is not a problem."""
        found = [f"request to another host: {address}" for address in self.other_hosts]
        for error in self.errors:
            text = getattr(error, "text", error)
            if expected_status_url and text.startswith("Failed to load resource") and \
                    error.location.get("url") == expected_status_url:
                continue
            found.append(f"console error: {text}")
        return found


def overflow(page):
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return [f"wider than the screen: {width[0]} px in {width[1]}"] if width[0] > width[1] else []


def serious(axe, page):
    """axe-core's serious and critical violations, with three of the elements each names."""
    return [f"axe {v['impact']}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
