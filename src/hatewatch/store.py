"""The message store: an embedded DuckDB file.

One file holds the roster(s), every message once (idempotent on
``(platform, message_id)``), the links from messages to the politicians they
are aimed at, classifier scores per model version and the collection runs
with their checkpoints. Inserts go in bulk through Arrow tables registered in
DuckDB, one transaction per batch, so a bad batch never leaves half of itself
behind and never touches rows stored before.

Examples
--------
>>> from hatewatch import Store
>>> with Store("hatewatch.duckdb") as store:  # doctest: +SKIP
...     df = store.messages(with_scores=True)
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError, OutputExistsError, StoreNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from hatewatch.records import Message

__all__ = [
    "DEFAULT_STORE",
    "ROSTER_COLUMNS",
    "SCHEMA",
    "STORE_ENV",
    "InsertResult",
    "Store",
    "default_store_path",
    "parse_duration",
]

log = logging.getLogger(__name__)

#: Store file used when neither ``--store`` nor ``HATEWATCH_STORE`` is given.
DEFAULT_STORE = "hatewatch.duckdb"

#: Environment variable naming the store file.
STORE_ENV = "HATEWATCH_STORE"

#: Columns of the frames `Store.add_roster` takes (``people``, ``spells``,
#: ``handles``): those of the ``roster_*`` tables in `SCHEMA` less ``roster``.
ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("politician_id", "name", "gender"),
    "spells": (
        "politician_id",
        "office",
        "level",
        "party",
        "region",
        "start_date",
        "end_date",
    ),
    "handles": ("politician_id", "platform", "handle"),
}

#: The store's tables. Timestamps are naive UTC. This DDL is the contract
#: between collectors, scoring, exposure analysis and reports.
SCHEMA = """
CREATE TABLE IF NOT EXISTS roster_people (
    roster          VARCHAR NOT NULL,   -- roster name, e.g. 'tk2021'
    politician_id   VARCHAR NOT NULL,   -- stable id, unique within the roster
    name            VARCHAR NOT NULL,
    gender          VARCHAR NOT NULL,   -- female | male | other | unknown
    PRIMARY KEY (roster, politician_id)
);
CREATE TABLE IF NOT EXISTS roster_spells (
    roster          VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    office          VARCHAR NOT NULL,   -- controlled vocabulary, roster.OFFICES
    level           VARCHAR NOT NULL,   -- national | provincial | municipal | water_board | eu
    party           VARCHAR,
    region          VARCHAR,            -- municipality or province
    start_date      DATE,
    end_date        DATE                -- NULL: still in office
);
CREATE TABLE IF NOT EXISTS roster_handles (
    roster          VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    platform        VARCHAR NOT NULL,   -- twitter | bluesky | mastodon
    handle          VARCHAR NOT NULL,   -- lower case, no leading @
    PRIMARY KEY (roster, platform, handle)
);
CREATE TABLE IF NOT EXISTS messages (
    platform          VARCHAR NOT NULL,
    message_id        VARCHAR NOT NULL,
    conversation_id   VARCHAR,
    created_at        TIMESTAMP NOT NULL,
    author_id         VARCHAR NOT NULL, -- keyed HMAC, never the raw id
    text              VARCHAR,          -- NULL once purged
    lang              VARCHAR,
    in_reply_to       VARCHAR,
    collector         VARCHAR NOT NULL,
    collector_version VARCHAR NOT NULL,
    query             VARCHAR,
    retrieved_at      TIMESTAMP NOT NULL,
    text_purged_at    TIMESTAMP
    -- unique on (platform, message_id): Store.add_frames inserts with an
    -- anti-join; a key index made bulk imports about a third slower
);
CREATE TABLE IF NOT EXISTS message_recipients (
    platform        VARCHAR NOT NULL,
    message_id      VARCHAR NOT NULL,
    politician_id   VARCHAR NOT NULL,
    relation        VARCHAR NOT NULL    -- mention | reply | quote
    -- one link per (platform, message_id, politician_id), kept by add_frames
);
CREATE TABLE IF NOT EXISTS scores (
    platform        VARCHAR NOT NULL,
    message_id      VARCHAR NOT NULL,
    model_version   VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,   -- hate | threat | neutral
    p_hate          DOUBLE NOT NULL,
    p_threat        DOUBLE NOT NULL,
    p_neutral       DOUBLE NOT NULL,
    scored_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (platform, message_id, model_version)
);
CREATE TABLE IF NOT EXISTS collection_runs (
    run_id            VARCHAR PRIMARY KEY,
    collector         VARCHAR NOT NULL,
    collector_version VARCHAR NOT NULL,
    query             VARCHAR,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL, -- running | finished | failed | interrupted
    n_messages        BIGINT NOT NULL DEFAULT 0,
    checkpoint        VARCHAR           -- JSON; collectors resume from the last one
);
"""  # noqa: E501  (SQL comment in the DDL contract)

#: Additions to :data:`SCHEMA` (the store may add, never rename or drop).
EXTRA_SCHEMA = """
ALTER TABLE collection_runs ADD COLUMN IF NOT EXISTS checkpoint_at TIMESTAMP;
"""

#: Tables in the order they are exported.
TABLES: tuple[str, ...] = (
    "roster_people",
    "roster_spells",
    "roster_handles",
    "messages",
    "message_recipients",
    "scores",
    "collection_runs",
)

MESSAGE_COLUMNS: tuple[str, ...] = (
    "platform",
    "message_id",
    "conversation_id",
    "created_at",
    "author_id",
    "text",
    "lang",
    "in_reply_to",
    "collector",
    "collector_version",
    "query",
    "retrieved_at",
)

RECIPIENT_COLUMNS: tuple[str, ...] = (
    "platform",
    "message_id",
    "relation",
    "handle",
    "politician_id",
)

_RUN_STATUSES = ("running", "finished", "failed", "interrupted")

# SQL expression ranking relations: one link per message and politician, the
# most direct relation wins (a reply usually also @-mentions its target).
_RELATION_RANK = "CASE relation WHEN 'reply' THEN 0 WHEN 'quote' THEN 1 ELSE 2 END"
_RANK_RELATION = "CASE rank WHEN 0 THEN 'reply' WHEN 1 THEN 'quote' ELSE 'mention' END"


def default_store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return ``path``, else ``$HATEWATCH_STORE``, else ``hatewatch.duckdb``."""
    if path:
        return Path(path)
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def parse_duration(text: str) -> timedelta:
    """Parse a retention period such as ``90d``, ``12w``, ``6m`` or ``1y``.

    Units: ``h`` hours, ``d`` days, ``w`` weeks, ``m`` months of 30 days,
    ``y`` years of 365 days.

    Parameters
    ----------
    text : str
        A positive whole number followed by one unit letter.

    Returns
    -------
    datetime.timedelta

    Raises
    ------
    DataError
        If the text is not of that form.

    Examples
    --------
    >>> parse_duration("90d")
    datetime.timedelta(days=90)
    >>> parse_duration("6m").days
    180
    """
    units = {"h": 1 / 24, "d": 1, "w": 7, "m": 30, "y": 365}
    s = text.strip().lower()
    unit = s[-1:] if s else ""
    number = s[:-1]
    if unit not in units or not number.isdigit() or int(number) <= 0:
        raise DataError(
            f"cannot read duration {text!r}; write a positive whole number and a "
            "unit: h (hours), d (days), w (weeks), m (30-day months), "
            "y (365-day years), e.g. 90d",
            field="older_than",
        )
    try:
        return timedelta(days=int(number) * units[unit])
    except OverflowError:
        raise DataError(
            f"duration {text!r} is too long; the longest is about 2.7 million "
            "years (999999999d)",
            field="older_than",
        ) from None


@dataclass
class InsertResult:
    """Counts from :meth:`Store.add_messages` (they add up with ``+``).

    Attributes
    ----------
    received : int
        Messages offered.
    inserted : int
        New messages stored.
    duplicates : int
        Messages already in the store (or repeated in the input), not stored
        again.
    links : int
        New message-politician links stored.
    unresolved : int
        Recipients whose handle is not in the roster; counted, not stored.
    bad : int
        Malformed input lines skipped (filled by importers).
    """

    received: int = 0
    inserted: int = 0
    duplicates: int = 0
    links: int = 0
    unresolved: int = 0
    bad: int = 0

    def __add__(self, other: InsertResult) -> InsertResult:
        return InsertResult(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )

    def as_dict(self) -> dict[str, int]:
        """Return the counts as a plain dict."""
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _utc_naive(value: datetime | None) -> datetime | None:
    # the store keeps naive UTC; aware values are converted, naive ones trusted
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def messages_to_arrow(messages: list[Message]) -> tuple[pa.Table, pa.Table]:
    """Turn ``Message`` records into the message and recipient Arrow tables."""
    import pyarrow as pa

    now = _now()
    cols: dict[str, list[Any]] = {c: [] for c in MESSAGE_COLUMNS}
    r_platform: list[str] = []
    r_id: list[str] = []
    r_rel: list[str] = []
    r_handle: list[str | None] = []
    r_pid: list[str | None] = []
    for m in messages:
        cols["platform"].append(m.platform)
        cols["message_id"].append(str(m.message_id))
        cols["conversation_id"].append(m.conversation_id)
        cols["created_at"].append(_utc_naive(m.created_at))
        cols["author_id"].append(m.author_id)
        cols["text"].append(m.text)
        cols["lang"].append(m.lang)
        cols["in_reply_to"].append(m.in_reply_to)
        cols["collector"].append(m.collector)
        cols["collector_version"].append(m.collector_version)
        cols["query"].append(m.query)
        cols["retrieved_at"].append(_utc_naive(m.retrieved_at) or now)
        for r in m.recipients:
            r_platform.append(m.platform)
            r_id.append(str(m.message_id))
            r_rel.append(r.relation)
            r_handle.append(r.handle)
            r_pid.append(r.politician_id)
    ts = pa.timestamp("us")
    types = {"created_at": ts, "retrieved_at": ts}
    msgs = pa.table(
        {c: pa.array(v, type=types.get(c, pa.string())) for c, v in cols.items()}
    )
    s = pa.string()
    rcpt = pa.table(
        {
            "platform": pa.array(r_platform, s),
            "message_id": pa.array(r_id, s),
            "relation": pa.array(r_rel, s),
            "handle": pa.array(r_handle, s),
            "politician_id": pa.array(r_pid, s),
        }
    )
    return msgs, rcpt


def _empty_recipients() -> pa.Table:
    import pyarrow as pa

    return pa.table({c: pa.array([], pa.string()) for c in RECIPIENT_COLUMNS})


class Store:
    """The hatewatch message store, an embedded DuckDB file.

    Parameters
    ----------
    path : str or path-like, default "hatewatch.duckdb"
        The DuckDB file. Opened for writing (the default), a missing file is
        created with :data:`SCHEMA`; ``":memory:"`` gives a throwaway
        in-memory store.
    read_only : bool, default False
        Open an existing store without write access (several readers may
        share a file). Use this to read: a missing file raises
        :class:`~hatewatch.errors.StoreNotFoundError` naming the path and
        nothing is created.

    Attributes
    ----------
    con : duckdb.DuckDBPyConnection
        The connection; analyses may run SQL on it directly.

    Examples
    --------
    >>> from hatewatch import Store
    >>> store = Store(":memory:")
    >>> store.stats()["messages"]
    0
    >>> store.close()
    """

    def __init__(
        self, path: str | os.PathLike[str] = DEFAULT_STORE, *, read_only: bool = False
    ) -> None:
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            # reading never creates a store: an empty new file would only
            # lead to confusing "no scores found" errors further on
            raise StoreNotFoundError(
                f"store not found: {Path(self.path).resolve()} (nothing was "
                "created; check the path: `make example` writes "
                "out/example/hatewatch.duckdb, `hatewatch import` and `hatewatch "
                "roster load` create a store)"
            )
        try:
            self.con: duckdb.DuckDBPyConnection = duckdb.connect(
                self.path, read_only=read_only
            )
        except duckdb.Error as exc:
            raise DataError(f"cannot open the store: {exc}", path=self.path) from exc
        try:
            self.con.execute("SET TimeZone = 'UTC'")
        except duckdb.Error:  # pragma: no cover - ICU missing; values stay naive
            pass
        if not read_only:
            self.con.execute(SCHEMA)
            self.con.execute(EXTRA_SCHEMA)

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        con = getattr(self, "con", None)
        if con is not None:
            con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}, read_only={self.read_only})"

    def _transaction(self) -> _Transaction:
        return _Transaction(self.con)

    # -- roster ------------------------------------------------------------
    def add_roster(self, roster: Any, name: str) -> int:
        """Store a roster under ``name``, replacing any roster of that name.

        Parameters
        ----------
        roster : Roster or mapping
            An object with ``to_frames()`` (or a mapping) giving DataFrames
            ``people``, ``spells`` and ``handles`` with the columns of the
            ``roster_*`` tables except ``roster``.
        name : str
            Roster name, e.g. ``"tk2021"``.

        Returns
        -------
        int
            Number of people stored.
        """
        if not name or not str(name).strip():
            raise DataError("a roster needs a non-empty name", field="name")
        frames = roster.to_frames() if hasattr(roster, "to_frames") else roster
        if not isinstance(frames, Mapping):
            raise TypeError("roster must have to_frames() or be a mapping of frames")
        spec = {key: (f"roster_{key}", cols) for key, cols in ROSTER_COLUMNS.items()}
        for key, (_, cols) in spec.items():
            if key not in frames:
                raise DataError(f"roster frames lack {key!r}", field=key)
            missing = [c for c in cols if c not in frames[key].columns]
            if missing:
                raise DataError(
                    f"roster frame {key!r} lacks columns {missing}", field=missing[0]
                )
        views = {key: f"_roster_{key}" for key in spec}
        for key, (_, cols) in spec.items():
            self.con.register(views[key], frames[key][list(cols)])
        try:
            with self._transaction():
                for key, (table, cols) in spec.items():
                    self.con.execute(f"DELETE FROM {table} WHERE roster = ?", [name])
                    select = ", ".join(cols)
                    if key == "handles":
                        # one row per handle; lower case without the @
                        select = (
                            "DISTINCT politician_id, lower(platform), "
                            "lower(ltrim(trim(handle), '@'))"
                        )
                    self.con.execute(
                        f"INSERT INTO {table} (roster, {', '.join(cols)}) "
                        f"SELECT ?, * FROM (SELECT {select} FROM {views[key]})",
                        [name],
                    )
        finally:
            for view in views.values():
                self.con.unregister(view)
        n = self.con.execute(
            "SELECT count(*) FROM roster_people WHERE roster = ?", [name]
        ).fetchall()[0]
        return int(n[0]) if n else 0

    def rosters(self) -> list[str]:
        """Return the names of the rosters in the store."""
        rows = self.con.execute(
            "SELECT DISTINCT roster FROM roster_people ORDER BY roster"
        ).fetchall()
        return [r[0] for r in rows]

    # -- messages ----------------------------------------------------------
    def add_messages(
        self,
        messages: Iterable[Message],
        *,
        batch_size: int = 50_000,
        roster: str | None = None,
    ) -> InsertResult:
        """Store messages once each and link them to roster politicians.

        Parameters
        ----------
        messages : iterable of Message
            Records from a collector or importer; consumed lazily.
        batch_size : int, default 50_000
            Messages per transaction.
        roster : str, optional
            Resolve recipient handles against this roster only (default:
            every roster in the store).

        Returns
        -------
        InsertResult
            Received, inserted, duplicate, link and unresolved counts.
            A message already stored (same platform and id) is counted as a
            duplicate and left as it is; its new recipient links are added.
        """
        total = InsertResult()
        batch: list[Message] = []
        for m in messages:
            batch.append(m)
            if len(batch) >= batch_size:
                total += self.add_frames(*messages_to_arrow(batch), roster=roster)
                batch = []
        if batch:
            total += self.add_frames(*messages_to_arrow(batch), roster=roster)
        return total

    def add_frames(
        self,
        messages: pa.Table | pd.DataFrame,
        recipients: pa.Table | pd.DataFrame | None = None,
        *,
        roster: str | None = None,
    ) -> InsertResult:
        """Store one batch given as columns (the importers' fast path).

        Parameters
        ----------
        messages : pyarrow.Table or pandas.DataFrame
            Columns :data:`MESSAGE_COLUMNS`; ``created_at`` and
            ``retrieved_at`` naive UTC timestamps; ``author_id`` already
            pseudonymised.
        recipients : pyarrow.Table or pandas.DataFrame, optional
            Columns :data:`RECIPIENT_COLUMNS` (``handle`` or
            ``politician_id`` may be null).
        roster : str, optional
            Restrict handle resolution to this roster.

        Returns
        -------
        InsertResult
        """
        if recipients is None:
            recipients = _empty_recipients()
        missing = (
            [c for c in MESSAGE_COLUMNS if c not in messages.column_names]
            if (hasattr(messages, "column_names"))
            else [c for c in MESSAGE_COLUMNS if c not in messages.columns]
        )
        if missing:
            raise DataError(f"message batch lacks columns {missing}", field=missing[0])
        received = messages.num_rows if hasattr(messages, "num_rows") else len(messages)
        if received == 0:
            return InsertResult()
        roster_filter = "WHERE roster = ?" if roster is not None else ""
        params = [roster] if roster is not None else []
        cols = ", ".join(MESSAGE_COLUMNS)
        con = self.con
        con.register("_batch_messages", messages)
        con.register("_batch_recipients", recipients)
        try:
            with self._transaction():
                # an anti-join skips stored messages and a window repeated
                # ones in the batch (the first occurrence wins); only the key
                # columns go through them, the rows kept are then inserted
                # as they are, in the order of the batch
                keep = con.execute(
                    """
                    SELECT _pos FROM (
                        SELECT platform, message_id,
                               row_number() OVER () - 1 AS _pos
                        FROM _batch_messages
                    ) b
                    WHERE NOT EXISTS (
                        SELECT 1 FROM messages m
                        WHERE m.platform = b.platform
                          AND m.message_id = b.message_id)
                    QUALIFY row_number() OVER (
                        PARTITION BY platform, message_id ORDER BY _pos) = 1
                    """
                ).fetchnumpy()["_pos"]
                inserted = len(keep)
                if 0 < inserted < received:
                    keep.sort()
                    # positional for both an Arrow table and a DataFrame
                    con.register("_batch_kept", messages.take(keep))
                    new_rows = "_batch_kept"
                else:
                    new_rows = "_batch_messages"
                if inserted:
                    con.execute(
                        f"INSERT INTO messages ({cols}) SELECT {cols} FROM {new_rows}"
                    )
                con.execute(
                    f"""
                    CREATE OR REPLACE TEMP TABLE _resolved AS
                    SELECT r.platform, r.message_id, r.rank,
                           coalesce(r.politician_id, h.politician_id) AS politician_id
                    FROM (
                        -- one row per message and handle: the most direct
                        -- relation (a reply's @handle is not also a mention)
                        SELECT platform, message_id, politician_id,
                               lower(ltrim(handle, '@')) AS handle,
                               min({_RELATION_RANK}) AS rank
                        FROM _batch_recipients
                        GROUP BY ALL
                    ) r
                    LEFT JOIN (
                        SELECT DISTINCT platform, handle, politician_id
                        FROM roster_handles {roster_filter}
                    ) h
                      ON r.politician_id IS NULL
                     AND h.platform = r.platform
                     AND h.handle = r.handle
                    """,
                    params,
                )
                row = con.execute(
                    "SELECT count(*) FROM _resolved WHERE politician_id IS NULL"
                ).fetchall()[0]
                unresolved = int(row[0]) if row else 0
                row = con.execute(
                    f"""
                    INSERT INTO message_recipients
                        (platform, message_id, politician_id, relation)
                    SELECT platform, message_id, politician_id,
                           {_RANK_RELATION} AS relation
                    FROM (
                        SELECT platform, message_id, politician_id, min(rank) AS rank
                        FROM _resolved WHERE politician_id IS NOT NULL
                        GROUP BY ALL
                    ) x
                    WHERE NOT EXISTS (
                        SELECT 1 FROM message_recipients l
                        WHERE l.platform = x.platform
                          AND l.message_id = x.message_id
                          AND l.politician_id = x.politician_id)
                    """
                ).fetchall()[0]
                links = int(row[0]) if row else 0
                con.execute("DROP TABLE IF EXISTS _resolved")
        finally:
            con.unregister("_batch_messages")
            con.unregister("_batch_recipients")
            con.unregister("_batch_kept")
        return InsertResult(
            received=received,
            inserted=inserted,
            duplicates=received - inserted,
            links=links,
            unresolved=unresolved,
        )

    def messages(
        self, *, with_scores: bool = False, model_version: str | None = None
    ) -> pd.DataFrame:
        """Return the stored messages as a DataFrame.

        Parameters
        ----------
        with_scores : bool, default False
            Add ``model_version, label, p_hate, p_threat, p_neutral,
            scored_at`` (null for unscored messages).
        model_version : str, optional
            Scores of this model version; by default each message's most
            recent score. Implies ``with_scores``.

        Returns
        -------
        pandas.DataFrame
            One row per message, ordered by ``created_at``.
        """
        if not with_scores and model_version is None:
            return self.con.execute(
                "SELECT * FROM messages ORDER BY created_at, platform, message_id"
            ).df()
        if model_version is not None:
            scores = "SELECT * FROM scores WHERE model_version = ?"
            params: list[Any] = [model_version]
        else:
            scores = (
                "SELECT * FROM scores QUALIFY row_number() OVER ("
                "PARTITION BY platform, message_id ORDER BY scored_at DESC, "
                "model_version DESC) = 1"
            )
            params = []
        return self.con.execute(
            f"""
            SELECT m.*, s.model_version, s.label, s.p_hate, s.p_threat,
                   s.p_neutral, s.scored_at
            FROM messages m LEFT JOIN ({scores}) s
              ON s.platform = m.platform AND s.message_id = m.message_id
            ORDER BY m.created_at, m.platform, m.message_id
            """,
            params,
        ).df()

    def recipients(self, roster: str | None = None) -> pd.DataFrame:
        """Return message-politician links with the politician's gender.

        Parameters
        ----------
        roster : str, optional
            Take names and gender from this roster (default: any roster).

        Returns
        -------
        pandas.DataFrame
            Columns ``platform, message_id, politician_id, relation, name,
            gender``.
        """
        where = "WHERE roster = ?" if roster else ""
        params = [roster] if roster else []
        return self.con.execute(
            f"""
            SELECT l.platform, l.message_id, l.politician_id, l.relation,
                   p.name, p.gender
            FROM message_recipients l
            LEFT JOIN (SELECT DISTINCT ON (politician_id) politician_id, name, gender
                       FROM roster_people {where}) p USING (politician_id)
            ORDER BY l.platform, l.message_id, l.politician_id
            """,
            params,
        ).df()

    # -- scores ------------------------------------------------------------
    def iter_unscored(
        self, model_version: str, chunk_size: int = 50_000
    ) -> Iterator[pd.DataFrame]:
        """Yield messages with text and no score of ``model_version``.

        Chunks are read by key ranges, so scores written between chunks
        (with :meth:`add_scores`) do not disturb the iteration.

        Parameters
        ----------
        model_version : str
            The model version to find unscored messages for.
        chunk_size : int, default 50_000
            Rows per chunk.

        Yields
        ------
        pandas.DataFrame
            Columns ``platform, message_id, text``.
        """
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        yield from self._iter_by_message_key(
            """
            SELECT m.platform, m.message_id, m.text FROM messages m
            WHERE m.text IS NOT NULL
              AND NOT EXISTS (
                SELECT 1 FROM scores s
                WHERE s.platform = m.platform AND s.message_id = m.message_id
                  AND s.model_version = ?)
              {key_filter}
            ORDER BY m.platform, m.message_id
            LIMIT {limit}
            """,
            [model_version],
            chunk_size,
        )

    def _iter_by_message_key(
        self, sql: str, params: list[Any], chunk_size: int
    ) -> Iterator[pd.DataFrame]:
        """Yield the rows of ``sql`` in chunks, by ``(platform, message_id)``.

        ``sql`` selects ``m.platform, m.message_id`` first-ordered by them,
        with a ``{key_filter}`` placeholder in its WHERE clause (filled with
        the condition past the previous chunk's last key) and ``{limit}``
        after LIMIT; ``params`` are its parameters before that condition.
        Reading by key ranges keeps rows written between chunks from
        disturbing the iteration.
        """
        last: tuple[str, str] | None = None
        while True:
            key_filter = ""
            args = list(params)
            if last is not None:
                key_filter = (
                    "AND (m.platform > ? OR (m.platform = ? AND m.message_id > ?))"
                )
                args += [last[0], last[0], last[1]]
            df = self.con.execute(
                sql.format(key_filter=key_filter, limit=int(chunk_size)), args
            ).df()
            if df.empty:
                return
            last = (str(df["platform"].iloc[-1]), str(df["message_id"].iloc[-1]))
            yield df
            if len(df) < chunk_size:
                return

    def add_scores(self, df: pd.DataFrame, model_version: str) -> int:
        """Store classifier scores of one model version.

        Scores of other model versions are kept; scoring again with the same
        version replaces that version's scores of the same messages.

        Parameters
        ----------
        df : pandas.DataFrame
            Columns ``platform, message_id, label, p_hate, p_threat,
            p_neutral``.
        model_version : str
            E.g. ``"bow-0.2.0"``.

        Returns
        -------
        int
            Rows written.
        """
        from hatewatch.labels import LABELS

        if not model_version:
            raise DataError("model_version must not be empty", field="model_version")
        need = ["platform", "message_id", "label", "p_hate", "p_threat", "p_neutral"]
        missing = [c for c in need if c not in df.columns]
        if missing:
            raise DataError(f"scores lack columns {missing}", field=missing[0])
        if len(df) == 0:
            return 0
        frame = df[need]
        bad = frame.loc[~frame["label"].isin(LABELS), "label"]
        if len(bad):
            raise DataError(
                f"unknown label {bad.iloc[0]!r}; expected one of {LABELS}",
                field="label",
            )
        for col in ("p_hate", "p_threat", "p_neutral"):
            values = frame[col].astype(float)
            if not ((values >= 0) & (values <= 1)).all():
                raise DataError(
                    "probabilities must be within [0, 1] (NaN not allowed)",
                    field=col,
                )
        self.con.register("_batch_scores", frame)
        try:
            with self._transaction():
                row = self.con.execute(
                    """
                    INSERT OR REPLACE INTO scores
                    SELECT CAST(platform AS VARCHAR), CAST(message_id AS VARCHAR),
                           ?, label, p_hate, p_threat, p_neutral, ?
                    FROM _batch_scores
                    QUALIFY row_number() OVER (
                        PARTITION BY platform, message_id) = 1
                    """,
                    [model_version, _now()],
                ).fetchall()[0]
        finally:
            self.con.unregister("_batch_scores")
        return int(row[0]) if row else 0

    # -- collection runs ---------------------------------------------------
    def start_run(self, collector: str, collector_version: str, query: str) -> str:
        """Record the start of a collection run and return its id."""
        run_id = uuid.uuid4().hex
        self.con.execute(
            "INSERT INTO collection_runs (run_id, collector, collector_version, "
            "query, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')",
            [run_id, collector, collector_version, query, _now()],
        )
        return run_id

    def save_checkpoint(self, run_id: str, state: dict) -> None:
        """Save a run's resume state as JSON, committed at once."""
        payload = json.dumps(state, sort_keys=True, default=str)
        row = self.con.execute(
            "UPDATE collection_runs SET checkpoint = ?, checkpoint_at = ? "
            "WHERE run_id = ?",
            [payload, _now(), run_id],
        ).fetchall()[0]
        if not row or row[0] == 0:
            raise DataError(f"no collection run with id {run_id!r}", field="run_id")

    def finish_run(self, run_id: str, status: str, n_messages: int) -> None:
        """Mark a run ``finished``, ``failed`` or ``interrupted``."""
        if status not in _RUN_STATUSES:
            raise DataError(
                f"unknown run status {status!r}; expected one of {_RUN_STATUSES}",
                field="status",
            )
        row = self.con.execute(
            "UPDATE collection_runs SET status = ?, n_messages = ?, finished_at = ? "
            "WHERE run_id = ?",
            [status, int(n_messages), _now(), run_id],
        ).fetchall()[0]
        if not row or row[0] == 0:
            raise DataError(f"no collection run with id {run_id!r}", field="run_id")

    def last_checkpoint(self, collector: str, query: str) -> dict | None:
        """Return the latest checkpoint saved by any run of collector+query."""
        rows = self.con.execute(
            """
            SELECT checkpoint FROM collection_runs
            WHERE collector = ? AND query IS NOT DISTINCT FROM ?
              AND checkpoint IS NOT NULL
            ORDER BY checkpoint_at DESC NULLS LAST, started_at DESC
            LIMIT 1
            """,
            [collector, query],
        ).fetchall()
        return json.loads(rows[0][0]) if rows else None

    # -- maintenance -------------------------------------------------------
    def stats(self) -> dict:
        """Return counts that describe the store.

        Returns
        -------
        dict
            ``messages``, ``messages_with_text``, ``messages_purged``,
            ``messages_linked`` (with at least one politician), ``links``,
            ``by_platform``, ``by_relation``, ``rosters`` (people per roster),
            ``scores`` (rows per model version), ``runs`` (per status),
            ``first_message`` and ``last_message`` (ISO UTC or None),
            ``path`` and ``size_bytes``.
        """

        def scalar(sql: str) -> Any:
            row = self.con.execute(sql).fetchall()[0]
            return row[0] if row else None

        def pairs(sql: str) -> dict[str, int]:
            return {str(k): int(v) for k, v in self.con.execute(sql).fetchall()}

        first, last = self.con.execute(
            "SELECT min(created_at), max(created_at) FROM messages"
        ).fetchall()[0] or (None, None)
        size = None
        if self.path != ":memory:" and Path(self.path).exists():
            size = Path(self.path).stat().st_size
        return {
            "path": self.path,
            "size_bytes": size,
            "messages": int(scalar("SELECT count(*) FROM messages")),
            "messages_with_text": int(
                scalar("SELECT count(*) FROM messages WHERE text IS NOT NULL")
            ),
            "messages_purged": int(
                scalar("SELECT count(*) FROM messages WHERE text_purged_at IS NOT NULL")
            ),
            "messages_linked": int(
                scalar(
                    "SELECT count(*) FROM (SELECT DISTINCT platform, message_id "
                    "FROM message_recipients)"
                )
            ),
            "links": int(scalar("SELECT count(*) FROM message_recipients")),
            "first_message": first.isoformat() if first else None,
            "last_message": last.isoformat() if last else None,
            "by_platform": pairs(
                "SELECT platform, count(*) FROM messages GROUP BY 1 ORDER BY 1"
            ),
            "by_relation": pairs(
                "SELECT relation, count(*) FROM message_recipients GROUP BY 1 "
                "ORDER BY 1"
            ),
            "rosters": pairs(
                "SELECT roster, count(*) FROM roster_people GROUP BY 1 ORDER BY 1"
            ),
            "scores": pairs(
                "SELECT model_version, count(*) FROM scores GROUP BY 1 ORDER BY 1"
            ),
            "runs": pairs(
                "SELECT status, count(*) FROM collection_runs GROUP BY 1 ORDER BY 1"
            ),
        }

    def export_parquet(
        self, out_dir: str | os.PathLike[str], *, force: bool = False
    ) -> list[Path]:
        """Write every table to ``out_dir/<table>.parquet``.

        Parameters
        ----------
        out_dir : str or path-like
            Folder, created if missing.
        force : bool, default False
            Overwrite existing files; without it an existing file raises
            :class:`~hatewatch.errors.OutputExistsError` before anything is
            written.

        Returns
        -------
        list of pathlib.Path
            The files written, in :data:`TABLES` order.
        """
        out = Path(out_dir)
        targets = [out / f"{t}.parquet" for t in TABLES]
        existing = [p for p in targets if p.exists()]
        if existing and not force:
            raise OutputExistsError.at(existing[0], action="overwrite the export")
        out.mkdir(parents=True, exist_ok=True)
        for table, target in zip(TABLES, targets, strict=True):
            tmp = target.with_name(f".{target.name}.part")
            quoted = str(tmp).replace("'", "''")
            self.con.execute(
                f"COPY (SELECT * FROM {table}) TO '{quoted}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            os.replace(tmp, target)
        return targets

    def _purge_cutoff(
        self, older_than: timedelta, now: datetime | None, by: str
    ) -> tuple[datetime, datetime]:
        """``(reference time, cutoff)`` of a purge, both naive UTC."""
        if by not in ("created_at", "retrieved_at"):
            raise DataError(
                f"by must be 'created_at' or 'retrieved_at', not {by!r}", field="by"
            )
        if older_than <= timedelta(0):
            raise DataError("the retention window must be positive", field="older_than")
        ref = _utc_naive(now) if now is not None else _now()
        assert ref is not None
        try:
            cutoff = ref - older_than
        except OverflowError:  # a window reaching before year 1: nothing is older
            cutoff = datetime.min
        return ref, cutoff

    def count_purgeable(
        self,
        older_than: timedelta,
        *,
        now: datetime | None = None,
        by: str = "created_at",
    ) -> int:
        """Count the messages :meth:`purge_text` would remove the text of.

        Parameters are those of :meth:`purge_text`; nothing is changed.
        """
        _, cutoff = self._purge_cutoff(older_than, now, by)
        row = self.con.execute(
            f"SELECT count(*) FROM messages WHERE text IS NOT NULL AND {by} < ?",
            [cutoff],
        ).fetchall()[0]
        return int(row[0]) if row else 0

    def purge_text(
        self,
        older_than: timedelta,
        *,
        now: datetime | None = None,
        by: str = "created_at",
        rewrite: bool = True,
    ) -> int:
        """Remove the raw text of messages past the retention window.

        The message row, its recipient links and its scores stay, so counts
        and aggregates still work; ``text`` becomes NULL and
        ``text_purged_at`` records when.

        An UPDATE alone leaves the old values in the file's data blocks (a
        DuckDB file reuses freed blocks only later, and ``VACUUM`` does not
        rewrite them), so after the update the whole store is copied into a
        new file that replaces the old one and the write-ahead log is
        checkpointed: no purged text is left in the store file or its WAL.
        Copies of the file made earlier (backups, snapshots) keep theirs.

        Parameters
        ----------
        older_than : datetime.timedelta
            Retention window.
        now : datetime, optional
            Reference time (default: the current UTC time).
        by : {"created_at", "retrieved_at"}, default "created_at"
            Age of a message counted from when it was posted or collected.
        rewrite : bool, default True
            Rewrite the store file when any text was purged (file stores
            only). Needs free disk space for a second copy of the store
            while it runs.

        Returns
        -------
        int
            Messages whose text was removed.
        """
        if self.read_only:
            raise DataError("the store is open read-only; cannot purge", path=self.path)
        ref, cutoff = self._purge_cutoff(older_than, now, by)
        with self._transaction():
            row = self.con.execute(
                f"UPDATE messages SET text = NULL, text_purged_at = ? "
                f"WHERE text IS NOT NULL AND {by} < ?",
                [ref, cutoff],
            ).fetchall()[0]
        n = int(row[0]) if row else 0
        # flush to the file so the old values are not left in the WAL
        self.con.execute("CHECKPOINT")
        if n and rewrite and self.path != ":memory:":
            self._rewrite_file()
        return n

    def _rewrite_file(self) -> None:
        """Copy every table into a fresh file and put it in place of the store.

        Only live rows are copied, so values overwritten or deleted earlier
        (purged text) do not survive in the new file.
        """
        import duckdb

        path = Path(self.path)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.rewrite")
        quoted = str(tmp).replace("'", "''")
        src = self.con.execute("SELECT current_database()").fetchall()[0][0]
        try:
            self.con.execute(f"ATTACH '{quoted}' AS _hw_rewrite")
            try:
                self.con.execute(f'COPY FROM DATABASE "{src}" TO _hw_rewrite')
                self.con.execute("CHECKPOINT _hw_rewrite")
            finally:
                self.con.execute("DETACH _hw_rewrite")
        except duckdb.Error as exc:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
            raise DataError(f"cannot rewrite the store: {exc}", path=self.path) from exc
        settings = self.con.execute(
            "SELECT current_setting('force_compression')"
        ).fetchall()[0][0]
        self.con.close()
        os.replace(tmp, path)
        Path(f"{path}.wal").unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        self.con = duckdb.connect(self.path)
        try:
            self.con.execute("SET TimeZone = 'UTC'")
        except duckdb.Error:  # pragma: no cover - ICU missing
            pass
        if settings and str(settings).lower() not in ("auto", ""):
            self.con.execute(f"SET force_compression = '{settings}'")


class _Transaction:
    """``with`` block: BEGIN, then COMMIT, or ROLLBACK on any exception."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        import duckdb

        if exc_type is None:
            self.con.execute("COMMIT")
            return
        self.con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error) and not isinstance(
            exc, duckdb.InterruptException
        ):
            # constraint and conversion errors are bad input, not a crash
            raise DataError(f"the store rejected the batch: {exc}") from exc
