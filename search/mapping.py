"""The index's mapping: how a document's text is analysed and which fields it has.

Every text field is indexed four ways so the query can rank the better kind of match first:
the field itself keeps the diacritics ("cá" is not "cà"), `.folded` drops them (farmers type "ca tra"),
`.shingles` holds adjacent syllable pairs, folded (so "cá tra" together beats "cá … tra" apart), and
`.typed_pairs` the same pairs with their diacritics, for a name of several words typed with them ("dịch tả
heo châu phi": one lookup a pair, where checking each of its common words as typed in eight fields took
the in-memory engine 2 ms a name, a fifth of a short query's time).
Only the standard tokenizer, lowercase, asciifolding and shingle filters are used: real Elasticsearch 8/9
has them without plugins, and so does the in-memory engine. Unicode form and tone placement are
normalised in Python (`kb.text`) before the text reaches either.
"""
from elasticsearch_dsl import Date, Document, Integer, Keyword, Long, Object, Text, analyzer, token_filter

fold_filter = token_filter("vi_fold", "asciifolding")
shingle_filter = token_filter("vi_shingle", "shingle", min_shingle_size=2, max_shingle_size=2,
                              output_unigrams=False)
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", fold_filter])
vi_shingles = analyzer("vi_shingles", tokenizer="standard", filter=["lowercase", fold_filter, shingle_filter])
vi_typed_pairs = analyzer("vi_typed_pairs", tokenizer="standard", filter=["lowercase", shingle_filter])


# Every text field copied into one field as typed and one folded: whether a guide holds a word anywhere is
# then one cheap clause, not one per field (what a message's coverage asks for each of its parts).
COVERED = {"covered": vi_exact, "covered_folded": vi_folded}


def vi_text():
    return Text(analyzer=vi_exact, copy_to=list(COVERED), fields={
        "folded": Text(analyzer=vi_folded),
        "shingles": Text(analyzer=vi_shingles),
        "typed_pairs": Text(analyzer=vi_typed_pairs),
    })


class GuideDocument(Document):
    """One page a farmer may see: a guide, or a published farmer's question (`kind` says which; both
    fill the same fields, so one query, one set of facets and one index lifecycle serve both). The
    `_version` of each document is the page's live revision id."""

    kind = Keyword()  # KIND_GUIDE or KIND_ANSWER
    page_id = Integer()
    revision_id = Long()
    slug = Keyword()
    url = Keyword(index=False)
    locale = Keyword()
    sector = Keyword()
    title = vi_text()
    summary = vi_text()
    body = vi_text()
    commodities = vi_text()  # names (Vietnamese and English) and alternative names
    commodity_slugs = Keyword()
    commodity_names = Keyword(index=False)
    problems = vi_text()  # the diseases and pests it names, by all their names (kb.Problem)
    signs = vi_text()  # … and their signs, as farmers describe them
    topics = vi_text()
    topic_slugs = Keyword()
    regions = vi_text()
    region_slugs = Keyword()
    months = Integer()
    technology = vi_text()  # name and provider
    ip_status = Keyword()
    officers = Object(enabled=False)
    first_published_at = Date()
    last_published_at = Date()
    expire_at = Date()  # searches leave it out from this time on, whatever the worker is doing
    covered = Text(analyzer=COVERED["covered"])  # filled by copy_to, never in _source
    covered_folded = Text(analyzer=COVERED["covered_folded"])
    content_hash = Keyword(index=False)  # digest of what the revision does not pin: see search.digest

    class Index:
        name = "guides"  # replaced by a versioned name per index: see search.indexes
        settings = {"number_of_shards": 1, "number_of_replicas": 0}
