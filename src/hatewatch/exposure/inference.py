"""The joint bootstrap: every quantity from one set of draws.

One replicate ``b`` draws (1) multinomial weights over recipients, stratified
by the table's groups (a cluster bootstrap: people, with all their messages,
are the units), and (2) the error rates ``p1[g]``, ``p0[g]`` of every error
group from the validation sample (:func:`estimators.draw_rates`). Every
quantity of a table (pooled share, person mean and median per group, and
the gap between two groups) is computed from the same replicate, so a gap's
interval carries both groups' recipient variation *and* the validation
sample's uncertainty, shared between the groups exactly as it is in the
data. Without a validation sample the rates are fixed at ``p1 = 1``,
``p0 = 0`` (raw model labels) and only recipients are resampled.

Intervals are percentile intervals widened by
:func:`estimators.small_sample_factor` (Student-t and ``k/(k-1)``
corrections for ``k`` recipients) and kept inside the parameter's range.
A group with fewer than 2 recipients with messages gets no interval (NaN):
between-person variation cannot be estimated from one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.exposure.design import Cells, check_cells
from hatewatch.exposure.estimators import (
    binomial_glm_hc3,
    draw_rates,
    expanded_interval,
    linear_coefficients,
    multinomial_weights,
    ppi_share,
    small_sample_factor,
    tail_probability,
    weighted_median,
)

__all__ = [
    "GroupDraws",
    "Rectifier",
    "gap_from_draws",
    "glm_with_rates",
    "group_draws",
    "make_rectifier",
    "raw_rectifier",
    "reach_draws",
    "series_draws",
    "top_share_draws",
]


@dataclass
class Rectifier:
    """Error rates per error group: point estimates and joint draws.

    Attributes
    ----------
    groups : list of str
    p1, p0 : ndarray, shape (G,)
        P(true + | predicted +), P(true + | predicted -).
    p1_draws, p0_draws : ndarray, shape (R, G)
    n1, n0 : ndarray, shape (G,)
        Corpus pairs predicted positive / negative per error group.
    corrected : bool
        False for raw model labels.
    """

    groups: list[str]
    p1: np.ndarray
    p0: np.ndarray
    p1_draws: np.ndarray
    p0_draws: np.ndarray
    n1: np.ndarray
    n0: np.ndarray
    corrected: bool = True

    def coefficients(self) -> tuple[np.ndarray, np.ndarray]:
        """Point ``(alpha, beta)`` per group (see ``linear_coefficients``)."""
        if not self.corrected:
            return np.ones(len(self.groups)), np.zeros(len(self.groups))
        return linear_coefficients(self.n1, self.n0, self.p1, self.p0)

    def coefficient_draws(self) -> tuple[np.ndarray, np.ndarray]:
        """``(alpha, beta)`` per draw and group, shape (R, G)."""
        if not self.corrected:
            shape = self.p1_draws.shape
            return np.ones(shape), np.zeros(shape)
        return linear_coefficients(self.n1, self.n0, self.p1_draws, self.p0_draws)

    def index(self, values: Any) -> np.ndarray:
        """Error-group codes of ``values`` (KeyError for an unknown group)."""
        lookup = {g: i for i, g in enumerate(self.groups)}
        try:
            return np.array([lookup[str(v)] for v in values], dtype=np.int64)
        except KeyError as exc:
            raise KeyError(f"no error rates for group {exc.args[0]!r}") from None


def make_rectifier(
    cells: Cells,
    corpus: dict[str, tuple[int, int]],
    *,
    n_boot: int,
    rng: np.random.Generator,
    min_items: int = 10,
) -> Rectifier:
    """Error rates for every error group of the corpus, with draws.

    Parameters
    ----------
    cells : Cells
        The validation sample, summarised (``design.validation_cells``).
    corpus : dict
        Error group -> (pairs predicted negative, predicted positive).
    n_boot : int
    rng : Generator
    min_items : int
        Refuse (``ThinValidationError``) below this many items in a cell.

    Returns
    -------
    Rectifier
    """
    check_cells(cells, corpus, min_items=min_items)
    groups = [str(g) for g in corpus]
    idx = [cells.index(g) for g in groups]
    x, n = cells.x[idx], cells.n[idx]
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, x / np.where(n > 0, n, 1), 0.0)
    n0 = np.array([corpus[g][0] for g in corpus], float)
    n1 = np.array([corpus[g][1] for g in corpus], float)
    if np.any((n1 > 0) & (n0 > 0) & (p[:, 1] <= p[:, 0])):
        bad = [g for g, a, b in zip(groups, p[:, 1], p[:, 0], strict=True) if a <= b]
        raise DataError(
            f"in {bad}, the validation sample finds no more truly positive items "
            "among those the model flags than among the rest: the model is no "
            "better than chance there and cannot be corrected for"
        )
    draws = draw_rates(x, n, n_boot, rng)  # (R, G, 2)
    # the posterior is restricted to classifiers better than chance
    # (P(+ | flagged) > P(+ | not flagged)); redraw the few draws outside it
    for _ in range(100):
        bad = draws[..., 1] <= draws[..., 0]
        if not bad.any():
            break
        fresh = draw_rates(x, n, n_boot, rng)
        draws[bad] = fresh[bad]
    # a cell without corpus pairs plays no part; keep its rate finite
    draws[:, n0 == 0, 0] = p[n0 == 0, 0][None]
    draws[:, n1 == 0, 1] = p[n1 == 0, 1][None]
    return Rectifier(
        groups, p[:, 1], p[:, 0], draws[..., 1], draws[..., 0], n1, n0, True
    )


def raw_rectifier(groups: list[str], n_boot: int) -> Rectifier:
    """The identity: raw model labels (``p1 = 1``, ``p0 = 0``), no draws."""
    G = len(groups)
    return Rectifier(
        [str(g) for g in groups],
        np.ones(G),
        np.zeros(G),
        np.ones((n_boot, G)),
        np.zeros((n_boot, G)),
        np.zeros(G),
        np.zeros(G),
        False,
    )


@dataclass
class GroupDraws:
    """Point estimates and joint draws of one table's groups.

    Attributes
    ----------
    k : ndarray of int, shape (T,)
        Recipients with messages per group.
    messages, predicted : ndarray, shape (T,)
        Pairs, and pairs predicted positive.
    corrected : ndarray, shape (T,)
        Corrected count of positive pairs (``alpha h + beta n`` summed).
    point, draws : dict
        Measure (``pooled``, ``mean``, ``median``) -> ndarray (T,) and
        ndarray (R, T).
    effective_n : ndarray, shape (T,)
        Kish effective number of recipients for the pooled share,
        ``(sum n)^2 / sum n^2``.
    """

    k: np.ndarray
    messages: np.ndarray
    predicted: np.ndarray
    corrected: np.ndarray
    point: dict[str, np.ndarray]
    draws: dict[str, np.ndarray]
    effective_n: np.ndarray

    def interval(
        self, measure: str, level: float = 0.95
    ) -> tuple[np.ndarray, np.ndarray]:
        """Widened percentile interval of ``measure`` per group."""
        return expanded_interval(
            self.point[measure],
            self.draws[measure],
            small_sample_factor(self.k, level),
            level,
        )


def _rowwise_weighted_median(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    order = np.argsort(values, axis=1)
    v = np.take_along_axis(values, order, axis=1)
    w = np.take_along_axis(weights, order, axis=1)
    cum = np.cumsum(w, axis=1)
    pos = np.argmax(cum >= cum[:, -1:] / 2, axis=1)
    return v[np.arange(len(v)), pos]


def group_draws(
    h: Any,
    n: Any,
    table_code: Any,
    error_code: Any,
    n_table: int,
    rect: Rectifier,
    *,
    rng: np.random.Generator,
    measures: tuple[str, ...] = ("pooled", "mean", "median"),
) -> GroupDraws:
    """Pooled share, person mean and median per group, with joint draws.

    Parameters
    ----------
    h, n : array-like, shape (K,)
        Per recipient: pairs predicted positive, all pairs.
    table_code : array-like of int, shape (K,)
        Each recipient's group in the table (0 .. n_table - 1).
    error_code : array-like of int, shape (K,)
        Each recipient's error group (index into ``rect.groups``).
    n_table : int
    rect : Rectifier
        Error rates and their draws (``R`` = number of draws).
    rng : Generator
        For the recipient resampling.
    measures : tuple of str

    Returns
    -------
    GroupDraws

    Notes
    -----
    Corrected per-recipient counts are ``alpha[g] * h + beta[g] * n``
    (:func:`estimators.linear_coefficients`): for an error group as a whole
    this is exactly the stratified PPI estimate
    (:func:`estimators.ppi_share`); for parts of it (people, offices) it
    assumes the error rates P(predicted | true) of the error group hold
    there too. A person's corrected share can fall outside [0, 1] when the
    person has few messages; means and sums of them are unbiased, and the
    reported intervals are kept inside [0, 1].
    """
    h = np.asarray(h, float)
    n = np.asarray(n, float)
    tc = np.asarray(table_code, np.int64)
    ec = np.asarray(error_code, np.int64)
    keep = n > 0
    h, n, tc, ec = h[keep], n[keep], tc[keep], ec[keep]
    K = len(h)
    G = len(rect.groups)
    R = rect.p1_draws.shape[0]
    W = np.zeros((R, K))
    k = np.bincount(tc, minlength=n_table)
    for t in range(n_table):
        idx = np.flatnonzero(tc == t)
        if len(idx):
            W[:, idx] = multinomial_weights(len(idx), R, rng)
    alpha, beta = rect.coefficients()
    alpha_b, beta_b = rect.coefficient_draws()
    combo = tc * G + ec
    A = np.zeros((K, n_table * G))
    A[np.arange(K), combo] = 1.0
    s = h / n
    point: dict[str, np.ndarray] = {}
    draws: dict[str, np.ndarray] = {}
    sum_n = (A * n[:, None]).sum(0).reshape(n_table, G)
    sum_h = (A * h[:, None]).sum(0).reshape(n_table, G)
    corrected = (alpha * sum_h + beta * sum_n).sum(1)
    messages = sum_n.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if "pooled" in measures:
            WH = (W @ (A * h[:, None])).reshape(R, n_table, G)
            WN = (W @ (A * n[:, None])).reshape(R, n_table, G)
            num = (alpha_b[:, None, :] * WH + beta_b[:, None, :] * WN).sum(2)
            point["pooled"] = corrected / messages
            draws["pooled"] = num / WN.sum(2)
        if "mean" in measures:
            WS = (W @ (A * s[:, None])).reshape(R, n_table, G)
            WC = (W @ A).reshape(R, n_table, G)
            num = (alpha_b[:, None, :] * WS + beta_b[:, None, :] * WC).sum(2)
            sum_s = (A * s[:, None]).sum(0).reshape(n_table, G)
            cnt = A.sum(0).reshape(n_table, G)
            point["mean"] = (alpha * sum_s + beta * cnt).sum(1) / cnt.sum(1)
            draws["mean"] = num / WC.sum(2)
        if "median" in measures:
            med = np.full(n_table, np.nan)
            med_b = np.full((R, n_table), np.nan)
            for t in range(n_table):
                m = np.flatnonzero(tc == t)
                if not len(m):
                    continue
                groups_here = np.unique(ec[m])
                med[t] = float(np.median(alpha[ec[m]] * s[m] + beta[ec[m]]))
                if len(groups_here) == 1:
                    g = groups_here[0]
                    med_b[:, t] = (
                        alpha_b[:, g] * weighted_median(s[m], W[:, m]) + (beta_b[:, g])
                    )
                else:
                    vals = alpha_b[:, ec[m]] * s[m] + beta_b[:, ec[m]]
                    med_b[:, t] = _rowwise_weighted_median(vals, W[:, m])
            point["median"] = med
            draws["median"] = med_b
        eff = sum_n.sum(1) ** 2 / np.bincount(tc, weights=n**2, minlength=n_table)
    return GroupDraws(
        k=k,
        messages=messages,
        predicted=sum_h.sum(1),
        corrected=corrected,
        point=point,
        draws=draws,
        effective_n=np.nan_to_num(eff),
    )


def gap_from_draws(
    gd: GroupDraws, a: int, b: int, measure: str, level: float = 0.95
) -> dict[str, float]:
    """Difference and ratio of groups ``a`` and ``b`` from joint draws.

    Returns
    -------
    dict
        ``a_value, b_value, difference, difference_lo, difference_hi,
        ratio, ratio_lo, ratio_hi, p_value`` (two-sided bootstrap p-value of
        "no difference").
    """
    pa, pb = gd.point[measure][a], gd.point[measure][b]
    da, db = gd.draws[measure][:, a], gd.draws[measure][:, b]
    factor = small_sample_factor(min(gd.k[a], gd.k[b]), level)
    diff = pa - pb
    d_lo, d_hi = expanded_interval([diff], (da - db)[:, None], factor, level, (-1, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = pa / pb if pb > 0 else np.nan
        r_draws = np.where(db > 0, da / np.where(db > 0, db, 1), np.nan)
    if np.isfinite(ratio) and np.isfinite(r_draws).any():
        # widen on the log scale, where a ratio's sampling error is symmetric
        logd = np.log(np.clip(r_draws, 1e-12, None))
        l_lo, l_hi = expanded_interval(
            [np.log(max(ratio, 1e-12))], logd[:, None], factor, level, (-50, 50)
        )
        r_lo, r_hi = float(np.exp(l_lo[0])), float(np.exp(l_hi[0]))
    else:
        r_lo = r_hi = np.nan
    centred = (da - db) - np.nanmean(da - db)
    if not np.isfinite(factor):
        p = np.nan
    else:
        with np.errstate(invalid="ignore"):
            p = float(np.nanmean(np.abs(centred * factor) >= abs(diff)))
    return {
        "a_value": float(pa),
        "b_value": float(pb),
        "difference": float(diff),
        "difference_lo": float(d_lo[0]),
        "difference_hi": float(d_hi[0]),
        "ratio": float(ratio),
        "ratio_lo": r_lo,
        "ratio_hi": r_hi,
        "p_value": max(p, 1.0 / (len(da) + 1)) if np.isfinite(p) else np.nan,
    }


def series_draws(
    H: np.ndarray,
    N: np.ndarray,
    table_code: Any,
    error_code: Any,
    n_table: int,
    rect: Rectifier,
    *,
    rng: np.random.Generator,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pooled share per group and period (for example week), with intervals.

    Recipients are resampled as in :func:`group_draws` (the same person in
    every period) and the error rates drawn jointly.

    Parameters
    ----------
    H, N : ndarray, shape (K, P)
        Per recipient and period: pairs predicted positive, all pairs.
    table_code, error_code, n_table, rect, rng, level
        As :func:`group_draws`.

    Returns
    -------
    (share, lo, hi, messages) : ndarray, each shape (n_table, P)
    """
    tc = np.asarray(table_code, np.int64)
    ec = np.asarray(error_code, np.int64)
    R = rect.p1_draws.shape[0]
    P = H.shape[1]
    alpha, beta = rect.coefficients()
    alpha_b, beta_b = rect.coefficient_draws()
    share = np.full((n_table, P), np.nan)
    lo = np.full((n_table, P), np.nan)
    hi = np.full((n_table, P), np.nan)
    msgs = np.zeros((n_table, P))
    for t in range(n_table):
        m = np.flatnonzero(tc == t)
        if not len(m):
            continue
        W = multinomial_weights(len(m), R, rng)
        num = np.zeros((R, P))
        den = np.zeros((R, P))
        pnum = np.zeros(P)
        for g in np.unique(ec[m]):
            sel = ec[m] == g
            wh = W[:, sel] @ H[m[sel]]
            wn = W[:, sel] @ N[m[sel]]
            num += alpha_b[:, g, None] * wh + beta_b[:, g, None] * wn
            den += wn
            pnum += alpha[g] * H[m[sel]].sum(0) + beta[g] * N[m[sel]].sum(0)
        msgs[t] = N[m].sum(0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[t] = pnum / msgs[t]
            draws = num / den
        k_active = (N[m] > 0).sum(0)
        factor = small_sample_factor(k_active, level)
        lo[t], hi[t] = expanded_interval(share[t], draws, factor, level)
    return share, lo, hi, msgs


def top_share_draws(
    h: Any,
    n: Any,
    error_code: Any,
    rect: Rectifier,
    *,
    top: int = 1,
    rng: np.random.Generator,
    level: float = 0.95,
    max_draws: int = 500,
    with_interval: bool = True,
) -> tuple[float, float, float]:
    """Share of a group's positive pairs held by its ``top`` recipients.

    The interval draws each recipient's count of positive pairs as it could
    have come out: with a validation sample ``Binomial(h, p1) +
    Binomial(n - h, p0)`` with the error rates drawn too; without one
    ``Poisson(h)`` (the same people, another period of the same length);
    both by their normal approximation, at most ``max_draws`` draws.
    The people are held fixed: a bootstrap over people cannot say anything
    about a maximum.

    Returns
    -------
    (point, lo, hi) : tuple of float
    """
    h = np.asarray(h, float)
    n = np.asarray(n, float)
    ec = np.asarray(error_code, np.int64)
    if len(h) == 0:
        return np.nan, np.nan, np.nan
    if not with_interval:
        expected = h * rect.p1[ec] + (n - h) * rect.p0[ec] if rect.corrected else h
        total = expected.sum()
        top_sum = np.sort(expected)[::-1][:top].sum()
        return (float(top_sum / total) if total > 0 else np.nan), np.nan, np.nan
    R = min(rect.p1_draws.shape[0], max_draws)
    if rect.corrected:
        p1, p0 = rect.p1_draws[:R, ec], rect.p0_draws[:R, ec]
        expected = h * rect.p1[ec] + (n - h) * rect.p0[ec]
        mean = h * p1 + (n - h) * p0
        var = h * p1 * (1 - p1) + (n - h) * p0 * (1 - p0)
    else:
        expected = h
        mean = np.broadcast_to(h, (R, len(h)))
        var = mean
    # normal approximation of the binomial / Poisson counts (exact enough for
    # the large counts that decide a top share; far faster than binomial
    # draws for a heavy receiver with 10^5 messages)
    x = np.maximum(mean + np.sqrt(var) * rng.standard_normal((R, len(h))), 0)
    total = expected.sum()
    point = float(np.sort(expected)[::-1][:top].sum() / total) if total > 0 else np.nan
    x = np.sort(x, axis=1)[:, ::-1]
    tot = x.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(tot > 0, x[:, :top].sum(1) / np.where(tot > 0, tot, 1), np.nan)
    alpha = (1 - level) / 2
    if not np.isfinite(d).any():
        return point, np.nan, np.nan
    lo, hi = np.nanquantile(d, [alpha, 1 - alpha])
    return point, float(min(lo, point)), float(max(hi, point))


def reach_draws(
    h: Any,
    n: Any,
    table_code: Any,
    error_code: Any,
    n_table: int,
    rect: Rectifier,
    threshold: int,
    *,
    rng: np.random.Generator,
    level: float = 0.95,
    max_draws: int = 200,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Corrected share of people with at least ``threshold`` positive pairs.

    A person's probability is P(Binomial(h, p1) + Binomial(n - h, p0) >=
    threshold) (true labels independent given predicted label and error
    group); the group's share is the mean over its people, including those
    with no messages. People are resampled and the error rates drawn
    jointly (at most ``max_draws`` replicates).

    Returns
    -------
    (share, lo, hi) : ndarray, shape (n_table,)
    """
    h = np.asarray(h, float)
    n = np.asarray(n, float)
    tc = np.asarray(table_code, np.int64)
    ec = np.asarray(error_code, np.int64)
    R = min(rect.p1_draws.shape[0], max_draws)
    counts = np.stack([n - h, h], axis=-1)
    rates = np.stack([rect.p0[ec], rect.p1[ec]], axis=-1)
    prob = tail_probability(counts, rates, threshold)
    rates_b = np.stack([rect.p0_draws[:R][:, ec], rect.p1_draws[:R][:, ec]], axis=-1)
    prob_b = tail_probability(counts[None], rates_b, threshold)  # (R, K)
    share = np.full(n_table, np.nan)
    lo = np.full(n_table, np.nan)
    hi = np.full(n_table, np.nan)
    for t in range(n_table):
        m = np.flatnonzero(tc == t)
        if not len(m):
            continue
        W = multinomial_weights(len(m), R, rng)
        share[t] = prob[m].mean()
        d = (W * prob_b[:, m]).sum(1) / W.sum(1)
        f = small_sample_factor(len(m), level)
        a, b = expanded_interval([share[t]], d[:, None], f, level)
        lo[t], hi[t] = a[0], b[0]
    return share, lo, hi


def glm_with_rates(
    X: np.ndarray, h: Any, n: Any, error_code: Any, rect: Rectifier
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Binomial GLM on (corrected) per-recipient counts, with its covariance.

    With model labels the counts are ``h``. With error rates each
    recipient's count is corrected with its error group's rates,
    ``alpha h + beta n`` (:func:`estimators.linear_coefficients`, kept inside
    ``[0, n]``), which keeps the differences between people that the
    robust covariance needs (the expected count ``h p1 + (n - h) p0`` would
    pull everyone towards the group's rate and make the test reject a true
    null far too often). The rates' uncertainty is added by refitting on
    rate draws (Rubin's rules: HC3 covariance + (1 + 1/M) x between-draw
    covariance).

    Returns
    -------
    (beta, cov, df) : ndarray (p,), ndarray (p, p), ndarray (p,)
        ``df``: degrees of freedom for t tests, ``k - p`` with model labels
        and Barnard-Rubin (1999) degrees of freedom with error rates.
    """
    h = np.asarray(h, float)
    n = np.asarray(n, float)
    ec = np.asarray(error_code, np.int64)
    df_com = float(max(len(h) - X.shape[1], 1))
    if not rect.corrected:
        beta, cov = binomial_glm_hc3(X, h, n)
        return beta, cov, np.full(len(beta), df_com)
    alpha, beta0 = rect.coefficients()
    x = np.clip(alpha[ec] * h + beta0[ec] * n, 0, n)
    beta, cov = binomial_glm_hc3(X, x, n)
    a_b, b_b = rect.coefficient_draws()
    fits = []
    for d in range(a_b.shape[0]):
        xd = np.clip(a_b[d, ec] * h + b_b[d, ec] * n, 0, n)
        fits.append(binomial_glm_hc3(X, xd, n, with_cov=False)[0])
    m = len(fits)
    between = np.atleast_2d(np.cov(np.array(fits).T))
    total = cov + (1 + 1 / m) * between
    with np.errstate(invalid="ignore", divide="ignore"):
        lam = np.clip((1 + 1 / m) * np.diag(between) / np.diag(total), 1e-12, 1)
        df_old = (m - 1) / lam**2
        df_obs = (df_com + 1) / (df_com + 3) * df_com * (1 - lam)
        df = 1 / (1 / df_old + 1 / np.maximum(df_obs, 1e-12))
    return beta, total, np.maximum(df, 1.0)


def ppi_point(q1: Any, rect: Rectifier, g: int) -> float:
    """Corrected share of error group ``g`` as a whole (for checks)."""
    return float(ppi_share(q1, rect.p1[g], rect.p0[g]))
