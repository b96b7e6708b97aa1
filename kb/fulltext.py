"""A full-text index of guides inside the database, so that searching without the search engine is an
index look-up rather than a scan of every guide.

Each guide keeps its title, and its summary and body, folded to plain words (`GuidePage.search_title`,
`search_text`, written on every save). PostgreSQL indexes them with GIN indexes on their `simple` text
vectors; SQLite with an FTS5 table kept by triggers. Both are (re)made after every `migrate` (`ensure`),
because SQLite rebuilds a table, dropping its triggers, whenever a migration alters it. Other databases
match with LIKE.

A query is a list of spans that must all match; each span is a list of alternatives (a word and its other
names), each alternative one word or a phrase of folded words.
"""
import re

from django.db import connection, connections
from django.db.models.expressions import RawSQL

TABLE = "kb_guidepage"
FTS_TABLE = "kb_guidepage_fulltext"
PLAIN_WORD = re.compile(r"[a-z0-9]+")
PG_ALL = "to_tsvector('simple', search_title || ' ' || search_text)"
PG_TITLE = "to_tsvector('simple', search_title)"

SQLITE_SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_title, search_text, content='{TABLE}', "
    f"content_rowid='page_ptr_id')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_text) "
    f"VALUES (new.page_ptr_id, new.search_title, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_text) "
    f"VALUES ('delete', old.page_ptr_id, old.search_title, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF search_title, search_text ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_text) "
    f"VALUES ('delete', old.page_ptr_id, old.search_title, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_text) "
    f"VALUES (new.page_ptr_id, new.search_title, new.search_text); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
POSTGRES_SCHEMA = [
    f"CREATE INDEX IF NOT EXISTS kb_guidepage_fulltext_all ON {TABLE} USING gin ({PG_ALL})",
    f"CREATE INDEX IF NOT EXISTS kb_guidepage_fulltext_title ON {TABLE} USING gin ({PG_TITLE})",
]


def ensure(using=None, **kwargs):
    """Create the index (and on SQLite its triggers and contents) if missing; a post_migrate receiver."""
    database = connections[using or "default"]
    if TABLE not in database.introspection.table_names():
        return
    with database.cursor() as cursor:
        for statement in {"sqlite": SQLITE_SCHEMA, "postgresql": POSTGRES_SCHEMA}.get(database.vendor, []):
            cursor.execute(statement)


def _alternatives(span):
    """Each alternative as its list of plain words (folded text has nothing else), empty ones dropped."""
    return [found for found in (PLAIN_WORD.findall(alternative) for alternative in span) if found]


def matching(span, title_only=False):
    """A subquery of the primary keys of the guides whose folded text (or title) holds one of the span's
    alternatives, for `pk__in=`; None when the span holds no plain word."""
    alternatives = _alternatives(span)
    if not alternatives:
        return None
    if connection.vendor == "sqlite":
        query = "(" + " OR ".join('"' + " ".join(alt) + '"' for alt in alternatives) + ")"
        return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                      [f"search_title : {query}" if title_only else query])
    if connection.vendor == "postgresql":
        query = " | ".join("(" + " <-> ".join(alt) + ")" for alt in alternatives)
        return RawSQL(f"SELECT page_ptr_id FROM {TABLE} WHERE {PG_TITLE if title_only else PG_ALL} "
                      "@@ to_tsquery('simple', %s)", [query])
    text = "search_title" if title_only else "search_title || ' ' || search_text"
    likes = " OR ".join([f"' ' || {text} || ' ' LIKE %s"] * len(alternatives))
    return RawSQL(f"SELECT page_ptr_id FROM {TABLE} WHERE {likes}", [f"% {' '.join(alt)} %" for alt in alternatives])
