"""Distil the desk's sentence encoder into a static word-piece table (``static_vectors.npz``).

Run from the repository root::

    .venv/bin/python -m training.distill_static

The packaged MiniLM (:mod:`factcheck.embeddings`) reads a sentence well but manages only tens of
sentences a second per core, too slow to run on every sentence of every article. Model2Vec's
recipe turns it into a table with one vector per word piece, which reads a sentence by averaging
the vectors of its pieces (thousands of sentences a second, numpy only):

1. every word piece of the vendored vocabulary goes through the encoder alone
   (``[CLS] piece [SEP]``) and its output vector at the piece's position is kept;
2. the rows are centred and rotated onto their principal axes, keeping ``DIMENSIONS`` of them
   (384, all: fewer, 128 or 256, read worse in cross-validation);
3. optionally (``--sif A``) each row is weighted by ``A / (A + p(piece))``, ``p`` the piece's
   frequency in the training split, so that "the" and "," count for little. Cross-validation on
   the training split preferred no weighting (log-loss 0.176 against 0.178 with A = 0.001), so
   none is applied by default.

The result is stored as int8 with one scale per row (30,522 x ``DIMENSIONS``, about 12 MB).
Choices (dimensions, weighting) were made by cross-validated log-loss of the head on the training
split; nothing here reads held-out data.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck import embeddings
from factcheck.suggestions import static
from training.suggest_data import DEFAULT_DATA, load_splits

DIMENSIONS = 384
SIF_A = 0.0
BATCH = 512


def piece_vectors() -> np.ndarray:
    """The encoder's output for every word piece on its own (rows in vocabulary order)."""
    session, tokenizer = embeddings._encoder()
    size = tokenizer.get_vocab_size()
    out = np.zeros((size, embeddings.DIMENSIONS), dtype=np.float32)
    for start in range(0, size, BATCH):
        ids = np.arange(start, min(start + BATCH, size), dtype=np.int64)
        batch = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], axis=1)
        (hidden,) = session.run(None, {
            "input_ids": batch,
            "attention_mask": np.ones_like(batch),
            "token_type_ids": np.zeros_like(batch),
        })
        out[start:start + len(ids)] = hidden[:, 1, :]
    return out


def piece_frequencies(texts: Sequence[str], size: int) -> np.ndarray:
    """How often each word piece occurs in ``texts``, as a share of all pieces."""
    tokenizer = static.tokenizer()
    counts: Counter[int] = Counter()
    for encoding in tokenizer.encode_batch(list(texts), add_special_tokens=False):
        counts.update(encoding.ids)
    freq = np.zeros(size, dtype=np.float64)
    for piece, n in counts.items():
        freq[piece] = n
    return freq / max(freq.sum(), 1.0)


def main(argv: Sequence[str] | None = None) -> None:
    """Distil, reduce, weight and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=static.TABLE_PATH)
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    parser.add_argument("--sif", type=float, default=SIF_A, help="0: no frequency weighting")
    parser.add_argument("--cache", type=Path, help="an .npy cache of the raw piece vectors")
    args = parser.parse_args(argv)
    if args.cache is not None and args.cache.exists():
        vectors = np.load(args.cache, allow_pickle=False)
    else:
        vectors = piece_vectors()
        if args.cache is not None:
            np.save(args.cache, vectors, allow_pickle=False)
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[: args.dimensions].T
    splits = load_splits(args.data)
    freq = piece_frequencies([e.text for e in splits.train], len(vectors))
    table = reduced * (args.sif / (args.sif + freq))[:, None] if args.sif else reduced
    scales = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
    pieces = np.round(table / scales[:, None]).astype(np.int8)
    np.savez(args.out, pieces=pieces, scales=scales.astype(np.float32))
    print(f"wrote {args.out}: {table.shape[0]} pieces x {table.shape[1]} dimensions (int8)")


if __name__ == "__main__":
    main()
