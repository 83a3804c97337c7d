"""`hatewatch evaluate`: per-class metrics of a model on labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hatewatch.cli._util import app


@app.command()
def evaluate(
    data: list[Path] = typer.Argument(  # noqa: B008
        ..., help="CSV/TSV/JSONL/Parquet files with text and label columns."
    ),
    model: Path = typer.Option(  # noqa: B008
        None, "--model", "-m", help="Model folder (default: the shipped model)."
    ),
    by: str = typer.Option("source", "--by", help="Break results down by column."),
    split: str = typer.Option(  # noqa: B008
        None, "--split", help="Only rows with this split (train/validation/test)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON, not a table."),
) -> None:
    """Print precision, recall, F1, macro-F1, the confusion matrix and threat
    precision/recall at the operating threshold, overall and per source."""
    from hatewatch.classifiers.evaluation import evaluate_model
    from hatewatch.classifiers.persist import load_model

    report = evaluate_model(load_model(model), list(data), by=by, split=split)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
    else:
        typer.echo(report.to_text())
