"""What the admin's reports share: who may read them; a listing footer that counts rows for what they are;
filters the view reads itself; a table given as {key: heading}, the same on the page and in the export.

Wagtail's listing paginator names its count after the model of the queryset ("7 lượt tìm kiếm"), which is
wrong when each row groups many records (a query, a day, a week in a district): the footer then disagrees
with the figures above the table. A report says what its rows are.
"""
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column


class PermissionMixin:
    """For a `ReportView`: only those holding `permission` ("app.codename") may read it (403 otherwise). Its
    own attribute: Wagtail's `permission_required` names an action of a model's permission policy."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RowsPaginator(WagtailPaginator):
    """`label(count)` words the footer's count, e.g. `ngettext("%(count)s ngày", ...)`."""

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label

    @cached_property
    def items_count_label(self):
        return self.label(self.count)


class RowsLabelMixin:
    """For a `ReportView`: its footer counts rows with `self.count_label(count)`."""

    paginator_class = RowsPaginator

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, label=self.count_label, **kwargs)


class ChosenValues:
    """For a report's FilterSet whose filters the view reads itself (`method="noop"`: each table aggregates
    differently): `chosen(name, default)` is the value chosen, or `default`."""

    def noop(self, queryset, name, value):
        return queryset

    def chosen(self, name, default=None):
        return (self.form.cleaned_data.get(name) if self.is_valid() else None) or default


class HeadingsMixin:
    """For a `ReportView` whose table is `self.headings` ({key: heading}): the same columns on the page and in
    the CSV/XLSX export; `SHOWN` maps a key to what the page shows instead of the stored value."""

    SHOWN = {}

    @property
    def list_export(self):
        return list(self.headings)

    @property
    def export_headings(self):
        return self.headings

    @property
    def columns(self):
        return [Column(name, label=label, accessor=self.SHOWN.get(name, name)) for name, label in self.headings.items()]
