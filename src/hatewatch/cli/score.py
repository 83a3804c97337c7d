"""`hatewatch score`: label every message of a file or of the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from hatewatch.errors import HatewatchError

#: Bad rows printed to stderr before only counting them.
MAX_BAD_SHOWN = 20


class BadRowPrinter:
    """Print the first skipped rows to stderr, then only count them."""

    def __init__(self, limit: int = MAX_BAD_SHOWN) -> None:
        self.limit = limit
        self.count = 0

    def __call__(self, bad: object) -> None:
        self.count += 1
        if self.count <= self.limit:
            typer.echo(f"skipped: {bad}", err=True)

    def finish(self) -> None:
        """Say how many skipped rows were not printed."""
        if self.count > self.limit:
            typer.echo(
                f"skipped {self.count - self.limit:,} more malformed rows "
                f"({self.count:,} in all)",
                err=True,
            )


def run_printing_bad_rows(run: Callable[..., object], *args: Any, **kw: Any) -> None:
    """Call ``run(*args, on_error=printer, **kw)`` and print its summary to stderr.

    Skipped rows go to stderr through a `BadRowPrinter`; a `HatewatchError` or
    `OSError` becomes ``error: ...`` and exit code 1, after the count of
    unprinted skipped rows.
    """
    printer = BadRowPrinter()
    try:
        summary = run(*args, on_error=printer, **kw)
    except (HatewatchError, OSError) as exc:
        printer.finish()
        raise fail(str(exc)) from exc
    printer.finish()
    typer.echo(summary, err=True)


def run_distributed(
    kind: str,
    input: str | None,
    output: str | None,
    workers: int | None,
    cluster: str | None,
    **kw: Any,
) -> None:
    """Run `hatewatch.distributed.score_dataset` or `flag_dataset` for the CLI."""
    if input is None or output is None:
        raise fail("give DATASET and -o OUTPUT_FOLDER with --workers/--cluster")
    if workers is not None and cluster is not None:
        raise fail("give either --workers or --cluster, not both")
    try:
        from hatewatch import distributed

        run = distributed.score_dataset if kind == "score" else distributed.flag_dataset
        summary = run(input, output, workers=workers, cluster=cluster, **kw)
    except (HatewatchError, OSError, ImportError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(summary, err=True)


@app.command()
def score(
    input: str | None = typer.Argument(
        None,
        help="Messages to score: .csv, .tsv, .jsonl/.ndjson (optionally .gz) "
        "or .parquet; with --workers/--cluster a Parquet dataset folder or URL.",
        show_default=False,
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Where to write the scored rows; format from the extension.",
        show_default=False,
    ),
    store: Path | None = typer.Option(  # noqa: B008
        None,
        "--store",
        help="Score the unscored messages of this store instead of a file.",
        show_default=False,
    ),
    text_column: TextColumnOpt = "text",
    model: ModelOpt = None,
    chunk_size: int = typer.Option(
        50_000, min=1, help="Rows read, scored and written at a time."
    ),
    strict: StrictOpt = False,
    force: ForceOpt = False,
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Score a Parquet dataset (folder or fsspec URL) on a local Dask "
        "cluster of this many processes; -o is then an output folder.",
        show_default=False,
    ),
    cluster: ClusterOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Label the messages of a file or the unscored ones of the store.

    Adds label, p_hate, p_threat, p_neutral and model_version.

    Streams the input in chunks, so memory stays flat for any file size.
    Malformed rows are reported on stderr with their line number and skipped
    (or stop the run with --strict). A one-line summary goes to stderr.

    Examples:

        hatewatch score messages.csv -o scored.parquet

        hatewatch score --store hatewatch.duckdb

        hatewatch score messages/ -o scored/ --workers 2   (see docs/scale.md)
    """
    from hatewatch.scoring import score_file, score_store

    if workers is not None or cluster is not None:
        run_distributed(
            "score",
            input,
            output,
            workers,
            cluster,
            model=model,
            text_column=text_column,
            chunk_size=chunk_size,
            force=force,
        )
        return

    if store is not None:
        if input is not None or output is not None:
            raise fail("give either INPUT -o OUTPUT or --store, not both")
        try:
            summary = score_store(store, model=model, chunk_size=chunk_size)
        except (HatewatchError, OSError) as exc:
            raise fail(str(exc)) from exc
        typer.echo(summary, err=True)
        return
    if input is None or output is None:
        raise fail("give INPUT and -o OUTPUT (or --store PATH)")
    if Path(input).is_dir():
        raise fail(f"{input} is a folder: score a Parquet dataset with --workers N")
    run_printing_bad_rows(
        score_file,
        input,
        output,
        text_column=text_column,
        model=model,
        chunk_size=chunk_size,
        force=force,
        strict=strict,
        encoding=encoding,
    )
