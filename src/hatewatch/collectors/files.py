"""Importers for messages other tools already collected.

Three formats are read:

* **twarc2 JSONL** (:func:`read_twarc2`): one X/Twitter API v2 response page
  per line (``{"data": [...], "includes": {...}, "__twarc": {...}}``), or the
  one-tweet-per-line output of ``twarc2 flatten``.
* **4CAT / Zeeschuimer** (:func:`read_4cat`): Zeeschuimer NDJSON (one captured
  item per line, ``{"id", "source_platform", "timestamp_collected", "data"}``
  with the platform's own object in ``data``; X and Bluesky are understood),
  and 4CAT's own flat CSV/NDJSON export (``id, thread_id, author, body,
  timestamp, ...``).
* **Generic CSV/TSV/JSONL/Parquet** (:func:`read_table`) with a
  :class:`ColumnMapping`.

Every importer reads lazily in batches, reports each malformed line (file,
line number, field) and skips it, and pseudonymises authors with
:mod:`hatewatch.privacy` as it reads, so raw author ids never leave this
module. Recipients are platform handles: ``@mentions`` (from the platform's
entities where the format has them, else from the text), the handle replied
to and the handle quoted. :func:`import_file` streams a file into a
:class:`~hatewatch.store.Store` through a columnar fast path.

Examples
--------
>>> from hatewatch import Store
>>> from hatewatch.collectors.files import import_file
>>> with Store("hatewatch.duckdb") as store:  # doctest: +SKIP
...     result = import_file("data/examples/messages.jsonl", store, roster="tk2021")
>>> result.inserted  # doctest: +SKIP
1000
"""

from __future__ import annotations

import csv
import functools
import gzip
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError
from hatewatch.io import BadRow, ErrorCallback, bad_row_reporter, json_object
from hatewatch.records import PLATFORMS

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from hatewatch.records import Message
    from hatewatch.store import InsertResult, Store

__all__ = [
    "FORMATS",
    "Batch",
    "ColumnMapping",
    "FOURCAT_MAPPING",
    "detect_format",
    "import_file",
    "iter_batches",
    "read_4cat",
    "read_table",
    "read_twarc2",
]

log = logging.getLogger(__name__)

#: Values of ``format`` / ``--format``.
FORMATS: tuple[str, ...] = ("auto", "twarc2", "4cat", "csv", "jsonl")

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


class _Rows:
    """Column lists of raw (not yet validated or pseudonymised) messages."""

    __slots__ = (
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
        "r_row",
        "r_relation",
        "r_handle",
        "created_field",
    )

    line: list[int]
    platform: list[str]
    message_id: list[str]
    created_at: list[Any]
    author: list[str]
    text: list[str]
    conversation_id: list[str | None]
    lang: list[str | None]
    in_reply_to: list[str | None]
    retrieved_at: list[Any]
    r_row: list[int]
    r_relation: list[str]
    r_handle: list[str]
    created_field: str

    def __init__(self, created_field: str = "created_at") -> None:
        for name in self.__slots__[:-1]:
            setattr(self, name, [])
        # the input field named when a timestamp cannot be read
        self.created_field = created_field

    def __len__(self) -> int:
        return len(self.line)

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
        row = len(self.line)
        self.line.append(line)
        self.platform.append(platform)
        self.message_id.append(message_id)
        self.created_at.append(created_at)
        self.author.append(author)
        self.text.append(text)
        self.conversation_id.append(conversation_id)
        self.lang.append(lang)
        self.in_reply_to.append(in_reply_to)
        self.retrieved_at.append(retrieved_at)
        if recipients:
            for relation, handle in recipients:
                self.r_row.append(row)
                self.r_relation.append(relation)
                self.r_handle.append(handle)


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


# --------------------------------------------------------------------------
# twarc2
# --------------------------------------------------------------------------


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


def _twarc2_rows(
    path: Path, report: Callable[[BadRow], None], batch_size: int
) -> Iterator[_Rows]:
    return _json_rows(path, report, batch_size, _twarc2_line)


def _twarc2_line(
    line_no: int,
    obj: dict[str, Any],
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    twarc = obj.get("__twarc") or {}
    retrieved = twarc.get("retrieved_at") if isinstance(twarc, dict) else None
    if isinstance(obj.get("data"), list):
        includes = obj.get("includes") or {}
        users = {
            str(u.get("id")): u.get("username")
            for u in includes.get("users") or []
            if isinstance(u, dict)
        }
        tweet_authors = {
            str(t.get("id")): str(t.get("author_id"))
            for t in includes.get("tweets") or []
            if isinstance(t, dict)
        }
        tweets = obj["data"]
    elif "id" in obj and ("text" in obj or "author_id" in obj):
        users, tweet_authors, tweets = {}, {}, [obj]  # twarc2 flatten
    else:
        if "errors" in obj and "data" not in obj:
            return  # a page of API errors only: nothing to import
        report(BadRow(spath, line_no, "data", "neither a twarc2 page nor a flat tweet"))
        return
    for tweet in tweets:
        _twarc2_tweet(
            tweet, line_no, users, tweet_authors, retrieved, rows, spath, report
        )


def _twarc2_tweet(
    tweet: Any,
    line_no: int,
    users: dict[str, Any],
    tweet_authors: dict[str, str],
    retrieved: Any,
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    if not isinstance(tweet, dict):
        report(BadRow(spath, line_no, "data", "a tweet is not a JSON object"))
        return
    tid = _str(tweet.get("id"))
    if tid is None:
        report(BadRow(spath, line_no, "id", "tweet without id"))
        return
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, dict) and note.get("text") else None
    text = text or tweet.get("text")
    if not isinstance(text, str) or not text.strip():
        report(BadRow(spath, line_no, "text", f"tweet {tid} has no text"))
        return
    author = _str(tweet.get("author_id"))
    if author is None and isinstance(tweet.get("author"), dict):
        author = _str(tweet["author"].get("id"))
    if author is None:
        report(BadRow(spath, line_no, "author_id", f"tweet {tid} has no author"))
        return
    created = tweet.get("created_at")
    if not created:
        report(BadRow(spath, line_no, "created_at", f"tweet {tid} has no created_at"))
        return
    refs = tweet.get("referenced_tweets") or []
    if any(isinstance(r, dict) and r.get("type") == "retweeted" for r in refs):
        return  # a retweet repeats someone else's message; it is not a new one
    recipients: list[tuple[str, str]] = []
    in_reply_to = None
    for ref in refs:
        if not isinstance(ref, dict):
            continue
        kind = ref.get("type")
        if kind == "replied_to":
            in_reply_to = _str(ref.get("id"))
        elif kind == "quoted":
            quoted = None
            if isinstance(ref.get("author"), dict):  # flattened
                quoted = ref["author"].get("username")
            else:
                quoted = users.get(tweet_authors.get(str(ref.get("id")), ""))
            if quoted:
                recipients.append(("quote", quoted))
    reply_user = None
    if isinstance(tweet.get("in_reply_to_user"), dict):
        reply_user = tweet["in_reply_to_user"].get("username")
    elif tweet.get("in_reply_to_user_id") is not None:
        reply_user = users.get(str(tweet["in_reply_to_user_id"]))
    if reply_user:
        recipients.append(("reply", reply_user))
    entities = tweet.get("entities") or {}
    for mention in entities.get("mentions") or []:
        if isinstance(mention, dict) and mention.get("username"):
            recipients.append(("mention", mention["username"]))
    rows.add(
        line_no,
        "twitter",
        tid,
        created,
        author,
        text,
        conversation_id=_str(tweet.get("conversation_id")),
        lang=_str(tweet.get("lang")),
        in_reply_to=in_reply_to,
        retrieved_at=retrieved,
        recipients=recipients,
    )


# --------------------------------------------------------------------------
# 4CAT / Zeeschuimer
# --------------------------------------------------------------------------


def _dig(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _zeeschuimer_rows(
    path: Path, report: Callable[[BadRow], None], batch_size: int
) -> Iterator[_Rows]:
    return _json_rows(path, report, batch_size, _zeeschuimer_line)


def _zeeschuimer_line(
    line_no: int,
    obj: dict[str, Any],
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    data = obj.get("data")
    source = _platform(obj.get("source_platform"), "")
    if not isinstance(data, dict):
        report(BadRow(spath, line_no, "data", "missing item object"))
        return
    retrieved = obj.get("timestamp_collected")
    if source == "twitter":
        _zs_tweet(data, line_no, retrieved, rows, spath, report)
    elif source == "bluesky":
        _zs_bsky(data, line_no, retrieved, rows, spath, report)
    else:
        report(
            BadRow(
                spath,
                line_no,
                "source_platform",
                f"unsupported source_platform {obj.get('source_platform')!r}; "
                "twitter.com/x.com and bsky.app are understood",
            )
        )


def _screen_name(user_result: Any) -> str | None:
    # X moved screen_name from legacy to core in 2025; accept both
    return _dig(user_result, "core", "screen_name") or _dig(
        user_result, "legacy", "screen_name"
    )


def _zs_tweet(
    data: dict[str, Any],
    line_no: int,
    retrieved: Any,
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    if data.get("__typename") == "TweetWithVisibilityResults":
        data = data.get("tweet") or {}
    legacy = data.get("legacy")
    if not isinstance(legacy, dict):
        report(BadRow(spath, line_no, "data.legacy", "tweet object without legacy"))
        return
    tid = _str(data.get("rest_id")) or _str(legacy.get("id_str"))
    if tid is None:
        report(BadRow(spath, line_no, "data.rest_id", "tweet without id"))
        return
    text = _dig(data, "note_tweet", "note_tweet_results", "result", "text")
    text = text or legacy.get("full_text")
    if not isinstance(text, str) or not text.strip():
        report(BadRow(spath, line_no, "data.legacy.full_text", "tweet without text"))
        return
    author = _str(legacy.get("user_id_str")) or _str(
        _dig(data, "core", "user_results", "result", "rest_id")
    )
    if author is None:
        report(
            BadRow(spath, line_no, "data.legacy.user_id_str", "tweet without author")
        )
        return
    created = legacy.get("created_at")
    if not created:
        report(BadRow(spath, line_no, "data.legacy.created_at", "tweet without date"))
        return
    if legacy.get("retweeted_status_result") or data.get("retweeted_status_result"):
        return  # retweets are not new messages
    recipients: list[tuple[str, str]] = []
    if legacy.get("in_reply_to_screen_name"):
        recipients.append(("reply", legacy["in_reply_to_screen_name"]))
    quoted = _dig(data, "quoted_status_result", "result")
    if isinstance(quoted, dict) and quoted.get("__typename") == (
        "TweetWithVisibilityResults"
    ):
        quoted = quoted.get("tweet")
    quoted_name = _screen_name(_dig(quoted, "core", "user_results", "result"))
    if quoted_name:
        recipients.append(("quote", quoted_name))
    for mention in _dig(legacy, "entities", "user_mentions") or []:
        if isinstance(mention, dict) and mention.get("screen_name"):
            recipients.append(("mention", mention["screen_name"]))
    rows.add(
        line_no,
        "twitter",
        tid,
        created,
        author,
        text,
        conversation_id=_str(legacy.get("conversation_id_str")),
        lang=_str(legacy.get("lang")),
        in_reply_to=_str(legacy.get("in_reply_to_status_id_str")),
        retrieved_at=retrieved,
        recipients=recipients,
    )


def _zs_bsky(
    data: dict[str, Any],
    line_no: int,
    retrieved: Any,
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    reply_view = None
    if isinstance(data.get("post"), dict):  # a feed item: {"post", "reply"}
        reply_view = data.get("reply")
        data = data["post"]
    uri = _str(data.get("uri"))
    if uri is None:
        report(BadRow(spath, line_no, "data.uri", "post without uri"))
        return
    record = data.get("record") or {}
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or not text.strip():
        report(BadRow(spath, line_no, "data.record.text", "post without text"))
        return
    author = _str(_dig(data, "author", "did"))
    if author is None:
        report(BadRow(spath, line_no, "data.author.did", "post without author"))
        return
    created = record.get("createdAt") or data.get("indexedAt")
    if not created:
        report(BadRow(spath, line_no, "data.record.createdAt", "post without date"))
        return
    recipients: list[tuple[str, str]] = []
    parent_handle = _dig(reply_view, "parent", "author", "handle")
    if parent_handle:
        recipients.append(("reply", parent_handle))
    quoted_handle = _dig(data, "embed", "record", "author", "handle") or _dig(
        data, "embed", "record", "record", "author", "handle"
    )
    if quoted_handle:
        recipients.append(("quote", quoted_handle))
    langs = record.get("langs") or []
    rows.add(
        line_no,
        "bluesky",
        uri,
        created,
        author,
        text,
        conversation_id=_str(_dig(record, "reply", "root", "uri")) or uri,
        lang=_str(langs[0]) if isinstance(langs, list) and langs else None,
        in_reply_to=_str(_dig(record, "reply", "parent", "uri")),
        retrieved_at=retrieved,
        recipients=recipients,
    )


# --------------------------------------------------------------------------
# generic tables
# --------------------------------------------------------------------------


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

#: 4CAT's flat export (CSV or NDJSON): ``id, thread_id, author, body,
#: timestamp`` plus, for X datasources, ``mentions``, ``replied_user`` and
#: ``quoted_user``.
FOURCAT_MAPPING = ColumnMapping(
    text="body",
    message_id="id",
    created_at="timestamp",
    author="author",
    platform=None,
    conversation_id="thread_id",
    lang="lang",
    in_reply_to=None,
    reply_to="replied_user",
    quote_of="quoted_user",
    mentions="mentions",
)

_REQUIRED = ("text", "message_id", "created_at", "author")

# the ``hatewatch import`` option that names each required column
_OPTION = {
    "text": "--text-column",
    "message_id": "--id-column",
    "created_at": "--created-column",
    "author": "--author-column",
}


def _resolve(mapping: ColumnMapping, header: list[str]) -> dict[str, str | None]:
    """Map each field to a column of ``header`` (None: not read)."""
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
        if col not in present and f.name not in _REQUIRED:
            col = None
        out[f.name] = col
    return out


def _peek_header(path: Path, fmt: str) -> list[str]:
    """Column names: the CSV header or the keys of the first JSON object."""
    if fmt in ("csv", "tsv"):
        opener = gzip.open if path.suffix.lower() == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:  # type: ignore[operator]
            first = next(csv.reader(fh, delimiter="\t" if fmt == "tsv" else ","), [])
        return [h.strip() for h in first]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    keys: dict[str, None] = {}
    for line_no, obj in _json_lines(path, lambda bad: None):
        keys.update(dict.fromkeys(obj))
        if line_no >= 200:
            break
    return list(keys)


def _table_kind(path: Path) -> str:
    from hatewatch.io import table_format

    try:
        fmt, _ = table_format(path)
    except DataError:
        return "jsonl"  # unknown extension: JSON lines, the common export
    return fmt


def _generic_rows(
    path: Path,
    mapping: ColumnMapping,
    report: Callable[[BadRow], None],
    batch_size: int,
) -> Iterator[_Rows | _Columns]:
    spath = str(path)
    kind = _table_kind(path)
    header = _peek_header(path, kind)
    cols = _resolve(mapping, header)
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
    if kind in ("csv", "tsv", "parquet"):
        source = _table_records(path, [c for c in cols.values() if c], report)
        yield from _records_to_rows(
            source, cols, default_platform, spath, report, batch_size
        )
    else:
        yield from _jsonl_fast(path, cols, default_platform, report, batch_size)


def _records_to_rows(
    source: Iterable[tuple[int, dict[str, Any]]],
    cols: dict[str, str | None],
    default_platform: str,
    spath: str,
    report: Callable[[BadRow], None],
    batch_size: int,
) -> Iterator[_Rows]:
    """Validate ``(line, record)`` pairs of a generic table into row buffers."""
    # required columns are always resolved to a name (see _resolve)
    c_text, c_id = str(cols["text"]), str(cols["message_id"])
    c_created, c_author = str(cols["created_at"]), str(cols["author"])
    c_platform, c_conv = cols["platform"], cols["conversation_id"]
    c_lang, c_irt = cols["lang"], cols["in_reply_to"]
    c_reply, c_quote, c_mentions = cols["reply_to"], cols["quote_of"], cols["mentions"]
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
            _platform(get(c_platform), default_platform)
            if c_platform
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
        if c_reply:
            recipients += [("reply", h) for h in _handles(get(c_reply))]
        if c_quote:
            recipients += [("quote", h) for h in _handles(get(c_quote))]
        if c_mentions:
            recipients += [("mention", h) for h in _handles(get(c_mentions))]
        add(
            line_no,
            platform,
            mid,
            created,
            author,
            text,
            _str(get(c_conv)) if c_conv else None,
            _str(get(c_lang)) if c_lang else None,
            _str(get(c_irt)) if c_irt else None,
            None,
            recipients,
        )
        if len(rows) >= batch_size:
            yield rows
            rows = _Rows(c_created or "created_at")
            add = rows.add
    if len(rows):
        yield rows


_SEPARATORS = re.compile(r"[,;\s]")

#: Parse generic JSON lines with Arrow (tests switch it off to compare paths).
_ARROW_JSON = True


#: Parse generic JSON lines with Arrow (tests switch it off to compare paths).
_ARROW_JSON = True


def _split_handles(values: list[Any]) -> Iterator[tuple[int, str]]:
    """``(row, handle)`` for each handle in a column of handle strings."""
    for row, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, str) and not _SEPARATORS.search(v.strip()):
            if v.strip("@ "):
                yield row, v.strip()
            continue
        for h in _handles(v):
            yield row, h


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
    r_row: list[int]
    r_relation: list[str]
    r_handle: list[str]

    def __init__(self, created_field: str, **columns: Any) -> None:
        self.created_field = created_field
        self.retrieved_at = None
        for name, value in columns.items():
            setattr(self, name, value)

    def __len__(self) -> int:
        return len(self.line)


def _jsonl_fast(
    path: Path,
    cols: dict[str, str | None],
    default_platform: str,
    report: Callable[[BadRow], None],
    batch_size: int,
) -> Iterator[_Rows | _Columns]:
    """Read generic JSON lines a block at a time with Arrow's JSON parser.

    A block Arrow cannot read exactly as declared (a malformed line, a number
    where a string belongs, a list, a duplicate key, a BOM) goes through
    ``json.loads`` line by line instead, which reports each bad line. Both
    paths accept and reject the same lines.
    """
    import itertools

    import numpy as np
    import pyarrow as pa
    import pyarrow.json as pj

    spath = str(path)
    names = list(dict.fromkeys(c for c in cols.values() if c))
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
                table = pj.read_json(
                    pa.BufferReader(data),
                    read_options=read_options,
                    parse_options=parse_options,
                )
                if table.num_rows != len(lines):
                    raise ValueError("row count differs from line count")
            except (pa.ArrowException, ValueError):
                records = _parse_lines(zip(numbers, lines, strict=True), spath, report)
                yield from _records_to_rows(
                    records, cols, default_platform, spath, report, len(lines) + 1
                )
                continue
            block = _arrow_block(
                table, np.asarray(numbers), cols, default_platform, spath, report
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
) -> _Columns | None:
    """Validate one Arrow block like :func:`_records_to_rows` does per line."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows

    def col(field: str) -> pa.Array:
        name = cols[field]
        if not name:
            return pa.nulls(n, pa.string())
        return table.column(name).combine_chunks()

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
    raw_platform = col("platform")
    mapped = {
        v: _platform(v, default_platform) for v in pc.unique(raw_platform).to_pylist()
    }
    platform = pa.array([mapped[v] for v in raw_platform.to_pylist()], pa.string())
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
            ~np.isin(np.asarray(platform.to_pylist(), dtype=object), list(PLATFORMS)),
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

    r_row: list[int] = []
    r_relation: list[str] = []
    r_handle: list[str] = []
    for name, relation in (
        ("reply_to", "reply"),
        ("quote_of", "quote"),
        ("mentions", "mention"),
    ):
        if not cols[name]:
            continue
        arr = pc.utf8_trim_whitespace(kept(col(name)))
        # one plain handle per cell is the rule; lists of handles go to Python
        several = pc.match_substring_regex(arr, r"[,;\s]").fill_null(False)
        single = pc.and_(
            pc.invert(several), pc.not_equal(pc.utf8_trim(arr, "@ "), "")
        ).fill_null(False)
        rows = np.flatnonzero(single.to_numpy(zero_copy_only=False))
        r_row += rows.tolist()
        r_handle += arr.filter(single).to_pylist()
        r_relation += [relation] * len(rows)
        for row in np.flatnonzero(several.to_numpy(zero_copy_only=False)).tolist():
            for handle in _handles(arr[row].as_py()):
                r_row.append(row)
                r_relation.append(relation)
                r_handle.append(handle)
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
        r_row=r_row,
        r_relation=r_relation,
        r_handle=r_handle,
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


# --------------------------------------------------------------------------
# detection and public readers
# --------------------------------------------------------------------------


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


def detect_format(path: str | os.PathLike[str]) -> str:
    """Guess the format of a message file from its name and first record.

    Returns
    -------
    str
        ``"twarc2"``, ``"4cat"``, ``"csv"`` (any delimited or Parquet table)
        or ``"jsonl"``.

    Examples
    --------
    >>> detect_format("tests/data/files/twarc2.jsonl")  # doctest: +SKIP
    'twarc2'
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"input file not found: {path}")
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    last = suffixes[-1] if suffixes else ""
    if last in (".csv", ".tsv", ".parquet", ".pq"):
        header = set(_peek_header(path, _table_kind(path)))
        return "4cat" if {"id", "body", "thread_id"} <= header else "csv"
    obj = _first_object(path)
    if obj is None:
        raise DataError(
            "no JSON object in the first 100 lines; pass --format", path=str(path)
        )
    if isinstance(obj.get("data"), list) or "__twarc" in obj:
        return "twarc2"
    if "source_platform" in obj and isinstance(obj.get("data"), dict):
        return "4cat"
    if {"id", "body", "thread_id"} <= obj.keys():
        return "4cat"
    if "edit_history_tweet_ids" in obj or (
        "author_id" in obj and "entities" in obj and "text" in obj
    ):
        return "twarc2"
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
) -> Iterator[Batch]:
    """Read a message file lazily as columnar :class:`Batch` es.

    Parameters
    ----------
    path : str or path-like
        The file (``.gz`` allowed for JSON lines and CSV).
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

    Yields
    ------
    Batch
    """
    path = Path(path)
    if format not in FORMATS:
        raise DataError(f"unknown format {format!r}; use one of {FORMATS}")
    if not path.is_file():
        raise FileNotFoundError(f"input file not found: {path}")
    fmt = detect_format(path) if format == "auto" else format
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
        source: Iterator[_Rows | _Columns] = _twarc2_rows(path, report, batch_size)
        text_mentions = False  # the API's entities are authoritative
    elif fmt == "4cat":
        obj = None if _table_kind(path) != "jsonl" else _first_object(path)
        if obj is not None and "source_platform" in obj:
            source = _zeeschuimer_rows(path, report, batch_size)
        else:
            m = mapping or FOURCAT_MAPPING
            if platform is None and mapping is None:
                header = _peek_header(path, _table_kind(path))
                # 4CAT's X datasources export these columns
                if {"mentions", "is_quote_tweet"} <= set(header) or {
                    "mentions",
                    "retweeted_user",
                } <= set(header):
                    m = replace(m, default_platform="twitter")
            elif platform is not None:
                m = replace(m, default_platform=platform)
            source = _generic_rows(path, m, report, batch_size)
    else:
        m = mapping or ColumnMapping()
        if platform is not None:
            m = replace(m, default_platform=platform)
        text_mentions = m.mentions_from_text
        source = _generic_rows(path, m, report, batch_size)
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
        iter_batches(path, format="twarc2", strict=strict, on_error=on_error)
    )


def read_4cat(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
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
            path, format="4cat", platform=platform, strict=strict, on_error=on_error
        )
    )


def read_table(
    path: str | os.PathLike[str],
    mapping: ColumnMapping | None = None,
    *,
    strict: bool = False,
    on_error: ErrorCallback | None = None,
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
            path, format=fmt, mapping=mapping, strict=strict, on_error=on_error
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
        Show a progress bar on stderr.

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
        from tqdm import tqdm

        bar = tqdm(unit=" msg", desc=Path(path).name, disable=None, leave=False)
    batches = _prefetch(
        iter_batches(
            path,
            format=format,
            mapping=mapping,
            platform=platform,
            batch_size=batch_size,
            strict=strict,
            on_error=count,
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
