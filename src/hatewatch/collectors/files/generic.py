"""Generic CSV/TSV/JSONL/Parquet message tables read through a
:class:`ColumnMapping`.

JSON lines and CSV are validated a block at a time in Arrow
(:func:`_arrow_block`); a JSON block Arrow cannot read as declared goes line
by line through :func:`_records_to_rows`, which accepts and rejects the same
lines. JSON lines have no header: an optional field is read from its column
wherever that key first appears in the file, and from the column's common
alternative names (see :class:`ColumnMapping`) where it is absent.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.collectors.files.batch import _Columns, _handles, _platform, _Rows, _str
from hatewatch.collectors.files.reader import (
    _json_lines,
    _open_binary,
    _parse_lines,
    _table_kind,
)
from hatewatch.errors import DataError
from hatewatch.io import BadRow
from hatewatch.records import PLATFORMS

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of a generic CSV/JSONL file holds which field.

    A field set to ``None`` is not read. When a column is missing from the
    file and the field has its default name, common alternatives are tried
    (``id`` for ``message_id``, ``timestamp``/``date`` for ``created_at``,
    ``author``/``user`` for ``author_id``, ``body`` for ``text``).

    Attributes
    ----------
    text, message_id, created_at, author : str
        Required columns.
    platform : str or None
        Column with the platform per row; rows without one get
        ``default_platform``.
    conversation_id, lang, in_reply_to : str or None
        Optional columns copied as they are (``in_reply_to`` is the id of
        the message replied to).
    reply_to, quote_of : str or None
        Handle replied to / quoted: a ``reply`` / ``quote`` recipient.
    mentions : str or None
        Handles mentioned (a list, or a comma/space separated string).
    default_platform : str
        Platform when there is no platform column or it is empty.
    mentions_from_text : bool
        Also take ``@handle`` mentions from the text.
    """

    text: str = "text"
    message_id: str = "message_id"
    created_at: str = "created_at"
    author: str = "author_id"
    platform: str | None = "platform"
    conversation_id: str | None = "conversation_id"
    lang: str | None = "lang"
    in_reply_to: str | None = "in_reply_to"
    reply_to: str | None = "reply_to"
    quote_of: str | None = "quote_of"
    mentions: str | None = "mentions"
    default_platform: str = "file"
    mentions_from_text: bool = True


_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("body", "content", "full_text", "message"),
    "message_id": ("id", "tweet_id", "post_id", "uri"),
    "created_at": ("timestamp", "date", "created", "createdAt", "time"),
    "author": ("author", "user_id", "user", "username", "author_name"),
    "conversation_id": ("thread_id",),
    "lang": ("language",),
    "in_reply_to": ("in_reply_to_id", "parent_id"),
    "reply_to": ("replied_user", "in_reply_to_screen_name"),
    "quote_of": ("quoted_user",),
}


_REQUIRED = ("text", "message_id", "created_at", "author")

# the ``hatewatch import`` option that names each required column
_OPTION = {
    "text": "--text-column",
    "message_id": "--id-column",
    "created_at": "--created-column",
    "author": "--author-column",
}


def _resolve(
    mapping: ColumnMapping, header: list[str], *, open_ended: bool = False
) -> tuple[dict[str, str | None], dict[str, tuple[str, ...]]]:
    """Map each field to a column of ``header`` (None: not read).

    With ``open_ended`` (JSON lines, whose keys may first appear anywhere)
    an optional column absent from ``header`` is still read, and a field
    left at its default name also reads the other common names of the
    column, returned as ``alternates`` (field -> names tried in order where
    the first column is empty).
    """
    default = ColumnMapping()
    present = set(header)
    out: dict[str, str | None] = {}
    for f in fields(ColumnMapping):
        if f.name in ("default_platform", "mentions_from_text"):
            continue
        col = getattr(mapping, f.name)
        if col is None:
            out[f.name] = None
            continue
        if col not in present and col == getattr(default, f.name):
            col = next((a for a in _ALIASES.get(f.name, ()) if a in present), col)
        if col not in present and f.name not in _REQUIRED and not open_ended:
            col = None
        out[f.name] = col
    alternates: dict[str, tuple[str, ...]] = {}
    if open_ended:
        used = {c for c in out.values() if c}
        for name, col in out.items():
            if col is None or name in _REQUIRED:
                continue
            default_col = getattr(default, name)
            if getattr(mapping, name) != default_col:
                continue  # a column the user named: only that one
            names = (default_col, *_ALIASES.get(name, ()))
            alternates[name] = (col, *(n for n in names if n not in used))
    return out, alternates


def _peek_header(path: Path, fmt: str, encoding: str = "utf-8") -> list[str]:
    """Column names: the CSV header or the keys of the first JSON objects."""
    if fmt in ("csv", "tsv"):
        from hatewatch.io import csv_rows

        rows = csv_rows(
            path, "\t" if fmt == "tsv" else ",", None, (), lambda b: None, 1, encoding
        )
        try:
            return next(rows)
        finally:
            rows.close()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    keys: dict[str, None] = {}
    for line_no, obj in _json_lines(path, lambda bad: None, encoding):
        keys.update(dict.fromkeys(obj))
        if line_no >= 200:
            break
    return list(keys)


def _generic_rows(
    path: Path,
    mapping: ColumnMapping,
    report: Callable[[BadRow], None],
    batch_size: int,
    encoding: str = "utf-8",
) -> Iterator[_Rows | _Columns]:
    spath = str(path)
    kind = _table_kind(path)
    header = _peek_header(path, kind, encoding)
    cols, alternates = _resolve(mapping, header, open_ended=kind == "jsonl")
    if header:
        for name in _REQUIRED:
            if cols[name] not in header:
                raise DataError(
                    f"no column {cols[name]!r} for the message {name.replace('_', ' ')}"
                    f"; the file has {', '.join(map(repr, header))}. "
                    f"Name the column with {_OPTION[name]}",
                    path=spath,
                    line=1,
                    field=cols[name],
                )
    default_platform = _platform(mapping.default_platform, "file")
    if kind in ("csv", "tsv"):
        yield from _csv_fast(
            path, kind, cols, default_platform, report, batch_size, encoding
        )
    elif kind == "parquet":
        source = _table_records(path, [c for c in cols.values() if c], report)
        yield from _records_to_rows(
            source, cols, default_platform, spath, report, batch_size
        )
    else:
        yield from _jsonl_fast(
            path, cols, alternates, default_platform, report, batch_size, encoding
        )


def _first_of(names: Sequence[str]) -> Callable[[Callable[[str], Any]], Any]:
    """A getter of the first non-empty value among the columns ``names``."""
    if len(names) == 1:
        only = names[0]
        return lambda get: get(only)

    def first(get: Callable[[str], Any]) -> Any:
        for name in names:
            value = get(name)
            if value is not None and value != "":
                return value
        return None

    return first


def _records_to_rows(
    source: Iterable[tuple[int, dict[str, Any]]],
    cols: dict[str, str | None],
    default_platform: str,
    spath: str,
    report: Callable[[BadRow], None],
    batch_size: int,
    alternates: dict[str, tuple[str, ...]] | None = None,
) -> Iterator[_Rows]:
    """Validate ``(line, record)`` pairs of a generic table into row buffers."""
    # required columns are always resolved to a name (see _resolve)
    c_text, c_id = str(cols["text"]), str(cols["message_id"])
    c_created, c_author = str(cols["created_at"]), str(cols["author"])
    alternates = alternates or {}
    optional = {}
    for name in (
        "platform",
        "conversation_id",
        "lang",
        "in_reply_to",
        "reply_to",
        "quote_of",
        "mentions",
    ):
        col = cols[name]
        names = alternates.get(name) or ((col,) if col else ())
        optional[name] = _first_of(names) if names else None
    c_platform = cols["platform"]
    g_platform, g_conv = optional["platform"], optional["conversation_id"]
    g_lang, g_irt = optional["lang"], optional["in_reply_to"]
    g_reply, g_quote = optional["reply_to"], optional["quote_of"]
    g_mentions = optional["mentions"]
    rows = _Rows(c_created or "created_at")
    add = rows.add
    for line_no, obj in source:
        get = obj.get
        mid = _str(get(c_id))
        if mid is None:
            report(BadRow(spath, line_no, c_id, "missing message id"))
            continue
        text = get(c_text)
        if not isinstance(text, str) or not text.strip():
            if text is None:
                reason = "missing text"
            elif isinstance(text, str):
                reason = "empty text"
            else:
                reason = f"text is a {type(text).__name__}, not a string"
            report(BadRow(spath, line_no, c_text, reason))
            continue
        author = _str(get(c_author))
        if author is None:
            report(BadRow(spath, line_no, c_author, "missing author"))
            continue
        created = get(c_created)
        if created is None or created == "":
            report(BadRow(spath, line_no, c_created, "missing timestamp"))
            continue
        platform = (
            _platform(g_platform(get), default_platform)
            if g_platform
            else default_platform
        )
        if platform not in PLATFORMS:
            report(
                BadRow(
                    spath,
                    line_no,
                    c_platform,
                    f"unknown platform {platform!r}; expected one of "
                    f"{', '.join(PLATFORMS)}",
                )
            )
            continue
        recipients: list[tuple[str, str]] = []
        if g_reply:
            recipients += [("reply", h) for h in _handles(g_reply(get))]
        if g_quote:
            recipients += [("quote", h) for h in _handles(g_quote(get))]
        if g_mentions:
            recipients += [("mention", h) for h in _handles(g_mentions(get))]
        add(
            line_no,
            platform,
            mid,
            created,
            author,
            text,
            _str(g_conv(get)) if g_conv else None,
            _str(g_lang(get)) if g_lang else None,
            _str(g_irt(get)) if g_irt else None,
            None,
            recipients,
        )
        if len(rows) >= batch_size:
            yield rows
            rows = _Rows(c_created or "created_at")
            add = rows.add
    if len(rows):
        yield rows


#: Parse generic JSON lines with Arrow (tests switch it off to compare paths).
_ARROW_JSON = True


def _jsonl_fast(
    path: Path,
    cols: dict[str, str | None],
    alternates: dict[str, tuple[str, ...]],
    default_platform: str,
    report: Callable[[BadRow], None],
    batch_size: int,
    encoding: str = "utf-8",
) -> Iterator[_Rows | _Columns]:
    """Read generic JSON lines a block at a time with Arrow's JSON parser.

    A block Arrow cannot read exactly as declared (a malformed line, a number
    where a string belongs, a list, a duplicate key, a BOM, bytes that do not
    decode, an escaped surrogate) goes through ``json.loads`` line by line
    instead, which reports each bad line. Both paths accept and reject the
    same lines.
    """
    import itertools

    import numpy as np
    import pyarrow as pa
    import pyarrow.json as pj

    spath = str(path)
    names = [c for c in cols.values() if c]
    names += [c for alt in alternates.values() for c in alt]
    names = list(dict.fromkeys(names))
    schema = pa.schema([(c, pa.string()) for c in names])
    parse_options = pj.ParseOptions(
        explicit_schema=schema, unexpected_field_behavior="ignore"
    )
    read_options = pj.ReadOptions(block_size=1 << 22)
    line_no = 0
    with _open_binary(path) as fh:
        while True:
            lines = list(itertools.islice(fh, batch_size))
            if not lines:
                return
            first = line_no + 1
            line_no += len(lines)
            if not lines[-1].endswith(b"\n"):
                lines[-1] = lines[-1] + b"\n"
            data = b"".join(lines)
            if data.startswith(b"\n") or b"\n\n" in data or b"\n\r\n" in data:
                numbers: Sequence[int] = [
                    first + i for i, r in enumerate(lines) if not r.isspace()
                ]
                lines = [raw for raw in lines if not raw.isspace()]
                if not lines:
                    continue
                data = b"".join(lines)
            else:
                # lines of spaces only make Arrow's row count differ: handled
                # by the per-line fallback below
                numbers = range(first, first + len(lines))
            try:
                if not _ARROW_JSON:
                    raise ValueError("Arrow JSON parsing switched off")
                # Arrow checks neither the encoding nor escaped surrogates
                if encoding == "utf-8":
                    data.decode("utf-8")  # raises on a bad byte anywhere
                else:
                    data = data.decode(encoding).encode("utf-8")
                if b"\\ud" in data or b"\\uD" in data:
                    raise ValueError("maybe a lone surrogate: checked per line")
                table = pj.read_json(
                    pa.BufferReader(data),
                    read_options=read_options,
                    parse_options=parse_options,
                )
                if table.num_rows != len(lines):
                    raise ValueError("row count differs from line count")
            except (pa.ArrowException, ValueError):
                records = _parse_lines(
                    zip(numbers, lines, strict=True), spath, report, encoding
                )
                yield from _records_to_rows(
                    records,
                    cols,
                    default_platform,
                    spath,
                    report,
                    len(lines) + 1,
                    alternates,
                )
                continue
            block = _arrow_block(
                table,
                np.asarray(numbers),
                cols,
                default_platform,
                spath,
                report,
                alternates,
            )
            if block is not None:
                yield block


#: Parse CSV with Arrow while the file allows (tests switch it off).
_ARROW_CSV = True

_CSV_BLOCK = 1 << 23


def _arrow_csv_blocks(
    path: Path,
    delimiter: str,
    names: list[str],
    encoding: str,
    resume: list[Any],
) -> Iterator[tuple[pa.Table, int]]:
    """``(table, first line)`` blocks of a CSV file parsed by Arrow.

    Arrow is used while every block is plain: it decodes, each row has the
    header's field count and each row is one physical line (so line numbers
    are exact). At the first block that is not, ``resume`` gets ``[byte
    offset, lines before it, header]`` and the generator stops; the csv
    module reads the rest and reports what is wrong. ``resume`` stays empty
    when Arrow read the whole file.
    """
    import csv

    import pyarrow as pa
    import pyarrow.csv as pcsv

    with _open_binary(path) as fh:
        first = fh.readline()
        raw = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            text = '"'  # not plain: the csv module reports it
        if not _ARROW_CSV or text.count('"') % 2 or not text.strip():
            resume.extend([0, 0, None])
            return
        header = [h.strip() for h in next(csv.reader([text], delimiter=delimiter))]
        if len(set(header)) != len(header) or not set(names) <= set(header):
            resume.extend([0, 0, None])
            return
        invalid: list[Any] = []
        read_options = pcsv.ReadOptions(column_names=header)
        parse_options = pcsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=lambda row: invalid.append(row) or "skip",
        )
        convert_options = pcsv.ConvertOptions(
            include_columns=names,
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,  # decoded below
        )
        offset, line = len(first), 1
        while True:
            block = fh.read(_CSV_BLOCK)
            if not block:
                return
            if not block.endswith(b"\n"):
                block += fh.readline()
            # one pass for the line count and blank lines (the encoding is
            # ASCII-compatible: its line breaks are those of the bytes)
            lines = block.splitlines()
            if b"" in lines and (
                block.startswith((b"\n", b"\r"))
                or any(blank in block for blank in (b"\n\n", b"\n\r\n", b"\r\r"))
            ):
                # blank lines: Arrow makes rows of them, the csv module skips
                resume.extend([offset, line, header])
                return
            n_lines = len(lines)
            del lines
            try:
                decoded = block.decode(encoding)
                table = pcsv.read_csv(
                    pa.BufferReader(
                        block if encoding == "utf-8" else decoded.encode("utf-8")
                    ),
                    read_options=read_options,
                    parse_options=parse_options,
                    convert_options=convert_options,
                )
            except (UnicodeDecodeError, pa.ArrowException):
                resume.extend([offset, line, header])
                return
            if invalid or table.num_rows != n_lines:
                resume.extend([offset, line, header])
                return
            yield table, line + 1
            offset += len(block)
            line += n_lines


def _csv_fast(
    path: Path,
    kind: str,
    cols: dict[str, str | None],
    default_platform: str,
    report: Callable[[BadRow], None],
    batch_size: int,
    encoding: str = "utf-8",
) -> Iterator[_Columns]:
    """Read a CSV/TSV file in blocks of rows, validated in Arrow.

    Arrow parses the file while it is plain (:func:`_arrow_csv_blocks`);
    from the first block that is not, :func:`hatewatch.io.csv_rows` reads on
    and reports rows with a wrong field count or bytes that do not decode.
    Either way the rows are checked like JSON lines (:func:`_arrow_block`).
    """
    import numpy as np
    import pyarrow as pa

    from hatewatch.io import csv_rows

    spath = str(path)
    delimiter = "\t" if kind == "tsv" else ","
    names = list(dict.fromkeys(c for c in cols.values() if c))
    resume: list[Any] = []
    # Arrow's blocks (8 MiB) are gathered into batches of batch_size rows: a
    # store writes a big batch straight to its file, a small one via its log
    tables: list[pa.Table] = []
    numbers: list[Any] = []
    held = 0

    def checked(table: pa.Table, lines: Any) -> Iterator[_Columns]:
        block = _arrow_block(table, lines, cols, default_platform, spath, report)
        if block is not None:
            yield block

    for table, first_line in _arrow_csv_blocks(
        path, delimiter, names, encoding, resume
    ):
        tables.append(table)
        numbers.append(np.arange(first_line, first_line + table.num_rows))
        held += table.num_rows
        if held < batch_size:
            continue
        whole, lines = pa.concat_tables(tables), np.concatenate(numbers)
        cut = held - held % batch_size
        for start in range(0, cut, batch_size):
            yield from checked(
                whole.slice(start, batch_size), lines[start : start + batch_size]
            )
        tables, numbers, held = [whole.slice(cut)], [lines[cut:]], held - cut
    if held:
        yield from checked(pa.concat_tables(tables), np.concatenate(numbers))
    if not resume:
        return
    offset, before, header = resume
    # all columns: picking the needed ones after the transpose is cheaper
    rows = csv_rows(
        path,
        delimiter,
        None,
        (),
        report,
        batch_size,
        encoding,
        resume=(offset, before, header) if header is not None else None,
    )
    header = next(rows)
    where = [header.index(name) for name in names]
    s = pa.string()
    pick = operator.itemgetter(*where) if len(where) > 1 else None
    for item in rows:
        if pick is None:
            columns = [[r[where[0]] for r in item.records]]
        else:
            columns = list(zip(*map(pick, item.records), strict=True))
        arrays = [pa.array(values, s) for values in columns]
        table = pa.Table.from_arrays(arrays, names=names)
        block = _arrow_block(
            table, np.asarray(item.lines), cols, default_platform, spath, report
        )
        if block is not None:
            yield block


def _arrow_block(
    table: pa.Table,
    numbers: Any,
    cols: dict[str, str | None],
    default_platform: str,
    spath: str,
    report: Callable[[BadRow], None],
    alternates: dict[str, tuple[str, ...]] | None = None,
) -> _Columns | None:
    """Validate one Arrow block like :func:`_records_to_rows` does per line."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    alternates = alternates or {}

    def col(field: str) -> pa.Array:
        name = cols[field]
        if not name:
            return pa.nulls(n, pa.string())
        first = table.column(name).combine_chunks()
        others = [
            arr
            for arr in (
                table.column(c).combine_chunks() for c in alternates.get(field, ())[1:]
            )
            if arr.null_count < len(arr)
        ]
        if not others:
            return first  # an empty value downstream is as good as a null
        # the first non-empty of the column's names, as _first_of does
        null = pa.scalar(None, pa.string())
        arrs = [pc.if_else(pc.equal(a, ""), null, a) for a in (first, *others)]
        return pc.coalesce(*arrs)

    def blank(arr: pa.Array) -> Any:
        empty = pc.equal(pc.utf8_trim_whitespace(arr), "")
        return (
            pc.or_kleene(pc.is_null(arr), empty)
            .fill_null(True)
            .to_numpy(zero_copy_only=False)
        )

    ids, text, author, created = (
        col("message_id"),
        col("text"),
        col("author"),
        col("created_at"),
    )
    # each distinct platform value (null included) is mapped once
    raw_platform = col("platform").dictionary_encode(null_encoding="encode")
    platform = pa.array(
        [_platform(v, default_platform) for v in raw_platform.dictionary.to_pylist()],
        pa.string(),
    ).take(raw_platform.indices)
    checks = [
        (blank(ids), cols["message_id"], lambda i: "missing message id"),
        (
            blank(text),
            cols["text"],
            lambda i: "missing text" if not text[i].is_valid else "empty text",
        ),
        (blank(author), cols["author"], lambda i: "missing author"),
        (
            pc.or_kleene(pc.is_null(created), pc.equal(created, ""))
            .fill_null(True)
            .to_numpy(zero_copy_only=False),
            cols["created_at"],
            lambda i: "missing timestamp",
        ),
        (
            ~pc.is_in(platform, value_set=pa.array(PLATFORMS, pa.string()))
            .fill_null(False)
            .to_numpy(zero_copy_only=False),
            cols["platform"],
            lambda i: (
                f"unknown platform {platform[i].as_py()!r}; expected one of "
                f"{', '.join(PLATFORMS)}"
            ),
        ),
    ]
    bad = np.zeros(n, dtype=bool)
    for mask, _, _ in checks:
        bad |= mask
    for i in np.flatnonzero(bad).tolist():
        for mask, field_name, reason in checks:
            if mask[i]:
                report(BadRow(spath, int(numbers[i]), field_name, reason(i)))
                break
    if bad.all():
        return None
    keep = None
    if bad.any():
        keep = pa.array(~bad)
        numbers = numbers[~bad]

    def kept(arr: pa.Array) -> pa.Array:
        return arr if keep is None else arr.filter(keep)

    def optional(field: str) -> pa.Array:
        arr = kept(col(field))
        empty = pc.equal(pc.utf8_trim_whitespace(arr), "")
        return pc.if_else(empty.fill_null(False), pa.scalar(None, pa.string()), arr)

    # recipients stay in Arrow: per relation, the cells with one plain handle
    # (the rule), then the handles of cells listing several, split in Python
    r_row: list[Any] = []
    r_relation: list[pa.Array] = []
    r_handle: list[pa.Array] = []
    s = pa.string()
    for name, relation in (
        ("reply_to", "reply"),
        ("quote_of", "quote"),
        ("mentions", "mention"),
    ):
        if not cols[name]:
            continue
        arr = pc.utf8_trim_whitespace(kept(col(name)))
        several = pc.match_substring_regex(arr, r"[,;\s]").fill_null(False)
        single = pc.and_(
            pc.invert(several), pc.not_equal(pc.utf8_trim(arr, "@ "), "")
        ).fill_null(False)
        rows = np.flatnonzero(single.to_numpy(zero_copy_only=False))
        more_rows: list[int] = []
        more: list[str] = []
        for row in np.flatnonzero(several.to_numpy(zero_copy_only=False)).tolist():
            for handle in _handles(arr[row].as_py()):
                more_rows.append(row)
                more.append(handle)
        r_row += [rows, np.asarray(more_rows, dtype=np.int64)]
        r_handle += [arr.filter(single), pa.array(more, s)]
        r_relation.append(pa.repeat(pa.scalar(relation, s), len(rows) + len(more)))
    return _Columns(
        cols["created_at"] or "created_at",
        line=numbers,
        platform=kept(platform),
        message_id=kept(ids),
        created_at=kept(created),
        author=kept(author),
        text=kept(text),
        conversation_id=optional("conversation_id"),
        lang=optional("lang"),
        in_reply_to=optional("in_reply_to"),
        r_row=np.concatenate(r_row) if r_row else np.zeros(0, dtype=np.int64),
        r_relation=pa.concat_arrays(r_relation) if r_relation else pa.array([], s),
        r_handle=pa.concat_arrays(r_handle) if r_handle else pa.array([], s),
    )


def _table_records(
    path: Path, columns: list[str], report: Callable[[BadRow], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """CSV/TSV/Parquet rows as ``(line, dict)`` via :mod:`hatewatch.io`."""
    from hatewatch.io import read_table_chunks

    columns = list(dict.fromkeys(columns))
    for chunk in read_table_chunks(
        path, columns=columns, required=(), on_error=report, chunk_size=20_000
    ):
        frame = chunk.frame
        data = {c: frame[c].tolist() for c in frame.columns}
        for i, line in enumerate(chunk.line_numbers.tolist()):
            yield line, {c: v[i] for c, v in data.items()}
