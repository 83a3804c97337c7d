"""twarc2 JSONL: every kind of line twarc2 writes.

* ``twarc2 search``/``timeline``/``tweets``: one API v2 response page per
  line, ``{"data": [...], "includes": {...}, "meta": {...}, "__twarc": {...}}``.
* ``twarc2 stream``: one filtered-stream response per line, ``{"data": {...},
  "includes": {...}, "matching_rules": [...], "__twarc": {...}}``.
* ``twarc2 flatten``: one tweet per line with its expansions inlined
  (``author``, ``in_reply_to_user``, ``referenced_tweets[].author``).
* API error objects, ``{"errors": [{"title", "detail", ...}]}`` with no
  ``data`` (a stream disconnect, a rate limit): each is reported as a bad
  line with the API's own title and detail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hatewatch.collectors.files.batch import _Rows, _str
from hatewatch.collectors.files.reader import _json_rows
from hatewatch.io import BadRow


def _twarc2_rows(
    path: Path,
    report: Callable[[BadRow], None],
    batch_size: int,
    encoding: str = "utf-8",
) -> Iterator[_Rows]:
    return _json_rows(path, report, batch_size, _twarc2_line, encoding)


def _api_errors(errors: Any) -> str:
    """The API's own words for an error object's ``errors`` list."""
    parts = []
    for err in errors if isinstance(errors, list) else [errors]:
        if isinstance(err, dict):
            title = err.get("title") or err.get("code")
            detail = err.get("detail") or err.get("message") or err.get("reason")
            text = ": ".join(str(p) for p in (title, detail) if p)
            parts.append(text or str(err)[:200])
        else:
            parts.append(str(err)[:200])
    return "; ".join(parts) or "(no error text)"


def _lookups(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Usernames by user id and author ids by tweet id, from ``includes``."""
    includes = obj.get("includes")
    if not isinstance(includes, dict):
        return {}, {}
    users = {
        str(u.get("id")): u.get("username")
        for u in includes.get("users") or ()
        if isinstance(u, dict)
    }
    tweet_authors = {
        str(t.get("id")): str(t.get("author_id"))
        for t in includes.get("tweets") or ()
        if isinstance(t, dict)
    }
    return users, tweet_authors


def _twarc2_line(
    line_no: int,
    obj: dict[str, Any],
    rows: _Rows,
    spath: str,
    report: Callable[[BadRow], None],
) -> None:
    twarc = obj.get("__twarc") or {}
    retrieved = twarc.get("retrieved_at") if isinstance(twarc, dict) else None
    data = obj.get("data")
    if isinstance(data, list):  # a response page
        users, tweet_authors = _lookups(obj)
        tweets = data
    elif isinstance(data, dict):  # a filtered-stream line: one tweet
        users, tweet_authors = _lookups(obj)
        tweets = [data]
    elif "id" in obj and ("text" in obj or "author_id" in obj):
        users, tweet_authors, tweets = {}, {}, [obj]  # twarc2 flatten
    elif "errors" in obj and data is None:
        report(
            BadRow(spath, line_no, "errors", f"API error: {_api_errors(obj['errors'])}")
        )
        return
    else:
        report(
            BadRow(
                spath,
                line_no,
                "data",
                "neither a twarc2 page, a stream line nor a flat tweet",
            )
        )
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
