"""Bluesky collector: ``app.bsky.feed.searchPosts`` through the atproto SDK.

For each roster handle the collector searches posts with
``mentions=<handle>``, ``sort=latest`` and a ``since``/``until`` window,
following ``cursor`` page by page (newest first).

Search cursors do not reach arbitrarily deep: the service stops returning
posts (an empty page that still carries a cursor) somewhere in a large result
set. When that happens, or when one window has yielded ``window_cap`` posts,
the part of the window not yet covered (from ``since`` up to the oldest post
seen) is split in two halves, and each half is searched from the start. A
remainder shorter than ``min_window`` that still cannot be exhausted is
reported as incomplete instead of being split forever.

Only rich-text mentions are found this way: a reply to a politician's post
that does not @-mention them is not returned by ``mentions=``. Such replies,
and quotes, are labelled ``reply``/``quote`` when found.

Credentials: ``HATEWATCH_BSKY_HANDLE`` and ``HATEWATCH_BSKY_APP_PASSWORD``
(an app password, never the account password); ``HATEWATCH_BSKY_PDS`` sets
the PDS (``https://bsky.social`` by default).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hatewatch.collectors.base import (
    CollectionError,
    Collector,
    HttpFailure,
    Page,
    Task,
    get_credentials,
    iso,
    parse_retry_after,
    parse_time,
    window_label,
)
from hatewatch.errors import require
from hatewatch.privacy import pseudonymise_uri
from hatewatch.records import Message, Recipient

__all__ = ["BSKY_HANDLE_ENV", "BSKY_PASSWORD_ENV", "BSKY_PDS_ENV", "BlueskyCollector"]

logger = logging.getLogger(__name__)

BSKY_HANDLE_ENV = "HATEWATCH_BSKY_HANDLE"
BSKY_PASSWORD_ENV = "HATEWATCH_BSKY_APP_PASSWORD"
BSKY_PDS_ENV = "HATEWATCH_BSKY_PDS"
#: No Bluesky post is older than this; the lower bound of an open window.
BLUESKY_START = datetime(2022, 11, 1, tzinfo=UTC)
# later runs of an open-ended collection start this much before the last end,
# for posts indexed late; duplicates are not stored twice
_OVERLAP = timedelta(minutes=10)
_MENTION = "app.bsky.richtext.facet#mention"


def _get(obj: Any, name: str, alias: str | None = None) -> Any:
    """Attribute of an SDK model, or key of a dict the SDK left unparsed."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(alias or name, obj.get(name))
    return getattr(obj, name, None)


def _did_of(uri: str | None) -> str | None:
    """The DID in ``at://did:plc:xyz/collection/rkey``."""
    if not uri or not uri.startswith("at://"):
        return None
    return uri[5:].split("/", 1)[0]


class BlueskyCollector(Collector):
    """Collect Bluesky posts mentioning roster handles.

    Parameters
    ----------
    client : atproto.Client, optional
        A client to use (tests pass one with a mock transport). It is logged
        in with the credentials from the environment unless ``login=False``.
    login : bool
        Log in before searching (search needs an authenticated session).
    query : str
        The ``q`` parameter sent with ``mentions=`` (``*``: any text).
    page_size : int
        ``limit`` per request (1-100).
    window_cap : int
        Posts after which a window is treated as truncated and split.
    min_window : timedelta
        Smallest window that is still split.
    **kwargs
        Retry and test hooks, see :class:`~hatewatch.collectors.base.Collector`.

    Examples
    --------
    >>> from hatewatch import Store
    >>> BlueskyCollector().collect(Store("hw.duckdb"), ["fleuragema.bsky.social"])
    ... # doctest: +SKIP
    """

    name = "bluesky"
    platform = "bluesky"
    credential_vars = (BSKY_HANDLE_ENV, BSKY_PASSWORD_ENV)

    def __init__(
        self,
        client: Any = None,
        *,
        login: bool = True,
        query: str = "*",
        page_size: int = 100,
        window_cap: int = 2500,
        min_window: timedelta = timedelta(minutes=1),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._client = client
        self._needs_login = login
        self.query = query
        self.page_size = page_size
        self.window_cap = window_cap
        self.min_window = min_window
        self._handles: set[str] = set()
        self._dids: dict[str, str] | None = None  # did -> roster handle

    # -- client -------------------------------------------------------------

    @property
    def client(self) -> Any:
        """The logged-in atproto client."""
        if self._client is None:
            atproto = require("atproto", "collectors")
            base_url = os.environ.get(BSKY_PDS_ENV) or None
            self._client = atproto.Client(base_url)
        if self._needs_login:
            handle, password = get_credentials(
                (BSKY_HANDLE_ENV, "Bluesky login handle"),
                (BSKY_PASSWORD_ENV, "Bluesky app password"),
            )
            self.call(
                self._client.login,
                handle,
                password,
                fetch_bsky_profile=False,
                what="login (com.atproto.server.createSession)",
            )
            self._needs_login = False
        return self._client

    def prepare(self) -> None:
        """Build (and log in) the client: a missing credential fails here."""
        self.client  # noqa: B018

    def failure(self, exc: BaseException) -> HttpFailure | None:
        """Map atproto exceptions to HTTP failures."""
        from atproto_client import exceptions

        if isinstance(exc, exceptions.RequestErrorBase):
            response = exc.response
            if response is None:  # no answer at all: timeout, connection reset
                return HttpFailure(None)
            headers = response.headers or {}
            return HttpFailure(
                response.status_code, parse_retry_after(headers, self.clock())
            )
        if isinstance(exc, exceptions.NetworkError | exceptions.InvokeTimeoutError):
            return HttpFailure(None)
        return None

    def call(self, fn: Any, *args: Any, what: str = "", **kw: Any) -> Any:
        """:meth:`Collector.call`, turning other API errors into a clear error."""
        from atproto_client import exceptions

        try:
            return super().call(fn, *args, what=what, **kw)
        except exceptions.RequestErrorBase as exc:
            content = exc.response.content if exc.response is not None else None
            detail = _get(content, "message") or _get(content, "error") or ""
            status = exc.response.status_code if exc.response is not None else "?"
            what = what or "a request"
            raise CollectionError(
                f"Bluesky refused {what} (HTTP {status}) {detail}".strip()
            ) from exc

    # -- planning -----------------------------------------------------------

    def plan(
        self, handles: Sequence[str], since: datetime | None, until: datetime | None
    ) -> list[Task]:
        """One search task per handle."""
        self._handles = set(handles)
        window = window_label(since, until)
        return [
            Task(
                f"searchPosts:mentions={h} {window}",
                f"searchPosts q={self.query} mentions={h}",
                h,
                {"since": since, "until": until},
                until is not None,
            )
            for h in handles
        ]

    def _resolve_dids(self) -> dict[str, str]:
        if self._dids is None:
            self._dids = {}
            handles = sorted(self._handles)
            for i in range(0, len(handles), 25):
                resp = self.call(
                    self.client.app.bsky.actor.get_profiles,
                    params={"actors": handles[i : i + 25]},
                    what="app.bsky.actor.getProfiles",
                )
                for profile in resp.profiles:
                    self._dids[profile.did] = profile.handle.lower()
            missing = self._handles - set(self._dids.values())
            if missing:
                logger.warning(
                    "Bluesky does not know these handles: %s", sorted(missing)
                )
        return self._dids

    # -- paging -------------------------------------------------------------

    def _fresh_state(self, task: Task, state: dict[str, Any]) -> dict[str, Any]:
        now = datetime.fromtimestamp(self.clock(), UTC)
        until = task.params.get("until") or now
        since = task.params.get("since") or BLUESKY_START
        if state.get("complete") and state.get("high_water"):
            since = max(since, parse_time(state["high_water"]) - _OVERLAP)
        return {
            "windows": [[iso(since), iso(until)]],
            "cursor": None,
            "window_posts": 0,
            "window_oldest": None,
            "incomplete": list(state.get("incomplete", [])),
            "high_water": iso(until),
        }

    def pages(self, task: Task, state: dict[str, Any]) -> Iterator[Page]:
        """Pages of one handle's search, newest first, splitting stuck windows."""
        dids = self._resolve_dids()
        st = (
            self._fresh_state(task, state)
            if not state or state.get("complete")
            else {**state, "windows": [list(w) for w in state["windows"]]}
        )
        search = self.client.app.bsky.feed.search_posts
        while st.get("windows"):
            since_s, until_s = st["windows"][-1]
            params: dict[str, Any] = {
                "q": self.query,
                "mentions": task.handle,
                "since": since_s,
                "until": until_s,
                "sort": "latest",
                "limit": self.page_size,
            }
            if st["cursor"]:
                params["cursor"] = st["cursor"]
            resp = self.call(
                search, params=params, what=f"searchPosts mentions={task.handle}"
            )
            posts = list(resp.posts or [])
            cursor = resp.cursor
            messages = []
            for post in posts:
                message, sort_at = self._message(post, task, dids)
                messages.append(message)
                oldest = st["window_oldest"]
                if oldest is None or sort_at < parse_time(oldest):
                    st["window_oldest"] = iso(sort_at)
            st["window_posts"] += len(posts)
            truncated = (cursor and not posts) or st["window_posts"] >= self.window_cap
            if truncated:
                self._split(st)
            elif cursor:
                st["cursor"] = cursor
            else:
                st["windows"].pop()
                self._reset_window(st)
            if not st["windows"]:
                st = {
                    "complete": True,
                    "high_water": st["high_water"],
                    "incomplete": st["incomplete"],
                }
            yield Page(messages, dict(st))

    @staticmethod
    def _reset_window(st: dict[str, Any]) -> None:
        st.update(cursor=None, window_posts=0, window_oldest=None)

    def _split(self, st: dict[str, Any]) -> None:
        since_s, until_s = st["windows"].pop()
        since, until = parse_time(since_s), parse_time(until_s)
        end = until
        if st["window_oldest"]:
            # newer posts than the oldest seen are stored already; one second of
            # overlap keeps posts sharing that timestamp
            end = min(until, parse_time(st["window_oldest"]) + timedelta(seconds=1))
        self._reset_window(st)
        if end - since < self.min_window:
            if end > since:
                logger.warning(
                    "Bluesky search could not be exhausted between %s and %s",
                    iso(since),
                    iso(end),
                )
                st["incomplete"].append([iso(since), iso(end)])
            return
        middle = since + (end - since) / 2
        # the stack pops from the end: the newer half is searched first
        st["windows"].append([iso(since), iso(middle)])
        st["windows"].append([iso(middle), iso(end)])
        logger.info(
            "Bluesky search window truncated; split into %s..%s and %s..%s",
            iso(middle),
            iso(end),
            iso(since),
            iso(middle),
        )

    # -- parsing ------------------------------------------------------------

    def _message(
        self, post: Any, task: Task, dids: dict[str, str]
    ) -> tuple[Message, datetime]:
        record = post.record
        created = parse_time(_get(record, "created_at", "createdAt"))
        indexed = parse_time(post.indexed_at) if post.indexed_at else created
        recipients: list[Recipient] = []
        seen: set[tuple[str, str]] = set()

        def add(relation: str, did: str | None) -> None:
            handle = dids.get(did or "")
            if relation == "mention" and ("reply", handle) in seen:
                return  # the reply's @-mention of its parent's author
            if handle and (relation, handle) not in seen:
                seen.add((relation, handle))
                recipients.append(Recipient(relation, handle))

        reply = _get(record, "reply")
        parent_uri = _get(_get(reply, "parent"), "uri")
        root_uri = _get(_get(reply, "root"), "uri")
        add("reply", _did_of(parent_uri))
        embed = _get(record, "embed")
        quoted = _get(embed, "record")
        if _get(quoted, "record") is not None:  # recordWithMedia wraps the record
            quoted = _get(quoted, "record")
        add("quote", _did_of(_get(quoted, "uri")))
        for facet in _get(record, "facets") or []:
            for feature in _get(facet, "features") or []:
                if _get(feature, "py_type", "$type") == _MENTION:
                    add("mention", _get(feature, "did"))
        if not recipients and task.handle:
            recipients.append(Recipient("mention", task.handle))
        langs = _get(record, "langs") or []
        # post URIs name their author's DID: store them pseudonymised
        message_id = pseudonymise_uri(post.uri, self.pseudonymise) or post.uri
        message = Message(
            platform=self.platform,
            message_id=message_id,
            created_at=created,
            author_id=self.pseudonymise(post.author.did),
            text=_get(record, "text"),
            recipients=recipients,
            conversation_id=pseudonymise_uri(root_uri, self.pseudonymise) or message_id,
            lang=langs[0] if langs else None,
            in_reply_to=pseudonymise_uri(parent_uri, self.pseudonymise),
            **self.provenance(task.query),
        )
        return message, min(created, indexed)
