"""`hatewatch flag`: the threats a support worker must see, most urgent first."""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._options import ENCODING_HELP
from hatewatch.cli._util import app
from hatewatch.cli.score import run_printing_bad_rows


@app.command()
def flag(
    input: Path = typer.Argument(  # noqa: B008
        ...,
        help="Messages: .csv, .tsv, .jsonl/.ndjson (optionally .gz) or .parquet.",
        show_default=False,
    ),
    output: Path = typer.Option(  # noqa: B008
        ...,
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
    text_column: str = typer.Option("text", help="Column holding the message text."),
    model: Path | None = typer.Option(  # noqa: B008
        None, "--model", help="Model folder (default: the shipped model)."
    ),
    chunk_size: int = typer.Option(50_000, min=1, help="Rows read at a time."),
    strict: bool = typer.Option(
        False, "--strict", help="Stop at the first malformed row instead of skipping."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    encoding: str | None = typer.Option(
        None, "--encoding", help=ENCODING_HELP, show_default=False
    ),
) -> None:
    """Write the messages that look like threats, sorted by priority.

    A message is flagged when its threat probability reaches the threshold or
    a threat rule fires. Each flagged row keeps the input columns and adds
    line (in the input file), priority, p_threat, label, severity, rules and
    a one-sentence explanation, ready to hand to a colleague.

    Example:

        hatewatch flag messages.csv -o flagged.csv
    """
    from hatewatch.scoring import flag_file

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
