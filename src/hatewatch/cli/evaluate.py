"""`hatewatch evaluate`: per-class metrics of a model on labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hatewatch.cli._util import app, fail


@app.command()
def evaluate(
    data: list[Path] = typer.Argument(  # noqa: B008
        ..., help="CSV/TSV/JSONL/Parquet files with text and label columns."
    ),
    model: Path = typer.Option(  # noqa: B008
        None, "--model", "-m", help="Model folder (default: the shipped model)."
    ),
    by: str = typer.Option("source", "--by", help="Break results down by column."),
    split: str = typer.Option(
        "test",
        "--split",
        help="Rows of this split (train/validation/test), or 'all' for every "
        "row. Files without a split column are split by the same stable hash "
        "as `hatewatch train` uses.",
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
    """Measure a model on labelled data (test split by default).

    Prints precision, recall, F1, macro-F1, the confusion matrix and threat
    precision/recall at the operating threshold, overall and per source.

    By default only the held-out test split is scored: the other rows may be
    what the model was trained or calibrated on, and would overstate its
    quality. What was scored is always said on stderr.
    """
    from hatewatch.classifiers.evaluation import evaluate_model
    from hatewatch.classifiers.persist import load_model
    from hatewatch.classifiers.training import read_labelled
    from hatewatch.errors import HatewatchError

    try:
        frame = read_labelled(list(data))
        # read_labelled gives every row a split: the file's own, or for files
        # without one the stable 80/10/10 hash split that `train` also uses
        chosen: str | None = None if split == "all" else split
        if chosen is None:
            counts = frame["split"].astype(str).value_counts().to_dict()
            parts = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
            typer.echo(
                f"warning: scored ALL {len(frame):,} rows ({parts}), including "
                "rows the model may have been trained or calibrated on; these "
                "figures overstate its quality (drop --split all for the test "
                "split)",
                err=True,
            )
        else:
            n = int((frame["split"] == chosen).sum())
            typer.echo(
                f"scoring split={chosen}: {n:,} of {len(frame):,} rows "
                "(--split all for every row)",
                err=True,
            )
            if n == 0:
                raise fail(f"no rows with split={chosen!r} in the data")
        loaded = load_model(model)
        report = evaluate_model(loaded, list(data), by=by, split=chosen)
    except HatewatchError as exc:
        raise fail(str(exc)) from exc
    if bias:
        from hatewatch.classifiers import bias as bias_metrics

        if chosen is not None:
            frame = frame[frame["split"] == chosen]
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
