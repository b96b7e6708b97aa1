"""The officers' side of alerts: what an alert reached, ending one early, writing an update, and the
alerts in force on the dashboard."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from alerts.report import delivery_report, totals
from kb.models import AlertPage
from kb.tree import alert_index


def _alert(request, page_id, may):
    alert = get_object_or_404(AlertPage, pk=page_id)
    if not getattr(alert.permissions_for_user(request.user), may)():
        raise PermissionDenied
    return alert


def report_view(request, page_id):
    alert = _alert(request, page_id, "can_edit")
    return render(request, "alerts/admin/delivery_report.html", {
        "alert": alert, "title": _("Kết quả gửi: %(title)s") % {"title": alert.title}, **delivery_report(alert)})


@require_POST
def end_view(request, page_id):
    """Editors (who may publish it) end an alert early: it leaves the site and nothing more is sent."""
    alert = _alert(request, page_id, "can_publish")
    if alert.ended_at is None:
        alert.end()
        messages.success(request, _("Đã kết thúc cảnh báo “%(title)s”.") % {"title": alert.title})
    return redirect("wagtailadmin_explore", alert.get_parent().pk)


@require_POST
def update_view(request, page_id):
    """A draft update of the alert, to edit and submit like any alert: once published it replaces the first
    and goes only to those who got it."""
    alert = _alert(request, page_id, "can_edit")
    update = AlertPage(
        title=_("Cập nhật: %(title)s") % {"title": alert.title},
        slug=f"{alert.slug}-cap-nhat-{alert.updates.count() + 1}",
        severity=alert.severity, hazard=alert.hazard, situation=alert.situation, action=alert.action,
        phi_days=alert.phi_days, all_hue=alert.all_hue, valid_until=alert.valid_until, source=alert.source,
        replaces=alert, live=False, owner=request.user)
    update.commodities = alert.commodities.all()
    update.communes = alert.communes.all()
    update.guides = alert.guides.all()
    update.answers = alert.answers.all()
    alert.get_parent().add_child(instance=update)
    update.save_revision(user=request.user, log_action=True)
    return redirect("wagtailadmin_pages:edit", update.pk)


def new_view(request):
    """"Viết cảnh báo": the add form under the alerts' index (made on first need)."""
    index = alert_index()
    return redirect("wagtailadmin_pages:add", "kb", "alertpage", index.pk)


class AlertsPanel(Component):
    """The dashboard: the alerts in force, with how many they reached so far."""

    name = "alerts_in_force"
    order = 50
    template_name = "alerts/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        alerts = sorted(AlertPage.objects.in_force(), key=AlertPage.rank)
        counts = totals([alert.pk for alert in alerts])
        return {"rows": [(alert, counts.get(alert.pk)) for alert in alerts], "new_url": reverse("alerts_new")}
