"""The editors' report of live guides that name a banned substance, and its count on the dashboard.

The substance list changes after guides are published (a new circular, a new decision), so a guide that
passed the check when it went live can be wrong today; editors need to see it without searching.
The scan reads every live guide, so its result is cached until a guide is published or the list changes.
"""
import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.site_summary import SummaryItem

from kb.checks import live_guides_naming_banned
from kb.models import GuidePage, Substance

PERMISSION = "kb.change_substance"  # the editors, who keep the list
CACHE_SECONDS = 3600


def cache_key(state):
    """The same key in every process (builtin hash() of a string is salted per process), so web servers and
    workers sharing a cache share the report."""
    return f"kb:banned-report:{hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()}"


def banned_report():
    """[(guide, problems)], from the cache while no guide was published and no entry changed since."""
    state = (GuidePage.objects.live().aggregate(n=Count("pk"), last=Max("last_published_at")),
             Substance.objects.aggregate(n=Count("pk"), last=Max("updated_at")))
    key = cache_key(state)
    report = cache.get(key)
    if report is None:
        report = [(guide.pk, [problem.message for problem in problems])
                  for guide, problems in live_guides_naming_banned()]
        cache.set(key, report, CACHE_SECONDS)
    return report


def report_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    report = banned_report()
    guides = GuidePage.objects.in_bulk([pk for pk, _messages in report])
    rows = [(guides[pk], messages) for pk, messages in report if pk in guides]
    return render(request, "kb/admin/banned_report.html", {"rows": rows, "title": REPORT_TITLE})


REPORT_TITLE = _("Hướng dẫn đang đăng nêu hoạt chất cấm")


class BannedSummaryItem(SummaryItem):
    order = 50
    template_name = "kb/admin/banned_summary.html"

    def get_context_data(self, parent_context):
        return {"count": len(banned_report()), "title": REPORT_TITLE}

    def is_shown(self):
        return self.request.user.has_perm(PERMISSION)
