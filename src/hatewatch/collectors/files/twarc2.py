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

from collections.abc import Callable
from typing import Any

from hatewatch.collectors.files.batch import _Rows, _str
from hatewatch.io import BadRow


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
    # the hot loop of twarc2 import: string values are taken as they are and
    # only anything else goes through _str (same result, fewer calls)
    if not isinstance(tweet, dict):
        report(BadRow(spath, line_no, "data", "a tweet is not a JSON object"))
        return
    get = tweet.get
    tid = get("id")
    if type(tid) is not str or not tid.strip():
        tid = _str(tid)
        if tid is None:
            report(BadRow(spath, line_no, "id", "tweet without id"))
            return
    text = None
    note = get("note_tweet")
    if note and isinstance(note, dict):
        text = note.get("text") or None
    if not text:
        text = get("text")
    if type(text) is not str or not text.strip():
        report(BadRow(spath, line_no, "text", f"tweet {tid} has no text"))
        return
    author = get("author_id")
    if type(author) is not str or not author.strip():
        author = _str(author)
        if author is None and isinstance(get("author"), dict):
            author = _str(tweet["author"].get("id"))
        if author is None:
            report(BadRow(spath, line_no, "author_id", f"tweet {tid} has no author"))
            return
    created = get("created_at")
    if not created:
        report(BadRow(spath, line_no, "created_at", f"tweet {tid} has no created_at"))
        return
    recipients: list[tuple[str, str]] = []
    in_reply_to = None
    for ref in get("referenced_tweets") or ():
        if not isinstance(ref, dict):
            continue
        kind = ref.get("type")
        if kind == "replied_to":
            in_reply_to = _str(ref.get("id"))
        elif kind == "retweeted":
            return  # a retweet repeats someone else's message; it is not a new one
        elif kind == "quoted":
            quoted = None
            if isinstance(ref.get("author"), dict):  # flattened
                quoted = ref["author"].get("username")
            else:
                quoted = users.get(tweet_authors.get(str(ref.get("id")), ""))
            if quoted:
                recipients.append(("quote", quoted))
    reply_user = None
    in_reply_to_user = get("in_reply_to_user")
    if isinstance(in_reply_to_user, dict):
        reply_user = in_reply_to_user.get("username")
    else:
        reply_id = get("in_reply_to_user_id")
        if reply_id is not None:
            reply_user = users.get(reply_id if type(reply_id) is str else str(reply_id))
    if reply_user:
        recipients.append(("reply", reply_user))
    entities = get("entities")
    if entities and isinstance(entities, dict):
        for mention in entities.get("mentions") or ():
            if isinstance(mention, dict) and mention.get("username"):
                recipients.append(("mention", mention["username"]))
    conversation = get("conversation_id")
    if type(conversation) is not str or not conversation.strip():
        conversation = _str(conversation)
    lang = get("lang")
    if type(lang) is not str or not lang.strip():
        lang = _str(lang)
    rows.add(
        line_no,
        "twitter",
        tid,
        created,
        author,
        text,
        conversation,
        lang,
        in_reply_to,
        retrieved,
        recipients,
    )
