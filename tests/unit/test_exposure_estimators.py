"""The pure estimators and design helpers, one at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatewatch.exposure import design, estimators, inference


def test_ppi_share_and_linear_coefficients_agree_on_the_group() -> None:
    n1, n0, p1, p0 = 800.0, 9200.0, 0.62, 0.045
    share = estimators.ppi_share(n1 / (n1 + n0), p1, p0)
    alpha, beta = estimators.linear_coefficients(n1, n0, p1, p0)
    assert alpha * n1 + beta * (n1 + n0) == pytest.approx(share * (n1 + n0))
    # a part of the group with the group's error rates and true share 0.3
    sens = n1 * p1 / (n1 * p1 + n0 * p0)
    fpr = n1 * (1 - p1) / (n1 * (1 - p1) + n0 * (1 - p0))
    h = 1000 * (0.3 * sens + 0.7 * fpr)
    assert (alpha * h + beta * 1000) / 1000 == pytest.approx(0.3)
    with pytest.raises(ValueError, match="chance"):
        estimators.linear_coefficients(100, 900, 0.05, 0.05)


def test_rate_draws_keep_width_for_an_empty_cell() -> None:
    draws = estimators.draw_rates([0.0], [12.0], 4000, np.random.default_rng(0))
    assert draws.shape == (4000, 1)
    assert 0 < np.quantile(draws, 0.975) < 0.25  # 0 of 12 is not "exactly 0"
    assert (draws > 0).all() and (draws < 1).all()


def test_expanded_interval_stays_in_bounds_and_widens() -> None:
    rng = np.random.default_rng(1)
    draws = rng.normal(0.02, 0.02, (2000, 1))
    lo1, hi1 = estimators.expanded_interval([0.02], draws, 1.0)
    lo2, hi2 = estimators.expanded_interval([0.02], draws, 1.5)
    assert lo2[0] == 0.0 and lo1[0] >= 0.0  # never below 0
    assert hi2[0] - 0.02 == pytest.approx(1.5 * (hi1[0] - 0.02))
    assert estimators.small_sample_factor(8) == pytest.approx(1.29, abs=0.01)
    assert np.isnan(estimators.small_sample_factor(1))


def test_multiple_comparison_adjustments_match_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.001, 0.02, 0.04, 0.3, 0.012])
    assert np.allclose(estimators.holm(p), multipletests(p, method="holm")[1])
    assert np.allclose(
        estimators.benjamini_hochberg(p), multipletests(p, method="fdr_bh")[1]
    )


def test_tail_probability_matches_brute_force() -> None:
    rng = np.random.default_rng(2)
    counts, rates = np.array([7, 3]), np.array([0.2, 0.6])
    sims = rng.binomial(counts, rates, (200_000, 2)).sum(1)
    for t in (1, 3, 5):
        exact = estimators.tail_probability(counts, rates, t)
        assert exact == pytest.approx((sims >= t).mean(), abs=0.005)


def test_glm_hc3_matches_statsmodels_without_overdispersion() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    n = rng.integers(20, 400, 80).astype(float)
    g = rng.integers(0, 2, 80).astype(float)
    x = rng.binomial(n.astype(int), 0.05 + 0.03 * g).astype(float)
    X = np.column_stack([np.ones(80), g])
    beta, cov = estimators.binomial_glm_hc3(X, x, n, overdispersion=False)
    fit = sm.GLM(np.column_stack([x, n - x]), X, family=sm.families.Binomial()).fit()
    assert np.allclose(beta, fit.params, atol=1e-6)
    assert cov[1, 1] > 0


def test_weighted_cells_use_hajek_shares() -> None:
    frame = pd.DataFrame(
        {
            "label": ["hate", "neutral", "neutral", "hate"],
            "predicted": ["neutral"] * 4,
            "gender": ["female"] * 4,
            "weight": [3.0, 1.0, 1.0, 1.0],
        }
    )
    cells = design.validation_cells(frame)
    p1, p0 = cells.rates()
    assert p0[0] == pytest.approx(4 / 6)
    assert cells.n[0, 0] == pytest.approx(36 / 12)  # Kish: (sum w)^2 / sum w^2
    assert cells.items[0, 0] == 4


def test_allocation_and_plan() -> None:
    sizes = np.array([[9000, 600], [12000, 500]])
    for how in ("neyman", "equal", "proportional"):
        take = design.allocate(sizes, 800, allocation=how)
        assert take.sum() == 800 and (take <= sizes).all() and (take >= 10).all()
    neyman = design.allocate(sizes, 800)
    assert neyman[0, 1] / 600 > neyman[0, 0] / 9000  # flagged pairs oversampled
    loose = design.plan_sample(sizes, 0.06)
    tight = design.plan_sample(sizes, 0.03)
    assert tight["n"] > loose["n"] and tight["attainable"]
    floor = design.plan_sample(sizes, 0.02, recipient_variance=0.0002)
    assert not floor["attainable"] and "not attainable" in floor["message"]


def test_joint_draws_share_validation_between_groups() -> None:
    """A gap's draws use the same error-rate draw for both groups."""
    cells = design.cells_from_counts(
        [[[280, 20], [40, 60]]], groups=["all"]
    )  # one error group for everyone
    rect = inference.make_rectifier(
        cells, {"all": (9000, 1000)}, n_boot=500, rng=np.random.default_rng(0)
    )
    h = np.array([50.0, 60, 40, 45, 55, 52])
    n = np.full(6, 1000.0)
    group = np.array([0, 0, 0, 1, 1, 1])
    gd = inference.group_draws(
        h, n, group, np.zeros(6, int), 2, rect, rng=np.random.default_rng(1)
    )
    # the groups' draws move together with the shared error rates
    corr = np.corrcoef(gd.draws["pooled"][:, 0], gd.draws["pooled"][:, 1])[0, 1]
    assert corr > 0.4
    # so the gap's spread is smaller than with independent validation draws
    da, db = gd.draws["pooled"][:, 0], gd.draws["pooled"][:, 1]
    assert np.std(da - db) < 0.9 * np.sqrt(np.var(da) + np.var(db))
