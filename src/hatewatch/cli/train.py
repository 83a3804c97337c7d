"""`hatewatch train`: rebuild a model folder from labelled data."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from hatewatch.cli._util import app


@app.command()
def train(
    data: list[Path] = typer.Argument(  # noqa: B008
        None,
        help="Labelled CSV/TSV/JSONL/Parquet files with text and label columns "
        "(optional: source, group, split). Default: data/annotations/*.csv.",
        show_default=False,
    ),
    output: Path = typer.Option(  # noqa: B008
        Path("models/hatewatch-nl-bow-0.1.0"), "--output", "-o", help="Model folder."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing model."),
    c: float = typer.Option(None, "--C", help="Inverse regularisation strength."),
    seed: int = typer.Option(0, "--seed", help="Recorded for provenance."),
) -> None:
    """Train on split=train, calibrate on split=validation, report split=test.

    Files without a split column are split 80/10/10 by a stable hash of their
    group column (or of the text). Training twice on the same files gives
    byte-identical weights.
    """
    from hatewatch.classifiers.training import train_model

    params = {"C": c} if c is not None else None
    created_by = "hatewatch train " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    result = train_model(
        list(data) if data else None,
        output,
        force=force,
        seed=seed,
        params=params,
        created_by=created_by.strip(),
    )
    for key, rep in result.reports.items():
        if key.endswith(":test"):
            typer.echo(rep.to_text(groups=False))
            typer.echo("")
    typer.echo(f"model written to {result.path}")
