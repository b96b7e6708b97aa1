"""Where a guide is indexed, analysed and queried.

Why our own index rather than Wagtail's Elasticsearch backend (`wagtail.search.backends.elasticsearch8`)?
Wagtail's backend indexes a page's fields through its analyzers and asks the engine to do the rest; a
farmers' search needs what it cannot give: Vietnamese normalised in Python (one tone placement, NFC, đ
folded, `kb.text`) before text reaches any engine, since Elasticsearch has no ICU without plugins;
external versions (the live revision id) so an older write never overwrites a newer one; rebuilds into a
new index behind an alias with dual writes, so nothing published during a rebuild is lost; synonyms
expanded at query time so an edited regional name counts at once, without a reindex; a document shape of
our own (block text, commodity alternative names, officers to call, facet slugs); and, in tests, the
bundled in-memory engine. Wagtail's database backend still serves the admin's own search.
"""
