import json
from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pyarrow.parquet as pq
import pytest
from roster_fixtures import roster_frames as two_person_roster

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.records import Message, Recipient
from hatewatch.store import TABLES, Store, parse_duration

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def roster_frames(handle_anna="AnnaDeVries"):
    return two_person_roster(
        [
            ("p1", "twitter", "@" + handle_anna),
            ("p2", "twitter", "pietjansen"),
            ("p1", "bluesky", "anna.bsky.social"),
        ],
        offices=("tweede_kamerlid", "minister"),
        parties=("A", "B"),
    )


class FrameRoster:
    """Stands in for hatewatch.Roster: anything with to_frames()."""

    def __init__(self, frames):
        self.frames = frames

    def to_frames(self):
        return self.frames


def msg(i, *recipients, platform="twitter", text="hoi", created=None, **kw):
    return Message(
        platform=platform,
        message_id=str(i),
        created_at=created or T0 + timedelta(minutes=i),
        author_id="a" * 32,
        text=text,
        recipients=list(recipients),
        collector="test",
        collector_version="0",
        query="q",
        retrieved_at=T0,
        **kw,
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.add_roster(FrameRoster(roster_frames()), "tk")
        yield s


def count(store, table):
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_insert_is_idempotent_on_platform_and_message_id(store):
    first = store.add_messages([msg(1), msg(2), msg(2)], batch_size=2)
    assert (first.inserted, first.duplicates) == (2, 1)
    again = store.add_messages([msg(1), msg(2), msg(3)])
    assert (again.inserted, again.duplicates) == (1, 2)
    # same id on another platform is another message
    other = store.add_messages([msg(1, platform="bluesky")])
    assert other.inserted == 1
    assert count(store, "messages") == 4


def test_recipients_resolve_through_roster_handles(store):
    result = store.add_messages(
        [
            msg(1, Recipient("mention", "annadevries")),  # case-insensitive
            msg(2, Recipient("reply", "@PietJansen"), Recipient("mention", "nobody")),
            # the twitter handle on bluesky is not the same account
            msg(3, Recipient("mention", "annadevries"), platform="bluesky"),
            msg(4, Recipient("quote", "anna.bsky.social"), platform="bluesky"),
        ]
    )
    assert result.links == 3
    assert result.unresolved == 2
    links = store.recipients()
    got = set(zip(links.message_id, links.politician_id, links.relation, strict=True))
    assert got == {("1", "p1", "mention"), ("2", "p2", "reply"), ("4", "p1", "quote")}
    assert "nobody" not in links.to_string()
    assert set(links.gender) == {"female", "male"}


def test_one_link_per_politician_most_direct_relation_wins(store):
    store.add_messages(
        [msg(1, Recipient("mention", "annadevries"), Recipient("reply", "annadevries"))]
    )
    store.add_messages([msg(1, Recipient("quote", "annadevries"))])
    links = store.recipients()
    assert links[["politician_id", "relation"]].values.tolist() == [["p1", "reply"]]


def test_reimport_after_loading_a_roster_adds_the_missing_links(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        first = s.add_messages([msg(1, Recipient("mention", "pietjansen"))])
        assert (first.links, first.unresolved) == (0, 1)
        s.add_roster(roster_frames(), "tk")
        again = s.add_messages([msg(1, Recipient("mention", "pietjansen"))])
        assert (again.inserted, again.links, again.unresolved) == (0, 1, 0)


def test_resolution_can_be_limited_to_one_roster(store):
    frames = roster_frames()
    frames["handles"] = frames["handles"].assign(politician_id=["x1", "x2", "x1"])
    store.add_roster(frames, "other")
    store.add_messages([msg(1, Recipient("mention", "pietjansen"))], roster="other")
    assert store.recipients().politician_id.tolist() == ["x2"]


def test_add_roster_replaces_and_bad_roster_keeps_the_old_one(store):
    frames = roster_frames(handle_anna="anna_nieuw")
    assert store.add_roster(frames, "tk") == 2
    handles = store.con.execute(
        "SELECT handle FROM roster_handles WHERE roster='tk' ORDER BY handle"
    ).fetchall()
    assert [h[0] for h in handles] == ["anna.bsky.social", "anna_nieuw", "pietjansen"]
    broken = roster_frames()
    broken["spells"] = broken["spells"].assign(office=None)  # NOT NULL violation
    with pytest.raises(DataError, match="(?i)constraint|null"):
        store.add_roster(broken, "tk")
    assert count(store, "roster_spells") == 2
    assert store.rosters() == ["tk"]
    with pytest.raises(DataError, match="handles"):
        store.add_roster({"people": frames["people"], "spells": frames["spells"]}, "tk")


def test_failing_batch_leaves_stored_data_untouched(store):
    store.add_messages([msg(1, Recipient("mention", "pietjansen"))])
    bad = msg(3, Recipient("mention", "annadevries"))
    bad.collector = None  # NOT NULL column
    with pytest.raises(DataError, match="(?i)null|constraint"):
        store.add_messages([msg(2, Recipient("mention", "annadevries")), bad])
    assert store.messages().message_id.tolist() == ["1"]
    assert count(store, "message_recipients") == 1
    # the connection is usable again afterwards
    assert store.add_messages([msg(2)]).inserted == 1


def test_timestamps_are_stored_as_naive_utc(store):
    local = datetime(2024, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    store.add_messages([msg(1, created=local)])
    created = store.messages().created_at.iloc[0]
    assert created == pd.Timestamp("2024-03-01 12:00:00")


def scores_for(ids, label, p):
    return pd.DataFrame(
        {
            "platform": "twitter",
            "message_id": ids,
            "label": label,
            "p_hate": p,
            "p_threat": 0.0,
            "p_neutral": 1 - p,
        }
    )


def test_scores_are_kept_per_model_version(store):
    store.add_messages([msg(1), msg(2)])
    assert store.add_scores(scores_for(["1", "2"], "hate", 0.9), "bow-1") == 2
    store.add_scores(scores_for(["1"], "neutral", 0.1), "bow-2")
    # scoring again with the same version replaces that version only
    store.add_scores(scores_for(["1"], "hate", 0.8), "bow-1")
    assert count(store, "scores") == 3
    v1 = store.messages(model_version="bow-1").set_index("message_id")
    assert v1.loc["1", "p_hate"] == pytest.approx(0.8)
    v2 = store.messages(model_version="bow-2").set_index("message_id")
    assert v2.loc["1", "label"] == "neutral"
    assert pd.isna(v2.loc["2", "label"])
    latest = store.messages(with_scores=True).set_index("message_id")
    assert latest.loc["2", "model_version"] == "bow-1"


def test_add_scores_rejects_unknown_labels_and_bad_probabilities(store):
    store.add_messages([msg(1)])
    with pytest.raises(DataError, match="label"):
        store.add_scores(scores_for(["1"], "spam", 0.5), "v")
    with pytest.raises(DataError, match="p_hate"):
        store.add_scores(scores_for(["1"], "hate", 1.5), "v")
    assert count(store, "scores") == 0


def test_iter_unscored_visits_each_message_once_while_scoring(store):
    store.add_messages([msg(i) for i in range(25)] + [msg(99, text=None)])
    store.add_scores(scores_for(["3"], "hate", 0.9), "v1")
    seen = []
    for chunk in store.iter_unscored("v1", chunk_size=7):
        assert list(chunk.columns) == ["platform", "message_id", "text"]
        seen += chunk.message_id.tolist()
        store.add_scores(scores_for(chunk.message_id.tolist(), "neutral", 0.1), "v1")
    assert sorted(seen, key=int) == [str(i) for i in range(25) if i != 3]
    assert list(store.iter_unscored("v1")) == []
    assert sum(len(c) for c in store.iter_unscored("v2")) == 25


def test_checkpoint_round_trip_and_latest_wins(store):
    run = store.start_run("bluesky", "0.1.0", "mentions:anna")
    assert store.last_checkpoint("bluesky", "mentions:anna") is None
    store.save_checkpoint(run, {"cursor": "abc", "n": 1})
    assert store.last_checkpoint("bluesky", "mentions:anna") == {
        "cursor": "abc",
        "n": 1,
    }
    store.finish_run(run, "interrupted", 10)
    run2 = store.start_run("bluesky", "0.1.0", "mentions:anna")
    # a new run without its own checkpoint still resumes from the old one
    assert store.last_checkpoint("bluesky", "mentions:anna")["cursor"] == "abc"
    store.save_checkpoint(run2, {"cursor": "def"})
    assert store.last_checkpoint("bluesky", "mentions:anna") == {"cursor": "def"}
    assert store.last_checkpoint("bluesky", "other") is None
    assert store.last_checkpoint("twitter", "mentions:anna") is None
    with pytest.raises(DataError, match="status"):
        store.finish_run(run2, "done", 0)
    with pytest.raises(DataError, match="no collection run"):
        store.save_checkpoint("nope", {})


def test_checkpoint_survives_reopening(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        run = s.start_run("twitter", "0.1.0", "q")
        s.save_checkpoint(run, {"since_id": "1600000000000000001"})
    with Store(path, read_only=True) as s:
        assert s.last_checkpoint("twitter", "q") == {"since_id": "1600000000000000001"}
        stats = s.stats()
    assert stats["runs"] == {"running": 1}


def test_purge_removes_old_text_and_keeps_labels_and_links(store):
    old = msg(1, Recipient("reply", "annadevries"), created=T0 - timedelta(days=100))
    new = msg(2, Recipient("reply", "annadevries"), created=T0 - timedelta(days=10))
    store.add_messages([old, new])
    store.add_scores(scores_for(["1", "2"], "threat", 0.7), "v1")
    assert store.purge_text(timedelta(days=90), now=T0) == 1
    df = store.messages(with_scores=True).set_index("message_id")
    assert pd.isna(df.loc["1", "text"]) and df.loc["2", "text"] == "hoi"
    assert pd.notna(df.loc["1", "text_purged_at"])
    assert df.loc["1", "label"] == "threat"
    assert count(store, "message_recipients") == 2
    assert store.purge_text(timedelta(days=90), now=T0) == 0
    # purged messages are not offered for scoring any more
    assert [c.message_id.tolist() for c in store.iter_unscored("v2")] == [["2"]]
    # counting age from collection instead: retrieved_at is T0 for both
    later = T0 + timedelta(days=91)
    assert store.purge_text(timedelta(days=90), now=later, by="retrieved_at") == 1


def test_purge_leaves_no_purged_text_in_the_store_file_or_wal(tmp_path):
    # an uncompressed store keeps each text as plain bytes, so a byte search
    # of the file finds it; after the purge, none of the purged texts may be
    # left anywhere in the file or its WAL, while the kept ones still are
    path = tmp_path / "plain.duckdb"
    n = 3000
    old = [f"OUDEGEHEIMETEKST{i:05d}" for i in range(n)]
    new = [f"NIEUWEBEWAARDETEKST{i:05d}" for i in range(n)]
    with Store(path) as st:
        st.con.execute("SET force_compression = 'uncompressed'")
        st.add_roster(FrameRoster(roster_frames()), "tk")
        st.add_messages(
            [
                msg(i, text=t, created=T0 - timedelta(days=200))
                for i, t in enumerate(old)
            ]
            + [
                msg(n + i, text=t, created=T0 - timedelta(days=5))
                for i, t in enumerate(new)
            ]
        )
        st.add_scores(scores_for([str(i) for i in range(2 * n)], "hate", 0.6), "v1")
        st.con.execute("CHECKPOINT")
        raw = path.read_bytes()
        assert sum(t.encode() in raw for t in old) == n  # the search works
        assert st.count_purgeable(timedelta(days=90), now=T0) == n
        assert st.purge_text(timedelta(days=90), now=T0) == n
        # the store stays usable after the file was rewritten under it
        assert st.stats()["messages_purged"] == n
        assert count(st, "scores") == 2 * n
        st.add_messages([msg(9 * n, text="nog een bericht")])
        raw = path.read_bytes()
        wal = tmp_path / "plain.duckdb.wal"
        raw_wal = wal.read_bytes() if wal.exists() else b""
    for blob in (raw, raw_wal):
        assert not [t for t in old if t.encode() in blob]
    assert sum(t.encode() in raw for t in new) == n  # kept text is still there
    assert sorted(p.name for p in tmp_path.iterdir() if "rewrite" in p.name) == []
    with Store(path, read_only=True) as st:
        assert st.stats()["messages"] == 2 * n + 1
        assert st.stats()["messages_purged"] == n


def test_purge_window_before_year_one_purges_nothing(store):
    store.add_messages([msg(1, created=T0 - timedelta(days=100))])
    assert store.count_purgeable(parse_duration("9999y"), now=T0) == 0
    assert store.purge_text(parse_duration("9999y"), now=T0) == 0
    with pytest.raises(DataError, match="too long"):
        parse_duration("99999999999y")


def test_export_writes_every_table_and_refuses_overwrite(store, tmp_path):
    store.add_messages([msg(1, Recipient("mention", "pietjansen")), msg(2)])
    out = tmp_path / "export"
    paths = store.export_parquet(out)
    assert [p.name for p in paths] == [f"{t}.parquet" for t in TABLES]
    assert pq.read_table(out / "messages.parquet").num_rows == 2
    assert pq.read_table(out / "message_recipients.parquet").num_rows == 1
    assert pq.read_table(out / "roster_people.parquet").num_rows == 2
    with pytest.raises(OutputExistsError):
        store.export_parquet(out)
    store.add_messages([msg(3)])
    store.export_parquet(out, force=True)
    assert pq.read_table(out / "messages.parquet").num_rows == 3
    assert not list(out.glob(".*part"))


def test_stats_counts(store):
    store.add_messages(
        [msg(1, Recipient("reply", "pietjansen")), msg(2, platform="bluesky")]
    )
    stats = store.stats()
    assert stats["messages"] == 2
    assert stats["by_platform"] == {"bluesky": 1, "twitter": 1}
    assert stats["links"] == stats["messages_linked"] == 1
    assert stats["by_relation"] == {"reply": 1}
    assert stats["rosters"] == {"tk": 2}
    json.dumps(stats)  # serialisable for --json


def test_read_only_store_requires_existing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


@pytest.mark.parametrize(
    ("text", "days"), [("90d", 90), ("12w", 84), ("6m", 180), ("1y", 365), ("48h", 2)]
)
def test_parse_duration(text, days):
    assert parse_duration(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["", "90", "d", "-5d", "0d", "5x", "1.5d"])
def test_parse_duration_rejects(text):
    with pytest.raises(DataError, match="duration"):
        parse_duration(text)


def test_opening_a_missing_store_for_reading_creates_nothing(tmp_path, monkeypatch):
    from hatewatch.errors import StoreNotFoundError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreNotFoundError, match="store not found") as info:
        Store("hatewatch.duckdb", read_only=True)
    assert str(tmp_path / "hatewatch.duckdb") in str(info.value)
    assert isinstance(info.value, FileNotFoundError)
    assert list(tmp_path.iterdir()) == []
    from hatewatch import exposure

    with pytest.raises(DataError, match="store not found"):
        exposure.load("hatewatch.duckdb")
    assert list(tmp_path.iterdir()) == []
