"""X collector against recorded API v2 responses served through tweepy."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime

import pytest

tweepy = pytest.importorskip("tweepy")

from collector_fakes import (  # noqa: E402
    FakeSleep,
    KillAfterAdd,
    MemoryStore,
    Reply,
    load,
    replay_session,
)

from hatewatch.collectors.base import CollectionError  # noqa: E402
from hatewatch.collectors.twitter import BEARER_ENV, TwitterCollector  # noqa: E402
from hatewatch.errors import CredentialError  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()
TOKEN = "AAAAAAAAAAAAAAAAAAAAAMt3st%2FbearerNotReal0123456789"
TOK2 = "b26v89c19zqg8o3fosbxq3sqfe1ugj0zp7xm2bkl5ll1"
TOK3 = "b26v89c19zqg8o3fosbxq3sqfe1ugj0zp7xm2bkl5lm2"
HANDLES = ["markrutte", "FleurAgemaPVV"]
RUTTE_IDS = [
    "2126405698974646272",
    "2126403937366966273",
    "2126402175759286274",
    "2126400414151606275",
    "2126398652543926276",
    "2126396890936246277",
    "2126395129328566278",
]
FLEUR_ID = "2126360400491446281"


def x_handler(fault=None):
    """Route X API v2 requests to the recorded pages; ``fault(call)`` may override."""

    def handler(call):
        if fault is not None:
            reply = fault(call)
            if reply is not None:
                return reply
        if call.path == "/2/tweets/search/recent":
            query = call.params["query"]
            if "since_id" in call.params or query.startswith("conversation_id:"):
                return Reply(body=load("twitter", "search_empty.json"))
            if "markrutte" in query:
                page = {None: 1, TOK2: 2, TOK3: 3}[call.params.get("next_token")]
                return Reply(body=load("twitter", f"search_markrutte_page{page}.json"))
            return Reply(body=load("twitter", "search_fleuragemapvv_page1.json"))
        if call.path == "/2/tweets/counts/recent":
            name = (
                "markrutte" if "markrutte" in call.params["query"] else "fleuragemapvv"
            )
            return Reply(body=load("twitter", f"counts_{name}.json"))
        if call.path == "/2/users/by/username/markrutte":
            return Reply(body=load("twitter", "user_markrutte.json"))
        if call.path == "/2/users/3131144855/mentions":
            return Reply(body=load("twitter", "search_markrutte_page3.json"))
        raise AssertionError(f"unexpected request {call.path} {call.params}")

    return handler


def make(handler, now=NOW, **kwargs):
    client = tweepy.Client(bearer_token=TOKEN, wait_on_rate_limit=False)
    client.session, adapter = replay_session(handler)
    sleep = FakeSleep()
    err = io.StringIO()
    collector = TwitterCollector(
        client, sleep=sleep, clock=lambda: now, rng=lambda: 0.0, stderr=err, **kwargs
    )
    return collector, adapter, sleep, err


def test_collects_every_page_with_relations_and_provenance():
    collector, adapter, _, _ = make(x_handler())
    store = MemoryStore()
    summary = collector.collect(store, HANDLES)
    assert store.ids() == sorted(RUTTE_IDS + [FLEUR_ID])
    assert (summary.pages, summary.n_new, summary.n_duplicate) == (4, 8, 0)

    both = store.messages[("twitter", RUTTE_IDS[3])]
    assert {(r.relation, r.handle) for r in both.recipients} == {
        ("reply", "markrutte"),
        ("mention", "fleuragemapvv"),
    }
    assert both.in_reply_to == "2126224505041846273"
    assert both.conversation_id == "2126224505041846273"
    assert both.created_at == datetime(2026, 11, 27, 19, 39, tzinfo=UTC)
    quote = store.messages[("twitter", RUTTE_IDS[6])]
    assert ("quote", "markrutte") in {(r.relation, r.handle) for r in quote.recipients}
    assert quote.in_reply_to is None

    m = store.messages[("twitter", RUTTE_IDS[0])]
    assert re.fullmatch(r"[0-9a-f]{32}", m.author_id)
    assert m.author_id != "1467700000000000001"
    assert m.collector == "twitter" and m.collector_version
    assert m.query == "(@markrutte OR to:markrutte) -is:retweet"
    assert m.retrieved_at == datetime.fromtimestamp(NOW, UTC)
    assert m.lang == "nl"

    first = adapter.calls[0]
    assert first.params["query"] == "(@fleuragemapvv OR to:fleuragemapvv) -is:retweet"
    assert "referenced_tweets.id" in first.params["expansions"]
    assert "conversation_id" in first.params["tweet.fields"]
    assert first.headers["Authorization"] == f"Bearer {TOKEN}"
    # recent search reaches back 7 days: an older --since is moved forward
    assert first.params["start_time"] == "2026-11-21T12:05:00Z"


def test_open_ended_rerun_asks_only_for_newer_posts():
    collector, adapter, _, _ = make(x_handler())
    store = MemoryStore()
    collector.collect(store, ["markrutte"])
    n_calls = len(adapter.calls)
    summary = collector.collect(store, ["markrutte"])
    rerun = adapter.calls[n_calls:]
    assert [c.params.get("since_id") for c in rerun] == [RUTTE_IDS[0]]
    assert "start_time" not in rerun[0].params
    assert summary.n_new == 0


def test_resume_after_the_recent_window_names_the_gap_and_fetches_the_window():
    collector, _, _, _ = make(x_handler())
    store = MemoryStore()
    collector.collect(store, ["markrutte"])

    # ten days later the saved since_id is older than recent search's window
    later = NOW + 10 * 86400
    collector, adapter, _, _ = make(x_handler(), now=later)
    summary = collector.collect(store, ["markrutte"])
    first = adapter.calls[0].params
    assert "since_id" not in first  # X would reject it with HTTP 400
    assert first["start_time"] == "2026-12-01T12:05:00Z"  # the window start
    assert len(summary.gaps) == 1
    gap = summary.gaps[0]
    assert "2026-11-27T20:00:00Z" in gap  # where the checkpoint stops
    assert "2026-12-01T12:05:00Z" in gap and "--full-archive" in gap
    assert "gaps could not be collected" in summary.line()


def test_resume_within_the_recent_window_has_no_gap():
    collector, _, _, _ = make(x_handler())
    store = MemoryStore()
    collector.collect(store, ["markrutte"])
    collector, adapter, _, _ = make(x_handler(), now=NOW + 3 * 86400)
    summary = collector.collect(store, ["markrutte"])
    assert adapter.calls[0].params["since_id"] == RUTTE_IDS[0]
    assert summary.gaps == []


def test_unfinished_paging_older_than_the_window_restarts_and_names_the_gap():
    def broken_page3(call):
        if call.params.get("next_token") == TOK3:
            return Reply(503, load("twitter", "error_503.json"))
        return None

    collector, _, _, _ = make(x_handler(broken_page3), max_attempts=1)
    store = MemoryStore()
    with pytest.raises(CollectionError):
        collector.collect(store, ["markrutte"])
    collector, adapter, _, _ = make(x_handler(), now=NOW + 9 * 86400)
    summary = collector.collect(store, ["markrutte"])
    first = adapter.calls[0].params
    assert "next_token" not in first  # the token's start_time is out of reach
    assert first["start_time"] == "2026-11-30T12:05:00Z"
    assert any("unfinished run from 2026-11-21T12:05:00Z" in g for g in summary.gaps)


def test_bounded_window_done_is_not_fetched_again():
    collector, adapter, _, _ = make(x_handler())
    store = MemoryStore()
    until = datetime(2026, 11, 28, tzinfo=UTC)
    collector.collect(store, ["markrutte"], until=until)
    n_calls = len(adapter.calls)
    summary = collector.collect(store, ["markrutte"], until=until)
    assert len(adapter.calls) == n_calls
    assert summary.tasks_skipped == 1


def test_killed_at_third_page_then_rerun_loses_and_duplicates_nothing():
    def broken_page3(call):
        if call.params.get("next_token") == TOK3:
            return Reply(503, load("twitter", "error_503.json"))
        return None

    collector, _, sleep, _ = make(x_handler(broken_page3), max_attempts=3)
    store = MemoryStore()
    with pytest.raises(CollectionError, match="503"):
        collector.collect(store, ["markrutte"])
    assert store.ids() == sorted(RUTTE_IDS[:5])
    assert [r["status"] for r in store.runs.values()] == ["failed"]
    assert sleep.waits == [2.0, 4.0]

    # minutes later: the resumed page is asked with the parameters of its token
    # (X accepts that start_time for 7 days; later, see the gap test below)
    collector, adapter, _, _ = make(x_handler(), now=NOW + 180)
    summary = collector.collect(store, ["markrutte"])
    assert adapter.calls[0].params["next_token"] == TOK3
    assert adapter.calls[0].params["start_time"] == "2026-11-21T12:05:00Z"
    assert store.ids() == sorted(RUTTE_IDS)
    assert (summary.n_new, summary.n_duplicate) == (2, 0)


def test_kill_between_storing_a_page_and_its_checkpoint_repeats_only_that_page():
    store = KillAfterAdd(2)
    collector, _, _, _ = make(x_handler())
    with pytest.raises(KeyboardInterrupt):
        collector.collect(store, ["markrutte"])
    assert [r["status"] for r in store.runs.values()] == ["interrupted"]
    collector, adapter, _, _ = make(x_handler())
    summary = collector.collect(store, ["markrutte"])
    assert adapter.calls[0].params["next_token"] == TOK2
    assert store.ids() == sorted(RUTTE_IDS)
    assert (summary.n_new, summary.n_duplicate) == (2, 2)


def test_429_waits_until_rate_limit_reset_with_countdown():
    seen = []

    def limited_once(call):
        seen.append(call)
        if len(seen) == 1:
            headers = {"x-rate-limit-reset": str(int(NOW) + 37)}
            return Reply(429, load("twitter", "error_429.json"), headers)
        return None

    collector, _, sleep, err = make(x_handler(limited_once))
    store = MemoryStore()
    collector.collect(store, ["fleuragemapvv"])
    assert sleep.waits == [37.0]
    assert store.ids() == [FLEUR_ID]
    assert "HTTP 429" in err.getvalue() and "waiting 37 s" in err.getvalue()


def test_503_retried_with_exponential_backoff_and_retry_after():
    seen = []

    def flaky(call):
        seen.append(call)
        if len(seen) <= 2:
            return Reply(503, load("twitter", "error_503.json"))
        if len(seen) == 3:
            return Reply(503, load("twitter", "error_503.json"), {"Retry-After": "11"})
        return None

    collector, _, sleep, _ = make(x_handler(flaky))
    collector.collect(MemoryStore(), ["fleuragemapvv"])
    assert sleep.waits == [2.0, 4.0, 11.0]


def test_jitter_spreads_backoff():
    seen = []

    def flaky(call):
        seen.append(call)
        return Reply(500, {"title": "Internal Error"}) if len(seen) == 1 else None

    client = tweepy.Client(bearer_token=TOKEN)
    client.session, _ = replay_session(x_handler(flaky))
    sleep = FakeSleep()
    collector = TwitterCollector(
        client, sleep=sleep, clock=lambda: NOW, rng=lambda: 1.0, stderr=io.StringIO()
    )
    collector.collect(MemoryStore(), ["fleuragemapvv"])
    assert sleep.waits == [3.0]


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_stops_with_error_naming_the_variable(status, caplog):
    caplog.set_level(logging.DEBUG)
    collector, adapter, sleep, _ = make(
        x_handler(lambda call: Reply(status, load("twitter", "error_401.json")))
    )
    store = MemoryStore()
    with pytest.raises(CredentialError) as info:
        collector.collect(store, ["markrutte"])
    assert BEARER_ENV in str(info.value)
    assert f"HTTP {status}" in str(info.value)
    assert TOKEN not in str(info.value)
    assert len(adapter.calls) == 1 and sleep.waits == []
    # tweepy logs the request headers at DEBUG: the token must be redacted
    assert "Authorization" in caplog.text
    assert TOKEN not in caplog.text
    assert store.messages == {}


def test_missing_token_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(BEARER_ENV, raising=False)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(CredentialError, match=BEARER_ENV):
        TwitterCollector().collect(MemoryStore(), ["markrutte"])


def test_token_read_from_credentials_file(monkeypatch, tmp_path):
    monkeypatch.delenv(BEARER_ENV, raising=False)
    config = tmp_path / "credentials.toml"
    config.write_text(f'{BEARER_ENV} = "{TOKEN}"\n')
    config.chmod(0o600)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(config))
    assert TwitterCollector().client.bearer_token == TOKEN
    assert TwitterCollector().client.wait_on_rate_limit is False


def test_mentions_timeline_and_conversation_tasks():
    seen = []

    def record(call):
        seen.append(call)
        return None

    collector, _, _, _ = make(
        x_handler(record),
        mentions_timeline=True,
        conversation_ids=["2126224505041846273"],
    )
    store = MemoryStore()
    collector.collect(store, ["markrutte"])
    paths = [c.path for c in seen]
    assert "/2/users/by/username/markrutte" in paths
    assert "/2/users/3131144855/mentions" in paths
    queries = [c.params.get("query") for c in seen]
    assert "conversation_id:2126224505041846273" in queries
    assert store.ids() == sorted(RUTTE_IDS)


def test_estimate_prints_volume_per_handle_total_and_cost():
    collector, adapter, _, _ = make(x_handler())
    est = collector.estimate(HANDLES, price_per_1k=5.0)
    assert est.counts == {
        "(@fleuragemapvv OR to:fleuragemapvv) -is:retweet": 745,
        "(@markrutte OR to:markrutte) -is:retweet": 6785,
    }
    assert est.total == 7530
    assert est.cost == pytest.approx(37.65)
    table = est.table()
    assert "TOTAL\t7530" in table and "37.65" in table
    assert all(c.path == "/2/tweets/counts/recent" for c in adapter.calls)
    assert adapter.calls[0].params["granularity"] == "day"


def test_dropped_connection_is_retried():
    import requests

    seen = []

    def drop_once(call):
        seen.append(call)
        if len(seen) == 1:
            raise requests.ConnectionError("Connection reset by peer")
        return None

    collector, _, sleep, _ = make(x_handler(drop_once))
    store = MemoryStore()
    collector.collect(store, ["fleuragemapvv"])
    assert sleep.waits == [2.0]
    assert store.ids() == [FLEUR_ID]


def test_bad_query_is_reported_not_retried():
    bad = {
        "errors": [
            {
                "parameters": {"query": ["(@x OR"]},
                "message": "There were errors processing your request: "
                "Ambiguous use of or as a keyword.",
            }
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    collector, adapter, sleep, _ = make(x_handler(lambda call: Reply(400, bad)))
    with pytest.raises(CollectionError, match="Ambiguous use of or"):
        collector.collect(MemoryStore(), ["markrutte"])
    assert len(adapter.calls) == 1 and sleep.waits == []
