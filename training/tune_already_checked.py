"""Choose the weights of "already checked" on the TUNING part of the matching split only.

Run from the repository root, against a database the bench has imported the verified claims
into (``bench/bench_already_checked.py --database URL`` leaves it there)::

    .venv/bin/python -m training.tune_already_checked --database sqlite:///…/bench.sqlite

It ranks the 500 tuning posts (the split of ``bench/bench_already_checked.py``: the 800
training posts shuffled with ``random.Random(14)``, the first 500) in process with each
candidate weight of the lexical evidence, and prints MAP@5 for each. The 300 held-out posts
are never read here.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench.bench_already_checked import DATA, URL, average_precision, read_tsv, split

WEIGHTS = (0.2, 0.25, 0.3, 0.35, 0.45, 0.6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--database", required=True, help="the bench's imported database")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    from factcheck import create_app
    from factcheck.extensions import db
    from factcheck.matching import checked

    queries = read_tsv(args.data / "train-queries.tsv")
    relevant: dict[str, set[str]] = {}
    for line in (args.data / "train-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet, _, vclaim, _ = line.split()
            relevant.setdefault(tweet, set()).add(URL.format(vclaim))
    tuning, _ = split(queries)
    texts = [" ".join(text.split()) for _, text in tuning]
    app = create_app()
    with app.app_context():
        vectors = checked.query_vectors(texts)
        for weight in WEIGHTS:
            checked.LEXICAL_WEIGHT = weight
            scores = []
            for (tweet, _), text, vector in zip(tuning, texts, vectors, strict=True):
                found = checked.find_checked(db.session, text, 5, vector=vector)
                scores.append(average_precision([f.url for f in found], relevant[tweet]))
            print(f"lexical weight {weight:.2f}: MAP@5 {sum(scores) / len(scores):.4f} "
                  f"on the {len(tuning)} tuning posts", flush=True)


if __name__ == "__main__":
    main()
