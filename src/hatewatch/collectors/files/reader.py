"""Reading message files line by line: opening, decoding, JSON parsing and
the per-line callbacks the JSON importers share.

Lines are parsed with msgspec's JSON decoder where it accepts them (about
twice as fast as :func:`json.loads`); a line it rejects is parsed again by
:func:`json.loads`, whose verdict and message count, so both accept and
reject the same lines (:func:`hatewatch.io.json_object`).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from hatewatch.collectors.files.batch import _Rows
from hatewatch.errors import DataError
from hatewatch.io import BadRow, json_object, open_binary


def _fast_loads() -> Callable[[Any], Any]:
    import msgspec

    return msgspec.json.Decoder().decode


def _open_binary(path: Path) -> Any:
    return open_binary(path)


def _json_lines(
    path: Path, report: Callable[[BadRow], None], encoding: str = "utf-8"
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, object)`` for each JSON object line; report the rest."""
    with open_binary(path) as fh:
        yield from _parse_lines(enumerate(fh, 1), str(path), report, encoding)


def _parse_lines(
    numbered: Iterable[tuple[int, bytes]],
    spath: str,
    report: Callable[[BadRow], None],
    encoding: str = "utf-8",
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse each ``(line, bytes)``; report what is not a JSON object."""
    loads = _fast_loads() if encoding == "utf-8" else None
    for line_no, raw in numbered:
        if not raw.strip():
            continue
        if line_no == 1 and raw.startswith(codecs.BOM_UTF8) and encoding == "utf-8":
            raw = raw[len(codecs.BOM_UTF8) :]
        obj = json_object(raw, spath, line_no, report, encoding=encoding, loads=loads)
        if obj is not None:
            yield line_no, obj


def _json_rows(
    path: Path,
    report: Callable[[BadRow], None],
    batch_size: int,
    add_line: Callable[
        [int, dict[str, Any], _Rows, str, Callable[[BadRow], None]], None
    ],
    encoding: str = "utf-8",
) -> Iterator[_Rows]:
    """Batches of at least ``batch_size`` rows (but the last), filled by
    ``add_line`` from each JSON object line (it reports what it cannot use)."""
    spath = str(path)
    rows = _Rows()
    for line_no, obj in _json_lines(path, report, encoding):
        add_line(line_no, obj, rows, spath, report)
        if len(rows) >= batch_size:
            yield rows
            rows = _Rows()
    if len(rows):
        yield rows


def _first_object(path: Path, encoding: str = "utf-8") -> dict[str, Any] | None:
    """The first JSON object among the first 100 non-blank lines."""
    seen = 0
    with open_binary(path) as fh:
        for raw in fh:
            if not raw.strip():
                continue
            seen += 1
            if seen > 100:
                break
            try:
                obj = json.loads(raw.decode(encoding, "replace").lstrip("\ufeff"))
            except ValueError:
                continue
            if isinstance(obj, dict):
                return obj
    return None


def _is_blank(path: Path) -> bool:
    """Whether the file holds nothing but white space (or nothing at all)."""
    with open_binary(path) as fh:
        for raw in fh:
            if raw.strip():
                return False
    return True


def _table_kind(path: Path) -> str:
    from hatewatch.io import table_format

    try:
        fmt, _ = table_format(path)
    except DataError:
        return "jsonl"  # unknown extension: JSON lines, the common export
    return fmt
