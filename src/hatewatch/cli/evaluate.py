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
    bias: bool = typer.Option(  # noqa: FBT001
        False,
        "--bias",
        help="Also print bias metrics: gender counterfactual flips and score "
        "differences on these texts, identity-term false-positive rates and "
        "subgroup/BPSN/BNSP AUCs on the shipped identity statements, and error "
        "rates per --bias-by column.",
    ),
    bias_by: str = typer.Option(
        "recipient_gender", "--bias-by", help="Column for per-group error rates."
    ),
) -> None:
    """Print precision, recall, F1, macro-F1, the confusion matrix and threat
    precision/recall at the operating threshold, overall and per source."""
    from hatewatch.classifiers.evaluation import evaluate_model
    from hatewatch.classifiers.persist import load_model

    loaded = load_model(model)
    report = evaluate_model(loaded, list(data), by=by, split=split)
    if bias:
        from hatewatch.classifiers import bias as bias_metrics
        from hatewatch.classifiers.training import read_labelled

        frame = read_labelled(list(data))
        if split:
            frame = frame[frame["split"] == split]
        result = bias_metrics.bias_report(
            loaded, frame["text"].tolist(), frame, by=bias_by
        )
        if as_json:
            typer.echo(
                json.dumps({"report": report.to_dict(), "bias": result}, indent=1)
            )
        else:
            typer.echo(report.to_text())
            typer.echo("")
            typer.echo(bias_metrics.report_text(result))
        return
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
    else:
        typer.echo(report.to_text())
