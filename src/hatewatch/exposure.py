"""Exposure analysis: how much hate and how many threats politicians receive.

All aggregation over messages runs in DuckDB; everything after that works on
per-recipient counts with numpy. A store and a DataFrame go through the same
SQL: :func:`load` turns either into one temporary table ``hw_base`` (one row
per message and recipient under the chosen relation filter and model
version, with hashed message and sender keys), its per-recipient-and-day
counts ``hw_daily``, and one roster table ``hw_roster``.

Units and denominators
----------------------
* A *pair* is one (message, recipient). Per-recipient and per-group shares
  count pairs: a message to two politicians counts once for each.
* With ``relation="all"`` a message that both mentions and replies to the
  same politician counts once for that politician (pairs are de-duplicated);
  with ``relation="mention"`` etc. only that relation is counted.
* Sender statistics count distinct messages.
* Reach counts roster people, including those who received nothing.

Examples
--------
>>> from hatewatch import exposure, simulate
>>> sim = simulate.simulate_corpus(n_messages=5_000, seed=1)
>>> ex = exposure.load(sim.messages, sim.roster)
>>> table = ex.groups(by="gender", n_boot=200)
>>> sorted(table["gender"])
['female', 'male']
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd

__all__ = [
    "Exposure",
    "RELATIONS",
    "adjusted_prevalence",
    "bootstrap_gap",
    "bootstrap_group",
    "confusion_counts",
    "corrected_share",
    "eb_shrink",
    "fit_beta_binomial",
    "load",
    "load_validation",
    "robust_spikes",
    "rogan_gladen",
    "wilson_interval",
]

logger = logging.getLogger(__name__)

#: Relation filters: one relation, or ``all`` (pairs de-duplicated).
RELATIONS: tuple[str, ...] = ("all", "mention", "reply", "quote")

_HATE, _NEUTRAL, _THREAT = (LABELS.index(x) for x in ("hate", "neutral", "threat"))
_ROSTER_COLUMNS = ("politician_id", "name", "gender", "office", "level", "party")
_LONG_COLUMNS = (
    "platform",
    "message_id",
    "politician_id",
    "relation",
    "created_at",
    "author_id",
    "label",
)
_OUTCOMES = ("hostile", "hate", "threat")
_LABEL_CODE = (
    "CASE label WHEN 'hate' THEN 0 WHEN 'neutral' THEN 1 WHEN 'threat' THEN 2 END"
)


# --------------------------------------------------------------------------
# statistics on counts (pure numpy)
# --------------------------------------------------------------------------


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


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Lower weighted median of ``values`` for each row of ``weights``."""
    order = np.argsort(values)
    w = weights[:, order]
    cum = np.cumsum(w, axis=1)
    half = cum[:, -1:] / 2
    pos = np.argmax(cum >= half, axis=1)
    return values[order][pos]


def _multinomial_weights(k: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
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
    w = _multinomial_weights(k, n_boot, rng)
    draws = {
        "pooled": (w @ x) / np.maximum(w @ n, 1e-12),
        "mean": (w @ share) / k,
        "median": _weighted_median(share, w),
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


def confusion_counts(
    validation: pd.DataFrame, *, true_col: str = "label", pred_col: str = "predicted"
) -> np.ndarray:
    """Count a validation sample into a 3x3 matrix (rows true, cols predicted).

    Parameters
    ----------
    validation : DataFrame
        One row per labelled message with gold and predicted labels.
    true_col, pred_col : str
        Column names.

    Returns
    -------
    ndarray of int, shape (3, 3), ``LABELS`` order.
    """
    for column in (true_col, pred_col):
        if column not in validation.columns:
            raise DataError("validation sample lacks a column", field=column)
    index = {label: i for i, label in enumerate(LABELS)}
    t = validation[true_col].astype(str).str.strip().str.lower().map(index)
    p = validation[pred_col].astype(str).str.strip().str.lower().map(index)
    for column, codes in ((true_col, t), (pred_col, p)):
        bad = codes.isna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"unknown label {validation[column].iloc[row]!r}; expected one of "
                f"{', '.join(LABELS)}",
                line=row + 2,
                field=column,
            )
    counts = np.zeros((3, 3), dtype=np.int64)
    np.add.at(counts, (t.to_numpy(int), p.to_numpy(int)), 1)
    return counts


def load_validation(path: str) -> pd.DataFrame:
    """Read a labelled validation sample (CSV or TSV).

    Required columns: ``label`` (gold) and ``predicted`` (the model's label);
    optional group columns such as ``gender`` or ``office`` allow per-group
    correction.

    Parameters
    ----------
    path : str
        The file.

    Returns
    -------
    DataFrame
    """
    import pandas as pd

    sep = "\t" if str(path).endswith((".tsv", ".tab")) else ","
    try:
        frame = pd.read_csv(path, sep=sep, dtype=str)
    except FileNotFoundError as exc:
        raise DataError("validation file not found", path=str(path)) from exc
    for column in ("label", "predicted"):
        if column not in frame.columns:
            raise DataError("missing column", path=str(path), line=1, field=column)
    try:
        confusion_counts(frame)
    except DataError as exc:
        raise DataError(
            str(exc).split(": ", 1)[-1], path=str(path), line=exc.line, field=exc.field
        ) from exc
    return frame


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
# loading
# --------------------------------------------------------------------------


@dataclass
class Exposure:
    """Scored messages and a roster, loaded into DuckDB for analysis.

    Create with :func:`load`. Methods return pandas DataFrames; each carries
    ``attrs["denominator"]``, ``attrs["relation"]`` and
    ``attrs["model_version"]``, and has ``relation`` and ``model_version``
    columns so CSV exports stay self-describing.

    Attributes
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding ``hw_base`` and ``hw_roster``.
    model_version : str or None
        The model version analysed (None for a frame without one).
    relation : str
        The relation filter.
    source : str
        ``"store"`` or ``"frame"``.
    """

    con: duckdb.DuckDBPyConnection
    model_version: str | None
    relation: str
    source: str
    _owned: bool = field(default=False, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def close(self) -> None:
        """Drop the temporary tables, or close the connection if we opened it."""
        if self._owned:
            self.con.close()
            return
        for table in ("hw_base", "hw_daily", "hw_roster"):
            self.con.execute(f"DROP TABLE IF EXISTS {table}")

    def __enter__(self) -> Exposure:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- basics
    def _label(self, frame: pd.DataFrame, denominator: str) -> pd.DataFrame:
        frame.insert(0, "model_version", self.model_version)
        frame.insert(0, "relation", self.relation)
        frame.attrs.update(
            denominator=denominator,
            relation=self.relation,
            model_version=self.model_version,
        )
        return frame

    def summary(self) -> dict[str, Any]:
        """Totals: pairs, distinct messages, recipients, period, label counts."""
        if "summary" not in self._cache:
            row = self.con.execute(
                """
                SELECT coalesce(sum(n), 0), count(DISTINCT politician_id), min(day),
                       max(day), coalesce(sum(hate), 0), coalesce(sum(threat), 0)
                FROM hw_daily
                """
            ).fetchone()
            assert row is not None
            people = self.con.execute("SELECT count(*) FROM hw_roster").fetchone()
            self._cache["summary"] = {
                "relation": self.relation,
                "model_version": self.model_version,
                "pairs": int(row[0]),
                "recipients_with_messages": int(row[1]),
                "roster_people": int(people[0]) if people else 0,
                "first_day": row[2],
                "last_day": row[3],
                "hate_pairs": int(row[4]),
                "threat_pairs": int(row[5]),
            }
        return dict(self._cache["summary"])

    def counts(self) -> pd.DataFrame:
        """Per-recipient counts from DuckDB (roster people with 0 included)."""
        if "counts" not in self._cache:
            frame = self.con.execute(
                """
                SELECT coalesce(r.politician_id, c.politician_id) AS politician_id,
                       coalesce(r.name, c.politician_id) AS name,
                       coalesce(r.gender, 'unknown') AS gender,
                       coalesce(r.office, 'unknown') AS office,
                       coalesce(r.level, 'unknown') AS level,
                       coalesce(r.party, 'unknown') AS party,
                       coalesce(c.messages, 0) AS messages,
                       coalesce(c.hate, 0) AS hate,
                       coalesce(c.threat, 0) AS threat
                FROM hw_roster r
                FULL OUTER JOIN (
                    SELECT politician_id, sum(n) AS messages, sum(hate) AS hate,
                           sum(threat) AS threat
                    FROM hw_daily GROUP BY politician_id
                ) c ON c.politician_id = r.politician_id
                ORDER BY politician_id
                """
            ).df()
            for column in ("messages", "hate", "threat"):
                frame[column] = frame[column].astype(np.int64)
            frame["hostile"] = frame["hate"] + frame["threat"]
            unknown = frame["gender"].eq("unknown") & frame["messages"].gt(0)
            if unknown.any():
                logger.warning(
                    "%d recipients are not in the roster; grouped as 'unknown'",
                    int(unknown.sum()),
                )
            self._cache["counts"] = frame
        return self._cache["counts"].copy()

    # ------------------------------------------------------- 1. per recipient
    def recipients(self, *, level: float = 0.95) -> pd.DataFrame:
        """Per recipient: messages, hate, threat, hostile, shares, Wilson CIs.

        Also ``hostile_share_eb`` (empirical-Bayes beta-binomial posterior
        mean) and ``rank_eb`` (rank by the shrunk share, 1 = highest); rank
        people by these, never by the raw share.

        Parameters
        ----------
        level : float
            Confidence level of the Wilson intervals.

        Returns
        -------
        DataFrame
        """
        frame = self.counts()
        n = frame["messages"].to_numpy()
        for outcome in _OUTCOMES:
            x = frame[outcome].to_numpy()
            with np.errstate(invalid="ignore", divide="ignore"):
                frame[f"{outcome}_share"] = x / np.where(n > 0, n, np.nan)
            lo, hi = wilson_interval(x, n, level)
            frame[f"{outcome}_lo"], frame[f"{outcome}_hi"] = lo, hi
        shrunk = eb_shrink(frame["hostile"], frame["messages"])
        frame["hostile_share_eb"] = np.where(n > 0, shrunk, np.nan)
        frame["rank_eb"] = (
            frame["hostile_share_eb"]
            .rank(ascending=False, method="min")
            .astype("Int64")
        )
        return self._label(
            frame,
            "messages (message-recipient pairs) received by the recipient",
        )

    # ---------------------------------------------------------- 2. per group
    def groups(
        self,
        by: str | Sequence[str] = "gender",
        *,
        outcome: str = "hostile",
        n_boot: int = 2000,
        level: float = 0.95,
        min_recipients: int = 5,
        min_messages: int = 100,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Per group: pooled and person-weighted shares with bootstrap CIs.

        Parameters
        ----------
        by : str or sequence of str
            Roster columns (``gender``, ``office``, ``level``, ``party``) or
            a crossing such as ``("gender", "office")``.
        outcome : {"hostile", "hate", "threat"}
        n_boot : int
            Cluster-bootstrap replicates (recipients resampled).
        level : float
        min_recipients, min_messages : int
            Cells below either are flagged ``small_cell``.
        seed : int or None

        Returns
        -------
        DataFrame
            ``pooled_share`` (message-weighted: the Groene number),
            ``person_mean``, ``person_median`` with ``*_lo``/``*_hi``,
            ``n_recipients`` (roster people), ``n_with_messages``,
            ``messages``, ``<outcome>``, ``top1_share`` and ``top5_share``
            (share of the group's outcome messages held by its top 1 / 5
            recipients) and ``small_cell``.
        """
        import pandas as pd

        keys = _keys(by)
        _check_outcome(outcome)
        frame = self.counts()
        rng = np.random.default_rng(seed)
        rows = []
        for values, sub in frame.groupby(keys, sort=True, dropna=False):
            x = sub[outcome].to_numpy()
            n = sub["messages"].to_numpy()
            boot = bootstrap_group(x, n, n_boot=n_boot, level=level, rng=rng)
            top = np.sort(x)[::-1]
            total = max(int(x.sum()), 1)
            row = dict(zip(keys, _tuple(values), strict=True))
            row.update(
                n_recipients=len(sub),
                n_with_messages=int((n > 0).sum()),
                messages=int(n.sum()),
                **{outcome: int(x.sum())},
                pooled_share=boot["pooled"],
                pooled_lo=boot["pooled_lo"],
                pooled_hi=boot["pooled_hi"],
                person_mean=boot["mean"],
                person_mean_lo=boot["mean_lo"],
                person_mean_hi=boot["mean_hi"],
                person_median=boot["median"],
                person_median_lo=boot["median_lo"],
                person_median_hi=boot["median_hi"],
                top1_share=top[:1].sum() / total,
                top5_share=top[:5].sum() / total,
            )
            row["small_cell"] = bool(
                row["n_with_messages"] < min_recipients
                or row["messages"] < min_messages
            )
            rows.append(row)
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        return self._label(
            result,
            f"pooled: {outcome} pairs / all pairs received by the group; "
            "person-weighted: mean/median over recipients with >= 1 message",
        )

    # ---------------------------------------------------------------- 3. gaps
    def gaps(
        self,
        *,
        by: str = "gender",
        a: str = "female",
        b: str = "male",
        outcome: str = "hostile",
        n_boot: int = 2000,
        level: float = 0.95,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Difference and ratio of group ``a`` vs ``b`` with bootstrap CIs.

        Each group is resampled over its own recipients (a stratified
        cluster bootstrap).

        Returns
        -------
        DataFrame
            One row per measure (``pooled``, ``mean``, ``median``) with
            ``a_value``, ``b_value``, ``difference``, ``difference_lo/hi``,
            ``ratio``, ``ratio_lo/hi``.
        """
        import pandas as pd

        _check_outcome(outcome)
        frame = self.counts()
        rng = np.random.default_rng(seed)
        sub_a, sub_b = frame[frame[by] == a], frame[frame[by] == b]
        gap = bootstrap_gap(
            sub_a[outcome],
            sub_a["messages"],
            sub_b[outcome],
            sub_b["messages"],
            n_boot=n_boot,
            level=level,
            rng=rng,
        )
        rows = [{"measure": m, "a": a, "b": b, **gap[m]} for m in gap]
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        return self._label(
            result,
            f"{outcome} share of pairs, {by}={a} minus/over {by}={b}; "
            "cluster bootstrap within each group",
        )

    def gap_model(
        self,
        *,
        by: str = "gender",
        a: str = "female",
        b: str = "male",
        outcome: str = "hostile",
        covariates: Sequence[str] = ("office", "party"),
        min_per_level: int = 3,
    ) -> pd.DataFrame:
        """Binomial GLM of the outcome share with recipient-clustered SEs.

        One row per recipient (``outcome`` of ``messages``), regressed on an
        indicator for ``by == a`` (vs ``b``), log messages received, and
        dummies for ``covariates`` (levels with fewer than
        ``min_per_level`` recipients pooled into ``other``). Standard errors
        are clustered by recipient (``cov_type="cluster"``), which makes them
        robust to over-dispersion between people.

        Returns
        -------
        DataFrame
            ``term, coef, se, z, p, odds_ratio, or_lo, or_hi`` (``attrs``
            also hold ``n_recipients``).
        """
        import pandas as pd
        import statsmodels.api as sm

        _check_outcome(outcome)
        frame = self.counts()
        frame = frame[frame[by].isin([a, b]) & (frame["messages"] > 0)].reset_index(
            drop=True
        )
        if frame[by].nunique() < 2:
            raise DataError(f"gap model needs recipients in both {a!r} and {b!r}")
        design = pd.DataFrame(
            {
                f"{by}[{a}]": (frame[by] == a).astype(float),
                "log_messages": np.log(frame["messages"].astype(float)),
            }
        )
        for cov in covariates:
            values = frame[cov].astype(str)
            counts = values.value_counts()
            values = values.where(values.map(counts) >= min_per_level, "other")
            if values.nunique() < 2:
                continue
            dummies = pd.get_dummies(values, prefix=cov, drop_first=True, dtype=float)
            design = pd.concat([design, dummies], axis=1)
        design = sm.add_constant(design, has_constant="add")
        x = frame[outcome].to_numpy(float)
        n = frame["messages"].to_numpy(float)
        model = sm.GLM(
            np.column_stack([x, n - x]), design, family=sm.families.Binomial()
        )
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": np.arange(len(frame))})
        ci = fit.conf_int()
        result = pd.DataFrame(
            {
                "term": design.columns,
                "coef": fit.params.to_numpy(),
                "se": fit.bse.to_numpy(),
                "z": fit.tvalues.to_numpy(),
                "p": fit.pvalues.to_numpy(),
                "odds_ratio": np.exp(fit.params.to_numpy()),
                "or_lo": np.exp(ci.iloc[:, 0].to_numpy()),
                "or_hi": np.exp(ci.iloc[:, 1].to_numpy()),
            }
        )
        result.insert(0, "outcome", outcome)
        result.attrs["n_recipients"] = len(frame)
        return self._label(
            result,
            f"{outcome} pairs out of pairs per recipient (binomial GLM, "
            f"{len(frame)} recipients, SEs clustered by recipient)",
        )

    # -------------------------------------------------------- 4. correction
    def corrected(
        self,
        validation: pd.DataFrame | np.ndarray,
        *,
        by: str | Sequence[str] | None = "gender",
        method: str = "matrix",
        n_boot: int = 2000,
        level: float = 0.95,
        min_per_class: int = 30,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Pooled shares corrected for classifier error, with honest CIs.

        Adjusted classify-and-count: the predicted-label shares ``q`` satisfy
        ``q = C.T @ pi`` with ``C`` = P(predicted | true) from the validation
        sample, so ``pi`` is recovered by matrix inversion (``method=
        "matrix"``, 3 classes) or by Rogan-Gladen on hostile vs neutral
        (``method="binary"``), then clipped to [0, 1].

        The interval resamples recipients (cluster bootstrap of the corpus)
        and, independently, the validation sample (each true-label row of
        the confusion counts redrawn from its multinomial), so it carries the
        validation sample's own uncertainty.

        Parameters
        ----------
        validation : DataFrame or ndarray
            Labelled sample with ``label`` (gold) and ``predicted`` (and
            optionally the ``by`` columns), or a 3x3 count matrix (rows true,
            columns predicted, ``LABELS`` order).
        by : str, sequence or None
            Groups; None for the whole corpus only.
        method : {"matrix", "binary"}
            ``binary`` assumes the validation sample's truly hostile part has
            the corpus's mix of hate and threat; ``matrix`` does not.
        min_per_class : int
            A group gets its own confusion matrix when its validation rows
            have at least this many items of every true class (``binary``:
            of hostile and of neutral); otherwise the pooled matrix is used.
            ``confusion_source`` says which.

        Returns
        -------
        DataFrame
            Per group: ``raw_hostile`` (classify-and-count),
            ``corrected_hostile`` with ``corrected_lo/hi``, and for
            ``matrix`` ``corrected_hate`` and ``corrected_threat``.
        """
        import pandas as pd

        if method not in ("matrix", "binary"):
            raise ValueError(f"method must be 'matrix' or 'binary', got {method!r}")
        rng = np.random.default_rng(seed)
        keys = _keys(by) if by is not None else []
        if isinstance(validation, np.ndarray):
            pooled_counts = np.asarray(validation, dtype=np.int64)
            val_frame = None
        else:
            pooled_counts = confusion_counts(validation)
            val_frame = validation
        frame = self.counts()
        frame["neutral"] = frame["messages"] - frame["hate"] - frame["threat"]
        groups: list[tuple[tuple, pd.DataFrame]] = [(("all",) * len(keys), frame)]
        if keys:
            groups += [
                (_tuple(v), s) for v, s in frame.groupby(keys, sort=True, dropna=False)
            ]
        rows = []
        alpha = (1 - level) / 2
        for values, sub in groups:
            counts, source = pooled_counts, "pooled"
            if val_frame is not None and keys and values != ("all",) * len(keys):
                mask = np.ones(len(val_frame), dtype=bool)
                if all(k in val_frame.columns for k in keys):
                    for key, value in zip(keys, values, strict=True):
                        mask &= (val_frame[key].astype(str) == str(value)).to_numpy()
                    own = confusion_counts(val_frame[mask])
                    rows_needed = own.sum(axis=1)
                    if method == "binary":
                        enough = (
                            rows_needed[[_HATE, _THREAT]].sum() >= min_per_class
                            and rows_needed[_NEUTRAL] >= min_per_class
                        )
                    else:
                        enough = bool((rows_needed >= min_per_class).all())
                    if enough:
                        counts, source = own, "group"
            pred = sub[["hate", "neutral", "threat"]].to_numpy(float)
            pred = pred[pred.sum(axis=1) > 0]
            est, draws = _corrected_draws(pred, counts, method, n_boot, rng)
            row = dict(zip(keys, values, strict=True))
            total = pred.sum()
            row.update(
                messages=int(total),
                raw_hostile=float(
                    (pred[:, _HATE].sum() + pred[:, _THREAT].sum()) / total
                )
                if total
                else np.nan,
                corrected_hostile=est["hostile"],
                corrected_lo=float(np.nanquantile(draws, alpha)) if total else np.nan,
                corrected_hi=float(np.nanquantile(draws, 1 - alpha))
                if total
                else np.nan,
                corrected_hate=est.get("hate", np.nan),
                corrected_threat=est.get("threat", np.nan),
                method=method,
                confusion_source=source,
                n_validation=int(counts.sum()),
            )
            rows.append(row)
        result = pd.DataFrame(rows)
        return self._label(
            result,
            "share of pairs truly hostile, corrected for misclassification; "
            "CI from recipient bootstrap x validation-sample resampling",
        )

    # ---------------------------------------------------------------- 5. time
    def timeseries(
        self, *, freq: str = "day", by: str | Sequence[str] | None = "gender"
    ) -> pd.DataFrame:
        """Daily or weekly counts and shares per group (or per recipient).

        Parameters
        ----------
        freq : {"day", "week"}
            Weeks start on Monday.
        by : str, sequence or None
            Roster columns, ``"politician_id"`` for per recipient, or None
            for the whole corpus.

        Returns
        -------
        DataFrame
            ``period, messages, hate, threat, hostile, hostile_share``.
        """
        if freq not in ("day", "week"):
            raise ValueError(f"freq must be 'day' or 'week', got {freq!r}")
        keys = _keys(by) if by is not None else []
        period = "b.day" if freq == "day" else "date_trunc('week', b.day)"
        exprs = [
            "b.politician_id" if k == "politician_id" else f"coalesce(r.{k}, 'unknown')"
            for k in keys
        ]
        select = ", ".join(f"{e} AS {k}" for e, k in zip(exprs, keys, strict=True))
        group = ", ".join(str(i + 1) for i in range(len(keys) + 1))
        frame = self.con.execute(
            f"""
            SELECT {select + "," if select else ""}
                   CAST({period} AS DATE) AS period,
                   CAST(sum(b.n) AS BIGINT) AS messages,
                   CAST(sum(b.hate) AS BIGINT) AS hate,
                   CAST(sum(b.threat) AS BIGINT) AS threat
            FROM hw_daily b LEFT JOIN hw_roster r USING (politician_id)
            GROUP BY {group} ORDER BY {group}
            """
        ).df()
        frame["hostile"] = frame["hate"] + frame["threat"]
        frame["hostile_share"] = frame["hostile"] / frame["messages"]
        return self._label(
            frame,
            f"pairs per {freq} (days with no messages are absent)",
        )

    def spikes(
        self,
        *,
        by: str | Sequence[str] | None = "politician_id",
        outcome: str = "hostile",
        threshold: float = 3.5,
        min_count: int = 5,
    ) -> pd.DataFrame:
        """Spike days: daily outcome counts far above the series' median.

        Each series (a recipient or group) is zero-filled over the whole
        period; a day is a spike when its robust z-score
        ``(x - median) / max(1.4826 * MAD, 1)`` is at least ``threshold``
        and it has at least ``min_count`` outcome messages (see
        :func:`robust_spikes`).

        Returns
        -------
        DataFrame
            One row per spike day: the series keys, ``day``, the count, the
            series ``median`` and ``z``.
        """
        import pandas as pd

        _check_outcome(outcome)
        daily = self.timeseries(freq="day", by=by)
        keys = _keys(by) if by is not None else []
        summary = self.summary()
        if summary["first_day"] is None:
            return self._label(pd.DataFrame(), "no messages")
        days = pd.date_range(summary["first_day"], summary["last_day"], freq="D")
        daily["period"] = pd.to_datetime(daily["period"])
        if keys:
            codes = daily.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
        else:
            codes = np.zeros(len(daily), dtype=np.int64)
        n_series = int(codes.max()) + 1 if len(codes) else 0
        first = np.unique(codes, return_index=True)[1]
        series_keys = daily[keys].iloc[first].reset_index(drop=True)
        day_index = days.get_indexer(daily["period"])
        matrix = np.zeros((n_series, len(days)))
        matrix[codes, day_index] = daily[outcome].to_numpy()
        z, flag = robust_spikes(matrix, threshold=threshold, min_count=min_count)
        s_idx, d_idx = np.nonzero(flag)
        out = pd.DataFrame(
            {
                "day": days[d_idx].date,
                outcome: matrix[s_idx, d_idx].astype(np.int64),
                "median": np.median(matrix, axis=1)[s_idx],
                "z": z[s_idx, d_idx],
            }
        )
        for i, key in enumerate(keys):
            out.insert(i, key, series_keys[key].to_numpy()[s_idx])
        out = out.sort_values("z", ascending=False)
        return self._label(
            out.reset_index(drop=True),
            f"daily {outcome} pairs per series; robust z >= {threshold} and "
            f">= {min_count} {outcome} messages",
        )

    # ------------------------------------------------------------- 6. senders
    def senders(self, *, top: float = 0.01) -> pd.DataFrame:
        """Sender concentration (distinct messages; no sender ids returned).

        Parameters
        ----------
        top : float
            Fraction of senders counted as the top (default 1%), ranked by
            hostile messages sent.

        Returns
        -------
        DataFrame
            One row: ``messages``, ``hostile_messages``, ``unique_senders``,
            ``hostile_senders``, ``top_senders`` (how many make the top),
            ``top_share_of_hostile`` (their share of hostile messages), and
            the same among senders of at least one hostile message
            (``top_hostile_senders``, ``top_share_of_hostile_among_hostile``).
        """
        import pandas as pd

        # one row per sender (ids stay hashed inside DuckDB); the ranking is
        # done in numpy, which is faster than window functions here
        per = self.con.execute(
            # count tables (hatewatch.distributed) keep one row per sender
            "SELECT n, h FROM hw_senders"
            if self.source == "counts"
            else """
            SELECT count(*) AS n, sum(hostile) AS h
            FROM (
                SELECT any_value(ak) AS ak,
                       max(CASE WHEN l <> 1 THEN 1 ELSE 0 END) AS hostile
                FROM hw_base GROUP BY mk
            )
            GROUP BY ak
            """
        ).fetchnumpy()
        n = np.asarray(per["n"], dtype=np.int64)
        h = np.sort(np.asarray(per["h"], dtype=np.int64))[::-1]
        n_top = math.ceil(top * len(h))
        n_top_h = math.ceil(top * int((h > 0).sum()))
        row = (
            n.sum(),
            h.sum(),
            len(h),
            int((h > 0).sum()),
            n_top,
            h[:n_top].sum(),
            n_top_h,
            h[:n_top_h].sum(),
        )
        hostile = int(row[1])
        result = pd.DataFrame(
            [
                {
                    "messages": int(row[0] or 0),
                    "hostile_messages": hostile,
                    "unique_senders": int(row[2] or 0),
                    "hostile_senders": int(row[3] or 0),
                    "top_fraction": top,
                    "top_senders": int(row[4] or 0),
                    "top_share_of_hostile": (row[5] or 0) / hostile
                    if hostile
                    else np.nan,
                    "top_hostile_senders": int(row[6] or 0),
                    "top_share_of_hostile_among_hostile": (row[7] or 0) / hostile
                    if hostile
                    else np.nan,
                }
            ]
        )
        return self._label(
            result,
            "distinct messages (a message to several recipients counts once); "
            "senders ranked by hostile messages sent",
        )

    # --------------------------------------------------------------- 7. reach
    def reach(
        self, *, k: int = 5, by: str | Sequence[str] = "gender", level: float = 0.95
    ) -> pd.DataFrame:
        """Share of roster people with >= 1 and >= k threats / hostile messages.

        The denominator is every roster person in the group, including those
        who received nothing (comparable with surveys of office holders).

        Returns
        -------
        DataFrame
            ``n_people`` and, for ``threat`` and ``hostile`` and thresholds 1
            and ``k``: ``<outcome>_ge<t>`` (share) with ``_lo``/``_hi``.
        """
        import pandas as pd

        keys = _keys(by)
        frame = self.counts()
        rows = []
        for values, sub in frame.groupby(keys, sort=True, dropna=False):
            row = dict(zip(keys, _tuple(values), strict=True))
            row["n_people"] = len(sub)
            for outcome in ("threat", "hostile"):
                for t in sorted({1, k}):
                    hit = int((sub[outcome] >= t).sum())
                    lo, hi = wilson_interval(hit, len(sub), level)
                    name = f"{outcome}_ge{t}"
                    row[name] = hit / len(sub)
                    row[f"{name}_lo"], row[f"{name}_hi"] = float(lo), float(hi)
            rows.append(row)
        return self._label(
            pd.DataFrame(rows),
            "roster people in the group (including those with no messages)",
        )


def corrected_share(
    pred: Any,
    confusion: Any,
    *,
    method: str = "matrix",
    n_boot: int = 2000,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> dict[str, float]:
    """Misclassification-corrected hostile share of a group, with its CI.

    Parameters
    ----------
    pred : array-like, shape (k, 3)
        Per-recipient counts of predicted labels (``LABELS`` order).
    confusion : array-like, shape (3, 3)
        Validation counts, rows true label, columns predicted label.
    method : {"matrix", "binary"}
    n_boot, level, rng
        Bootstrap settings (recipients and validation rows resampled).

    Returns
    -------
    dict
        ``raw``, ``hostile`` (corrected), ``lo``, ``hi`` and, for
        ``matrix``, ``hate`` and ``threat``.
    """
    rng = np.random.default_rng(rng)
    pred = np.asarray(pred, float)
    pred = pred[pred.sum(axis=1) > 0]
    est, draws = _corrected_draws(pred, confusion, method, n_boot, rng)
    alpha = (1 - level) / 2
    total = pred.sum()
    est["raw"] = float((pred[:, _HATE].sum() + pred[:, _THREAT].sum()) / total)
    est["lo"], est["hi"] = (float(v) for v in np.nanquantile(draws, [alpha, 1 - alpha]))
    return est


def _corrected_draws(
    pred: np.ndarray,
    counts: np.ndarray,
    method: str,
    n_boot: int,
    rng: np.random.Generator,
) -> tuple[dict[str, float], np.ndarray]:
    """Point estimate and bootstrap draws of the corrected hostile share."""
    k = len(pred)
    if k == 0:
        return {"hostile": np.nan}, np.full(n_boot, np.nan)
    counts = np.asarray(counts, dtype=np.int64)
    row_n = counts.sum(axis=1)
    if method == "matrix" and (row_n == 0).any():
        missing = [LABELS[i] for i in np.flatnonzero(row_n == 0)]
        raise DataError(
            "the validation sample has no items with true label "
            f"{', '.join(missing)}; use method='binary' or label more items"
        )
    q = pred.sum(axis=0) / pred.sum()
    w = _multinomial_weights(k, n_boot, rng)
    q_b = w @ pred
    q_b /= q_b.sum(axis=1, keepdims=True)
    if method == "matrix":
        c_hat = counts / row_n[:, None]
        pi = adjusted_prevalence(q, c_hat)
        c_b = np.stack(
            [
                rng.multinomial(row_n[i], c_hat[i], size=n_boot) / row_n[i]
                for i in range(3)
            ],
            axis=1,
        )
        pi_b = adjusted_prevalence(q_b, c_b)
        est = {
            "hostile": float(pi[_HATE] + pi[_THREAT]),
            "hate": float(pi[_HATE]),
            "threat": float(pi[_THREAT]),
        }
        return est, pi_b[:, _HATE] + pi_b[:, _THREAT]
    pos_n = int(row_n[_HATE] + row_n[_THREAT])
    neg_n = int(row_n[_NEUTRAL])
    if pos_n == 0 or neg_n == 0:
        raise DataError("the validation sample needs hostile and neutral items")
    tp = counts[_HATE, _HATE] + counts[_HATE, _THREAT]
    tp += counts[_THREAT, _HATE] + counts[_THREAT, _THREAT]
    tn = counts[_NEUTRAL, _NEUTRAL]
    sens, spec = tp / pos_n, tn / neg_n
    q_h = q[_HATE] + q[_THREAT]
    sens_b = rng.binomial(pos_n, sens, n_boot) / pos_n
    spec_b = rng.binomial(neg_n, spec, n_boot) / neg_n
    draws = rogan_gladen(q_b[:, _HATE] + q_b[:, _THREAT], sens_b, spec_b)
    return {"hostile": float(rogan_gladen(q_h, sens, spec))}, draws


def _keys(by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in _ROSTER_COLUMNS:
            raise ValueError(
                f"unknown grouping column {key!r}; use {', '.join(_ROSTER_COLUMNS)}"
            )
    return keys


def _tuple(values: Any) -> tuple:
    return values if isinstance(values, tuple) else (values,)


def _check_outcome(outcome: str) -> None:
    if outcome not in _OUTCOMES:
        raise ValueError(f"outcome must be one of {_OUTCOMES}, got {outcome!r}")


# --------------------------------------------------------------------------
# load: store or frame -> hw_base, hw_roster
# --------------------------------------------------------------------------


def load(
    source: Any,
    roster: pd.DataFrame | None = None,
    *,
    model_version: str | None = None,
    relation: str = "all",
    roster_name: str | None = None,
) -> Exposure:
    """Load scored messages and a roster for exposure analysis.

    Parameters
    ----------
    source : Store, duckdb connection, path to a store, or DataFrame
        A store (tables of ``hatewatch.store.SCHEMA``) or a long frame with
        one row per (message, recipient): ``platform, message_id,
        politician_id, relation, created_at, author_id, label`` (and
        optionally ``model_version``); or a folder of count tables written
        by :func:`hatewatch.distributed.aggregate`.
    roster : DataFrame, optional
        ``politician_id, name, gender, office, level, party``. Required with
        a frame; with a store, overrides the store's roster tables.
    model_version : str, optional
        Which scores to use. Default: the most recently scored version in
        the store (for a frame with a ``model_version`` column likewise; a
        frame without one has ``None``).
    relation : {"all", "mention", "reply", "quote"}
        Relation filter. ``all`` counts each (message, recipient) once.
    roster_name : str, optional
        With a store holding several rosters, which one (``roster`` column).

    Returns
    -------
    Exposure

    Examples
    --------
    >>> from hatewatch import simulate
    >>> sim = simulate.simulate_corpus(n_messages=2_000, seed=3)
    >>> ex = load(sim.messages, sim.roster, relation="reply")
    >>> ex.relation
    'reply'
    """
    import duckdb
    import pandas as pd

    if relation not in RELATIONS:
        raise DataError(
            f"unknown relation {relation!r}; use one of {', '.join(RELATIONS)}",
            field="relation",
        )
    from hatewatch import distributed

    if distributed.is_counts_folder(source):  # tables of distributed.aggregate
        return distributed.load_counts(
            source, roster, model_version=model_version, relation=relation
        )
    if isinstance(source, pd.DataFrame):
        con = duckdb.connect()
        _quiet(con)
        version = _load_frame(con, source, roster, model_version, relation)
        return Exposure(con, version, relation, "frame", _owned=True)
    if hasattr(source, "con"):
        con = source.con
    elif isinstance(source, duckdb.DuckDBPyConnection):
        con = source
    else:
        from pathlib import Path

        path = Path(source)
        if not path.exists():
            raise DataError("store not found", path=str(path))
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            raise DataError(f"cannot open the store: {exc}", path=str(path)) from exc
        _quiet(con)
        version = _load_store(con, roster, model_version, relation, roster_name)
        return Exposure(con, version, relation, "store", _owned=True)
    version = _load_store(con, roster, model_version, relation, roster_name)
    return Exposure(con, version, relation, "store")


def _quiet(con: Any) -> None:
    """Turn off DuckDB's progress bar, which would land on stdout with the data."""
    import duckdb

    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:  # inside Jupyter without ipywidgets DuckDB refuses
        pass


def _relation_where(relation: str, column: str = "relation") -> str:
    return (
        "" if relation == "all" else f"WHERE CAST({column} AS VARCHAR) = '{relation}'"
    )


def _register_roster(con: Any, roster: pd.DataFrame) -> None:
    missing = [c for c in ("politician_id", "gender") if c not in roster.columns]
    if missing:
        raise DataError("roster frame lacks a column", field=missing[0])
    frame = roster.copy()
    for column in _ROSTER_COLUMNS:
        if column not in frame.columns:
            frame[column] = "unknown"
    frame = frame[list(_ROSTER_COLUMNS)].astype(str)
    dup = frame["politician_id"].duplicated()
    if dup.any():
        raise DataError(
            f"politician_id {frame['politician_id'][dup].iloc[0]!r} appears twice "
            "in the roster",
            field="politician_id",
        )
    con.register("hw_roster_src", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE hw_roster AS SELECT * FROM hw_roster_src")
    con.unregister("hw_roster_src")


def _load_frame(
    con: Any,
    frame: pd.DataFrame,
    roster: pd.DataFrame | None,
    model_version: str | None,
    relation: str,
) -> str | None:
    if roster is None:
        raise DataError("a roster frame is needed with a message frame")
    for column in _LONG_COLUMNS:
        if column not in frame.columns:
            raise DataError("message frame lacks a column", field=column)
    con.register("hw_src", frame)
    where = []
    if "model_version" in frame.columns:
        if model_version is None:
            model_version = _latest_version(con, "hw_src")
        where.append(f"CAST(model_version AS VARCHAR) = '{_quote(model_version)}'")
    if relation != "all":
        where.append(f"CAST(relation AS VARCHAR) = '{relation}'")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    bad = con.execute(
        f"SELECT CAST(label AS VARCHAR) FROM hw_src {clause} "
        f"{'AND' if clause else 'WHERE'} ({_LABEL_CODE}) IS NULL LIMIT 1"
    ).fetchone()
    if bad is not None:
        raise DataError(
            f"unknown label {bad[0]!r}; expected one of {', '.join(LABELS)}",
            field="label",
        )
    distinct = (
        "DISTINCT ON (platform, message_id, politician_id)" if relation == "all" else ""
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hw_base AS
        SELECT {distinct} hash(platform, message_id) AS mk,
               CAST(politician_id AS VARCHAR) AS politician_id,
               CAST(created_at AS DATE) AS day, hash(author_id) AS ak,
               CAST({_LABEL_CODE.replace("label", "CAST(label AS VARCHAR)", 1)}
                    AS TINYINT) AS l
        FROM hw_src {clause}
        """
    )
    con.unregister("hw_src")
    _make_daily(con)
    _register_roster(con, roster)
    return model_version


def _make_daily(con: Any) -> None:
    """Per recipient and day counts: every table but senders starts here."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE hw_daily AS
        SELECT politician_id, day, count(*) AS n,
               count(*) FILTER (WHERE l = 0) AS hate,
               count(*) FILTER (WHERE l = 2) AS threat
        FROM hw_base GROUP BY politician_id, day
        """
    )


def _quote(value: str) -> str:
    return str(value).replace("'", "''")


def _latest_version(con: Any, table: str) -> str:
    has_time = table == "scores"
    order = "max(scored_at) DESC, " if has_time else ""
    row = con.execute(
        f"SELECT model_version FROM {table} GROUP BY model_version "
        f"ORDER BY {order}model_version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise DataError(f"no scores found ({table} is empty); run `hatewatch score`")
    return str(row[0])


def _load_store(
    con: Any,
    roster: pd.DataFrame | None,
    model_version: str | None,
    relation: str,
    roster_name: str | None,
) -> str:
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    for table in ("messages", "message_recipients", "scores", "roster_people"):
        if table not in tables:
            raise DataError(
                f"the store has no {table!r} table; is it a hatewatch store?"
            )
    if model_version is None:
        model_version = _latest_version(con, "scores")
    elif not con.execute(
        "SELECT 1 FROM scores WHERE model_version = ? LIMIT 1", [model_version]
    ).fetchone():
        raise DataError(
            f"no scores for model version {model_version!r} in the store",
            field="model_version",
        )
    recipients = (
        "SELECT DISTINCT platform, message_id, politician_id FROM message_recipients"
        if relation == "all"
        else "SELECT platform, message_id, politician_id FROM message_recipients "
        + _relation_where(relation)
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hw_base AS
        SELECT hash(r.platform, r.message_id) AS mk, r.politician_id,
               CAST(m.created_at AS DATE) AS day, hash(m.author_id) AS ak,
               CAST({_LABEL_CODE.replace("label", "s.label", 1)} AS TINYINT) AS l
        FROM ({recipients}) r
        JOIN scores s ON s.platform = r.platform AND s.message_id = r.message_id
             AND s.model_version = ?
        JOIN messages m ON m.platform = r.platform AND m.message_id = r.message_id
        """,
        [model_version],
    )
    if con.execute("SELECT 1 FROM hw_base WHERE l IS NULL LIMIT 1").fetchone():
        raise DataError("the scores table holds an unknown label", field="label")
    _make_daily(con)
    if roster is not None:
        _register_roster(con, roster)
        return model_version
    _store_roster(con, roster_name)
    return model_version


def _store_roster(con: Any, roster_name: str | None) -> None:
    """``hw_roster`` from the tables ``roster_people`` and ``roster_spells``."""
    where = "WHERE p.roster = ?" if roster_name else ""
    params = [roster_name] if roster_name else []
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hw_roster AS
        SELECT p.politician_id, any_value(p.name) AS name,
               any_value(p.gender) AS gender,
               coalesce(any_value(s.office), 'unknown') AS office,
               coalesce(any_value(s.level), 'unknown') AS level,
               coalesce(any_value(s.party), 'unknown') AS party
        FROM roster_people p
        LEFT JOIN (
            SELECT * FROM roster_spells
            QUALIFY row_number() OVER (
                PARTITION BY roster, politician_id
                ORDER BY end_date DESC NULLS FIRST, start_date DESC NULLS LAST
            ) = 1
        ) s ON s.roster = p.roster AND s.politician_id = p.politician_id
        {where}
        GROUP BY p.politician_id
        """,
        params,
    )
