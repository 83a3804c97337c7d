"""Repeated simulations: do the intervals cover the planted truth?

Each replication draws new people (lognormal volumes, Beta shares), their
true labels and the classifier's predictions as multinomial counts
(``simulate.simulate_counts``, vectorised over replications), then runs the
estimators. The superpopulation truth is the Beta mean.
"""

from __future__ import annotations

import numpy as np
import pytest

from hatewatch import exposure, simulate


def _run(reps: int, k: int, n_boot: int, seed: int) -> dict[str, float]:
    sim = simulate.simulate_counts(reps, k, volume_sigma=1.0, seed=seed)
    rng = np.random.default_rng(seed + 1)
    hits = {"pooled": 0, "mean": 0, "corrected": 0}
    raw_err, corr_err, pooled_minus_mean = [], [], []
    for r in range(reps):
        true_hostile = sim.true[r, :, 0] + sim.true[r, :, 2]
        boot = exposure.bootstrap_group(
            true_hostile, sim.volume[r], n_boot=n_boot, rng=rng
        )
        hits["pooled"] += boot["pooled_lo"] <= sim.truth <= boot["pooled_hi"]
        hits["mean"] += boot["mean_lo"] <= sim.truth <= boot["mean_hi"]
        pooled_minus_mean.append(boot["pooled"] - boot["mean"])
        est = exposure.corrected_share(
            sim.pred[r], sim.validation[r], n_boot=n_boot, rng=rng
        )
        hits["corrected"] += est["lo"] <= sim.truth <= est["hi"]
        raw_err.append(est["raw"] - sim.truth)
        corr_err.append(est["hostile"] - sim.truth)
    # a second group with a lower share: does the gap interval cover?
    other = simulate.simulate_counts(
        reps, k, mean_share=0.07, volume_sigma=1.0, seed=seed + 2
    )
    gap_hits = 0
    for r in range(reps):
        gap = exposure.bootstrap_gap(
            sim.true[r, :, 0] + sim.true[r, :, 2],
            sim.volume[r],
            other.true[r, :, 0] + other.true[r, :, 2],
            other.volume[r],
            n_boot=n_boot,
            rng=rng,
        )["pooled"]
        gap_hits += gap["difference_lo"] <= 0.03 <= gap["difference_hi"]
    hits["gap"] = gap_hits
    x = sim.true[..., 0] + sim.true[..., 2]
    lo, hi = exposure.wilson_interval(x, sim.volume)
    out = {f"coverage_{k}": v / reps for k, v in hits.items()}
    out["coverage_wilson"] = float(
        ((lo <= sim.p_hostile) & (sim.p_hostile <= hi)).mean()
    )
    out["raw_bias"] = float(np.mean(raw_err))
    out["corrected_bias"] = float(np.mean(corr_err))
    out["corrected_se"] = float(np.std(corr_err) / np.sqrt(reps))
    out["pooled_minus_mean"] = float(np.mean(pooled_minus_mean))
    out["pooled_minus_mean_se"] = float(np.std(pooled_minus_mean) / np.sqrt(reps))
    return out


def _check(result: dict[str, float]) -> None:
    print(result)  # the measured figures, visible with pytest -s
    for key in ("pooled", "mean", "gap", "corrected", "wilson"):
        assert result[f"coverage_{key}"] >= 0.90, key
    # raw classify-and-count underestimates (recall ~0.45); corrected does not
    assert result["raw_bias"] < -0.02
    assert abs(result["corrected_bias"]) < max(4 * result["corrected_se"], 0.005)
    # volume independent of share: pooled and person-weighted agree on average
    assert abs(result["pooled_minus_mean"]) < 4 * result["pooled_minus_mean_se"]


def test_intervals_cover_and_correction_is_unbiased() -> None:
    _check(_run(reps=200, k=60, n_boot=500, seed=7))


@pytest.mark.slow
def test_intervals_cover_and_correction_is_unbiased_large() -> None:
    _check(_run(reps=1000, k=120, n_boot=1000, seed=8))
