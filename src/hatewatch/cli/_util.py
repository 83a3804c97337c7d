"""The typer app and helpers shared by every command."""

from __future__ import annotations

import logging

import typer

app = typer.Typer(
    name="hatewatch",
    help="Detect and measure online hate and threats aimed at Dutch politicians.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def setup_logging(verbose: int) -> None:
    """Configure logging from a ``-v`` count (only the CLI does this)."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        format="%(levelname)s %(name)s: %(message)s",
    )


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` to stderr and return an Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def is_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is Ctrl-C, also as DuckDB re-raises it inside a query.

    DuckDB turns a SIGINT that arrives during a query into
    ``RuntimeError: Query interrupted`` (or ``duckdb.InterruptException``).
    """
    if isinstance(exc, KeyboardInterrupt):
        return True
    if type(exc).__name__ == "InterruptException":
        return True
    return isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()


@app.callback()
def _root(
    verbose: int = typer.Option(
        0,
        "--verbose",
        "-v",
        count=True,
        help="More log output: -v for progress notes, -vv for debugging.",
        show_default=False,
    ),
) -> None:
    """Detect and measure online hate and threats aimed at Dutch politicians."""
    setup_logging(verbose)


@app.command()
def version() -> None:
    """Print the hatewatch version."""
    from hatewatch import __version__

    typer.echo(__version__)
