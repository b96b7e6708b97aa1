"""The editors' report of live guides that name a substance banned in their sector, its count on the
dashboard, and the admin's other ways to put a guide live (the workflow modal's approval, the listing's
bulk publish) made to run the edit form's checks.

The substance list changes after guides are published (a new circular, a new decision), so a guide that
passed the check when it went live can be wrong today, and one published before the check existed may
have been wrong from the start; editors need to see both without searching. The report says which, and
calls a guide "banned after publication" only when the first ban's date was checked against its text.
The scan reads every live guide, so its result is cached until a guide is published or the list changes.
"""
import hashlib

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from kb.checks import banned
from kb.models import AlertPage, GuidePage
from kb.substances import list_state

PERMISSION = "kb.change_substance"  # the editors, who keep the list
CACHE_SECONDS = 3600


def live_guides_naming_banned():
    """(guide, problems) for every live guide whose live content names a substance banned in its sector."""
    report = []
    for guide in GuidePage.objects.live().order_by("pk").iterator(chunk_size=500):
        found = banned(guide.body.raw_data, guide.sector)
        if found:
            report.append((guide, found))
    return report


def when_banned(published, listing):
    """Whether `listing`'s ban already held on the day a guide was `published` (a date), in words. Before the
    earliest known ban the guide is called lawful only if that ban is known to be the first; a date its note says
    was not checked is said to be so."""
    since = listing.banned_since
    if since and published >= since:
        day = {"date": date_format(since, "d/m/Y")}
        if listing.first_banned or listing.in_force_checked:
            return _("đã bị cấm khi hướng dẫn được đăng (cấm từ %(date)s)") % day
        return _("đã bị cấm khi hướng dẫn được đăng (cấm từ %(date)s; ngày chưa đối chiếu văn bản)") % day
    if listing.first_banned:
        return _("bị cấm sau khi hướng dẫn được đăng (cấm lần đầu từ %(date)s, %(source)s)") % {
            "date": date_format(listing.first_banned, "d/m/Y"),
            "source": listing.first_banned_source or listing.legal_source}
    return _("chưa rõ đã bị cấm khi hướng dẫn được đăng hay chưa: ngày cấm lần đầu chưa đối chiếu văn bản")


def cache_key(state):
    """The same key in every process (builtin hash() of a string is salted per process), so web servers and
    workers sharing a cache share the report."""
    return f"kb:banned-report:{hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()}"


def banned_report():
    """[(guide pk, [message, …], [when banned, …])], from the cache while no guide was published and no entry
    changed since."""
    state = (GuidePage.objects.live().aggregate(n=Count("pk"), last=Max("last_published_at")), list_state())
    key = cache_key(state)
    report = cache.get(key)
    if report is None:
        report = []
        for guide, problems in live_guides_naming_banned():
            published = (guide.first_published_at or guide.last_published_at).date()
            report.append((guide.pk, [problem.message for problem in problems],
                           list(dict.fromkeys(f"{ban.substance.name}: {when_banned(published, ban)}"
                                              for problem in problems for ban in problem.bans))))
        cache.set(key, report, CACHE_SECONDS)
    return report


def report_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    report = banned_report()
    guides = GuidePage.objects.in_bulk([pk for pk, _messages, _when in report])
    rows = [(guides[pk], messages, when) for pk, messages, when in report if pk in guides]
    return render(request, "kb/admin/banned_report.html", {"rows": rows, "title": REPORT_TITLE})


REPORT_TITLE = gettext_lazy("Hướng dẫn đang đăng nêu hoạt chất cấm")


class BannedSummaryItem(SummaryItem):
    order = 50
    template_name = "kb/admin/banned_summary.html"

    def get_context_data(self, parent_context):
        return {"count": len(banned_report()), "title": REPORT_TITLE}

    def is_shown(self):
        return self.request.user.has_perm(PERMISSION)


# --- the same checks wherever a guide can go live ----------------------------------------------------------

def refusal(problems):
    return " ".join(problem.message for problem in problems)


class GuideWorkflowActionView(WorkflowActionView):
    """Approving from the workflow's modal (the dashboard, a listing) publishes the revision under review
    without the edit form, so the edit form's checks run here on that revision: a refusal is shown in the
    modal, or as a message on the editor when the browser posted without JavaScript."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            found = self.task_state.revision.as_object().going_live_problems()
            if found:
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    form = self.form_class(request.POST) if self.form_class else forms.Form()
                    form.is_valid()
                    for problem in found:
                        form.add_error(None, problem.message)
                    return self.render_modal_form(request, form)
                messages.error(request, _("Chưa duyệt được: %(problems)s") % {"problems": refusal(found)})
                return redirect(self.redirect_url)
        return super().post(request, *args, **kwargs)


class GuidePageViewSet(PageViewSet):
    model = GuidePage
    workflow_action_view_class = GuideWorkflowActionView


class AlertPageViewSet(PageViewSet):
    """Alerts pass the guides' checks on approval too (kb.AlertPage.going_live_problems)."""

    model = AlertPage
    workflow_action_view_class = GuideWorkflowActionView


def refuse_bulk_publish(request, action_type, objects, action):
    """The page listing's bulk "Publish" publishes each latest revision without the edit form: refuse the
    whole action, naming each guide and its problems, when one would go live with them."""
    if action_type != "publish":
        return None
    pages = list(objects)
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live())
    refused = []
    for page in pages:
        guide = page.specific
        if isinstance(guide, (GuidePage, AlertPage)):
            revision = guide.get_latest_revision()
            found = (revision.as_object() if revision else guide).going_live_problems()
            if found:
                refused.append(f"“{guide.title}”: {refusal(found)}")
    if not refused:
        return None
    messages.error(request, _("Chưa đăng trang nào: %(problems)s") % {"problems": " ".join(refused)})
    return redirect(action.next_url)
