"""`hatewatch import`, `hatewatch store stats|export` and `hatewatch purge`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from hatewatch.cli._options import ENCODING_HELP, StoreOpt, existing_store
from hatewatch.cli._util import app, fail, is_interrupt
from hatewatch.errors import HatewatchError

store_app = typer.Typer(
    no_args_is_help=True, help="Inspect and export the message store."
)
app.add_typer(store_app, name="store")

#: Bad lines echoed to stderr before the rest are only counted.
_MAX_SHOWN = 200


def _open(store: Path | None, *, read_only: bool = False, must_exist: bool = False):
    from hatewatch.store import Store, default_store_path

    if must_exist:
        path = existing_store(store, "import or collect messages first")
    else:
        path = default_store_path(store)
    return Store(path, read_only=read_only)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="Message file to import.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="auto, twarc2, 4cat, csv or jsonl.")
    ] = "auto",
    roster: Annotated[
        str | None,
        typer.Option(
            "--roster", help="Resolve recipients against this stored roster only."
        ),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            help="Platform of rows that name none (generic and 4CAT flat files).",
        ),
    ] = None,
    text_column: Annotated[
        str | None,
        typer.Option(
            "--text-column", help="Column with the message text (default text)."
        ),
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column", help="Column with the message id (default message_id)."
        ),
    ] = None,
    created_column: Annotated[
        str | None,
        typer.Option(
            "--created-column", help="Column with the post time (default created_at)."
        ),
    ] = None,
    author_column: Annotated[
        str | None,
        typer.Option(
            "--author-column", help="Column with the author id (default author_id)."
        ),
    ] = None,
    reply_to_column: Annotated[
        str | None,
        typer.Option("--reply-to-column", help="Column with the handle replied to."),
    ] = None,
    mentions_column: Annotated[
        str | None,
        typer.Option("--mentions-column", help="Column with mentioned handles."),
    ] = None,
    store: StoreOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Stop with an error at the first malformed line."
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help=ENCODING_HELP, show_default=False),
    ] = None,
) -> None:
    """Import messages from twarc2, 4CAT, CSV or JSONL files.

    Authors are pseudonymised on reading (HATEWATCH_PSEUDONYM_KEY). Importing
    the same file again adds nothing.
    """
    from dataclasses import replace

    from hatewatch.collectors.files import FOURCAT_MAPPING, ColumnMapping, import_file
    from hatewatch.io import BadRow

    overrides = {
        "text": text_column,
        "message_id": id_column,
        "created_at": created_column,
        "author": author_column,
        "reply_to": reply_to_column,
        "mentions": mentions_column,
    }
    chosen: dict[str, Any] = {k: v for k, v in overrides.items() if v}
    mapping = None
    if chosen:
        base = FOURCAT_MAPPING if format == "4cat" else ColumnMapping()
        mapping = replace(base, **chosen)
    shown = 0

    def on_error(bad: BadRow) -> None:
        nonlocal shown
        shown += 1
        if shown <= _MAX_SHOWN:
            typer.echo(f"bad line: {bad}", err=True)

    from hatewatch.store import default_store_path

    if not file.exists():
        raise fail(f"file not found: {file}")
    store_path = default_store_path(store)
    new_store = not store_path.exists()
    try:
        with _open(store) as st:
            if roster is not None and roster not in st.rosters():
                known = ", ".join(st.rosters()) or "none"
                raise fail(
                    f"roster {roster!r} is not in the store {st.path} (stored: "
                    f"{known}); load it first: hatewatch roster load FILE "
                    f"--name {roster}"
                )
            result = import_file(
                file,
                st,
                format=format,
                mapping=mapping,
                platform=platform,
                roster=roster,
                strict=strict,
                on_error=on_error,
                progress=True,
                encoding=encoding,
            )
    except (HatewatchError, FileNotFoundError) as exc:
        if new_store:
            _remove_empty_store(store_path)
        raise fail(str(exc)) from exc
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not is_interrupt(exc):
            raise
        typer.echo(
            "interrupted: batches committed before Ctrl-C are stored, the batch "
            "in progress is not; import the same file again to add what is "
            "missing (nothing is stored twice)",
            err=True,
        )
        raise typer.Exit(130) from None
    if shown > _MAX_SHOWN:
        typer.echo(f"... and {shown - _MAX_SHOWN} more bad lines", err=True)
    typer.echo(
        f"imported {result.inserted}, duplicates {result.duplicates}, "
        f"bad lines {result.bad}, recipient links {result.links}, "
        f"unresolved recipients {result.unresolved}"
    )


def _remove_empty_store(path: Path) -> None:
    """Delete a store this command created if it holds no messages."""
    from hatewatch.store import Store

    try:
        with Store(path, read_only=True) as st:
            empty = st.stats()["messages"] == 0 and not st.rosters()
    except (HatewatchError, OSError):
        return
    if empty:
        for leftover in (path, Path(f"{path}.wal")):
            leftover.unlink(missing_ok=True)


@store_app.command("stats")
def stats_cmd(
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print counts of messages, links, rosters, scores and runs."""
    with _open(store, read_only=True, must_exist=True) as st:
        stats = st.stats()
    if as_json:
        typer.echo(json.dumps(stats, indent=2, sort_keys=True))
        return
    typer.echo(format_stats(stats))


def format_stats(stats: dict) -> str:
    """Render :meth:`Store.stats` as aligned text lines."""

    def kv(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"

    size = stats.get("size_bytes")
    lines = [
        f"store            {stats['path']}"
        + (f" ({size / 1e6:.1f} MB)" if size else ""),
        f"messages         {stats['messages']} (with text {stats['messages_with_text']}"
        f", text purged {stats['messages_purged']})",
        f"by platform      {kv(stats['by_platform'])}",
        f"period           {stats['first_message'] or '-'} .. "
        f"{stats['last_message'] or '-'}",
        f"linked messages  {stats['messages_linked']} ({stats['links']} links: "
        f"{kv(stats['by_relation'])})",
        f"rosters          {kv(stats['rosters'])}",
        f"scores           {kv(stats['scores'])}",
        f"collection runs  {kv(stats['runs'])}",
    ]
    return "\n".join(lines)


@store_app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder for <table>.parquet files.")],
    store: StoreOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing files.")
    ] = False,
) -> None:
    """Export every table of the store to Parquet."""
    try:
        with _open(store, read_only=True, must_exist=True) as st:
            paths = st.export_parquet(out_dir, force=force)
    except HatewatchError as exc:
        raise fail(str(exc)) from exc
    for p in paths:
        typer.echo(str(p))


@app.command("purge")
def purge_cmd(
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            help="Retention window: 90d, 12w, 6m (30-day months), 1y, 48h.",
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Count age from when a message was posted (created) or "
            "collected (retrieved).",
        ),
    ] = "created",
    store: StoreOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Only count the messages that would lose text."),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Do not ask for confirmation."),
    ] = False,
) -> None:
    """Remove the raw text of messages older than the retention window.

    Labels, scores, recipient links and counts stay. The store file is then
    rewritten so that no purged text is left in it or in its write-ahead
    log (backups made earlier keep theirs). Asks for confirmation unless
    --yes is given; --dry-run only counts.
    """
    import sys

    from hatewatch.store import parse_duration

    column = {"created": "created_at", "retrieved": "retrieved_at"}.get(by)
    if column is None:
        raise fail(f"--by must be 'created' or 'retrieved', not {by!r}")
    try:
        window = parse_duration(older_than)
        with _open(store, read_only=dry_run, must_exist=True) as st:
            n = st.count_purgeable(window, by=column)
            if dry_run:
                typer.echo(
                    f"would purge the text of {n} messages older than "
                    f"{older_than} ({by}) in {st.path}; nothing changed (dry run)"
                )
                return
            if n and not yes:
                question = (
                    f"purge the text of {n} messages older than {older_than} "
                    f"({by}) in {st.path}? This cannot be undone"
                )
                if not sys.stdin.isatty():
                    raise fail(
                        f"{question}: not confirmed (no terminal); rerun with "
                        "--yes to purge, or --dry-run to count only"
                    )
                if not typer.confirm(question, default=False, err=True):
                    typer.echo("nothing purged", err=True)
                    raise typer.Exit(1)
            n = st.purge_text(window, by=column)
    except HatewatchError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"purged the text of {n} messages older than {older_than} ({by})")
