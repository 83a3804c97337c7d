"""Streaming table IO: formats, bad-row line numbers, atomic writes."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.io import (
    BadRow,
    TableWriter,
    estimate_rows,
    read_table,
    read_table_chunks,
    remove_stale_parts,
    table_format,
    write_table,
)


def _collect(path: Path, **kw: object) -> tuple[pd.DataFrame, list[int], list[BadRow]]:
    bad: list[BadRow] = []
    chunks = list(read_table_chunks(path, on_error=bad.append, **kw))
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    lines = [int(x) for c in chunks for x in c.line_numbers]
    return frame, lines, bad


CSV_WITH_PROBLEMS = (
    "id,text\n"  # line 1
    "001,hallo daar\n"  # 2
    '002,"twee\nregels"\n'  # 3-4: a quoted line break
    "003,te,veel\n"  # 5: too many fields
    "004,\n"  # 6: empty text
    "\n"  # 7: blank line, ignored
    '005,"nog ""een"""\n'  # 8
)


def test_csv_line_numbers_survive_multiline_fields_and_bad_rows(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text(CSV_WITH_PROBLEMS, encoding="utf-8")
    frame, lines, bad = _collect(path)
    assert frame["id"].tolist() == ["001", "002", "005"]  # ids stay strings
    assert frame["text"].tolist() == ["hallo daar", "twee\nregels", 'nog "een"']
    assert lines == [2, 3, 8]
    assert [(b.line, b.field) for b in bad] == [(5, None), (6, "text")]
    assert "expected 2 fields" in bad[0].reason
    assert str(bad[1]).startswith(f"{path}:6 field 'text'")


def test_strict_raises_data_error_naming_file_line_field(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text(CSV_WITH_PROBLEMS, encoding="utf-8")
    with pytest.raises(DataError) as info:
        list(read_table_chunks(path, strict=True))
    err = info.value
    assert (err.path, err.line) == (str(path), 5)
    assert f"{path}:5" in str(err)


def test_missing_required_column_is_a_data_error(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text("id,body\n1,hoi\n", encoding="utf-8")
    with pytest.raises(DataError, match="'text' not found") as info:
        list(read_table_chunks(path))
    assert info.value.field == "text"
    # the column can be named
    frame = read_table(path, required=("body",))
    assert frame["body"].tolist() == ["hoi"]


def test_missing_file_and_unknown_extension(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        list(read_table_chunks(tmp_path / "nope.csv"))
    (tmp_path / "x.xlsx").write_text("x")
    with pytest.raises(DataError, match="unsupported file type"):
        list(read_table_chunks(tmp_path / "x.xlsx"))


def test_chunks_respect_chunk_size_and_keep_order(tmp_path: Path):
    path = tmp_path / "m.tsv"
    rows = "".join(f"{i}\tbericht {i}\n" for i in range(25))
    path.write_text("n\ttext\n" + rows, encoding="utf-8")
    chunks = list(read_table_chunks(path, chunk_size=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert chunks[2].line_numbers.tolist() == [22, 23, 24, 25, 26]
    assert chunks[2].frame["text"].iloc[0] == "bericht 20"
    assert list(chunks[1].frame.index) == list(range(10))


def test_columns_selects_and_orders(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text("a,text,b\n1,hoi,2\n", encoding="utf-8")
    frame = read_table(path, columns=["text", "a"])
    assert list(frame.columns) == ["text", "a"]
    with pytest.raises(DataError, match="'zzz' not found"):
        read_table(path, columns=["text", "zzz"])


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path):
    path = tmp_path / "m.jsonl"
    lines = [
        json.dumps({"id": 1, "text": "eerste"}),  # 1
        "{not json",  # 2
        "",  # 3: blank, skipped silently
        json.dumps([1, 2]),  # 4: not an object
        json.dumps({"id": 5}),  # 5: missing text
        json.dumps({"id": 6, "text": "  "}),  # 6: blank text
        json.dumps({"id": 7, "text": "zevende", "extra": True}),  # 7
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, linenos, bad = _collect(path)
    assert frame["text"].tolist() == ["eerste", "zevende"]
    assert list(frame.columns) == ["id", "text"]
    assert linenos == [1, 7]
    assert [(b.line, b.field) for b in bad] == [
        (2, None),
        (4, None),
        (5, "text"),
        (6, "text"),
    ]
    assert "invalid JSON" in bad[0].reason
    assert bad[2].reason == "missing field"


def test_gzip_jsonl_and_csv(tmp_path: Path):
    path = tmp_path / "m.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"text": "a"}\n{"text": "b"}\n')
    assert read_table(path)["text"].tolist() == ["a", "b"]
    path = tmp_path / "m.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("text\na\n")
    assert read_table(path)["text"].tolist() == ["a"]
    assert table_format(path) == ("csv", True)


def test_parquet_round_trip_and_row_numbers(tmp_path: Path):
    path = tmp_path / "m.parquet"
    df = pd.DataFrame({"id": [1, 2, 3], "text": ["a", None, "c"]})
    write_table(df, path)
    frame, lines, bad = _collect(path, chunk_size=2)
    assert frame["id"].tolist() == [1, 3]
    assert lines == [1, 3]
    assert [(b.line, b.field) for b in bad] == [(2, "text")]
    assert estimate_rows(path) == 3


def test_bom_is_stripped_from_the_header(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_bytes("\ufefftext\nhoi\n".encode())
    assert read_table(path)["text"].tolist() == ["hoi"]


def test_file_without_valid_rows_yields_empty_chunk_with_columns(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text("id,text\n1,\n", encoding="utf-8")
    frame, lines, bad = _collect(path)
    assert list(frame.columns) == ["id", "text"] and len(frame) == 0
    assert len(bad) == 1


def test_estimate_rows_small_csv(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text("text\n" + "hoi\n" * 9, encoding="utf-8")
    assert estimate_rows(path) == 9


@pytest.mark.parametrize("name", ["o.csv", "o.tsv", "o.jsonl", "o.parquet", "o.csv.gz"])
def test_writer_round_trips_in_chunks(tmp_path: Path, name: str):
    path = tmp_path / name
    with TableWriter(path) as out:
        out.write(pd.DataFrame({"text": ["a", "b,c"], "p": [0.5, 0.25]}))
        out.write(pd.DataFrame({"p": [1.0], "text": ['d "e"\nf']}))  # reordered
    assert out.rows_written == 3
    back = read_table(path)
    assert back["text"].tolist() == ["a", "b,c", 'd "e"\nf']
    assert [float(x) for x in back["p"]] == [0.5, 0.25, 1.0]
    assert not list(tmp_path.glob(".*part"))  # no temporary left behind


def test_writer_refuses_to_overwrite_without_force(tmp_path: Path):
    path = tmp_path / "o.csv"
    path.write_text("old\n")
    with pytest.raises(OutputExistsError, match="--force"):
        with TableWriter(path) as out:
            out.write(pd.DataFrame({"text": ["new"]}))
    assert path.read_text() == "old\n"
    write_table(pd.DataFrame({"text": ["new"]}), path, force=True)
    assert path.read_text() == "text\nnew\n"


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path: Path):
    fresh = tmp_path / "fresh.parquet"
    with pytest.raises(RuntimeError):
        with TableWriter(fresh) as out:
            out.write(pd.DataFrame({"text": ["a"]}))
            raise RuntimeError("scoring failed halfway")
    assert not fresh.exists()
    old = tmp_path / "old.jsonl"
    old.write_text('{"text": "old"}\n')
    with pytest.raises(RuntimeError):
        with TableWriter(old, force=True) as out:
            out.write(pd.DataFrame({"text": ["new"]}))
            raise RuntimeError("boom")
    assert old.read_text() == '{"text": "old"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.jsonl"]


def test_parquet_writer_accepts_all_null_first_chunk(tmp_path: Path):
    path = tmp_path / "o.parquet"
    with TableWriter(path) as out:
        out.write(pd.DataFrame({"text": ["a"], "lang": [None]}))
        out.write(pd.DataFrame({"text": ["b"], "lang": ["nl"]}))
    lang = read_table(path)["lang"]
    assert lang.isna().tolist() == [True, False] and lang.iloc[1] == "nl"


def test_jsonl_first_record_without_required_key_is_a_column_error(tmp_path: Path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"body": "hoi"}\n{"body": "hallo"}\n', encoding="utf-8")
    with pytest.raises(DataError, match="'text' not found in the first record") as info:
        list(read_table_chunks(path))
    assert (info.value.line, info.value.field) == (1, "text")


def test_unreadable_csv_row_is_skipped_and_reading_resumes(tmp_path: Path):
    path = tmp_path / "m.csv"
    huge = "x" * 200_000  # above the csv module's field size limit
    path.write_text(f"id,text\n1,{huge}\n2,hoi\n", encoding="utf-8")
    frame, lines, bad = _collect(path)
    assert frame["id"].tolist() == ["2"] and lines == [3]
    assert [(b.line, b.field) for b in bad] == [(2, None)]
    assert "unreadable CSV row" in bad[0].reason


def test_parquet_writer_stores_mixed_type_columns_as_text(tmp_path: Path):
    # JSONL gives a number or an object among strings; Parquet needs one type
    path = tmp_path / "o.parquet"
    with TableWriter(path) as out:
        out.write(pd.DataFrame({"id": ["a", 7, None]}, dtype=object))
        out.write(pd.DataFrame({"id": [{"x": 1}, "b"]}, dtype=object))
    back = read_table(path, required=())["id"]
    assert back.iloc[:2].tolist() == ["a", "7"] and back.isna().iloc[2]
    assert back.iloc[3:].tolist() == ['{"x": 1}', "b"]


def test_reading_leaves_the_garbage_collector_enabled(tmp_path: Path):
    import gc

    path = tmp_path / "m.csv"
    path.write_text("text\n" + "hoi\n" * 30, encoding="utf-8")
    chunks = read_table_chunks(path, chunk_size=10)
    next(chunks)  # a consumer that stops early
    assert gc.isenabled()
    chunks.close()
    assert gc.isenabled()


def test_output_gets_the_usual_permissions(tmp_path: Path):
    import os

    path = tmp_path / "o.csv"
    write_table(pd.DataFrame({"text": ["a"]}), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


_KILLED_WRITER = """
import os, signal, sys
import pandas as pd
from hatewatch.io import TableWriter

with TableWriter(sys.argv[1], force=True) as out:
    out.write(pd.DataFrame({"text": ["een geheim bericht"] * 1000}))
    out._fh.flush() if out._fh is not None else None
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(os.name != "posix", reason="file locks and SIGKILL are POSIX")
@pytest.mark.parametrize("name", ["scored.csv", "scored.parquet"])
def test_part_files_of_a_killed_run_are_removed_by_the_next(tmp_path, name):
    import subprocess
    import sys

    out_path = tmp_path / name
    run = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(out_path)], capture_output=True
    )
    assert run.returncode == -9, run.stderr
    parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(parts) == 1 and parts[0].name.startswith(f".{name}.")  # left behind
    # a writer still at work on the same output keeps its part file
    with TableWriter(out_path, force=True) as busy:
        busy.write(pd.DataFrame({"text": ["a"]}))
        mine = busy._tmp
        assert mine is not None and mine.exists()
        assert not parts[0].exists()  # the stale one went when busy started
        assert remove_stale_parts(out_path) == []
        assert mine.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]
