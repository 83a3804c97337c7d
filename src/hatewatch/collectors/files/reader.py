"""Reading message files line by line: opening, decoding, JSON parsing and
the per-line callbacks the JSON importers share."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.collectors.files.batch import _Rows
from hatewatch.errors import DataError
from hatewatch.io import BadRow, json_object

if TYPE_CHECKING:  # pragma: no cover
    pass


def _open_binary(path: Path) -> Any:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return open(path, "rb")  # noqa: SIM115


def _json_lines(
    path: Path, report: Callable[[BadRow], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, object)`` for each JSON object line; report the rest."""
    with _open_binary(path) as fh:
        yield from _parse_lines(enumerate(fh, 1), str(path), report)


def _parse_lines(
    numbered: Iterable[tuple[int, bytes]], spath: str, report: Callable[[BadRow], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``json.loads`` each ``(line, bytes)``; report what is not an object."""
    for line_no, raw in numbered:
        if not raw.strip():
            continue
        obj = json_object(raw, spath, line_no, report, with_column=True)
        if obj is not None:
            yield line_no, obj


def _json_rows(
    path: Path,
    report: Callable[[BadRow], None],
    batch_size: int,
    add_line: Callable[
        [int, dict[str, Any], _Rows, str, Callable[[BadRow], None]], None
    ],
) -> Iterator[_Rows]:
    """Batches of at least ``batch_size`` rows (but the last), filled by
    ``add_line`` from each JSON object line (it reports what it cannot use)."""
    spath = str(path)
    rows = _Rows()
    for line_no, obj in _json_lines(path, report):
        add_line(line_no, obj, rows, spath, report)
        if len(rows) >= batch_size:
            yield rows
            rows = _Rows()
    if len(rows):
        yield rows


def _first_object(path: Path) -> dict[str, Any] | None:
    with _open_binary(path) as fh:
        for i, raw in enumerate(fh):
            if i >= 100:
                break
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            if isinstance(obj, dict):
                return obj
    return None


def _table_kind(path: Path) -> str:
    from hatewatch.io import table_format

    try:
        fmt, _ = table_format(path)
    except DataError:
        return "jsonl"  # unknown extension: JSON lines, the common export
    return fmt
