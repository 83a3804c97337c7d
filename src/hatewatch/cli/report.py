"""`hatewatch report`: the exposure report (HTML plus CSV tables)."""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._options import existing_store
from hatewatch.cli._util import app, fail


@app.command()
def report(
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
        help="Labelled validation sample (CSV/TSV with label and predicted "
        "columns) to correct for classifier error.",
        show_default=False,
    ),
    correction: str = typer.Option(
        "matrix", "--correction", help="matrix (3 classes) | binary (Rogan-Gladen)."
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
    counts: Path | None = typer.Option(  # noqa: B008
        None,
        "--counts",
        help="Report from count tables of `hatewatch aggregate` instead of a "
        "store (docs/scale.md).",
        show_default=False,
    ),
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
    if correction not in ("matrix", "binary"):
        raise fail(f"--correction must be matrix or binary, not {correction!r}")
    if counts is not None and not (counts / "counts.json").is_file():
        raise fail(f"{counts} holds no counts.json; run `hatewatch aggregate` first")
    path = counts if counts is not None else existing_store(store)
    if validation is not None and not validation.exists():
        raise fail(f"validation file not found: {validation}")
    data = write_report(
        str(path),
        output,
        model_version=model_version,
        relation=relation,
        validation=validation,
        correction=correction,
        csv_dir=csv_dir,
        force=force,
        n_boot=n_boot,
        reach_k=reach_k,
        seed=seed,
    )
    meta = data.meta
    typer.echo(
        f"wrote {output} ({meta['pairs']:,} message-recipient pairs, model "
        f"{meta['model_version']}, relation {meta['relation']})",
        err=True,
    )
