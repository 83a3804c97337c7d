"""`hatewatch roster`: load, check, show and convert rosters of politicians."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from hatewatch.cli._options import StoreOpt
from hatewatch.cli._util import app, fail

sub = typer.Typer(
    no_args_is_help=True,
    help="Rosters of politicians: gender, office, party and handles.",
)
app.add_typer(sub, name="roster")

FileArg = Annotated[
    Path, typer.Argument(help="Roster file (or the openkamer fixture folder).")
]
OutArg = Annotated[Path, typer.Argument(help="Canonical roster TSV to write.")]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="auto, table, parlamint, openkamer, councillors or tk_odata.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite OUT.")]


def _load(file: Path, format: str, name: str | None = None):
    from hatewatch.roster import load_roster

    return load_roster(file, format=format, name=name)


def _at(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--at wants a date YYYY-MM-DD, got {value!r}") from None


@sub.command("load")
def load_cmd(
    file: FileArg,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Roster name in the store; default: the file stem."
        ),
    ] = None,
    store: StoreOpt = None,
    format: FormatOpt = "auto",
) -> None:
    """Load a roster into the store, replacing a roster of the same name."""
    from hatewatch.store import Store, default_store_path

    roster = _load(file, format, name)
    path = default_store_path(store)
    with Store(path) as st:
        n = st.add_roster(roster, roster.name)
    typer.echo(f"roster {roster.name!r}: {n} people stored in {path}")
    if roster.problems:
        typer.echo(
            f"{len(roster.problems)} problems; see: hatewatch roster validate {file}",
            err=True,
        )


@sub.command("validate")
def validate_cmd(file: FileArg, format: FormatOpt = "auto") -> None:
    """Print every problem in a roster, one a line; exit 1 when there are any."""
    roster = _load(file, format)
    for problem in roster.problems:
        typer.echo(str(problem))
    typer.echo(f"{len(roster)} people, {len(roster.problems)} problems", err=True)
    if roster.problems:
        raise typer.Exit(1)


@sub.command("show")
def show_cmd(
    file: FileArg,
    format: FormatOpt = "auto",
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="Office held on this date (YYYY-MM-DD); default: latest."
        ),
    ] = None,
) -> None:
    """Print people by office and gender (tab-separated)."""
    when = _at(at)
    roster = _load(file, format)
    typer.echo(format_summary(roster.summary(when)))


def format_summary(counts: dict[tuple[str, str], int]) -> str:
    """Render ``{(office, gender): n}`` as a TSV table with totals."""
    from hatewatch.roster import GENDERS

    offices = sorted({o for o, _ in counts})
    lines = ["\t".join(["office", *GENDERS, "total"])]
    for office in offices:
        row = [counts.get((office, g), 0) for g in GENDERS]
        lines.append("\t".join([office, *map(str, row), str(sum(row))]))
    totals = [sum(n for (_, g), n in counts.items() if g == gd) for gd in GENDERS]
    lines.append("\t".join(["total", *map(str, totals), str(sum(totals))]))
    return "\n".join(lines)


@sub.command("convert")
def convert_cmd(
    file: FileArg, out: OutArg, format: FormatOpt = "auto", force: ForceOpt = False
) -> None:
    """Write any roster format as the canonical TSV (one row per spell)."""
    roster = _load(file, format)
    roster.save(out, force=force)
    typer.echo(f"{len(roster)} people written to {out}", err=True)


@sub.command("fetch-tk")
def fetch_tk_cmd(
    out: OutArg,
    filter: Annotated[
        str | None,
        typer.Option(
            "--filter", help="OData $filter on Persoon; default: current members."
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Fetch Tweede Kamer members from the open data API into a roster TSV."""
    from hatewatch.errors import OutputExistsError
    from hatewatch.roster import fetch_tweedekamer
    from hatewatch.roster.tkapi import DEFAULT_FILTER

    if out.exists() and not force:
        raise OutputExistsError.at(out)
    roster = fetch_tweedekamer(filter=filter or DEFAULT_FILTER, name=out.stem)
    roster.save(out, force=force)
    typer.echo(
        f"{len(roster)} people written to {out} ({len(roster.problems)} problems)",
        err=True,
    )
