"""`hatewatch import`, `store stats`, `store export` and `purge` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from hatewatch.cli import app
from hatewatch.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from roster_fixtures import roster_frames  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "files"
EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "messages.jsonl"
runner = CliRunner()


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    path = tmp_path / "hw.duckdb"
    monkeypatch.setenv("HATEWATCH_STORE", str(path))
    with Store(path) as st:
        st.add_roster(
            roster_frames(
                [("p1", "twitter", "annadevries"), ("p2", "twitter", "pietjansen")]
            ),
            "tk",
        )
    return path


def test_import_reports_counts_and_bad_lines(store_path):
    src = DATA / "messages.jsonl"
    result = runner.invoke(app, ["import", str(src), "--roster", "tk"])
    assert result.exit_code == 0, result.output
    assert (
        "imported 3, duplicates 1, bad lines 3, recipient links 3, "
        "unresolved recipients 0"
    ) in result.stdout
    assert f"{src}:3 field 'text': missing text" in result.stderr
    assert f"{src}:4: invalid JSON" in result.stderr
    assert f"{src}:5 field 'created_at'" in result.stderr
    again = runner.invoke(app, ["import", str(src)])
    assert again.exit_code == 0
    assert "imported 0, duplicates 4, bad lines 3, recipient links 0" in again.stdout


def test_strict_import_fails_on_a_bad_line(store_path):
    result = runner.invoke(app, ["import", str(DATA / "messages.jsonl"), "--strict"])
    assert result.exit_code != 0
    assert "messages.jsonl:3 field 'text'" in result.stderr


def test_text_column_option_and_explicit_format(store_path):
    src = DATA / "export.csv"
    result = runner.invoke(
        app,
        [
            "import",
            str(src),
            "--format",
            "csv",
            "--text-column",
            "body",
            "--id-column",
            "id",
            "--created-column",
            "date",
            "--author-column",
            "user",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "imported 3," in result.stdout and "recipient links 2" in result.stdout
    wrong = runner.invoke(app, ["import", str(src), "--text-column", "tekst"])
    assert wrong.exit_code == 1
    assert "'tekst'" in wrong.stderr and "--text-column" in wrong.stderr


def test_unknown_roster_and_missing_file_fail_clearly(store_path):
    result = runner.invoke(
        app, ["import", str(DATA / "messages.jsonl"), "--roster", "tk2099"]
    )
    assert result.exit_code == 1
    assert "tk2099" in result.stderr and "roster load" in result.stderr
    missing = runner.invoke(app, ["import", "nope.jsonl"])
    assert missing.exit_code == 1 and "nope.jsonl" in missing.stderr


def test_stats_export_and_purge(store_path, tmp_path):
    for name in ("twarc2_pages.jsonl", "zeeschuimer.ndjson"):
        assert runner.invoke(app, ["import", str(DATA / name)]).exit_code == 0
    stats = runner.invoke(app, ["store", "stats", "--json"])
    assert stats.exit_code == 0
    data = json.loads(stats.stdout)
    assert data["messages"] == 7 and data["by_platform"] == {"bluesky": 1, "twitter": 6}
    text = runner.invoke(app, ["store", "stats"])
    assert "messages         7" in text.stdout

    out = tmp_path / "export"
    assert runner.invoke(app, ["store", "export", str(out)]).exit_code == 0
    assert pq.read_table(out / "messages.parquet").num_rows == 7
    refused = runner.invoke(app, ["store", "export", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert runner.invoke(app, ["store", "export", str(out), "--force"]).exit_code == 0

    dry = runner.invoke(app, ["purge", "--older-than", "90d", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would purge the text of 7 messages" in dry.stdout
    unconfirmed = runner.invoke(app, ["purge", "--older-than", "90d"])
    assert unconfirmed.exit_code == 1 and "--yes" in unconfirmed.stderr
    with Store(store_path, read_only=True) as st:
        assert st.messages().text.notna().all()  # dry run and refusal kept all
    purged = runner.invoke(app, ["purge", "--older-than", "90d", "--yes"])
    assert purged.exit_code == 0, purged.output
    assert "purged the text of 7 messages" in purged.stdout
    with Store(store_path, read_only=True) as st:
        df = st.messages()
        links = st.recipients()
    assert df.text.isna().all() and len(df) == 7
    assert len(links) > 0
    bad = runner.invoke(app, ["purge", "--older-than", "ninety days"])
    assert bad.exit_code == 1 and "90d" in bad.stderr


def test_purge_with_a_window_reaching_before_year_one(store_path):
    imported = runner.invoke(app, ["import", str(DATA / "twarc2_pages.jsonl")])
    assert imported.exit_code == 0
    for window in ("9999y", "999999999d"):
        result = runner.invoke(app, ["purge", "--older-than", window, "--yes"])
        assert result.exit_code == 0, result.output
        assert "purged the text of 0 messages" in result.stdout
    too_long = runner.invoke(app, ["purge", "--older-than", "99999999999y", "--yes"])
    assert too_long.exit_code == 1 and "too long" in too_long.stderr
    assert "Traceback" not in too_long.output


@pytest.mark.parametrize("key", ["test-key-not-a-secret", "a", "   "])
def test_failed_import_leaves_no_new_store_behind(tmp_path, monkeypatch, key):
    # a missing input file, or a refused (weak) key: no empty store appears
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HATEWATCH_STORE", raising=False)
    monkeypatch.setenv("HATEWATCH_PSEUDONYM_KEY", key)
    name = "missing.jsonl" if key == "test-key-not-a-secret" else "m.jsonl"
    if name == "m.jsonl":
        (tmp_path / name).write_text((DATA / "messages.jsonl").read_text())
    result = runner.invoke(app, ["import", name])
    assert result.exit_code == 1
    assert name in result.stderr or "HATEWATCH_PSEUDONYM_KEY" in result.stderr
    assert not (tmp_path / "hatewatch.duckdb").exists()
    assert not (tmp_path / "hatewatch.duckdb.wal").exists()


@pytest.mark.parametrize(
    "exc", [KeyboardInterrupt(), RuntimeError("Query interrupted")]
)
def test_ctrl_c_during_import_prints_a_message_not_a_traceback(
    store_path, monkeypatch, exc
):
    import hatewatch.collectors.files as files

    def interrupted(*args, **kwargs):
        raise exc

    monkeypatch.setattr(files, "import_file", interrupted)
    result = runner.invoke(app, ["import", str(DATA / "messages.jsonl")])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "again" in result.stderr
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, RuntimeError | KeyboardInterrupt)


def test_other_runtime_errors_are_not_mistaken_for_ctrl_c(store_path, monkeypatch):
    import hatewatch.collectors.files as files

    def broken(*args, **kwargs):
        raise RuntimeError("something else")

    monkeypatch.setattr(files, "import_file", broken)
    result = runner.invoke(app, ["import", str(DATA / "messages.jsonl")])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.slow
def test_sigint_during_a_real_import_exits_cleanly(tmp_path):
    import os
    import signal
    import time

    big = tmp_path / "big.jsonl"
    line = (
        '{"message_id": "%d", "text": "een bericht van enige lengte nummer %d", '
        '"created_at": "2025-01-01T00:00:00Z", "author_id": "u%d"}\n'
    )
    with big.open("w") as fh:
        for i in range(600_000):
            fh.write(line % (i, i, i % 997))
    db = tmp_path / "hw.duckdb"
    env = {**os.environ, "HATEWATCH_PSEUDONYM_KEY": "test-key-not-a-secret"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hatewatch", "import", str(big), "--store", str(db)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not db.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err and "Traceback" not in err


def test_stats_of_a_missing_store_does_not_create_one(tmp_path):
    path = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["store", "stats", "--store", str(path)])
    assert result.exit_code == 1 and "store not found" in result.stderr
    assert not path.exists()


def test_raw_author_ids_never_appear_in_output_or_store(store_path):
    outputs = []
    for name in sorted(DATA.iterdir()):
        result = runner.invoke(app, ["import", str(name)])
        outputs.append(result.stdout + result.stderr)
    outputs.append(runner.invoke(app, ["store", "stats", "--json"]).stdout)
    text = "\n".join(outputs)
    for raw in ("u_private_", "bozeburger77", "klantje_nl", "trol_tom", "anon_1"):
        assert raw not in text
    with Store(store_path, read_only=True) as st:
        authors = set(st.messages().author_id)
    assert all(len(a) == 32 for a in authors)
    assert not authors & {"7001", "7002", "8001", "u_private_1", "anon_1"}


def test_missing_pseudonym_key_is_named(store_path, monkeypatch):
    monkeypatch.delenv("HATEWATCH_PSEUDONYM_KEY")
    result = runner.invoke(app, ["import", str(DATA / "messages.jsonl")])
    assert result.exit_code == 1
    assert "HATEWATCH_PSEUDONYM_KEY" in result.stderr
    with Store(store_path, read_only=True) as st:
        assert st.stats()["messages"] == 0


@pytest.mark.skipif(not EXAMPLE.exists(), reason="bundled example not built yet")
def test_bundled_example_imports(store_path):
    result = runner.invoke(app, ["import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "bad lines 0" in result.stdout


def test_console_entry_point_runs_import(store_path, tmp_path):
    cmd = [sys.executable, "-m", "hatewatch", "import", str(DATA / "messages.jsonl")]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "imported 3" in proc.stdout


def test_import_of_twarc2_stream_output_reports_api_errors(store_path):
    src = DATA / "twarc2_stream_with_errors.jsonl"
    result = runner.invoke(app, ["import", str(src), "--roster", "tk"])
    assert result.exit_code == 0, result.output
    assert "imported 4, duplicates 0, bad lines 2, recipient links 5" in result.stdout
    assert (
        f"{src}:3 field 'errors': API error: operational-disconnect: This stream "
        "has been disconnected upstream for operational reasons."
    ) in result.stderr


def test_encoding_option_for_import_score_and_flag(store_path, tmp_path):
    src = tmp_path / "cp1252.csv"
    src.write_bytes(
        "message_id,text,author_id,created_at\n"
        "1,Café @pietjansen € kost,a,2022-01-01\n".encode("cp1252")
    )
    plain = runner.invoke(app, ["import", str(src), "--platform", "twitter"])
    assert plain.exit_code == 0, plain.output
    assert "bad lines 1" in plain.stdout
    assert f"{src}:2: not valid UTF-8: byte 0xe9 at column 6" in plain.stderr
    assert "--encoding" in plain.stderr
    result = runner.invoke(
        app, ["import", str(src), "--platform", "twitter", "--encoding", "cp1252"]
    )
    assert result.exit_code == 0, result.output
    assert "imported 1, duplicates 0, bad lines 0, recipient links 1" in result.stdout
    out = tmp_path / "scored.csv"
    scored = runner.invoke(
        app, ["score", str(src), "-o", str(out), "--encoding", "cp1252"]
    )
    assert scored.exit_code == 0, scored.output
    assert "Café @pietjansen € kost" in out.read_text(encoding="utf-8")
    flagged = runner.invoke(
        app,
        ["flag", str(src), "-o", str(tmp_path / "f.csv"), "--encoding", "cp1252"],
    )
    assert flagged.exit_code == 0, flagged.output
    assert "(0 bad)" in flagged.stderr


def test_import_of_a_folder_or_an_empty_file_fails_clearly(store_path, tmp_path):
    folder = tmp_path / "dump.jsonl"
    folder.mkdir()
    result = runner.invoke(app, ["import", str(folder)])
    assert result.exit_code == 1
    assert "is a folder, not a file" in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = runner.invoke(app, ["import", str(empty)])
    assert result.exit_code == 1
    assert "the file is empty" in result.stderr
