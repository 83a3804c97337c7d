import gzip
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_fixtures import roster_frames

from hatewatch.collectors.files import (
    ColumnMapping,
    detect_format,
    import_file,
    iter_batches,
    read_4cat,
    read_table,
    read_twarc2,
)
from hatewatch.collectors.files.batch import _parse_times
from hatewatch.errors import DataError
from hatewatch.privacy import pseudonymise
from hatewatch.store import Store

DATA = Path(__file__).parents[1] / "data" / "files"


def roster():
    return roster_frames(
        [
            ("p1", "twitter", "AnnaDeVries"),
            ("p2", "twitter", "pietjansen"),
            ("p1", "bluesky", "annadevries.bsky.social"),
        ]
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.add_roster(roster(), "tk")
        yield s


def collect(reader, *args, **kw):
    bad = []
    msgs = list(reader(*args, on_error=bad.append, **kw))
    return msgs, [(b.line, b.field) for b in bad]


def recipients(m):
    return sorted((r.relation, r.handle) for r in m.recipients)


def test_twarc2_pages():
    msgs, bad = collect(read_twarc2, DATA / "twarc2_pages.jsonl")
    by_id = {m.message_id[-1]: m for m in msgs}
    assert sorted(by_id) == ["1", "2", "3", "6"]  # 4 is a retweet, 5 is broken
    assert bad == [(2, None), (3, "created_at")]
    assert recipients(by_id["1"]) == [("reply", "annadevries")]
    assert recipients(by_id["2"]) == [
        ("mention", "annadevries"),
        ("mention", "pietjansen"),
    ]
    assert recipients(by_id["3"]) == [("quote", "pietjansen")]
    assert recipients(by_id["6"]) == [("reply", "pietjansen")]
    m = by_id["1"]
    assert m.in_reply_to == "1599999999999999990"
    assert m.conversation_id == "1599999999999999990"
    assert m.created_at == datetime(2022, 12, 6, 10, 15, tzinfo=UTC)
    assert m.retrieved_at == datetime(2022, 12, 6, 12, 0, tzinfo=UTC)
    assert m.author_id == pseudonymise("7001", platform="twitter")
    assert (m.platform, m.collector, m.query) == (
        "twitter",
        "file:twarc2",
        DATA.joinpath("twarc2_pages.jsonl").name,
    )
    import hatewatch

    assert m.collector_version == hatewatch.__version__


def test_twarc2_flat_gives_the_same_messages_as_pages():
    pages, _ = collect(read_twarc2, DATA / "twarc2_pages.jsonl")
    flat, bad = collect(read_twarc2, DATA / "twarc2_flat.jsonl")
    assert bad == [(5, None)]
    key = {m.message_id: (recipients(m), m.author_id, m.text) for m in pages}
    assert {m.message_id: (recipients(m), m.author_id, m.text) for m in flat} == key


def test_twarc2_stream_lines_import_one_tweet_each():
    msgs, bad = collect(read_twarc2, DATA / "twarc2_stream.jsonl")
    assert bad == []
    by_id = {m.message_id[-3:]: m for m in msgs}
    assert sorted(by_id) == ["801", "802", "804"]  # 803 is a retweet
    # mentioned and replied to: one link, the reply (the stronger relation)
    assert recipients(by_id["801"]) == [("reply", "annadevries")]
    assert by_id["801"].in_reply_to == "1600000000000000800"
    assert by_id["801"].conversation_id == "1600000000000000800"
    assert recipients(by_id["802"]) == [("mention", "pietjansen")]
    assert recipients(by_id["804"]) == [
        ("mention", "annadevries"),
        ("mention", "pietjansen"),
    ]
    assert by_id["804"].retrieved_at == datetime(2022, 12, 6, 10, 19, 2, tzinfo=UTC)
    assert by_id["804"].author_id == pseudonymise("7101", platform="twitter")


def test_twarc2_stream_error_lines_are_reported_with_the_api_text():
    bad = []
    msgs = list(
        read_twarc2(DATA / "twarc2_stream_with_errors.jsonl", on_error=bad.append)
    )
    assert sorted(m.message_id[-3:] for m in msgs) == ["801", "802", "804", "805"]
    assert [(b.line, b.field) for b in bad] == [(3, "errors"), (5, "errors")]
    assert bad[0].reason == (
        "API error: operational-disconnect: This stream has been disconnected "
        "upstream for operational reasons."
    )
    assert bad[1].reason == (
        "API error: ConnectionException: This stream is currently at the maximum "
        "allowed connection limit."
    )


def test_every_twarc2_output_kind_gives_the_same_tweet(store):
    """A reply to @AnnaDeVries as search page, flat line and stream line."""
    found = {}
    for name in ("twarc2_pages.jsonl", "twarc2_flat.jsonl", "twarc2_stream.jsonl"):
        msgs, _ = collect(read_twarc2, DATA / name)
        replies = [m for m in msgs if ("reply", "annadevries") in recipients(m)]
        found[name] = {(m.platform, m.collector) for m in replies}
        assert replies, name
    assert set(map(frozenset, found.values())) == {
        frozenset({("twitter", "file:twarc2")})
    }


def test_zeeschuimer_x_and_bluesky():
    msgs, bad = collect(read_4cat, DATA / "zeeschuimer.ndjson")
    assert bad == [(4, "source_platform"), (5, None), (6, "data.legacy")]
    by_id = {m.message_id: m for m in msgs}
    t1 = by_id["1700000000000000001"]
    assert recipients(t1) == [("reply", "annadevries")]
    assert t1.created_at == datetime(2023, 9, 12, 8, 30, tzinfo=UTC)
    assert t1.in_reply_to == "1699999999999999999"
    assert t1.author_id == pseudonymise("8001", platform="twitter")
    assert recipients(by_id["1700000000000000002"]) == [("quote", "pietjansen")]
    # the post URI names its author: stored with the DID pseudonymised
    author = pseudonymise("did:plc:trolaaa111", platform="bluesky")
    post = by_id[f"at://hw-{author}/app.bsky.feed.post/3kabc111"]
    assert post.platform == "bluesky"
    assert recipients(post) == [("reply", "annadevries.bsky.social")]
    assert post.author_id == pseudonymise("did:plc:trolaaa111", platform="bluesky")
    assert post.lang == "nl"
    assert post.retrieved_at == datetime(2024, 2, 1, 12, 3, 20, tzinfo=UTC)


def test_4cat_flat_csv_of_x_datasource():
    msgs, bad = collect(read_4cat, DATA / "4cat_twitter.csv")
    assert bad == [(4, "timestamp"), (6, None)]
    assert {m.platform for m in msgs} == {"twitter"}
    by_id = {m.message_id[-1]: m for m in msgs}
    assert recipients(by_id["1"]) == [("reply", "annadevries")]
    assert recipients(by_id["2"]) == [("mention", "pietjansen")]
    assert recipients(by_id["4"]) == [("quote", "pietjansen")]
    assert by_id["1"].conversation_id == "1649999999999999999"
    assert by_id["1"].author_id == pseudonymise("bozeburger77", platform="twitter")


def test_4cat_flat_ndjson():
    msgs, bad = collect(read_4cat, DATA / "4cat_export.ndjson")
    assert bad == [(3, "body")]
    assert [m.message_id for m in msgs] == ["501", "502"]
    assert msgs[0].platform == "file"
    assert recipients(msgs[0]) == [("mention", "pietjansen")]
    assert msgs[0].created_at == datetime(2023, 5, 1, 8, 0, tzinfo=UTC)
    with_platform = list(read_4cat(DATA / "4cat_export.ndjson", platform="x"))
    assert {m.platform for m in with_platform} == {"twitter"}


def test_generic_csv_with_mapping_and_multiline_rows():
    mapping = ColumnMapping(
        text="body", message_id="id", created_at="date", author="user"
    )
    msgs, bad = collect(read_table, DATA / "export.csv", mapping)
    # c2 spans lines 3-5, so c3 starts on line 6 and c4 on line 7
    assert bad == [(6, "date"), (7, None)]
    by_id = {m.message_id: m for m in msgs}
    assert sorted(by_id) == ["c1", "c2", "c5"]
    assert by_id["c2"].text.startswith("Meerdere regels:\nhallo")
    assert by_id["c2"].created_at == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert by_id["c5"].created_at == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert recipients(by_id["c1"]) == [("reply", "annadevries")]
    assert recipients(by_id["c2"]) == [("mention", "pietjansen")]
    assert by_id["c1"].author_id == by_id["c5"].author_id  # same person, same pseudonym


def test_generic_columns_are_found_by_common_names():
    default, bad = collect(read_table, DATA / "export.csv")
    assert sorted(m.message_id for m in default) == ["c1", "c2", "c5"]


def test_missing_required_column_names_the_option(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,date,user,inhoud\n1,2024-01-01,u,hoi\n")
    with pytest.raises(DataError, match="--text-column") as info:
        list(read_table(path))
    assert info.value.line == 1


def test_generic_jsonl_bad_lines_duplicates_and_mentions():
    msgs, bad = collect(read_table, DATA / "messages.jsonl")
    assert bad == [(3, "text"), (4, None), (5, "created_at")]
    assert [m.message_id for m in msgs] == ["m1", "m2", "m5", "m1"]
    by_id = {m.message_id: m for m in msgs}
    assert recipients(by_id["m1"]) == [("reply", "annadevries")]
    # @onbekende_burger is 16 characters: longer than any X handle
    assert recipients(by_id["m2"]) == [("mention", "pietjansen")]
    # an e-mail address is not a mention
    assert recipients(by_id["m5"]) == [("reply", "annadevries")]
    assert by_id["m5"].created_at == datetime(2021, 9, 15, 9, 0, tzinfo=UTC)


def test_import_counts_and_reimport_adds_nothing(store):
    bad = []
    first = import_file(DATA / "messages.jsonl", store, on_error=bad.append)
    assert first.as_dict() == {
        "received": 4,
        "inserted": 3,
        "duplicates": 1,
        "links": 3,
        "unresolved": 0,
        "bad": 3,
    }
    assert [b.line for b in bad] == [3, 4, 5]
    again = import_file(DATA / "messages.jsonl", store, on_error=lambda b: None)
    assert (again.inserted, again.duplicates, again.links, again.bad) == (0, 4, 0, 3)
    assert store.stats()["messages"] == 3


@pytest.mark.parametrize(
    ("name", "n_messages", "n_links"),
    [
        ("twarc2_pages.jsonl", 4, 5),
        ("zeeschuimer.ndjson", 3, 3),
        ("4cat_twitter.csv", 3, 3),
        ("export.csv", 3, 2),
    ],
)
def test_every_format_imports_into_the_store(store, name, n_messages, n_links):
    result = import_file(DATA / name, store, on_error=lambda b: None)
    assert (result.inserted, result.links) == (n_messages, n_links)
    assert import_file(DATA / name, store, on_error=lambda b: None).inserted == 0


def test_raw_author_ids_never_reach_the_store(store):
    for name in sorted(p for p in DATA.iterdir() if p.suffix != ".md"):
        import_file(name, store, on_error=lambda b: None)
    raw = {
        "7001",
        "7002",
        "7003",
        "8001",
        "8002",
        "bozeburger77",
        "klantje_nl",
        "hansvanalles",
        "anon_1",
        "anon_2",
        "user_a",
        "user_b",
    }
    raw |= {f"u_private_{i}" for i in (1, 2, 3)}
    for table in ("messages", "message_recipients", "scores", "collection_runs"):
        df = store.con.execute(f"SELECT * FROM {table}").df()
        for col in df.columns:
            values = {str(v) for v in df[col].dropna()}
            assert not values & raw, (table, col)
            assert not any("u_private" in v for v in values), (table, col)


def test_strict_stops_at_the_first_bad_line():
    with pytest.raises(DataError, match="messages.jsonl:3") as info:
        list(read_table(DATA / "messages.jsonl", strict=True))
    assert info.value.field == "text"


def test_unknown_platform_is_a_bad_line(tmp_path):
    path = tmp_path / "p.jsonl"
    rows = [
        {
            "platform": "myspace",
            "message_id": "1",
            "created_at": "2024-01-01",
            "author_id": "u",
            "text": "hoi",
        },
        {
            "platform": "X",
            "message_id": "2",
            "created_at": "2024-01-01",
            "author_id": "u",
            "text": "hoi",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    msgs, bad = collect(read_table, path)
    assert bad == [(1, "platform")]
    assert [(m.platform, m.message_id) for m in msgs] == [("twitter", "2")]
    with pytest.raises(DataError, match="platform"):
        list(iter_batches(path, platform="myspace"))


def test_gzipped_files_and_unknown_extensions(tmp_path):
    gz = tmp_path / "pages.jsonl.gz"
    with gzip.open(gz, "wb") as fh:
        fh.write((DATA / "twarc2_pages.jsonl").read_bytes())
    assert detect_format(gz) == "twarc2"
    assert len(list(read_twarc2(gz, on_error=lambda b: None))) == 4
    txt = tmp_path / "messages.txt"
    shutil.copy(DATA / "messages.jsonl", txt)
    assert len(list(read_table(txt, on_error=lambda b: None))) == 4


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("twarc2_pages.jsonl", "twarc2"),
        ("twarc2_flat.jsonl", "twarc2"),
        ("twarc2_stream.jsonl", "twarc2"),
        ("twarc2_stream_with_errors.jsonl", "twarc2"),
        ("zeeschuimer.ndjson", "4cat"),
        ("4cat_twitter.csv", "4cat"),
        ("4cat_export.ndjson", "4cat"),
        ("export.csv", "csv"),
        ("messages.jsonl", "jsonl"),
    ],
)
def test_detect_format(name, fmt):
    assert detect_format(DATA / name) == fmt


def test_batches_split_large_files(tmp_path):
    path = tmp_path / "many.jsonl"
    rows = [
        {
            "platform": "twitter",
            "message_id": str(i),
            "created_at": 1700000000 + i,
            "author_id": f"u{i % 7}",
            "text": f"@pietjansen bericht {i}",
        }
        for i in range(25)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    batches = list(iter_batches(path, batch_size=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    assert sum(b.recipients.num_rows for b in batches) == 25


@pytest.mark.parametrize(
    ("name", "batch_size", "sizes"),
    [("twarc2_flat.jsonl", 1, [1, 1, 1, 1]), ("zeeschuimer.ndjson", 2, [2, 1])],
)
def test_json_line_exports_split_into_batches(name, batch_size, sizes):
    def ids(batch_size):
        batches = list(
            iter_batches(DATA / name, batch_size=batch_size, on_error=lambda b: None)
        )
        return [b.messages.column("message_id").to_pylist() for b in batches]

    whole = ids(50_000)
    assert len(whole) == 1
    split = ids(batch_size)
    assert [len(b) for b in split] == sizes
    assert [i for b in split for i in b] == whole[0]


def test_parse_times_formats():
    values = [
        "2024-03-01T12:00:00Z",
        "2024-03-01T14:00:00+02:00",
        "2024-03-01 12:00:00",
        "Fri Mar 01 12:00:00 +0000 2024",
        1709294400,
        1709294400000,
        "1709294400",
        "morgen",
        None,
        "2021-02-30T10:00:00Z",
    ]
    out, bad = _parse_times(values)
    expected = pd.Timestamp("2024-03-01 12:00:00").to_datetime64()
    assert all(v == expected for v in out[:7])
    assert bad == [7, 8, 9]


def test_timestamps_outside_1990_2199_are_bad_values_not_crashes(tmp_path):
    # year 0 as an epoch once crashed the reader (found by the property test)
    path = tmp_path / "old.jsonl"
    rows = [
        {
            "message_id": "1",
            "created_at": -62_135_596_801,
            "author_id": "a",
            "text": "@x hoi",
        },
        {
            "message_id": "2",
            "created_at": "1989-12-31T23:59:59Z",
            "author_id": "a",
            "text": "@x hoi",
        },
        {
            "message_id": "3",
            "created_at": "2021-01-01T00:00:00Z",
            "author_id": "a",
            "text": "@x hoi",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    bad = []
    msgs = list(read_table(path, on_error=bad.append))
    assert [m.message_id for m in msgs] == ["3"]
    assert [(b.line, b.field) for b in bad] == [(1, "created_at"), (2, "created_at")]


_row = st.fixed_dictionaries(
    {
        "message_id": st.one_of(st.text(max_size=5), st.integers(), st.none()),
        "created_at": st.one_of(
            st.sampled_from(["2024-01-01T00:00:00Z", "kapot", ""]), st.integers()
        ),
        "author_id": st.one_of(st.text(max_size=5), st.none()),
        "text": st.one_of(st.text(max_size=30), st.none(), st.integers()),
        "reply_to": st.one_of(st.text(max_size=10), st.none(), st.lists(st.text())),
    }
)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(_row, max_size=8), tail=st.sampled_from(["", "{kapot", "[]"]))
def test_any_lines_are_imported_or_reported_never_crash(tmp_path_factory, rows, tail):
    path = tmp_path_factory.mktemp("h") / "h.jsonl"
    lines = [json.dumps(r) for r in rows] + ([tail] if tail else [])
    path.write_text("\n".join(lines) + "\n")
    bad = []
    n_nonblank = sum(1 for line in lines if line.strip())
    if n_nonblank == 0:
        with pytest.raises(DataError, match="the file is empty"):
            list(read_table(path, on_error=bad.append))
        return
    msgs = list(read_table(path, on_error=bad.append))
    assert len(msgs) + len(bad) == n_nonblank
    assert len({b.line for b in bad}) == len(bad)


def _fast_path_file(tmp_path):
    rows = [
        {
            "platform": "twitter",
            "message_id": "1",
            "created_at": "2024-01-01T10:00:00Z",
            "author_id": "u1",
            "text": "@PietJansen hoi",
            "reply_to": "@PietJansen",
        },
        {
            "platform": "twitter",
            "message_id": "2",
            "created_at": "2024-01-01T11:00:00Z",
            "author_id": "u2",
            "text": "   ",
            "reply_to": None,
        },
        {
            "platform": "twitter",
            "message_id": "",
            "created_at": "2024-01-01T11:00:00Z",
            "author_id": "u2",
            "text": "geen id",
        },
        {
            "platform": "myspace",
            "message_id": "4",
            "created_at": "2024-01-01T11:00:00Z",
            "author_id": "u2",
            "text": "platform",
        },
        {
            "platform": "X",
            "message_id": "5",
            "created_at": "30-02-2024",
            "author_id": "u3",
            "text": "datum",
        },
        {
            "message_id": "6",
            "created_at": "2024-01-01T12:00:00+01:00",
            "author_id": "u3",
            "text": "beide @annadevries en @pietjansen",
            "reply_to": "annadevries, pietjansen",
            "conversation_id": "",
        },
        {
            "platform": "bsky",
            "message_id": "7",
            "created_at": "2024-01-01T12:00:00Z",
            "author_id": "u1",
            "text": "hoi @anna.bsky.social.",
        },
    ]
    path = tmp_path / "fast.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "")  # a blank line shifts the numbering
    path.write_text("\n".join(lines) + "\n")
    return path


def _summary(path):
    bad = []
    msgs = list(
        read_table(path, ColumnMapping(default_platform="twitter"), on_error=bad.append)
    )
    return (
        [(b.line, b.field, b.reason) for b in bad],
        [
            (
                m.platform,
                m.message_id,
                m.created_at,
                m.author_id,
                m.text,
                m.conversation_id,
                recipients(m),
            )
            for m in msgs
        ],
    )


def test_arrow_fast_path_matches_the_line_by_line_path(tmp_path, monkeypatch):
    import hatewatch.collectors.files.generic as files

    path = _fast_path_file(tmp_path)
    calls = []
    real = files._arrow_block
    monkeypatch.setattr(
        files, "_arrow_block", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    fast = _summary(path)
    assert calls, "the Arrow path was not used for a clean JSON lines file"
    monkeypatch.setattr(files, "_ARROW_JSON", False)
    calls.clear()
    slow = _summary(path)
    assert not calls
    assert fast == slow
    bad, msgs = fast
    assert [(line, field) for line, field, _ in bad] == [
        (2, "text"),
        (4, "message_id"),
        (5, "platform"),
        (6, "created_at"),
    ]
    by_id = {m[1]: m for m in msgs}
    assert sorted(by_id) == ["1", "6", "7"]
    assert by_id["6"][0] == "twitter" and by_id["6"][5] is None
    assert by_id["6"][6] == [("reply", "annadevries"), ("reply", "pietjansen")]
    assert by_id["7"][0] == "bluesky"
    assert by_id["7"][6] == [("mention", "anna.bsky.social")]


def _tricky_csv(tmp_path):
    rows = [b"\xef\xbb\xbfmessage_id,text,author_id,created_at,reply_to\r\n"]
    for i in range(1, 40):
        text = {
            7: b'"komma, en ""quotes"""',
            21: b'"twee\r\nregels @pietjansen"',
            25: b"caf\xe9",
            30: b"te,veel,velden",
            33: b"",
        }.get(i, b"hoi @AnnaDeVries nummer %d" % i)
        rows.append(b"%d,%s,a%d,2022-01-01T10:00:00Z,pietjansen\r\n" % (i, text, i % 3))
        if i == 12:
            rows.append(b"\r\n")  # a blank line
    path = tmp_path / "tricky.csv"
    path.write_bytes(b"".join(rows))
    return path


@pytest.mark.parametrize("block", [64, 1 << 23])
def test_arrow_csv_path_matches_the_csv_module_path(tmp_path, monkeypatch, block):
    import hatewatch.collectors.files.generic as generic

    path = _tricky_csv(tmp_path)
    monkeypatch.setattr(generic, "_CSV_BLOCK", block)
    real = generic._arrow_csv_blocks
    by_arrow = []

    def counted(*args):
        for table, line in real(*args):
            by_arrow.append(table.num_rows)
            yield table, line

    monkeypatch.setattr(generic, "_arrow_csv_blocks", counted)
    fast = _summary(path)
    # with small blocks Arrow reads the plain start, the csv module the rest
    assert sum(by_arrow) == (12 if block == 64 else 0)
    monkeypatch.setattr(generic, "_ARROW_CSV", False)
    slow = _summary(path)
    assert fast == slow
    bad, msgs = fast
    # line 14 is blank and row 21 spans lines 23-24
    assert [(line, field) for line, field, _ in bad] == [
        (28, None),
        (33, None),
        (36, "text"),
    ]
    assert "byte 0xe9" in bad[0][2] and "found 7" in bad[1][2]
    by_id = {m[1]: m for m in msgs}
    assert len(by_id) == 36
    assert by_id["7"][4] == 'komma, en "quotes"'
    assert by_id["21"][4] == "twee\r\nregels @pietjansen"
    assert by_id["21"][6] == [("reply", "pietjansen")]


def test_a_plain_csv_is_read_by_arrow_alone_with_the_same_result(tmp_path, monkeypatch):
    import hatewatch.collectors.files.generic as generic

    path = tmp_path / "plain.csv"
    path.write_text(
        "message_id,text,author_id,created_at,reply_to\n"
        + "".join(
            f'{i},"hoi, @AnnaDeVries {i}",a{i % 4},2022-01-0{1 + i % 9},pietjansen\n'
            for i in range(1, 300)
        )
    )
    monkeypatch.setattr(generic, "_CSV_BLOCK", 1000)
    real = generic._arrow_csv_blocks
    by_arrow = []

    def counted(*args):
        for table, line in real(*args):
            by_arrow.append(table.num_rows)
            yield table, line

    monkeypatch.setattr(generic, "_arrow_csv_blocks", counted)
    fast = _summary(path)
    assert sum(by_arrow) == 299 and len(by_arrow) > 1
    monkeypatch.setattr(generic, "_ARROW_CSV", False)
    assert _summary(path) == fast
    assert len(fast[1]) == 299 and not fast[0]


def test_a_raw_stream_line_or_an_error_object_first_is_detected_as_twarc2(tmp_path):
    lines = (DATA / "twarc2_stream_with_errors.jsonl").read_text().splitlines()
    stream = [json.loads(line) for line in lines]
    for obj in stream:
        obj.pop("__twarc", None)  # saved by another tool than twarc2
    error_first = tmp_path / "errors_first.jsonl"
    error_first.write_text("".join(json.dumps(o) + "\n" for o in [stream[2], *stream]))
    assert detect_format(error_first) == "twarc2"
    bare = tmp_path / "bare_stream.jsonl"
    bare.write_text("".join(json.dumps(o) + "\n" for o in stream[:2]))
    assert detect_format(bare) == "twarc2"
    msgs, bad = collect(read_twarc2, error_first)
    assert len(msgs) == 4 and [field for _, field in bad] == ["errors"] * 3
