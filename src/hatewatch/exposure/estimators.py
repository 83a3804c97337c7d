"""Estimators: pure functions on per-recipient counts and validation cells.

Nothing here touches DuckDB or pandas: every function takes numpy arrays (or
numbers) and returns numbers or arrays, so a statistician can read, test and
replace one estimator without the rest. :mod:`hatewatch.exposure.inference`
combines them into the joint bootstrap; :mod:`hatewatch.exposure.core` loads
data and dispatches.

Notation
--------
For one outcome (``hostile`` = hate or threat, ``hate`` or ``threat``) each
(message, recipient) pair has a true indicator ``Y`` and a predicted
indicator ``Yhat`` (the model's label is in the outcome). Per *error group*
``g`` (by default gender) the validation sample estimates

* ``p1[g] = P(Y = 1 | Yhat = 1, g)`` (precision, PPV), and
* ``p0[g] = P(Y = 1 | Yhat = 0, g)`` (false omission rate),

and the corpus gives ``N1[g]``, ``N0[g]``, the pairs predicted 1 and 0.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = [
    "adjusted_prevalence",
    "benjamini_hochberg",
    "binomial_glm_hc3",
    "bootstrap_gap",
    "bootstrap_group",
    "draw_rates",
    "eb_shrink",
    "expanded_interval",
    "fit_beta_binomial",
    "holm",
    "linear_coefficients",
    "multinomial_weights",
    "ppi_share",
    "robust_spikes",
    "rogan_gladen",
    "small_sample_factor",
    "tail_probability",
    "weighted_median",
    "wilson_interval",
]


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson_interval(
    x: Any, n: Any, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (vectorised).

    Parameters
    ----------
    x, n : array-like
        Successes and trials; ``n == 0`` gives NaN.
    level : float
        Confidence level.

    Returns
    -------
    (lo, hi) : tuple of ndarray

    Examples
    --------
    >>> lo, hi = wilson_interval(10, 100)
    >>> round(float(lo), 3), round(float(hi), 3)
    (0.055, 0.174)
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z = _z(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def fit_beta_binomial(x: Any, n: Any) -> tuple[float, float]:
    """Fit a beta-binomial prior (alpha, beta) by maximum marginal likelihood.

    Parameters
    ----------
    x, n : array-like
        Per-recipient successes and trials (recipients with ``n == 0`` are
        ignored).

    Returns
    -------
    (alpha, beta) : tuple of float
    """
    from scipy.optimize import minimize
    from scipy.special import betaln

    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    keep = n > 0
    x, n = x[keep], n[keep]
    if len(x) < 2:
        return 1.0, 1.0
    m = min(max(x.sum() / n.sum(), 1e-4), 1 - 1e-4)

    def nll(theta: np.ndarray) -> float:
        a, b = np.exp(theta)
        return -float(np.sum(betaln(x + a, n - x + b) - betaln(a, b)))

    start = np.log([m * 10, (1 - m) * 10])
    res = minimize(nll, start, method="Nelder-Mead", options={"maxiter": 2000})
    a, b = np.exp(res.x)
    # no between-person variation: the prior degenerates; cap its strength
    if a + b > 1e6:
        a, b = m * 1e6, (1 - m) * 1e6
    return float(a), float(b)


def eb_shrink(x: Any, n: Any) -> np.ndarray:
    """Empirical-Bayes (beta-binomial) posterior mean share per recipient.

    Recipients with few messages are pulled towards the overall share, so a
    ranking of people is not led by tiny denominators.

    Parameters
    ----------
    x, n : array-like

    Returns
    -------
    ndarray
        ``(x + alpha) / (n + alpha + beta)``.
    """
    a, b = fit_beta_binomial(x, n)
    return (np.asarray(x, float) + a) / (np.asarray(n, float) + a + b)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Lower weighted median of ``values`` for each row of ``weights``."""
    order = np.argsort(values)
    w = weights[:, order]
    cum = np.cumsum(w, axis=1)
    half = cum[:, -1:] / 2
    pos = np.argmax(cum >= half, axis=1)
    return values[order][pos]


def multinomial_weights(k: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap weights: how often each of k units is drawn, per replicate."""
    idx = rng.integers(0, k, size=(n_boot, k))
    idx += np.arange(n_boot)[:, None] * k
    return (
        np.bincount(idx.ravel(), minlength=n_boot * k).reshape(n_boot, k).astype(float)
    )


def bootstrap_group(
    x: Any,
    n: Any,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> dict[str, Any]:
    """Cluster bootstrap over recipients of a group's shares.

    Recipients are resampled with replacement (multinomial weights on the
    per-recipient counts), which carries between-person variation into the
    interval. Recipients with ``n == 0`` are left out.

    Parameters
    ----------
    x, n : array-like
        Per-recipient outcome counts and message counts.
    n_boot : int
        Bootstrap replicates.
    level : float
        Interval level (percentile intervals).
    rng : Generator or seed

    Returns
    -------
    dict
        ``pooled``, ``mean``, ``median`` (point estimates), ``*_lo``,
        ``*_hi`` and ``draws`` (dict of the replicate arrays).
    """
    rng = np.random.default_rng(rng)
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    keep = n > 0
    x, n = x[keep], n[keep]
    k = len(x)
    out: dict[str, Any] = {}
    if k == 0:
        nan = float("nan")
        for key in ("pooled", "mean", "median"):
            out[key] = out[f"{key}_lo"] = out[f"{key}_hi"] = nan
        out["draws"] = {}
        return out
    share = x / n
    w = multinomial_weights(k, n_boot, rng)
    draws = {
        "pooled": (w @ x) / np.maximum(w @ n, 1e-12),
        "mean": (w @ share) / k,
        "median": weighted_median(share, w),
    }
    point = {
        "pooled": x.sum() / n.sum(),
        "mean": share.mean(),
        "median": float(np.median(share)),
    }
    alpha = (1 - level) / 2
    for key, d in draws.items():
        out[key] = float(point[key])
        lo, hi = np.quantile(d, [alpha, 1 - alpha])
        out[f"{key}_lo"], out[f"{key}_hi"] = float(lo), float(hi)
    out["draws"] = draws
    return out


def bootstrap_gap(
    xa: Any,
    na: Any,
    xb: Any,
    nb: Any,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> dict[str, dict[str, float]]:
    """Difference and ratio of two groups' shares, stratified cluster bootstrap.

    Each group's recipients are resampled separately (see
    :func:`bootstrap_group`).

    Parameters
    ----------
    xa, na, xb, nb : array-like
        Per-recipient outcome and message counts of groups a and b.
    n_boot, level, rng
        Bootstrap settings.

    Returns
    -------
    dict
        For each measure (``pooled``, ``mean``, ``median``): ``a_value``,
        ``b_value``, ``difference`` with ``difference_lo/hi`` and ``ratio``
        with ``ratio_lo/hi``.
    """
    rng = np.random.default_rng(rng)
    ba = bootstrap_group(xa, na, n_boot=n_boot, level=level, rng=rng)
    bb = bootstrap_group(xb, nb, n_boot=n_boot, level=level, rng=rng)
    alpha = (1 - level) / 2
    out = {}
    for measure in ("pooled", "mean", "median"):
        va, vb = ba[measure], bb[measure]
        row = {"a_value": va, "b_value": vb, "difference": va - vb}
        row["ratio"] = va / vb if vb else float("nan")
        da, db = ba["draws"].get(measure), bb["draws"].get(measure)
        if da is None or db is None:
            row.update(
                difference_lo=np.nan,
                difference_hi=np.nan,
                ratio_lo=np.nan,
                ratio_hi=np.nan,
            )
        else:
            lo, hi = np.quantile(da - db, [alpha, 1 - alpha])
            row["difference_lo"], row["difference_hi"] = float(lo), float(hi)
            ratio = np.full(len(da), np.nan)
            np.divide(da, db, out=ratio, where=db > 0)
            if np.isfinite(ratio).any():
                lo, hi = np.nanquantile(ratio, [alpha, 1 - alpha])
            else:
                lo = hi = np.nan
            row["ratio_lo"], row["ratio_hi"] = float(lo), float(hi)
        out[measure] = row
    return out


def rogan_gladen(q: Any, sensitivity: Any, specificity: Any) -> np.ndarray:
    """Rogan-Gladen corrected prevalence, clipped to [0, 1].

    Parameters
    ----------
    q : array-like
        Share classified positive.
    sensitivity, specificity : array-like
        P(classified positive | positive), P(classified negative | negative).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> round(float(rogan_gladen(0.12, 0.5, 0.95)), 4)
    0.1556
    """
    q = np.asarray(q, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = (q + np.asarray(specificity) - 1) / (
            np.asarray(sensitivity) + np.asarray(specificity) - 1
        )
    return np.clip(est, 0, 1)


def adjusted_prevalence(q: Any, confusion: Any) -> np.ndarray:
    """Adjusted classify-and-count for 3 classes (matrix inversion), batched.

    Solves ``confusion.T @ pi = q`` for the true class shares ``pi``, clips to
    [0, 1] and renormalises to sum 1.

    Parameters
    ----------
    q : array-like, shape (..., 3)
        Shares of predicted labels in ``LABELS`` order.
    confusion : array-like, shape (..., 3, 3)
        P(predicted | true), rows = true.

    Returns
    -------
    ndarray, shape (..., 3)
    """
    q = np.asarray(q, float)
    c = np.asarray(confusion, float)
    ct = np.swapaxes(c, -1, -2)
    try:
        pi = np.linalg.solve(ct, q[..., None])[..., 0]
    except np.linalg.LinAlgError:
        pi = (np.linalg.pinv(ct) @ q[..., None])[..., 0]
    pi = np.clip(pi, 0, 1)
    total = pi.sum(axis=-1, keepdims=True)
    return np.divide(pi, total, out=np.full_like(pi, np.nan), where=total > 0)


def robust_spikes(
    counts: np.ndarray, *, threshold: float = 3.5, min_count: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """Flag spike days in daily count series by a robust z-score.

    ``z = (x - median) / max(1.4826 * MAD, 1)`` per series (row); a day is a
    spike when ``z >= threshold`` and ``x >= min_count``. The floor of 1 on
    the scale keeps sparse series (MAD 0) from flagging every non-zero day.

    Parameters
    ----------
    counts : ndarray, shape (series, days)
        Zero-filled daily counts.
    threshold : float
    min_count : int

    Returns
    -------
    (z, is_spike) : tuple of ndarray, same shape as ``counts``
    """
    counts = np.asarray(counts, float)
    med = np.median(counts, axis=1, keepdims=True)
    mad = np.median(np.abs(counts - med), axis=1, keepdims=True)
    z = (counts - med) / np.maximum(1.4826 * mad, 1.0)
    return z, (z >= threshold) & (counts >= min_count)


# --------------------------------------------------------------------------
# correction for classifier error (stratified prediction-powered inference)
# --------------------------------------------------------------------------


def ppi_share(q1: Any, p1: Any, p0: Any) -> np.ndarray:
    """Corrected share of a group: stratified prediction-powered estimate.

    ``theta = q1 * p1 + (1 - q1) * p0`` where ``q1`` is the share of the
    group's pairs the model predicts positive (known exactly: the model
    labelled every pair) and ``p1``, ``p0`` are the validation sample's
    estimates of P(true positive | predicted positive / negative) in the
    group. It is prediction-powered inference (Angelopoulos et al., Science
    2023) with one rectifier per predicted-label stratum (Fisch et al.,
    "Stratified prediction-powered inference", 2024), which is also the
    classic "calibration" or ratio estimator through P(true | predicted).

    Assumptions: within each (group, predicted label) cell the labelled items
    are a probability sample of that cell's pairs with known relative
    weights (any design stratified by predicted label, by group, or simple
    random satisfies this; see :mod:`hatewatch.exposure.design`); gold labels
    are correct. Nothing is assumed about how the classifier errs, and the
    estimate lies in [0, 1] by construction (no clipping).

    Parameters
    ----------
    q1, p1, p0 : array-like
        Broadcastable arrays.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> float(ppi_share(0.08, 0.6, 0.05))
    0.094
    """
    q1 = np.asarray(q1, float)
    return q1 * np.asarray(p1, float) + (1 - q1) * np.asarray(p0, float)


def linear_coefficients(
    n1: Any, n0: Any, p1: Any, p0: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients that turn predicted counts into corrected counts.

    For a sub-population of an error group (a recipient, a week, an office
    within a gender) with ``h`` pairs predicted positive out of ``n``, the
    corrected count is ``alpha * h + beta * n`` (Rogan-Gladen with the
    group's sensitivity and false-positive rate implied by the validation
    sample and the corpus). The group's own total is reproduced exactly:
    ``alpha * N1 + beta * (N1 + N0) == N1 * p1 + N0 * p0``.

    Assumption (transport): within the error group the classifier's error
    rates P(predicted | true) are the same in every sub-population, whatever
    its prevalence. This is what makes person means and time series
    unbiased; it is the classic misclassification model.

    Parameters
    ----------
    n1, n0 : array-like
        The error group's pairs predicted positive / negative in the corpus.
    p1, p0 : array-like
        P(true positive | predicted positive / negative), any shape that
        broadcasts (for example bootstrap draws ``(R, G)``).

    Returns
    -------
    (alpha, beta) : tuple of ndarray

    Raises
    ------
    ValueError
        When the implied sensitivity is not above the false-positive rate (a
        classifier no better than chance cannot be corrected for).

    Examples
    --------
    >>> a, b = linear_coefficients(80, 920, 0.6, 0.05)
    >>> round(float(a * 80 + b * 1000), 6)
    94.0
    """
    n1 = np.asarray(n1, float)
    n0 = np.asarray(n0, float)
    p1 = np.asarray(p1, float)
    p0 = np.asarray(p0, float)
    pos = n1 * p1 + n0 * p0  # truly positive pairs
    neg = n1 * (1 - p1) + n0 * (1 - p0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sens = np.where(pos > 0, n1 * p1 / pos, 1.0)
        fpr = np.where(neg > 0, n1 * (1 - p1) / neg, 0.0)
        gap = sens - fpr
    if np.any(gap <= 0):
        raise ValueError(
            "the validation sample implies a classifier no better than chance "
            "(sensitivity <= false-positive rate) in some draw; label more items"
        )
    return 1.0 / gap, -fpr / gap


def draw_rates(x: Any, n: Any, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of cell rates P(true positive | cell) from a labelled sample.

    Each cell's rate is drawn from the Jeffreys posterior
    ``Beta(x + 1/2, n - x + 1/2)`` where ``x`` and ``n`` are the cell's
    (effective) positives and items. For a weighted cell pass the Kish
    effective size ``n = (sum w)^2 / sum w^2`` and ``x = n * phat`` with the
    weighted (Hajek) share ``phat``. Unlike resampling the rows, this keeps
    width when a cell has no positives (0 of 12 is not "exactly 0"), and the
    draws never leave [0, 1].

    Assumptions: cells are independent (separate strata of the validation
    design); within a cell the items are exchangeable.

    Parameters
    ----------
    x, n : array-like, same shape
        Positives and items per cell.
    n_boot : int
        Number of draws.
    rng : Generator

    Returns
    -------
    ndarray, shape ``(n_boot, *x.shape)``
    """
    x = np.asarray(x, float)
    n = np.asarray(n, float)
    return rng.beta(x + 0.5, n - x + 0.5, size=(n_boot, *x.shape))


def small_sample_factor(k: Any, level: float = 0.95) -> np.ndarray:
    """Widening factor for bootstrap intervals over ``k`` clusters.

    ``sqrt(k / (k - 1)) * t_{k-1} / z``: the bootstrap's variance is biased
    down by ``(k - 1) / k`` and a percentile interval uses normal rather than
    Student-t quantiles; with 8 recipients the factor is about 1.29, with 60
    about 1.03. ``k < 2`` gives NaN (no between-person interval exists).

    Parameters
    ----------
    k : array-like
        Number of clusters (recipients with messages).
    level : float

    Returns
    -------
    ndarray
    """
    from scipy.stats import t

    k = np.asarray(k, float)
    z = _z(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(k >= 2, k - 1, np.nan)
        return np.sqrt(k / df) * t.ppf(0.5 + level / 2, df) / z


def expanded_interval(
    point: Any,
    draws: np.ndarray,
    factor: Any = 1.0,
    level: float = 0.95,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of bootstrap draws, widened around the estimate.

    ``lo = point + factor * (Q_{a/2}(draws) - point)`` and likewise ``hi``,
    then intersected with ``bounds`` (a share's interval stays inside
    [0, 1]; the point estimate is never moved). ``factor`` comes from
    :func:`small_sample_factor`.

    Parameters
    ----------
    point : array-like, shape (m,)
    draws : ndarray, shape (R, m)
    factor : array-like, shape (m,) or scalar
    level : float
    bounds : (float, float)

    Returns
    -------
    (lo, hi) : tuple of ndarray
    """
    point = np.asarray(point, float)
    draws = np.asarray(draws, float)
    alpha = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        q = np.nanquantile(draws, [alpha, 1 - alpha], axis=0)
    factor = np.asarray(factor, float)
    lo = point + factor * (q[0] - point)
    hi = point + factor * (q[1] - point)
    lo = np.clip(np.minimum(lo, point), *bounds)
    hi = np.clip(np.maximum(hi, point), *bounds)
    return lo, hi


def tail_probability(counts: Any, rates: Any, t: int) -> np.ndarray:
    """P(sum of independent binomials >= t), vectorised.

    Used for reach under correction: a recipient with ``counts[..., c]``
    pairs predicted in cell ``c`` has ``Binomial(counts[c], rates[c])`` truly
    positive pairs per cell (true labels independent given the predicted
    label and error group).

    Parameters
    ----------
    counts : array-like, shape (..., C)
        Items per cell.
    rates : array-like, shape (..., C)
        Success probability per cell (broadcast against ``counts``).
    t : int
        Threshold (>= 1).

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> round(float(tail_probability([3, 0], [0.5, 0.1], 1)), 3)
    0.875
    """
    from scipy.stats import binom

    counts = np.asarray(counts, float)
    rates = np.asarray(rates, float)
    counts, rates = np.broadcast_arrays(counts, rates)
    if t <= 0:
        return np.ones(counts.shape[:-1])
    if t == 1:
        with np.errstate(divide="ignore"):
            log_none = np.sum(counts * np.log1p(-np.minimum(rates, 1 - 1e-15)), -1)
        return -np.expm1(log_none)
    j = np.arange(t)
    dist = None
    for c in range(counts.shape[-1]):
        pmf = binom.pmf(j, counts[..., c, None], rates[..., c, None])
        if dist is None:
            dist = pmf
            continue
        new = np.zeros_like(dist)
        for m in range(t):
            new[..., m] = np.sum(dist[..., : m + 1] * pmf[..., m::-1], axis=-1)
        dist = new
    assert dist is not None
    return np.clip(1 - dist.sum(axis=-1), 0, 1)


# --------------------------------------------------------------------------
# multiple comparisons
# --------------------------------------------------------------------------


def _adjust_sorted(p: Any, adjust: Any) -> np.ndarray:
    """Apply ``adjust(sorted finite p, m)`` and put the results back in place.

    Non-finite p-values stay NaN and do not count towards ``m``; adjusted
    values are capped at 1.
    """
    p = np.asarray(p, float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    v = p[ok]
    m = len(v)
    if m == 0:
        return out
    order = np.argsort(v)
    res = np.empty(m)
    res[order] = np.minimum(adjust(v[order], m), 1)
    out[ok] = res
    return out


def holm(p: Any) -> np.ndarray:
    """Holm step-down adjusted p-values (family-wise error control).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    return _adjust_sorted(p, lambda v, m: np.maximum.accumulate((m - np.arange(m)) * v))


def benjamini_hochberg(p: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false-discovery rate control).

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    return _adjust_sorted(
        p,
        lambda v, m: np.minimum.accumulate((v * m / np.arange(1, m + 1))[::-1])[::-1],
    )


def binomial_glm_hc3(
    X: np.ndarray,
    x: np.ndarray,
    n: np.ndarray,
    *,
    with_cov: bool = True,
    overdispersion: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Binomial GLM (logit) for over-dispersed counts, HC3 covariance.

    One row per recipient: ``x`` positive pairs (may be fractional, such as
    expected true counts) out of ``n``. People differ beyond binomial noise,
    so a plain binomial fit lets the few heaviest receivers dominate and its
    tests reject a true null far too often. With ``overdispersion`` the fit
    uses Williams' (1982) beta-binomial weights ``1 / (1 + (n - 1) rho)``
    with ``rho`` (the intra-person correlation) from the Pearson statistic of
    a first fit, and the covariance is HC3: each recipient's score scaled by
    ``1 / (1 - h_ii)`` (MacKinnon and White 1985; Long and Ervin 2000).
    Use Student-t with ``k - p`` degrees of freedom for tests.

    Parameters
    ----------
    X : ndarray, shape (k, p)
        Design matrix with a constant column first.
    x, n : ndarray, shape (k,)
    with_cov : bool
        Skip the covariance (for refits).
    overdispersion : bool
        Estimate ``rho`` and weight by it (False: plain binomial).

    Returns
    -------
    (beta, cov) : ndarray (p,), ndarray (p, p)
    """
    x = np.asarray(x, float)
    n = np.asarray(n, float)
    with np.errstate(over="ignore"):
        return _glm(X, x, n, with_cov, overdispersion)


def _glm(
    X: np.ndarray, x: np.ndarray, n: np.ndarray, with_cov: bool, overdispersion: bool
) -> tuple[np.ndarray, np.ndarray]:
    beta = _irls(X, x, n, np.ones(len(n)))
    v = np.ones(len(n))
    if overdispersion:
        mu = 1 / (1 + np.exp(-(X @ beta)))
        pearson = (x - n * mu) ** 2 / np.maximum(n * mu * (1 - mu), 1e-12)
        excess = pearson.sum() - (len(n) - X.shape[1])
        rho = max(excess / max(float(np.sum(n - 1)), 1.0), 0.0)
        v = 1 / (1 + (n - 1) * rho)
        beta = _irls(X, x, n, v, beta)
    if not with_cov:
        return beta, np.empty((0, 0))
    mu = 1 / (1 + np.exp(-(X @ beta)))
    w = v * n * mu * (1 - mu)
    bread = np.linalg.pinv((X.T * w) @ X)
    lev = np.einsum("ij,jk,ik->i", X, bread, X) * w
    score = X * (v * (x - n * mu) / np.maximum(1 - lev, 1e-8))[:, None]
    return beta, bread @ (score.T @ score) @ bread


def _irls(
    X: np.ndarray,
    x: np.ndarray,
    n: np.ndarray,
    v: np.ndarray,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted logit IRLS: prior weights ``v`` on binomial(n) rows."""
    y = np.clip(x / n, 0, 1)
    if start is None:
        p = np.clip(x.sum() / n.sum(), 1e-6, 1 - 1e-6)
        beta = np.zeros(X.shape[1])
        beta[0] = math.log(p / (1 - p))
    else:
        beta = start.copy()
    for _ in range(100):
        eta = X @ beta
        mu = 1 / (1 + np.exp(-eta))
        w = v * n * mu * (1 - mu)
        z = eta + (y - mu) / np.maximum(mu * (1 - mu), 1e-12)
        XtW = X.T * w
        try:
            new = np.linalg.solve(XtW @ X, XtW @ z)
        except np.linalg.LinAlgError:
            new = np.linalg.lstsq(XtW @ X, XtW @ z, rcond=None)[0]
        if np.max(np.abs(new - beta)) < 1e-10:
            return new
        beta = new
    return beta
