"""Synthetic control, staggered difference-in-differences and control proposals."""

from __future__ import annotations

import numpy as np
import pytest

from mixroom.analysis.impact.controls import principal_components, top_correlated
from mixroom.analysis.impact.designs import simplex_weights, staggered_did, synthetic_control
from mixroom.errors import InvalidInput

DONORS = np.array(
    [
        [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 5.0, 7.0],
        [2.0, 1.0, 4.0, 3.0, 6.0, 5.0, 8.0, 6.0],
        [5.0, 5.0, 1.0, 2.0, 1.0, 3.0, 2.0, 2.0],
    ]
)


def test_simplex_weights_recover_a_convex_mix() -> None:
    target = 0.3 * DONORS[0] + 0.7 * DONORS[1]
    weights = simplex_weights(target - target.mean(), DONORS - DONORS.mean(axis=1, keepdims=True))
    assert weights.tolist() == pytest.approx([0.3, 0.7, 0.0], abs=1e-6)


def test_synthetic_control_finds_a_step_and_ranks_it_first() -> None:
    rng = np.random.default_rng(1)
    donors = np.cumsum(rng.normal(0, 1, (12, 40)), axis=1) + 50
    target = 10 + 0.5 * donors[0] + 0.5 * donors[1] + rng.normal(0, 0.2, 40)
    target[30:] += 5.0
    result = synthetic_control(target, donors, 30)
    assert result.weights[:2].sum() > 0.8
    assert result.lower < 50 < result.upper
    assert result.cumulative == pytest.approx(50, abs=5)
    assert result.p == pytest.approx(1 / 13)


def test_synthetic_control_refuses_gaps() -> None:
    donors = DONORS.copy()
    donors[0, 2] = np.nan
    with pytest.raises(InvalidInput):
        synthetic_control(DONORS[2], donors[:2], 5)


def test_staggered_did_on_a_noiseless_panel_is_exact() -> None:
    periods = np.arange(10, dtype=float)
    unit_levels = np.array([[0.0], [3.0], [1.0], [5.0], [2.0]])
    y = unit_levels + 0.5 * periods
    launch = np.array([4, 6, -1, -1, 4])
    for unit, start in enumerate(launch):
        if start >= 0:
            y[unit, start:] += 2.0
    result = staggered_did(y, launch, draws=50)
    assert result.att == pytest.approx(2.0)
    assert (result.lower, result.upper) == pytest.approx((2.0, 2.0))
    assert result.pre_trend == pytest.approx(0.0)
    assert result.by_cohort == pytest.approx({4: 2.0, 6: 2.0})


def test_staggered_did_covers_a_noisy_effect_and_checks_inputs() -> None:
    rng = np.random.default_rng(3)
    launch = np.where(rng.random(80) < 0.5, rng.integers(8, 20, 80), -1)
    y = rng.normal(0, 1, (80, 30)) + rng.normal(0, 3, (80, 1)) + 0.2 * np.arange(30)
    y += np.where((launch[:, None] >= 0) & (np.arange(30) >= launch[:, None]), 1.5, 0.0)
    result = staggered_did(y, launch)
    assert result.lower < 1.5 < result.upper
    assert result.pre_trend_lower < 0 < result.pre_trend_upper
    with pytest.raises(InvalidInput):
        staggered_did(y, np.full(80, -1))


def test_controls_proposed_by_correlation_and_components() -> None:
    pre = np.ones(8, bool)
    pre[6:] = False
    target = DONORS[1] * 2 + 1
    assert top_correlated(target, DONORS, pre, 2) == [1, 0]
    components = principal_components(DONORS, pre, 2)
    assert components.shape == (8, 2)
    assert abs(np.corrcoef(components[:6, 0], components[:6, 1])[0, 1]) < 1e-9
