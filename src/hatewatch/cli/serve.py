"""`hatewatch serve`: the triage web app for support teams."""

from __future__ import annotations

from pathlib import Path

import typer

from hatewatch.cli._options import StoreOpt
from hatewatch.cli._util import app


@app.command()
def serve(
    db: str | None = typer.Option(
        None,
        "--db",
        help="Case database URL or SQLite file (default: $HATEWATCH_TRIAGE_URL, "
        "else triage.sqlite beside the store).",
        show_default=False,
    ),
    store: StoreOpt = None,
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port (0: any free)."),
    https: bool = typer.Option(
        False,
        "--https",
        help="Behind a TLS proxy: Secure cookies and HSTS.",
    ),
    certfile: Path | None = typer.Option(  # noqa: B008
        None, help="Serve TLS directly with this certificate (PEM)."
    ),
    keyfile: Path | None = typer.Option(  # noqa: B008
        None, help="The certificate's private key (PEM)."
    ),
    second_review: bool = typer.Option(
        True,
        "--second-review/--no-second-review",
        help="Require a second reviewer before a threat is escalated or a case "
        "is closed as a false alarm.",
    ),
) -> None:
    """Serve the case queue in the browser and print its address.

    Reviewers log in with accounts made by `hatewatch users add`. The app
    reads and writes only the case database; it never opens the DuckDB store
    (--store only says where the default case database lies), so imports and
    scoring keep running.

    Example:

        hatewatch serve --store out/example/hatewatch.duckdb
    """
    from hatewatch.triage.db import resolve_url
    from hatewatch.triage.web.server import serve as run

    run(
        resolve_url(db, store=store),
        host=host,
        port=port,
        https=https,
        certfile=certfile,
        keyfile=keyfile,
        require_second_review=second_review,
        echo=typer.echo,
    )
