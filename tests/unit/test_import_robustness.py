"""Bad input at import, score and flag: issue 11 items 1, 3, 4, 5 and 11.

Each test builds the file that broke a command and checks what a user relies
on: every row is imported or reported once, with its own line number, and
nothing crashes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from roster_fixtures import roster_frames
from test_scoring import FakeModel

from hatewatch.collectors.files import import_file, iter_batches, read_table
from hatewatch.errors import DataError
from hatewatch.io import read_table_chunks
from hatewatch.roster import load_roster
from hatewatch.scoring import flag_file, score_file
from hatewatch.store import Store


def _msg(i: int, text: str = "hoi daar", **extra) -> dict:
    return {
        "message_id": str(i),
        "text": text,
        "author_id": f"a{i % 7}",
        "created_at": "2022-01-01T10:00:00Z",
        **extra,
    }


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.add_roster(roster_frames([("p1", "twitter", "AnnaDeVries")]), "tk")
        yield s


def _bad(reader, *args, **kw):
    bad = []
    out = reader(*args, on_error=bad.append, **kw)
    if hasattr(out, "__next__"):  # a lazy reader: read it all
        out = list(out)
    return out, bad


# -- item 1: keys that first appear after line 200 ----------------------------


@pytest.mark.parametrize("arrow", [True, False])
def test_jsonl_keys_first_seen_on_line_251_are_imported(
    tmp_path, store, monkeypatch, arrow
):
    import hatewatch.collectors.files.generic as generic

    monkeypatch.setattr(generic, "_ARROW_JSON", arrow)
    records = [_msg(i) for i in range(250)]
    records += [
        _msg(i, platform="twitter", reply_to="AnnaDeVries") for i in range(250, 300)
    ]
    path = _write_jsonl(tmp_path / "late.jsonl", records)
    result = import_file(path, store, roster="tk", batch_size=120)
    assert (result.inserted, result.bad) == (300, 0)
    counts = dict(
        store.con.execute(
            "SELECT platform, count(*) FROM messages GROUP BY platform"
        ).fetchall()
    )
    assert counts == {"file": 250, "twitter": 50}
    assert result.links == 50


def test_jsonl_alternative_column_name_seen_late_is_read(tmp_path):
    # "language" (an alias of lang) only from line 201 on, "lang" never
    records = [_msg(i) for i in range(200)] + [
        _msg(i, language="nl", thread_id="t1") for i in range(200, 210)
    ]
    path = _write_jsonl(tmp_path / "alias.jsonl", records)
    msgs, bad = _bad(read_table, path)
    assert not bad
    assert [m.lang for m in msgs[198:202]] == [None, None, "nl", "nl"]
    assert msgs[205].conversation_id == "t1"


# -- item 3: bytes that do not decode, and --encoding -------------------------


def _latin1_csv(path: Path, n: int = 3000, bad_line: int = 2002) -> Path:
    with open(path, "wb") as fh:
        fh.write(b"message_id,text,author_id,created_at\n")
        for i in range(2, n + 2):  # data row i is on line i
            text = b"caf\xe9 open" if i == bad_line else b"hoi daar"
            fh.write(b"%d,%s,a,2022-01-01T10:00:00Z\n" % (i, text))
    return path


def test_csv_bad_byte_is_reported_on_its_own_line_by_import(tmp_path, store):
    path = _latin1_csv(tmp_path / "ln.csv")
    bad = []
    result = import_file(path, store, on_error=bad.append)
    assert result.inserted == 2999
    assert [(b.line, b.field) for b in bad] == [(2002, None)]
    assert "not valid UTF-8: byte 0xe9 at column 9" in bad[0].reason
    assert "--encoding" in bad[0].reason


@pytest.mark.parametrize("run", [score_file, flag_file])
def test_csv_bad_byte_is_reported_on_its_own_line_by_score_and_flag(tmp_path, run):
    path = _latin1_csv(tmp_path / "ln.csv")
    summary, bad = _bad(
        run, path, tmp_path / "out.csv", model=FakeModel(), progress=False
    )
    assert [b.line for b in bad] == [2002]
    assert summary.rows_bad == 1


def test_bad_byte_inside_a_multiline_record_reports_where_the_record_starts(
    tmp_path,
):
    path = tmp_path / "ml.csv"
    path.write_bytes(
        b"message_id,text,author_id,created_at\n"
        b'1,"twee\nregels",a,2022-01-01\n'  # lines 2-3
        b'2,"eerste regel\nmet caf\xe9",a,2022-01-01\n'  # lines 4-5
        b"3,hoi,a,2022-01-01\n"  # line 6
    )
    chunks, bad = _bad(
        lambda p, **kw: list(read_table_chunks(p, **kw)), path, required=("text",)
    )
    assert [(b.line, b.field) for b in bad] == [(4, None)]
    assert chunks[0].line_numbers.tolist() == [2, 6]


def test_jsonl_bad_byte_is_reported_on_its_line_everywhere(tmp_path, store):
    lines = [json.dumps(_msg(i)).encode() for i in range(10)]
    lines[3] = lines[3].replace(b"hoi", b"h\xe9")  # line 4
    path = tmp_path / "l1.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    bad = []
    assert import_file(path, store, on_error=bad.append).inserted == 9
    assert [b.line for b in bad] == [4]
    for run in (score_file, flag_file):
        _, bad = _bad(
            run,
            path,
            tmp_path / f"{run.__name__}.csv",
            model=FakeModel(),
            progress=False,
        )
        assert [b.line for b in bad] == [4], run.__name__


def test_a_header_that_does_not_decode_is_an_error_naming_encoding(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(b"message_id,t\xe9xt\n1,hoi\n")
    with pytest.raises(DataError, match=r"h\.csv:1: .*--encoding"):
        next(read_table_chunks(path, required=()))


def test_encoding_option_reads_a_cp1252_file(tmp_path, store):
    path = tmp_path / "w.csv"
    path.write_bytes(
        "message_id,text,author_id,created_at\n"
        "1,Café kost 5 €,a,2022-01-01\n"
        "2,hoi @AnnaDeVries,b,2022-01-01\n".encode("cp1252")
    )
    result = import_file(path, store, encoding="cp1252", platform="twitter")
    assert (result.inserted, result.bad) == (2, 0)
    texts = store.con.execute("SELECT text FROM messages ORDER BY 1").fetchall()
    assert texts == [("Café kost 5 €",), ("hoi @AnnaDeVries",)]
    frame = next(read_table_chunks(path, encoding="cp1252")).frame
    assert frame["text"].tolist()[0] == "Café kost 5 €"
    jsonl = tmp_path / "w.jsonl"
    jsonl.write_bytes(
        json.dumps(_msg(1, "Café €"), ensure_ascii=False).encode("cp1252")
    )
    assert [m.text for m in read_table(jsonl, encoding="cp1252")] == ["Café €"]


def test_unknown_or_non_ascii_encodings_are_refused(tmp_path):
    path = _write_jsonl(tmp_path / "m.jsonl", [_msg(1)])
    with pytest.raises(DataError, match="unknown encoding"):
        list(iter_batches(path, encoding="klingon"))
    with pytest.raises(DataError, match="not ASCII-compatible"):
        list(iter_batches(path, encoding="utf-16"))


# -- item 4: escaped lone surrogates ------------------------------------------


@pytest.mark.parametrize("arrow", [True, False])
def test_escaped_lone_surrogates_become_replacement_characters(
    tmp_path, store, monkeypatch, arrow
):
    import hatewatch.collectors.files.generic as generic

    monkeypatch.setattr(generic, "_ARROW_JSON", arrow)
    path = tmp_path / "s.jsonl"
    # json.dumps writes the lone surrogate as the escape \ud800
    _write_jsonl(path, [_msg(1, "\ud800 x"), _msg(2, "ok \udfff"), _msg(3)])
    assert b"\\ud800" in path.read_bytes()
    result = import_file(path, store)
    assert (result.inserted, result.bad) == (3, 0)
    texts = store.con.execute("SELECT text FROM messages ORDER BY message_id")
    assert [t for (t,) in texts.fetchall()] == ["\ufffd x", "ok \ufffd", "hoi daar"]


@pytest.mark.parametrize("run", [score_file, flag_file])
def test_escaped_lone_surrogates_do_not_crash_score_or_flag(tmp_path, run):
    path = _write_jsonl(
        tmp_path / "s.jsonl", [_msg(1, "\ud800 x"), _msg(2, "ik weet waar je woont")]
    )
    out = tmp_path / "out.csv"
    summary, bad = _bad(run, path, out, model=FakeModel(), progress=False)
    assert not bad
    written = pd.read_csv(out, dtype=str)
    if run is score_file:
        assert written["text"].tolist() == ["\ufffd x", "ik weet waar je woont"]
    else:
        assert written["text"].tolist() == ["ik weet waar je woont"]


def test_a_valid_surrogate_pair_is_kept(tmp_path):
    path = _write_jsonl(tmp_path / "p.jsonl", [_msg(1, "hoi \U0001f600")])
    assert b"\\ud83d\\ude00" in path.read_bytes()
    assert [m.text for m in read_table(path)] == ["hoi \U0001f600"]


# -- item 5: a roster field longer than the csv module's limit ----------------


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_roster_field_over_131072_characters_is_a_clear_error(tmp_path, suffix):
    sep = "\t" if suffix == ".tsv" else ","
    quote = '"' if suffix == ".csv" else ""
    path = tmp_path / f"r{suffix}"
    # CSV: an unclosed quote on line 3 swallows the long line 4; TSV: line 3
    # itself holds the long field
    path.write_text(
        f"name{sep}handle_twitter\n"
        f"Anna de Vries{sep}AnnaDeVries\n"
        f"{quote}Piet Jansen{sep}pietjansen"
        + ("\n" if quote else "")
        + "x" * 140_000
        + "\n"
    )
    with pytest.raises(DataError) as err:
        load_roster(path)
    message = str(err.value)
    assert f"r{suffix}:3:" in message
    assert "131,072 characters" in message
    assert ("quote" in message) == (suffix == ".csv")


# -- item 11: flag and non-text values, JSON columns, empty/gzip/folder -------


def test_flag_reports_rows_whose_text_is_a_number_or_an_object_as_score_does(
    tmp_path,
):
    path = _write_jsonl(
        tmp_path / "t.jsonl",
        [
            _msg(1, "ik weet waar je woont"),
            {**_msg(2), "text": 12345},
            {**_msg(3), "text": {"nested": "ik weet waar je woont"}},
            {**_msg(4), "text": ["lijst"]},
            _msg(5, "hoi"),
        ],
    )
    reports = {}
    for run in (score_file, flag_file):
        summary, bad = _bad(
            run,
            path,
            tmp_path / f"{run.__name__}.csv",
            model=FakeModel(),
            progress=False,
        )
        reports[run.__name__] = [(b.line, b.field, b.reason.split(" ")[2]) for b in bad]
        assert summary.rows_bad == 3
        assert summary.rows_read == 5
    expected = [(2, "text", "int"), (3, "text", "dict"), (4, "text", "list")]
    assert reports == {"score_file": expected, "flag_file": expected}


def test_json_syntax_errors_name_the_column_of_the_break(tmp_path):
    broken = '{"message_id": "2", "text": "hoi", '  # cut off after column 36
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps(_msg(1)) + "\n" + broken + "\n")
    _, bad = _bad(read_table, path)
    assert [b.line for b in bad] == [2]
    assert bad[0].reason.endswith("column 36")
    chunks, bad = _bad(lambda p, **kw: list(read_table_chunks(p, **kw)), path)
    assert bad[0].reason.endswith("column 36")
    path.write_text(json.dumps(_msg(1)) + "\n" + '{"text": "a" "b"}\n')
    _, bad = _bad(read_table, path)
    assert bad[0].reason == "invalid JSON: Expecting ',' delimiter column 14"


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.csv", "blank.jsonl"])
def test_an_empty_file_is_an_error_for_import_score_and_flag(tmp_path, store, name):
    path = tmp_path / name
    path.write_text("\n  \n" if name.startswith("blank") else "")
    with pytest.raises(DataError, match="empty"):
        import_file(path, store)
    for run in (score_file, flag_file):
        with pytest.raises(DataError, match="empty"):
            run(path, tmp_path / "out.csv", model=FakeModel(), progress=False)


def test_gzip_content_is_read_whatever_the_file_name(tmp_path, store):
    records = [_msg(i) for i in range(5)]
    path = tmp_path / "really_gzip.jsonl"
    with gzip.open(path, "wt") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in records)
    assert import_file(path, store).inserted == 5
    summary = score_file(path, tmp_path / "o.csv", model=FakeModel(), progress=False)
    assert summary.rows_scored == 5
    csv_gz = tmp_path / "t.csv"
    with gzip.open(csv_gz, "wt") as fh:
        fh.write("message_id,text,author_id,created_at\n1,hoi,a,2022-01-01\n")
    assert [m.text for m in read_table(csv_gz)] == ["hoi"]


def test_a_folder_is_named_as_a_folder(tmp_path, store):
    folder = tmp_path / "export.jsonl"
    folder.mkdir()
    with pytest.raises(DataError, match="is a folder, not a file"):
        import_file(folder, store)
    with pytest.raises(DataError, match="is a folder, not a file"):
        score_file(folder, tmp_path / "o.csv", model=FakeModel(), progress=False)


def test_import_shows_a_progress_bar_on_a_terminal_only(tmp_path, store, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = _write_jsonl(tmp_path / "m.jsonl", [_msg(i) for i in range(30)])
    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        import_file(path, store, progress=True)
        assert ("m.jsonl" in stream.getvalue() and "msg" in stream.getvalue()) == shown
