"""The claim page's two matching panels, remembered by each process between views.

Every view of a claim page would otherwise look its statement up twice: the claims on the desk
that say the same (a full-text query, then a comparison with forty candidates) and other
fact-checkers' reviews of it (the in-process indexes, brought up to date with the database
first). That was most of a desk request's CPU under load, for an answer that changes only
when claims are added or reworded, or fact-checks imported.

What was found is remembered with what the lookup depended on, read in one cheap query:
the newest claim id and the newest stored claim vector (written whenever a statement is), and
the newest fact-check id and change. When those move, the lookup runs again. Similar claims
are remembered as ids and comparisons and read back from the database on every view, so their
state, rating and duplicate status are always current; a claim's rewording without the
encoder, or an edited quote, shows within :data:`MAX_AGE` seconds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from factcheck.desk.suggestions import claim_already_checked, similar_claims
from factcheck.extensions import db
from factcheck.kept import Kept, newest
from factcheck.matching import Match
from factcheck.matching.checked import Found
from factcheck.models import Claim, ClaimVector, FactCheck

#: Seconds an answer is used even though nothing it depended on moved.
MAX_AGE = 60.0
#: Claim pages remembered per process (a few kilobytes each).
REMEMBERED = 2000

_remembered = Kept(REMEMBERED, MAX_AGE)


def forget() -> None:
    """Drop everything remembered (tests reuse ids in rolled-back databases)."""
    _remembered.clear()


def _dependencies() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What the desk's claims and the imported fact-checks looked like, one query for both."""
    row = newest(db.session, Claim.id, ClaimVector.updated_at, FactCheck.id,
                 FactCheck.updated_at)
    return (row[0], row[1]), (row[2], row[3])


def claim_matches(claim: Claim) -> tuple[list[Match], list[Found]]:
    """The claim page's similar claims and "already checked" reviews, from memory when the
    desk's claims and fact-checks have not changed since they were looked up."""
    database = db.engine.url.render_as_string(hide_password=True)
    claims_moved, checks_moved = _dependencies()
    similar_key = ("similar", database, claim.id, claim.statement, claims_moved)
    remembered = _remembered.get(similar_key)
    if remembered is None:
        similar = similar_claims(claim.statement, claim.id)
        _remembered.put(similar_key, [(m.claim.id, m.comparison) for m in similar])
    else:
        similar = _reread(remembered)
    checked_key = ("checked", database, claim.id, claim.statement, checks_moved)
    checked = _remembered.get(checked_key)
    if checked is None:
        checked = claim_already_checked(claim)
        _remembered.put(checked_key, checked)
    return similar, checked


def _reread(remembered: list[tuple[int, Any]]) -> list[Match]:
    """The remembered matches with their claims as they are now (a claim since dismissed as a
    duplicate drops out, as the lookup would drop it)."""
    if not remembered:
        return []
    ids = [claim_id for claim_id, _ in remembered]
    claims = {c.id: c for c in db.session.scalars(select(Claim).where(Claim.id.in_(ids)))}
    return [
        Match(claims[claim_id], comparison) for claim_id, comparison in remembered
        if claim_id in claims and claims[claim_id].duplicate_of_id is None
    ]
