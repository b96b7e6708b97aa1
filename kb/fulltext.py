"""A full-text index of guides, published questions and alerts inside the database, so that searching without the
search engine is an index look-up rather than a scan of every page.

Each guide keeps its title, and its summary and body, folded to plain words (`GuidePage.search_title`,
`search_text`, written on every save); each published question its title, and its question and answer
(`QuestionAnswerPage.search_title`, `search_text`); each alert its title, and what is happening and what to do
(`AlertPage`, the same fields, `kb.models.searchtext`). PostgreSQL indexes them with GIN indexes on their `simple` text
vectors; SQLite with an FTS5 table kept by triggers. Both are (re)made after every `migrate` (`ensure`),
because SQLite rebuilds a table, dropping its triggers, whenever a migration alters it. Other databases
match with LIKE.

A query is a list of spans that must all match; each span is a list of alternatives (a word and its other
names), each alternative one word or a phrase of folded words.
"""
import re

from django.db import connection, connections
from django.db.models.expressions import RawSQL

# The page tables that keep folded search fields: guides, published farmers' questions, alerts.
GUIDES, ANSWERS, ALERTS = "kb_guidepage", "kb_questionanswerpage", "kb_alertpage"
TABLES = (GUIDES, ANSWERS, ALERTS)
PLAIN_WORD = re.compile(r"[a-z0-9]+")
PG_ALL = "to_tsvector('simple', search_title || ' ' || search_text)"
PG_TITLE = "to_tsvector('simple', search_title)"


def _fts(table):
    return f"{table}_fulltext"


def _sqlite_schema(table):
    fts = _fts(table)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_title, search_text, content='{table}', "
        f"content_rowid='page_ptr_id')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_title, search_text) "
        f"VALUES (new.page_ptr_id, new.search_title, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_title, search_text) "
        f"VALUES ('delete', old.page_ptr_id, old.search_title, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_title, search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_title, search_text) "
        f"VALUES ('delete', old.page_ptr_id, old.search_title, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_title, search_text) "
        f"VALUES (new.page_ptr_id, new.search_title, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _postgres_schema(table):
    return [
        f"CREATE INDEX IF NOT EXISTS {table}_fulltext_all ON {table} USING gin ({PG_ALL})",
        f"CREATE INDEX IF NOT EXISTS {table}_fulltext_title ON {table} USING gin ({PG_TITLE})",
    ]


def ensure(using=None, **kwargs):
    """Create the indexes (and on SQLite their triggers and contents) if missing; a post_migrate receiver."""
    database = connections[using or "default"]
    existing = database.introspection.table_names()
    schema = {"sqlite": _sqlite_schema, "postgresql": _postgres_schema}.get(database.vendor)
    with database.cursor() as cursor:
        for table in TABLES if schema else ():
            for statement in schema(table) if table in existing else ():
                cursor.execute(statement)


def _alternatives(span):
    """Each alternative as its list of plain words (folded text has nothing else), empty ones dropped."""
    return [found for found in (PLAIN_WORD.findall(alternative) for alternative in span) if found]


def matching(span, title_only=False, table=GUIDES):
    """A subquery of the primary keys of the pages of `table` whose folded text (or title) holds one of the
    span's alternatives, for `pk__in=`; None when the span holds no plain word."""
    alternatives = _alternatives(span)
    if not alternatives:
        return None
    if connection.vendor == "sqlite":
        fts = _fts(table)
        query = "(" + " OR ".join('"' + " ".join(alt) + '"' for alt in alternatives) + ")"
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s",
                      [f"search_title : {query}" if title_only else query])
    if connection.vendor == "postgresql":
        query = " | ".join("(" + " <-> ".join(alt) + ")" for alt in alternatives)
        return RawSQL(f"SELECT page_ptr_id FROM {table} WHERE {PG_TITLE if title_only else PG_ALL} "
                      "@@ to_tsquery('simple', %s)", [query])
    text = "search_title" if title_only else "search_title || ' ' || search_text"
    likes = " OR ".join([f"' ' || {text} || ' ' LIKE %s"] * len(alternatives))
    return RawSQL(f"SELECT page_ptr_id FROM {table} WHERE {likes}", [f"% {' '.join(alt)} %" for alt in alternatives])
