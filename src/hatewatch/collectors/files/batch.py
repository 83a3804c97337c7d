"""Shared pieces of every importer: field helpers, row buffers and the
builder that turns raw columns into a validated, pseudonymised :class:`Batch`."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.io import BadRow

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from hatewatch.records import Message


_RANK = {"reply": 0, "quote": 1, "mention": 2}

#: ``@handle`` in message text, per platform. The look-behind after the ``@``
#: keeps e-mail addresses and ``@@`` out; starting with a literal ``@`` lets
#: the regex engine skip ahead to candidates (several times faster).
_MENTION_RE: dict[str, re.Pattern[str]] = {
    "twitter": re.compile(r"@(?<![\w@]@)(\w{1,15})(?!\w)"),
    "bluesky": re.compile(
        r"@(?<![\w@]@)((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9])",
        re.IGNORECASE,
    ),
    "mastodon": re.compile(r"@(?<![\w@]@)(\w+(?:@[\w-]+(?:\.[\w-]+)+)?)"),
}
_DEFAULT_MENTION_RE = re.compile(r"@(?<![\w@/]@)([\w][\w.-]*\w|\w)")

_PLATFORM_ALIASES = {
    "x": "twitter",
    "x.com": "twitter",
    "twitter.com": "twitter",
    "tweet": "twitter",
    "bsky": "bluesky",
    "bsky.app": "bluesky",
    "bsky.social": "bluesky",
}


def _platform(value: Any, default: str) -> str:
    if value is None or value == "":
        return default
    p = str(value).strip().lower()
    return _PLATFORM_ALIASES.get(p, p)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float):
        if value != value:  # NaN from a CSV/Parquet null
            return None
        if value.is_integer():
            return str(int(value))
    return str(value)


def _handles(value: Any) -> list[str]:
    """Handles from a list or a comma/space separated string."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v]
    else:
        if isinstance(value, float) and value != value:
            return []
        items = re.split(r"[,\s;]+", str(value))
    return [h.strip().lstrip("@").lower() for h in items if h and h.strip("@ ")]


# --------------------------------------------------------------------------
# row buffer and columnar batch building
# --------------------------------------------------------------------------


_ROW_FIELDS = (
    "line",
    "platform",
    "message_id",
    "created_at",
    "author",
    "text",
    "conversation_id",
    "lang",
    "in_reply_to",
    "retrieved_at",
)


class _Rows:
    """Raw (not yet validated or pseudonymised) messages, one tuple each.

    Readers append a tuple per message (cheaper than one append per field);
    the builder reads the columns (``rows.text``, ...), transposed once.
    """

    __slots__ = ("records", "r_row", "r_relation", "r_handle", "created_field", "_cols")

    def __init__(self, created_field: str = "created_at") -> None:
        self.records: list[tuple[Any, ...]] = []
        self.r_row: list[int] = []
        self.r_relation: list[str] = []
        self.r_handle: list[str] = []
        # the input field named when a timestamp cannot be read
        self.created_field = created_field
        self._cols: dict[str, list[Any]] | None = None

    def __len__(self) -> int:
        return len(self.records)

    def add(
        self,
        line: int,
        platform: str,
        message_id: str,
        created_at: Any,
        author: str,
        text: str,
        conversation_id: str | None = None,
        lang: str | None = None,
        in_reply_to: str | None = None,
        retrieved_at: Any = None,
        recipients: list[tuple[str, str]] | None = None,
    ) -> None:
        row = len(self.records)
        self.records.append(
            (
                line,
                platform,
                message_id,
                created_at,
                author,
                text,
                conversation_id,
                lang,
                in_reply_to,
                retrieved_at,
            )
        )
        if recipients:
            for relation, handle in recipients:
                self.r_row.append(row)
                self.r_relation.append(relation)
                self.r_handle.append(handle)

    def __getattr__(self, name: str) -> list[Any]:
        # the column lists, made from the records at first use
        if name not in _ROW_FIELDS:
            raise AttributeError(name)
        if self._cols is None:
            columns = zip(*self.records, strict=True) if self.records else ()
            self._cols = dict(zip(_ROW_FIELDS, map(list, columns), strict=False))
        return self._cols.get(name, [])


@dataclass
class Batch:
    """A block of imported messages in columnar form.

    Attributes
    ----------
    messages : pyarrow.Table
        Columns :data:`hatewatch.store.MESSAGE_COLUMNS`; authors already
        pseudonymised, timestamps naive UTC.
    recipients : pyarrow.Table
        Columns :data:`hatewatch.store.RECIPIENT_COLUMNS` (handles, lower case).
    """

    messages: pa.Table
    recipients: pa.Table
    #: For each recipient row, the position of its message in ``messages``.
    recipient_rows: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.messages.num_rows)

    def to_messages(self) -> Iterator[Message]:
        """Yield the batch as :class:`~hatewatch.records.Message` records."""
        from hatewatch.records import Message, Recipient

        best: dict[tuple[int, str], str] = {}
        for pos, r in zip(
            self.recipient_rows, self.recipients.to_pylist(), strict=True
        ):
            key = (pos, r["handle"])
            old = best.get(key)
            if old is None or _RANK[r["relation"]] < _RANK[old]:
                best[key] = r["relation"]
        recipients: dict[int, list[Recipient]] = {}
        for (pos, handle), relation in best.items():
            recipients.setdefault(pos, []).append(Recipient(relation, handle=handle))
        for pos, m in enumerate(self.messages.to_pylist()):
            yield Message(
                platform=m["platform"],
                message_id=m["message_id"],
                created_at=m["created_at"].replace(tzinfo=UTC),
                author_id=m["author_id"],
                text=m["text"],
                recipients=recipients.get(pos, []),
                conversation_id=m["conversation_id"],
                lang=m["lang"],
                in_reply_to=m["in_reply_to"],
                collector=m["collector"],
                collector_version=m["collector_version"],
                query=m["query"],
                retrieved_at=m["retrieved_at"].replace(tzinfo=UTC),
            )


#: Timestamps outside this range are bad values, not messages: they would
#: overflow Python's datetime (year 0) or come from a broken clock.
_EARLIEST = "1990-01-01"
_LATEST = "2200-01-01"


def _parse_times(values: Any) -> tuple[Any, list[int]]:
    """Parse timestamps to naive-UTC ``datetime64[us]``; return bad positions.

    Accepts ISO 8601 (``Z`` or an offset; naive means UTC), the X v1 format
    (``Wed Oct 10 20:19:24 +0000 2018``) and Unix epochs in seconds or
    milliseconds (numbers or digit strings), from 1990 to 2199.
    """
    import numpy as np

    out, bad = _parse_times_any(values)
    outside = (out < np.datetime64(_EARLIEST)) | (out >= np.datetime64(_LATEST))
    if outside.any():
        out[outside] = np.datetime64("NaT")
        bad = sorted(set(bad) | {int(i) for i in np.flatnonzero(outside)})
    return out, bad


def _parse_times_any(values: Any) -> tuple[Any, list[int]]:
    """:func:`_parse_times` without the range check."""
    import numpy as np
    import pandas as pd

    all_iso_like = False
    if hasattr(values, "to_pylist"):
        import pyarrow as pa
        import pyarrow.compute as pc

        all_iso_like = (
            pa.types.is_string(values.type)
            and values.null_count == 0
            and not pc.any(pc.utf8_is_digit(values)).as_py()
        )
        values = values.to_pylist()
    else:
        all_iso_like = all(type(v) is str and not v.isdigit() for v in values)
    if values and all_iso_like:
        # the common case, all ISO strings: one vectorised parse
        parsed = pd.to_datetime(
            pd.Series(values, dtype=object), utc=True, format="ISO8601", errors="coerce"
        )
        out = parsed.dt.tz_convert(None).to_numpy().astype("datetime64[us]")
        rest = np.flatnonzero(np.isnat(out))
        if len(rest) == 0:
            return out, []
        sub, bad_sub = _parse_times_slow([values[i] for i in rest])
        out[rest] = sub
        return out, [int(rest[i]) for i in bad_sub]
    return _parse_times_slow(values)


def _parse_times_slow(values: list[Any]) -> tuple[Any, list[int]]:
    """:func:`_parse_times` for mixed input: strings, numbers, datetimes."""
    import numpy as np
    import pandas as pd

    n = len(values)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if n == 0:
        return out, []
    str_pos: list[int] = []
    str_val: list[str] = []
    num_pos: list[int] = []
    num_val: list[float] = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            s = v.strip()
            if s.isdigit() and len(s) >= 9:
                num_pos.append(i)
                num_val.append(float(s))
            else:
                str_pos.append(i)
                str_val.append(s)
        elif isinstance(v, int | float) and not isinstance(v, bool) and v == v:
            num_pos.append(i)
            num_val.append(float(v))
        elif isinstance(v, datetime):
            str_pos.append(i)
            str_val.append(v.isoformat())
    if str_pos:
        parsed = pd.to_datetime(
            pd.Series(str_val, dtype=object),
            utc=True,
            format="ISO8601",
            errors="coerce",
        )
        missing = parsed.isna().to_numpy()
        if missing.any():
            retry = pd.to_datetime(
                pd.Series(str_val, dtype=object)[missing],
                utc=True,
                format="%a %b %d %H:%M:%S %z %Y",
                errors="coerce",
            )
            parsed[missing] = retry
        out[np.asarray(str_pos)] = (
            parsed.dt.tz_convert(None).to_numpy().astype("datetime64[us]")
        )
    if num_pos:
        arr = np.asarray(num_val)
        # values past year 5138 in seconds are taken as milliseconds
        ms = arr > 1e11
        micros = np.where(ms, arr * 1_000, arr * 1_000_000)
        ok = np.isfinite(micros) & (np.abs(micros) < 2**62)
        vals = np.where(ok, micros, 0).astype("int64").astype("datetime64[us]")
        vals[~ok] = np.datetime64("NaT")
        out[np.asarray(num_pos)] = vals
    bad = np.flatnonzero(np.isnat(out)).tolist()
    return out, bad


def _as_strings(values: Any) -> pa.Array:
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    return pa.array(values, pa.string())


class _Builder:
    """Turns raw columns (:class:`_Rows` or :class:`_Columns`) into a Batch."""

    def __init__(
        self,
        path: Path,
        *,
        collector: str,
        report: Callable[[BadRow], None],
        text_mentions: bool,
    ) -> None:
        from hatewatch import __version__
        from hatewatch.privacy import Pseudonymiser

        self.path = str(path)
        self.query = path.name
        self.collector = collector
        self.version = __version__
        self.report = report
        self.text_mentions = text_mentions
        self.pseudonymise = Pseudonymiser()
        self.imported_at = datetime.now(UTC).replace(tzinfo=None)

    def _pseudonyms(self, platforms: pa.Array, authors: pa.Array) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        # hash each distinct "platform:author" (the HMAC message) once
        keys = pc.binary_join_element_wise(platforms, authors, ":")
        encoded = keys.dictionary_encode()
        uniques = self.pseudonymise.many(encoded.dictionary.to_pylist())
        return pa.array(uniques, pa.string()).take(encoded.indices)

    def _uri_pseudonyms(self, platforms: pa.Array, values: pa.Array) -> pa.Array:
        """Post URIs with their author part pseudonymised (ids otherwise kept)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from hatewatch.privacy import pseudonymise_uri

        if len(values) == 0 or values.null_count == len(values):
            return values
        is_uri = pc.fill_null(pc.starts_with(values, "at://"), False)
        is_uri = pc.or_(is_uri, pc.fill_null(pc.starts_with(values, "http"), False))
        positions = np.flatnonzero(is_uri.to_numpy(zero_copy_only=False))
        if len(positions) == 0:
            return values
        out = values.to_pylist()
        plats = platforms.to_pylist()
        for i in positions:
            author_pseudonym = functools.partial(self.pseudonymise, platform=plats[i])
            out[i] = pseudonymise_uri(out[i], author_pseudonym)
        return pa.array(out, pa.string())

    def build(self, rows: _Rows | _Columns) -> Batch:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(rows)
        lines = rows.line
        created, bad = _parse_times(rows.created_at)
        keep = np.ones(n, dtype=bool)
        for i in bad:
            value = rows.created_at[i]
            if isinstance(value, pa.Scalar):
                value = value.as_py()
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            self.report(
                BadRow(
                    self.path,
                    int(lines[i]),
                    rows.created_field,
                    f"cannot read timestamp {shown}",
                )
            )
            keep[i] = False
        idx = np.flatnonzero(keep)
        all_kept = len(idx) == n
        take = pa.array(idx)

        def pick(values: Any) -> pa.Array:
            arr = _as_strings(values)
            return arr if all_kept else arr.take(take)

        platforms = pick(rows.platform)
        ids = self._uri_pseudonyms(platforms, pick(rows.message_id))
        text_arr = pick(rows.text)
        if rows.retrieved_at is None or not any(
            v is not None for v in rows.retrieved_at
        ):
            retrieved = np.full(len(idx), np.datetime64(self.imported_at, "us"))
        else:
            retrieved, _ = _parse_times(
                [v if v is not None else "" for v in rows.retrieved_at]
            )
            retrieved[np.isnat(retrieved)] = np.datetime64(self.imported_at, "us")
            retrieved = retrieved[idx]

        # recipients given by the reader, re-pointed to the kept rows
        new_pos = np.full(n, -1, dtype=np.int64)
        new_pos[idx] = np.arange(len(idx))
        r_pos = new_pos[np.asarray(rows.r_row, dtype=np.int64)]
        r_ok = r_pos >= 0
        r_pos_list = r_pos[r_ok].tolist()
        r_rel = _as_strings(rows.r_relation).filter(pa.array(r_ok))
        r_handle = _as_strings(rows.r_handle).filter(pa.array(r_ok))
        if self.text_mentions:
            texts = text_arr.to_pylist()
            uniq = pc.unique(platforms).to_pylist()
            m_pos: list[int] = []
            m_handle: list[str] = []
            if len(uniq) == 1:
                findall = _MENTION_RE.get(uniq[0], _DEFAULT_MENTION_RE).findall
                found = [findall(text) for text in texts]
            else:
                found = [
                    _MENTION_RE.get(p, _DEFAULT_MENTION_RE).findall(text)
                    for text, p in zip(texts, platforms.to_pylist(), strict=True)
                ]
            m_pos = [pos for pos, hs in enumerate(found) for _ in hs]
            m_handle = [h for hs in found for h in hs]
            r_pos_list += m_pos
            r_rel = pa.concat_arrays(
                [
                    r_rel.cast(pa.string()),
                    pa.array(["mention"] * len(m_pos), pa.string()),
                ]
            )
            r_handle = pa.concat_arrays(
                [r_handle.cast(pa.string()), pa.array(m_handle, pa.string())]
            )
        r_take = pa.array(r_pos_list, pa.int64())
        r_handle = pc.utf8_lower(pc.utf8_ltrim(r_handle, characters="@"))
        s = pa.string()
        ts = pa.timestamp("us")
        k = len(idx)
        messages = pa.table(
            {
                "platform": platforms,
                "message_id": ids,
                "conversation_id": self._uri_pseudonyms(
                    platforms, pick(rows.conversation_id)
                ),
                "created_at": pa.array(created[idx], ts),
                "author_id": self._pseudonyms(platforms, pick(rows.author)),
                "text": text_arr,
                "lang": pick(rows.lang),
                "in_reply_to": self._uri_pseudonyms(platforms, pick(rows.in_reply_to)),
                "collector": pa.array([self.collector] * k, s),
                "collector_version": pa.array([self.version] * k, s),
                "query": pa.array([self.query] * k, s),
                "retrieved_at": pa.array(retrieved, ts),
            }
        )
        recipients = pa.table(
            {
                "platform": platforms.take(r_take),
                "message_id": ids.take(r_take),
                "relation": r_rel,
                "handle": r_handle,
                "politician_id": pa.nulls(len(r_pos_list), s),
            }
        )
        return Batch(messages, recipients, r_pos_list)


class _Columns:
    """Raw columns of one block as Arrow arrays (the JSON lines fast path)."""

    line: Any
    platform: Any
    message_id: Any
    created_at: Any
    author: Any
    text: Any
    conversation_id: Any
    lang: Any
    in_reply_to: Any
    retrieved_at: Any
    r_row: Any  # positions (numpy int64)
    r_relation: pa.Array
    r_handle: pa.Array

    def __init__(self, created_field: str, **columns: Any) -> None:
        self.created_field = created_field
        self.retrieved_at = None
        for name, value in columns.items():
            setattr(self, name, value)

    def __len__(self) -> int:
        return len(self.line)
