"""Admin screens for print packs: the "Gói in" listing and form, the page-listing bulk action, the download."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.viewsets.model import ModelViewSet

from fieldsheets.models import PrintPack
from fieldsheets.packs import pack_guides
from kb.models import GuidePage

PACK_FIELDS = ["title", "district", "paper", "unit"]


class PackOptionsForm(forms.ModelForm):
    class Meta:
        model = PrintPack
        fields = PACK_FIELDS


class PrintPackForm(PackOptionsForm):
    guides = forms.ModelMultipleChoiceField(label=_("Hướng dẫn"), queryset=GuidePage.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    class Meta(PackOptionsForm.Meta):
        fields = PACK_FIELDS + ["guides"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # visible() reads view restrictions when called: build the choices per form, not at import.
        self.fields["guides"].queryset = GuidePage.objects.visible().defer_streamfields().order_by("title")

    def save(self, commit=True):
        self.instance.guide_ids = [guide.pk for guide in self.cleaned_data["guides"]]
        return super().save(commit)


def download_url(pack):
    return reverse("fieldsheets_pack_download", args=[pack.pk])


class DownloadColumn(Column):
    """Progress while the pack is being built, the download link once it is done."""

    def get_value(self, instance):
        if instance.status == PrintPack.Status.DONE:
            return format_html('<a class="button button-small" href="{}">{}</a>', download_url(instance),
                               _("Tải PDF (%(pages)s trang)") % {"pages": instance.page_count})
        if instance.status == PrintPack.Status.FAILED:
            return instance.error
        return f"{instance.get_status_display()} {instance.progress}%"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.get_value(instance)
        return context


class TimeColumn(Column):
    """A date and time as an officer writes it, 06/12/2026 08:07, not "08:07 Ngày 06 tháng 12 năm 2026"."""

    def __init__(self, name, **kwargs):
        super().__init__(name, label=capfirst(PrintPack._meta.get_field(name).verbose_name), sort_key=name, **kwargs)

    def get_value(self, instance):
        return date_format(timezone.localtime(getattr(instance, self.name)), "d/m/Y H:i")


class PackIndexView(IndexView):
    """The listing reloads itself while a pack is being built, so progress shows without clicking."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["packs_in_progress"] = PrintPack.objects.filter(
            status__in=[PrintPack.Status.PENDING, PrintPack.Status.RUNNING]).exists()
        return context


class PrintPackViewSet(ModelViewSet):
    model = PrintPack
    icon = "doc-full"
    menu_label = _("Gói in")
    menu_order = 250
    add_to_admin_menu = True
    form_class = PrintPackForm
    list_display = ["title", "district", "paper", "unit", TimeColumn("created_at"), TimeColumn("expires"),
                    DownloadColumn("file", label=_("Tệp PDF"))]
    list_filter = ["status", "district"]
    inspect_view_enabled = False
    index_view_class = PackIndexView
    index_template_name = "fieldsheets/pack_index.html"

    def get_form_class(self, for_update=False):
        return PrintPackForm

    @property
    def add_view_class(self):
        base = super().add_view_class

        class AddPackView(base):
            def save_instance(self):
                self.form.instance.created_by = self.request.user
                return super().save_instance()

        return AddPackView


class PrintPackBulkAction(PageBulkAction):
    """Select guides in a page listing, then ask for a pack of them in the order they were listed."""

    display_name = _("Gói in")
    action_type = "print_pack"
    aria_label = _("Tạo gói in từ các hướng dẫn đã chọn")
    template_name = "fieldsheets/bulk_print_pack.html"
    action_priority = 80
    form_class = PackOptionsForm

    @classmethod
    def get_queryset(cls, model, object_ids):
        """The selected pages in the order they were selected, not the database's."""
        pages = {str(page.pk): page for page in super().get_queryset(model, object_ids)}
        return [pages[str(pk)] for pk in object_ids if str(pk) in pages]

    def check_perm(self, page):
        return self.request.user.has_perm("fieldsheets.add_printpack") and isinstance(page.specific, GuidePage)

    def get_execution_context(self):
        return {"user": self.request.user, "form": self.cleaned_form}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["prefix"] = "pack"
        return kwargs

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        pack = form.save(commit=False)
        pack.guide_ids = [guide.pk for guide in pack_guides([page.pk for page in objects])]
        pack.created_by = user
        pack.save()
        return len(pack.guide_ids), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("Đang tạo gói in gồm %(count)d hướng dẫn.", "Đang tạo gói in gồm %(count)d hướng dẫn.",
                        num_parent_objects) % {"count": num_parent_objects}


def pack_download(request, pack_id):
    if not request.user.has_perm("fieldsheets.view_printpack"):
        raise PermissionDenied
    pack = get_object_or_404(PrintPack, pk=pack_id, status=PrintPack.Status.DONE)
    if not pack.file:
        raise Http404
    return FileResponse(pack.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"goi-in-{pack.pk}.pdf")
