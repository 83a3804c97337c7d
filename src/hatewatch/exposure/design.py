"""Validation designs: reading, summarising, checking, drawing and planning.

A *validation sample* is a set of (message, recipient) pairs whose true label
a person assigned, next to the model's label. It is read as a table with

* ``label``: the gold label (``hate``, ``neutral`` or ``threat``);
* ``predicted``: the model's label for that message (same model version as
  the scores analysed);
* the error-group column(s), by default ``gender`` of the recipient;
* optionally ``weight``: the inverse of the item's inclusion probability
  (what ``hatewatch sample`` writes), and ``stratum``.

The corrected estimators (:mod:`hatewatch.exposure.estimators`) need, per
error group and predicted cell (predicted positive / negative for the
outcome), the share of truly positive items. Inside such a cell only the
*relative* weights matter, so any design whose strata are unions of
(error group x predicted label) cells (simple random, stratified by
predicted label, by gender, or by both) gives the same estimate with or
without the ``weight`` column. Designs stratified on anything else (office,
day, recipient) need the weights; the cell share is then a weighted (Hajek)
mean and its precision the Kish effective size.

A design that samples on the *true* label (for example "300 hostile, 300
neutral" picked after labelling) is not a probability sample of any cell
and cannot be used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "OUTCOMES",
    "Cells",
    "ThinValidationError",
    "allocate",
    "cells_from_counts",
    "check_cells",
    "confusion_counts",
    "differential_error",
    "load_validation",
    "plan_sample",
    "positive_labels",
    "validation_cells",
]

#: Outcome -> the labels that count as positive.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "hostile": ("hate", "threat"),
    "hate": ("hate",),
    "threat": ("threat",),
}

#: Cell names, index 0 and 1.
CELL_NAMES = ("predicted negative", "predicted positive")


class ThinValidationError(DataError):
    """The validation sample has too few items in a cell the corpus needs.

    ``needed`` lists ``(group, cell, have, more)`` for every thin cell.
    """

    def __init__(self, message: str, needed: list[tuple[str, str, int, int]]):
        self.needed = needed
        super().__init__(message)


def positive_labels(outcome: str) -> tuple[str, ...]:
    """Labels counted as positive for ``outcome``."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {tuple(OUTCOMES)}, got {outcome!r}")
    return OUTCOMES[outcome]


@dataclass
class Cells:
    """Validation items summarised per error group and predicted cell.

    Attributes
    ----------
    groups : list of str
        Error groups (values of ``by``; ``["all"]`` when ``by`` is None).
    x, n : ndarray, shape (G, 2)
        Effective positives and effective items per cell; column 0 is
        predicted negative, column 1 predicted positive. Unweighted cells
        hold plain counts.
    items : ndarray of int, shape (G, 2)
        Labelled rows per cell.
    outcome : str
    by : str or None
    """

    groups: list[str]
    x: np.ndarray
    n: np.ndarray
    items: np.ndarray
    outcome: str
    by: str | None

    def rates(self) -> tuple[np.ndarray, np.ndarray]:
        """Point estimates ``(p1, p0)`` per group: P(true + | predicted +/-)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            p = self.x / self.n
        return p[:, 1], p[:, 0]

    def index(self, group: str) -> int:
        """Position of ``group`` (KeyError naming the groups when absent)."""
        try:
            return self.groups.index(str(group))
        except ValueError:
            raise KeyError(group) from None


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
    t, p = _codes(validation, true_col), _codes(validation, pred_col)
    counts = np.zeros((3, 3), dtype=np.int64)
    np.add.at(counts, (t, p), 1)
    return counts


def _codes(validation: pd.DataFrame, column: str) -> np.ndarray:
    if column not in validation.columns:
        raise DataError("validation sample lacks a column", field=column)
    index = {label: i for i, label in enumerate(LABELS)}
    codes = validation[column].astype(str).str.strip().str.lower().map(index)
    bad = codes.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"unknown label {validation[column].iloc[row]!r}; expected one of "
            f"{', '.join(LABELS)}",
            line=row + 2,
            field=column,
        )
    return codes.to_numpy(int)


def _weights(validation: pd.DataFrame) -> np.ndarray:
    if "weight" not in validation.columns:
        return np.ones(len(validation))
    import pandas as pd

    w = pd.to_numeric(validation["weight"], errors="coerce").to_numpy(float)
    bad = ~np.isfinite(w) | (w <= 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"weight {validation['weight'].iloc[row]!r} is not a positive number "
            "(the inverse of the item's inclusion probability)",
            line=row + 2,
            field="weight",
        )
    return w


def load_validation(path: str) -> pd.DataFrame:
    """Read a labelled validation sample (CSV or TSV) and check it.

    Required columns: ``label`` (gold) and ``predicted`` (the model's label);
    optional ``weight`` (inverse inclusion probability, > 0), ``stratum`` and
    error-group columns such as ``gender``. Rows whose ``label`` is empty
    (not yet annotated) are an error: an unlabelled item is not a
    "neutral" one.

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
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataError("validation file not found", path=str(path)) from exc
    for column in ("label", "predicted"):
        if column not in frame.columns:
            raise DataError("missing column", path=str(path), line=1, field=column)
    try:
        confusion_counts(frame)
        _weights(frame)
    except DataError as exc:
        raise DataError(
            str(exc).split(": ", 1)[-1], path=str(path), line=exc.line, field=exc.field
        ) from exc
    return frame


def validation_cells(
    validation: pd.DataFrame | Cells,
    *,
    outcome: str = "hostile",
    by: str | None = "gender",
    groups: list[str] | None = None,
) -> Cells:
    """Summarise a validation sample into per-group, per-cell positives.

    Parameters
    ----------
    validation : DataFrame or Cells
        Labelled sample (see the module docstring); a :class:`Cells` is
        returned unchanged.
    outcome : {"hostile", "hate", "threat"}
    by : str or None
        Error-group column; None pools all items into one group ``"all"``.
    groups : list of str, optional
        Groups to report (default: those in the sample); groups without
        items get zero cells.

    Returns
    -------
    Cells
    """
    if isinstance(validation, Cells):
        return validation
    positive = {LABELS.index(x) for x in positive_labels(outcome)}
    t = np.isin(_codes(validation, "label"), list(positive))
    p = np.isin(_codes(validation, "predicted"), list(positive))
    w = _weights(validation)
    if by is None:
        g_values = np.array(["all"] * len(validation), dtype=object)
    else:
        if by not in validation.columns:
            raise DataError(
                f"the validation sample has no {by!r} column, needed for error "
                f"rates per {by}; add it or pass by=None (one error rate for "
                "everyone, which assumes the classifier errs alike for all)",
                field=by,
            )
        g_values = validation[by].astype(str).to_numpy(object)
    names = sorted(set(g_values)) if groups is None else [str(g) for g in groups]
    G = len(names)
    x = np.zeros((G, 2))
    n = np.zeros((G, 2))
    items = np.zeros((G, 2), dtype=np.int64)
    for gi, name in enumerate(names):
        for c in (0, 1):
            m = (g_values == name) & (p == bool(c))
            if not m.any():
                continue
            wm = w[m]
            items[gi, c] = int(m.sum())
            n_eff = wm.sum() ** 2 / (wm**2).sum()
            share = float((wm * t[m]).sum() / wm.sum())
            n[gi, c] = n_eff
            x[gi, c] = share * n_eff
    return Cells(names, x, n, items, outcome, by)


def cells_from_counts(
    counts: Any, *, outcome: str = "hostile", groups: list[str] | None = None
) -> Cells:
    """Cells from validation counts ``(G, 2 predicted, 2 true)``, unweighted.

    Parameters
    ----------
    counts : array-like, shape (G, 2, 2) or (2, 2)
        ``counts[g, c, y]``: items in group g predicted c (0 negative,
        1 positive) whose true indicator is y.
    outcome : str
    groups : list of str, optional

    Returns
    -------
    Cells
    """
    counts = np.asarray(counts, float)
    if counts.ndim == 2:
        counts = counts[None]
    names = groups or [str(i) for i in range(len(counts))]
    n = counts.sum(axis=2)
    return Cells(names, counts[:, :, 1].copy(), n, n.astype(np.int64), outcome, None)


def check_cells(
    cells: Cells,
    corpus: dict[str, tuple[int, int]],
    *,
    min_items: int = 10,
    by_label: str | None = None,
) -> None:
    """Refuse when a cell the corpus needs has too few labelled items.

    Parameters
    ----------
    cells : Cells
    corpus : dict
        Error group -> (pairs predicted negative, pairs predicted positive)
        in the corpus analysed.
    min_items : int
        Items needed in every cell that holds corpus pairs.
    by_label : str, optional
        How to name the groups in the message (default ``cells.by``).

    Raises
    ------
    ThinValidationError
        Listing, for every thin cell, how many more items of which kind to
        label. Never falls back silently to another group's error rates.
    """
    needed = []
    label = by_label or cells.by or "group"
    for group, (n0, n1) in corpus.items():
        have = (
            cells.items[cells.index(group)]
            if str(group) in cells.groups
            else np.zeros(2, dtype=np.int64)
        )
        for c, n_corpus in ((1, n1), (0, n0)):
            if n_corpus > 0 and have[c] < min_items:
                needed.append(
                    (str(group), CELL_NAMES[c], int(have[c]), int(min_items - have[c]))
                )
    if needed:
        what = "; ".join(
            f"{label}={g}, {cell} {cells.outcome}: have {have}, label {more} more"
            for g, cell, have, more in needed
        )
        raise ThinValidationError(
            f"the validation sample is too thin to correct {cells.outcome} shares "
            f"per {label} (at least {min_items} labelled items are needed in every "
            f"{label} x predicted-label cell the corpus has): {what}. Draw them "
            "with `hatewatch sample`, or correct with one error rate for everyone "
            "(error_by=None), which assumes the classifier errs alike for all.",
            needed,
        )


def differential_error(
    validation: pd.DataFrame | Cells,
    *,
    by: str = "gender",
    a: str = "female",
    b: str = "male",
    outcome: str = "hostile",
    corpus: dict[str, tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """Test whether the classifier errs differently for two groups.

    For each predicted cell compares P(true positive | predicted, group)
    between ``a`` and ``b`` with a two-proportion z test on the effective
    counts; with ``corpus`` counts also the implied sensitivity (share of
    truly positive pairs the model finds) per group. p-values are
    Holm-adjusted over the two cells.

    Returns
    -------
    DataFrame
        ``cell, a, b, rate_a, rate_b, difference, z, p, p_holm, n_a, n_b``
        (and ``sensitivity_a``, ``sensitivity_b`` with ``corpus``).
    """
    import pandas as pd
    from scipy.stats import norm

    from hatewatch.exposure.estimators import holm

    cells = validation_cells(validation, outcome=outcome, by=by, groups=[a, b])
    rows = []
    for c in (1, 0):
        xa, na = cells.x[0, c], cells.n[0, c]
        xb, nb = cells.x[1, c], cells.n[1, c]
        if na == 0 or nb == 0:
            rows.append({"cell": CELL_NAMES[c], "n_a": na, "n_b": nb})
            continue
        ra, rb = xa / na, xb / nb
        pool = (xa + xb) / (na + nb)
        se = math.sqrt(max(pool * (1 - pool) * (1 / na + 1 / nb), 1e-300))
        z = (ra - rb) / se if se > 0 else 0.0
        rows.append(
            {
                "cell": CELL_NAMES[c],
                "rate_a": ra,
                "rate_b": rb,
                "difference": ra - rb,
                "z": z,
                "p": float(2 * norm.sf(abs(z))),
                "n_a": float(na),
                "n_b": float(nb),
            }
        )
    out = pd.DataFrame(rows)
    out.insert(1, "a", a)
    out.insert(2, "b", b)
    if "p" in out:
        out["p_holm"] = holm(out["p"].to_numpy(float))
    if corpus is not None:
        p1, p0 = cells.rates()
        for i, g in enumerate((a, b)):
            n0, n1 = corpus.get(g, (0, 0))
            pos = n1 * p1[i] + n0 * p0[i]
            out[f"sensitivity_{'ab'[i]}"] = n1 * p1[i] / pos if pos > 0 else np.nan
    out.insert(0, "outcome", outcome)
    out.attrs["denominator"] = (
        f"labelled validation items per {by} and predicted cell; "
        "rate = share truly " + outcome
    )
    return out


# --------------------------------------------------------------------------
# drawing and planning a validation sample
# --------------------------------------------------------------------------

#: Guesses of P(true + | predicted +) and P(true + | predicted -) used for
#: planning when no pilot sample is given (a classifier that is right about
#: 60% of what it flags and misses about 4% of the rest).
DEFAULT_GUESS = (0.6, 0.04)


def _stratum_sd(p1: Any, p0: Any) -> np.ndarray:
    p = np.stack([np.asarray(p0, float), np.asarray(p1, float)], axis=-1)
    p = np.clip(p, 0.02, 0.98)
    return np.sqrt(p * (1 - p))


def allocate(
    sizes: Any,
    n: int,
    *,
    allocation: str = "neyman",
    guess: tuple[Any, Any] = DEFAULT_GUESS,
    min_items: int = 10,
) -> np.ndarray:
    """How many items to label per stratum (error group x predicted cell).

    Parameters
    ----------
    sizes : array-like, shape (G, 2)
        Corpus pairs per stratum (column 0 predicted negative, 1 positive).
    n : int
        Total items to label.
    allocation : {"neyman", "equal", "proportional"}
        ``neyman`` minimises the variance of the sum of the groups' corrected
        shares (so of a gap): ``n_gc`` proportional to ``q_gc * sd_gc`` with
        ``q_gc`` the cell's share of its group and ``sd_gc`` from ``guess``;
        ``equal`` gives every stratum the same; ``proportional`` follows the
        corpus (a stratified simple random sample).
    guess : (p1, p0)
        Guessed P(true + | predicted +/-), scalars or per group.
    min_items : int
        Floor per non-empty stratum (capped at its size).

    Returns
    -------
    ndarray of int, shape (G, 2)
    """
    sizes = np.asarray(sizes, float)
    if allocation == "equal":
        score = (sizes > 0).astype(float)
    elif allocation == "proportional":
        score = sizes.copy()
    elif allocation == "neyman":
        share = sizes / np.maximum(sizes.sum(axis=1, keepdims=True), 1)
        p1 = np.broadcast_to(np.asarray(guess[0], float), (len(sizes),))
        p0 = np.broadcast_to(np.asarray(guess[1], float), (len(sizes),))
        score = share * _stratum_sd(p1, p0)
    else:
        raise ValueError(
            f"allocation must be neyman, equal or proportional, not {allocation!r}"
        )
    score = np.where(sizes > 0, score, 0.0)
    floor = np.minimum(np.where(sizes > 0, min_items, 0), sizes)
    if floor.sum() > n:
        raise DataError(
            f"{n} items cannot give every one of the {int((sizes > 0).sum())} "
            f"strata its minimum of {min_items}; label at least {int(floor.sum())}"
        )
    out = floor.copy()
    left = n - floor.sum()
    # water-filling: share out what is left by score, never above the stratum
    for _ in range(20):
        room = sizes - out
        active = (room > 0) & (score > 0)
        if left < 1 or not active.any():
            break
        want = left * score * active / (score * active).sum()
        add = np.minimum(want, room)
        out = out + add
        left = n - out.sum()
    base = np.floor(out)
    rest = int(round(n - base.sum()))
    frac = (out - base).ravel()
    room = (sizes - base).ravel()
    order = [i for i in np.argsort(-frac) if room[i] >= 1][: max(rest, 0)]
    flat = base.ravel()
    flat[order] += 1
    return flat.reshape(sizes.shape).astype(np.int64)


def plan_sample(
    sizes: Any,
    width: float,
    *,
    guess: tuple[Any, Any] = DEFAULT_GUESS,
    recipient_variance: float = 0.0,
    level: float = 0.95,
    min_items: int = 10,
) -> dict[str, Any]:
    """Items to label for a target interval width on a two-group gap.

    The validation part of the corrected gap's variance is
    ``sum_g (sum_c q_gc sd_gc)^2 / n_g`` (stratified PPI with Neyman
    allocation inside each group); with groups also Neyman-allocated it is
    ``(A_a + A_b)^2 / n`` where ``A_g = sum_c q_gc sd_gc``. Adding the
    between-recipient variance (from a bootstrap of the raw gap) and
    solving ``2 z sqrt(var) = width`` gives ``n``.

    Parameters
    ----------
    sizes : array-like, shape (2, 2)
        Corpus pairs per (group, predicted cell) of the two groups.
    width : float
        Target full width of the gap's interval (0.02 = +/- 1 point).
    guess : (p1, p0)
        Guessed rates, scalars or per group (from a pilot sample if any).
    recipient_variance : float
        Variance of the gap that labelling cannot remove.
    level : float
    min_items : int

    Returns
    -------
    dict
        ``n`` (total), ``allocation`` (2x2 ints), ``attainable`` (bool),
        ``floor_width`` (the width with unlimited labels) and ``message``.
    """
    from hatewatch.exposure.estimators import _z

    sizes = np.asarray(sizes, float)
    z = _z(level)
    share = sizes / np.maximum(sizes.sum(axis=1, keepdims=True), 1)
    p1 = np.broadcast_to(np.asarray(guess[0], float), (len(sizes),))
    p0 = np.broadcast_to(np.asarray(guess[1], float), (len(sizes),))
    a_g = (share * _stratum_sd(p1, p0)).sum(axis=1)
    floor_width = 2 * z * math.sqrt(max(recipient_variance, 0.0))
    budget = (width / (2 * z)) ** 2 - recipient_variance
    if budget <= 0:
        return {
            "n": None,
            "allocation": None,
            "attainable": False,
            "floor_width": floor_width,
            "message": (
                f"a gap interval of width {width:.4f} is not attainable by "
                f"labelling: variation between recipients alone gives "
                f"{floor_width:.4f}"
            ),
        }
    n = int(math.ceil(a_g.sum() ** 2 / budget))
    n = max(n, int(min_items * (sizes > 0).sum()))
    n = min(n, int(sizes.sum()))
    alloc = allocate(sizes, n, allocation="neyman", guess=guess, min_items=min_items)
    return {
        "n": int(alloc.sum()),
        "allocation": alloc,
        "attainable": True,
        "floor_width": floor_width,
        "message": (
            f"label {int(alloc.sum())} items for a gap interval of width about "
            f"{width:.4f} (labelling cannot go below {floor_width:.4f})"
        ),
    }
