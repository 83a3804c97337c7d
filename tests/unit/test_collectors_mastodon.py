"""Mastodon collector against recorded API responses served through Mastodon.py."""

from __future__ import annotations

import copy
import io
import logging
import re
from datetime import UTC, datetime

import pytest

mastodon = pytest.importorskip("mastodon")

from collector_fakes import (  # noqa: E402
    FakeSleep,
    KillAfterAdd,
    MemoryStore,
    Reply,
    load,
    replay_session,
    stored_ids,
)

from hatewatch.collectors.base import CollectionError  # noqa: E402
from hatewatch.collectors.mastodon import (  # noqa: E402
    MASTODON_TOKEN_ENV,
    MASTODON_URL_ENV,
    MastodonCollector,
    html_to_text,
)
from hatewatch.errors import CredentialError  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()
TOKEN = "Zk9t3stT0kenNotReal_0123456789abcdefABCDEF"
ROSTER = ["fleuragema@mastodon.nl", "frankverhoef@social.overheid.nl"]
NOTES = load("mastodon", "notifications_mentions.json")
TAGGED = load("mastodon", "timeline_tag_tweedekamer.json")
NOTE_URIS = sorted(n["status"]["uri"] for n in NOTES)
TAG_URIS = sorted(s["uri"] for s in TAGGED)


class FakeInstance:
    """Pages recorded items like Mastodon does: newest first, by max_id/min_id."""

    def __init__(self, notes=NOTES, tagged=TAGGED, fault=None) -> None:
        self.notes = list(notes)
        self.tagged = list(tagged)
        self.fault = fault
        self.calls = []

    def __call__(self, call):
        self.calls.append(call)
        if self.fault is not None:
            reply = self.fault(call)
            if reply is not None:
                return reply
        assert call.headers["Authorization"] == f"Bearer {TOKEN}"
        if call.path == "/api/v1/notifications":
            assert call.params["types[]"] == "mention"
            return Reply(body=self._page(self.notes, call.params))
        if call.path == "/api/v1/timelines/tag/tweedekamer":
            return Reply(body=self._page(self.tagged, call.params))
        raise AssertionError(f"unexpected request {call.path}")

    @staticmethod
    def _page(items, params):
        limit = int(params.get("limit", 20))
        items = sorted(items, key=lambda i: int(i["id"]), reverse=True)
        if "max_id" in params:
            items = [i for i in items if int(i["id"]) < int(params["max_id"])]
        if "min_id" in params:
            newer = [i for i in items if int(i["id"]) > int(params["min_id"])]
            return newer[-limit:]  # the ones right after min_id, newest first
        return items[:limit]


def make(server, **kwargs):
    session, _ = replay_session(server)
    client = mastodon.Mastodon(
        access_token=TOKEN,
        api_base_url="https://mastodon.nl",
        ratelimit_method="throw",
        session=session,
    )
    sleep = FakeSleep()
    err = io.StringIO()
    kwargs.setdefault("page_size", 2)
    collector = MastodonCollector(
        client, sleep=sleep, clock=lambda: NOW, rng=lambda: 0.0, stderr=err, **kwargs
    )
    return collector, sleep, err


def test_html_content_becomes_plain_text():
    html = NOTES[2]["status"]["content"]
    assert html_to_text(html) == (
        "@fleuragema @frankverhoef Praat eens met elkaar\nover de zorg."
    )
    assert html_to_text("<p>Schaam je &amp; treed af.</p><p>Echt.</p>") == (
        "Schaam je & treed af.\n\nEcht."
    )


def test_collects_mentions_and_hashtag_with_relations():
    server = FakeInstance()
    collector, _, _ = make(server, hashtags=["#TweedeKamer"])
    store = MemoryStore()
    summary = collector.collect(store, ROSTER)
    assert store.ids() == stored_ids(NOTE_URIS + TAG_URIS, "mastodon")
    assert summary.n_new == 8

    # ids are the status URIs with the author's account pseudonymised
    by_id = {
        raw: m
        for m in store.messages.values()
        for raw in NOTE_URIS + TAG_URIS
        if stored_ids([raw], "mastodon") == [m.message_id]
    }
    assert len(by_id) == 8
    assert all("/users/hw-" in m.message_id for m in store.messages.values())
    reply = by_id[NOTES[1]["status"]["uri"]]
    assert reply.text == "@fleuragema Schaam je & treed af."
    assert [(r.relation, r.handle) for r in reply.recipients] == [
        ("reply", "fleuragema@mastodon.nl")
    ]
    both = by_id[NOTES[2]["status"]["uri"]]
    assert {(r.relation, r.handle) for r in both.recipients} == {
        ("mention", "fleuragema@mastodon.nl"),
        ("mention", "frankverhoef@social.overheid.nl"),
    }
    untargeted = by_id[TAGGED[1]["uri"]]
    assert untargeted.recipients == []
    assert re.fullmatch(r"[0-9a-f]{32}", reply.author_id)
    assert reply.query == "notifications types=mention"
    assert untargeted.query == "timeline_hashtag #tweedekamer"
    assert reply.created_at == datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert reply.lang == "nl"


def test_since_stops_the_backfill():
    server = FakeInstance()
    collector, _, _ = make(server)
    store = MemoryStore()
    collector.collect(store, ROSTER, since=datetime(2026, 11, 27, 10, tzinfo=UTC))
    assert len(store.messages) == 3  # 21:00, 16:00 and 11:00 only
    assert len(server.calls) == 2


def test_open_ended_rerun_reads_forward_from_the_newest_id():
    server = FakeInstance(notes=NOTES[2:])
    collector, _, _ = make(server)
    store = MemoryStore()
    collector.collect(store, ROSTER)
    assert len(store.messages) == 3
    server.notes = NOTES  # two newer mentions arrived
    n = len(server.calls)
    collector, _, _ = make(server)
    summary = collector.collect(store, ROSTER)
    rerun = server.calls[n:]
    assert rerun[0].params["min_id"] == NOTES[2]["id"]
    assert all("max_id" not in c.params for c in rerun)
    assert summary.n_new == 2 and summary.n_duplicate == 0
    assert store.ids() == stored_ids(NOTE_URIS, "mastodon")


def test_killed_mid_backfill_then_rerun_loses_and_duplicates_nothing():
    def fail_third_page(call):
        if call.params.get("max_id") == NOTES[3]["id"]:
            return Reply(503, load("mastodon", "error_503.json"))
        return None

    collector, sleep, _ = make(FakeInstance(fault=fail_third_page), max_attempts=3)
    store = MemoryStore()
    with pytest.raises(CollectionError, match="503"):
        collector.collect(store, ROSTER)
    assert len(store.messages) == 4
    assert sleep.waits == [2.0, 4.0]

    server = FakeInstance()
    collector, _, _ = make(server)
    summary = collector.collect(store, ROSTER)
    assert server.calls[0].params["max_id"] == NOTES[3]["id"]
    assert store.ids() == stored_ids(NOTE_URIS, "mastodon")
    assert (summary.n_new, summary.n_duplicate) == (1, 0)


def test_kill_between_page_and_checkpoint_repeats_only_that_page():
    store = KillAfterAdd(2)
    collector, _, _ = make(FakeInstance())
    with pytest.raises(KeyboardInterrupt):
        collector.collect(store, ROSTER)
    collector, _, _ = make(FakeInstance())
    summary = collector.collect(store, ROSTER)
    assert store.ids() == stored_ids(NOTE_URIS, "mastodon")
    assert (summary.n_new, summary.n_duplicate) == (1, 2)


def test_429_waits_for_the_reset_time():
    seen = []

    def limited_once(call):
        seen.append(call)
        if len(seen) == 1:
            return Reply(
                429,
                load("mastodon", "error_429.json"),
                {
                    "X-RateLimit-Limit": "300",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": "2026-11-28T12:05:00.000Z",
                },
            )
        return None

    collector, sleep, err = make(FakeInstance(fault=limited_once))
    store = MemoryStore()
    collector.collect(store, ROSTER)
    assert sleep.waits == [300.0]
    assert store.ids() == stored_ids(NOTE_URIS, "mastodon")
    assert "HTTP 429" in err.getvalue()


def test_503_honours_retry_after():
    seen = []

    def flaky(call):
        seen.append(call)
        if len(seen) == 1:
            return Reply(503, load("mastodon", "error_503.json"), {"Retry-After": "7"})
        return None

    collector, sleep, _ = make(FakeInstance(fault=flaky))
    collector.collect(MemoryStore(), ROSTER)
    assert sleep.waits == [7.0]


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_names_the_variables(status, caplog):
    caplog.set_level(logging.DEBUG)
    collector, sleep, _ = make(
        FakeInstance(
            fault=lambda call: Reply(status, load("mastodon", "error_401.json"))
        )
    )
    with pytest.raises(CredentialError) as info:
        collector.collect(MemoryStore(), ROSTER)
    assert MASTODON_TOKEN_ENV in str(info.value)
    assert TOKEN not in str(info.value) and TOKEN not in caplog.text
    assert sleep.waits == []


def test_missing_configuration_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(MASTODON_URL_ENV, raising=False)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(CredentialError, match=MASTODON_URL_ENV):
        MastodonCollector().collect(MemoryStore(), ROSTER)


def test_missing_configuration_names_the_token_too(monkeypatch, tmp_path):
    # neither set: one error that names both variables, not only the URL
    monkeypatch.delenv(MASTODON_URL_ENV, raising=False)
    monkeypatch.delenv(MASTODON_TOKEN_ENV, raising=False)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(CredentialError) as info:
        MastodonCollector().collect(MemoryStore(), ROSTER)
    assert MASTODON_URL_ENV in str(info.value)
    assert MASTODON_TOKEN_ENV in str(info.value)
    # only the token missing: the error names the token
    monkeypatch.setenv(MASTODON_URL_ENV, "https://mastodon.example")
    with pytest.raises(CredentialError) as info:
        MastodonCollector().collect(MemoryStore(), ROSTER)
    assert MASTODON_TOKEN_ENV in str(info.value)
    assert MASTODON_URL_ENV not in str(info.value)


def test_same_status_from_two_sources_is_stored_once():
    # a status that comes back twice (notification and hashtag) is stored once
    dup = copy.deepcopy(NOTES[0]["status"])
    server = FakeInstance(tagged=[dup])
    collector, _, _ = make(server, hashtags=["tweedekamer"])
    store = MemoryStore()
    summary = collector.collect(store, ROSTER)
    assert len(store.messages) == 5 and summary.n_duplicate == 1
