"""Mastodon collector: mentions of an account you control, and hashtag timelines.

Two kinds of task, through Mastodon.py:

- ``notifications(types=["mention"])`` of the logged-in account: every post
  that mentions it (a politician's account run by their staff, or a
  monitoring account);
- ``timeline_hashtag(tag)`` for each hashtag asked for: public posts with that
  tag, as the instance sees them.

Each task is first read newest to oldest (``max_id`` paging) down to
``since``; the checkpoint then keeps the newest id seen, and a later run of an
open-ended collection reads forward from it (``min_id`` paging), so only new
posts are fetched. HTML ``content`` is turned into plain text.

Message ids are the status ``uri`` (the ActivityPub id, the same on every
instance); authors are pseudonymised from their full ``user@domain``
address. Recipients are roster handles in ``user@domain`` form found among
the post's mentions (``reply`` when the post replies to them, ``quote`` when
it quotes them).

Credentials: ``HATEWATCH_MASTODON_BASE_URL`` (e.g. ``https://mastodon.nl``)
and ``HATEWATCH_MASTODON_ACCESS_TOKEN`` (scope ``read``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from hatewatch.collectors.base import (
    CollectionError,
    Collector,
    HttpFailure,
    Page,
    Task,
    get_credentials,
    install_redaction,
    normalise_handle,
    parse_retry_after,
    parse_time,
    window_label,
)
from hatewatch.errors import require
from hatewatch.privacy import pseudonymise_uri
from hatewatch.records import Message, Recipient

__all__ = [
    "MASTODON_TOKEN_ENV",
    "MASTODON_URL_ENV",
    "MastodonCollector",
    "html_to_text",
]

logger = logging.getLogger(__name__)

MASTODON_URL_ENV = "HATEWATCH_MASTODON_BASE_URL"
MASTODON_TOKEN_ENV = "HATEWATCH_MASTODON_ACCESS_TOKEN"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str | None) -> str | None:
    """Plain text of a Mastodon status ``content``.

    Examples
    --------
    >>> html_to_text('<p>Hoi <a href="x">@<span>kim</span></a> &amp; co<br />ok</p>')
    'Hoi @kim & co\\nok'
    """
    if html is None:
        return None
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    try:
        return obj[name]
    except (KeyError, TypeError, IndexError):
        return getattr(obj, name, None)


def _time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return parse_time(str(value))


class MastodonCollector(Collector):
    """Collect Mastodon mentions of your account and hashtag timelines.

    Parameters
    ----------
    client : mastodon.Mastodon, optional
        A ready client (tests). By default one is built from
        ``HATEWATCH_MASTODON_BASE_URL`` and ``HATEWATCH_MASTODON_ACCESS_TOKEN``
        with ``ratelimit_method="throw"`` so that waits show a countdown.
    notifications : bool
        Collect the mention notifications of the logged-in account.
    hashtags : sequence of str
        Hashtags (without ``#``) whose public timelines to collect.
    page_size : int
        ``limit`` per request (at most 40 on Mastodon).
    **kwargs
        Retry and test hooks, see :class:`~hatewatch.collectors.base.Collector`.

    Examples
    --------
    >>> from hatewatch import Store
    >>> c = MastodonCollector(hashtags=["tweedekamer"])      # doctest: +SKIP
    >>> c.collect(Store("hw.duckdb"), ["fleuragema@mastodon.nl"])  # doctest: +SKIP
    """

    name = "mastodon"
    platform = "mastodon"
    credential_vars = (MASTODON_URL_ENV, MASTODON_TOKEN_ENV)

    def __init__(
        self,
        client: Any = None,
        *,
        notifications: bool = True,
        hashtags: Sequence[str] = (),
        page_size: int = 40,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._client = client
        self.notifications = notifications
        self.hashtags = [t.lstrip("#").lower() for t in hashtags]
        self.page_size = page_size
        self._handles: set[str] = set()
        self._last_headers: Any = None
        self._hooked = False

    # -- client -------------------------------------------------------------

    @property
    def client(self) -> Any:
        """The Mastodon.py client, built from the environment on first use."""
        if self._client is None:
            mastodon = require("mastodon", "collectors")
            base_url, token = get_credentials(
                (MASTODON_URL_ENV, "Mastodon instance URL"),
                (MASTODON_TOKEN_ENV, "Mastodon access token"),
            )
            install_redaction("mastodon", [token])
            self._client = mastodon.Mastodon(
                access_token=token,
                api_base_url=base_url,
                ratelimit_method="throw",
                version_check_mode="none",
            )
        if not self._hooked:
            # Mastodon.py's errors carry no headers; keep them for Retry-After
            def keep_headers(response: Any, *args: Any, **kwargs: Any) -> None:
                self._last_headers = response.headers

            self._client.session.hooks["response"].append(keep_headers)
            self._hooked = True
        return self._client

    @property
    def domain(self) -> str:
        """Host of the instance, used to complete local ``acct`` names."""
        return (urlsplit(self.client.api_base_url).hostname or "").lower()

    def prepare(self) -> None:
        """Build (and log in) the client: a missing credential fails here."""
        self.client  # noqa: B018

    def failure(self, exc: BaseException) -> HttpFailure | None:
        """Map Mastodon.py exceptions to HTTP failures."""
        from mastodon import errors

        retry_after = parse_retry_after(self._last_headers, self.clock())
        if isinstance(exc, errors.MastodonRatelimitError):
            return HttpFailure(429, retry_after)
        if isinstance(exc, errors.MastodonNetworkError):
            return HttpFailure(None)
        if isinstance(exc, errors.MastodonAPIError):
            status = exc.args[1] if len(exc.args) > 1 else None
            if isinstance(status, int):
                return HttpFailure(status, retry_after)
        return None

    def call(self, fn: Any, *args: Any, what: str = "", **kw: Any) -> Any:
        """:meth:`Collector.call`, turning other API errors into a clear error."""
        from mastodon import errors

        self._last_headers = None
        try:
            return super().call(fn, *args, what=what, **kw)
        except errors.MastodonError as exc:
            detail = " ".join(str(a) for a in exc.args[1:] if a is not None)
            raise CollectionError(
                f"Mastodon refused {what or 'a request'}: {detail}".strip()
            ) from exc

    # -- planning -----------------------------------------------------------

    def plan(
        self, handles: Sequence[str], since: datetime | None, until: datetime | None
    ) -> list[Task]:
        """A notifications task and one task per hashtag."""
        self._handles = set(handles)
        window = window_label(since, until)
        params = {"since": since, "until": until}
        bounded = until is not None
        tasks = []
        if self.notifications:
            tasks.append(
                Task(
                    f"notifications:mention {window}",
                    "notifications types=mention",
                    None,
                    dict(params, kind="notifications"),
                    bounded,
                )
            )
        for tag in self.hashtags:
            tasks.append(
                Task(
                    f"timeline_hashtag:{tag} {window}",
                    f"timeline_hashtag #{tag}",
                    None,
                    dict(params, kind="hashtag", tag=tag),
                    bounded,
                )
            )
        return tasks

    # -- paging -------------------------------------------------------------

    def _fetch(self, task: Task, **ids: Any) -> list[Any]:
        """One page, newest first (notifications of deleted posts included)."""
        kw = {k: v for k, v in ids.items() if v is not None}
        if task.params["kind"] == "notifications":
            items = self.call(
                self.client.notifications,
                types=["mention"],
                limit=self.page_size,
                what="notifications",
                **kw,
            )
            return list(items or [])
        tag = task.params["tag"]
        return list(
            self.call(
                self.client.timeline_hashtag,
                tag,
                limit=self.page_size,
                what=f"timeline_hashtag #{tag}",
                **kw,
            )
            or []
        )

    def pages(self, task: Task, state: dict[str, Any]) -> Iterator[Page]:
        """Backfill newest-to-oldest, or read forward from the last newest id."""
        since, until = task.params.get("since"), task.params.get("until")
        is_note = task.params["kind"] == "notifications"

        def status_of(item: Any) -> Any:
            return _get(item, "status") if is_note else item

        def keep(item: Any) -> bool:
            status = status_of(item)
            if status is None or (is_note and _get(item, "type") != "mention"):
                return False
            t = _time(_get(status, "created_at"))
            return (since is None or t >= since) and (until is None or t < until)

        forward = state.get("phase") == "forward" or (
            state.get("complete") and state.get("min_id")
        )
        if forward:
            cursor = state["min_id"]
            while True:
                items = self._fetch(task, min_id=cursor)
                if not items:
                    yield Page([], {"complete": True, "min_id": cursor})
                    return
                cursor = str(max(int(_get(i, "id")) for i in items))
                messages = [self._message(status_of(i), task) for i in items if keep(i)]
                yield Page(messages, {"phase": "forward", "min_id": cursor})

        max_id = state.get("max_id") if state.get("phase") == "backfill" else None
        top_id = state.get("top_id") if state.get("phase") == "backfill" else None
        if max_id is None and until is not None and not is_note:
            max_id = until  # Mastodon.py turns a datetime into a status id
        while True:
            items = self._fetch(task, max_id=max_id)
            if items and top_id is None:
                top_id = str(max(int(_get(i, "id")) for i in items))
            messages = [self._message(status_of(i), task) for i in items if keep(i)]
            older = since is not None and any(
                _time(_get(i, "created_at")) < since for i in items
            )
            if not items or older:
                yield Page(messages, {"complete": True, "min_id": top_id})
                return
            max_id = str(min(int(_get(i, "id")) for i in items))
            yield Page(
                messages, {"phase": "backfill", "max_id": max_id, "top_id": top_id}
            )

    # -- parsing ------------------------------------------------------------

    def _full_acct(self, account: Any) -> str:
        acct = normalise_handle(str(_get(account, "acct") or ""))
        return acct if "@" in acct else f"{acct}@{self.domain}"

    def _message(self, status: Any, task: Task) -> Message:
        recipients: list[Recipient] = []
        seen: set[str] = set()
        reply_account = _get(status, "in_reply_to_account_id")
        reply_account = str(reply_account) if reply_account is not None else None
        quote = _get(_get(status, "quote"), "quoted_status")
        if quote is not None:
            quoted = self._full_acct(_get(quote, "account"))
            if quoted in self._handles:
                recipients.append(Recipient("quote", quoted))
        for mention in _get(status, "mentions") or []:
            handle = self._full_acct(mention)
            if handle not in self._handles or handle in seen:
                continue
            seen.add(handle)
            is_reply = reply_account is not None and str(_get(mention, "id")) == (
                reply_account
            )
            recipients.append(Recipient("reply" if is_reply else "mention", handle))
        in_reply_to = _get(status, "in_reply_to_id")
        return Message(
            platform=self.platform,
            # status URIs name their author's account: store them pseudonymised
            message_id=str(
                pseudonymise_uri(_get(status, "uri"), self.pseudonymise)
                or _get(status, "id")
            ),
            created_at=_time(_get(status, "created_at")),
            author_id=self.pseudonymise(self._full_acct(_get(status, "account"))),
            text=html_to_text(_get(status, "content")),
            recipients=recipients,
            conversation_id=None,
            lang=_get(status, "language"),
            in_reply_to=str(in_reply_to) if in_reply_to is not None else None,
            **self.provenance(task.query),
        )
