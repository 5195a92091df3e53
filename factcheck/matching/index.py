"""Candidate claims from the ``claim_search`` full-text index (migration 0002).

The index only narrows 100,000 claims down to a few dozen that share words with the text; the
re-rank in :mod:`factcheck.matching` decides what is similar. SQLite uses an FTS5 table kept in
sync by triggers (its Porter tokenizer handles inflections); PostgreSQL a GIN index on the stored
``claims.claim_search_vector`` (``to_tsvector('simple', …)``), queried with word prefixes so that
"detained" also finds "detain".

Looking a text up by every one of its words would rank thousands of claims that merely share
"government" or "2019". So the claims each term of the text is in are counted first (SQLite
counts in the index and stops at :data:`COUNT_CAP`; PostgreSQL reads ``claim_search_terms``,
kept by triggers), and only the rarest terms are looked up: a claim that says the same thing
shares them. When even the rarest terms are common, a candidate must share two of them. The few
hundred rows that remain are ranked by the index (bm25 / ts_rank) on all the terms of the text
and the best :data:`CANDIDATES` go to the re-rank.
"""

from __future__ import annotations

import itertools
import os.path

from sqlalchemy import bindparam, text
from sqlalchemy.types import ARRAY, Integer, String

from factcheck.matching.normalise import search_words, stem
from factcheck.operations.session import DbSession

#: How many candidates the index hands to the re-rank.
CANDIDATES = 40
#: A term found in fewer claims than this is rare: only rare terms are looked up if there are any.
RARE = 400
#: Counting stops here: enough to tell which of the common terms are the least common.
COUNT_CAP = 2_000
#: At most this many of the rarest terms are looked up …
RARE_TERMS = 4
#: … and no more once the claims they are found in add up to this many.
ROW_BUDGET = 600

_SQLITE_COUNT = text(
    "SELECT count(*) FROM (SELECT 1 FROM claim_search WHERE claim_search MATCH :query "
    "LIMIT :cap)"
)
_SQLITE_QUERY = text(
    "SELECT rowid FROM claim_search WHERE claim_search MATCH :query AND rowid != :exclude "
    "ORDER BY rank LIMIT :limit"
)
_PG_COUNT = text(
    "SELECT coalesce(sum(counted.claims), 0) "
    "FROM unnest(:groups, :lows, :highs) AS word(position, low, high) "
    "LEFT JOIN claim_search_terms AS counted "
    "ON counted.term >= word.low AND counted.term < word.high "
    "GROUP BY word.position ORDER BY word.position"
).bindparams(
    bindparam("groups", type_=ARRAY(Integer)),
    bindparam("lows", type_=ARRAY(String)),
    bindparam("highs", type_=ARRAY(String)),
)
_PG_QUERY = text(
    "SELECT id FROM claims WHERE claim_search_vector @@ to_tsquery('simple', :query) "
    "AND id != :exclude "
    "ORDER BY ts_rank(claim_search_vector, to_tsquery('simple', :ranking)) DESC, id LIMIT :limit"
)


def candidate_ids(
    session: DbSession, statement: str, exclude_claim_id: int | None = None,
    limit: int = CANDIDATES,
) -> list[int]:
    """IDs of the claims that share the most (and the rarest) words with ``statement``."""
    groups = search_words(statement)
    if not groups:
        return []
    params = {"exclude": exclude_claim_id or 0, "limit": limit}
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_candidates(session, [_tsquery_group(g) for g in groups], params)
    return _sqlite_candidates(session, [_fts5_group(g) for g in groups], params)


def term_counts(session: DbSession, statement: str) -> list[int]:
    """How many claims each search term of ``statement`` is found in, as the lookup sees it
    (SQLite stops counting at :data:`COUNT_CAP`)."""
    groups = search_words(statement)
    if not groups:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_counts(session, [_tsquery_group(g) for g in groups])
    return _sqlite_counts(session, [_fts5_group(g) for g in groups])


def _postgresql_counts(session: DbSession, terms: list[str]) -> list[int]:
    ranges = [(position, *_lexeme_range(alternative))
              for position, term in enumerate(terms) for alternative in _alternatives(term)]
    positions, lows, highs = (list(column) for column in zip(*ranges, strict=True))
    return list(session.scalars(
        _PG_COUNT, {"groups": positions, "lows": lows, "highs": highs}
    ))


def _sqlite_counts(session: DbSession, terms: list[str]) -> list[int]:
    return [session.scalar(_SQLITE_COUNT, {"query": term, "cap": COUNT_CAP}) or 0
            for term in terms]


def _postgresql_candidates(
    session: DbSession, terms: list[str], params: dict[str, int]
) -> list[int]:
    """Rows with the rarest ``terms`` (tsquery groups), ranked by ts_rank on all of them."""
    counts = _postgresql_counts(session, terms)
    query = _lookup(terms, counts, any_of=" | ", both="({} & {})")
    if not query:
        return []
    ranking = " | ".join(terms)
    return list(session.scalars(_PG_QUERY, {"query": query, "ranking": ranking, **params}))


def _sqlite_candidates(
    session: DbSession, terms: list[str], params: dict[str, int]
) -> list[int]:
    """Rows with the rarest ``terms`` (FTS5 groups), ranked by bm25 on all of them."""
    counts = _sqlite_counts(session, terms)
    query = _lookup(terms, counts, any_of=" OR ", both="({} AND {})")
    if not query:
        return []
    # Every row found by the rare terms also has one of all the terms: the AND filters nothing
    # but makes bm25 rank the rows on all the terms.
    ranked = f"({query}) AND ({' OR '.join(terms)})"
    return list(session.scalars(_SQLITE_QUERY, {"query": ranked, **params}))

def _lookup(terms: list[str], counts: list[int], any_of: str, both: str) -> str:
    """The index query for the rarest terms: any of them, or any two when all are common.

    ``counts`` are the (capped) numbers of claims each term is found in; terms found nowhere
    cannot bring a candidate and are left out.
    """
    by_rarity = sorted(
        ((count, term) for count, term in zip(counts, terms, strict=True) if count),
        key=lambda pair: (pair[0], len(pair[1])),
    )
    if by_rarity and by_rarity[0][0] >= RARE:
        common = [term for _, term in by_rarity[:RARE_TERMS]]
        pairs = [both.format(a, b) for a, b in itertools.combinations(common, 2)]
        return any_of.join(pairs or common)
    chosen: list[str] = []
    rows = 0
    for count, term in by_rarity[:RARE_TERMS]:
        if count >= RARE or (chosen and rows + count > ROW_BUDGET):
            break
        chosen.append(term)
        rows += count
    return any_of.join(chosen)

def _number_spellings(word: str) -> list[str]:
    """A canonical number and how it is usually printed: "1500" → ["1500", "1 500"]."""
    if not word.isdigit() or len(word) < 4:
        return [word]
    grouped = f"{int(word):,}".replace(",", " ")
    return [word, grouped]


def _fts5_group(group: list[str]) -> str:
    """``("detained" OR "seize")``, ``("1500" OR "1 500")``; a quoted "1 500" is a phrase."""
    spellings = [s for word in group for s in _number_spellings(word)]
    return "(" + " OR ".join(f'"{s}"' for s in spellings) + ")"


def _tsquery_group(group: list[str]) -> str:
    """``(detain:* | seiz:*)``, ``(1500 | 1 <-> 500)`` for ``to_tsquery('simple', …)``."""
    alternatives: list[str] = []
    for word in group:
        if word[0].isdigit():
            alternatives.extend(s.replace(" ", " <-> ") for s in _number_spellings(word))
            continue
        prefix = os.path.commonprefix([word, stem(word)])
        alternatives.append(f"{prefix}:*" if len(prefix) >= 4 else word)
    return "(" + " | ".join(dict.fromkeys(alternatives)) + ")"


def _alternatives(group: str) -> list[str]:
    """The words of a tsquery group: "(detain:* | 1 <-> 500)" → ["detain:*", "1"]."""
    return [alternative.split()[0] for alternative in group.strip("()").split(" | ")]


def _lexeme_range(word: str) -> tuple[str, str]:
    """Bounds of the ``claim_search_terms`` rows a tsquery word stands for (byte order, "C").

    "detain:*" covers every term starting with "detain"; a plain word only itself.
    """
    if word.endswith(":*"):
        prefix = word[:-2]
        return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return word, word + "\x01"
