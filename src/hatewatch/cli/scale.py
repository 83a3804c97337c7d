"""`hatewatch partition` and `hatewatch aggregate`: exposure past one machine.

Thin wrappers over :mod:`hatewatch.distributed` (docs/scale.md).
"""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._util import app, fail
from hatewatch.errors import HatewatchError


@app.command()
def partition(
    export: Path = typer.Argument(  # noqa: B008
        ..., help="A folder written by `hatewatch store export`.", show_default=False
    ),
    output: Path = typer.Option(  # noqa: B008
        ..., "--output", "-o", help="Output dataset folder.", show_default=False
    ),
    rows_per_file: int = typer.Option(
        1_000_000, "--rows-per-file", min=1, help="Rows per Parquet file (one task)."
    ),
    with_scores: str | None = typer.Option(
        None,
        "--with-scores",
        help="Add label and model_version of this model version from the "
        "export's scores (ready for `hatewatch aggregate`).",
        show_default=False,
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace the part files of an earlier run."
    ),
) -> None:
    """Write a store export's message-recipient rows as Parquet files.

    One row per (message, recipient), in files of --rows-per-file rows: the
    input of `hatewatch score DATASET --workers N` and, scored, of
    `hatewatch aggregate`.

    Example:

        hatewatch partition export/ -o long/ --rows-per-file 1000000
    """
    from hatewatch.distributed import partition_export

    try:
        files = partition_export(
            export,
            output,
            rows_per_file=rows_per_file,
            with_scores=with_scores,
            force=force,
        )
    except (HatewatchError, OSError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"wrote {len(files):,} files to {output}", err=True)


@app.command()
def aggregate(
    dataset: str = typer.Argument(
        ...,
        help="Parquet dataset (folder or fsspec URL) of scored (message, "
        "recipient) rows.",
        show_default=False,
    ),
    output: Path = typer.Option(  # noqa: B008
        ..., "--output", "-o", help="Folder for the count tables.", show_default=False
    ),
    roster: Path | None = typer.Option(  # noqa: B008
        None,
        "--roster",
        help="Roster to keep with the counts: a store export folder, a store, "
        "or a Parquet/CSV/TSV roster table.",
        show_default=False,
    ),
    roster_name: str | None = typer.Option(
        None, "--roster-name", help="Which roster of a store or export."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Processes of a local Dask cluster (default 1)."
    ),
    cluster: str | None = typer.Option(
        None, "--cluster", help="Address of a running Dask scheduler."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the count tables."),
) -> None:
    """Count messages per recipient, day and label, on Dask.

    Writes daily.parquet, senders.parquet (a histogram, no sender ids),
    roster.parquet and counts.json; `hatewatch report --counts FOLDER` reads
    them.

    Example:

        hatewatch aggregate scored/ -o counts/ --roster export/ --workers 2
    """
    if workers is not None and cluster is not None:
        raise fail("give either --workers or --cluster, not both")
    try:
        from hatewatch.distributed import aggregate as run

        manifest = run(
            dataset,
            output,
            roster=roster,
            roster_name=roster_name,
            workers=workers,
            cluster=cluster,
            force=force,
        )
    except (HatewatchError, OSError, ImportError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(
        f"counted {manifest['rows']:,} rows into {manifest['daily_rows']:,} daily "
        f"counts in {manifest['seconds']:.1f} s -> {output}",
        err=True,
    )
