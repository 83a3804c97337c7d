"""Draw the validation sample to label, and plan its size.

The sample is stratified by error group (default gender) x the model's
label for the outcome (flagged or not), so the rare flagged pairs are not
left to chance, and every row carries its ``weight`` (stratum pairs /
stratum items, the inverse inclusion probability). Annotators fill in the
empty ``label`` column; the file then goes to ``hatewatch report
--validation``. See :mod:`hatewatch.exposure.design` for why this design
(and simple random or per-gender designs) give valid corrections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.exposure.design import (
    DEFAULT_GUESS,
    allocate,
    plan_sample,
    positive_labels,
    validation_cells,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["draw_sample", "plan_validation", "strata_sizes"]


def strata_sizes(
    ex: Any, *, by: str = "gender", outcome: str = "hostile"
) -> tuple[list[str], np.ndarray]:
    """Corpus pairs per (group, predicted negative / positive).

    Returns
    -------
    (groups, sizes) : list of str, ndarray of int, shape (G, 2)
    """
    frame = ex.counts()
    frame = frame[frame["messages"] > 0]
    groups = sorted(frame[by].astype(str).unique())
    sizes = np.zeros((len(groups), 2), dtype=np.int64)
    for i, g in enumerate(groups):
        sub = frame[frame[by].astype(str) == g]
        pos = int(sub[outcome].sum())
        sizes[i] = (int(sub["messages"].sum()) - pos, pos)
    return groups, sizes


def plan_validation(
    ex: Any,
    width: float,
    *,
    by: str = "gender",
    a: str = "female",
    b: str = "male",
    outcome: str = "hostile",
    pilot: Any = None,
    level: float = 0.95,
    min_items: int = 10,
    seed: int | None = 0,
) -> dict[str, Any]:
    """How many items to label for a gap interval of ``width``.

    Uses the corpus's strata sizes, the between-recipient variance of the
    raw gap (a bootstrap over recipients: labelling cannot remove it) and
    guessed error rates: from a ``pilot`` validation sample if given, else
    :data:`~hatewatch.exposure.design.DEFAULT_GUESS`.

    Returns
    -------
    dict
        As :func:`~hatewatch.exposure.design.plan_sample`, plus ``groups``,
        ``sizes`` and ``guess``.
    """
    groups, sizes = strata_sizes(ex, by=by, outcome=outcome)
    missing = [g for g in (a, b) if g not in groups]
    if missing:
        raise DataError(f"no recipients with messages in {by}={missing[0]!r}")
    idx = [groups.index(a), groups.index(b)]
    guess: tuple[Any, Any] = DEFAULT_GUESS
    if pilot is not None:
        cells = validation_cells(pilot, outcome=outcome, by=by, groups=[a, b])
        p1, p0 = cells.rates()
        fallback = np.array(DEFAULT_GUESS)
        p1 = np.where(np.isfinite(p1), p1, fallback[0])
        p0 = np.where(np.isfinite(p0), p0, fallback[1])
        guess = (p1, p0)
    gap = ex.gaps(by=by, a=a, b=b, outcome=outcome, n_boot=1000, seed=seed)
    row = gap.set_index("measure").loc["pooled"]
    from hatewatch.exposure.estimators import _z

    rec_var = ((row["difference_hi"] - row["difference_lo"]) / (2 * _z(level))) ** 2
    plan = plan_sample(
        sizes[idx],
        width,
        guess=guess,
        recipient_variance=float(rec_var),
        level=level,
        min_items=min_items,
    )
    plan.update(groups=[a, b], sizes=sizes[idx], guess=guess)
    return plan


def draw_sample(
    ex: Any,
    n: int | None = None,
    *,
    allocation_table: Any = None,
    by: str = "gender",
    outcome: str = "hostile",
    allocation: str = "neyman",
    guess: tuple[Any, Any] = DEFAULT_GUESS,
    min_items: int = 10,
    seed: int = 0,
    with_text: bool = True,
) -> pd.DataFrame:
    """Draw a stratified validation sample from the loaded store.

    Parameters
    ----------
    ex : Exposure
        Loaded from a store (the draw needs message ids and texts).
    n : int, optional
        Items in total; or give ``allocation_table``.
    allocation_table : array-like, shape (G, 2), optional
        Items per (group, predicted negative / positive), in the order of
        :func:`strata_sizes` (from :func:`plan_validation`).
    by, outcome, allocation, guess, min_items
        See :func:`~hatewatch.exposure.design.allocate`.
    seed : int
        Random order inside strata (hash of the pair and the seed).
    with_text : bool
        Include the message text (what annotators read).

    Returns
    -------
    DataFrame
        ``platform, message_id, politician_id, name, gender (the by
        column), predicted, stratum, weight, inclusion_probability,
        model_version, text, label`` (``label`` empty, to be filled in).
    """
    import pandas as pd

    if ex.source != "store":
        raise DataError("drawing a sample needs a store (message ids and texts)")
    groups, sizes = strata_sizes(ex, by=by, outcome=outcome)
    if allocation_table is None:
        if n is None:
            raise ValueError("give n or allocation_table")
        take = allocate(
            sizes, n, allocation=allocation, guess=guess, min_items=min_items
        )
    else:
        take = np.asarray(allocation_table, dtype=np.int64)
        if take.shape != sizes.shape:
            raise ValueError("allocation_table does not match the strata")
    positive = ", ".join(f"'{x}'" for x in positive_labels(outcome))
    alloc = pd.DataFrame(
        [
            {
                "g": g,
                "pos": bool(c),
                "take": int(take[i, c]),
                "size": int(sizes[i, c]),
            }
            for i, g in enumerate(groups)
            for c in (0, 1)
        ]
    )
    relation = (
        ""
        if ex.relation == "all"
        else f"WHERE CAST(relation AS VARCHAR) = '{ex.relation}'"
    )
    con = ex.con
    con.register("hw_alloc", alloc)
    try:
        sample = con.execute(
            f"""
            WITH pairs AS (
                SELECT DISTINCT r.platform, r.message_id, r.politician_id,
                       coalesce(p.{by}, 'unknown') AS g, p.name,
                       s.label AS predicted, s.label IN ({positive}) AS pos
                FROM (SELECT platform, message_id, politician_id
                      FROM message_recipients {relation}) r
                JOIN scores s ON s.platform = r.platform
                     AND s.message_id = r.message_id AND s.model_version = ?
                LEFT JOIN hw_roster p ON p.politician_id = r.politician_id
            ),
            ranked AS (
                SELECT *, row_number() OVER (
                    PARTITION BY g, pos
                    ORDER BY hash(platform, message_id, politician_id, ?)
                ) AS rn
                FROM pairs
            )
            SELECT k.platform, k.message_id, k.politician_id, k.name, k.g,
                   k.predicted, k.pos, a.take, a.size
            FROM ranked k JOIN hw_alloc a ON a.g = k.g AND a.pos = k.pos
            WHERE k.rn <= a.take
            ORDER BY hash(k.platform, k.message_id, k.politician_id, ?)
            """,
            [ex.model_version, seed, seed],
        ).df()
    finally:
        con.unregister("hw_alloc")
    if with_text and len(sample):
        con.register("hw_pick", sample[["platform", "message_id"]].drop_duplicates())
        try:
            texts = con.execute(
                "SELECT m.platform, m.message_id, m.text FROM messages m "
                "JOIN hw_pick USING (platform, message_id)"
            ).df()
        finally:
            con.unregister("hw_pick")
        sample = sample.merge(texts, on=["platform", "message_id"], how="left")
    cell = np.where(sample["pos"], f"predicted {outcome}", f"predicted not {outcome}")
    out = pd.DataFrame(
        {
            "platform": sample["platform"],
            "message_id": sample["message_id"],
            "politician_id": sample["politician_id"],
            "name": sample["name"],
            by: sample["g"],
            "predicted": sample["predicted"],
            "stratum": sample["g"].astype(str) + " | " + cell,
            "weight": sample["size"] / sample["take"],
            "inclusion_probability": sample["take"] / sample["size"],
            "model_version": ex.model_version,
        }
    )
    if with_text and "text" in sample:
        out["text"] = sample["text"]
    out["label"] = ""
    out.attrs["allocation"] = take
    out.attrs["groups"] = groups
    return out
