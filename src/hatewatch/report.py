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

__all__ = [
    "ReportData",
    "analyse",
    "column_label",
    "load_plan",
    "provenance",
    "run_plan",
    "write_report",
]

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
    error_by: str | None = "gender",
    n_boot: int = 2000,
    reach_k: int = 5,
    seed: int | None = 0,
    min_items: int = 10,
    plan: Any = None,
    command: str | None = None,
) -> ReportData:
    """Run every exposure analysis a report needs.

    Parameters
    ----------
    source, roster, model_version, relation
        As :func:`hatewatch.exposure.load`.
    validation : DataFrame, path or None
        Labelled validation sample (``label``, ``predicted``, the
        ``error_by`` column, optional ``weight``); every share, gap, time
        series and reach figure is then corrected for classifier error.
        None: the report shows raw model labels and says so in its
        headline.
    error_by : str or None
        Roster column with its own error rates (default ``gender``).
    n_boot : int
        Bootstrap replicates.
    reach_k : int
        The "at least k" threshold of the reach table.
    seed : int or None
    min_items : int
        Labelled items needed per error group x predicted cell.
    plan : path, dict or None
        Pre-registered analysis plan (see :func:`load_plan`).
    command : str, optional
        The command line, recorded for reproducibility.

    Returns
    -------
    ReportData
    """
    from hatewatch import exposure

    inputs = {}
    if isinstance(validation, str | os.PathLike):
        inputs["validation"] = str(validation)
    if isinstance(plan, str | os.PathLike):
        inputs["plan"] = str(plan)
    if isinstance(source, str | os.PathLike):
        inputs["store"] = str(source)
    ex = exposure.load(source, roster, model_version=model_version, relation=relation)
    try:
        data = _analyse(
            ex, validation, error_by, n_boot, reach_k, seed, min_items, plan
        )
        data.meta.update(
            provenance(
                seed=seed,
                command=command,
                inputs=inputs,
                fingerprint=_fingerprint(ex),
            )
        )
        return data
    finally:
        ex.close()


def _analyse(
    ex: Any,
    validation: Any,
    error_by: str | None,
    n_boot: int,
    reach_k: int,
    seed: int | None,
    min_items: int,
    plan: Any,
) -> ReportData:
    from hatewatch import exposure
    from hatewatch.errors import DataError

    data = ReportData()
    summary = ex.summary()
    data.meta.update(summary)
    data.meta["source"] = ex.source
    if isinstance(validation, str | os.PathLike):
        data.meta["validation_file"] = str(validation)
        validation = exposure.load_validation(str(validation))
    if validation is not None:
        data.meta["n_validation"] = len(validation)
        data.meta["validation_weighted"] = "weight" in validation.columns
    data.meta["error_by"] = error_by
    data.meta["correction"] = validation is not None
    kw = {"validation": validation, "error_by": error_by, "min_items": min_items}
    notes: list[str] = []
    t = data.tables
    t["recipients"] = ex.recipients().sort_values(["rank_eb", "politician_id"])
    for by in ("gender", "office", "level", "party", ("gender", "office")):
        name = "groups_" + (by if isinstance(by, str) else "_x_".join(by))
        t[name] = ex.groups(by, n_boot=n_boot, seed=seed, **kw)
    try:
        t["threat_by_gender"] = ex.groups(
            "gender", outcome="threat", n_boot=n_boot, seed=seed, **kw
        )
    except DataError as exc:
        notes.append(f"Threat shares are NOT corrected for classifier error: {exc}")
        t["threat_by_gender"] = ex.groups(
            "gender", outcome="threat", n_boot=n_boot, seed=seed
        )
    genders = set(t["groups_gender"]["gender"])
    if {"female", "male"} <= genders:
        t["gaps"] = ex.gaps(n_boot=n_boot, seed=seed, **kw)
        try:
            t["gap_model"] = ex.gap_model(seed=seed, **kw)
        except Exception as exc:  # a degenerate design must not sink the report
            logger.warning("gap model not fitted: %s", exc)
            data.meta["gap_model_error"] = str(exc)
        t["influence"] = ex.influence(**kw)
        t["sensitivity"] = ex.sensitivity(n_boot=n_boot, seed=seed, **kw)
        if validation is not None and error_by == "gender":
            t["differential_error"] = ex.differential_error(validation)
    if validation is not None:
        t["corrected"] = ex.corrected(
            validation,
            by="gender",
            n_boot=n_boot,
            seed=seed,
            error_by=error_by,
            min_items=min_items,
        )
    t["by_relation"] = ex.by_relation(n_boot=n_boot, seed=seed, **kw)
    t["weekly_by_gender"] = ex.timeseries(
        freq="week",
        by="gender",
        intervals=True,
        n_boot=min(n_boot, 1000),
        seed=seed,
        **kw,
    )
    t["daily_by_gender"] = ex.timeseries(freq="day", by="gender")
    t["weekly_by_recipient"] = ex.timeseries(freq="week", by="politician_id")
    t["spikes_by_recipient"] = ex.spikes(by="politician_id")
    t["spikes_by_gender"] = ex.spikes(by="gender")
    t["senders"] = ex.senders()
    t["reach"] = ex.reach(k=reach_k, seed=seed, **kw)
    notes += [f"Reach: {n}" for n in t["reach"].attrs.get("notes", [])]
    if plan is not None:
        t["plan"] = run_plan(ex, plan, n_boot=n_boot, seed=seed, **kw)
        data.meta["plan"] = t["plan"].attrs.get("plan_name", "")
    data.meta["notes"] = notes
    data.meta["reach_k"] = reach_k
    data.meta["n_boot"] = n_boot
    return data


# --------------------------------------------------------------------------
# pre-registered plan
# --------------------------------------------------------------------------

_PLAN_KEYS = {"name", "estimand", "by", "a", "b", "outcome", "measure", "relation"}


def load_plan(plan: Any) -> dict[str, Any]:
    """Read an analysis plan (TOML) declaring the primary and secondary estimands.

    The file looks like::

        title = "Gender gap in hostile messages, TK 2021"
        [primary]
        name = "mention-only gap"
        estimand = "gap"          # gap | share
        relation = "mention"      # all | mention | reply | quote
        outcome = "hostile"       # hostile | hate | threat
        measure = "pooled"        # pooled | mean | median
        by = "gender"
        a = "female"
        b = "male"
        [[secondary]]
        name = "threat gap"
        estimand = "gap"
        outcome = "threat"

    Missing keys take the defaults shown. Secondary estimands get
    Holm-adjusted p-values as one family; the primary is not adjusted.

    Parameters
    ----------
    plan : path or dict

    Returns
    -------
    dict
        ``title``, ``primary`` (dict), ``secondary`` (list of dict),
        ``sha256`` (of the file, when a path).
    """
    import hashlib
    import tomllib

    from hatewatch.errors import DataError

    digest = None
    path = None
    if isinstance(plan, str | os.PathLike):
        path = str(plan)
        try:
            raw = Path(plan).read_bytes()
        except FileNotFoundError as exc:
            raise DataError("plan file not found", path=path) from exc
        digest = hashlib.sha256(raw).hexdigest()
        try:
            plan = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"not a valid TOML plan: {exc}", path=path) from exc
    if "primary" not in plan:
        raise DataError(
            "the plan has no [primary] estimand", path=path, field="primary"
        )
    items = [("primary", plan["primary"])] + [
        (f"secondary[{i}]", s) for i, s in enumerate(plan.get("secondary", []))
    ]
    out = []
    for where, item in items:
        unknown = set(item) - _PLAN_KEYS
        if unknown:
            raise DataError(
                f"unknown key {sorted(unknown)[0]!r}; use "
                + ", ".join(sorted(_PLAN_KEYS)),
                path=path,
                field=where,
            )
        spec = {
            "name": where,
            "estimand": "gap",
            "by": "gender",
            "a": "female",
            "b": "male",
            "outcome": "hostile",
            "measure": "pooled",
            "relation": None,
            **item,
        }
        if spec["estimand"] not in ("gap", "share"):
            raise DataError(
                f"estimand must be gap or share, not {spec['estimand']!r}",
                path=path,
                field=f"{where}.estimand",
            )
        if spec["measure"] not in ("pooled", "mean", "median"):
            raise DataError(
                f"measure must be pooled, mean or median, not {spec['measure']!r}",
                path=path,
                field=f"{where}.measure",
            )
        out.append(spec)
    return {
        "title": plan.get("title", ""),
        "primary": out[0],
        "secondary": out[1:],
        "sha256": digest,
    }


def run_plan(
    ex: Any,
    plan: Any,
    *,
    n_boot: int,
    seed: int | None,
    validation: Any = None,
    error_by: str | None = "gender",
    min_items: int = 10,
) -> pd.DataFrame:
    """Estimate a plan's estimands; Holm-adjust the secondary ones.

    An estimand with its own ``relation`` is estimated on a fresh load of
    the same source with that relation filter when the analysis object
    allows it (a store); otherwise on the relation as loaded (noted).

    Returns
    -------
    DataFrame
        ``role, name, estimand, outcome, measure, relation, estimate, lo,
        hi, p_value, p_holm`` (``attrs["plan_name"]``).
    """
    import numpy as np
    import pandas as pd

    from hatewatch.exposure.estimators import holm

    spec = load_plan(plan)
    rows = []
    for role, item in [("primary", spec["primary"])] + [
        ("secondary", s) for s in spec["secondary"]
    ]:
        target = ex
        note = ""
        rel = item["relation"] or ex.relation
        reloaded = None
        if rel != ex.relation:
            reloaded = _reload(ex, rel)
            if reloaded is None:
                note = (
                    f"relation {rel!r} not available from this source; "
                    f"used {ex.relation!r}"
                )
                rel = ex.relation
            else:
                target = reloaded
        try:
            kw = dict(
                outcome=item["outcome"],
                validation=validation,
                error_by=error_by,
                min_items=min_items,
                n_boot=n_boot,
                seed=seed,
            )
            if item["estimand"] == "gap":
                g = target.gaps(by=item["by"], a=item["a"], b=item["b"], **kw)
                r = g.set_index("measure").loc[item["measure"]]
                est, lo, hi, p = (
                    r["difference"],
                    r["difference_lo"],
                    r["difference_hi"],
                    r["p_value"],
                )
            else:
                g = target.groups(item["by"], **kw).set_index(item["by"])
                col = {
                    "pooled": "pooled_share",
                    "mean": "person_mean",
                    "median": "person_median",
                }[item["measure"]]
                prefix = "pooled" if col == "pooled_share" else col
                r = g.loc[item["a"]]
                est, lo, hi, p = r[col], r[f"{prefix}_lo"], r[f"{prefix}_hi"], np.nan
        finally:
            if reloaded is not None:
                reloaded.close()
        what = f"{item['a']} - {item['b']}" if item["estimand"] == "gap" else item["a"]
        rows.append(
            {
                "role": role,
                "name": item["name"],
                "estimand": f"{item['estimand']} {what}",
                "outcome": item["outcome"],
                "measure": item["measure"],
                "relation_filter": rel,
                "estimate": float(est),
                "lo": float(lo),
                "hi": float(hi),
                "p_value": float(p),
                "note": note,
            }
        )
    out = pd.DataFrame(rows)
    sec = (out["role"] == "secondary").to_numpy()
    out["p_holm"] = np.where(sec, np.nan, out["p_value"])
    if sec.any():
        out.loc[sec, "p_holm"] = holm(out.loc[sec, "p_value"].to_numpy(float))
    out.attrs["denominator"] = (
        "pre-registered estimands; secondary p-values Holm-adjusted as one family"
    )
    out.attrs["plan_name"] = spec["title"]
    out.attrs["plan_sha256"] = spec["sha256"]
    return out


def _reload(ex: Any, relation: str) -> Any:
    """The same store under another relation filter (None for a frame)."""
    from hatewatch import exposure

    if ex.source != "store":
        return None
    # a cursor is a second connection to the same database: its temporary
    # tables do not clash with the first one's
    cursor = ex.con.cursor()
    other = exposure.load(cursor, model_version=ex.model_version, relation=relation)
    other._owned = True
    other.con = cursor
    return other


# --------------------------------------------------------------------------
# provenance
# --------------------------------------------------------------------------


def _fingerprint(ex: Any) -> str:
    """Order-independent hash of the analysed pairs (message, recipient, label)."""
    row = ex.con.execute(
        "SELECT count(*), bit_xor(hash(mk, politician_id, l, day)) FROM hw_base"
    ).fetchone()
    return f"{int(row[0])}:{int(row[1] or 0):016x}"


def _file_sha256(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def provenance(
    *,
    seed: int | None,
    command: str | None = None,
    inputs: dict[str, str] | None = None,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """What is needed to reproduce a report: seed, versions, commit, inputs.

    Files given as validation sample or plan are hashed (SHA-256); a store
    is identified by its path, size and the fingerprint of the analysed
    pairs (hashing a multi-gigabyte store file would cost more than the
    report).

    Returns
    -------
    dict
        ``seed``, ``versions`` (dict), ``git_commit``, ``inputs`` (dict of
        name -> description) and ``command``.
    """
    import importlib.metadata as md
    import subprocess
    import sys

    versions = {}
    for package in ("hatewatch", "numpy", "pandas", "scipy", "duckdb", "statsmodels"):
        try:
            versions[package] = md.version(package)
        except md.PackageNotFoundError:
            versions[package] = "not installed"
    versions["python"] = sys.version.split()[0]
    commit = "unknown"
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if out.returncode == 0:
            commit = out.stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(here), "status", "--porcelain", "--", "."],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            if dirty.stdout.strip():
                commit += " (with uncommitted changes)"
    except (OSError, subprocess.SubprocessError):
        pass
    described = {}
    for name, path in (inputs or {}).items():
        p = Path(path)
        if not p.exists():
            continue
        if name == "store":
            described[name] = f"{path} ({p.stat().st_size:,} bytes)"
        else:
            described[name] = f"{path} sha256:{_file_sha256(path)}"
    if fingerprint:
        described["analysed pairs"] = f"count:hash {fingerprint}"
    return {
        "seed": seed,
        "versions": versions,
        "git_commit": commit,
        "inputs": described,
        "command": command or " ".join(sys.argv),
    }


def write_report(
    source: Any,
    output: str | os.PathLike[str],
    *,
    roster: pd.DataFrame | None = None,
    model_version: str | None = None,
    relation: str = "all",
    validation: Any = None,
    error_by: str | None = "gender",
    csv_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
    n_boot: int = 2000,
    reach_k: int = 5,
    seed: int | None = 0,
    min_items: int = 10,
    plan: Any = None,
    command: str | None = None,
) -> ReportData:
    """Write the exposure report as HTML (and the tables as CSV).

    Parameters
    ----------
    source : Store, connection, path or DataFrame
        Scored messages (see :func:`hatewatch.exposure.load`).
    output : path-like
        The HTML file.
    roster, model_version, relation, validation, error_by, n_boot,
    reach_k, seed, min_items, plan, command
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
        error_by=error_by,
        n_boot=n_boot,
        reach_k=reach_k,
        seed=seed,
        min_items=min_items,
        plan=plan,
        command=command,
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
                **_provenance_columns(data.meta),
            }
        )
    _atomic_write(
        folder / "tables.csv",
        spreadsheet_safe(pd.DataFrame(index)).to_csv(index=False),
    )


def _provenance_columns(meta: dict[str, Any]) -> dict[str, Any]:
    """The reproducibility record as flat columns of ``tables.csv``."""
    versions = meta.get("versions") or {}
    inputs = meta.get("inputs") or {}
    return {
        "corrected": bool(meta.get("correction")),
        "seed": meta.get("seed"),
        "n_boot": meta.get("n_boot"),
        "git_commit": meta.get("git_commit"),
        "versions": "; ".join(f"{k} {v}" for k, v in versions.items()),
        "inputs": "; ".join(f"{k}: {v}" for k, v in inputs.items()),
        "command": meta.get("command"),
    }


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


def _err(point: Any, lo: Any, hi: Any) -> Any:
    import numpy as np

    point = np.asarray(point, float)
    return np.nan_to_num(
        np.vstack([point - np.asarray(lo, float), np.asarray(hi, float) - point])
    )


def _figures(data: ReportData) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    out = []
    t = data.tables
    what = "corrected" if data.meta.get("correction") else "model labels"

    cross = t["groups_gender_x_office"]
    if len(cross):
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(cross) + 1.5))
        labels = [
            f"{g} / {o}" for g, o in zip(cross["gender"], cross["office"], strict=True)
        ]
        y = np.arange(len(cross))
        for offset, (col, lo, hi, name) in enumerate(
            (
                ("pooled_share", "pooled_lo", "pooled_hi", "message-weighted (pooled)"),
                ("person_mean", "person_mean_lo", "person_mean_hi", "person mean"),
            )
        ):
            point = cross[col].to_numpy(float)
            ax.errorbar(
                100 * point,
                y + 0.15 * (1 - 2 * offset),
                xerr=100 * _err(point, cross[lo], cross[hi]),
                fmt="o",
                capsize=3,
                label=name,
            )
        ax.set_yticks(y, labels)
        ax.set_xlabel(f"hostile share of messages received (%, {what}), 95% CI")
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
    ax.set_title("Concentration of hostile messages (model labels)")
    ax.legend(fontsize=8)
    out.append(("Concentration curve", _png(fig)))

    weekly = t["weekly_by_gender"]
    if len(weekly):
        fig, ax = plt.subplots(figsize=(8, 3.5))
        has_ci = "share" in weekly.columns
        for gender, sub in weekly.groupby("gender"):
            col = "share" if has_ci else "hostile_share"
            (line,) = ax.plot(
                sub["period"], 100 * sub[col], marker=".", label=str(gender)
            )
            if has_ci:
                ax.fill_between(
                    sub["period"],
                    100 * sub["share_lo"].to_numpy(float),
                    100 * sub["share_hi"].to_numpy(float),
                    color=line.get_color(),
                    alpha=0.2,
                    lw=0,
                )
        ax.set_ylabel(f"hostile share (%, {what})")
        ax.set_title("Weekly hostile share by gender, 95% CI band")
        ax.legend(fontsize=8)
        fig.autofmt_xdate()
        out.append(("Weekly hostile share with 95% intervals", _png(fig)))

    if "corrected" in t:
        cor = t["corrected"]
        fig, ax = plt.subplots(figsize=(6, 3.5))
        y = np.arange(len(cor))
        point = cor["corrected_hostile"].to_numpy(float)
        ax.errorbar(
            100 * point,
            y,
            xerr=100 * _err(point, cor["corrected_lo"], cor["corrected_hi"]),
            fmt="o",
            capsize=3,
            label="corrected (95% CI)",
        )
        ax.plot(100 * cor["raw_hostile"], y, "x", label="raw model labels")
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
* { box-sizing: border-box; }
body { font-family: sans-serif; max-width: 1100px; margin: 1em auto;
       padding: 0 1em; color: #222; line-height: 1.4; }
.scroll { max-width: 100%; overflow-x: auto; margin-bottom: 1em; }
table { border-collapse: collapse; font-size: 0.8em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
th { background: #f0f0f0; vertical-align: bottom; max-width: 9em; }
caption { caption-side: top; text-align: left; font-style: italic; color: #555; }
.note { background: #f8f8f0; border-left: 4px solid #cc9; padding: 0.5em 1em;
        overflow-wrap: anywhere; }
.warn { background: #fff0f0; border-left: 4px solid #c66; padding: 0.5em 1em; }
.headline { font-size: 1.1em; }
img { max-width: 100%; height: auto; }
code { overflow-wrap: anywhere; }
"""

_SECTIONS = (
    ("groups_gender", "Per gender (hostile)"),
    ("threat_by_gender", "Per gender (threats)"),
    ("gaps", "Gap: women vs men"),
    ("plan", "Pre-registered estimands"),
    ("corrected", "Raw model labels vs corrected for classifier error"),
    ("differential_error", "Does the classifier err differently for women and men?"),
    ("groups_gender_x_office", "Per gender x office (hostile)"),
    ("groups_office", "Per office (hostile)"),
    ("groups_level", "Per level (hostile)"),
    ("groups_party", "Per party (hostile)"),
    ("gap_model", "Adjusted gap: binomial GLM, HC3 standard errors"),
    ("influence", "Leaving out the most-targeted recipients"),
    ("sensitivity", "Sensitivity of the gap to analysis choices"),
    ("by_relation", "Mentions, replies and quotes side by side"),
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

#: Readable column headers for the HTML (the CSV keeps the code names).
COLUMN_LABELS: dict[str, str] = {
    "rank_eb": "rank (shrunk share)",
    "n_recipients": "people in roster",
    "n_with_messages": "recipients with messages",
    "effective_recipients": "effective recipients",
    "messages": "messages",
    "hostile": "hostile (model)",
    "threat": "threats (model)",
    "hate": "hate (model)",
    "hostile_corrected": "hostile (corrected)",
    "threat_corrected": "threats (corrected)",
    "raw_share": "share, model labels",
    "pooled_share": "pooled share",
    "pooled_lo": "pooled 95% low",
    "pooled_hi": "pooled 95% high",
    "person_mean": "person mean",
    "person_mean_lo": "mean 95% low",
    "person_mean_hi": "mean 95% high",
    "person_median": "person median",
    "person_median_lo": "median 95% low",
    "person_median_hi": "median 95% high",
    "top1_share": "top recipient's share",
    "top1_lo": "top share 95% low",
    "top1_hi": "top share 95% high",
    "top5_share": "top 5 recipients' share",
    "small_cell": "small cell",
    "interval_note": "note",
    "error_rates": "error rates",
    "a_value": "group a",
    "b_value": "group b",
    "difference": "difference",
    "difference_lo": "difference 95% low",
    "difference_hi": "difference 95% high",
    "ratio_lo": "ratio 95% low",
    "ratio_hi": "ratio 95% high",
    "p_value": "p",
    "p_holm": "p (Holm)",
    "k_a": "recipients a",
    "k_b": "recipients b",
    "odds_ratio": "odds ratio",
    "or_lo": "OR 95% low",
    "or_hi": "OR 95% high",
    "raw_hostile": "hostile share, model labels",
    "corrected_hostile": "hostile share, corrected",
    "corrected_lo": "corrected 95% low",
    "corrected_hi": "corrected 95% high",
    "n_validation": "validation items",
    "p1": "precision P(hostile | flagged)",
    "p0": "miss rate P(hostile | not flagged)",
    "rate_a": "rate a",
    "rate_b": "rate b",
    "n_a": "items a",
    "n_b": "items b",
    "sensitivity_a": "share found a",
    "sensitivity_b": "share found b",
    "left_out": "left out per group",
    "removed_a": "left out (a)",
    "removed_b": "left out (b)",
    "relation_type": "relation",
    "hostile_share": "hostile share (model)",
    "hostile_lo": "95% low",
    "hostile_hi": "95% high",
    "hostile_share_eb": "shrunk hostile share",
    "share": "share",
    "share_lo": "share 95% low",
    "share_hi": "share 95% high",
    "unique_senders": "senders",
    "hostile_senders": "senders of hostile messages",
    "hostile_messages": "hostile messages",
    "top_fraction": "top fraction",
    "top_senders": "top senders",
    "top_share_of_hostile": "top senders' share of hostile",
    "top_hostile_senders": "top hostile senders",
    "top_share_of_hostile_among_hostile": "their share among hostile senders",
    "n_people": "people",
    "relation_filter": "relation filter",
}


def column_label(name: str) -> str:
    """Readable header of a table column (``threat_ge5_lo`` -> ...)."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    import re

    m = re.fullmatch(r"(threat|hostile)_ge(\d+)(_lo|_hi)?", name)
    if m:
        what = "threats" if m.group(1) == "threat" else "hostile"
        suffix = {"_lo": " 95% low", "_hi": " 95% high"}.get(m.group(3) or "", "")
        return f">= {m.group(2)} {what}{suffix}"
    return name.replace("_", " ")


_HIDDEN = ["relation", "model_version", "corrected", "error_rates", "outcome"]


def _table_html(frame: pd.DataFrame, caption: str) -> str:
    shown = frame.drop(columns=_HIDDEN, errors="ignore")
    shown = shown.rename(columns={c: column_label(str(c)) for c in shown.columns})
    index = False
    if 0 < len(shown) <= 4 and shown.shape[1] > 8:
        # a few wide rows read better (and fit a screen) turned on their side
        shown = shown.astype(object).T
        shown.columns = [str(v) for v in shown.iloc[0]]
        shown = shown.iloc[1:]
        index = True
    body = shown.to_html(
        index=index,
        float_format=lambda v: f"{v:.4g}",
        na_rep="",
        border=0,
        escape=True,
    )
    end = body.index(">", body.index("<table")) + 1
    return (
        f"<div class='scroll'>{body[:end]}<caption>{html.escape(caption)}</caption>"
        f"{body[end:]}</div>"
    )


def _pct(v: Any) -> str:
    import math

    return "n/a" if v is None or not math.isfinite(float(v)) else f"{100 * v:.1f}"


def _headline(data: ReportData) -> str:
    m = data.meta
    t = data.tables
    table = t.get("groups_gender")
    if table is None or not len(table):
        return ""
    corrected = bool(m.get("correction"))
    parts = ["<h2>Headline</h2>"]
    if corrected:
        parts.append(
            "<p class='note headline'>Figures below are <b>corrected for "
            "classifier error</b> with the validation sample "
            f"({m.get('n_validation', '?')} labelled items, error rates per "
            f"{html.escape(str(m.get('error_by') or 'corpus'))}); 95% intervals "
            "include the validation sample's uncertainty.</p>"
        )
    else:
        parts.append(
            "<p class='warn headline'><b>These are the model's raw labels, not "
            "corrected for classifier error.</b> Raw shares can be far off: a raw "
            "share equals the true share times recall / precision, so a classifier "
            "that finds 45% of hostile messages and wrongly flags 3% of neutral "
            "ones reports 7.2% where the truth is 10%, and a gender gap can "
            "shrink, vanish or flip when it errs differently for women and men. "
            "Label a validation sample (<code>hatewatch sample</code>) and rerun "
            "with <code>--validation</code>.</p>"
        )
    parts.append("<ul>")
    for _, row in table.iterrows():
        raw = (
            f" (model labels: {_pct(row['raw_share'])}%)"
            if corrected and "raw_share" in row
            else ""
        )
        parts.append(
            f"<li>{html.escape(str(row['gender']))}: pooled "
            f"{_pct(row['pooled_share'])}% "
            f"[{_pct(row['pooled_lo'])}, {_pct(row['pooled_hi'])}]{raw} of "
            f"{int(row['messages']):,} messages; person-weighted mean "
            f"{_pct(row['person_mean'])}% over "
            f"{int(row['n_with_messages'])} recipients; the top recipient holds "
            f"{_pct(row['top1_share'])}% [{_pct(row.get('top1_lo'))}, "
            f"{_pct(row.get('top1_hi'))}] of the group's hostile messages.</li>"
        )
    gaps = t.get("gaps")
    if gaps is not None and len(gaps):
        g = gaps.set_index("measure").loc["pooled"]
        parts.append(
            f"<li>Gap women minus men (pooled): {_pct(g['difference'])} points "
            f"[{_pct(g['difference_lo'])}, {_pct(g['difference_hi'])}]; ratio "
            f"{g['ratio']:.2f} [{g['ratio_lo']:.2f}, {g['ratio_hi']:.2f}].</li>"
        )
    parts.append("</ul>")
    for note in m.get("notes", []):
        parts.append(f"<p class='warn'>{html.escape(note)}</p>")
    return "".join(parts)


def _methods(data: ReportData) -> str:
    m = data.meta
    relation = m.get("relation")
    rel_text = (
        "all relations (mention, reply, quote); a message that relates to a "
        "politician in several ways counts once for that politician"
        if relation == "all"
        else f"only messages with relation '{relation}'"
    )
    corr_text = (
        "Correction for classifier error: stratified prediction-powered "
        "inference. Per error group "
        f"({html.escape(str(m.get('error_by') or 'one for everyone'))}) the "
        "validation sample gives the share of truly hostile items among those "
        "the model flags and among those it does not (weighted by the inverse "
        "inclusion probabilities when the sample has a weight column); the "
        "group's corrected share is flagged share x precision + unflagged share "
        "x miss rate, which stays in [0, 1] without clipping. Parts of a group "
        "(people, offices, weeks) are corrected with the group's error rates "
        "P(predicted | true), assumed to hold there too. Intervals come from one "
        "joint bootstrap: recipients resampled and error rates drawn from their "
        "Jeffreys posterior in every replicate, so gaps carry both groups' and "
        "the validation sample's uncertainty. Validation: "
        f"{html.escape(str(m.get('validation_file', 'given in code')))}."
        if m.get("correction")
        else "No validation sample was given, so shares are <b>not</b> corrected "
        "for classifier error: they are the model's labels and inherit its "
        "errors."
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
        "Hostile = hate or threat.",
        f"Intervals: 95%. Per recipient: Wilson (model labels). Per group and "
        f"gaps: cluster bootstrap over recipients ({m.get('n_boot')} "
        "replicates), percentile intervals widened by sqrt(k/(k-1)) t(k-1)/z for "
        "k recipients; a group with one recipient gets no interval. The top "
        "recipient's share: recipients held fixed, their counts redrawn. Gap "
        "model: binomial GLM of each recipient's hostile count out of messages "
        "received on a female indicator, log messages received, office and party "
        "(levels with < 3 people pooled), HC3 standard errors, t tests; "
        "covariate p-values Holm-adjusted.",
        "Small cells (fewer than 10 recipients with messages, fewer than 5 "
        "effective recipients, or fewer than 100 messages) are flagged. Rankings "
        "of people use the empirical-Bayes (beta-binomial) shrunk share, never "
        "the raw share.",
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


def _reproduce(data: ReportData) -> str:
    m = data.meta
    rows = [
        ("command", m.get("command")),
        ("seed", m.get("seed")),
        ("bootstrap replicates", m.get("n_boot")),
        ("git commit", m.get("git_commit")),
        (
            "versions",
            ", ".join(f"{k} {v}" for k, v in (m.get("versions") or {}).items()),
        ),
    ] + [(f"input: {k}", v) for k, v in (m.get("inputs") or {}).items()]
    if m.get("plan"):
        rows.append(("plan", m.get("plan")))
    body = "".join(
        f"<li>{html.escape(str(k))}: <code>{html.escape(str(v))}</code></li>"
        for k, v in rows
    )
    return f"<h2>Reproducing this report</h2><ul class='note'>{body}</ul>"


def render_html(data: ReportData) -> str:
    """Render a :class:`ReportData` as a self-contained HTML page."""
    m = data.meta
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>hatewatch exposure report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Exposure to hate and threats</h1>",
        f"<p>Generated {now} by hatewatch. Model version "
        f"<b>{html.escape(str(m.get('model_version')))}</b>, relation filter "
        f"<b>{html.escape(str(m.get('relation')))}</b>.</p>",
        _headline(data),
        "<h2>Methods</h2>",
        f"<div class='note'>{_methods(data)}</div>",
    ]
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
    parts.append(_reproduce(data))
    parts.append(
        "<p>All tables are in the CSV folder (if written), with code-name "
        "headers. Only aggregates are shown: no message texts and no sender "
        "ids.</p></body></html>"
    )
    return "\n".join(parts)
