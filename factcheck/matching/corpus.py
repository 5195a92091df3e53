"""In-process indexes over every desk claim and imported fact-check, rebuilt from the database.

"Already checked" matching looks a text up two ways: BM25 over Snowball stems (bm25s) and
nearest neighbours among the sentence encoder's vectors (a usearch HNSW index, int8 to keep
100,000 vectors in tens of megabytes). The database stays the one source of truth: the vectors
are stored on the rows (``factchecks.embedding``, ``claim_vectors``) and these indexes are a
per-process cache of them. Neither SQLite here (Python's sqlite3 is built without loadable
extensions, so sqlite-vec cannot load) nor PostgreSQL (no pgvector on Debian 12) offers a
vector index, so the same in-process index serves both.

Keeping it current costs one cheap query per lookup: the newest id and ``updated_at`` of each
table. When they grew, only the rows changed since are read and added (a changed vector
replaces the old one); when they shrank (rows deleted, or a rolled-back transaction) the cache
is rebuilt. BM25 has no incremental update, so its index is rebuilt from cached token lists,
which costs well under a second per 10,000 rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select

from factcheck import embeddings
from factcheck.kept import newest
from factcheck.matching.lexical import tokens
from factcheck.models import Claim, ClaimVector, FactCheck
from factcheck.operations.session import DbSession

CLAIM, FACTCHECK = "claim", "factcheck"
_KINDS = (CLAIM, FACTCHECK)


def key_of(kind: str, row_id: int) -> int:
    """One integer key per row of either table (even: claims, odd: fact-checks)."""
    return row_id * 2 + (kind == FACTCHECK)


def row_of(key: int) -> tuple[str, int]:
    """The ``(kind, id)`` a key stands for."""
    return (FACTCHECK if key % 2 else CLAIM), key // 2


Signature = tuple[Any, ...]


@dataclass
class Corpus:
    """The lexical and vector indexes of one database, for one process."""

    signature: Signature | None = None
    watermarks: dict[str, datetime | None] = field(default_factory=dict)
    token_lists: dict[int, list[str]] = field(default_factory=dict)
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Where each key sits in :attr:`keys` (and in the BM25 scores), built with the index.
    positions: dict[int, int] = field(default_factory=dict)
    bm25: Any = None
    vectors: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Which rows it indexes: both kinds for ``flask match``; only the imported fact-checks
    #: for the desk pages' "already checked by …", whose memory then does not grow with the
    #: desk's own claims and whose indexes are not rebuilt when a claim changes.
    kinds: tuple[str, ...] = _KINDS

    def sync(self, session: DbSession) -> None:
        """Bring the indexes up to date with the database (cheap when nothing changed)."""
        signature = _signature(session, self.kinds)
        if signature == self.signature:
            return
        with self.lock:
            if signature == self.signature:
                return
            grew = self.signature is not None and all(
                new >= old for new, old in zip(_comparable(signature),
                                               _comparable(self.signature), strict=True)
            )
            if not grew:
                self._reset()
            self._read_changes(session)
            self._rebuild_bm25()
            self.signature = signature

    def forget(self) -> None:
        """Rebuild from the database at the next lookup (rows it holds no longer exist)."""
        self.signature = None
        self.watermarks = {}

    def _reset(self) -> None:
        self.watermarks = {}
        self.token_lists = {}
        self.vectors = _new_vector_index() if embeddings.available() else None

    def _read_changes(self, session: DbSession) -> None:
        since = dict(self.watermarks)
        marks = _watermarks(session)
        for kind in self.kinds:
            for key, text, dropped in _changed_texts(session, kind, since.get(kind)):
                if dropped:
                    self.token_lists.pop(key, None)
                else:
                    self.token_lists[key] = tokens(text)
        if self.vectors is not None:
            self._read_vectors(session, since)
        self.watermarks = marks

    def _read_vectors(self, session: DbSession, since: dict[str, datetime | None]) -> None:
        keys, blobs = [], []
        for key, blob in _changed_vectors(session, self.kinds, since.get("vectors"),
                                          since.get(FACTCHECK)):
            keys.append(key)
            blobs.append(blob)
        if not keys:
            return
        array = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(keys), -1)
        present = [k for k in keys if self.vectors.contains(k)]
        if present:
            self.vectors.remove(present)
        self.vectors.add(np.array(keys, dtype=np.uint64), array)

    def _rebuild_bm25(self) -> None:
        import bm25s

        self.keys = np.fromiter(self.token_lists, dtype=np.int64, count=len(self.token_lists))
        self.positions = {key: position for position, key in enumerate(self.token_lists)}
        if not len(self.keys):
            self.bm25 = None
            return
        index = bm25s.BM25()
        index.index([self.token_lists[int(k)] or [""] for k in self.keys], show_progress=False)
        self.bm25 = index

    def lexical(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every indexed row for the query (aligned with :attr:`keys`)."""
        if self.bm25 is None or not query_tokens:
            return np.zeros(len(self.keys), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(query_tokens), dtype=np.float32)

    def semantic(self, vector: np.ndarray, count: int) -> dict[int, float]:
        """Cosine similarity of the ``count`` nearest stored vectors, by key."""
        if self.vectors is None or len(self.vectors) == 0:
            return {}
        found = self.vectors.search(vector, count)
        return {int(k): float(1 - d) for k, d in zip(found.keys, found.distances, strict=True)
                if int(k) in self.token_lists}

    def cosines(self, vector: np.ndarray, keys: list[int]) -> dict[int, float]:
        """Cosine similarity of the stored vectors of ``keys`` with ``vector`` (the keys the
        index holds): every candidate is scored on both kinds of evidence, not only those the
        nearest-neighbour search returned, and copies of one vector score exactly alike."""
        if self.vectors is None or not keys or len(self.vectors) == 0:
            return {}
        found = self.vectors.get(np.asarray(keys, dtype=np.uint64), dtype=np.float32)
        present = [(key, stored) for key, stored in zip(keys, found, strict=True)
                   if stored is not None]
        if not present:
            return {}
        matrix = np.vstack([stored for _, stored in present])
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        query = np.asarray(vector, dtype=np.float32)
        scores = matrix @ (query / max(float(np.linalg.norm(query)), 1e-12))
        return {key: float(score) for (key, _), score in zip(present, scores, strict=True)}

    def memory_bytes(self) -> int:
        """What the vector index holds in memory (the bench prints it)."""
        return int(self.vectors.memory_usage) if self.vectors is not None else 0


def _new_vector_index() -> Any:
    from usearch.index import Index

    return Index(ndim=embeddings.DIMENSIONS, metric="cos", dtype="i8", connectivity=16,
                 expansion_add=128, expansion_search=96)


def _comparable(signature: Signature) -> list[Any]:
    return [value if value is not None else 0 for value in signature]


def _signature(session: DbSession, kinds: tuple[str, ...] = _KINDS) -> Signature:
    columns: list[Any] = []
    if CLAIM in kinds:
        columns += [Claim.id, Claim.updated_at, ClaimVector.updated_at]
    if FACTCHECK in kinds:
        columns += [FactCheck.id, FactCheck.updated_at]
    row = newest(session, *columns)
    return tuple(v.timestamp() if isinstance(v, datetime) else v for v in row)


def _watermarks(session: DbSession) -> dict[str, datetime | None]:
    """The newest ``updated_at`` of each table: rows from then on are read next time."""
    return {
        CLAIM: session.scalar(select(func.max(Claim.updated_at))),
        FACTCHECK: session.scalar(select(func.max(FactCheck.updated_at))),
        "vectors": session.scalar(select(func.max(ClaimVector.updated_at))),
    }


def _changed_texts(session: DbSession, kind: str, since: datetime | None) -> Any:
    """``(key, text, dropped)`` for the rows changed since ``since`` (all when None)."""
    if kind == CLAIM:
        query = select(Claim.id, Claim.statement, Claim.duplicate_of_id)
        if since is not None:
            query = query.where(Claim.updated_at >= since)
        for row_id, statement, duplicate_of in session.execute(query):
            yield key_of(CLAIM, row_id), statement, duplicate_of is not None
        return
    query = select(FactCheck.id, FactCheck.claim_reviewed, FactCheck.headline)
    if since is not None:
        query = query.where(FactCheck.updated_at >= since)
    for row_id, claim, headline in session.execute(query):
        yield key_of(FACTCHECK, row_id), f"{claim} {headline or ''}", False


def _changed_vectors(
    session: DbSession, kinds: tuple[str, ...], claims_since: datetime | None,
    checks_since: datetime | None,
) -> Any:
    """``(key, float32 bytes)`` of the vectors of ``kinds`` stored or changed since the
    watermarks."""
    claims = select(ClaimVector.claim_id, ClaimVector.embedding).where(
        ClaimVector.embedding_model == embeddings.MODEL_ID)
    checks = select(FactCheck.id, FactCheck.embedding).where(
        FactCheck.embedding_model == embeddings.MODEL_ID)
    if claims_since is not None:
        claims = claims.where(ClaimVector.updated_at >= claims_since)
    if checks_since is not None:
        checks = checks.where(FactCheck.updated_at >= checks_since)
    if CLAIM in kinds:
        for row_id, vector in session.execute(claims):
            yield key_of(CLAIM, row_id), vector
    if FACTCHECK in kinds:
        for row_id, stored in session.execute(checks):
            if stored is not None:
                yield key_of(FACTCHECK, row_id), stored


_corpora: dict[tuple[str, tuple[str, ...]], Corpus] = {}
_corpora_lock = threading.Lock()


def corpus_for(session: DbSession, kinds: tuple[str, ...] = _KINDS) -> Corpus:
    """This process's corpus of ``kinds`` rows of the session's database, brought up to
    date: only the fact-checks when only fact-checks are asked for."""
    kinds = (FACTCHECK,) if tuple(kinds) == (FACTCHECK,) else _KINDS
    name = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _corpora_lock:
        corpus = _corpora.setdefault((name, kinds), Corpus(kinds=kinds))
    corpus.sync(session)
    return corpus
