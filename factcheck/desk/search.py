"""Desk text search: claims whose own text, article or evidence has every word searched for.

It reads the full-text indexes the database keeps — the claims' ``claim_search`` (migration
0002, also what "already checked" matching uses) and the articles' and evidence's (0019) —
so a search costs index lookups, whatever the size of the desk and whether anything matches.
Words match by prefix ("speak" finds "speaker"); SQLite's index also folds inflections
("authorities" finds "authority").
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, any_, bindparam, false, text
from sqlalchemy.dialects.postgresql import ARRAY

from factcheck.models import Claim
from factcheck.operations.session import DbSession

#: A search lists at most this many claims (sorted as asked); past it the desk is told to
#: add words, so that a common word costs the same as a rare one.
MATCH_CAP = 500
#: Words of a search that are looked up; the rest are ignored.
MAX_WORDS = 8
_WORD = re.compile(r"\w+")

_SQLITE = (
    "SELECT rowid AS id FROM claim_search WHERE claim_search MATCH :query "
    "UNION ALL SELECT claims.id AS id FROM claims JOIN (SELECT rowid AS id "
    "FROM claim_search_articles WHERE claim_search_articles MATCH :query) AS found "
    "ON claims.article_id = found.id "
    "UNION ALL SELECT evidence.claim_id AS id FROM evidence JOIN (SELECT rowid AS id "
    "FROM claim_search_evidence WHERE claim_search_evidence MATCH :query) AS found "
    "ON evidence.id = found.id"
)
# The vectors are written exactly as the GIN indexes of migrations 0002 and 0019 are built.
_POSTGRESQL = (
    "SELECT id FROM claims WHERE claim_search_vector @@ to_tsquery('simple', :query) "
    "UNION ALL SELECT claims.id AS id FROM claims JOIN articles ON claims.article_id = articles.id "
    "WHERE to_tsvector('simple'::regconfig, articles.title || ' ' || articles.body) "
    "@@ to_tsquery('simple', :query) "
    "UNION ALL SELECT evidence.claim_id AS id FROM evidence "
    "WHERE to_tsvector('simple'::regconfig, evidence.title || ' ' || "
    "coalesce(evidence.excerpt, '') || ' ' || coalesce(evidence.publisher, '')) "
    "@@ to_tsquery('simple', :query)"
)


def search_words(query: str) -> list[str]:
    """The words of ``query`` the index can look up (letters and digits), lower-cased."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_WORDS]


def _sql_and_query(session: DbSession, words: list[str]) -> tuple[str, str]:
    """The dialect's id query and its full-text query for ``words`` (prefixes, all required)."""
    if session.get_bind().dialect.name == "postgresql":
        return _POSTGRESQL, " & ".join(f"{word}:*" for word in words)
    return _SQLITE, " AND ".join(f'"{word}"*' for word in words)


def matching_claim_ids(session: DbSession, words: list[str]) -> tuple[list[int], bool]:
    """The ids of the claims matching ``words`` — at most :data:`MATCH_CAP` of them, the first
    the indexes give — and whether there were more."""
    sql, query = _sql_and_query(session, words)
    # UNION ALL (duplicates dropped here) lets the database stop at the cap instead of
    # collecting every match first.
    found = session.scalars(text(f"SELECT id FROM ({sql}) AS found LIMIT :cap")  # noqa: S608
                            .bindparams(query=query, cap=MATCH_CAP + 1))
    ids = list(dict.fromkeys(found))
    return ids[:MATCH_CAP], len(ids) > MATCH_CAP


def among(session: DbSession, ids: list[int]) -> ColumnElement[bool]:
    """Claims whose id is one of ``ids``. On PostgreSQL the ids go as one array parameter:
    as 500 separate ones they cost more to bind, send and plan than the lookups themselves."""
    if not ids:
        return false()
    if session.get_bind().dialect.name == "postgresql":
        return Claim.id == any_(bindparam("search_ids", ids, type_=ARRAY(Integer)))
    return Claim.id.in_(ids)
