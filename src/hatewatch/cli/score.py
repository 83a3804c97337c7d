"""`hatewatch score`: label every message of a file or of the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from hatewatch.cli._options import ENCODING_HELP
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


@app.command()
def score(
    input: Path | None = typer.Argument(  # noqa: B008
        None,
        help="Messages to score: .csv, .tsv, .jsonl/.ndjson (optionally .gz) "
        "or .parquet.",
        show_default=False,
    ),
    output: Path | None = typer.Option(  # noqa: B008
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
    text_column: str = typer.Option("text", help="Column holding the message text."),
    model: Path | None = typer.Option(  # noqa: B008
        None, "--model", help="Model folder (default: the shipped model)."
    ),
    chunk_size: int = typer.Option(
        50_000, min=1, help="Rows read, scored and written at a time."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Stop at the first malformed row instead of skipping."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    encoding: str | None = typer.Option(
        None, "--encoding", help=ENCODING_HELP, show_default=False
    ),
) -> None:
    """Label the messages of a file or the unscored ones of the store.

    Adds label, p_hate, p_threat, p_neutral and model_version.

    Streams the input in chunks, so memory stays flat for any file size.
    Malformed rows are reported on stderr with their line number and skipped
    (or stop the run with --strict). A one-line summary goes to stderr.

    Examples:

        hatewatch score messages.csv -o scored.parquet

        hatewatch score --store hatewatch.duckdb
    """
    from hatewatch.scoring import score_file, score_store

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
