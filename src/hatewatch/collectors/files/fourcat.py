"""4CAT and Zeeschuimer: Zeeschuimer NDJSON items (X and Bluesky) and the
mapping of 4CAT's flat CSV/NDJSON export.

Zeeschuimer writes one captured item per line, ``{"id", "source_platform",
"timestamp_collected", "data"}`` with the platform's own object in ``data``:
an X GraphQL tweet result or a Bluesky post view. 4CAT's flat export is a
generic table read with :data:`FOURCAT_MAPPING`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hatewatch.collectors.files.batch import _platform, _Rows, _str
from hatewatch.collectors.files.generic import ColumnMapping
from hatewatch.io import BadRow


def _dig(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


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
