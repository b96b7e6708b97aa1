"""What the admin's reports share: a listing footer that counts rows for what they are.

Wagtail's listing paginator names its count after the model of the queryset ("7 lượt tìm kiếm"), which is
wrong when each row groups many records (a query, a day, a week in a district): the footer then disagrees
with the figures above the table. A report says what its rows are.
"""
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator


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
