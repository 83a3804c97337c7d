"""Repeated simulations: do the intervals users get cover the truth?

The estimators see the *model's* labels and a validation sample drawn as
studies draw them (:mod:`hatewatch.exposure.coverage`); the truth is the
finite-population share of truly hostile pairs in each simulated corpus.
The default run uses few replications (a smoke check that would catch a
broken correction: raw labels cover in about 4% of runs); the slow test
runs >= 500 per setting against the issue's targets.
"""

from __future__ import annotations

import numpy as np
import pytest

from hatewatch.exposure import design, inference
from hatewatch.exposure.coverage import SETTINGS, run_setting
from hatewatch.simulate import simulate_study


def _by_quantity(rows: list[dict]) -> dict[str, dict]:
    return {r["quantity"]: r for r in rows}


@pytest.mark.parametrize("setting", ["base", "zero gap, differential error"])
def test_corrected_intervals_cover_on_model_labels(setting: str) -> None:
    rows = _by_quantity(run_setting(setting, 60, n_boot=300, seed=3, glm=False))
    for q in ("pooled female", "pooled male", "mean female", "gap"):
        print(setting, q, rows[q])  # visible with pytest -s
        assert rows[q]["reps"] == 60
        # 60 runs: a true coverage of 0.95 gives >= 0.87 with prob > 0.99
        assert rows[q]["coverage"] >= 0.87, (setting, q, rows[q])
        assert abs(rows[q]["bias"]) < max(4 * rows[q]["bias_se"], 0.005)


def test_raw_labels_would_not_cover() -> None:
    """The same corpora through the raw path: the check can fail."""
    study = simulate_study(40, 60, sensitivity=(0.40, 0.65), seed=9)
    rng = np.random.default_rng(0)
    raw = inference.raw_rectifier(["female", "male"], 300)
    hits = 0
    for r in range(40):
        gd = inference.group_draws(
            study.h[r],
            study.n[r],
            study.group,
            study.group,
            2,
            raw,
            rng=rng,
            measures=("pooled",),
        )
        lo, hi = gd.interval("pooled")
        hits += lo[0] <= study.truth_pooled[r, 0] <= hi[0]
    assert hits / 40 < 0.5


def test_differential_error_is_detected() -> None:
    """The validation sample shows the model errs differently by gender."""
    study = simulate_study(1, 60, sensitivity=(0.30, 0.80), n_validation=2000, seed=4)
    counts = study.validation[0]
    rows = []
    for g, name in enumerate(("female", "male")):
        for c in (0, 1):
            for y in (0, 1):
                rows += [
                    {
                        "gender": name,
                        "predicted": ["neutral", "hate"][c],
                        "label": ["neutral", "hate"][y],
                    }
                ] * int(counts[g, c, y])
    import pandas as pd

    frame = pd.DataFrame(rows)
    table = design.differential_error(frame).set_index("cell")
    # women's missed hostile messages: more of their unflagged pairs are hostile
    miss = table.loc["predicted negative"]
    assert miss["rate_a"] > miss["rate_b"]
    assert miss["p_holm"] < 0.01
    same = simulate_study(1, 60, n_validation=2000, seed=5).validation[0]
    cells = design.cells_from_counts(same, groups=["female", "male"])
    assert cells.items.sum() == same.sum()


@pytest.mark.slow
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_coverage_targets_500_replications(setting: str) -> None:
    """Issue 9 targets: >= 0.93 (>= 20 recipients) / >= 0.90 (8), |bias| <= 0.5
    point, gap_model rejects a true null gap in <= 6% of runs."""
    rows = _by_quantity(run_setting(setting, 500, n_boot=1000, seed=11))
    floor = 0.90 if SETTINGS[setting].get("k", 60) < 20 else 0.93
    for q in ("pooled female", "pooled male", "mean female", "mean male", "gap"):
        r = rows[q]
        print(setting, q, r)
        assert r["reps"] >= 450, r
        assert r["coverage"] >= floor, (setting, q, r)
        assert abs(r["bias"]) <= 0.005, (setting, q, r)
    if "zero gap" in setting:
        assert rows["gap_model rejects 0.05"]["rejection"] <= 0.06
