"""A fast reading of the whole sentence: the desk's encoder distilled into a word-piece table.

``static_vectors.npz`` holds one vector per word piece of the encoder's vocabulary (written by
``training/distill_static.py`` from the packaged MiniLM, Model2Vec's recipe). A sentence's vector
is the mean of its pieces' rows, unit length: no network runs, so every sentence of an article or
a debate can be read this way (thousands a second on one core). It needs numpy and tokenizers
(both installed with the encoder); without them, or with ``FACTCHECK_ENCODER=none``, callers keep
their lexical scores.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("static_vectors.npz")
#: Names the table a head was trained on; written into ``encoder_head.json``.
MODEL_ID = "all-MiniLM-L6-v2-int8-static-384"
_VOCAB = Path(__file__).resolve().parents[1] / "vendor" / "minilm" / "vocab.txt"
MAX_PIECES = 128


def readable(text: str) -> bool:
    """Whether the (English) encoder can read ``text``: most of its letters are Latin.

    The vocabulary is English; a Russian sentence falls apart into single letters, and its
    reading says nothing, so such a sentence keeps its lexical score.
    """
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if c < "\u0250")
    return bool(letters) and latin * 2 >= len(letters)


@cache
def tokenizer() -> Any:
    """The encoder's own word-piece tokenizer (lower-cased, no [CLS]/[SEP] when asked)."""
    from tokenizers import BertWordPieceTokenizer
    from tokenizers.models import WordPiece

    pieces = BertWordPieceTokenizer(WordPiece.read_file(str(_VOCAB)), lowercase=True)
    pieces.enable_truncation(MAX_PIECES)
    return pieces


@cache
def _table() -> tuple[Any, Any]:
    """The int8 rows and each row's scale, kept as stored: 12 MB in each process that reads,
    where the table widened to float32 would take 47 MB."""
    import numpy as np

    with np.load(TABLE_PATH, allow_pickle=False) as stored:
        return stored["pieces"], stored["scales"].astype(np.float32)


def available() -> bool:
    """Whether sentences can be read here: numpy, tokenizers and the table, not switched off."""
    if os.environ.get("FACTCHECK_ENCODER", "").lower() in {"none", "off", "0"}:
        return False
    if not TABLE_PATH.exists():
        return False
    try:
        import numpy  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


def encode(texts: list[str]) -> Any:
    """Unit-length float32 vectors (one row per text) from the mean of the pieces' rows."""
    import numpy as np

    pieces, scales = _table()
    out = np.zeros((len(texts), pieces.shape[1]), dtype=np.float32)
    encodings = tokenizer().encode_batch(texts, add_special_tokens=False)
    for row, encoding in enumerate(encodings):
        if encoding.ids:
            ids = encoding.ids
            out[row] = (pieces[ids].astype(np.float32) * scales[ids, None]).mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
