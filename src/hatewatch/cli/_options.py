"""Options and checks shared by the commands that work on the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hatewatch.cli._util import fail

STORE_HELP = "Store file; default $HATEWATCH_STORE or hatewatch.duckdb."

#: ``--store PATH``; resolve it with `hatewatch.store.default_store_path`.
StoreOpt = Annotated[Path | None, typer.Option("--store", help=STORE_HELP)]


def existing_store(store: Path | None, hint: str | None = None) -> Path:
    """Resolve ``--store`` and fail unless the file exists.

    Parameters
    ----------
    store : path or None
        The ``--store`` value; None means ``$HATEWATCH_STORE`` or the default.
    hint : str, optional
        What to do first, added in brackets to the error.

    Returns
    -------
    pathlib.Path
        The store file.

    Raises
    ------
    typer.Exit
        After printing ``error: store not found: PATH (HINT)``.
    """
    from hatewatch.store import default_store_path

    path = default_store_path(store)
    if not path.exists():
        raise fail(f"store not found: {path}" + (f" ({hint})" if hint else ""))
    return path


ENCODING_HELP = (
    "Text encoding of the input if not UTF-8, e.g. cp1252 or latin-1; lines that "
    "do not decode are reported and skipped."
)

#: ``--encoding`` of the file readers (`score`, `flag`).
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help=ENCODING_HELP, show_default=False)
]

#: ``--text-column`` of `score` and `flag`.
TextColumnOpt = Annotated[str, typer.Option(help="Column holding the message text.")]

#: ``--model`` folder; None means the shipped model.
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="Model folder (default: the shipped model)."),
]

#: ``--strict`` of the file readers.
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict", help="Stop at the first malformed row instead of skipping."
    ),
]

#: ``--force`` of the commands that write one output file.
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the output file.")]

#: ``--cluster`` of `score` and `flag` (with ``--workers``).
ClusterOpt = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Like --workers, on a running Dask scheduler (tcp://host:8786).",
        show_default=False,
    ),
]
