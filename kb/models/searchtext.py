"""Pages that keep their words folded for the database's full-text index (`kb.fulltext`), which finds them
while the search engine cannot answer."""
from django.db import models

from kb.text import folded_words


class FoldedSearchText(models.Model):
    """The title and `searched_text()` folded to plain words on every save (`search_title`, `search_text`)."""

    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_title = folded_words(self.title)
        self.search_text = folded_words(self.searched_text())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        return super().save(*args, **kwargs)

    def searched_text(self):
        """The texts besides the title that a search may match."""
        raise NotImplementedError
