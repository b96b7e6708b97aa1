"""What `search` tells the rest of the project, so that others act on a search without `search` importing them."""
from dataclasses import asdict, dataclass
from datetime import datetime

from django.dispatch import Signal


@dataclass(frozen=True)
class SearchEvent:
    """One search a farmer made (the first page of it), as the page or the API answered it."""

    at: datetime
    query: str  # as typed (control characters removed), at most 2,000 characters: the receiver decides what to keep
    filters: dict  # the active filters, {name: value}
    sector: str  # the sector chosen, else the best result's ("" when nothing was found)
    total: int
    duration_ms: int
    degraded: bool  # the database answered because the engine could not
    source: str  # "page", "api" or "chat"
    language: str = ""  # the site language searched ("vi", "en"), "" when the API searched every language

    def as_dict(self):
        """Plain JSON-friendly values, for a task message."""
        return {**asdict(self), "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, data):
        return cls(**{**data, "at": datetime.fromisoformat(data["at"])})


# Sent with `event=SearchEvent(...)` after every search the page or the API answers.
search_performed = Signal()

# Sent with `page_ids=[...]` when the index answered with guides that may no longer be searched (the worker
# has not caught up): the search left them out, and `tasks` queues the repair of their documents.
stale_hits = Signal()
