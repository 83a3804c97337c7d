"""`hatewatch collect ...` end to end: roster in the store, recorded API responses.

The SDKs run unchanged; only their lowest HTTP layer (requests' transport
adapter, httpx's transport) is replaced by the recorded responses in
``tests/data/<platform>/``.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("tweepy")
pytest.importorskip("atproto")
pytest.importorskip("mastodon")
pytest.importorskip("duckdb")

import httpx  # noqa: E402
import requests  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from collector_fakes import ReplayAdapter, Reply, load  # noqa: E402

import hatewatch.cli  # noqa: E402,F401  (registers the commands)
from hatewatch.cli._util import app  # noqa: E402
from hatewatch.store import Store  # noqa: E402

TOKEN = "AAAAAAAAAAAAAAAAAAAAAIntegrat10nT0kenNotReal"
TOK2 = "b26v89c19zqg8o3fosbxq3sqfe1ugj0zp7xm2bkl5ll1"
TOK3 = "b26v89c19zqg8o3fosbxq3sqfe1ugj0zp7xm2bkl5lm2"
ROSTER_TSV = (
    "politician_id\tname\tgender\toffice\tparty\tregion\tstart_date\tend_date\t"
    "handle_twitter\thandle_bluesky\thandle_mastodon\n"
    "mark-rutte\tMark Rutte\tmale\ttweede_kamerlid\tVVD\t\t\t\tmarkrutte\t\t\n"
    "fleur-agema\tFleur Agema\tfemale\ttweede_kamerlid\tPVV\t\t\t\tfleuragemapvv\t"
    "fleuragema.bsky.social\tfleuragema@mastodon.nl\n"
    "thierry-aartsen\tThierry Aartsen\tmale\ttweede_kamerlid\tVVD\t\t\t\t"
    "thierryaartsen\t\t\n"
)

runner = CliRunner()


def x_handler(fault=None):
    def handler(call):
        if fault is not None:
            reply = fault(call)
            if reply is not None:
                return reply
        query = call.params.get("query", "")
        if call.path == "/2/tweets/search/recent":
            if "since_id" in call.params:
                return Reply(body=load("twitter", "search_empty.json"))
            if "@markrutte" in query:
                page = {None: 1, TOK2: 2, TOK3: 3}[call.params.get("next_token")]
                return Reply(body=load("twitter", f"search_markrutte_page{page}.json"))
            if "@fleuragemapvv" in query:
                return Reply(body=load("twitter", "search_fleuragemapvv_page1.json"))
            return Reply(body=load("twitter", "search_empty.json"))
        if call.path == "/2/tweets/counts/recent":
            name = "markrutte" if "@markrutte" in query else "fleuragemapvv"
            return Reply(body=load("twitter", f"counts_{name}.json"))
        raise AssertionError(f"unexpected request {call.path}")

    return handler


@pytest.fixture
def env(tmp_path, monkeypatch, recorded_clock):
    """A store holding roster tk2021, fake sleep, and an X token.

    The clock stands at the time the responses were recorded, so X's
    seven-day recent-search window covers them whatever day the test runs.
    """
    roster = tmp_path / "tk2021.tsv"
    roster.write_text(ROSTER_TSV, encoding="utf-8")
    db = tmp_path / "hw.duckdb"
    result = runner.invoke(
        app, ["roster", "load", str(roster), "--name", "tk2021", "--store", str(db)]
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("HATEWATCH_X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(tmp_path / "no-credentials.toml"))
    waits: list[float] = []
    monkeypatch.setattr("time.sleep", waits.append)
    return db, waits


def serve_requests(monkeypatch, handler):
    adapter = ReplayAdapter(handler)
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter,
        "send",
        lambda self, request, **kw: adapter.send(request, **kw),
    )
    return adapter


def collect(db, *args):
    return runner.invoke(
        app, ["collect", *args, "--roster", "tk2021", "--store", str(db)]
    )


def counts(db):
    with Store(db, read_only=True) as st:
        n_messages = st.con.execute("SELECT count(*) FROM messages").fetchall()[0][0]
        links = dict(
            st.con.execute(
                "SELECT politician_id || ':' || relation, count(*) "
                "FROM message_recipients GROUP BY 1"
            ).fetchall()
        )
        runs = st.con.execute(
            "SELECT status, count(*) FROM collection_runs GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return n_messages, links, dict(runs)


def test_collect_twitter_stops_at_max_pages_and_continues(env, monkeypatch):
    db, _ = env
    adapter = serve_requests(monkeypatch, x_handler())
    first = collect(db, "twitter", "--max-pages", "2")
    assert first.exit_code == 0, first.output
    assert "2 pages" in first.stdout and "stopped at --max-pages" in first.stdout

    second = collect(db, "twitter")
    assert second.exit_code == 0, second.output
    n_messages, links, runs = counts(db)
    assert n_messages == 8
    assert links["mark-rutte:reply"] == 6
    assert links["mark-rutte:quote"] == 1
    assert links["fleur-agema:mention"] == 2
    assert "0 duplicate" in second.stdout
    assert runs["interrupted"] == 1
    assert all(c.headers["Authorization"] == f"Bearer {TOKEN}" for c in adapter.calls)


def test_failed_page_then_rerun_loses_and_duplicates_nothing(env, monkeypatch):
    db, waits = env

    def page3_down(call):
        if call.params.get("next_token") == TOK3:
            return Reply(503, load("twitter", "error_503.json"))
        return None

    serve_requests(monkeypatch, x_handler(page3_down))
    failed = collect(db, "twitter")
    assert failed.exit_code == 1
    assert "503" in failed.output and "run the same command again" in failed.output
    assert len(waits) == 7  # 8 attempts, exponential backoff between them
    for attempt, wait in enumerate(waits):
        backoff = 2.0 * 2**attempt  # plus up to 50 % jitter
        assert backoff <= wait <= 1.5 * backoff
    assert counts(db)[0] == 6  # fleuragemapvv's page and markrutte's first two

    serve_requests(monkeypatch, x_handler())
    again = collect(db, "twitter")
    assert again.exit_code == 0, again.output
    n_messages, _, runs = counts(db)
    assert n_messages == 8
    assert runs["failed"] == 1
    assert "0 duplicate" in again.stdout


def test_rerun_after_the_recent_window_warns_of_the_gap(
    env, monkeypatch, recorded_clock
):
    db, _ = env
    serve_requests(monkeypatch, x_handler())
    assert collect(db, "twitter").exit_code == 0
    recorded_clock.shift(timedelta(days=10))
    adapter = serve_requests(monkeypatch, x_handler())
    later = collect(db, "twitter")
    assert later.exit_code == 0, later.output
    assert "gaps could not be collected" in later.stdout
    assert "warning: gap:" in later.stderr and "--full-archive" in later.stderr
    assert all("since_id" not in c.params for c in adapter.calls)


def test_refused_token_exits_1_naming_the_variable(env, monkeypatch):
    db, _ = env
    serve_requests(
        monkeypatch, lambda call: Reply(401, load("twitter", "error_401.json"))
    )
    result = collect(db, "twitter")
    assert result.exit_code == 1
    assert "HATEWATCH_X_BEARER_TOKEN" in result.output
    assert TOKEN not in result.output


def test_missing_token_exits_1_naming_the_variable(env, monkeypatch):
    db, _ = env
    monkeypatch.delenv("HATEWATCH_X_BEARER_TOKEN")
    serve_requests(monkeypatch, x_handler())
    result = collect(db, "twitter")
    assert result.exit_code == 1
    assert "HATEWATCH_X_BEARER_TOKEN" in result.output
    assert "is not set" in result.output
    assert counts(db)[2] == {}  # failed before any run was started


def test_estimate_prints_counts_and_cost(env, monkeypatch):
    db, _ = env
    serve_requests(monkeypatch, x_handler())
    result = collect(db, "twitter", "--estimate", "--price-per-1k", "2.5")
    assert result.exit_code == 0, result.output
    lines = dict(line.split("\t") for line in result.stdout.strip().splitlines())
    assert lines["(@markrutte OR to:markrutte) -is:retweet"] == "6785"
    # thierryaartsen is served fleuragemapvv's recorded counts
    assert lines["TOTAL"] == str(6785 + 745 + 745)
    assert lines["ESTIMATED COST (USD, at 2.5 per 1k posts)"] == "20.69"
    assert counts(db)[0] == 0


def test_unknown_roster_and_bad_date_fail_clearly(env, monkeypatch):
    db, _ = env
    serve_requests(monkeypatch, x_handler())
    result = runner.invoke(
        app, ["collect", "twitter", "--roster", "nope", "--store", str(db)]
    )
    assert result.exit_code == 1 and "roster 'nope'" in result.output
    result = collect(db, "twitter", "--since", "gisteren")
    assert result.exit_code == 1 and "--since" in result.output


def test_collect_bluesky_and_mastodon(env, monkeypatch):
    db, _ = env
    monkeypatch.setenv("HATEWATCH_BSKY_HANDLE", "hatewatch-onderzoek.bsky.social")
    monkeypatch.setenv("HATEWATCH_BSKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    posts = load("bluesky", "posts_fleuragema.json")

    def xrpc(self, request):
        path = request.url.path
        if path.endswith("createSession"):
            return httpx.Response(200, json=load("bluesky", "createSession.json"))
        if path.endswith("getProfiles"):
            return httpx.Response(200, json=load("bluesky", "getProfiles.json"))
        assert path.endswith("searchPosts")
        return httpx.Response(200, json=posts)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", xrpc)
    result = collect(db, "bluesky", "--since", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "12 new" in result.stdout

    monkeypatch.setenv("HATEWATCH_MASTODON_BASE_URL", "https://mastodon.nl")
    monkeypatch.setenv("HATEWATCH_MASTODON_ACCESS_TOKEN", "Zk9t3stT0kenNotReal")

    def instance(call):
        if "max_id" in call.params or "min_id" in call.params:
            return Reply(body=[])
        if call.path == "/api/v1/notifications":
            return Reply(body=load("mastodon", "notifications_mentions.json"))
        return Reply(body=load("mastodon", "timeline_tag_tweedekamer.json"))

    serve_requests(monkeypatch, instance)
    result = collect(db, "mastodon", "--hashtag", "tweedekamer")
    assert result.exit_code == 0, result.output
    assert "8 new" in result.stdout
    _, links, _ = counts(db)
    assert links["fleur-agema:reply"] == 2 + 3  # Bluesky 2, Mastodon 3 replies
    assert links["fleur-agema:quote"] == 1


def test_kill_between_store_and_checkpoint_with_the_real_store(env, monkeypatch):
    import tweepy

    from hatewatch.collectors.twitter import TwitterCollector

    db, _ = env
    serve_requests(monkeypatch, x_handler())

    class KilledOnce(Store):
        armed = True

        def save_checkpoint(self, run_id, state):
            if self.armed and state.get("next_token") == TOK3:
                KilledOnce.armed = False
                raise KeyboardInterrupt  # page 2 is stored, its checkpoint is not
            super().save_checkpoint(run_id, state)

    def run():
        client = tweepy.Client(bearer_token=TOKEN)
        with KilledOnce(db) as st:
            return TwitterCollector(client).collect(
                st, ["markrutte"], roster="tk2021", progress=False
            )

    with pytest.raises(KeyboardInterrupt):
        run()
    assert counts(db)[0] == 5
    summary = run()
    n_messages, links, runs = counts(db)
    assert n_messages == 7
    assert (summary.n_new, summary.n_duplicate) == (2, 2)  # page 2 came again
    assert links["mark-rutte:reply"] == 6  # links not doubled either
    assert runs == {"finished": 1, "interrupted": 1}


REPO = Path(__file__).resolve().parents[2]


def _documented_collect_commands():
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = re.search(r"hatewatch collect (\w+)\s+(?:.*\s)?--roster (\S+)", line)
            if m:
                yield doc.name, m[1], m[2], line


def test_documented_collect_commands_have_handles_in_the_shipped_roster():
    # a command documented with the shipped roster must find handles in it
    from hatewatch.roster import load_roster

    shipped = load_roster(REPO / "data" / "rosters" / "tk2021.tsv")
    found = list(_documented_collect_commands())
    assert any(name == "README.md" for name, *_ in found)
    for name, platform, roster, line in found:
        if roster != "tk2021":
            continue
        if platform == "mastodon" and "--hashtag" in line:
            continue  # hashtag timelines need no handles
        assert shipped.handle_index(platform), f"{name}: {line}"


def test_collect_on_a_roster_without_platform_handles_says_how_to_add_them(
    tmp_path, monkeypatch
):
    db = tmp_path / "hw.duckdb"
    result = runner.invoke(
        app,
        ["roster", "load", str(REPO / "data" / "rosters" / "tk2021.tsv")]
        + ["--name", "tk2021", "--store", str(db)],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["collect", "bluesky", "--roster", "tk2021", "--store", str(db)]
    )
    assert result.exit_code == 1
    assert "handle_bluesky" in result.stderr and "roster load" in result.stderr
