"""Adapters for the anchor packages, run by each anchor's own interpreter (never mixroom's).

    .envs/<anchor>/bin/python bench/impact/anchors.py ANCHOR PANEL.npz OUT.jsonl

reads one panel (``y`` (R, T), ``x`` (R, T, J), ``pre``, ``weekday``) and writes one JSON line
per replicate: the cumulative effect's estimate and 95 % interval, the package's own p and
the wall time of the call. Every adapter uses the matched configuration: local level,
weekly seasonality, static regression on the same controls.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Result = dict[str, float]
DRAWS = 1000


def statsmodels_uc(y: Array, x: Array, pre: int, weekday: Array) -> Result:
    """statsmodels UnobservedComponents by MLE, then 1,000 joint simulations of the post sum."""
    from statsmodels.tsa.statespace.structural import (  # type: ignore[import-not-found,import-untyped,unused-ignore]
        UnobservedComponents,
    )

    model = UnobservedComponents(y[:pre], level="llevel", exog=x[:pre], seasonal=7)
    fitted = model.fit(disp=False)
    sims = fitted.simulate(y.size - pre, repetitions=DRAWS, anchor="end", exog=x[pre:]).reshape(
        y.size - pre, -1
    )
    effects = y[pre:].sum() - sims.sum(axis=0)
    low, high = np.quantile(effects, [0.025, 0.975])
    below = float((effects < 0).mean())
    return {
        "estimate": float(effects.mean()),
        "lower": float(low),
        "upper": float(high),
        "p": 2 * min(below, 1 - below),
    }


def bsts(y: Array, x: Array, pre: int, weekday: Array) -> Result:
    """bsts-causalimpact (Rust Gibbs sampler) with its defaults plus weekly seasonality."""
    from causal_impact import CausalImpact  # type: ignore[import-not-found,import-untyped,unused-ignore]

    data = np.column_stack([y, x])
    impact = CausalImpact(data, [0, pre - 1], [pre, y.size - 1], model_args={"nseasons": 7})
    results = impact._results
    return {
        "estimate": float(results.cumulative_effect_total),
        "lower": float(results.cumulative_effect_lower[-1]),
        "upper": float(results.cumulative_effect_upper[-1]),
        "p": float(results.p_value),
    }


def pycausalimpact(y: Array, x: Array, pre: int, weekday: Array) -> Result:
    """pycausalimpact 0.1.1 (statsmodels MLE) with weekly seasonality."""
    import pandas as pd  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from causalimpact import CausalImpact  # type: ignore[import-not-found,import-untyped,unused-ignore]

    frame = pd.DataFrame(np.column_stack([y, x]))
    impact = CausalImpact(frame, [0, pre - 1], [pre, y.size - 1], nseasons=[{"period": 7}])
    summary = impact.summary_data["cumulative"]
    return {
        "estimate": float(summary["abs_effect"]),
        "lower": float(summary["abs_effect_lower"]),
        "upper": float(summary["abs_effect_upper"]),
        "p": float(impact.p_value),
    }


def causalpy_its(y: Array, x: Array, pre: int, weekday: Array) -> Result:
    """CausalPy InterruptedTimeSeries, Bayesian linear regression on controls and weekdays."""
    import causalpy as cp  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import pandas as pd  # type: ignore[import-not-found,import-untyped,unused-ignore]

    frame = pd.DataFrame({"y": y, "t": np.arange(y.size), "dow": weekday.astype(int)})
    for j in range(x.shape[1]):
        frame[f"x{j}"] = x[:, j]
    formula = "y ~ 1 + " + " + ".join(f"x{j}" for j in range(x.shape[1])) + " + C(dow)"
    frame = frame.set_index("t")
    model = cp.pymc_models.LinearRegression(
        sample_kwargs={
            "draws": 500,
            "tune": 500,
            "chains": 2,
            "progressbar": False,
            "random_seed": 1,
            "cores": 1,
        }
    )
    result = cp.InterruptedTimeSeries(frame, pre, formula=formula, model=model)
    cumulative = result.post_impact.sum("obs_ind").stack(sample=("chain", "draw")).values
    cumulative = np.asarray(cumulative).ravel()
    low, high = np.quantile(cumulative, [0.025, 0.975])
    below = float((cumulative < 0).mean())
    return {
        "estimate": float(cumulative.mean()),
        "lower": float(low),
        "upper": float(high),
        "p": 2 * min(below, 1 - below),
    }


ANCHORS: dict[str, Callable[[Array, Array, int, Array], Result]] = {
    "statsmodels": statsmodels_uc,
    "bsts": bsts,
    "pycausalimpact": pycausalimpact,
    "causalpy": causalpy_its,
}


def main(argv: list[str]) -> None:
    anchor, source, target = argv[1], argv[2], argv[3]
    adapter = ANCHORS[anchor]
    panel: Any = np.load(source)
    y, x, pre, weekday = panel["y"], panel["x"], int(panel["pre"]), panel["weekday"]
    warnings.simplefilter("ignore")
    with open(target, "w", encoding="utf-8") as out:
        for rep in range(y.shape[0]):
            start = time.perf_counter()
            try:
                row: dict[str, Any] = dict(adapter(y[rep], x[rep], pre, weekday))
            except Exception as error:  # an anchor's failure is a result, not a crash
                row = {"error": f"{type(error).__name__}: {error}"[:300]}
            row.update(rep=rep, seconds=time.perf_counter() - start)
            out.write(json.dumps(row) + "\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv)
