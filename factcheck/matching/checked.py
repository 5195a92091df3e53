"""Has this been checked already? Desk claims and other fact-checkers' reviews, ranked together.

A text (a new claim, a sentence of an article, a social-media post) is cleaned of social-media
noise (:mod:`factcheck.matching.clean`) and looked up two ways in the corpus of every desk claim
and imported fact-check (:mod:`factcheck.matching.corpus`): BM25 over word stems, and the
sentence encoder's nearest vectors, the text's vector first moved by a small linear map towards
how fact-checkers word claims. The candidates either way are scored on both kinds of evidence
together — the cosine with each candidate's stored vector and the BM25 score relative to the
best one for this text. The weights and the map were learned on the tuning part of a split of
public data (``training/tune_already_checked.py``, ``training/compare_already_checked.py``,
which also shows that a learned re-ranker over more features does no better; the held-out part
is reported by ``bench/bench_already_checked.py``). Candidates that score the same (a claim
published twice in the same words) come in key order: the one imported first. The reasons say
in words what the score rests on: how close the meaning is, the words shared, figures that agree
or differ ("numbers_differ" is always reported, because "1,500 wagons" and "15,000 wagons" are
different claims).

Without the encoder installed the same code runs on BM25 alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from sqlalchemy import select

from factcheck import embeddings
from factcheck.matching import Reason, compare, english, shown
from factcheck.matching.clean import clean
from factcheck.matching.corpus import CLAIM, FACTCHECK, Corpus, corpus_for, row_of
from factcheck.matching.lexical import tokens
from factcheck.matching.normalise import normalise
from factcheck.models import Claim, ClaimVector, FactCheck
from factcheck.operations.session import DbSession
from factcheck.workflow import State
from factcheck.workflow.terms import N_

#: Candidates taken from each index before scoring.
CANDIDATES = 50
#: Weights of the evidence (tuned on the tuning part of the split by
#: ``training/tune_already_checked.py``: 0.2–0.45 all give MAP@5 0.917–0.920 there).
SEMANTIC_WEIGHT = 1.0
LEXICAL_WEIGHT = 0.35
#: Without vectors the lexical evidence alone is scaled into [0, 1] by this.
LEXICAL_ONLY_SCALE = 1.0
#: A BM25 score this far above zero counts fully as "the best lexical match there is"; below,
#: the relative score is damped so a text sharing one common word is not called a match.
BM25_FLOOR = 4.0
#: A linear map on the text's vector (``v + v @ A``, back to unit length) that moves how people
#: post a claim towards how fact-checkers word it, learned on the tuning part's posts with every
#: verified claim as a negative (``training/compare_already_checked.py --write-adapter``; by
#: cross-validation there MAP@5 0.920 against 0.917 without). Float16, 0.3 MB.
QUERY_ADAPTER = Path(__file__).with_name("query_adapter.npz")


@dataclass(frozen=True)
class Found:
    """A desk claim or an imported fact-check that may answer the text."""

    kind: str
    id: int
    text: str
    score: float
    reasons: list[str]
    numbers_differ: bool
    url: str = ""
    publisher: str | None = None
    rating: str | None = None
    reviewed_on: date | None = None
    published: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    #: ``reasons`` before they were put in English, for the desk pages to translate.
    phrases: list[Reason] = field(default_factory=list)

    @property
    def shown_reasons(self) -> list[str]:
        """Why it may answer the text, in the reader's language (desk pages)."""
        return shown(self.phrases) if self.phrases else self.reasons

    def as_json(self) -> dict[str, object]:
        """The object ``flask match --format json`` prints for a match."""
        return {"kind": self.kind, "url": self.url, "text": self.text, "score": self.score,
                "reasons": self.reasons, "numbers_differ": self.numbers_differ}


ClaimUrl = Callable[[Claim], str]


def find_checked(
    session: DbSession,
    text: str,
    limit: int = 5,
    *,
    claim_url: ClaimUrl | None = None,
    exclude_claim_id: int | None = None,
    kinds: tuple[str, ...] = (CLAIM, FACTCHECK),
    vector: np.ndarray | None = None,
) -> list[Found]:
    """The ``limit`` best desk claims and fact-checks for ``text``, best first.

    ``vector`` is the encoder's vector of the cleaned text when the caller has it already
    (stored with a claim, or encoded in one batch with other texts): encoding is most of a
    lookup's cost.
    """
    cleaned = clean(text or "")
    if not cleaned:
        return []
    return _search(session, corpus_for(session, kinds), cleaned, limit, claim_url=claim_url,
                   exclude_claim_id=exclude_claim_id, kinds=kinds, vector=vector)


def find_checked_each(
    session: DbSession,
    texts: list[str],
    limit: int,
    *,
    kinds: tuple[str, ...] = (CLAIM, FACTCHECK),
    vectors: list[np.ndarray | None] | None = None,
) -> list[list[Found]]:
    """:func:`find_checked` for many texts (an article's suggested sentences): the corpus
    brought up to date once, and the best candidates of every text read in one query."""
    cleaned = [clean(t or "") for t in texts]
    if not any(cleaned):
        return [[] for _ in texts]
    corpus = corpus_for(session, kinds)
    ranked = [
        _ranked(corpus, c, kinds, None, vector) if c else ([], {})
        for c, vector in zip(cleaned, vectors or [None] * len(texts), strict=True)
    ]
    preloaded = _load(session, sorted({key for wanted, _ in ranked
                                       for key, _ in wanted[:limit * 2]}))
    return [
        _collect(session, corpus, wanted, semantic, normalise(c), limit, None, preloaded)
        if c else []
        for c, (wanted, semantic) in zip(cleaned, ranked, strict=True)
    ]


def _search(
    session: DbSession,
    corpus: Corpus,
    cleaned: str,
    limit: int,
    *,
    claim_url: ClaimUrl | None = None,
    exclude_claim_id: int | None = None,
    kinds: tuple[str, ...] = (CLAIM, FACTCHECK),
    vector: np.ndarray | None = None,
) -> list[Found]:
    """The lookup of :func:`find_checked` in an up-to-date ``corpus``."""
    wanted, semantic = _ranked(corpus, cleaned, kinds, exclude_claim_id, vector)
    return _collect(session, corpus, wanted, semantic, normalise(cleaned), limit, claim_url)


def _ranked(
    corpus: Corpus, cleaned: str, kinds: tuple[str, ...], exclude_claim_id: int | None,
    vector: np.ndarray | None,
) -> tuple[list[tuple[int, float]], dict[int, float]]:
    """Every candidate key of the wanted kinds with its combined score, best first; and the
    cosine of every candidate (lexical or semantic) that has a stored vector."""
    query_tokens = tokens(cleaned)
    bm25 = corpus.lexical(query_tokens)
    lexical: dict[int, float] = {}
    if len(bm25) and bm25.max() > 0:
        count = min(CANDIDATES, len(bm25))
        top = np.argpartition(-bm25, count - 1)[:count]
        top = top[np.argsort(-bm25[top])]
        best = max(float(bm25[top[0]]), BM25_FLOOR)
        lexical = {int(corpus.keys[i]): float(bm25[i]) / best for i in top if bm25[i] > 0}
    semantic: dict[int, float] = {}
    if embeddings.available():
        if vector is None:
            vector = embeddings.encode([cleaned])[0]
        vector = adapted(vector)
        nearest = corpus.semantic(vector, CANDIDATES)
        semantic = corpus.cosines(vector, sorted(set(nearest) | set(lexical)))
    scores = _combine(corpus, bm25, lexical, semantic)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    wanted = [(key, score) for key, score in ranked
              if row_of(key)[0] in kinds and row_of(key) != (CLAIM, exclude_claim_id)]
    return wanted, semantic


def _collect(
    session: DbSession, corpus: Corpus, wanted: list[tuple[int, float]],
    semantic: dict[int, float], query: object, limit: int, claim_url: ClaimUrl | None,
    preloaded: dict[int, Claim | FactCheck] | None = None,
) -> list[Found]:
    """The first ``limit`` of ``wanted`` whose rows still exist, read in chunks (the first
    from ``preloaded`` when given)."""
    found: list[Found] = []
    for start in range(0, len(wanted), limit * 2):
        chunk = wanted[start:start + limit * 2]
        if start == 0 and preloaded is not None:
            rows = {key: preloaded[key] for key, _ in chunk if key in preloaded}
        else:
            rows = _load(session, [key for key, _ in chunk])
        if len(rows) < len(chunk):
            corpus.forget()  # rows gone (deleted, or a rolled-back transaction): rebuild
        for key, score in chunk:
            row = rows.get(key)
            if row is not None and len(found) < limit:
                found.append(_found(row, score, semantic.get(key), query, claim_url))
        if len(found) == limit:
            break
    return found


#: Query vectors each process remembers (an article page asks for the same sentences on every
#: view; 384 floats each, so about 6 MB).
REMEMBERED_VECTORS = 4096
_remembered: OrderedDict[str, np.ndarray] = OrderedDict()
_remembered_lock = threading.Lock()


def query_vectors(texts: list[str]) -> list[np.ndarray | None]:
    """The vectors :func:`find_checked` would encode for ``texts`` (``None`` each without the
    encoder): those met recently from memory, the others in one batch."""
    if not texts or not embeddings.available():
        return [None] * len(texts)
    cleaned = [clean(text or "") for text in texts]
    with _remembered_lock:
        known = {text: _remembered[text] for text in cleaned if text in _remembered}
    missing = list(dict.fromkeys(text for text in cleaned if text not in known))
    if missing:
        fresh = dict(zip(missing, embeddings.encode(missing), strict=True))
        known.update(fresh)
        with _remembered_lock:
            _remembered.update(fresh)
            while len(_remembered) > REMEMBERED_VECTORS:
                _remembered.popitem(last=False)
    return [known[text] for text in cleaned]


def stored_query_vector(session: DbSession, claim: Claim) -> np.ndarray | None:
    """The vector stored with ``claim`` (written when its statement was), when it is the one
    :func:`find_checked` would encode for the statement; else ``None``."""
    if claim.id is None or clean(claim.statement) != claim.statement:
        return None
    row = session.get(ClaimVector, claim.id)
    if row is None or row.embedding_model != embeddings.MODEL_ID:
        return None
    return np.frombuffer(row.embedding, dtype=np.float32)


def adapted(vector: np.ndarray) -> np.ndarray:
    """The text's vector as it is looked up: through :data:`QUERY_ADAPTER`, unit length; left
    as it is when the adapter was learned for another encoder's vectors."""
    correction = _query_adapter()
    if correction is None:
        return vector
    mapped = vector + vector @ correction
    return mapped / max(float(np.linalg.norm(mapped)), 1e-12)


@lru_cache(maxsize=1)
def _query_adapter() -> np.ndarray | None:
    with np.load(QUERY_ADAPTER) as stored:
        if str(stored["model"]) != embeddings.MODEL_ID:
            return None
        return stored["matrix"].astype(np.float32)


def _combine(corpus: object, bm25: np.ndarray, lexical: dict[int, float],
             semantic: dict[int, float]) -> dict[int, float]:
    """One score in [0, 1] per candidate from the two kinds of evidence."""
    if not semantic:
        return {key: round(min(value * LEXICAL_ONLY_SCALE, 1.0), 3)
                for key, value in lexical.items()}
    best = max(float(bm25.max()) if len(bm25) else 0.0, BM25_FLOOR)
    positions: dict[int, int] = getattr(corpus, "positions", {})
    scores = {}
    for key in set(lexical) | set(semantic):
        lex = lexical.get(key)
        if lex is None:
            position = positions.get(key)
            lex = float(bm25[position]) / best if position is not None else 0.0
        cosine = max(semantic.get(key, 0.0), 0.0)
        combined = (SEMANTIC_WEIGHT * cosine + LEXICAL_WEIGHT * lex) / (
            SEMANTIC_WEIGHT + LEXICAL_WEIGHT)
        scores[key] = round(min(max(combined, 0.0), 1.0), 3)
    return scores


def _load(session: DbSession, keys: list[int]) -> dict[int, Claim | FactCheck]:
    claim_ids = [row_of(k)[1] for k in keys if row_of(k)[0] == CLAIM]
    check_ids = [row_of(k)[1] for k in keys if row_of(k)[0] == FACTCHECK]
    rows: dict[int, Claim | FactCheck] = {}
    if claim_ids:
        for claim in session.scalars(select(Claim).where(Claim.id.in_(claim_ids))):
            if claim.duplicate_of_id is None:
                rows[claim.id * 2] = claim
    if check_ids:
        for check in session.scalars(select(FactCheck).where(FactCheck.id.in_(check_ids))):
            rows[check.id * 2 + 1] = check
    return rows


def _found(row: Claim | FactCheck, score: float, cosine: float | None, query: object,
           claim_url: ClaimUrl | None) -> Found:
    text = row.statement if isinstance(row, Claim) else row.claim_reviewed
    comparison = compare(query, normalise(text))  # type: ignore[arg-type]
    phrases: list[Reason] = []
    if cosine is not None:
        phrases.append((N_("close in meaning: %(score)s"), {"score": f"{max(cosine, 0.0):.2f}"}))
    phrases.extend(comparison.reason_phrases)
    reasons = english(phrases)
    if isinstance(row, FactCheck):
        return Found(
            kind=FACTCHECK, id=row.id, text=text, score=score, reasons=reasons,
            numbers_differ=comparison.numbers_differ, url=row.url, publisher=row.publisher,
            rating=row.rating_label, reviewed_on=row.review_date, phrases=phrases,
        )
    published = row.state == State.PUBLISHED or row.first_published_at is not None
    return Found(
        kind=CLAIM, id=row.id, text=text, score=score, reasons=reasons,
        numbers_differ=comparison.numbers_differ, url=claim_url(row) if claim_url else "",
        rating=row.rating.label if row.rating is not None and published else None,
        reviewed_on=row.first_published_at.date() if row.first_published_at else None,
        published=published, phrases=phrases,
    )
