"""Would a learned re-ranker beat the shipped score of "already checked"? Tuning part only.

Run from the repository root (the data is public but not shipped; ``--data`` points at it)::

    .venv/bin/python -m training.compare_already_checked [--cache /tmp/already_checked]
        [--adapter]

It replays what ``flask match`` does for the 500 posts of the tuning part (the split of
``bench/bench_already_checked.py``; the 300 held-out posts are never read) without a database:
the same cleaning, BM25 over the same stems, the same int8 vector index and its candidates (the
``CANDIDATES`` nearest either way), the same cosines from the stored (quantised) vectors. The
encoder's vectors of the posts, the claims and the headlines are cached in ``--cache``.

Then it compares, each by 5-fold cross-validation over the tuning posts (repeated with two
shuffles) and as a paired difference from the shipped score with its standard error:

- the shipped fixed weighted sum of cosine and relative BM25 (``checked.py``);
- reciprocal-rank fusion of the two rankings;
- a linear re-ranker over the candidates, trained listwise (softmax over each post's candidates,
  Newton's method, L2), with sets of features: cosine, relative BM25, BM25 over the claim and
  over the headline separately, ranks, gaps to the best, the readable comparison's score,
  differing figures, negation, and the cosine with the headline (which would need a second stored
  vector per fact-check);
- with ``--adapter`` (slow), a query-side linear map on the encoder's vectors (identity plus a
  regularised correction) trained with every verified claim as a negative.

What it found (MiniLM-L6 int8): every variant lies within about one standard error
(0.003–0.005) of the weighted sum alone, 0.917: the re-ranker on the same evidence 0.916–0.917;
adding the headline cosine 0.920 (+0.003 ± 0.003, but a second stored vector per fact-check);
RRF 0.909; BM25 k1/b and the lexical weight flat at 0.917–0.920; the query adapter 0.919–0.920
for every L2 strength tried. The adapter is shipped as the cheapest of the small gains (no
migration, no extra encoder pass, 0.01 ms a lookup): ``--write-adapter`` trains it on all 500
tuning posts and writes ``factcheck/matching/query_adapter.npz``. Held out, once, through the
CLIs: 0.900 with it, 0.893 without.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.bench_already_checked import DATA, average_precision, read_tsv, split
from factcheck import embeddings
from factcheck.matching import compare
from factcheck.matching.checked import BM25_FLOOR, CANDIDATES, LEXICAL_WEIGHT, SEMANTIC_WEIGHT
from factcheck.matching.clean import clean
from factcheck.matching.corpus import _new_vector_index
from factcheck.matching.lexical import tokens
from factcheck.matching.normalise import normalise

FOLDS = 5
SHUFFLES = (0, 1)
#: Strength of the L2 penalty on the re-ranker's weights, per post.
L2 = 1e-4
#: Strength of the query adapter's pull towards the identity map (0.003, 0.01, 0.03 and 0.1 all
#: gave 0.919–0.920 by cross-validation; the strongest is kept).
ADAPTER_L2 = 0.1
FEATURE_SETS = {
    "cosine, relative BM25 (the shipped evidence)": ["cos", "lex"],
    "+ BM25 of claim and headline apart": ["cos", "lex", "lex_claim", "lex_headline"],
    "+ ranks and gaps": ["cos", "lex", "inv_cos_rank", "inv_bm25_rank", "cos_gap"],
    "+ readable comparison, figures, negation": ["cos", "lex", "comparison", "numbers_differ",
                                                 "negation"],
    "+ headline cosine (needs a second vector)": ["cos", "lex", "cos_headline"],
    "everything": ["cos", "lex", "cos_headline", "lex_claim", "lex_headline", "inv_cos_rank",
                   "inv_bm25_rank", "cos_gap", "comparison", "numbers_differ", "negation"],
}


@dataclass
class Post:
    """One tuning post with its candidates and their features."""

    relevant: set[int]
    vector: np.ndarray
    bm25: np.ndarray
    lexical: list[int]
    candidates: list[int] = field(default_factory=list)
    features: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def labels(self) -> np.ndarray:
        return np.array([c in self.relevant for c in self.candidates], dtype=float)


def per_post(posts: list[Post], score: Callable[[Post], np.ndarray]) -> np.ndarray:
    """AP@5 of each post when its candidates are ranked by ``score`` (rounded, ties by key,
    as ``checked.py`` ranks)."""
    out = []
    for post in posts:
        scores = np.round(score(post), 3)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], post.candidates[i]))
        out.append(average_precision([post.candidates[i] for i in order], post.relevant))
    return np.array(out)


def vectors(cache: Path, name: str, texts: list[str]) -> np.ndarray:
    """The encoder's vectors of ``texts``, from ``cache`` when encoded before."""
    path = cache / f"{name}.npy"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, embeddings.encode(texts))
    return np.load(path)


def bm25_index(documents: list[list[str]]) -> object:
    import bm25s

    index = bm25s.BM25()
    index.index([d or [""] for d in documents], show_progress=False)
    return index


def load(data: Path, cache: Path) -> tuple[list[Post], np.ndarray, np.ndarray]:
    """The tuning posts with candidates and features; the stored claim vectors; headlines'."""
    claims = read_tsv(data / "verified-claims.tsv")
    tuning, _ = split(read_tsv(data / "train-queries.tsv"))
    position = {vclaim_id: i for i, (vclaim_id, _, _) in enumerate(claims)}
    relevant: dict[str, set[int]] = {}
    for line in (data / "train-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet, _, vclaim, _ = line.split()
            relevant.setdefault(tweet, set()).add(position[vclaim])
    texts = [clean(" ".join(text.split())) for _, text in tuning]
    posts_v = vectors(cache, "tuning_posts", texts)
    claims_v = vectors(cache, "claims", [clean(claim) for _, claim, _ in claims])
    headlines_v = vectors(cache, "headlines", [clean(title) for _, _, title in claims])
    index = _new_vector_index()
    index.add(np.arange(len(claims), dtype=np.uint64), claims_v)
    stored = index.get(np.arange(len(claims), dtype=np.uint64), dtype=np.float32)
    stored /= np.linalg.norm(stored, axis=1, keepdims=True)
    both = bm25_index([tokens(f"{claim} {title}") for _, claim, title in claims])
    claim_only = bm25_index([tokens(claim) for _, claim, _ in claims])
    headline_only = bm25_index([tokens(title) for _, _, title in claims])
    normalised = [normalise(claim) for _, claim, _ in claims]
    posts = []
    for (tweet, _), text, vector in zip(tuning, texts, posts_v, strict=True):
        words = tokens(text)
        scores = [np.asarray(i.get_scores(words), dtype=np.float32) if words  # type: ignore[attr-defined]
                  else np.zeros(len(claims), dtype=np.float32)
                  for i in (both, claim_only, headline_only)]
        top = np.argsort(-scores[0], kind="stable")[:CANDIDATES]
        post = Post(relevant[tweet], vector, scores[0],
                    [int(i) for i in top if scores[0][i] > 0])
        nearest = index.search(vector, CANDIDATES)
        post.candidates = sorted({int(k) for k in nearest.keys} | set(post.lexical))
        _features(post, text, stored, headlines_v, scores, normalised)
        posts.append(post)
    return posts, stored, headlines_v


def _features(post: Post, text: str, stored: np.ndarray, headlines: np.ndarray,
              scores: list[np.ndarray], normalised: list[object]) -> None:
    c = post.candidates
    cos = stored[c] @ post.vector
    relative = [s[c] / max(float(s.max()), BM25_FLOOR) for s in scores]
    query = normalise(text)
    comparisons = [compare(query, normalised[i]) for i in c]  # type: ignore[arg-type]
    post.features = {
        "cos": cos, "lex": relative[0], "lex_claim": relative[1], "lex_headline": relative[2],
        "cos_headline": headlines[c] @ post.vector,
        "inv_cos_rank": 1 / (1 + np.argsort(np.argsort(-cos))),
        "inv_bm25_rank": 1 / (1 + np.argsort(np.argsort(-relative[0]))),
        "cos_gap": cos - cos.max(),
        "comparison": np.array([x.score for x in comparisons]),
        "numbers_differ": np.array([float(x.numbers_differ) for x in comparisons]),
        "negation": np.array([float(x.negation_differs) for x in comparisons]),
    }


def shipped(post: Post) -> np.ndarray:
    """The score ``checked.py`` ships."""
    f = post.features
    return (SEMANTIC_WEIGHT * f["cos"] + LEXICAL_WEIGHT * f["lex"]) / (
        SEMANTIC_WEIGHT + LEXICAL_WEIGHT)


def reciprocal_rank_fusion(post: Post, k: int = 60) -> np.ndarray:
    f = post.features
    return sum(1 / (k + np.argsort(np.argsort(-f[name]))) for name in ("cos", "lex"))


def matrix(post: Post, names: list[str]) -> np.ndarray:
    return np.column_stack([post.features[n] for n in names]).astype(float)


def train_listwise(posts: list[Post], names: list[str], l2: float = L2) -> np.ndarray:
    """Weights maximising the softmax likelihood of the right candidates, by Newton's method
    with a backtracking line search (the problem is convex)."""
    pairs = [(matrix(p, names), p.labels / p.labels.sum()) for p in posts if p.labels.any()]
    n = len(pairs)
    weights = np.zeros(len(names))

    def loss(w: np.ndarray) -> float:
        total = 0.5 * l2 * n * float(w @ w)
        for x, target in pairs:
            s = x @ w
            top = s.max()
            total -= float(target @ (s - top - np.log(np.exp(s - top).sum())))
        return total

    current = loss(weights)
    for _ in range(50):
        gradient = l2 * n * weights
        hessian = l2 * n * np.eye(len(names))
        for x, target in pairs:
            s = x @ weights
            p = np.exp(s - s.max())
            p /= p.sum()
            gradient += x.T @ (p - target)
            weighted = x.T * p
            hessian += weighted @ x - np.outer(weighted.sum(1), weighted.sum(1))
        step = np.linalg.solve(hessian, gradient)
        rate = 1.0
        while rate > 1e-4 and loss(weights - rate * step) > current:
            rate /= 2
        weights = weights - rate * step
        new = loss(weights)
        if current - new < 1e-7:
            break
        current = new
    return weights


def cross_validated(posts: list[Post], fit: Callable[[list[Post]], Callable[[Post], np.ndarray]],
                    ) -> np.ndarray:
    """Out-of-fold AP@5 of each post, averaged over the shuffles."""
    total = np.zeros(len(posts))
    for seed in SHUFFLES:
        order = np.random.default_rng(seed).permutation(len(posts))
        for fold in np.array_split(order, FOLDS):
            held = set(fold.tolist())
            score = fit([posts[i] for i in order if i not in held])
            total[fold] += per_post([posts[i] for i in fold], score)
    return total / len(SHUFFLES)


def reranker(names: list[str]) -> Callable[[list[Post]], Callable[[Post], np.ndarray]]:
    def fit(train: list[Post]) -> Callable[[Post], np.ndarray]:
        weights = train_listwise(train, names)
        return lambda post: matrix(post, names) @ weights
    return fit


def train_adapter(train: list[Post], stored: np.ndarray, lam: float = ADAPTER_L2,
                  temperature: float = 20.0, steps: int = 150) -> np.ndarray:
    """The correction ``A`` of a query-side map ``v + v @ A``, trained with every verified claim
    as a negative (softmax over all of them, Adam, L2 towards the identity map)."""
    queries = np.stack([p.vector for p in train])
    target = np.zeros((len(train), len(stored)), dtype=np.float32)
    for row, post in enumerate(train):
        target[row, list(post.relevant)] = 1 / len(post.relevant)
    a = np.zeros((queries.shape[1],) * 2, dtype=np.float32)
    m, v = np.zeros_like(a), np.zeros_like(a)
    for t in range(1, steps + 1):
        s = temperature * (queries + queries @ a) @ stored.T
        p = np.exp(s - s.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = temperature * queries.T @ ((p - target) @ stored) / len(train) + lam * a
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        a -= 1e-3 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return a


def adapter(stored: np.ndarray, lam: float = ADAPTER_L2,
            ) -> Callable[[list[Post]], Callable[[Post], np.ndarray]]:
    """The shipped score after the query adapter; the candidates are looked up again with the
    mapped vector (and replace the post's: run it last)."""
    def fit(train: list[Post]) -> Callable[[Post], np.ndarray]:
        a = train_adapter(train, stored, lam)

        def score(post: Post) -> np.ndarray:
            mapped = post.vector + post.vector @ a
            cos = stored @ (mapped / np.linalg.norm(mapped))
            nearest = np.argpartition(-cos, CANDIDATES - 1)[:CANDIDATES]
            post.candidates = sorted(set(nearest.tolist()) | set(post.lexical))
            lex = post.bm25[post.candidates] / max(float(post.bm25.max()), BM25_FLOOR)
            return (SEMANTIC_WEIGHT * cos[post.candidates] + LEXICAL_WEIGHT * lex) / (
                SEMANTIC_WEIGHT + LEXICAL_WEIGHT)
        return score
    return fit


def report(name: str, scores: np.ndarray, baseline: np.ndarray) -> None:
    diff = scores - baseline
    print(f"{name:48s} MAP@5 {scores.mean():.4f}  vs shipped {diff.mean():+.4f} "
          f"± {diff.std() / np.sqrt(len(diff)):.4f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/already_checked_vectors"))  # noqa: S108 (a cache of public data)
    parser.add_argument("--adapter", action="store_true", help="also train the query adapter")
    parser.add_argument("--write-adapter", type=Path, metavar="NPZ",
                        help="train the query adapter on every tuning post and write it here "
                             "(factcheck/matching/query_adapter.npz is the shipped one)")
    args = parser.parse_args()
    posts, stored, _ = load(args.data, args.cache)
    if args.write_adapter:
        a = train_adapter(posts, stored)
        np.savez_compressed(args.write_adapter, matrix=a.astype(np.float16),
                            model=np.array(embeddings.MODEL_ID))
        print(f"wrote {args.write_adapter}: |A| {np.linalg.norm(a):.3f}")
        return
    found = np.mean([any(c in p.relevant for c in p.candidates) for p in posts])
    print(f"{len(posts)} tuning posts; the answer is among the candidates for {found:.1%}")
    baseline = per_post(posts, shipped)
    report("shipped weighted sum", baseline, baseline)
    report("reciprocal-rank fusion", per_post(posts, reciprocal_rank_fusion), baseline)
    for name, names in FEATURE_SETS.items():
        report(f"re-ranker: {name}", cross_validated(posts, reranker(names)), baseline)
    if args.adapter:
        report(f"query adapter (L2 {ADAPTER_L2})", cross_validated(posts, adapter(stored)),
               baseline)


if __name__ == "__main__":
    main()
