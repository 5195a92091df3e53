"""Candidate claims from the ``claim_search`` full-text index (migration 0002).

The index only narrows 100,000 claims down to a few dozen that share words with the text; the
re-rank in :mod:`factcheck.matching` decides what is similar. SQLite uses an FTS5 table kept in
sync by triggers (its Porter tokenizer handles inflections); PostgreSQL a GIN index on
``to_tsvector('simple', statement || ' ' || coalesce(claimant, ''))``, queried with word
prefixes so that "detained" also finds "detain".
"""

from __future__ import annotations

import os.path

from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.matching.normalise import search_words, stem

#: How many candidates the index hands to the re-rank.
CANDIDATES = 40

_SQLITE_QUERY = text(
    "SELECT rowid FROM claim_search WHERE claim_search MATCH :query AND rowid != :exclude "
    "ORDER BY rank LIMIT :limit"
)
# The expression must be the index's (migration 0002) for PostgreSQL to use the index.
_PG_QUERY = text(
    "SELECT id FROM claims "
    "WHERE to_tsvector('simple'::regconfig, statement || ' ' || coalesce(claimant, '')) "
    "@@ to_tsquery('simple', :query) AND id != :exclude "
    "ORDER BY ts_rank(to_tsvector('simple'::regconfig, statement || ' ' || "
    "coalesce(claimant, '')), to_tsquery('simple', :query)) DESC LIMIT :limit"
)


def candidate_ids(
    session: Session, statement: str, exclude_claim_id: int | None = None,
    limit: int = CANDIDATES,
) -> list[int]:
    """IDs of the claims that share the most (and the rarest) words with ``statement``."""
    groups = search_words(statement)
    if not groups:
        return []
    params = {"exclude": exclude_claim_id or 0, "limit": limit}
    if session.get_bind().dialect.name == "postgresql":
        return list(session.scalars(_PG_QUERY, {"query": _tsquery(groups), **params}))
    return list(session.scalars(_SQLITE_QUERY, {"query": _fts5_query(groups), **params}))


def _number_spellings(word: str) -> list[str]:
    """A canonical number and how it is usually printed: "1500" → ["1500", "1 500"]."""
    if not word.isdigit() or len(word) < 4:
        return [word]
    grouped = f"{int(word):,}".replace(",", " ")
    return [word, grouped]


def _fts5_query(groups: list[list[str]]) -> str:
    """``("detained" OR "seize") OR ("1500" OR "1 500") …``; a quoted "1 500" is a phrase."""
    parts = []
    for group in groups:
        spellings = [s for word in group for s in _number_spellings(word)]
        parts.append("(" + " OR ".join(f'"{s}"' for s in spellings) + ")")
    return " OR ".join(parts)


def _tsquery(groups: list[list[str]]) -> str:
    """``(detain:* | seiz:*) | (1500 | 1 <-> 500) …`` for ``to_tsquery('simple', …)``."""
    parts = []
    for group in groups:
        alternatives = []
        for word in group:
            if word[0].isdigit():
                alternatives.extend(s.replace(" ", " <-> ") for s in _number_spellings(word))
                continue
            prefix = os.path.commonprefix([word, stem(word)])
            alternatives.append(f"{prefix}:*" if len(prefix) >= 4 else word)
        parts.append("(" + " | ".join(dict.fromkeys(alternatives)) + ")")
    return " | ".join(parts)
