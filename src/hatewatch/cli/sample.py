"""`hatewatch sample`: draw (and size) the validation sample to label."""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._options import existing_store
from hatewatch.cli._util import app, fail


@app.command()
def sample(
    output: Path | None = typer.Option(  # noqa: B008
        None,
        "--output",
        "-o",
        help="CSV to write (the items to label, with weights).",
        show_default=False,
    ),
    store: Path | None = typer.Option(  # noqa: B008
        None,
        "--store",
        help="The store (default: $HATEWATCH_STORE or hatewatch.duckdb).",
        show_default=False,
    ),
    n: int | None = typer.Option(
        None, "--n", min=4, help="Items to label in total.", show_default=False
    ),
    width: float | None = typer.Option(
        None,
        "--width",
        min=0.0001,
        max=1.0,
        help="Plan the size for this full width of the 95% interval of the "
        "women-men gap (0.02 = +/- 1 point).",
        show_default=False,
    ),
    plan_only: bool = typer.Option(
        False, "--plan-only", help="Print the plan for --width; draw nothing."
    ),
    pilot: Path | None = typer.Option(  # noqa: B008
        None,
        "--pilot",
        help="A labelled pilot sample whose error rates guide the plan.",
        show_default=False,
    ),
    allocation: str = typer.Option(
        "neyman", "--allocation", help="neyman | equal | proportional."
    ),
    by: str = typer.Option("gender", "--by", help="Error-group roster column."),
    outcome: str = typer.Option(
        "hostile", "--outcome", help="hostile | hate | threat."
    ),
    model_version: str | None = typer.Option(
        None, "--model-version", help="Scores of this model version."
    ),
    relation: str = typer.Option(
        "all", "--relation", help="all | mention | reply | quote."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the draw."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output."),
) -> None:
    """Draw a stratified validation sample to label, with weights.

    Strata: the --by group (gender) x whether the model flags the pair.
    Flagged pairs are rare, so they are oversampled; every row carries its
    weight (inverse inclusion probability) and an empty label column to fill
    in. Then: hatewatch report --validation FILE.

    Examples:

        hatewatch sample --n 800 -o to_label.csv

        hatewatch sample --width 0.03 --plan-only
    """
    from hatewatch import exposure
    from hatewatch.errors import OutputExistsError
    from hatewatch.exposure.sampling import draw_sample, plan_validation

    if allocation not in ("neyman", "equal", "proportional"):
        raise fail(
            f"--allocation must be neyman, equal or proportional, not {allocation!r}"
        )
    if outcome not in ("hostile", "hate", "threat"):
        raise fail(f"--outcome must be hostile, hate or threat, not {outcome!r}")
    if (n is None) == (width is None):
        raise fail("give exactly one of --n and --width")
    if not plan_only and output is None:
        raise fail("give -o/--output (or --plan-only with --width)")
    if output is not None and output.exists() and not force:
        raise OutputExistsError(f"{output} exists; use --force to overwrite")
    path = existing_store(store)
    pilot_frame = exposure.load_validation(str(pilot)) if pilot else None
    with exposure.load(str(path), model_version=model_version, relation=relation) as ex:
        table = None
        if width is not None:
            plan = plan_validation(
                ex, width, by=by, outcome=outcome, pilot=pilot_frame, seed=seed
            )
            typer.echo(plan["message"], err=True)
            if not plan["attainable"]:
                raise typer.Exit(1)
            groups = plan["groups"]
            for i, g in enumerate(groups):
                typer.echo(
                    f"  {by}={g}: {plan['allocation'][i, 1]} flagged "
                    f"(of {plan['sizes'][i, 1]:,}), {plan['allocation'][i, 0]} not "
                    f"flagged (of {plan['sizes'][i, 0]:,})",
                    err=True,
                )
            if plan_only:
                return
            n = plan["n"]
            from hatewatch.exposure.sampling import strata_sizes

            if strata_sizes(ex, by=by, outcome=outcome)[0] == list(groups):
                table = plan["allocation"]  # the plan's own (pilot-guided) split
        frame = draw_sample(
            ex,
            n,
            allocation_table=table,
            by=by,
            outcome=outcome,
            allocation=allocation,
            seed=seed,
        )
    assert output is not None
    output.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(output, index=False)
    typer.echo(
        f"wrote {output}: {len(frame)} items in {frame['stratum'].nunique()} strata; "
        "fill in the label column (hate, neutral or threat), then run "
        "hatewatch report --validation " + str(output),
        err=True,
    )
