"""`hatewatch score` and `hatewatch flag` end to end, with the shipped model."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hatewatch.cli import app
from hatewatch.io import read_table
from hatewatch.labels import LABELS
from hatewatch.scoring import FLAG_COLUMNS, SCORE_COLUMNS

runner = CliRunner()

THREAT = "@minpres we weten waar je woont, pas maar op. kogel door je kop"
NEUTRAL = "Goed debat vandaag over de begroting, dank voor de heldere uitleg"
HATE = "@minpres je bent een vieze domme idioot en je partij is tuig"


@pytest.fixture(scope="module")
def model():
    from hatewatch.classifiers import load_model

    return load_model()


def _messages_csv(path: Path) -> Path:
    path.write_text(
        "id,text\n"
        f'1,"{NEUTRAL}"\n'
        f'2,"{THREAT}"\n'
        "3,\n"  # line 4: empty text
        f'4,"{HATE}"\n'
        '5,"kut, trein weer\nvertraagd"\n'  # lines 6-7
        "6,te,veel,velden\n",  # line 8
        encoding="utf-8",
    )
    return path


def test_score_csv_to_parquet(tmp_path, model):
    src = _messages_csv(tmp_path / "in.csv")
    dst = tmp_path / "scored.parquet"
    result = runner.invoke(
        app, ["score", str(src), "-o", str(dst), "--chunk-size", "2"]
    )
    assert result.exit_code == 0, result.output
    assert f"skipped: {src}:4 field 'text': empty value" in result.stderr
    assert f"skipped: {src}:8: expected 2 fields" in result.stderr
    assert "scored 4 of 6 rows (2 bad)" in result.stderr
    out = read_table(dst)
    assert list(out.columns) == ["id", "text", *SCORE_COLUMNS]
    assert out["id"].tolist() == ["1", "2", "4", "5"]
    assert set(out["label"]) <= set(LABELS)
    probs = out[["p_hate", "p_threat", "p_neutral"]].to_numpy(dtype=float)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    assert (out["model_version"] == model.version).all()
    # the same labels as the model's own predict()
    assert out["label"].tolist() == list(model.predict(out["text"].tolist()))
    labels = dict(zip(out["id"], out["label"], strict=True))
    assert labels["2"] == "threat" and labels["1"] == "neutral"


def test_score_strict_stops_at_first_bad_row_without_output(tmp_path, model):
    src = _messages_csv(tmp_path / "in.csv")
    dst = tmp_path / "scored.csv"
    result = runner.invoke(app, ["score", str(src), "-o", str(dst), "--strict"])
    assert result.exit_code == 1
    assert f"{src}:4 field 'text': empty value" in result.stderr
    assert not dst.exists()
    assert list(tmp_path.iterdir()) == [src]  # no temporary left either


def test_score_refuses_to_overwrite_without_force(tmp_path, model):
    src = _messages_csv(tmp_path / "in.csv")
    dst = tmp_path / "scored.jsonl"
    dst.write_text("precious\n")
    result = runner.invoke(app, ["score", str(src), "-o", str(dst)])
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert dst.read_text() == "precious\n"
    result = runner.invoke(app, ["score", str(src), "-o", str(dst), "--force"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in dst.read_text().splitlines()]
    assert len(rows) == 4 and rows[1]["label"] == "threat"


def test_score_jsonl_gz_with_other_text_column(tmp_path, model):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for i, text in enumerate([NEUTRAL, THREAT]):
            fh.write(json.dumps({"n": i, "body": text}) + "\n")
    dst = tmp_path / "out.csv"
    result = runner.invoke(app, ["score", str(src), "-o", str(dst)])
    assert result.exit_code == 1 and "'text' not found" in result.stderr
    result = runner.invoke(
        app, ["score", str(src), "-o", str(dst), "--text-column", "body"]
    )
    assert result.exit_code == 0, result.output
    out = read_table(dst, required=("body",))
    assert out["label"].tolist() == ["neutral", "threat"]


def test_flag_writes_threats_by_priority_with_explanations(tmp_path, model):
    src = _messages_csv(tmp_path / "in.csv")
    dst = tmp_path / "flagged.csv"
    result = runner.invoke(app, ["flag", str(src), "-o", str(dst)])
    assert result.exit_code == 0, result.output
    assert "flagged" in result.stderr and "2 bad" in result.stderr
    out = read_table(dst)
    assert list(out.columns) == ["line", "id", "text", *FLAG_COLUMNS]
    assert "2" in out["id"].tolist()  # the threat
    assert "1" not in out["id"].tolist()  # the polite message
    threat = out[out["id"] == "2"].iloc[0]
    assert threat["line"] == "3"
    assert threat["explanation"].startswith("p_threat ")
    priority = out["priority"].astype(float).tolist()
    assert priority == sorted(priority, reverse=True)
    # an explicit threshold above every probability leaves only rule hits
    strict = tmp_path / "rules_only.csv"
    result = runner.invoke(
        app, ["flag", str(src), "-o", str(strict), "--threshold", "1.0"]
    )
    assert result.exit_code == 0, result.output
    rules_only = read_table(strict, required=())
    assert (rules_only["rules"].fillna("") != "").all()


def test_score_frame_api_matches_cli(tmp_path, model):
    import pandas as pd

    import hatewatch

    df = pd.DataFrame({"text": [NEUTRAL, THREAT, HATE, None]})
    out = hatewatch.score_frame(df, model=model)
    assert out["label"].iloc[:3].tolist() == list(model.predict(df["text"][:3]))
    assert pd.isna(out["label"].iloc[3])
    flagged = hatewatch.flag_threats(df, model=model)
    assert 1 in flagged.index and 0 not in flagged.index


def test_score_store(tmp_path, model):
    store_mod = pytest.importorskip("hatewatch.store")
    if not hasattr(store_mod, "Store"):
        pytest.skip("hatewatch.Store is not implemented yet")
    path = tmp_path / "hw.duckdb"
    with store_mod.Store(path) as store:
        for mid, text in [("1", NEUTRAL), ("2", THREAT)]:
            store.con.execute(
                "INSERT INTO messages (platform, message_id, created_at, author_id,"
                " text, collector, collector_version, retrieved_at) VALUES"
                " ('twitter', ?, TIMESTAMP '2026-01-01', 'x', ?, 'test', '0',"
                " TIMESTAMP '2026-01-02')",
                [mid, text],
            )
    result = runner.invoke(app, ["score", "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "scored 2 of 2 rows" in result.stderr
    with store_mod.Store(path, read_only=True) as store:
        got = store.con.execute(
            "SELECT message_id, label, model_version FROM scores ORDER BY 1"
        ).fetchall()
    assert got == [("1", "neutral", model.version), ("2", "threat", model.version)]
    result = runner.invoke(app, ["score", "--store", str(path)])
    assert "scored 0 of 0 rows" in result.stderr  # nothing new to score


# -- failures that need no model ------------------------------------------------


def test_score_missing_input_fails(tmp_path):
    result = runner.invoke(
        app, ["score", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1
    assert "input file not found" in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_score_needs_output_or_store(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nhoi\n")
    result = runner.invoke(app, ["score", str(src)])
    assert result.exit_code == 1 and "-o OUTPUT" in result.stderr
    result = runner.invoke(app, ["score", str(src), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1 and "unsupported file type" in result.stderr


def test_flag_existing_output_fails_before_work(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nhoi\n")
    dst = tmp_path / "flagged.csv"
    dst.write_text("old")
    result = runner.invoke(app, ["flag", str(src), "-o", str(dst)])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert dst.read_text() == "old"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo terminal")
@pytest.mark.parametrize("command", ["score", "flag"])
def test_progress_bar_on_a_terminal_that_reports_no_size(tmp_path, command):
    # a pty opened without a size (as tools and some containers give) used to
    # get no bar at all; stdout stays a pipe, only stderr is the terminal
    import os
    import pty
    import subprocess

    src = tmp_path / "m.csv"
    src.write_text(
        "text\n" + "".join(f"bericht nummer {i} over het debat\n" for i in range(3000))
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hatewatch", command, str(src)]
        + ["-o", str(tmp_path / "out.csv"), "--chunk-size", "500"],
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, err
    label = "scoring" if command == "score" else "flagging"
    assert f"{label}:" in err and "100%" in err, err
    stdout = proc.stdout.read()
    proc.stdout.close()
    assert stdout == b""  # the bar never goes to stdout
