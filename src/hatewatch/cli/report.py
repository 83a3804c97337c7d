"""`hatewatch report`: the exposure report (HTML plus CSV tables)."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from hatewatch.cli._options import existing_store
from hatewatch.cli._util import app, fail


@app.command()
def report(
    ctx: typer.Context,
    output: Path = typer.Option(  # noqa: B008
        ..., "--output", "-o", help="The HTML report to write.", show_default=False
    ),
    store: Path | None = typer.Option(  # noqa: B008
        None,
        "--store",
        help="The store (default: $HATEWATCH_STORE or hatewatch.duckdb).",
        show_default=False,
    ),
    model_version: str | None = typer.Option(
        None,
        "--model-version",
        help="Scores of this model version (default: the most recently scored).",
    ),
    relation: str = typer.Option(
        "all", "--relation", help="all | mention | reply | quote."
    ),
    validation: Path | None = typer.Option(  # noqa: B008
        None,
        "--validation",
        help="Labelled validation sample (CSV/TSV with label, predicted, gender "
        "and, from `hatewatch sample`, weight) to correct every figure for "
        "classifier error.",
        show_default=False,
    ),
    error_by: str = typer.Option(
        "gender",
        "--error-by",
        help="Roster column with its own error rates, or 'none' for one set "
        "for everyone.",
    ),
    plan: Path | None = typer.Option(  # noqa: B008
        None,
        "--plan",
        help="Pre-registered analysis plan (TOML: [primary] and [[secondary]] "
        "estimands).",
        show_default=False,
    ),
    csv_dir: Path | None = typer.Option(  # noqa: B008
        None,
        "--csv-dir",
        help="Also write every table as CSV here.",
        show_default=False,
    ),
    n_boot: int = typer.Option(2000, "--n-boot", min=100, help="Bootstrap replicates."),
    reach_k: int = typer.Option(5, "--reach-k", min=1, help="The k of 'at least k'."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing outputs."),
) -> None:
    """Write the exposure report: shares by gender, office and party.

    Per recipient and per group hostile (hate or threat) shares with
    intervals, gaps, corrected estimates, time series, sender concentration
    and reach. Only aggregates: no texts, no sender ids.

    Examples:

        hatewatch report --store hatewatch.duckdb -o report.html --csv-dir tables
    """
    from hatewatch.report import write_report

    if relation not in ("all", "mention", "reply", "quote"):
        raise fail(f"--relation must be all, mention, reply or quote, not {relation!r}")
    if error_by not in ("none", "gender", "office", "level", "party"):
        raise fail(
            f"--error-by must be gender, office, level, party or none, not {error_by!r}"
        )
    path = existing_store(store)
    if validation is not None and not validation.exists():
        raise fail(f"validation file not found: {validation}")
    if plan is not None and not plan.exists():
        raise fail(f"plan file not found: {plan}")
    data = write_report(
        str(path),
        output,
        model_version=model_version,
        relation=relation,
        validation=validation,
        error_by=None if error_by == "none" else error_by,
        plan=plan,
        command=_command_line(ctx),
        csv_dir=csv_dir,
        force=force,
        n_boot=n_boot,
        reach_k=reach_k,
        seed=seed,
    )
    meta = data.meta
    what = (
        "corrected for classifier error"
        if meta.get("correction")
        else ("RAW model labels, not corrected (pass --validation)")
    )
    typer.echo(
        f"wrote {output} ({meta['pairs']:,} message-recipient pairs, model "
        f"{meta['model_version']}, relation {meta['relation']}; {what})",
        err=True,
    )


def _command_line(ctx: typer.Context) -> str:
    """The command as parsed (every option with its value), for the record."""
    parts = ["hatewatch", ctx.info_name or "report"]
    for name, value in ctx.params.items():
        if value is None or value is False:
            continue
        parts.append("--" + name.replace("_", "-"))
        if value is not True:
            parts.append(str(value))
    return shlex.join(parts)
