"""Proposing controls from a donor pool: the most correlated, or a few principal components."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mixroom.errors import InvalidInput

Array = NDArray[np.float64]


def correlations(target: Array, donors: Array, pre: NDArray[np.bool_]) -> Array:
    """Pearson correlation (D,) of each donor (D, T) with the target over shared pre days."""
    known = pre & np.isfinite(target) & np.isfinite(donors)
    count = known.sum(axis=1)
    y = np.where(known, target, 0.0)
    x = np.where(known, donors, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        my = y.sum(axis=1) / count
        mx = x.sum(axis=1) / count
        dy = np.where(known, target - my[:, None], 0.0)
        dx = np.where(known, donors - mx[:, None], 0.0)
        r = (dx * dy).sum(axis=1) / np.sqrt((dx**2).sum(axis=1) * (dy**2).sum(axis=1))
    return np.asarray(np.where(count >= 3, np.nan_to_num(r), 0.0))


def top_correlated(target: Array, donors: Array, pre: NDArray[np.bool_], k: int) -> list[int]:
    """Indices of the k donors most correlated with the target in the pre-period."""
    if k < 1:
        raise InvalidInput("choose at least one control")
    r = correlations(target, donors, pre)
    order = np.argsort(-r, kind="stable")
    return [int(i) for i in order[: min(k, donors.shape[0])]]


def principal_components(donors: Array, pre: NDArray[np.bool_], k: int) -> Array:
    """The k leading components (T, k) of a standardised donor pool, fitted on the pre-period.

    Donors with a missing day are left out (a component must exist every day); each
    component is the donors' pre-period standardised values projected on a right singular
    vector, extended to every day.
    """
    complete = donors[np.isfinite(donors).all(axis=1)]
    if complete.shape[0] < 2:
        raise InvalidInput("principal components need at least two complete donor series")
    mean = complete[:, pre].mean(axis=1, keepdims=True)
    sd = complete[:, pre].std(axis=1, ddof=1, keepdims=True)
    scaled = (complete - mean) / np.where(sd > 0, sd, 1.0)
    _, _, vt = np.linalg.svd(scaled[:, pre].T, full_matrices=False)
    k = min(k, vt.shape[0])
    return np.asarray(scaled.T @ vt[:k].T)
