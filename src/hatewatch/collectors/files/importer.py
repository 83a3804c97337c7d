"""Format detection, the public readers and :func:`import_file`."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.collectors.files.batch import Batch, _Builder, _Columns, _platform, _Rows
from hatewatch.collectors.files.fourcat import FOURCAT_MAPPING, _zeeschuimer_line
from hatewatch.collectors.files.generic import (
    ColumnMapping,
    _generic_rows,
    _peek_header,
)
from hatewatch.collectors.files.reader import (
    _first_object,
    _is_blank,
    _json_rows,
    _table_kind,
)
from hatewatch.collectors.files.twarc2 import _twarc2_line
from hatewatch.errors import DataError
from hatewatch.io import BadRow, ErrorCallback, bad_row_reporter, check_encoding
from hatewatch.records import PLATFORMS

if TYPE_CHECKING:  # pragma: no cover
    from hatewatch.records import Message
    from hatewatch.store import InsertResult, Store

log = logging.getLogger(__name__)


#: Values of ``format`` / ``--format``.
FORMATS: tuple[str, ...] = ("auto", "twarc2", "4cat", "csv", "jsonl")


def _check_input(path: Path) -> None:
    """Fail clearly on a missing file, a folder or an empty file."""
    if path.is_dir():
        raise DataError(
            "is a folder, not a file; name one message file", path=str(path)
        )
    if not path.exists():
        raise FileNotFoundError(f"input file not found: {path}")
    if _table_kind(path) != "parquet" and _is_blank(path):
        raise DataError("the file is empty; there is nothing to import", path=str(path))


def detect_format(path: str | os.PathLike[str], *, encoding: str | None = None) -> str:
    """Guess the format of a message file from its name and first record.

    Parameters
    ----------
    path : str or path-like
        The file; gzip-compressed content is read as such whatever its name.
    encoding : str, optional
        Text encoding, when not UTF-8.

    Returns
    -------
    str
        ``"twarc2"``, ``"4cat"``, ``"csv"`` (any delimited or Parquet table)
        or ``"jsonl"``.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If the path is a folder, the file is empty, or no JSON object is
        found in its first 100 lines (a JSON lines file).

    Examples
    --------
    >>> detect_format("tests/data/files/twarc2_pages.jsonl")
    'twarc2'
    """
    path = Path(path)
    _check_input(path)
    codec = check_encoding(encoding)
    kind = _table_kind(path)
    if kind in ("csv", "tsv", "parquet"):
        header = set(_peek_header(path, kind, codec))
        return "4cat" if {"id", "body", "thread_id"} <= header else "csv"
    obj = _first_object(path, codec)
    if obj is None:
        raise DataError(
            "no JSON object in the first 100 lines: not a JSON lines file? "
            "Name it .csv/.tsv/.parquet if it is a table, or pass --format",
            path=str(path),
        )
    return _json_format(obj)


def _json_format(obj: dict[str, Any]) -> str:
    """The format of a JSON lines file whose first object is ``obj``."""
    data = obj.get("data")
    if "source_platform" in obj and isinstance(data, dict):
        return "4cat"  # Zeeschuimer
    if isinstance(data, list) or "__twarc" in obj:
        return "twarc2"  # search pages, or any twarc2 output
    if isinstance(data, dict) and ("matching_rules" in obj or "includes" in obj):
        return "twarc2"  # a filtered-stream line
    if "errors" in obj and not ({"text", "body"} & obj.keys()):
        return "twarc2"  # an X API error object
    if {"id", "body", "thread_id"} <= obj.keys():
        return "4cat"
    if "edit_history_tweet_ids" in obj or (
        "author_id" in obj and "entities" in obj and "text" in obj
    ):
        return "twarc2"  # twarc2 flatten
    return "jsonl"


def iter_batches(
    path: str | os.PathLike[str],
    *,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    platform: str | None = None,
    batch_size: int = 50_000,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
) -> Iterator[Batch]:
    """Read a message file lazily as columnar :class:`Batch` es.

    Parameters
    ----------
    path : str or path-like
        The file; gzip-compressed JSON lines and CSV are read as such, by
        their content.
    format : {"auto", "twarc2", "4cat", "csv", "jsonl"}
        File format; ``auto`` detects it from the name and first record.
    mapping : ColumnMapping, optional
        Column names for ``csv``/``jsonl`` (and 4CAT's flat export).
    platform : str, optional
        Platform of rows that do not name one (generic and 4CAT flat files).
    batch_size : int, default 50_000
        Messages per batch.
    strict : bool, default False
        Raise :class:`~hatewatch.errors.DataError` at the first malformed
        line instead of reporting and skipping it.
    on_error : callable, optional
        Called with a :class:`~hatewatch.io.BadRow` for each skipped line
        (default: a logged warning).
    encoding : str, optional
        Text encoding when not UTF-8 (e.g. ``cp1252``); a line that does not
        decode is reported and skipped.

    Yields
    ------
    Batch

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        On an unknown format, platform or encoding, a folder, an empty file,
        a missing required column, or (``strict``) a malformed line.
    """
    path = Path(path)
    if format not in FORMATS:
        raise DataError(f"unknown format {format!r}; use one of {FORMATS}")
    _check_input(path)
    codec = check_encoding(encoding)
    fmt = detect_format(path, encoding=codec) if format == "auto" else format
    if platform is not None:
        platform = _platform(platform, "file")
        if platform not in PLATFORMS:
            raise DataError(
                f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}",
                field="platform",
            )
    deliver = bad_row_reporter(on_error, strict, log, "line")
    # bad lines are held back until their batch is built, then reported in
    # line order (timestamps are checked per batch, after the other fields)
    pending: list[BadRow] = []
    report = deliver if strict else pending.append
    text_mentions = True
    if fmt == "twarc2":
        source: Iterator[_Rows | _Columns] = _json_rows(
            path, report, batch_size, _twarc2_line, codec
        )
        text_mentions = False  # the API's entities are authoritative
    elif fmt == "4cat":
        obj = None if _table_kind(path) != "jsonl" else _first_object(path, codec)
        if obj is not None and "source_platform" in obj:
            source = _json_rows(path, report, batch_size, _zeeschuimer_line, codec)
        else:
            m = mapping or FOURCAT_MAPPING
            if platform is None and mapping is None:
                header = _peek_header(path, _table_kind(path), codec)
                # 4CAT's X datasources export these columns
                if {"mentions", "is_quote_tweet"} <= set(header) or {
                    "mentions",
                    "retweeted_user",
                } <= set(header):
                    m = replace(m, default_platform="twitter")
                    # its mentions column comes from the API's entities, as
                    # complete as twarc2's: no second pass over the text
                    text_mentions = False
            elif platform is not None:
                m = replace(m, default_platform=platform)
            source = _generic_rows(path, m, report, batch_size, codec)
    else:
        m = mapping or ColumnMapping()
        if platform is not None:
            m = replace(m, default_platform=platform)
        text_mentions = m.mentions_from_text
        source = _generic_rows(path, m, report, batch_size, codec)
    builder = _Builder(
        path,
        collector=f"file:{fmt}",
        report=report,
        text_mentions=text_mentions,
    )

    def flush() -> None:
        pending.sort(key=lambda b: b.line or 0)
        for bad in pending:
            deliver(bad)
        pending.clear()

    for rows in source:
        batch = builder.build(rows)
        flush()
        yield batch
    flush()


def _messages(batches: Iterator[Batch]) -> Iterator[Message]:
    for batch in batches:
        yield from batch.to_messages()


def read_twarc2(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
) -> Iterator[Message]:
    """Read twarc2 JSONL (API v2 pages or ``twarc2 flatten`` output).

    Recipients: ``entities.mentions[].username`` (mention), the user of
    ``in_reply_to_user_id`` (reply) and the author of a ``quoted`` tweet
    (quote), resolved through ``includes.users``/``includes.tweets`` or the
    flattened ``author`` objects. Retweets are skipped.

    Parameters
    ----------
    path : str or path-like
        The JSONL file (``.gz`` allowed).
    strict : bool, default False
        Raise at the first malformed line.
    on_error : callable, optional
        Receives a :class:`~hatewatch.io.BadRow` per skipped line or tweet.

    Yields
    ------
    Message
        With ``collector="file:twarc2"``, ``query`` the file name.

    Examples
    --------
    >>> msgs = list(read_twarc2("twarc2.jsonl"))  # doctest: +SKIP
    """
    return _messages(
        iter_batches(
            path, format="twarc2", strict=strict, on_error=on_error, encoding=encoding
        )
    )


def read_4cat(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
) -> Iterator[Message]:
    """Read Zeeschuimer NDJSON or 4CAT's flat CSV/NDJSON export.

    Zeeschuimer items from ``twitter.com``/``x.com`` (X web API tweet
    objects) and ``bsky.app`` (Bluesky post views) are understood; other
    platforms are reported per line. The flat export uses
    :data:`FOURCAT_MAPPING`.

    Parameters
    ----------
    path : str or path-like
        The export file.
    platform : str, optional
        Platform of a flat export (default: ``twitter`` when the columns are
        those of 4CAT's X datasource, else ``file``).
    strict, on_error
        As for :func:`read_twarc2`.

    Yields
    ------
    Message
    """
    return _messages(
        iter_batches(
            path,
            format="4cat",
            platform=platform,
            strict=strict,
            on_error=on_error,
            encoding=encoding,
        )
    )


def read_table(
    path: str | os.PathLike[str],
    mapping: ColumnMapping | None = None,
    *,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
) -> Iterator[Message]:
    """Read a generic CSV/TSV/JSONL/Parquet file of messages.

    Parameters
    ----------
    path : str or path-like
        The file; the format follows the extension.
    mapping : ColumnMapping, optional
        Column names (default :class:`ColumnMapping()`, which fits
        ``data/examples/messages.jsonl``).
    strict, on_error
        As for :func:`read_twarc2`.

    Yields
    ------
    Message
        ``@mentions`` in the text become ``mention`` recipients and the
        ``reply_to`` handle a ``reply`` recipient.

    Examples
    --------
    >>> from hatewatch.collectors.files import ColumnMapping, read_table
    >>> msgs = read_table("export.csv", ColumnMapping(text="body"))  # doctest: +SKIP
    """
    path = Path(path)
    fmt = "jsonl" if _table_kind(path) == "jsonl" else "csv"
    return _messages(
        iter_batches(
            path,
            format=fmt,
            mapping=mapping,
            strict=strict,
            on_error=on_error,
            encoding=encoding,
        )
    )


class _Prefetch:
    """Iterate ``source`` in a background thread, one item ahead.

    Parsing (Arrow, regexes, hashing) then overlaps with DuckDB writing the
    previous batch; both release the GIL for much of their work. Errors in
    the source are re-raised in the consumer.
    """

    _DONE = object()

    def __init__(self, source: Iterator[Any]) -> None:
        import queue
        import threading

        self._queue: queue.Queue[Any] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._source = source
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> bool:
        import queue

        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for item in self._source:
                if not self._put((True, item)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            self._put((False, exc))
            return
        self._put((True, self._DONE))

    def __iter__(self) -> Iterator[Any]:
        while True:
            ok, item = self._queue.get()
            if not ok:
                raise item
            if item is self._DONE:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _prefetch(source: Iterator[Any]) -> _Prefetch:
    return _Prefetch(source)


def import_file(
    path: str | os.PathLike[str],
    store: Store,
    *,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    platform: str | None = None,
    roster: str | None = None,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
    batch_size: int = 150_000,
    progress: bool = False,
    encoding: str | None = None,
) -> InsertResult:
    """Import a message file into a store; safe to repeat.

    Each batch is one transaction. A message already stored (same platform
    and id) is counted as a duplicate; its links to newly known politicians
    are added, so importing again after loading a roster fills them in. The
    next batch is read in a background thread while the store writes the
    current one, so ``on_error`` is called from that thread.

    Parameters
    ----------
    path : str or path-like
        The file.
    store : Store
        Target store.
    format, mapping, platform, strict, on_error
        As for :func:`iter_batches`.
    batch_size : int, default 150_000
        Messages per transaction. Above DuckDB's row group size (122,880)
        rows are written straight to the file rather than through the WAL.
    roster : str, optional
        Resolve recipient handles against this roster only.
    progress : bool, default False
        Show a progress bar on stderr (messages read; hidden when stderr is
        not a terminal).
    encoding : str, optional
        Text encoding when not UTF-8, as for :func:`iter_batches`.

    Returns
    -------
    InsertResult
        Counts, including ``bad`` (malformed lines skipped).

    Examples
    --------
    >>> from hatewatch import Store
    >>> with Store("hatewatch.duckdb") as store:  # doctest: +SKIP
    ...     print(import_file("twarc2.jsonl", store).as_dict())
    """
    from hatewatch.store import InsertResult

    bad = 0

    def count(row: BadRow) -> None:
        nonlocal bad
        bad += 1
        if on_error is None:
            log.warning("skipping malformed line: %s", row)
        else:
            on_error(row)

    total = InsertResult()
    bar = None
    if progress:
        from hatewatch.progress import progress_bar

        bar = progress_bar(desc=Path(path).name, unit=" msg", leave=False)
    batches = _prefetch(
        iter_batches(
            path,
            format=format,
            mapping=mapping,
            platform=platform,
            batch_size=batch_size,
            strict=strict,
            on_error=count,
            encoding=encoding,
        )
    )
    try:
        for batch in batches:
            total += store.add_frames(batch.messages, batch.recipients, roster=roster)
            if bar is not None:
                bar.update(len(batch))
    finally:
        batches.close()
        if bar is not None:
            bar.close()
    total.bad = bad
    return total
