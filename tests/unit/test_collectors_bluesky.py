"""Bluesky collector against recorded XRPC responses served through atproto."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

atproto = pytest.importorskip("atproto")
httpx = pytest.importorskip("httpx")

from atproto_client.request import Request  # noqa: E402
from collector_fakes import (  # noqa: E402
    FakeSleep,
    KillAfterAdd,
    MemoryStore,
    load,
    stored_ids,
)

from hatewatch.collectors.base import CollectionError  # noqa: E402
from hatewatch.collectors.bluesky import (  # noqa: E402
    BSKY_HANDLE_ENV,
    BSKY_PASSWORD_ENV,
    BlueskyCollector,
)
from hatewatch.errors import CredentialError  # noqa: E402
from hatewatch.privacy import pseudonymise  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()
PASSWORD = "abcd-efgh-ijkl-mnop"
HANDLE = "fleuragema.bsky.social"
SINCE = datetime(2026, 11, 20, tzinfo=UTC)
CORPUS = load("bluesky", "posts_fleuragema.json")["posts"]
ALL_URIS = sorted(p["uri"] for p in CORPUS)
DIDS = {p["handle"]: p["did"] for p in load("bluesky", "getProfiles.json")["profiles"]}


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def sort_at(post: dict) -> datetime:
    return min(_t(post["record"]["createdAt"]), _t(post["indexedAt"]))


class FakeXrpc:
    """Serves the recorded post views like app.bsky.feed.searchPosts does.

    Results are filtered by ``since`` (inclusive) / ``until`` (exclusive) on
    sortAt, newest first, and paged with an offset cursor. Like the real
    service, a cursor past ``depth`` results yields an empty page that still
    carries a cursor. ``fault(request, n)`` may return a response instead.
    """

    def __init__(self, depth: int = 10_000, fault=None) -> None:
        self.depth = depth
        self.fault = fault
        self.requests: list[httpx.Request] = []
        self.searches: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fault is not None:
            response = self.fault(request, len(self.requests))
            if response is not None:
                return response
        path = request.url.path
        if path.endswith("com.atproto.server.createSession"):
            return httpx.Response(200, json=load("bluesky", "createSession.json"))
        if path.endswith("app.bsky.actor.getProfiles"):
            return httpx.Response(200, json=load("bluesky", "getProfiles.json"))
        if path.endswith("app.bsky.feed.searchPosts"):
            params = dict(request.url.params)
            self.searches.append(params)
            assert request.headers["Authorization"].startswith("Bearer ey")
            assert params["sort"] == "latest"
            since, until = _t(params["since"]), _t(params["until"])
            did = DIDS[params["mentions"]]
            hits = [
                p
                for p in CORPUS
                if since <= sort_at(p) < until
                and any(
                    f.get("did") == did
                    for facet in p["record"]["facets"]
                    for f in facet["features"]
                )
            ]
            offset, limit = int(params.get("cursor", 0)), int(params["limit"])
            if offset >= self.depth:
                return httpx.Response(
                    200, json={"posts": [], "cursor": str(offset + limit)}
                )
            body: dict = {"posts": hits[offset : offset + limit]}
            if offset + limit < len(hits):
                body["cursor"] = str(offset + limit)
            return httpx.Response(200, json=body)
        raise AssertionError(f"unexpected request {request.url}")


@pytest.fixture(autouse=True)
def _credentials(monkeypatch):
    monkeypatch.setenv(BSKY_HANDLE_ENV, "hatewatch-onderzoek.bsky.social")
    monkeypatch.setenv(BSKY_PASSWORD_ENV, PASSWORD)


def make(server, **kwargs):
    client = atproto.Client(request=Request(transport=httpx.MockTransport(server)))
    sleep = FakeSleep()
    err = io.StringIO()
    kwargs.setdefault("page_size", 2)
    collector = BlueskyCollector(
        client, sleep=sleep, clock=lambda: NOW, rng=lambda: 0.0, stderr=err, **kwargs
    )
    return collector, sleep, err


def test_collects_all_posts_with_relations_and_pseudonymised_authors():
    server = FakeXrpc()
    collector, _, _ = make(server)
    store = MemoryStore()
    summary = collector.collect(
        store, [HANDLE, "frankverhoef.bsky.social"], since=SINCE
    )
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")
    assert (summary.n_new, summary.n_duplicate) == (12, 1)
    assert summary.incomplete == []
    login = server.requests[0]
    assert login.url.path.endswith("createSession")
    assert json.loads(login.content)["password"] == PASSWORD

    by_text = {m.text: m for m in store.messages.values()}
    both = by_text[
        "@fleuragema.bsky.social @frankverhoef.bsky.social praat eens met elkaar"
    ]
    assert {(r.relation, r.handle) for r in both.recipients} == {
        ("mention", "fleuragema.bsky.social"),
        ("mention", "frankverhoef.bsky.social"),
    }
    reply = by_text["@fleuragema.bsky.social wat een schande, aftreden!"]
    # the reply @-mentions its parent's author: one reply link, no extra mention
    assert [(r.relation, r.handle) for r in reply.recipients] == [("reply", HANDLE)]
    assert reply.in_reply_to == reply.conversation_id
    # the parent's URI is kept with its author's DID pseudonymised
    fleur = pseudonymise("did:plc:fl3uragemaxxxxxxxxxxxxxx", platform="bluesky")
    assert reply.in_reply_to.startswith(f"at://hw-{fleur}/app.bsky.feed.post/")
    assert "did:" not in reply.message_id + reply.in_reply_to
    quote = by_text["@fleuragema.bsky.social kijk uit wat je zegt"]
    assert ("quote", HANDLE) in {(r.relation, r.handle) for r in quote.recipients}
    assert re.fullmatch(r"[0-9a-f]{32}", reply.author_id)
    assert "did:plc" not in reply.author_id
    assert reply.lang == "nl" and reply.created_at.tzinfo is not None
    assert reply.query == f"searchPosts q=* mentions={HANDLE}"


def test_stuck_cursor_splits_the_window_and_still_gets_every_post():
    # the service gives up after 4 results of any one query
    server = FakeXrpc(depth=4)
    collector, _, _ = make(server)
    store = MemoryStore()
    summary = collector.collect(store, [HANDLE], since=SINCE)
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")
    assert summary.incomplete == []
    windows = {(s["since"], s["until"]) for s in server.searches}
    assert len(windows) > 1  # the window was split
    for since, until in windows:
        assert SINCE <= _t(since) < _t(until) <= datetime.fromtimestamp(NOW, UTC)
    # no query asked past the depth at which the service stops
    assert all(int(s.get("cursor", 0)) <= 4 for s in server.searches)


def test_window_cap_splits_too():
    server = FakeXrpc()
    collector, _, _ = make(server, window_cap=3)
    store = MemoryStore()
    collector.collect(store, [HANDLE], since=SINCE)
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")
    assert len({(s["since"], s["until"]) for s in server.searches}) > 1


def test_unsplittable_window_is_reported_not_looped_forever():
    server = FakeXrpc(depth=0)  # every query stalls at once
    collector, _, _ = make(server, min_window=timedelta(days=1))
    summary = collector.collect(MemoryStore(), [HANDLE], since=SINCE)
    assert summary.incomplete
    assert len(server.searches) < 40


def test_killed_mid_collection_then_rerun_loses_and_duplicates_nothing():
    def fail_third_search(request, n):
        if request.url.path.endswith("searchPosts") and len(server.searches) >= 2:
            return httpx.Response(500, json=load("bluesky", "error_500.json"))
        return None

    server = FakeXrpc(depth=4, fault=fail_third_search)
    collector, sleep, _ = make(server, max_attempts=2)
    store = MemoryStore()
    with pytest.raises(CollectionError, match="HTTP 500"):
        collector.collect(store, [HANDLE], since=SINCE)
    assert len(store.messages) == 4
    assert sleep.waits == [2.0]

    server2 = FakeXrpc(depth=4)
    collector, _, _ = make(server2)
    summary = collector.collect(store, [HANDLE], since=SINCE)
    assert server2.searches[0].get("cursor") == "4"  # resumed, not restarted
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")
    assert summary.n_new == 8


def test_kill_between_page_and_checkpoint_repeats_only_that_page():
    store = KillAfterAdd(2)
    collector, _, _ = make(FakeXrpc(depth=4))
    with pytest.raises(KeyboardInterrupt):
        collector.collect(store, [HANDLE], since=SINCE)
    assert len(store.messages) == 4  # page 2 stored, its checkpoint not
    server = FakeXrpc(depth=4)
    collector, _, _ = make(server)
    collector.collect(store, [HANDLE], since=SINCE)
    assert server.searches[0].get("cursor") == "2"  # page 2 again, not page 1
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")


def test_open_ended_rerun_starts_near_the_previous_end():
    server = FakeXrpc()
    collector, _, _ = make(server)
    store = MemoryStore()
    collector.collect(store, [HANDLE], since=SINCE)
    n = len(server.searches)
    collector, _, _ = make(server)
    collector.collect(store, [HANDLE], since=SINCE)
    rerun = server.searches[n:]
    assert rerun and all(
        _t(s["since"]) == datetime(2026, 11, 28, 11, 50, tzinfo=UTC) for s in rerun
    )


def test_429_honours_ratelimit_reset():
    def limited(request, n):
        if request.url.path.endswith("searchPosts") and n == 3:
            return httpx.Response(
                429,
                json=load("bluesky", "error_429.json"),
                headers={
                    "ratelimit-reset": str(int(NOW) + 42),
                    "ratelimit-remaining": "0",
                },
            )
        return None

    collector, sleep, err = make(FakeXrpc(fault=limited))
    store = MemoryStore()
    collector.collect(store, [HANDLE], since=SINCE)
    assert sleep.waits == [42.0]
    assert store.ids() == stored_ids(ALL_URIS, "bluesky")
    assert "HTTP 429" in err.getvalue()


def test_refused_login_names_both_variables_never_the_password(caplog):
    caplog.set_level(logging.DEBUG)

    def refuse(request, n):
        return httpx.Response(401, json=load("bluesky", "error_401.json"))

    collector, sleep, _ = make(FakeXrpc(fault=refuse))
    with pytest.raises(CredentialError) as info:
        collector.collect(MemoryStore(), [HANDLE], since=SINCE)
    text = str(info.value)
    assert BSKY_HANDLE_ENV in text and BSKY_PASSWORD_ENV in text
    assert PASSWORD not in text and PASSWORD not in caplog.text
    assert sleep.waits == []


def test_missing_app_password_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(BSKY_PASSWORD_ENV)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(tmp_path / "none.toml"))
    server = FakeXrpc()
    collector, _, _ = make(server)
    with pytest.raises(CredentialError, match=BSKY_PASSWORD_ENV):
        collector.collect(MemoryStore(), [HANDLE])
    assert server.requests == []
