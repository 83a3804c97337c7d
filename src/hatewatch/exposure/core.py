"""The :class:`Exposure` object: loads scored messages and dispatches.

All aggregation over messages runs in DuckDB; everything after that works on
per-recipient counts with the pure functions of
:mod:`hatewatch.exposure.estimators` and the joint bootstrap of
:mod:`hatewatch.exposure.inference`. A store and a DataFrame go through the
same SQL: :func:`load` turns either into one temporary table ``hw_base``
(one row per message and recipient under the chosen relation filter and
model version, with hashed message and sender keys), its
per-recipient-and-day counts ``hw_daily``, per-recipient counts by relation
type ``hw_relation`` and one roster table ``hw_roster``.

Units and denominators
----------------------
* A *pair* is one (message, recipient). Per-recipient and per-group shares
  count pairs: a message to two politicians counts once for each.
* With ``relation="all"`` a message that both mentions and replies to the
  same politician counts once for that politician (pairs are de-duplicated);
  with ``relation="mention"`` etc. only that relation is counted.
* Sender statistics count distinct messages.
* Reach counts roster people, including those who received nothing.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.exposure.design import (
    Cells,
    differential_error,
    load_validation,
    validation_cells,
)
from hatewatch.exposure.estimators import (
    eb_shrink,
    holm,
    robust_spikes,
    wilson_interval,
)
from hatewatch.exposure.inference import (
    GroupDraws,
    Rectifier,
    gap_from_draws,
    glm_with_rates,
    group_draws,
    make_rectifier,
    raw_rectifier,
    reach_draws,
    series_draws,
    top_share_draws,
)
from hatewatch.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd

__all__ = ["RELATIONS", "Exposure", "load"]

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
_GAP_COLUMNS = ("a_value", "b_value", "difference", "difference_lo", "difference_hi")
_LABEL_CODE = (
    "CASE label WHEN 'hate' THEN 0 WHEN 'neutral' THEN 1 WHEN 'threat' THEN 2 END"
)


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
        for table in ("hw_base", "hw_daily", "hw_relation", "hw_roster"):
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

    # ------------------------------------------------------ error correction
    def _rectifier(
        self,
        validation: Any,
        outcome: str,
        error_by: str | None,
        n_boot: int,
        rng: np.random.Generator,
        min_items: int,
        rows: np.ndarray | None = None,
    ) -> tuple[Rectifier, np.ndarray]:
        """Error rates (or the raw identity) and each recipient's error group.

        Draws the validation rates first, so every table made with the same
        seed shares the same validation draws.
        """
        frame = self.counts()
        if validation is None:
            return raw_rectifier(["all"], n_boot), np.zeros(len(frame), np.int64)
        if error_by is not None and error_by not in _ROSTER_COLUMNS:
            raise ValueError(f"unknown error_by {error_by!r}")
        values = (
            frame[error_by].astype(str).to_numpy()
            if error_by is not None
            else np.array(["all"] * len(frame))
        )
        pos = frame[outcome].to_numpy()
        n = frame["messages"].to_numpy()
        corpus: dict[str, tuple[int, int]] = {}
        used = n > 0
        if rows is not None:
            used &= np.isin(np.arange(len(frame)), rows)
        for g in sorted(set(values[used])):
            m = values == g
            corpus[g] = (int(n[m].sum() - pos[m].sum()), int(pos[m].sum()))
        if isinstance(validation, Cells):
            cells = validation
        else:
            if isinstance(validation, str | os.PathLike):
                validation = load_validation(str(validation))
            cells = validation_cells(validation, outcome=outcome, by=error_by)
        rect = make_rectifier(
            cells, corpus, n_boot=n_boot, rng=rng, min_items=min_items
        )
        codes = np.zeros(len(frame), np.int64)
        known = np.isin(values, rect.groups)
        codes[known] = rect.index(values[known])
        return rect, codes

    def _estimate_table(
        self,
        keys: list[str],
        outcome: str,
        validation: Any,
        error_by: str | None,
        n_boot: int,
        level: float,
        seed: int | None,
        min_items: int,
        frame: pd.DataFrame | None = None,
    ) -> tuple[pd.DataFrame, list[tuple], GroupDraws, Rectifier, np.ndarray]:
        """Groups of ``keys`` (all recipients when empty) with joint draws."""
        rng = np.random.default_rng(seed)
        rows = None if frame is None else frame.index.to_numpy()
        rect, ecode = self._rectifier(
            validation, outcome, error_by, n_boot, rng, min_items, rows
        )
        base = self.counts() if frame is None else frame
        if frame is not None:
            ecode = ecode[frame.index.to_numpy()]
        if keys:
            tcode, labels = _group_codes(base, keys)
        else:
            tcode = np.zeros(len(base), np.int64)
            labels = [()]
        gd = group_draws(
            base[outcome].to_numpy(),
            base["messages"].to_numpy(),
            tcode,
            ecode,
            len(labels),
            rect,
            rng=rng,
        )
        return base, labels, gd, rect, np.column_stack([tcode, ecode])

    # ---------------------------------------------------------- 2. per group
    def groups(
        self,
        by: str | Sequence[str] = "gender",
        *,
        outcome: str = "hostile",
        validation: Any = None,
        error_by: str | None = "gender",
        n_boot: int = 2000,
        level: float = 0.95,
        min_recipients: int = 10,
        min_messages: int = 100,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Per group: pooled and person-weighted shares with joint intervals.

        Parameters
        ----------
        by : str or sequence of str
            Roster columns (``gender``, ``office``, ``level``, ``party``) or
            a crossing such as ``("gender", "office")``.
        outcome : {"hostile", "hate", "threat"}
        validation : DataFrame, path or None
            Labelled validation sample (see :mod:`hatewatch.exposure.design`).
            Given: every figure is corrected for classifier error with error
            rates per ``error_by`` group (stratified prediction-powered
            inference) and the intervals carry the validation sample's
            uncertainty. None: raw model labels.
        error_by : str or None
            Roster column whose groups get their own error rates (default
            ``gender``: the classifier may err differently for women and
            men). None: one set of rates for everyone.
        n_boot : int
            Bootstrap replicates (recipients resampled, error rates drawn).
        level : float
        min_recipients, min_messages : int
            ``small_cell`` when a group has fewer recipients with messages
            than ``min_recipients``, a Kish effective number of recipients
            below half of it, or fewer messages than ``min_messages``.
        min_items : int
            Labelled items needed per error group x predicted cell; fewer
            raises :class:`~hatewatch.exposure.design.ThinValidationError`.
        seed : int or None

        Returns
        -------
        DataFrame
            ``pooled_share`` (message-weighted: the Groene number),
            ``person_mean``, ``person_median`` with ``*_lo``/``*_hi``,
            ``raw_share`` (model labels), ``n_recipients`` (roster people),
            ``n_with_messages``, ``effective_recipients``, ``messages``,
            ``<outcome>`` (pairs the model labels so),
            ``<outcome>_corrected``, ``top1_share`` with ``top1_lo/hi``,
            ``top5_share``, ``small_cell``, ``interval_note`` and
            ``corrected`` / ``error_rates``.
        """
        import pandas as pd

        keys = _keys(by)
        _check_outcome(outcome)
        base, labels, gd, rect, codes = self._estimate_table(
            keys, outcome, validation, error_by, n_boot, level, seed, min_items
        )
        rng = np.random.default_rng(None if seed is None else seed + 1)
        intervals = {m: gd.interval(m, level) for m in gd.point}
        rows = []
        for t, values in enumerate(labels):
            sub = codes[:, 0] == t
            x = base[outcome].to_numpy()[sub]
            n = base["messages"].to_numpy()[sub]
            has = n > 0
            top1, top1_lo, top1_hi = top_share_draws(
                x[has], n[has], codes[sub, 1][has], rect, top=1, rng=rng, level=level
            )
            top5 = top_share_draws(
                x[has],
                n[has],
                codes[sub, 1][has],
                rect,
                top=5,
                rng=rng,
                with_interval=False,
            )[0]
            row = dict(zip(keys, values, strict=True))
            k = int(gd.k[t])
            row.update(
                n_recipients=int(sub.sum()),
                n_with_messages=k,
                effective_recipients=float(gd.effective_n[t]),
                messages=int(gd.messages[t]),
                **{outcome: int(gd.predicted[t])},
                **{f"{outcome}_corrected": float(gd.corrected[t])},
                raw_share=float(gd.predicted[t] / gd.messages[t])
                if gd.messages[t]
                else np.nan,
            )
            for measure, name in (
                ("pooled", "pooled_share"),
                ("mean", "person_mean"),
                ("median", "person_median"),
            ):
                prefix = "pooled" if measure == "pooled" else name
                row[name] = float(gd.point[measure][t])
                row[f"{prefix}_lo"] = float(intervals[measure][0][t])
                row[f"{prefix}_hi"] = float(intervals[measure][1][t])
            row.update(
                top1_share=top1,
                top1_lo=top1_lo,
                top1_hi=top1_hi,
                top5_share=top5,
            )
            row["small_cell"] = bool(
                k < min_recipients
                or gd.effective_n[t] < min_recipients / 2
                or row["messages"] < min_messages
            )
            row["interval_note"] = (
                ""
                if k >= 2
                else f"{k} recipient{'s' if k != 1 else ''} with messages: no "
                "between-person interval"
            )
            rows.append(row)
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        _describe_correction(result, rect, error_by)
        what = "corrected for classifier error" if rect.corrected else "model labels"
        return self._label(
            result,
            f"pooled: {outcome} pairs / all pairs received by the group ({what}); "
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
        validation: Any = None,
        error_by: str | None = "gender",
        n_boot: int = 2000,
        level: float = 0.95,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Difference and ratio of group ``a`` vs ``b``, one joint bootstrap.

        Both groups' recipients are resampled (each within its group) and the
        error rates drawn once per replicate for both, so the interval holds
        the recipients' and the validation sample's uncertainty together.

        Parameters
        ----------
        by, a, b : str
            The roster column and the two groups.
        outcome, validation, error_by, n_boot, level, min_items, seed
            As :meth:`groups`.

        Returns
        -------
        DataFrame
            One row per measure (``pooled``, ``mean``, ``median``) with
            ``a_value``, ``b_value``, ``difference``, ``difference_lo/hi``,
            ``ratio``, ``ratio_lo/hi``, ``p_value`` (bootstrap, two-sided,
            for no difference) and ``corrected``.
        """
        import pandas as pd

        _check_outcome(outcome)
        frame = self.counts()
        sub = frame[frame[by].isin([a, b])]
        if sub.loc[sub["messages"] > 0, by].nunique() < 2:
            raise DataError(
                f"the gap needs recipients with messages in {a!r} and {b!r}"
            )
        base, labels, gd, rect, _ = self._estimate_table(
            [by], outcome, validation, error_by, n_boot, level, seed, min_items, sub
        )
        order = [v[0] for v in labels]
        ia, ib = order.index(a), order.index(b)
        rows = [
            {"measure": m, "a": a, "b": b, **gap_from_draws(gd, ia, ib, m, level)}
            for m in ("pooled", "mean", "median")
        ]
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        result["k_a"], result["k_b"] = int(gd.k[ia]), int(gd.k[ib])
        _describe_correction(result, rect, error_by)
        return self._label(
            result,
            f"{outcome} share of pairs, {by}={a} minus/over {by}={b}; joint "
            "cluster bootstrap within each group"
            + (" with validation draws shared" if rect.corrected else ""),
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
        validation: Any = None,
        error_by: str | None = "gender",
        n_draws: int = 40,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Binomial GLM of the outcome share, small-sample robust errors.

        One row per recipient (``outcome`` of ``messages``), regressed on an
        indicator for ``by == a`` (vs ``b``), log messages received and
        dummies for ``covariates`` (levels with fewer than ``min_per_level``
        recipients pooled into ``other``). The fit uses Williams'
        beta-binomial weights so over-dispersion and a few heavy receivers
        do not dominate; standard errors are HC3 (leverage-corrected
        sandwich, one cluster per recipient) and tests use Student-t with
        ``k - p`` degrees of freedom (see
        :func:`estimators.binomial_glm_hc3`). With a validation sample each
        recipient's count is corrected with its error group's rates
        (``alpha h + beta n``, kept in ``[0, n]``) and the rates'
        uncertainty is added by refitting on ``n_draws`` draws (Rubin's
        rules, Barnard-Rubin degrees of freedom). The covariate terms
        are secondary: ``p_holm`` adjusts them (Holm) as a family; the
        primary ``by`` term is not adjusted.

        Returns
        -------
        DataFrame
            ``term, coef, se, t, df, p, p_holm, odds_ratio, or_lo, or_hi``
            (``attrs`` also hold ``n_recipients``).
        """
        import pandas as pd
        from scipy.stats import t as student_t

        _check_outcome(outcome)
        frame = self.counts()
        rng = np.random.default_rng(seed)
        keep = (frame[by].isin([a, b]) & (frame["messages"] > 0)).to_numpy()
        rect, ecode = self._rectifier(
            validation,
            outcome,
            error_by,
            max(n_draws, 2),
            rng,
            min_items,
            np.flatnonzero(keep),
        )
        frame, ecode = frame[keep].reset_index(drop=True), ecode[keep]
        if frame[by].nunique() < 2:
            raise DataError(f"gap model needs recipients in both {a!r} and {b!r}")
        primary = f"{by}[{a}]"
        design = pd.DataFrame(
            {
                primary: (frame[by] == a).astype(float),
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
        design.insert(0, "const", 1.0)
        # drop columns that are constant or collinear (tiny designs)
        X = design.to_numpy(float)
        rank_cols: list[int] = []
        for j in range(X.shape[1]):
            if np.linalg.matrix_rank(X[:, rank_cols + [j]]) == len(rank_cols) + 1:
                rank_cols.append(j)
        design = design.iloc[:, rank_cols]
        X = design.to_numpy(float)
        h = frame[outcome].to_numpy(float)
        n = frame["messages"].to_numpy(float)
        beta, cov, df = glm_with_rates(X, h, n, ecode, rect)
        se = np.sqrt(np.diag(cov))
        tval = beta / se
        p = 2 * student_t.sf(np.abs(tval), df)
        q = student_t.ppf(0.975, df)
        terms = list(design.columns)
        secondary = [
            i for i, term in enumerate(terms) if term not in ("const", primary)
        ]
        p_holm = np.full(len(terms), np.nan)
        p_holm[secondary] = holm(p[secondary])
        p_holm[terms.index(primary)] = p[terms.index(primary)]
        result = pd.DataFrame(
            {
                "term": terms,
                "coef": beta,
                "se": se,
                "t": tval,
                "df": df,
                "p": p,
                "p_holm": p_holm,
                "odds_ratio": np.exp(beta),
                "or_lo": np.exp(beta - q * se),
                "or_hi": np.exp(beta + q * se),
            }
        )
        result.insert(0, "outcome", outcome)
        result.attrs["n_recipients"] = len(frame)
        _describe_correction(result, rect, error_by)
        return self._label(
            result,
            f"{outcome} pairs out of pairs per recipient (binomial GLM, "
            f"{len(frame)} recipients, Williams weights, HC3 standard errors, "
            "t tests)",
        )

    # -------------------------------------------------------- 4. correction
    def corrected(
        self,
        validation: Any,
        *,
        by: str | Sequence[str] | None = "gender",
        outcome: str = "hostile",
        error_by: str | None = "gender",
        n_boot: int = 2000,
        level: float = 0.95,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Raw next to corrected pooled shares, for the whole corpus and groups.

        A compact view of :meth:`groups` with a validation sample: one row
        for everyone (``all``) and one per ``by`` group, with ``raw_<outcome>``
        (the model's labels), ``corrected_<outcome>`` with ``corrected_lo/hi``,
        the error rates used (``p1``: precision, ``p0``: false omission rate
        of the row's error group, when it has one) and ``n_validation``.

        Returns
        -------
        DataFrame
        """
        import pandas as pd

        if validation is None:
            raise ValueError("corrected() needs a validation sample")
        keys = _keys(by) if by is not None else []
        tables = [([], ("all",) * len(keys))] + ([(keys, None)] if keys else [])
        rows = []
        rect = None
        for table_keys, fixed in tables:
            base, labels, gd, rect, _ = self._estimate_table(
                table_keys,
                outcome,
                validation,
                error_by,
                n_boot,
                level,
                seed,
                min_items,
            )
            lo, hi = gd.interval("pooled", level)
            for t, values in enumerate(labels):
                row = dict(zip(keys, fixed if fixed else values, strict=True))
                row.update(
                    messages=int(gd.messages[t]),
                    **{
                        f"raw_{outcome}": float(gd.predicted[t] / gd.messages[t]),
                        f"corrected_{outcome}": float(gd.point["pooled"][t]),
                    },
                    corrected_lo=float(lo[t]),
                    corrected_hi=float(hi[t]),
                )
                if error_by in keys and fixed is None:
                    g = rect.groups.index(str(row[error_by]))
                    row.update(p1=float(rect.p1[g]), p0=float(rect.p0[g]))
                rows.append(row)
        result = pd.DataFrame(rows)
        if not isinstance(validation, Cells):
            if isinstance(validation, str | os.PathLike):
                validation = load_validation(str(validation))
            result["n_validation"] = len(validation)
        assert rect is not None
        _describe_correction(result, rect, error_by)
        return self._label(
            result,
            f"share of pairs truly {outcome}, corrected for classifier error "
            "(stratified prediction-powered inference); interval from a joint "
            "recipient bootstrap and validation draws",
        )

    def differential_error(
        self,
        validation: Any,
        *,
        by: str = "gender",
        a: str = "female",
        b: str = "male",
        outcome: str = "hostile",
    ) -> pd.DataFrame:
        """Does the classifier err differently for ``a`` and ``b``?

        See :func:`hatewatch.exposure.design.differential_error`; the
        corpus's predicted counts give each group's implied sensitivity.
        """
        if isinstance(validation, str | os.PathLike):
            validation = load_validation(str(validation))
        frame = self.counts()
        corpus = {}
        for g in (a, b):
            m = frame[by] == g
            n1 = int(frame.loc[m, outcome].sum())
            corpus[g] = (int(frame.loc[m, "messages"].sum()) - n1, n1)
        return self._label(
            differential_error(
                validation, by=by, a=a, b=b, outcome=outcome, corpus=corpus
            ),
            f"labelled validation items per {by} and predicted cell",
        )

    def influence(
        self,
        *,
        by: str = "gender",
        a: str = "female",
        b: str = "male",
        outcome: str = "hostile",
        top: int = 3,
        validation: Any = None,
        error_by: str | None = "gender",
        min_items: int = 10,
    ) -> pd.DataFrame:
        """Leave out each group's top recipients: how much do figures move?

        For ``j = 0 .. top`` the ``j`` recipients of each group with the most
        (corrected) outcome pairs are removed and the pooled shares and the
        gap recomputed (point estimates; the error rates stay those of the
        whole corpus).

        Returns
        -------
        DataFrame
            ``left_out`` (how many per group), ``removed_a``, ``removed_b``
            (names), ``a_value``, ``b_value``, ``difference``.
        """
        import pandas as pd

        rng = np.random.default_rng(0)
        frame = self.counts()
        rows = np.flatnonzero(frame[by].isin([a, b]).to_numpy())
        rect, ecode = self._rectifier(
            validation, outcome, error_by, 2, rng, min_items, rows
        )
        alpha, beta = rect.coefficients()
        x = alpha[ecode] * frame[outcome].to_numpy() + beta[ecode] * frame["messages"]
        frame = frame.assign(_x=np.asarray(x, float))
        rows = []
        for j in range(top + 1):
            row: dict[str, Any] = {"left_out": j}
            for side, g in (("a", a), ("b", b)):
                sub = frame[(frame[by] == g) & (frame["messages"] > 0)]
                sub = sub.sort_values("_x", ascending=False)
                rest = sub.iloc[j:]
                row[f"removed_{side}"] = "; ".join(sub["name"].iloc[:j].astype(str))
                tot = rest["messages"].sum()
                row[f"{side}_value"] = float(rest["_x"].sum() / tot) if tot else np.nan
            row["difference"] = row["a_value"] - row["b_value"]
            rows.append(row)
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        _describe_correction(result, rect, error_by)
        return self._label(
            result,
            f"pooled {outcome} share without each group's j most-targeted recipients",
        )

    def by_relation(
        self,
        *,
        by: str = "gender",
        outcome: str = "hostile",
        validation: Any = None,
        error_by: str | None = "gender",
        n_boot: int = 2000,
        level: float = 0.95,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Pooled shares per relation (mention, reply, quote) side by side.

        Each relation's pairs are counted on their own (a message that both
        mentions and replies counts in both rows); the error rates are those
        of the corpus as loaded (assumed to hold for every relation).

        Returns
        -------
        DataFrame
            ``relation_type``, the ``by`` group, ``messages``, ``raw_share``,
            ``pooled_share`` with ``pooled_lo/hi``.
        """
        import pandas as pd

        rng = np.random.default_rng(seed)
        rect, ecode = self._rectifier(
            validation, outcome, error_by, n_boot, rng, min_items
        )
        frame = self.counts()
        self._ensure_relation_table()
        rel = self.con.execute(
            "SELECT politician_id, relation, sum(n) AS n, sum(hate) AS hate, "
            "sum(threat) AS threat FROM hw_relation GROUP BY ALL"
        ).df()
        rows = []
        index = {p: i for i, p in enumerate(frame["politician_id"])}
        for relation, sub in rel.groupby("relation", sort=True):
            n = np.zeros(len(frame))
            pos = np.zeros(len(frame))
            idx = sub["politician_id"].map(index)
            ok = idx.notna().to_numpy()
            idx = idx[ok].astype(int).to_numpy()
            n[idx] = sub["n"].to_numpy(float)[ok]
            value = {
                "hostile": sub["hate"] + sub["threat"],
                "hate": sub["hate"],
                "threat": sub["threat"],
            }[outcome]
            pos[idx] = value.to_numpy(float)[ok]
            tcode, glabels = _group_codes(frame, [by])
            gd = group_draws(
                pos,
                n,
                tcode,
                ecode,
                len(glabels),
                rect,
                rng=rng,
                measures=("pooled",),
            )
            lo, hi = gd.interval("pooled", level)
            for t, (g,) in enumerate(glabels):
                if gd.messages[t] == 0:
                    continue
                rows.append(
                    {
                        "relation_type": relation,
                        by: g,
                        "messages": int(gd.messages[t]),
                        "n_with_messages": int(gd.k[t]),
                        "raw_share": float(gd.predicted[t] / gd.messages[t]),
                        "pooled_share": float(gd.point["pooled"][t]),
                        "pooled_lo": float(lo[t]),
                        "pooled_hi": float(hi[t]),
                    }
                )
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        _describe_correction(result, rect, error_by)
        return self._label(
            result,
            f"{outcome} pairs / all pairs per relation type and {by} "
            "(each relation counted on its own)",
        )

    def _ensure_relation_table(self) -> None:
        tables = {r[0] for r in self.con.execute("SHOW TABLES").fetchall()}
        if "hw_relation" in tables:
            return
        self.con.execute(
            """
            CREATE OR REPLACE TEMP TABLE hw_relation AS
            SELECT r.politician_id, r.relation, count(*) AS n,
                   count(*) FILTER (WHERE s.label = 'hate') AS hate,
                   count(*) FILTER (WHERE s.label = 'threat') AS threat
            FROM message_recipients r
            JOIN scores s ON s.platform = r.platform AND s.message_id = r.message_id
                 AND s.model_version = ?
            GROUP BY ALL
            """,
            [self.model_version],
        )

    def sensitivity(
        self,
        *,
        by: str = "gender",
        a: str = "female",
        b: str = "male",
        outcome: str = "hostile",
        validation: Any = None,
        error_by: str | None = "gender",
        n_boot: int = 2000,
        level: float = 0.95,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """The pooled gap under other choices: how robust is the headline?

        Variants: as analysed; error rates pooled over everyone
        (``error_by=None``); raw model labels; without each group's
        top recipient; and, per relation type, only that relation's pairs
        (from :meth:`by_relation`). Variants that cannot be computed (a thin
        validation cell) are listed with the reason.

        Returns
        -------
        DataFrame
            ``variant, a_value, b_value, difference, difference_lo,
            difference_hi, note``.
        """
        import pandas as pd

        from hatewatch.errors import HatewatchError

        def gap_row(name: str, **kw: Any) -> dict[str, Any]:
            try:
                g = self.gaps(
                    by=by,
                    a=a,
                    b=b,
                    outcome=outcome,
                    n_boot=n_boot,
                    level=level,
                    min_items=min_items,
                    seed=seed,
                    **kw,
                ).iloc[0]
            except (HatewatchError, ValueError) as exc:
                return {"variant": name, "note": str(exc)}
            return {
                "variant": name,
                **{c: float(g[c]) for c in _GAP_COLUMNS},
                "note": "",
            }

        rows = [gap_row("as analysed", validation=validation, error_by=error_by)]
        if validation is not None:
            rows.append(
                gap_row("one error rate for all", validation=validation, error_by=None)
            )
            rows.append(gap_row("raw model labels", validation=None))
        infl = self.influence(
            by=by,
            a=a,
            b=b,
            outcome=outcome,
            top=1,
            validation=validation,
            error_by=error_by,
            min_items=min_items,
        )
        last = infl.iloc[-1]
        rows.append(
            {
                "variant": "without each group's top recipient",
                "a_value": float(last["a_value"]),
                "b_value": float(last["b_value"]),
                "difference": float(last["difference"]),
                "note": f"left out: {last['removed_a']} / {last['removed_b']}",
            }
        )
        rel = self.by_relation(
            by=by,
            outcome=outcome,
            validation=validation,
            error_by=error_by,
            n_boot=n_boot,
            level=level,
            min_items=min_items,
            seed=seed,
        )
        for relation, sub in rel.groupby("relation_type", sort=True):
            s = sub.set_index(by)
            if a in s.index and b in s.index:
                rows.append(
                    {
                        "variant": f"{relation} only",
                        "a_value": float(s.loc[a, "pooled_share"]),
                        "b_value": float(s.loc[b, "pooled_share"]),
                        "difference": float(
                            s.loc[a, "pooled_share"] - s.loc[b, "pooled_share"]
                        ),
                        "note": "point estimate",
                    }
                )
        result = pd.DataFrame(rows)
        result.insert(0, "outcome", outcome)
        return self._label(
            result,
            f"pooled {outcome} share, {by}={a} minus {by}={b}, under other "
            "analysis choices",
        )

    # ---------------------------------------------------------------- 5. time
    def timeseries(
        self,
        *,
        freq: str = "day",
        by: str | Sequence[str] | None = "gender",
        outcome: str = "hostile",
        validation: Any = None,
        error_by: str | None = "gender",
        intervals: bool = False,
        n_boot: int = 1000,
        level: float = 0.95,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Daily or weekly counts and shares per group (or per recipient).

        Parameters
        ----------
        freq : {"day", "week"}
            Weeks start on Monday.
        by : str, sequence or None
            Roster columns, ``"politician_id"`` for per recipient, or None
            for the whole corpus.
        outcome, validation, error_by, min_items, seed
            As :meth:`groups`.
        intervals : bool
            Add ``share``, ``share_lo``, ``share_hi``: the (corrected, with a
            validation sample) pooled ``outcome`` share per period with a
            joint bootstrap interval (recipients resampled, the same people
            in every period). Not for ``by="politician_id"``.
        n_boot, level
            Bootstrap settings.

        Returns
        -------
        DataFrame
            ``period, messages, hate, threat, hostile, hostile_share``
            (model labels), plus the interval columns.
        """

        if freq not in ("day", "week"):
            raise ValueError(f"freq must be 'day' or 'week', got {freq!r}")
        _check_outcome(outcome)
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
        denominator = f"pairs per {freq} (days with no messages are absent)"
        if intervals and "politician_id" not in keys and len(frame):
            frame, note = self._series_intervals(
                frame,
                keys,
                freq,
                outcome,
                validation,
                error_by,
                n_boot,
                level,
                min_items,
                seed,
            )
            denominator += note
        return self._label(frame, denominator)

    def _series_intervals(
        self,
        frame: pd.DataFrame,
        keys: list[str],
        freq: str,
        outcome: str,
        validation: Any,
        error_by: str | None,
        n_boot: int,
        level: float,
        min_items: int,
        seed: int | None,
    ) -> tuple[pd.DataFrame, str]:
        import pandas as pd

        rng = np.random.default_rng(seed)
        rect, ecode = self._rectifier(
            validation, outcome, error_by, n_boot, rng, min_items
        )
        counts = self.counts()
        period = "day" if freq == "day" else "date_trunc('week', day)"
        per = self.con.execute(
            f"""
            SELECT politician_id, CAST({period} AS DATE) AS period,
                   sum(n) AS n, sum(hate) AS hate, sum(threat) AS threat
            FROM hw_daily GROUP BY ALL
            """
        ).df()
        periods = np.sort(per["period"].unique())
        p_index = {p: i for i, p in enumerate(periods)}
        r_index = {p: i for i, p in enumerate(counts["politician_id"])}
        K, P = len(counts), len(periods)
        H = np.zeros((K, P))
        N = np.zeros((K, P))
        ri = per["politician_id"].map(r_index).to_numpy()
        pi = per["period"].map(p_index).to_numpy()
        pos = {
            "hostile": per["hate"] + per["threat"],
            "hate": per["hate"],
            "threat": per["threat"],
        }[outcome].to_numpy(float)
        np.add.at(H, (ri, pi), pos)
        np.add.at(N, (ri, pi), per["n"].to_numpy(float))
        if keys:
            tcode, labels = _group_codes(counts, keys)
        else:
            tcode = np.zeros(K, np.int64)
            labels = [()]
        share, lo, hi, _ = series_draws(
            H, N, tcode, ecode, len(labels), rect, rng=rng, level=level
        )
        out = pd.DataFrame(
            {
                **{
                    k: np.repeat([lab[i] for lab in labels], P)
                    for i, k in enumerate(keys)
                },
                "period": np.tile(periods, len(labels)),
                "share": share.ravel(),
                "share_lo": lo.ravel(),
                "share_hi": hi.ravel(),
            }
        )
        frame = frame.copy()
        frame["period"] = pd.to_datetime(frame["period"])
        out["period"] = pd.to_datetime(out["period"])
        for k in keys:
            frame[k] = frame[k].astype(str)
            out[k] = out[k].astype(str)
        merged = frame.merge(out, on=[*keys, "period"], how="left")
        merged["period"] = merged["period"].dt.date
        merged["corrected"] = rect.corrected
        what = (
            f"; share = {outcome} share corrected for classifier error"
            if rect.corrected
            else f"; share = {outcome} share of model labels"
        )
        return merged, what + " with a joint recipient-bootstrap interval"

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
            """
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
        self,
        *,
        k: int = 5,
        by: str | Sequence[str] = "gender",
        level: float = 0.95,
        validation: Any = None,
        error_by: str | None = "gender",
        n_boot: int = 400,
        min_items: int = 10,
        seed: int | None = 0,
    ) -> pd.DataFrame:
        """Share of roster people with >= 1 and >= k threats / hostile messages.

        The denominator is every roster person in the group, including those
        who received nothing (comparable with surveys of office holders).
        Model labels: exact counts of people with Wilson intervals. With a
        validation sample: each person's probability of at least ``t`` truly
        positive pairs (see :func:`inference.reach_draws`), averaged over the
        group, with a joint bootstrap interval; an outcome whose validation
        cells are too thin is left out with its reason in ``attrs["notes"]``.

        Returns
        -------
        DataFrame
            ``n_people`` and, for ``threat`` and ``hostile`` and thresholds 1
            and ``k``: ``<outcome>_ge<t>`` (share) with ``_lo``/``_hi``.
        """
        import pandas as pd

        keys = _keys(by)
        frame = self.counts()
        tcode, labels = _group_codes(frame, keys)
        out = pd.DataFrame([dict(zip(keys, v, strict=True)) for v in labels])
        out["n_people"] = np.bincount(tcode, minlength=len(labels))
        notes = []
        corrected = False
        for outcome in ("threat", "hostile"):
            x = frame[outcome].to_numpy()
            n = frame["messages"].to_numpy()
            rect = None
            if validation is not None:
                rng = np.random.default_rng(seed)
                try:
                    rect, ecode = self._rectifier(
                        validation, outcome, error_by, n_boot, rng, min_items
                    )
                    corrected = True
                except DataError as exc:
                    notes.append(f"{outcome}: not corrected ({exc})")
                    for t in sorted({1, k}):
                        for suffix in ("", "_lo", "_hi"):
                            out[f"{outcome}_ge{t}{suffix}"] = np.nan
                    continue
            for t in sorted({1, k}):
                name = f"{outcome}_ge{t}"
                if rect is None:
                    hit = np.bincount(tcode, weights=x >= t, minlength=len(labels))
                    lo, hi = wilson_interval(hit, out["n_people"], level)
                    out[name] = hit / out["n_people"]
                    out[f"{name}_lo"], out[f"{name}_hi"] = lo, hi
                else:
                    share, lo, hi = reach_draws(
                        x, n, tcode, ecode, len(labels), rect, t, rng=rng, level=level
                    )
                    out[name] = share
                    out[f"{name}_lo"], out[f"{name}_hi"] = lo, hi
        out["corrected"] = corrected
        out.attrs["notes"] = notes
        return self._label(
            out,
            "roster people in the group (including those with no messages)"
            + ("; corrected for classifier error" if corrected else ""),
        )


def _describe_correction(
    frame: pd.DataFrame, rect: Rectifier, error_by: str | None
) -> None:
    """Add ``corrected`` and ``error_rates`` columns saying what was done."""
    frame["corrected"] = rect.corrected
    frame["error_rates"] = (
        "none (model labels)"
        if not rect.corrected
        else f"per {error_by}"
        if error_by is not None
        else "one for all"
    )


def _keys(by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in _ROSTER_COLUMNS:
            raise ValueError(
                f"unknown grouping column {key!r}; use {', '.join(_ROSTER_COLUMNS)}"
            )
    return keys


def _group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, list]:
    """Sorted group codes of ``frame`` by ``keys`` and each code's key tuple."""
    codes = frame.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    if not len(codes):
        return codes, []
    first = np.unique(codes, return_index=True)[1]
    values = frame[keys].to_numpy(object)[first]
    return codes, [tuple(v) for v in values]


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
        optionally ``model_version``).
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
    # row order of the temporary tables does not matter; not keeping it
    # lowers DuckDB's peak memory on large stores
    con.execute("SET preserve_insertion_order = false")


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
    version_only = f"WHERE {where[0]}" if "model_version" in frame.columns else ""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hw_relation AS
        SELECT CAST(politician_id AS VARCHAR) AS politician_id,
               CAST(relation AS VARCHAR) AS relation, count(*) AS n,
               count(*) FILTER (WHERE CAST(label AS VARCHAR) = 'hate') AS hate,
               count(*) FILTER (WHERE CAST(label AS VARCHAR) = 'threat') AS threat
        FROM hw_src {version_only} GROUP BY ALL
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
    # per relation type counts are made on first use (Exposure.by_relation):
    # a second pass over the store that most analyses do not need
    con.execute("DROP TABLE IF EXISTS hw_relation")
    if con.execute("SELECT 1 FROM hw_base WHERE l IS NULL LIMIT 1").fetchone():
        raise DataError("the scores table holds an unknown label", field="label")
    _make_daily(con)
    if roster is not None:
        _register_roster(con, roster)
        return model_version
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
    return model_version
