"""What the search keeps in the database: the pages the index may still show that a farmer may no longer see."""
from django.db import models


class HiddenPage(models.Model):
    """A page hidden (unpublished, deleted, restricted, moved under a restriction) whose document the worker
    may not have removed yet: searches leave it out of hits, totals, pages and facet counts meanwhile
    (`search.hidden`). A plain id, no foreign key: a deleted page's document outlives its row."""

    page_id = models.IntegerField(primary_key=True)
    since = models.DateTimeField()

    class Meta:
        verbose_name = "trang đã ẩn, chờ gỡ khỏi chỉ mục"

    def __str__(self):
        return f"{self.page_id} (since {self.since:%Y-%m-%d %H:%M})"
