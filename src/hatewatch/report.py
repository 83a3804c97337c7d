"""The exposure report: one self-contained HTML file plus the tables as CSV.

Only aggregates leave this module: no message texts and no sender ids. The
HTML embeds its figures as base64 PNG, so it can be mailed or archived as a
single file.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import OutputExistsError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ReportData", "analyse", "write_report"]

logger = logging.getLogger(__name__)

#: Recipients shown in the HTML (all of them go to the CSV).
TOP_RECIPIENTS = 25


@dataclass
class ReportData:
    """Everything a report shows.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Name -> table; each has ``attrs["denominator"]``.
    meta : dict
        Model version, relation filter, totals, correction method.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def analyse(
    source: Any,
    roster: pd.DataFrame | None = None,
    *,
    model_version: str | None = None,
    relation: str = "all",
    validation: Any = None,
    correction: str = "matrix",
    n_boot: int = 2000,
    reach_k: int = 5,
    seed: int | None = 0,
) -> ReportData:
    """Run every exposure analysis a report needs.

    Parameters
    ----------
    source, roster, model_version, relation
        As :func:`hatewatch.exposure.load`.
    validation : DataFrame, path or None
        Labelled validation sample (``label``, ``predicted``, optional group
        columns) for the misclassification correction; None skips it.
    correction : {"matrix", "binary"}
        Correction method (see :meth:`Exposure.corrected`).
    n_boot : int
        Bootstrap replicates.
    reach_k : int
        The "at least k" threshold of the reach table.
    seed : int or None

    Returns
    -------
    ReportData
    """
    from hatewatch import exposure

    ex = exposure.load(source, roster, model_version=model_version, relation=relation)
    try:
        return _analyse(ex, validation, correction, n_boot, reach_k, seed)
    finally:
        ex.close()


def _analyse(
    ex: Any,
    validation: Any,
    correction: str,
    n_boot: int,
    reach_k: int,
    seed: int | None,
) -> ReportData:
    from hatewatch import exposure

    data = ReportData()
    summary = ex.summary()
    data.meta.update(summary)
    data.meta["source"] = ex.source
    t = data.tables
    t["recipients"] = ex.recipients().sort_values(["rank_eb", "politician_id"])
    for by in ("gender", "office", "level", "party", ("gender", "office")):
        name = "groups_" + (by if isinstance(by, str) else "_x_".join(by))
        t[name] = ex.groups(by, n_boot=n_boot, seed=seed)
    t["threat_by_gender"] = ex.groups(
        "gender", outcome="threat", n_boot=n_boot, seed=seed
    )
    genders = set(t["groups_gender"]["gender"])
    if {"female", "male"} <= genders:
        t["gaps"] = ex.gaps(n_boot=n_boot, seed=seed)
        try:
            t["gap_model"] = ex.gap_model()
        except Exception as exc:  # a degenerate design must not sink the report
            logger.warning("gap model not fitted: %s", exc)
            data.meta["gap_model_error"] = str(exc)
    if validation is not None:
        if isinstance(validation, str | os.PathLike):
            data.meta["validation_file"] = str(validation)
            validation = exposure.load_validation(str(validation))
        t["corrected"] = ex.corrected(
            validation, by="gender", method=correction, n_boot=n_boot, seed=seed
        )
        data.meta["correction"] = correction
    t["weekly_by_gender"] = ex.timeseries(freq="week", by="gender")
    t["daily_by_gender"] = ex.timeseries(freq="day", by="gender")
    t["weekly_by_recipient"] = ex.timeseries(freq="week", by="politician_id")
    t["spikes_by_recipient"] = ex.spikes(by="politician_id")
    t["spikes_by_gender"] = ex.spikes(by="gender")
    t["senders"] = ex.senders()
    t["reach"] = ex.reach(k=reach_k)
    data.meta["reach_k"] = reach_k
    data.meta["n_boot"] = n_boot
    return data


def write_report(
    source: Any,
    output: str | os.PathLike[str],
    *,
    roster: pd.DataFrame | None = None,
    model_version: str | None = None,
    relation: str = "all",
    validation: Any = None,
    correction: str = "matrix",
    csv_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
    n_boot: int = 2000,
    reach_k: int = 5,
    seed: int | None = 0,
) -> ReportData:
    """Write the exposure report as HTML (and the tables as CSV).

    Parameters
    ----------
    source : Store, connection, path or DataFrame
        Scored messages (see :func:`hatewatch.exposure.load`).
    output : path-like
        The HTML file.
    roster, model_version, relation, validation, correction, n_boot,
    reach_k, seed
        As :func:`analyse`.
    csv_dir : path-like, optional
        Folder for one CSV per table plus ``tables.csv`` (name,
        denominator, relation, model version of each).
    force : bool
        Overwrite existing outputs.

    Returns
    -------
    ReportData

    Examples
    --------
    >>> from hatewatch import simulate
    >>> sim = simulate.simulate_corpus(n_messages=3_000, seed=2)
    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "report.html")
    >>> data = write_report(sim.messages, out, roster=sim.roster, n_boot=100)
    >>> os.path.exists(out)
    True
    """
    output = Path(output)
    csv_path = Path(csv_dir) if csv_dir is not None else None
    if output.exists() and not force:
        raise OutputExistsError.at(output)
    if csv_path is not None and csv_path.exists() and any(csv_path.iterdir()):
        if not force:
            raise OutputExistsError(
                f"{csv_path} already exists and is not empty; use --force "
                "(force=True in Python) to overwrite it"
            )
    data = analyse(
        source,
        roster,
        model_version=model_version,
        relation=relation,
        validation=validation,
        correction=correction,
        n_boot=n_boot,
        reach_k=reach_k,
        seed=seed,
    )
    _atomic_write(output, render_html(data))
    if csv_path is not None:
        write_csv(data, csv_path)
    return data


def write_csv(data: ReportData, folder: Path) -> None:
    """Write every table as ``<name>.csv`` and an index ``tables.csv``."""
    import pandas as pd

    from hatewatch.io import spreadsheet_safe

    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for name, table in data.tables.items():
        # opened in spreadsheets: roster values such as =... must not run
        _atomic_write(
            folder / f"{name}.csv", spreadsheet_safe(table).to_csv(index=False)
        )
        index.append(
            {
                "table": name,
                "file": f"{name}.csv",
                "rows": len(table),
                "denominator": table.attrs.get("denominator", ""),
                "relation": data.meta.get("relation"),
                "model_version": data.meta.get("model_version"),
            }
        )
    _atomic_write(
        folder / "tables.csv",
        spreadsheet_safe(pd.DataFrame(index)).to_csv(index=False),
    )


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(data: ReportData) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    out = []
    t = data.tables

    cross = t["groups_gender_x_office"]
    if len(cross):
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(cross) + 1.5))
        labels = [
            f"{g} / {o}" for g, o in zip(cross["gender"], cross["office"], strict=True)
        ]
        y = np.arange(len(cross))
        for offset, (col, name) in enumerate(
            (
                ("pooled", "message-weighted (pooled)"),
                ("person_mean", "person-weighted mean"),
            )
        ):
            point = cross[f"{col}_share" if col == "pooled" else col].to_numpy(float)
            lo = cross[f"{col}_lo"].to_numpy(float)
            hi = cross[f"{col}_hi"].to_numpy(float)
            ax.errorbar(
                100 * point,
                y + 0.15 * (1 - 2 * offset),
                xerr=100 * np.vstack([point - lo, hi - point]),
                fmt="o",
                capsize=3,
                label=name,
            )
        ax.set_yticks(y, labels)
        ax.set_xlabel("hostile share of messages received (%), 95% CI")
        ax.legend(loc="best", fontsize=8)
        ax.set_title("Hostile share by gender x office")
        out.append(("Hostile share by gender and office", _png(fig)))

    rec = t["recipients"]
    fig, ax = plt.subplots(figsize=(6, 4))
    for gender, sub in rec[rec["messages"] > 0].groupby("gender"):
        h = np.sort(sub["hostile"].to_numpy(float))[::-1]
        if h.sum() == 0:
            continue
        x = np.arange(0, len(h) + 1) / len(h)
        ax.plot(
            100 * x, 100 * np.concatenate([[0], np.cumsum(h) / h.sum()]), label=gender
        )
    ax.plot([0, 100], [0, 100], color="grey", lw=0.8, ls=":")
    ax.set_xlabel("recipients, most targeted first (%)")
    ax.set_ylabel("share of the group's hostile messages (%)")
    ax.set_title("Concentration of hostile messages")
    ax.legend(fontsize=8)
    out.append(("Concentration curve", _png(fig)))

    weekly = t["weekly_by_gender"]
    if len(weekly):
        fig, ax = plt.subplots(figsize=(8, 3.5))
        for gender, sub in weekly.groupby("gender"):
            ax.plot(sub["period"], 100 * sub["hostile_share"], marker=".", label=gender)
        ax.set_ylabel("hostile share (%)")
        ax.set_title("Weekly hostile share by gender")
        ax.legend(fontsize=8)
        fig.autofmt_xdate()
        out.append(("Weekly hostile share", _png(fig)))

    if "corrected" in t:
        cor = t["corrected"]
        fig, ax = plt.subplots(figsize=(6, 3.5))
        y = np.arange(len(cor))
        point = cor["corrected_hostile"].to_numpy(float)
        ax.errorbar(
            100 * point,
            y,
            xerr=100
            * np.vstack(
                [
                    point - cor["corrected_lo"].to_numpy(float),
                    cor["corrected_hi"].to_numpy(float) - point,
                ]
            ),
            fmt="o",
            capsize=3,
            label="corrected (95% CI)",
        )
        ax.plot(100 * cor["raw_hostile"], y, "x", label="raw classify-and-count")
        ax.set_yticks(y, cor["gender"])
        ax.set_xlabel("hostile share (%)")
        ax.set_title("Correction for classifier error")
        ax.legend(fontsize=8)
        out.append(("Raw vs corrected hostile share", _png(fig)))
    return out


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_CSS = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; font-size: 0.8em; margin-bottom: 0.5em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
th { background: #f0f0f0; }
caption { caption-side: top; text-align: left; font-style: italic; color: #555; }
.note { background: #f8f8f0; border-left: 4px solid #cc9; padding: 0.5em 1em; }
img { max-width: 100%; }
"""

_SECTIONS = (
    ("groups_gender", "Per gender (hostile)"),
    ("threat_by_gender", "Per gender (threats)"),
    ("groups_gender_x_office", "Per gender x office (hostile)"),
    ("groups_office", "Per office (hostile)"),
    ("groups_level", "Per level (hostile)"),
    ("groups_party", "Per party (hostile)"),
    ("gaps", "Gap: women vs men"),
    ("gap_model", "Adjusted gap: binomial GLM, recipient-clustered SEs"),
    ("corrected", "Corrected for classifier error"),
    ("reach", "Reach: recipients with at least 1 / k threats or hostile messages"),
    ("senders", "Senders (pseudonymised; no ids shown)"),
    ("spikes_by_gender", "Spike days per gender"),
    ("spikes_by_recipient", "Spike days per recipient"),
    ("weekly_by_gender", "Weekly counts per gender"),
)

_RECIPIENT_COLUMNS = [
    "rank_eb",
    "name",
    "gender",
    "office",
    "party",
    "messages",
    "hostile",
    "threat",
    "hostile_share",
    "hostile_lo",
    "hostile_hi",
    "hostile_share_eb",
]


def _table_html(frame: pd.DataFrame, caption: str) -> str:
    shown = frame.drop(columns=["relation", "model_version"], errors="ignore")
    body = shown.to_html(
        index=False,
        float_format=lambda v: f"{v:.4g}",
        na_rep="",
        border=0,
        escape=True,
    )
    end = body.index(">", body.index("<table")) + 1
    return f"{body[:end]}<caption>{html.escape(caption)}</caption>{body[end:]}"


def _methods(data: ReportData) -> str:
    m = data.meta
    relation = m.get("relation")
    rel_text = (
        "all relations (mention, reply, quote); a message that relates to a "
        "politician in several ways counts once for that politician"
        if relation == "all"
        else f"only messages with relation '{relation}'"
    )
    correction = m.get("correction")
    corr_text = (
        f"Misclassification correction: adjusted classify-and-count ({correction}"
        + (
            ": the 3x3 confusion matrix P(predicted | true) from the validation "
            "sample is inverted"
            if correction == "matrix"
            else ": Rogan-Gladen with sensitivity and specificity for hostile vs "
            "neutral"
        )
        + "; estimates clipped to [0, 1]). Its interval resamples recipients and "
        "the validation sample together, so the validation sample's own "
        "uncertainty is in it. A group uses its own confusion matrix when its "
        "validation rows have at least 30 items per true class, else the pooled "
        "one (column confusion_source). Validation: "
        f"{html.escape(str(m.get('validation_file', 'given in code')))}."
        if correction
        else "No validation sample was given, so shares are <b>not</b> corrected "
        "for classifier error: they are classify-and-count numbers and inherit "
        "the classifier's bias."
    )
    items = [
        f"Model version: <b>{html.escape(str(m.get('model_version')))}</b> "
        "(scores of one model version only).",
        f"Relation filter: <b>{html.escape(rel_text)}</b>.",
        f"Period: {m.get('first_day')} to {m.get('last_day')}; "
        f"{m.get('pairs', 0):,} message-recipient pairs to "
        f"{m.get('recipients_with_messages', 0):,} recipients; "
        f"{m.get('roster_people', 0):,} people in the roster.",
        "Unit: a (message, recipient) pair. Pooled (message-weighted) share = "
        "hostile pairs / all pairs in the group: the number the 2021 Groene "
        "study reported. Person-weighted mean and median = over recipients with "
        "at least one message; each person counts once.",
        "Hostile = hate or threat. Labels are the model's predictions.",
        f"Intervals: 95%. Per recipient: Wilson. Per group and gaps: cluster "
        f"bootstrap over recipients ({m.get('n_boot')} replicates, percentile). "
        "Gap model: binomial GLM of each recipient's hostile count out of "
        "messages received on a female indicator, log messages received, office "
        "and party (levels with < 3 people pooled), SEs clustered by recipient.",
        "Small cells (fewer than 5 recipients with messages or fewer than 100 "
        "messages) are flagged small_cell. Rankings of people use the "
        "empirical-Bayes (beta-binomial) shrunk share hostile_share_eb, never the "
        "raw share.",
        "Spike days: a day is a spike when its hostile count has a robust "
        "z-score (x - median) / max(1.4826 MAD, 1) of at least 3.5 over the "
        "zero-filled daily series and at least 5 hostile messages.",
        "Senders count distinct messages; senders are ranked by hostile "
        "messages sent. Sender ids are pseudonymised in the store and never "
        "shown.",
        f"Reach: share of roster people (including those with no messages) with "
        f"at least 1 and at least {m.get('reach_k')} threats / hostile messages.",
        corr_text,
    ]
    if m.get("gap_model_error"):
        items.append(
            f"The gap model could not be fitted: {html.escape(m['gap_model_error'])}"
        )
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def render_html(data: ReportData) -> str:
    """Render a :class:`ReportData` as a self-contained HTML page."""
    m = data.meta
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>hatewatch exposure report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Exposure to hate and threats</h1>",
        f"<p>Generated {now} by hatewatch. Model version "
        f"<b>{html.escape(str(m.get('model_version')))}</b>, relation filter "
        f"<b>{html.escape(str(m.get('relation')))}</b>.</p>",
        "<h2>Methods</h2>",
        f"<div class='note'>{_methods(data)}</div>",
    ]
    headline = data.tables.get("groups_gender")
    if headline is not None and len(headline):
        parts.append("<h2>Headline</h2><ul>")
        for _, row in headline.iterrows():
            parts.append(
                f"<li>{html.escape(str(row['gender']))}: pooled "
                f"{100 * row['pooled_share']:.1f}% "
                f"[{100 * row['pooled_lo']:.1f}, {100 * row['pooled_hi']:.1f}] of "
                f"{int(row['messages']):,} messages; person-weighted mean "
                f"{100 * row['person_mean']:.1f}% over "
                f"{int(row['n_with_messages'])} recipients; the top recipient holds "
                f"{100 * row['top1_share']:.0f}% of the group's hostile messages.</li>"
            )
        parts.append("</ul>")
    for title, png in _figures(data):
        parts.append(
            f"<h3>{html.escape(title)}</h3><img alt='{html.escape(title)}' "
            f"src='data:image/png;base64,{png}'>"
        )
    for name, title in _SECTIONS:
        table = data.tables.get(name)
        if table is None:
            continue
        if name == "weekly_by_gender" and len(table) > 200:
            table = table.tail(200)
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(_table_html(table, table.attrs.get("denominator", "")))
    rec = data.tables["recipients"]
    parts.append(f"<h2>Recipients (top {TOP_RECIPIENTS} by shrunk hostile share)</h2>")
    shown = rec[rec["messages"] > 0].head(TOP_RECIPIENTS)
    parts.append(
        _table_html(shown[_RECIPIENT_COLUMNS], rec.attrs.get("denominator", ""))
    )
    parts.append(
        "<p>All tables are in the CSV folder (if written). Only aggregates are "
        "shown: no message texts and no sender ids.</p></body></html>"
    )
    return "\n".join(parts)
