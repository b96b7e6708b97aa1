"""Signals the search page and API send, so that `tasks` can act on a search without `search` importing it."""
from django.dispatch import Signal

# Sent after every search answered by the page or the API, with keyword arguments:
# query (normalised text), filters (dict of the active filters), sector (chosen, else the best result's),
# total, duration_ms, degraded, source.
search_performed = Signal()
