"""One impact study end to end: the estimate, its paths, in-time placebos and warnings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mixroom.analysis.impact import batch, checks, counts, engine, honesty, mixture
from mixroom.analysis.series import Table, regularise, weekdays
from mixroom.errors import InvalidInput

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    estimate: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Placebos:
    """In-time placebo studies on pseudo-intervention dates inside the pre-period."""

    runs: int
    false_alarms: int
    rate: float | None
    inflation: float


@dataclass(frozen=True)
class Notice:
    """A warning, as a code and the values its sentence needs (see ``words``)."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Path:
    """Day by day: observed, counterfactual with its band, pointwise and cumulative effect."""

    dates: list[str]
    observed: list[float | None]
    counterfactual: list[float | None]
    counterfactual_lower: list[float | None]
    counterfactual_upper: list[float | None]
    effect: list[float | None]
    effect_lower: list[float | None]
    effect_upper: list[float | None]
    cumulative: list[float | None]
    cumulative_lower: list[float | None]
    cumulative_upper: list[float | None]


@dataclass(frozen=True)
class ImpactResult:
    design: str
    target: str
    controls: list[str]
    start: str
    end: str
    frequency: str
    level: float
    pre_periods: int
    post_periods: int
    count_model: bool
    observed: float
    counterfactual: Interval
    cumulative: Interval
    average: Interval
    relative: Interval
    p: float
    probability: float
    pre_r2: float
    placebos: Placebos
    notices: list[Notice]
    path: Path
    coefficients: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape shared by the CLI's --json and the API."""
        data = asdict(self)
        data["effect"] = {
            "cumulative": self.cumulative.estimate,
            "cumulative_lower": self.cumulative.lower,
            "cumulative_upper": self.cumulative.upper,
            "average": self.average.estimate,
            "average_lower": self.average.lower,
            "average_upper": self.average.upper,
            "relative": self.relative.estimate,
            "relative_lower": self.relative.lower,
            "relative_upper": self.relative.upper,
        }
        return data


@dataclass(frozen=True)
class Frame:
    """A study's arrays on one calendar: the target, the controls and the windows."""

    dates: NDArray[np.datetime64]
    y: Array  # (T,)
    x: Array  # (T, J)
    start: int  # first post index
    stop: int  # one past the last post index
    weekday: NDArray[np.int_] | None
    count: bool
    stock: bool = False  # y and x are the daily gains of running totals


def _clean(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _list(values: Array) -> list[float | None]:
    return [_clean(v) for v in values]


def frame(
    table: Table,
    target: str,
    controls: list[str] | None,
    start: date,
    end: date | None,
    count: bool | None,
    stock: bool = False,
) -> tuple[Frame, list[str]]:
    """The study's arrays; a ``stock`` (a running total such as followers, and its controls)
    becomes its day-to-day gains, so the effect is the extra gain over the window."""
    table = regularise(table)
    if target not in table.columns:
        raise InvalidInput(f"no column named '{target}'")
    names = [name for name in table.columns if name != target] if controls is None else controls
    for name in names:
        if name not in table.columns:
            raise InvalidInput(f"no control column named '{name}'")
        if name == target:
            raise InvalidInput(f"'{target}' cannot be its own control")
    first = int(np.searchsorted(table.dates, np.datetime64(start, "D")))
    last = (
        table.dates.size
        if end is None
        else int(np.searchsorted(table.dates, np.datetime64(end, "D"), side="right"))
    )
    if first == 0:
        raise InvalidInput("the intervention date must come after the first date of the series")
    if first >= last:
        raise InvalidInput("no data between the intervention date and the end")
    y = table.columns[target][:last]
    x = np.stack([table.columns[name][:last] for name in names], axis=1) if names else None
    if stock:
        y = np.diff(y, prepend=np.nan)
        x = None if x is None else np.diff(x, axis=0, prepend=np.nan)
    finite = y[np.isfinite(y)]
    if count is None:
        pre = y[:first][np.isfinite(y[:first])]
        count = bool(
            finite.size
            and (finite >= 0).all()
            and (finite == np.round(finite)).all()
            and pre.size
            and float(np.median(pre)) < 30
        )
    weekday = weekdays(table.dates[:last]) if table.frequency == "daily" else None
    return (
        Frame(
            table.dates[:last],
            y,
            np.zeros((last, 0)) if x is None else x,
            first,
            last,
            weekday,
            count,
            stock,
        ),
        names,
    )


def estimate_impact(
    table: Table,
    target: str,
    start: date,
    *,
    controls: list[str] | None = None,
    end: date | None = None,
    count: bool | None = None,
    trend: bool = False,
    level: float = 0.95,
    placebo_runs: int = 20,
    seed: int = 0,
    stock: bool = False,
) -> ImpactResult:
    """Estimate the effect on ``target`` of an intervention on ``start``.

    ``controls`` None means every other column; an empty list is an interrupted time series.
    ``count`` None decides from the data (non-negative integers with a pre-period median
    under 30). Intervals are widened when the in-time placebos raise too many false alarms.
    ``stock`` analyses a running total (and its controls) by its daily gains: the observed
    and counterfactual figures are gains over the window, the effect the extra gain (the
    count rule then applies to the gains, and the gains get a drift).
    """
    data, names = frame(table, target, controls, start, end, count, stock)
    trend = trend or stock  # a stock's gains drift, as in batch.analyse
    placebos = run_placebos(data, trend, level, placebo_runs, seed)
    effects = _analyse(data, trend, level, placebos.inflation, seed)
    fit, path = _path(data, trend, level, placebos.inflation, seed)
    days = int(effects.days[0])
    notices = checks.notices(data, names, effects, placebos, trend, level, target)
    return ImpactResult(
        design="structural" if names else "interrupted",
        target=target,
        controls=names,
        start=str(data.dates[data.start]),
        end=str(data.dates[data.stop - 1]),
        frequency=regularise(table).frequency,
        level=level,
        pre_periods=int(fit.observed.sum()),
        post_periods=days,
        count_model=data.count,
        observed=float(effects.observed[0]),
        counterfactual=Interval(
            _clean(effects.counterfactual[0]),
            _clean(effects.observed[0] - effects.cumulative_upper[0]),
            _clean(effects.observed[0] - effects.cumulative_lower[0]),
        ),
        cumulative=Interval(
            _clean(effects.cumulative[0]),
            _clean(effects.cumulative_lower[0]),
            _clean(effects.cumulative_upper[0]),
        ),
        average=Interval(
            _clean(effects.cumulative[0] / days),
            _clean(effects.cumulative_lower[0] / days),
            _clean(effects.cumulative_upper[0] / days),
        ),
        relative=Interval(
            _clean(effects.relative[0]),
            _clean(effects.relative_lower[0]),
            _clean(effects.relative_upper[0]),
        ),
        p=float(effects.p[0]),
        probability=float(effects.probability[0]),
        pre_r2=float(effects.pre_r2[0]),
        placebos=placebos,
        notices=notices,
        path=path,
        coefficients={
            name: float(value) for name, value in zip(names, fit.coefficients[0], strict=True)
        },
    )


def _masks(size: int, windows: list[tuple[int, int]]) -> tuple[NDArray[np.bool_], ...]:
    index = np.arange(size)
    pre = np.stack([index < first for first, _ in windows])
    post = np.stack([(index >= first) & (index < stop) for first, stop in windows])
    return pre, post


def _analyse(
    data: Frame,
    trend: bool,
    level: float,
    inflation: float,
    seed: int,
    windows: list[tuple[int, int]] | None = None,
    annual: bool | None = None,
) -> batch.Effects:
    windows = windows or [(data.start, data.stop)]
    pre, post = _masks(data.y.size, windows)
    rows = len(windows)
    y = np.broadcast_to(data.y, (rows, data.y.size))
    x = np.broadcast_to(data.x, (rows, *data.x.shape)) if data.x.shape[1] else None
    return batch.analyse(
        y,
        x,
        pre,
        post,
        weekday=data.weekday,
        trend=trend,
        count=data.count,
        level=level,
        inflation=np.full(rows, inflation),
        seed=seed,
        annual=annual,
    )


def run_placebos(data: Frame, trend: bool, level: float, runs: int, seed: int) -> Placebos:
    """The false-alarm rate on placebo dates, and the widening that brings it to nominal.

    The intervals are widened only when the false alarms exceed what a calibrated model
    gives with probability 0.9 (a binomial bound), by the factor that would have brought
    the placebos' exceedances down to the nominal rate. The placebos fit the study's own
    model (with the annual cycle when the study has it, though their histories are shorter).
    """
    windows = honesty.placebo_windows(data.start, data.stop - data.start, runs)
    if len(windows) < 5:
        return Placebos(len(windows), 0, None, 1.0)
    annual = engine.wants_annual(np.arange(data.y.size)[None, :] < data.start, data.weekday)
    try:
        effects = _analyse(data, trend, level, 1.0, seed, windows, annual)
    except InvalidInput:
        return Placebos(0, 0, None, 1.0)
    alarms = int((effects.p < 1.0 - level).sum())
    half = (effects.cumulative_upper - effects.cumulative_lower) / 2
    ratio = np.abs(effects.cumulative) / np.maximum(half, 1e-12)
    factor = honesty.inflation(alarms, len(windows), ratio, level)
    return Placebos(len(windows), alarms, alarms / len(windows), factor)


def _path(
    data: Frame, trend: bool, level: float, inflation: float, seed: int
) -> tuple[engine.Fit, Path]:
    pre, post = _masks(data.y.size, [(data.start, data.stop)])
    y = data.y[None, :]
    x = data.x[None] if data.x.shape[1] else None
    if data.count:
        fit = engine.fit(
            counts.forward(y),
            counts.scale_controls(x),
            pre,
            post,
            weekday=data.weekday,
            trend=trend,
        )
        bands = _count_bands(fit, data, level, inflation, seed)
    else:
        fit = engine.fit(y, x, pre, post, weekday=data.weekday, trend=trend)
        bands = _gaussian_bands(fit, data, level, inflation)
    effect, low, high, cum, cum_low, cum_high = bands
    observed = np.where(np.isfinite(data.y), data.y, np.nan)
    return fit, Path(
        dates=[str(d) for d in data.dates],
        observed=_list(observed),
        counterfactual=_list(observed - effect),
        counterfactual_lower=_list(observed - high),
        counterfactual_upper=_list(observed - low),
        effect=_list(effect),
        effect_lower=_list(low),
        effect_upper=_list(high),
        cumulative=_list(cum),
        cumulative_lower=_list(cum_low),
        cumulative_upper=_list(cum_high),
    )


def _gaussian_bands(fit: engine.Fit, data: Frame, level: float, inflation: float) -> list[Array]:
    tail = (1.0 - level) / 2
    weights = np.broadcast_to(fit.weights[0], (data.y.size, fit.weights.shape[1]))
    dof = np.full(data.y.size, fit.dof[0])
    loc = fit.effect[0].T
    scale = np.sqrt(fit.scale2[0] * engine.point_variance(fit)[0].T) * inflation
    point = mixture.mean(weights, loc)
    low, high = mixture.quantiles([tail, 1 - tail], weights, loc, scale, dof)
    known = fit.observed[0] | fit.usable[0]
    size = data.y.size
    post = np.arange(data.start, size)
    prefix = fit.usable[0][None, :] & (np.arange(size)[None, :] <= post[:, None])
    cum, var = engine.window(fit.effect, fit.state_var, fit.loadings, fit.inverse, prefix[None])
    cum_scale = np.sqrt(fit.scale2[0] * np.maximum(var[0], 1e-12)) * inflation
    post_weights, post_dof = weights[: post.size], dof[: post.size]
    cum_point, cum_low, cum_high = (np.full(size, np.nan) for _ in range(3))
    cum_point[post] = mixture.mean(post_weights, cum[0])
    cum_low[post], cum_high[post] = mixture.quantiles(
        [tail, 1 - tail], post_weights, cum[0], cum_scale, post_dof
    )
    return [np.where(known, a, np.nan) for a in (point, low, high)] + [cum_point, cum_low, cum_high]


def _count_bands(
    fit: engine.Fit, data: Frame, level: float, inflation: float, seed: int
) -> list[Array]:
    tail = (1.0 - level) / 2
    columns, post_draws = counts.counterfactual_draws(
        fit, data.y[None, :], np.array([inflation]), np.random.default_rng(seed)
    )
    draws = np.zeros((post_draws.shape[1], data.y.size))
    draws[:, columns] = post_draws[0]
    used = fit.usable[0]
    effects = np.where(used, np.nan_to_num(data.y) - draws, 0.0)
    cumulative = np.cumsum(effects, axis=1)
    in_post = np.arange(data.y.size) >= data.start
    point = np.where(used, effects.mean(axis=0), np.nan)
    low, high = (np.where(used, q, np.nan) for q in np.quantile(effects, [tail, 1 - tail], axis=0))
    cum_low, cum_high = (
        np.where(in_post, q, np.nan) for q in np.quantile(cumulative, [tail, 1 - tail], axis=0)
    )
    return [point, low, high, np.where(in_post, cumulative.mean(axis=0), np.nan), cum_low, cum_high]
