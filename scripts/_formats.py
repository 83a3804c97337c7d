"""Made-up message files in the exact shapes other tools write, for benchmarks.

Each generator writes ``n`` messages (deterministic for a seed) with invented
users and texts: twarc2 search pages (``twarc2 search``), ``twarc2 flatten``
output, ``twarc2 stream`` lines, Zeeschuimer NDJSON (X and Bluesky items) and
4CAT's flat CSV export of an X datasource. Shapes follow the X API v2 and the
tools' own writers; ids are fake.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = (
    "de het een en van ik je jij u is dat niet op te met voor zijn er maar "
    "hoe zit nu stikstof plan mensen wachten duidelijkheid klopt dit wel "
    "volgens cbs anders toeslagen ouders geld kabinet kamer debat motie "
    "schande onzin eerlijk belasting woningen boeren zorg asiel klimaat "
    "stem verkiezingen beloofd waarom wanneer gaan doen snel beter slecht"
).split()

START = datetime(2022, 1, 1, tzinfo=UTC)
SOURCE = '<a href="https://mobile.twitter.com">Twitter Web App</a>'
TWARC = {"url": "https://api.twitter.com/2/tweets/search/all?...", "version": "2.14.0"}


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _v1(t: datetime) -> str:
    return t.strftime("%a %b %d %H:%M:%S +0000 %Y")


class _World:
    """Invented accounts: politicians (the roster handles) and repliers."""

    def __init__(self, handles: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.handles = handles
        self.pol_ids = {h: str(1000 + i) for i, h in enumerate(handles)}

    def user(self, uid: str, username: str) -> dict:
        rng = self.rng
        return {
            "id": uid,
            "name": username.replace("_", " ").title(),
            "username": username,
            "created_at": "2015-03-01T09:00:00.000Z",
            "description": " ".join(rng.choices(WORDS, k=12)),
            "location": "Nederland",
            "profile_image_url": "https://pbs.twimg.com/profile_images/0/x_normal.jpg",
            "protected": False,
            "public_metrics": {
                "followers_count": rng.randint(0, 5000),
                "following_count": rng.randint(0, 900),
                "tweet_count": rng.randint(1, 90000),
                "listed_count": rng.randint(0, 50),
            },
            "url": "",
            "verified": False,
        }

    def tweet(self, i: int) -> tuple[dict, list[dict], dict | None]:
        """A tweet, the users it refers to and the tweet it replies to."""
        rng = self.rng
        target = rng.choice(self.handles)
        author_id = str(10_000_000 + rng.randint(1, 200_000))
        author = self.user(author_id, f"burger{author_id[-6:]}")
        tid = str(1_480_000_000_000_000_000 + i * 7919)
        created = START + timedelta(seconds=i * 31)
        words = " ".join(rng.choices(WORDS, k=rng.randint(6, 30)))
        reply = rng.random() < 0.75
        text = f"@{target} {words}" if reply else f"{words} @{target}"
        start = 0 if reply else len(words) + 1
        tweet = {
            "id": tid,
            "text": text,
            "author_id": author_id,
            "created_at": _iso(created),
            "conversation_id": str(int(tid) - 5000) if reply else tid,
            "lang": "nl",
            "edit_history_tweet_ids": [tid],
            "edit_controls": {
                "edits_remaining": 5,
                "is_edit_eligible": True,
                "editable_until": _iso(created + timedelta(minutes=30)),
            },
            "possibly_sensitive": False,
            "reply_settings": "everyone",
            "public_metrics": {
                "retweet_count": rng.randint(0, 3),
                "reply_count": rng.randint(0, 3),
                "like_count": rng.randint(0, 20),
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": rng.randint(10, 900),
            },
            "entities": {
                "mentions": [
                    {
                        "start": start,
                        "end": start + len(target) + 1,
                        "username": target,
                        "id": self.pol_ids[target],
                    }
                ]
            },
        }
        if rng.random() < 0.3:
            tweet["context_annotations"] = [
                {
                    "domain": {
                        "id": "35",
                        "name": "Politician",
                        "description": "Politicians in the world, like Joe Biden",
                    },
                    "entity": {"id": "1000" + self.pol_ids[target], "name": target},
                }
            ]
        users = [author, self.user(self.pol_ids[target], target)]
        parent = None
        if reply:
            tweet["in_reply_to_user_id"] = self.pol_ids[target]
            parent = {
                "id": tweet["conversation_id"],
                "text": " ".join(rng.choices(WORDS, k=15)),
                "author_id": self.pol_ids[target],
                "created_at": _iso(created - timedelta(hours=1)),
                "conversation_id": tweet["conversation_id"],
                "lang": "nl",
                "edit_history_tweet_ids": [tweet["conversation_id"]],
            }
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": parent["id"]}]
        return tweet, users, parent


def twarc2_pages(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """``twarc2 search`` output: one API response page of 100 tweets per line."""
    world = _World(handles, seed)
    with open(path, "w", encoding="utf-8") as fh:
        for first in range(0, n, 100):
            tweets, users, refs = [], {}, {}
            for i in range(first, min(first + 100, n)):
                tweet, us, parent = world.tweet(i)
                tweets.append(tweet)
                users.update((u["id"], u) for u in us)
                if parent:
                    refs[parent["id"]] = parent
            page = {
                "data": tweets,
                "includes": {
                    "users": list(users.values()),
                    "tweets": list(refs.values()),
                },
                "meta": {
                    "newest_id": tweets[0]["id"],
                    "oldest_id": tweets[-1]["id"],
                    "result_count": len(tweets),
                    "next_token": f"b26v89c19zqg8o3fo{first:08d}",
                },
                "__twarc": {**TWARC, "retrieved_at": "2022-06-01T12:00:00+00:00"},
            }
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


_LEAN_TWEET = (
    "id",
    "text",
    "author_id",
    "created_at",
    "conversation_id",
    "lang",
    "edit_history_tweet_ids",
    "in_reply_to_user_id",
    "referenced_tweets",
    "entities",
)


def twarc2_pages_lean(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """``twarc2 search`` pages with few fields (``--tweet-fields`` trimmed):
    the tweets and users carry little besides what hatewatch reads, so a
    bare parse is fast and the importer's own work weighs most."""
    world = _World(handles, seed)
    with open(path, "w", encoding="utf-8") as fh:
        for first in range(0, n, 100):
            tweets, users = [], {}
            for i in range(first, min(first + 100, n)):
                tweet, us, _ = world.tweet(i)
                tweets.append({k: tweet[k] for k in _LEAN_TWEET if k in tweet})
                users.update(
                    (u["id"], {k: u[k] for k in ("id", "name", "username")}) for u in us
                )
            page = {
                "data": tweets,
                "includes": {"users": list(users.values())},
                "meta": {"result_count": len(tweets)},
                "__twarc": {**TWARC, "retrieved_at": "2022-06-01T12:00:00+00:00"},
            }
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def _flat(tweet: dict, users: list[dict], parent: dict | None) -> dict:
    by_id = {u["id"]: u for u in users}
    out = dict(tweet)
    out["author"] = by_id[tweet["author_id"]]
    if "in_reply_to_user_id" in tweet:
        out["in_reply_to_user"] = by_id[tweet["in_reply_to_user_id"]]
    if parent:
        out["referenced_tweets"] = [
            {**parent, "type": "replied_to", "author": by_id[parent["author_id"]]}
        ]
    out["entities"] = {
        "mentions": [
            {**m, **{k: v for k, v in by_id[m["id"]].items() if k != "id"}}
            for m in tweet["entities"]["mentions"]
        ]
    }
    out["__twarc"] = {**TWARC, "retrieved_at": "2022-06-01T12:00:00+00:00"}
    return out


def twarc2_flat(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """``twarc2 flatten`` output: one tweet per line, expansions inlined."""
    world = _World(handles, seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(_flat(*world.tweet(i)), ensure_ascii=False) + "\n")


def twarc2_stream(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """``twarc2 stream`` output: one tweet per line, ``data`` an object."""
    world = _World(handles, seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            tweet, users, parent = world.tweet(i)
            line = {
                "data": tweet,
                "includes": {
                    "users": users,
                    **({"tweets": [parent]} if parent else {}),
                },
                "matching_rules": [{"id": "1480000000000000001", "tag": "politici"}],
                "__twarc": {
                    "url": "https://api.twitter.com/2/tweets/search/stream?...",
                    "version": "2.14.0",
                    "retrieved_at": "2022-06-01T12:00:00+00:00",
                },
            }
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def _zs_user(rest_id: str, screen_name: str, rng: random.Random) -> dict:
    return {
        "__typename": "User",
        "id": "VXNlcjo" + rest_id,
        "rest_id": rest_id,
        "affiliates_highlighted_label": {},
        "has_graduated_access": True,
        "is_blue_verified": False,
        "profile_image_shape": "Circle",
        "core": {
            "created_at": "Mon Jan 01 09:00:00 +0000 2018",
            "name": screen_name.title(),
            "screen_name": screen_name,
        },
        "legacy": {
            "default_profile": True,
            "description": " ".join(rng.choices(WORDS, k=12)),
            "entities": {"description": {"urls": []}},
            "fast_followers_count": 0,
            "favourites_count": rng.randint(0, 9000),
            "followers_count": rng.randint(0, 5000),
            "friends_count": rng.randint(0, 900),
            "listed_count": 0,
            "media_count": 3,
            "normal_followers_count": 10,
            "statuses_count": rng.randint(1, 90000),
            "translator_type": "none",
            "verified": False,
            "want_retweets": False,
        },
    }


def zeeschuimer(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """Zeeschuimer NDJSON: X GraphQL tweets (4 in 5) and Bluesky feed posts."""
    world = _World(handles, seed)
    rng = world.rng
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            tweet, users, parent = world.tweet(i)
            created = datetime.strptime(tweet["created_at"], "%Y-%m-%dT%H:%M:%S.000Z")
            target = tweet["entities"]["mentions"][0]["username"]
            if i % 5 != 4:
                legacy = {
                    "bookmark_count": 0,
                    "bookmarked": False,
                    "created_at": _v1(created),
                    "conversation_id_str": tweet["conversation_id"],
                    "display_text_range": [0, len(tweet["text"])],
                    "entities": {
                        "hashtags": [],
                        "symbols": [],
                        "urls": [],
                        "user_mentions": [
                            {
                                "id_str": world.pol_ids[target],
                                "name": target.title(),
                                "screen_name": target,
                                "indices": [0, len(target) + 1],
                            }
                        ],
                    },
                    "favorite_count": rng.randint(0, 20),
                    "favorited": False,
                    "full_text": tweet["text"],
                    "is_quote_status": False,
                    "lang": "nl",
                    "quote_count": 0,
                    "reply_count": 0,
                    "retweet_count": 0,
                    "retweeted": False,
                    "user_id_str": tweet["author_id"],
                    "id_str": tweet["id"],
                }
                if parent:
                    legacy["in_reply_to_screen_name"] = target
                    legacy["in_reply_to_status_id_str"] = parent["id"]
                    legacy["in_reply_to_user_id_str"] = world.pol_ids[target]
                data = {
                    "__typename": "Tweet",
                    "rest_id": tweet["id"],
                    "core": {
                        "user_results": {
                            "result": _zs_user(
                                tweet["author_id"], users[0]["username"], rng
                            )
                        }
                    },
                    "unmention_data": {},
                    "edit_control": {
                        "edit_tweet_ids": [tweet["id"]],
                        "editable_until_msecs": "1641000000000",
                        "is_edit_eligible": True,
                        "edits_remaining": "5",
                    },
                    "is_translatable": False,
                    "views": {
                        "count": str(rng.randint(10, 900)),
                        "state": "EnabledWithCount",
                    },
                    "source": SOURCE,
                    "legacy": legacy,
                }
                item = {
                    "nav_index": i,
                    "item_id": tweet["id"],
                    "timestamp_collected": 1654084800000 + i,
                    "source_platform": "x.com",
                    "source_platform_url": "https://x.com/search?q=%40" + target,
                    "source_url": "https://x.com/i/api/graphql/abc/SearchTimeline",
                    "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
                    "Gecko/20100101 Firefox/128.0",
                    "id": tweet["id"],
                    "data": data,
                }
            else:
                did = f"did:plc:{tweet['author_id']}abcdefghijkl"
                handle = f"burger{tweet['author_id'][-6:]}.bsky.social"
                uri = f"at://{did}/app.bsky.feed.post/3k{tweet['id'][-11:]}"
                pol = f"{target.lower()}.bsky.social"
                pol_did = f"did:plc:{world.pol_ids[target]}politicus"
                root = f"at://{pol_did}/app.bsky.feed.post/3kroot{i:08d}"
                post = {
                    "uri": uri,
                    "cid": "bafyreib" + tweet["id"][-20:],
                    "author": {
                        "did": did,
                        "handle": handle,
                        "displayName": handle.split(".")[0],
                        "avatar": "https://cdn.bsky.app/img/avatar/plain/x@jpeg",
                        "labels": [],
                        "createdAt": "2023-05-01T10:00:00.000Z",
                    },
                    "record": {
                        "$type": "app.bsky.feed.post",
                        "createdAt": tweet["created_at"],
                        "langs": ["nl"],
                        "reply": {
                            "parent": {"cid": "bafyreiparent", "uri": root},
                            "root": {"cid": "bafyreiroot", "uri": root},
                        },
                        "text": tweet["text"].replace("@" + target, "@" + pol),
                    },
                    "replyCount": 0,
                    "repostCount": 0,
                    "likeCount": rng.randint(0, 9),
                    "quoteCount": 0,
                    "indexedAt": tweet["created_at"],
                    "labels": [],
                }
                item = {
                    "nav_index": i,
                    "item_id": uri,
                    "timestamp_collected": 1654084800000 + i,
                    "source_platform": "bsky.app",
                    "source_platform_url": "https://bsky.app/search?q=" + pol,
                    "source_url": "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts",
                    "user_agent": "Mozilla/5.0",
                    "id": uri,
                    "data": {
                        "post": post,
                        "reply": {
                            "parent": {
                                "uri": root,
                                "author": {"did": pol_did, "handle": pol},
                            },
                            "root": {
                                "uri": root,
                                "author": {"did": pol_did, "handle": pol},
                            },
                        },
                    },
                }
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


FOURCAT_COLUMNS = (
    "id thread_id timestamp unix_timestamp author author_fullname author_id body "
    "hashtags urls mentions is_retweet retweeted_user is_quote_tweet quoted_user "
    "is_reply replied_user lang"
).split()


def fourcat_csv(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """4CAT's flat CSV export of an X datasource."""
    world = _World(handles, seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(FOURCAT_COLUMNS)
        for i in range(n):
            tweet, users, parent = world.tweet(i)
            created = datetime.strptime(tweet["created_at"], "%Y-%m-%dT%H:%M:%S.000Z")
            target = tweet["entities"]["mentions"][0]["username"]
            out.writerow(
                [
                    tweet["id"],
                    tweet["conversation_id"],
                    created.strftime("%Y-%m-%d %H:%M:%S"),
                    int(created.replace(tzinfo=UTC).timestamp()),
                    users[0]["username"],
                    users[0]["name"],
                    tweet["author_id"],
                    tweet["text"],
                    "",
                    "",
                    target,
                    "no",
                    "",
                    "no",
                    "",
                    "yes" if parent else "no",
                    target if parent else "",
                    "nl",
                ]
            )


GENERATORS: dict[str, Callable[[Path, int, list[str]], None]] = {
    "twarc2-pages": twarc2_pages,
    "twarc2-pages-lean": twarc2_pages_lean,
    "twarc2-flat": twarc2_flat,
    "twarc2-stream": twarc2_stream,
    "zeeschuimer": zeeschuimer,
    "4cat-csv": fourcat_csv,
}

SUFFIX = {"4cat-csv": ".csv", "zeeschuimer": ".ndjson"}
