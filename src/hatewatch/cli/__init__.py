"""Command-line interface: one typer app, each command a thin wrapper.

Each module below registers its commands on :data:`app`; the work itself is
done by plain, importable functions elsewhere in the package.
"""

from __future__ import annotations

import sys

from hatewatch.cli import (  # noqa: F401  (imported to register commands)
    collect,
    evaluate,
    flag,
    report,
    roster,
    sample,
    scale,
    score,
    serve,
    store,
    train,
    triage,
)
from hatewatch.cli._util import app, is_interrupt
from hatewatch.errors import HatewatchError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``hatewatch`` command."""
    try:
        app()
    except HatewatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not is_interrupt(exc):
            raise
        print("interrupted", file=sys.stderr)
        sys.exit(130)
