"""The vectorised recursion against the plain day-by-day Kalman filter."""

from __future__ import annotations

import numpy as np
import pytest

from mixroom.analysis.impact import engine, recursion


def day_by_day(columns: np.ndarray, observed: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, ...]:
    n, t, c = columns.shape
    innovations = np.empty((n, q.size, t, c))
    state_var = np.empty((n, q.size, t))
    for i in range(n):
        for j, qj in enumerate(q):
            level, p = np.zeros(c), 0.0
            for day in range(t):
                innovations[i, j, day] = columns[i, day] - level
                state_var[i, j, day] = p
                if observed[i, day]:
                    gain = p / (p + 1.0)
                    level = level + gain * innovations[i, j, day]
                    p = gain + qj
                else:
                    p = p + qj
    return innovations, state_var


@pytest.mark.parametrize("gaps", [0, 3, 40])
def test_blocks_and_runs_give_the_day_by_day_filter(gaps: int) -> None:
    rng = np.random.default_rng(gaps)
    n, t = 3, 150
    observed = np.ones((n, t), bool)
    observed[:, 120:] = False
    for i in range(n):
        observed[i, rng.choice(118, gaps, replace=False) + 2] = False
    columns = rng.normal(size=(n, t, 2)).cumsum(axis=1)
    q = engine.R_GRID**2
    expected_v, expected_p = day_by_day(columns, observed, q)
    got_v, got_p = engine._filter(columns, observed, q)
    assert np.allclose(got_p, expected_p, rtol=1e-9, atol=1e-12)
    assert np.allclose(got_v, expected_v, rtol=1e-8, atol=1e-8)


def test_a_huge_drift_ratio_falls_back_to_shorter_blocks() -> None:
    rng = np.random.default_rng(1)
    observed = np.ones((1, 80), bool)
    columns = rng.normal(size=(1, 80, 1))
    q = np.array([0.0, 1e8])
    expected_v, _ = day_by_day(columns, observed, q)
    got_v, _ = engine._filter(columns, observed, q)
    assert np.allclose(got_v, expected_v, rtol=1e-8, atol=1e-8)


def test_many_distinct_masks_use_the_loop_over_days() -> None:
    rng = np.random.default_rng(2)
    observed = rng.uniform(size=(12, 60)) > 0.3
    observed[:, 0] = True
    q = np.array([0.0, 0.01, 4.0])
    variances, index = recursion.variances(observed, q)
    _, expected_p = day_by_day(np.zeros((12, 60, 1)), observed, q)
    assert np.allclose(variances[index], expected_p)
