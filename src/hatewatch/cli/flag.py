"""`hatewatch flag`: the threats a support worker must see, most urgent first."""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._options import (
    ClusterOpt,
    EncodingOpt,
    ForceOpt,
    ModelOpt,
    StrictOpt,
    TextColumnOpt,
)
from hatewatch.cli._util import app, fail
from hatewatch.cli.score import run_distributed, run_printing_bad_rows
from hatewatch.errors import HatewatchError


def _flag_store(
    store: Path,
    db: str | None,
    model: Path | None,
    threshold: float | None,
    chunk_size: int,
    alert_priority: float | None,
) -> None:
    """Score the store's unscored messages, then open cases for flagged ones."""
    from hatewatch.cli._options import existing_store
    from hatewatch.cli.triage import sync_store_cases
    from hatewatch.scoring import score_store

    path = existing_store(store, "load a roster and import messages first")
    try:
        typer.echo(score_store(path, model=model, chunk_size=chunk_size), err=True)
    except (HatewatchError, OSError) as exc:
        raise fail(str(exc)) from exc
    sync_store_cases(
        path, db, model=model, threshold=threshold, alert_priority=alert_priority
    )


@app.command()
def flag(
    input: str | None = typer.Argument(
        None,
        help="Messages: .csv, .tsv, .jsonl/.ndjson (optionally .gz) or .parquet; "
        "with --workers/--cluster a Parquet dataset folder or URL.",
        show_default=False,
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Where to write the flagged messages (e.g. flagged.csv).",
        show_default=False,
    ),
    threshold: float | None = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="Threat probability that flags a message "
        "(default: the model's recall-favouring threshold).",
        show_default=False,
    ),
    text_column: TextColumnOpt = "text",
    model: ModelOpt = None,
    chunk_size: int = typer.Option(50_000, min=1, help="Rows read at a time."),
    strict: StrictOpt = False,
    force: ForceOpt = False,
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Flag a Parquet dataset on a local Dask cluster of this many "
        "processes; -o is then an output folder (one file per input file).",
        show_default=False,
    ),
    cluster: ClusterOpt = None,
    store: Path | None = typer.Option(  # noqa: B008
        None,
        "--store",
        help="Flag the messages of this store instead of a file: score what is "
        "unscored, then open cases in the case database (see docs/triage.md).",
        show_default=False,
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Case database for --store (default $HATEWATCH_TRIAGE_URL, else "
        "triage.sqlite beside the store).",
        show_default=False,
    ),
    alert_priority: float | None = typer.Option(
        None,
        "--alert-priority",
        min=0.0,
        max=1.0,
        help="With --store: announce new cases at or above this priority.",
    ),
    encoding: EncodingOpt = None,
) -> None:
    """Write the messages that look like threats, sorted by priority.

    A message is flagged when its threat probability reaches the threshold or
    a threat rule fires. Each flagged row keeps the input columns and adds
    line (in the input file), priority, p_threat, label, severity, rules and
    a one-sentence explanation, ready to hand to a colleague.

    Example:

        hatewatch flag messages.csv -o flagged.csv

        hatewatch flag --store hatewatch.duckdb

        hatewatch flag messages/ -o flagged/ --workers 2   (see docs/scale.md)
    """
    from hatewatch.scoring import flag_file

    if store is not None:
        if input is not None or output is not None:
            raise fail("give either INPUT -o OUTPUT or --store, not both")
        _flag_store(store, db, model, threshold, chunk_size, alert_priority)
        return
    if input is None or output is None:
        raise fail("give INPUT and -o OUTPUT (or --store PATH)")
    if workers is not None or cluster is not None:
        run_distributed(
            "flag",
            input,
            output,
            workers,
            cluster,
            model=model,
            text_column=text_column,
            chunk_size=chunk_size,
            threshold=threshold,
            force=force,
        )
        return
    if Path(input).is_dir():
        raise fail(f"{input} is a folder: flag a Parquet dataset with --workers N")
    run_printing_bad_rows(
        flag_file,
        input,
        output,
        text_column=text_column,
        model=model,
        threshold=threshold,
        chunk_size=chunk_size,
        force=force,
        strict=strict,
        encoding=encoding,
    )
