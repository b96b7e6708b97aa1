"""What farmers search for, for the officers: the records, their privacy rules and the report.

Fed by `search.signals.search_performed` through `tasks.analytics` (queued, in batches, on the analytics
queue); `search` knows nothing of this app."""
