"""The honesty layer at batch scale: placebo false alarms and the widening they trigger."""

from __future__ import annotations

import numpy as np
import pytest

from mixroom.analysis.impact import batch
from mixroom.analysis.impact.honesty import analyse_honest, inflation, placebo_windows


def test_inflation_only_beyond_the_binomial_bound() -> None:
    ratios = np.array([0.2, 0.5, 0.9, 1.4, 2.5, 0.3, 0.1, 0.7, 0.6, 0.4])
    assert inflation(1, 10, ratios, 0.95) == 1.0  # one alarm in ten: chance
    # binom.ppf(0.9, 10, 0.05) = 1: two alarms in ten are too many for a calibrated model
    assert inflation(2, 10, ratios, 0.95) == pytest.approx(np.quantile(ratios, 0.95))
    assert inflation(3, 4, ratios, 0.95) == 1.0  # too few placebos to judge


def test_placebo_windows_fit_the_pre_period() -> None:
    assert placebo_windows(365, 60, 3) == [(121, 181), (213, 273), (305, 365)]


def test_exhibition_bumps_raise_alarms_and_widen() -> None:
    """Temporary 40-day bumps (exhibitions) the model does not know about: placebo windows
    that meet one raise alarms, and those series get wider intervals."""
    rng = np.random.default_rng(12)
    n, days, launch = 60, 300, 240
    x = 50 + np.cumsum(rng.normal(0, 1, (n, days)), axis=1)
    bumps = np.zeros((n, days))
    for i in range(n):
        for start in rng.integers(0, days - 40, 4):
            bumps[i, start : start + 40] += 3.0
    y = 10 + x + rng.normal(0, 1, (n, days)) + bumps
    pre = np.zeros((n, days), bool)
    pre[:, :launch] = True
    honest = analyse_honest(y, x[:, :, None], pre, ~pre, runs=10)
    assert honest.runs.tolist() == [10] * n
    assert honest.false_alarms.sum() / honest.runs.sum() > 0.05
    widened = honest.inflation > 1
    assert 0 < widened.sum() < n
    plain = batch.analyse(y, x[:, :, None], pre, ~pre)
    width = honest.effects.cumulative_upper - honest.effects.cumulative_lower
    plain_width = plain.cumulative_upper - plain.cumulative_lower
    assert (width[widened] > plain_width[widened] * 1.01).all()
    assert width[~widened] == pytest.approx(plain_width[~widened])
