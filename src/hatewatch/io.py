"""Streaming reading and atomic writing of tables (CSV, TSV, JSONL, Parquet).

Every command that reads or writes message tables goes through this module,
so that all of them stream large files in chunks, report malformed rows with
the file, line and field, and never leave a half-written output behind.

The format is chosen by the file extension:

* ``.csv`` and ``.tsv`` (optionally ``.gz``): the first line is the header.
  Every value is read as a string, exactly as written (identifiers keep their
  leading zeros). Multi-line quoted fields are supported and line numbers stay
  correct: a row's line number is the physical line on which it starts.
* ``.jsonl``, ``.ndjson`` and ``.json`` (optionally ``.gz``): one JSON object
  per line. Blank lines are skipped. The columns are the keys of the first
  valid object plus those asked for with ``columns``; keys that appear only
  later are dropped (logged once).
* ``.parquet``: read in record batches; the "line" of a row is its 1-based
  row number.

Input is UTF-8 (a byte-order mark is allowed) unless ``encoding`` names another
ASCII-compatible encoding (``latin-1``, ``cp1252``, ...). A line that does not
decode is reported with its own line number and skipped, like any malformed
row. A JSON string holding an escaped lone surrogate (``"\ud800"``), which is
no character, is read with U+FFFD in its place. A gzip file is read as such
whatever its name.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import gzip
import io
import itertools
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError, OutputExistsError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = [
    "BadRow",
    "Chunk",
    "TableWriter",
    "check_encoding",
    "estimate_rows",
    "open_binary",
    "read_table",
    "read_table_chunks",
    "remove_stale_parts",
    "spreadsheet_safe",
    "table_format",
]

log = logging.getLogger(__name__)

_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass(frozen=True)
class BadRow:
    """A malformed input row that was skipped.

    Attributes
    ----------
    path : str
        The input file.
    line : int or None
        1-based physical line where the row starts (row number for Parquet).
    field : str or None
        The offending field, where one is to blame.
    reason : str
        What is wrong, in words.
    """

    path: str
    line: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        if self.field is not None:
            where += f" field {self.field!r}"
        return f"{where}: {self.reason}"

    def to_error(self) -> DataError:
        """Return the :class:`~hatewatch.errors.DataError` for this row."""
        return DataError(self.reason, path=self.path, line=self.line, field=self.field)


@dataclass
class Chunk:
    """A block of consecutive valid rows.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows, with a fresh ``RangeIndex``.
    line_numbers : numpy.ndarray
        For each row, the 1-based line of the source file where it starts
        (the header of a CSV file is line 1), or the row number for Parquet.
    """

    frame: pd.DataFrame
    line_numbers: np.ndarray

    def __len__(self) -> int:
        return len(self.frame)


ErrorCallback = Callable[[BadRow], Any]


def table_format(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """Return ``(format, gzipped)`` for a path, from its extension.

    Parameters
    ----------
    path : str or path-like
        A file name such as ``messages.csv``, ``out.jsonl.gz`` or ``x.parquet``.

    Returns
    -------
    tuple of (str, bool)
        One of ``"csv"``, ``"tsv"``, ``"jsonl"``, ``"parquet"`` and whether the
        file is gzip-compressed.

    Raises
    ------
    DataError
        If the extension is not one of the supported ones.
    """
    suffixes = [s.lower() for s in Path(path).suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if gz:
        suffixes = suffixes[:-1]
    fmt = _FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None or (gz and fmt == "parquet"):
        raise DataError(
            "unsupported file type; use .csv, .tsv, .jsonl/.ndjson/.json "
            "(each optionally .gz) or .parquet",
            path=str(path),
        )
    return fmt, gz


_GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: str | os.PathLike[str]) -> io.BufferedIOBase:
    """Open an input file for reading bytes; gzip is read as such by its content.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    binary file object
        Decompressing when the file starts with the gzip magic bytes, whatever
        its name (a ``.jsonl`` that is really ``.jsonl.gz`` reads fine).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If ``path`` is a folder.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError("is a folder, not a file; name one input file", path=str(path))
    if not path.exists():
        raise FileNotFoundError(f"input file not found: {path}")
    fh = open(path, "rb")  # noqa: SIM115
    if fh.peek(2)[:2] == _GZIP_MAGIC:
        fh.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return fh


def check_encoding(encoding: str | None) -> str:
    """Return the codec name for ``encoding`` (None: UTF-8).

    Raises
    ------
    DataError
        If Python does not know the encoding, or it is not ASCII-compatible
        (lines are split on the newline byte before decoding).
    """
    if encoding is None:
        return "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise DataError(
            f"unknown encoding {encoding!r}; use e.g. utf-8, latin-1 or cp1252",
            field="encoding",
        ) from None
    if name == "utf-8-sig":
        return "utf-8"
    if '\n,\r"{}'.encode(name, "replace") != b'\n,\r"{}':
        raise DataError(
            f"encoding {encoding!r} is not ASCII-compatible; convert the file "
            "to UTF-8 first (e.g. with iconv)",
            field="encoding",
        )
    return name


#: Bytes that did not decode, as ``errors="surrogateescape"`` leaves them.
_ESCAPED = re.compile("[\udc80-\udcff]")

_BLOCK = 1 << 20


def _undecodable(line: str, encoding: str) -> str:
    """The report for a line holding escaped undecodable bytes."""
    m = _ESCAPED.search(line)
    byte = ord(m.group()) - 0xDC00 if m else 0
    col = m.start() + 1 if m else 0
    hint = (
        "; if the whole file is in another encoding, pass --encoding "
        "(e.g. cp1252 or latin-1)"
        if encoding == "utf-8"
        else ""
    )
    return f"not valid {encoding.upper()}: byte 0x{byte:02x} at column {col}{hint}"


def _text_blocks(
    fh: Any,
    encoding: str,
    bad: dict[int, str],
    lines_read: Callable[[], int],
    at_start: bool = True,
) -> Iterator[Iterable[str]]:
    """Decoded lines of a binary file, split as ``open(newline="")`` splits,
    one block of lines at a time (chain them to get the lines).

    A block that does not decode is split into lines with its bad bytes
    escaped; each such line's number (1-based) goes into ``bad`` with the
    reason, so the reader can skip the row that holds it. ``lines_read``
    tells how many lines the consumer has taken, i.e. those of all blocks
    before the one asked for.
    """
    first = at_start
    while True:
        block = fh.read(_BLOCK)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += fh.readline()  # end the block at a line end
        if first:
            first = False
            if encoding == "utf-8" and block.startswith(codecs.BOM_UTF8):
                block = block[len(codecs.BOM_UTF8) :]
        try:
            yield io.StringIO(block.decode(encoding), "")
        except UnicodeDecodeError:
            text = block.decode(encoding, "surrogateescape")
            lines = list(io.StringIO(text, ""))
            base = lines_read()
            for i, line in enumerate(lines, base + 1):
                if _ESCAPED.search(line):
                    bad[i] = _undecodable(line, encoding)
            yield lines


def _text_lines(
    fh: Any, encoding: str, bad: dict[int, str], base: int = 0
) -> tuple[Iterator[str], Callable[[Any], None]]:
    """The lines of :func:`_text_blocks` and a setter for its line counter.

    ``base`` lines come before the file position of ``fh`` (0: the start).
    """
    count: list[Callable[[], int]] = [lambda: base]
    blocks = _text_blocks(fh, encoding, bad, lambda: count[0](), base == 0)

    def counted_by(reader: Any) -> None:
        count[0] = lambda: base + reader.line_num

    return itertools.chain.from_iterable(blocks), counted_by


def read_table_chunks(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    chunk_size: int = 50_000,
    strict: bool = False,
    required: Sequence[str] = ("text",),
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
    text_columns: Sequence[str] = (),
) -> Iterator[Chunk]:
    """Read a table lazily, at most ``chunk_size`` valid rows at a time.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``/``.json`` (optionally
        ``.gz``) or ``.parquet`` file.
    columns : sequence of str, optional
        Keep only these columns (in this order). All must exist.
    chunk_size : int, default 50_000
        Rows per chunk. Memory use grows with it, not with the file.
    strict : bool, default False
        Raise :class:`~hatewatch.errors.DataError` at the first malformed
        row instead of reporting and skipping it.
    required : sequence of str, default ("text",)
        Columns that must exist in the file and be non-empty in every row.
        A row where one is missing, null or blank is malformed.
    on_error : callable, optional
        Called with a :class:`BadRow` for every skipped row. By default
        skipped rows are logged as warnings.
    encoding : str, optional
        Text encoding of a CSV/TSV/JSONL file (default UTF-8, with or without
        a byte-order mark); any ASCII-compatible one such as ``cp1252``.
    text_columns : sequence of str, default ()
        Required columns that must hold text: a JSON number or object, or a
        non-string Parquet value there makes the row malformed (reported as
        ``not text: int 5``).

    Yields
    ------
    Chunk
        Valid rows (``.frame``) and where each starts in the file
        (``.line_numbers``). The last chunk may be shorter; a file without
        valid rows yields one empty chunk that still has the columns.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    DataError
        If the file type is unsupported, the path is a folder, the encoding
        is unknown, a required or requested column is missing from the
        header, or (with ``strict``) a row is malformed.

    Examples
    --------
    >>> from hatewatch.io import read_table_chunks
    >>> for chunk in read_table_chunks("messages.csv", chunk_size=10_000):
    ...     print(len(chunk.frame), chunk.line_numbers[:3])  # doctest: +SKIP
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    path = Path(path)
    fmt, _ = table_format(path)
    if not path.is_file():
        open_binary(path).close()  # raises the right error: missing or a folder
    codec = check_encoding(encoding)

    report = bad_row_reporter(on_error, strict, log, "row")
    if fmt in ("csv", "tsv"):
        rows = csv_rows(
            path,
            "\t" if fmt == "tsv" else ",",
            columns,
            required,
            report,
            chunk_size,
            codec,
        )
    elif fmt == "jsonl":
        rows = _jsonl_rows(path, columns, required, report, codec, text_columns)
    else:
        rows = _parquet_rows(path, columns, required, report, chunk_size, text_columns)
    yield from _chunked(rows, chunk_size)


def read_table(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    strict: bool = False,
    required: Sequence[str] = ("text",),
    on_error: ErrorCallback | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a whole (small) table with the rules of :func:`read_table_chunks`.

    Returns
    -------
    pandas.DataFrame
        All valid rows, with a fresh ``RangeIndex``.
    """
    import pandas as pd

    frames = [
        c.frame
        for c in read_table_chunks(
            path,
            columns=columns,
            strict=strict,
            required=required,
            on_error=on_error,
            encoding=encoding,
        )
    ]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


# Each row generator first yields the column names, then (line, values) pairs,
# where values is a list aligned with the columns, or whole _Batch objects.
_Rows = Iterator[Any]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded burst of allocations.

    Building a chunk allocates one list per row; each allocation burst makes
    the collector re-scan every live object (including a model's large
    caches), which costs a third of the reading time. Row lists hold no
    cycles, so nothing is lost by collecting after the burst instead.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _select(
    path: Path,
    header: list[str],
    columns: Sequence[str] | None,
    required: Sequence[str],
) -> tuple[list[str], list[int], list[int]]:
    """Resolve output columns and indexes of kept and required columns."""
    wanted = list(columns) if columns is not None else list(header)
    for name in [*required, *wanted]:
        if name not in header:
            raise DataError(
                f"column {name!r} not found; the file has columns "
                f"{', '.join(map(repr, header)) or '(none)'}",
                path=str(path),
                line=1,
                field=name,
            )
    index = {name: i for i, name in enumerate(header)}
    return wanted, [index[c] for c in wanted], [index[c] for c in required]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def csv_rows(
    path: Path,
    delimiter: str,
    columns: Sequence[str] | None,
    required: Sequence[str],
    report: Callable[[BadRow], None],
    chunk_size: int,
    encoding: str = "utf-8",
    resume: tuple[int, int, list[str]] | None = None,
) -> _Rows:
    """CSV/TSV rows: first the column names, then :class:`_Batch` es.

    Each batch holds up to ``chunk_size`` rows that have as many fields as
    the header, their required columns non-blank and every line decoded;
    the others are reported with the line on which they start. ``resume``
    = ``(byte offset, lines before it, header)`` continues a file from the
    start of a record.
    """
    import numpy as np

    spath = str(path)
    undecoded: dict[int, str] = {}
    base = resume[1] if resume else 0
    with open_binary(path) as fh:
        if resume:
            fh.seek(resume[0])
        lines, counted_by = _text_lines(fh, encoding, undecoded, base)
        reader = csv.reader(lines, delimiter=delimiter)
        counted_by(reader)

        def line_num() -> int:
            return base + reader.line_num

        try:
            header = list(resume[2]) if resume else next(reader)
        except StopIteration:
            raise DataError("the file is empty (no header line)", path=spath) from None
        if undecoded and min(undecoded) <= line_num():
            line = min(undecoded)
            raise DataError(
                f"header {undecoded[line]}", path=spath, line=line, field=None
            )
        header = [h.strip() for h in header]
        out_cols, keep, req = _select(path, header, columns, required)
        yield out_cols
        n_fields = len(header)
        identity = keep == list(range(n_fields))
        prev_end = line_num()  # last physical line of the previous record
        done = False
        while not done:
            # Rows are collected in C (list.extend keeps the rows read before
            # a csv.Error); checks run per batch below, on millions of rows.
            rows: list[list[str]] = []
            unreadable: list[BadRow] = []
            error: csv.Error | None = None
            try:
                with gc_paused():
                    rows.extend(itertools.islice(reader, chunk_size))
                done = len(rows) < chunk_size
            except csv.Error as exc:
                error = exc  # the reader stays usable; resume behind the row
            n_read = len(rows)
            if error is None and line_num() - prev_end == n_read:
                end_arr = np.arange(prev_end + 1, prev_end + n_read + 1)
            else:
                # some rows span lines (quoted line breaks): count them
                spans = np.fromiter(
                    (1 + _line_breaks(r) for r in rows), dtype=np.int64, count=n_read
                )
                end_arr = prev_end + np.cumsum(spans)
                if error is None and n_read:
                    end_arr[-1] = line_num()  # never drift past a chunk
                if error is not None:
                    start = (int(end_arr[-1]) if n_read else prev_end) + 1
                    rows.append([])  # placeholder keeps the line bookkeeping
                    end_arr = np.append(end_arr, max(line_num(), start))
                    unreadable.append(
                        BadRow(spath, start, None, f"unreadable CSV row: {error}")
                    )
            if not rows:
                continue
            starts = np.empty_like(end_arr)
            starts[0] = prev_end + 1
            starts[1:] = end_arr[:-1] + 1
            prev_end = int(end_arr[-1])
            n = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
            ok = n == n_fields
            bad: list[BadRow] = list(unreadable)
            if undecoded:
                # a row is lost with any of its lines that did not decode
                for line in sorted(k for k in undecoded if k <= prev_end):
                    i = int(np.searchsorted(end_arr, line))
                    if ok[i] or n[i] > 0:
                        bad.append(BadRow(spath, int(starts[i]), None, undecoded[line]))
                    ok[i] = False
                    n[i] = 0  # reported: no second report for its field count
                    del undecoded[line]
            if not ok.all():
                for i in np.flatnonzero((n != n_fields) & (n > 0)):
                    bad.append(
                        BadRow(
                            spath,
                            int(starts[i]),
                            None,
                            f"expected {n_fields} fields as in the header, "
                            f"found {int(n[i])}",
                        )
                    )
            for j in req:
                empty = np.fromiter(
                    (not r[j].strip() if len(r) == n_fields else False for r in rows),
                    dtype=bool,
                    count=len(rows),
                )
                if empty.any():
                    for i in np.flatnonzero(empty & ok):
                        bad.append(
                            BadRow(spath, int(starts[i]), header[j], "empty value")
                        )
                    ok &= ~empty
            for b in sorted(bad, key=lambda b: b.line or 0):
                report(b)
            if ok.all():
                kept = rows
                lines = starts
            else:
                idx = np.flatnonzero(ok)
                kept = [rows[i] for i in idx]
                lines = starts[idx]
            if not identity:
                kept = [[r[i] for i in keep] for r in kept]
            if kept:
                yield _Batch(lines, kept)


def _line_breaks(row: list[str]) -> int:
    """Line breaks inside the fields of a CSV row (``\r\n`` counts once)."""
    n = 0
    for f in row:
        if "\n" in f or "\r" in f:
            n += f.count("\n") + f.count("\r") - f.count("\r\n")
    return n


def bad_row_reporter(
    on_error: ErrorCallback | None,
    strict: bool,
    logger: logging.Logger,
    noun: str,
) -> Callable[[BadRow], None]:
    """The ``report`` a reader calls for each malformed row.

    Parameters
    ----------
    on_error : callable or None
        Receives each `BadRow`; None logs it as a warning on ``logger``
        (``skipping malformed <noun>: ...``).
    strict : bool
        Raise the row's `DataError` instead.
    logger : logging.Logger
        The reading module's logger.
    noun : str
        ``"row"`` or ``"line"``, for the warning.
    """

    def report(bad: BadRow) -> None:
        if strict:
            raise bad.to_error()
        if on_error is None:
            logger.warning(f"skipping malformed {noun}: %s", bad)
        else:
            on_error(bad)

    return report


#: An escaped UTF-16 surrogate in JSON text; only then can a lone one appear.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(value: Any) -> Any:
    """``value`` with each lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {
            _replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    return value


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, encoding: str) -> str:
    col = len(raw[: exc.start].decode(encoding, "replace")) + 1
    hint = (
        "; if the whole file is in another encoding, pass --encoding "
        "(e.g. cp1252 or latin-1)"
        if encoding == "utf-8"
        else ""
    )
    return (
        f"not valid {encoding.upper()}: byte 0x{raw[exc.start]:02x} "
        f"at column {col}{hint}"
    )


def json_object(
    raw: str | bytes,
    spath: str,
    line_no: int,
    report: Callable[[BadRow], None],
    *,
    encoding: str = "utf-8",
    loads: Callable[[Any], Any] | None = None,
) -> dict[str, Any] | None:
    """Parse one JSON-lines line as an object; report it and return None if not.

    Parameters
    ----------
    raw : str or bytes
        The line, not blank (a trailing line break is allowed).
    spath : str
        The file, for the report.
    line_no : int
        1-based line number, for the report.
    report : callable
        Receives a `BadRow` for a line that does not decode, is not valid
        JSON (the reason names the column) or is valid JSON but not an object.
    encoding : str, default "utf-8"
        Encoding of ``raw`` when it is bytes.
    loads : callable, optional
        A faster parser to try first (``orjson.loads``); anything it rejects
        is parsed again by :func:`json.loads`, whose verdict counts.

    Returns
    -------
    dict or None
        The object, or None where the line was reported. Escaped lone
        surrogates (``"\ud800"``), which are no characters, come back as
        U+FFFD.
    """
    if loads is not None:
        try:
            obj = loads(raw)
        except ValueError:
            pass  # json.loads below gives the verdict and the message
        else:
            if type(obj) is dict:
                return obj
    if isinstance(raw, bytes):
        raw = raw.rstrip(b"\r\n")
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            report(BadRow(spath, line_no, None, _not_utf8(raw, exc, encoding)))
            return None
        fixable = _SURROGATE_ESCAPE.search(raw) is not None
    else:
        text = raw.rstrip("\r\n")
        fixable = "\\u" in text
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        report(
            BadRow(spath, line_no, None, f"invalid JSON: {exc.msg} column {exc.colno}")
        )
        return None
    except ValueError as exc:  # not syntax: an integer past the digit limit
        report(BadRow(spath, line_no, None, f"invalid JSON: {exc}"))
        return None
    except RecursionError:
        report(BadRow(spath, line_no, None, "invalid JSON: nested too deeply"))
        return None
    if not isinstance(obj, dict):
        report(
            BadRow(
                spath,
                line_no,
                None,
                f"expected a JSON object, found {type(obj).__name__}",
            )
        )
        return None
    if fixable:
        obj = _replace_surrogates(obj)
    return obj


def _not_text(value: Any) -> str:
    return f"not text: {type(value).__name__} {str(value)[:40]!r}"


def _jsonl_rows(
    path: Path,
    columns: Sequence[str] | None,
    required: Sequence[str],
    report: Callable[[BadRow], None],
    encoding: str,
    text_columns: Sequence[str] = (),
) -> _Rows:
    spath = str(path)
    out_cols: list[str] | None = list(columns) if columns is not None else None
    header_sent = False
    dropped: set[str] = set()
    content = False
    with open_binary(path) as fh:
        for line_no, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            content = True
            if line_no == 1 and encoding == "utf-8" and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            obj = json_object(raw, spath, line_no, report, encoding=encoding)
            if obj is None:
                continue
            if out_cols is None and not header_sent:
                absent = [c for c in required if c not in obj]
                if absent:
                    # the first record shows the file's columns: a required
                    # one absent there is a wrong column name, not a bad row
                    raise DataError(
                        f"column {absent[0]!r} not found in the first record; "
                        f"it has keys {', '.join(map(repr, obj)) or '(none)'}",
                        path=spath,
                        line=line_no,
                        field=absent[0],
                    )
            missing = next((c for c in required if _blank(obj.get(c))), None)
            if missing is not None:
                reason = "missing field" if missing not in obj else "empty value"
                report(BadRow(spath, line_no, missing, reason))
                continue
            wrong = next((c for c in text_columns if type(obj.get(c)) is not str), None)
            if wrong is not None:
                report(BadRow(spath, line_no, wrong, _not_text(obj.get(wrong))))
                continue
            if out_cols is None:
                out_cols = list(obj)
            if not header_sent:
                for name in required:
                    if name not in out_cols:
                        raise DataError(
                            f"required column {name!r} not among the selected columns",
                            path=spath,
                            field=name,
                        )
                yield out_cols
                header_sent = True
                known = set(out_cols)
            extra = obj.keys() - known - dropped
            if extra and columns is None:
                dropped |= extra
                log.warning(
                    "%s:%d: keys %s not in the first record; they are dropped",
                    spath,
                    line_no,
                    ", ".join(sorted(map(repr, extra))),
                )
            yield line_no, [obj.get(c) for c in out_cols]
    if not content:
        raise DataError("the file is empty (no JSON lines)", path=spath)
    if not header_sent:
        yield out_cols if out_cols is not None else list(required)


def _parquet_rows(
    path: Path,
    columns: Sequence[str] | None,
    required: Sequence[str],
    report: Callable[[BadRow], None],
    batch_size: int,
    text_columns: Sequence[str] = (),
) -> _Rows:
    import pyarrow.parquet as pq

    spath = str(path)
    pf = pq.ParquetFile(path)
    header = list(pf.schema_arrow.names)
    out_cols, keep, req = _select(path, header, columns, required)
    yield out_cols
    read_cols = list(dict.fromkeys([*out_cols, *required, *text_columns]))
    row_no = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=read_cols):
        data = batch.to_pydict()
        values = [data[c] for c in out_cols]
        checks = [(c, data[c]) for c in required]
        texts = [(c, data[c]) for c in text_columns]
        for i in range(batch.num_rows):
            row_no += 1
            bad = next((c for c, col in checks if _blank(col[i])), None)
            if bad is not None:
                report(BadRow(spath, row_no, bad, "empty value"))
                continue
            bad = next((c for c, col in texts if type(col[i]) is not str), None)
            if bad is not None:
                report(BadRow(spath, row_no, bad, _not_text(data[bad][i])))
                continue
            yield row_no, [v[i] for v in values]


@dataclass
class _Batch:
    """Up to ``chunk_size`` ready rows, from a reader that batches itself."""

    lines: Any  # sequence of int
    records: list[list[Any]]


def _chunked(rows: _Rows, chunk_size: int) -> Iterator[Chunk]:
    import numpy as np
    import pandas as pd

    columns = next(rows)
    lines: list[int] = []
    records: list[list[Any]] = []
    emitted = False
    for item in rows:
        if isinstance(item, _Batch):
            # CSV values are all strings; object dtype skips pandas' costly
            # string inference (3x faster construction)
            yield Chunk(
                pd.DataFrame(item.records, columns=columns, dtype=object),
                np.asarray(item.lines, dtype=np.int64),
            )
            emitted = True
            continue
        line, values = item
        lines.append(line)
        records.append(values)
        if len(records) >= chunk_size:
            yield Chunk(
                pd.DataFrame(records, columns=columns),
                np.asarray(lines, dtype=np.int64),
            )
            emitted = True
            lines, records = [], []
    if records or not emitted:
        frame = (
            pd.DataFrame(records, columns=columns)
            if records
            else pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
        )
        yield Chunk(frame, np.asarray(lines, dtype=np.int64))


def estimate_rows(
    path: str | os.PathLike[str], sample_bytes: int = 1 << 20
) -> int | None:
    """Cheaply estimate the number of data rows in a table file.

    Exact for Parquet (from the footer); for plain CSV/JSONL the file size
    divided by the mean line length of the first ``sample_bytes``; ``None``
    for compressed files or when the file cannot be read.

    Returns
    -------
    int or None
        The estimate, for a progress bar; never use it for anything exact.
    """
    path = Path(path)
    try:
        fmt, gz = table_format(path)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        size = path.stat().st_size
        with open(path, "rb") as fh:
            sample = fh.read(sample_bytes)
        if gz or sample[:2] == _GZIP_MAGIC:
            return None
    except (OSError, DataError, ValueError):
        return None
    n_lines = sample.count(b"\n")
    if len(sample) < sample_bytes:  # the whole file was read
        n = n_lines + (0 if sample.endswith(b"\n") or not sample else 1)
    elif n_lines == 0:
        return None
    else:
        n = round(size / (len(sample) / n_lines))
    return max(n - (1 if fmt in ("csv", "tsv") else 0), 0)


#: First characters that make a spreadsheet read a cell as a formula (OWASP
#: "CSV Injection": = + - @ tab and carriage return, plus the full-width
#: forms that some spreadsheets also accept).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value: Any) -> Any:
    """Prefix ``value`` with ``'`` if a spreadsheet would run it as a formula.

    Non-strings are returned unchanged.

    Examples
    --------
    >>> neutralise_formula("=1+1")
    "'=1+1"
    >>> neutralise_formula("gewoon een bericht"), neutralise_formula(-0.5)
    ('gewoon een bericht', -0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells cannot run as formulas.

    Every CSV hatewatch writes for people to open (``hatewatch flag``
    output, report tables) passes through this: a message text or roster
    value such as ``=HYPERLINK(...)`` would otherwise be executed by Excel
    or LibreOffice when the file is opened. Following the OWASP guidance on
    CSV injection, a text cell that starts with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading ``'``, which spreadsheets show
    as text. Numeric columns are left as they are (``-0.5`` stays a
    number). Column names are treated the same way.

    Parameters
    ----------
    frame : pandas.DataFrame
        Not modified.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            out[col] = series.map(neutralise_formula, na_action="ignore")
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    return out


class TableWriter:
    """Write a table chunk by chunk, atomically, in the format of its extension.

    Rows go to a hidden temporary file in the same folder, which replaces
    ``path`` only when the ``with`` block ends without an exception; a failed
    run leaves neither a half-written file nor a clobbered old one.

    Parameters
    ----------
    path : str or path-like
        ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``/``.json`` (optionally
        ``.gz``) or ``.parquet``.
    force : bool, default False
        Overwrite an existing ``path``. Without it, an existing file raises
        :class:`~hatewatch.errors.OutputExistsError` before anything is
        written.
    for_people : bool, default False
        The file is meant to be opened in a spreadsheet: CSV/TSV cells that
        would run as formulas are neutralised with :func:`spreadsheet_safe`.
        Leave it off for data that programs read back (scores).

    Examples
    --------
    >>> import pandas as pd
    >>> from hatewatch.io import TableWriter
    >>> with TableWriter("scored.parquet", force=True) as out:  # doctest: +SKIP
    ...     out.write(pd.DataFrame({"text": ["hoi"], "label": ["neutral"]}))
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        force: bool = False,
        for_people: bool = False,
    ) -> None:
        self.path = Path(path)
        self.force = force
        self.for_people = for_people
        self.format, self.gzip = table_format(self.path)
        self.rows_written = 0
        self._tmp: Path | None = None
        self._fh: Any = None
        self._pq_writer: Any = None
        self._schema: Any = None
        self._columns: list[str] | None = None
        self._started = False
        self._lock_fd: int | None = None

    def _check_target(self) -> None:
        if self.path.exists() and not self.force:
            raise OutputExistsError.at(self.path)
        if self.path.is_dir():
            raise OutputExistsError(f"{self.path} is a folder, not a file")

    def __enter__(self) -> TableWriter:
        self._check_target()
        parent = self.path.parent
        if not parent.is_dir():
            raise FileNotFoundError(f"output folder does not exist: {parent}")
        remove_stale_parts(self.path)
        # not mkstemp: its 0600 mode would survive the rename; a file created
        # with O_EXCL gets the usual permissions from the umask
        while True:
            tmp = parent / f".{self.path.name}.{secrets.token_hex(4)}.part"
            try:
                fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # pragma: no cover - 32 random bits
                continue
            if _lock(fd, blocking=True) and os.fstat(fd).st_nlink == 0:
                # another run's cleanup took it between create and lock
                os.close(fd)  # pragma: no cover - a microsecond window
                continue
            break
        # the lock is held for the whole write: a run killed with -9 drops
        # it, so the next run can tell its part file is stale and remove it
        self._lock_fd = fd
        self._tmp = tmp
        if self.format != "parquet":
            if self.gzip:
                self._fh = gzip.open(self._tmp, "wt", encoding="utf-8", newline="")
            else:
                self._fh = open(self._tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame`` (its index is not written).

        The first call fixes the columns; later frames must have the same
        columns (they are reordered to match).
        """
        if self._tmp is None:
            raise RuntimeError("TableWriter.write() called outside a with block")
        if self._columns is None:
            self._columns = [str(c) for c in frame.columns]
        else:
            if list(frame.columns) != self._columns:
                missing = set(self._columns) - set(frame.columns)
                if missing:
                    raise ValueError(
                        f"chunk lacks columns {sorted(missing)} of the first chunk"
                    )
                frame = frame[self._columns]
        first = not self._started
        if self.format in ("csv", "tsv"):
            if self.for_people:
                frame = spreadsheet_safe(frame)
            frame.to_csv(
                self._fh,
                sep="\t" if self.format == "tsv" else ",",
                header=first,
                index=False,
                lineterminator="\n",
            )
        elif self.format == "jsonl":
            if len(frame):
                text = frame.to_json(
                    orient="records", lines=True, force_ascii=False, date_format="iso"
                )
                self._fh.write(text if text.endswith("\n") else text + "\n")
        else:
            self._write_parquet(frame)
        self._started = True
        self.rows_written += len(frame)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            # mixed types in a column (JSONL: a number among strings);
            # Parquet needs one type per column, so such columns become text
            table = pa.Table.from_pandas(_mixed_as_text(frame), preserve_index=False)
        if self._pq_writer is None:
            # a column that is all-null in the first chunk would be typed null
            # and reject later strings; store it as string instead
            fields = [
                pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f
                for f in table.schema
            ]
            self._schema = pa.schema(fields, metadata=table.schema.metadata)
            table = table.cast(self._schema)
            self._pq_writer = pq.ParquetWriter(self._tmp, self._schema)
        elif not table.schema.equals(self._schema, check_metadata=False):
            try:
                table = table.cast(self._schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
                table = _cast_as_text(frame, self._schema)
            if table is None:
                raise DataError(
                    "column types changed between chunks; write CSV/JSONL "
                    "instead or make the input types consistent",
                    path=str(self.path),
                )
        self._pq_writer.write_table(table)

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._pq_writer is not None:
            self._pq_writer.close()
            self._pq_writer = None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        tmp = self._tmp
        self._tmp = None
        try:
            self._close()
            if exc_type is None and tmp is not None:
                if self.format == "parquet" and not self._started:
                    import pyarrow as pa
                    import pyarrow.parquet as pq

                    pq.write_table(pa.table({}), tmp)
                self._check_target()  # the file may have appeared meanwhile
                os.replace(tmp, self.path)
                tmp = None
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # releases the lock
                self._lock_fd = None


def _lock(fd: int, *, blocking: bool) -> bool:
    """Take an exclusive ``flock`` on ``fd``; False if another holds it.

    Where ``fcntl`` is missing (Windows) nothing is locked and True is
    returned; :func:`remove_stale_parts` then removes nothing.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def remove_stale_parts(path: str | os.PathLike[str]) -> list[Path]:
    """Delete part files of ``path`` left behind by killed runs.

    :class:`TableWriter` writes to ``.<name>.<hex>.part`` beside the output
    and holds an exclusive lock on it while it writes. A run killed with
    ``kill -9`` (or a power cut) cannot remove its part file, which may hold
    message texts; the lock dies with the process, so an unlocked part file
    is stale and removed here (a part file still locked by a running writer
    is left alone). Called by every :class:`TableWriter` before it writes.

    Parameters
    ----------
    path : str or path-like
        The output file whose stale part files to remove.

    Returns
    -------
    list of pathlib.Path
        The files removed (none where file locks are unavailable).
    """
    import re

    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover - not POSIX: cannot tell stale parts
        return []
    path = Path(path)
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.part$")
    removed: list[Path] = []
    try:
        candidates = [p for p in path.parent.iterdir() if pattern.match(p.name)]
    except OSError:
        return removed
    for part in candidates:
        try:
            fd = os.open(part, os.O_RDWR)
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False):
                part.unlink(missing_ok=True)
                removed.append(part)
                log.info("removed %s, left by an earlier run that was killed", part)
        finally:
            os.close(fd)
    return removed


def _text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _mixed_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with values of several types, as text (None kept)."""
    import pyarrow as pa

    out = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:
            try:
                pa.array(frame[col], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                out[col] = frame[col].map(_text).astype(object)
    return out


def _cast_as_text(frame: pd.DataFrame, schema: Any) -> Any:
    """``frame`` as a table of ``schema``, turning values of string columns
    into text where needed; ``None`` if that does not suffice."""
    import pyarrow as pa

    out = frame.copy()
    for field in schema:
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            if field.name in out.columns and out[field.name].dtype == object:
                out[field.name] = out[field.name].map(_text).astype(object)
    try:
        return pa.Table.from_pandas(out, preserve_index=False).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def write_table(
    frames: pd.DataFrame | Iterable[pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    force: bool = False,
) -> int:
    """Write one frame or an iterable of frames atomically; return rows written."""
    import pandas as pd

    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    with TableWriter(path, force=force) as out:
        for frame in frames:
            out.write(frame)
    return out.rows_written
