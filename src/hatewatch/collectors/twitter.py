"""X (Twitter) collector: API v2 through tweepy.

For each roster handle the collector searches ``(@handle OR to:handle)
-is:retweet`` with ``search_recent_tweets`` (last 7 days) or, with
``archive=True``, ``search_all_tweets`` (full archive, needs Pro/Enterprise
access). Optionally it also reads ``get_users_mentions`` per handle and whole
threads with ``conversation_id:<id>`` queries.

Checkpoints: while paging (newest first) the checkpoint holds the
``next_token`` of the next page; when a query is exhausted it holds the
newest tweet id seen, which the next run passes as ``since_id`` so that an
open-ended collection (no ``until``) only fetches what is new.

The bearer token comes from ``HATEWATCH_X_BEARER_TOKEN`` (or the credentials
file). tweepy's own ``wait_on_rate_limit`` is off: rate limits are waited out
by :meth:`Collector.call` with a visible countdown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hatewatch.collectors.base import (
    CollectionError,
    Collector,
    HttpFailure,
    Page,
    Task,
    _utc,
    get_credential,
    install_redaction,
    iso,
    normalise_handle,
    parse_retry_after,
    parse_time,
    window_label,
)
from hatewatch.errors import require
from hatewatch.records import Message, Recipient

__all__ = [
    "BEARER_ENV",
    "DEFAULT_PRICE_PER_1K",
    "DEFAULT_QUERY",
    "PRICE_ENV",
    "Estimate",
    "TwitterCollector",
]

logger = logging.getLogger(__name__)

BEARER_ENV = "HATEWATCH_X_BEARER_TOKEN"
PRICE_ENV = "HATEWATCH_X_PRICE_PER_1K"
#: Assumed price in USD per 1,000 posts read (X pay-per-use post reads at
#: USD 0.005 each). Plans differ and prices change: set your own with
#: ``price_per_1k=`` / ``--price-per-1k`` or ``HATEWATCH_X_PRICE_PER_1K``.
DEFAULT_PRICE_PER_1K = 5.0
#: Search query per handle; ``{handle}`` is replaced.
DEFAULT_QUERY = "(@{handle} OR to:{handle}) -is:retweet"

_EXPANSIONS = [
    "author_id",
    "referenced_tweets.id",
    "referenced_tweets.id.author_id",
    "in_reply_to_user_id",
    "entities.mentions.username",
]
_TWEET_FIELDS = [
    "created_at",
    "conversation_id",
    "lang",
    "referenced_tweets",
    "entities",
    "in_reply_to_user_id",
    "author_id",
]
_USER_FIELDS = ["username"]
#: how far back X accepts a since_id or start_time in recent search
_RECENT_LIMIT = timedelta(days=7)
# the window asked for keeps a margin for the request's travel
_RECENT_SPAN = _RECENT_LIMIT - timedelta(minutes=5)
_TWITTER_EPOCH_MS = 1288834974657


def _snowflake_time(tweet_id: str) -> datetime:
    return datetime.fromtimestamp(
        ((int(tweet_id) >> 22) + _TWITTER_EPOCH_MS) / 1000, UTC
    )


def _max_id(*ids: str | None) -> str | None:
    present = [int(i) for i in ids if i]
    return str(max(present)) if present else None


@dataclass(slots=True)
class Estimate:
    """Expected volume (and cost) of a collection, from the counts endpoint."""

    counts: dict[str, int] = field(default_factory=dict)
    price_per_1k: float = DEFAULT_PRICE_PER_1K
    archive: bool = False

    @property
    def total(self) -> int:
        """Posts over all queries."""
        return sum(self.counts.values())

    @property
    def cost(self) -> float:
        """Estimated cost in USD at :attr:`price_per_1k`."""
        return self.total / 1000 * self.price_per_1k

    def table(self) -> str:
        """Tab-separated lines: one per query, then the total and the cost."""
        lines = ["query\tposts"]
        lines += [f"{q}\t{n}" for q, n in self.counts.items()]
        lines.append(f"TOTAL\t{self.total}")
        lines.append(
            f"ESTIMATED COST (USD, at {self.price_per_1k:g} per 1k posts)\t"
            f"{self.cost:.2f}"
        )
        return "\n".join(lines)


class TwitterCollector(Collector):
    """Collect posts aimed at roster handles on X, through tweepy (API v2).

    Parameters
    ----------
    client : tweepy.Client, optional
        A ready client (tests). By default one is built from
        ``HATEWATCH_X_BEARER_TOKEN`` with ``wait_on_rate_limit=False``.
    archive : bool
        Use ``search_all_tweets`` (full archive) instead of the last 7 days.
    query_template : str
        Search query per handle, ``{handle}`` replaced.
    mentions_timeline : bool
        Also read ``get_users_mentions`` for each handle (the newest 800
        mentions; overlaps with search, duplicates are not stored twice).
    conversation_ids : sequence of str
        Also collect whole threads with ``conversation_id:<id>``.
    page_size : int
        ``max_results`` per request (10-100 recent, 10-500 archive).
    **kwargs
        Retry and test hooks, see :class:`~hatewatch.collectors.base.Collector`.

    Examples
    --------
    >>> from hatewatch import Store
    >>> collector = TwitterCollector()                      # doctest: +SKIP
    >>> collector.collect(Store("hw.duckdb"), ["markrutte"])  # doctest: +SKIP
    """

    name = "twitter"
    platform = "twitter"
    credential_vars = (BEARER_ENV,)

    def __init__(
        self,
        client: Any = None,
        *,
        archive: bool = False,
        query_template: str = DEFAULT_QUERY,
        mentions_timeline: bool = False,
        conversation_ids: Sequence[str] = (),
        page_size: int = 100,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._client = client
        self.archive = archive
        self.query_template = query_template
        self.mentions_timeline = mentions_timeline
        self.conversation_ids = list(conversation_ids)
        self.page_size = page_size
        self._handles: set[str] = set()
        self._user_ids: dict[str, str] = {}

    # -- client -------------------------------------------------------------

    @property
    def client(self) -> Any:
        """The tweepy client, built from the environment on first use."""
        if self._client is None:
            tweepy = require("tweepy", "collectors")
            token = get_credential(BEARER_ENV, what="X API v2 bearer token")
            self._client = tweepy.Client(bearer_token=token, wait_on_rate_limit=False)
        # tweepy logs request headers, bearer token included, at DEBUG level
        install_redaction("tweepy.client", [getattr(self._client, "bearer_token", "")])
        return self._client

    def prepare(self) -> None:
        """Build (and log in) the client: a missing credential fails here."""
        self.client  # noqa: B018

    def failure(self, exc: BaseException) -> HttpFailure | None:
        """Map tweepy and requests exceptions to HTTP failures."""
        import requests
        import tweepy

        if isinstance(exc, tweepy.HTTPException):
            response = exc.response
            status = getattr(response, "status_code", None) or 0
            headers = getattr(response, "headers", None)
            return HttpFailure(status, parse_retry_after(headers, self.clock()))
        if isinstance(exc, requests.ConnectionError | requests.Timeout):
            return HttpFailure(None)
        return None

    def call(self, fn: Any, *args: Any, what: str = "", **kw: Any) -> Any:
        """:meth:`Collector.call`, turning other API errors into a clear error."""
        import tweepy

        try:
            return super().call(fn, *args, what=what, **kw)
        except tweepy.HTTPException as exc:
            raise CollectionError(
                f"X API refused {what or 'a request'}: {exc}".strip()
            ) from exc

    # -- planning -----------------------------------------------------------

    def _window(
        self, since: datetime | None, until: datetime | None
    ) -> tuple[datetime | None, datetime | None]:
        if self.archive:
            return since, until
        earliest = datetime.fromtimestamp(self.clock(), UTC) - _RECENT_SPAN
        if since is None or since < earliest:
            if since is not None:
                logger.warning(
                    "recent search reaches back 7 days only; starting at %s "
                    "(use archive=True / --full-archive for older posts)",
                    iso(earliest),
                )
            since = earliest
        return since, until

    def plan(
        self, handles: Sequence[str], since: datetime | None, until: datetime | None
    ) -> list[Task]:
        """One search task per handle (plus mentions/conversation tasks)."""
        self._handles = set(handles)
        mode = "all" if self.archive else "recent"
        window = window_label(since, until)
        params = {"since": since, "until": until}
        tasks = []
        for handle in handles:
            query = self.query_template.format(handle=handle)
            tasks.append(
                Task(
                    f"{mode}:{query} {window}",
                    query,
                    handle,
                    dict(params),
                    until is not None,
                )
            )
        if self.mentions_timeline:
            for handle in handles:
                query = f"mentions:{handle}"
                params_m = dict(params, kind="mentions")
                tasks.append(
                    Task(
                        f"{query} {window}", query, handle, params_m, until is not None
                    )
                )
        for conv in self.conversation_ids:
            query = f"conversation_id:{conv}"
            tasks.append(
                Task(
                    f"{mode}:{query} {window}",
                    query,
                    None,
                    dict(params),
                    until is not None,
                )
            )
        return tasks

    # -- paging -------------------------------------------------------------

    def _user_id(self, handle: str) -> str:
        if handle not in self._user_ids:
            resp = self.call(
                self.client.get_user, username=handle, what=f"get_user {handle}"
            )
            if resp.data is None:
                raise CollectionError(f"X has no user named {handle!r} (roster handle)")
            self._user_ids[handle] = str(resp.data.id)
        return self._user_ids[handle]

    def pages(self, task: Task, state: dict[str, Any]) -> Iterator[Page]:
        """Pages of one query, newest first, from checkpoint ``state``."""
        since, until = self._window(task.params.get("since"), task.params.get("until"))
        since_id = state.get("since_id")
        if state.get("complete"):
            token, pending = None, None
        else:
            token, pending = state.get("next_token"), state.get("pending_newest")
        if not self.archive and since is not None:
            since_id, token, pending = self._beyond_window(
                task, state, since, since_id, token, pending
            )

        mentions = task.params.get("kind") == "mentions"
        params: dict[str, Any] = {
            "expansions": _EXPANSIONS,
            "tweet_fields": _TWEET_FIELDS,
            "user_fields": _USER_FIELDS,
            "max_results": self.page_size,
        }
        if mentions:
            fn = self.client.get_users_mentions
            params["id"] = self._user_id(task.handle or "")
            token_name = "pagination_token"
        else:
            fn = (
                self.client.search_all_tweets
                if self.archive
                else (self.client.search_recent_tweets)
            )
            params["query"] = task.query
            token_name = "next_token"
        if since_id:
            params["since_id"] = since_id
        elif since is not None:
            params["start_time"] = iso(since)
        if until is not None:
            params["end_time"] = iso(until)
        if token and "start_time" in state:
            # a next_token is only valid with the parameters that produced it
            params["start_time"] = state["start_time"]
        start_time = params.get("start_time")

        while True:
            if token:
                params[token_name] = token
            resp = self.call(fn, what=f"{fn.__name__} {task.query!r}", **params)
            meta = resp.meta or {}
            if pending is None:
                pending = meta.get("newest_id")
            messages = self._messages(resp, task)
            if pending is None and messages:
                pending = _max_id(*(m.message_id for m in messages))
            token = meta.get("next_token")
            if token:
                new_state = {
                    "since_id": since_id,
                    "pending_newest": pending,
                    "next_token": token,
                }
                if start_time:
                    new_state["start_time"] = start_time
            else:
                new_state = {"since_id": _max_id(pending, since_id), "complete": True}
            yield Page(messages, new_state)
            if not token:
                return

    def _beyond_window(
        self,
        task: Task,
        state: dict[str, Any],
        since: datetime,
        since_id: str | None,
        token: str | None,
        pending: str | None,
    ) -> tuple[str | None, str | None, str | None]:
        """Drop checkpoint parts recent search cannot reach, and say so.

        Recent search rejects a ``since_id`` or ``start_time`` older than its
        seven-day window. A checkpoint that old means the posts between it and
        the window start can no longer be collected this way: the run goes on
        from the window start and records the gap, which the CLI prints with
        the way to fill it (``--full-archive``).
        """
        if since_id and _snowflake_time(since_id) < since:
            self.note_gap(
                f"{task.query}: the checkpoint stops at "
                f"{iso(_snowflake_time(since_id))} but recent search reaches back "
                f"only to {iso(since)}; posts between the two cannot be collected "
                "with recent search (rerun with --full-archive, which needs X "
                "Pro/Enterprise access, to fill the gap)"
            )
            since_id = None
        started = state.get("start_time")
        # the token is tied to its start_time, which X accepts up to 7 days back
        limit = datetime.fromtimestamp(self.clock(), UTC) - _RECENT_LIMIT
        if token and started and parse_time(started) < limit:
            self.note_gap(
                f"{task.query}: an unfinished run from {started} is older than "
                f"recent search's window (from {iso(since)}); its remaining pages "
                "cannot be fetched, so the query restarts at the window start and "
                "posts before it are missed (rerun with --full-archive to fill "
                "the gap)"
            )
            token, pending = None, None
        return since_id, token, pending

    # -- parsing ------------------------------------------------------------

    def _messages(self, resp: Any, task: Task) -> list[Message]:
        includes = resp.includes or {}
        users = {
            str(u.id): normalise_handle(u.username) for u in includes.get("users", [])
        }
        tweets = {str(t.id): t.data for t in includes.get("tweets", [])}
        prov = self.provenance(task.query)
        return [
            self._message(t.data, users, tweets, task, prov) for t in resp.data or []
        ]

    def _message(
        self,
        tw: dict[str, Any],
        users: dict[str, str],
        tweets: dict[str, dict[str, Any]],
        task: Task,
        prov: dict[str, Any],
    ) -> Message:
        recipients: list[Recipient] = []
        relations: dict[str, set[str]] = {}

        def add(relation: str, handle: str | None) -> None:
            if (
                handle
                and handle in self._handles
                and relation not in relations.get(handle, set())
            ):
                relations.setdefault(handle, set()).add(relation)
                recipients.append(Recipient(relation, handle))

        refs = {r["type"]: str(r["id"]) for r in tw.get("referenced_tweets") or []}
        add("reply", users.get(str(tw.get("in_reply_to_user_id"))))
        quoted = tweets.get(refs.get("quoted", ""))
        if quoted:
            add("quote", users.get(str(quoted.get("author_id"))))
        for mention in (tw.get("entities") or {}).get("mentions", []):
            handle = normalise_handle(mention.get("username", ""))
            # a reply starts with the replied-to handle: a reply, not a mention
            if "reply" not in relations.get(handle, set()):
                add("mention", handle)
        if not recipients and task.handle:
            # the search matched this handle even if the entities do not show it
            add("mention", task.handle)
        return Message(
            platform=self.platform,
            message_id=str(tw["id"]),
            created_at=parse_time(tw["created_at"]),
            author_id=self.pseudonymise(str(tw["author_id"])),
            text=tw.get("text"),
            recipients=recipients,
            conversation_id=tw.get("conversation_id"),
            lang=tw.get("lang"),
            in_reply_to=refs.get("replied_to"),
            **prov,
        )

    # -- estimate -----------------------------------------------------------

    def estimate(
        self,
        handles: Sequence[str],
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        price_per_1k: float | None = None,
    ) -> Estimate:
        """Count the posts a collection would fetch, per query, without fetching them.

        Uses ``get_recent_tweets_count`` (or ``get_all_tweets_count`` with
        ``archive=True``). Counts cost no post reads.

        Parameters
        ----------
        handles : sequence of str
            Roster handles.
        since, until : datetime, optional
            Time window, as for :meth:`collect`.
        price_per_1k : float, optional
            USD per 1,000 posts; default ``$HATEWATCH_X_PRICE_PER_1K`` or
            :data:`DEFAULT_PRICE_PER_1K`.

        Returns
        -------
        Estimate
            Counts per query, total and estimated cost.
        """
        import os

        if price_per_1k is None:
            raw = os.environ.get(PRICE_ENV)
            price_per_1k = float(raw) if raw else DEFAULT_PRICE_PER_1K
        handles = sorted({normalise_handle(h) for h in handles if h.strip()})
        since, until = self._window(_utc(since), _utc(until))
        fn = (
            self.client.get_all_tweets_count
            if self.archive
            else (self.client.get_recent_tweets_count)
        )
        est = Estimate(price_per_1k=price_per_1k, archive=self.archive)
        for handle in handles:
            query = self.query_template.format(handle=handle)
            params: dict[str, Any] = {"query": query, "granularity": "day"}
            if since is not None:
                params["start_time"] = iso(since)
            if until is not None:
                params["end_time"] = iso(until)
            total = 0
            while True:
                resp = self.call(fn, what=f"{fn.__name__} {query!r}", **params)
                meta = resp.meta or {}
                if "total_tweet_count" in meta:
                    total += int(meta["total_tweet_count"])
                else:
                    total += sum(int(b.get("tweet_count", 0)) for b in resp.data or [])
                token = meta.get("next_token")
                if not token:
                    break
                params["next_token"] = token
            est.counts[query] = total
        return est
