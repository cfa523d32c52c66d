"""Synthetic panels with known truth (protocol of ../shared/reference/impact.md §4.1, abridged).

Every replicate is one treated unit and J controls over T_pre + T_post days, with the
untreated outcome y0 and the observed y drawn from the same noise, so the realised cumulative
effect τ = Σ_post (y - y0) is known exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

Array = NDArray[np.float64]
VERSION = "panels-1"
WEEKLY = np.array([-0.6, 0.0, 0.1, 0.2, 0.3, 0.9, 0.7])  # museums: Monday low, weekend peak


@dataclass(frozen=True)
class Cell:
    name: str
    family: str = "gauss"  # gauss | count | stock
    pre: int = 365
    post: int = 60
    controls: int = 3
    effect: float = 0.0
    shape: str = "step"  # step | ramp | pulse
    stress: str = ""  # contamination | missing | outliers | short | break
    reps: int = 500

    @property
    def days(self) -> int:
        return self.pre + self.post


@dataclass(frozen=True)
class Panel:
    y: Array  # (R, T) observed, NaN where missing
    x: Array  # (R, T, J)
    y0: Array  # (R, T) untreated
    weekday: NDArray[np.int_]
    pre: int
    truth: Array  # (R,) Σ_post (y - y0)
    base: Array  # (R,) Σ_post y0

    @property
    def post_sum(self) -> Array:
        return np.asarray(np.nansum(self.y[:, self.pre :], axis=1))


def lift(cell: Cell) -> Array:
    """The multiplicative effect δ_t over the post-period."""
    h = np.arange(cell.post, dtype=float)
    shapes = {
        "step": np.ones(cell.post),
        "ramp": np.minimum(1.0, (h + 1) / 14),
        "pulse": 2.0 ** (-h / 7),
    }
    return cell.effect * shapes[cell.shape]


def _factors(rng: np.random.Generator, reps: int, days: int) -> Array:
    walk = np.cumsum(rng.normal(0.02, 0.5, (reps, days)), axis=1)
    ar = np.zeros((reps, days))
    shocks = rng.normal(0, 1.0, (reps, days))
    for t in range(1, days):
        ar[:, t] = 0.9 * ar[:, t - 1] + shocks[:, t]
    yearly = np.sin(2 * np.pi * np.arange(days) / 365.25)[None, :] * 2.0
    return np.stack([walk, ar, np.broadcast_to(yearly, (reps, days))], axis=2)


def _latent(rng: np.random.Generator, factors: Array, units: int) -> Array:
    """Latent daily means (R, units, T) of one treated unit and its controls."""
    reps, days, _ = factors.shape
    weekday = np.arange(days) % 7
    loadings = rng.normal(1.0, 0.3, (reps, units, 3))
    amplitude = rng.uniform(0.5, 1.5, (reps, units, 1))
    level = np.cumsum(rng.normal(0, 0.05, (reps, units, days)), axis=2)
    mean = np.einsum("ruk,rtk->rut", loadings, factors)
    return np.asarray(100.0 + 3.0 * mean + 8.0 * amplitude * WEEKLY[weekday] + level)


def generate(cell: Cell, seed: int) -> Panel:
    rng = np.random.default_rng(seed)
    reps, days, j = cell.reps, cell.days, cell.controls
    factors = _factors(rng, reps, days)
    latent = _latent(rng, factors, j + 1)
    delta = np.zeros(days)
    delta[cell.pre :] = lift(cell)
    if cell.family == "count":
        scale = np.array([5.0] + [20.0] * j)[None, :, None]
        mu = scale * np.exp(0.02 * (latent - 100.0))
        u = rng.uniform(size=mu.shape)
        base = stats.poisson.ppf(u, mu)
        treated = stats.poisson.ppf(u[:, 0], mu[:, 0] * (1 + delta))
    elif cell.family == "stock":
        increments = np.maximum(latent - 80.0, 0.0) / 4
        u = rng.uniform(size=increments.shape)
        draws = stats.poisson.ppf(u, increments)
        extra = stats.poisson.ppf(u[:, 0], increments[:, 0] * (1 + delta))
        base = np.cumsum(draws, axis=2) + 1000.0
        treated = np.cumsum(extra, axis=1) + 1000.0
    else:
        noise = rng.normal(0, 4.0, latent.shape)
        if cell.stress == "outliers":
            noise = 4.0 * rng.standard_t(3, latent.shape)
        base = latent + noise
        treated = base[:, 0] * (1 + delta)
    y0 = base[:, 0].astype(float)
    y = treated.astype(float)
    x = np.moveaxis(base[:, 1:], 1, 2).astype(float)
    x = _stress(cell, rng, x, y, y0)
    if cell.stress == "missing":
        y[rng.uniform(size=y.shape) < 0.1] = np.nan
    post = slice(cell.pre, days)
    truth = np.nansum((y - y0)[:, post], axis=1)
    return Panel(
        y=y,
        x=x,
        y0=y0,
        weekday=np.arange(days) % 7,
        pre=cell.pre,
        truth=truth,
        base=y0[:, post].sum(axis=1),
    )


def _stress(cell: Cell, rng: np.random.Generator, x: Array, y: Array, y0: Array) -> Array:
    if cell.stress == "contamination":
        x = x + 0.2 * (y - y0)[:, :, None]
    elif cell.stress == "break":
        x = x.copy()
        x[:, cell.pre :, 0] += 0.1 * np.abs(x[:, : cell.pre, 0]).mean(axis=1, keepdims=True)
    return x


def cells(quick: bool) -> list[Cell]:
    """The default grid; ``quick`` keeps every cell with fewer replicates."""
    reps = 100 if quick else 500
    grid = [Cell(f"gauss δ={d:.0%}", effect=d, reps=reps) for d in (0.0, 0.01, 0.05, 0.10, 0.25)]
    grid += [
        Cell("gauss ramp 10%", effect=0.10, shape="ramp", reps=reps),
        Cell("gauss pulse 10%", effect=0.10, shape="pulse", reps=reps),
        Cell("gauss pre 90 δ=0%", pre=90, reps=reps),
        Cell("gauss pre 730 δ=10%", pre=730, effect=0.10, reps=reps),
        Cell("gauss J=10 δ=0%", controls=10, reps=reps),
        Cell("gauss post 14 δ=5%", post=14, effect=0.05, reps=reps),
        Cell("count δ=0%", family="count", reps=reps),
        Cell("count δ=25%", family="count", effect=0.25, reps=reps),
        Cell("stock δ=0%", family="stock", reps=reps),
        Cell("stock δ=10%", family="stock", effect=0.10, reps=reps),
        Cell("stress contamination 10%", effect=0.10, stress="contamination", reps=reps),
        Cell("stress missing 10% days", stress="missing", reps=reps),
        Cell("stress t3 outliers", stress="outliers", reps=reps),
        Cell("stress short pre 60", pre=60, reps=reps),
        Cell("stress control break", stress="break", reps=reps),
    ]
    return grid
