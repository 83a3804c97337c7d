"""twarc2 JSONL: API v2 response pages, ``twarc2 flatten`` output and
``twarc2 stream`` lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.collectors.files.batch import _Rows, _str
from hatewatch.collectors.files.reader import _json_rows
from hatewatch.io import BadRow

if TYPE_CHECKING:  # pragma: no cover
    pass


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
