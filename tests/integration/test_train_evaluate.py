"""`hatewatch train` and `hatewatch evaluate` end to end, and the shipped model."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hatewatch.classifiers import evaluate_model, load_model, read_labelled
from hatewatch.cli import app
from hatewatch.errors import DataError, OutputExistsError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from toy_corpus import TOY_ROWS  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "models" / "hatewatch-nl-bow-0.3.0"
PREVIOUS = REPO / "models" / "hatewatch-nl-bow-0.2.0"

_ROWS = TOY_ROWS
_FILL = ["", " vandaag", " echt", " !!", " @jan", " nu", " hoor", " zeg"]


def _write_csv(path: Path, with_split: bool = True) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["text", "label", "source", "group", "split"][: 5 if with_split else 4]
        )
        for label, texts in _ROWS.items():
            for i, t in enumerate(texts):
                for j, x in enumerate(_FILL):
                    split = ("train", "train", "validation", "test")[(i + j) % 4]
                    row = [t + x, label, "toy", f"{label}-{i}", split]
                    w.writerow(row[: 5 if with_split else 4])
    return path


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
    }


def test_train_is_deterministic_and_evaluate_prints_tables(tmp_path):
    data = _write_csv(tmp_path / "toy.csv")
    runner = CliRunner()
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    for out in (out_a, out_b):
        res = runner.invoke(
            app, ["train", str(data), "-o", str(out), "--C", "3", "--version", "t-1"]
        )
        assert res.exit_code == 0, res.output
        assert "macro-F1" in res.output
    assert {"meta.json", "features.json", "linear.skops", "README.md"} <= set(
        p.name for p in out_a.iterdir()
    )
    # byte-identical weights, vocabulary, metadata and card
    assert _digests(out_a) == _digests(out_b)
    meta = json.loads((out_a / "meta.json").read_text())
    assert (
        meta["training_data"][0]["sha256"]
        == hashlib.sha256(data.read_bytes()).hexdigest()
    )
    assert meta["params"]["C"] == 3.0
    assert meta["created_by"].startswith("hatewatch train")

    res = runner.invoke(app, ["evaluate", "--model", str(out_a), str(data)])
    assert res.exit_code == 0, res.output
    for needle in (
        "precision",
        "recall",
        "macro-F1",
        "threat flag at the operating threshold",
        "confusion",
    ):
        assert needle in res.output
    res = runner.invoke(
        app, ["evaluate", "--model", str(out_a), str(data), "--split", "test", "--json"]
    )
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["overall"]["n"] == sum(
        1 for r in read_labelled([data])["split"] if r == "test"
    )


def test_evaluate_defaults_to_the_test_split_and_says_what_it_scored(tmp_path):
    data = _write_csv(tmp_path / "toy.csv")
    n_test = sum(1 for r in read_labelled([data])["split"] if r == "test")
    n_all = len(read_labelled([data]))
    runner = CliRunner()
    base = ["evaluate", "--model", str(SHIPPED), str(data), "--json"]
    res = runner.invoke(app, base)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["n"] == n_test
    assert f"split=test: {n_test:,} of {n_all:,} rows" in res.stderr
    res = runner.invoke(app, [*base, "--split", "all"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["n"] == n_all
    assert "ALL" in res.stderr and "overstate" in res.stderr
    # a file without a split column: the hash split that train uses
    plain = _write_csv(tmp_path / "plain.csv", with_split=False)
    n_plain = sum(1 for r in read_labelled([plain])["split"] if r == "test")
    res = runner.invoke(app, [*base[:3], str(plain), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["n"] == n_plain < n_all


def test_trained_model_gets_its_own_version(tmp_path):
    data = _write_csv(tmp_path / "toy.csv")
    runner = CliRunner()
    out = tmp_path / "my-model"
    res = runner.invoke(app, ["train", str(data), "-o", str(out)])
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "meta.json").read_text())
    assert meta["version"] == "my-model" != SHIPPED.name
    assert load_model(out).version == "my-model"
    other = tmp_path / "other"
    res = runner.invoke(
        app, ["train", str(data), "-o", str(other), "--version", "toy-1.0.0"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads((other / "meta.json").read_text())["version"] == "toy-1.0.0"
    # the shipped model's version is refused for any other folder
    res = runner.invoke(
        app,
        ["train", str(data), "-o", str(tmp_path / "x"), "--version", SHIPPED.name],
    )
    assert res.exit_code == 1 and "own version" in res.stderr
    assert not (tmp_path / "x").exists()
    # --regularisation is the option's name; --C stays as an alias
    res = runner.invoke(
        app,
        ["train", str(data), "-o", str(tmp_path / "c"), "--regularisation", "2"],
    )
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "c" / "meta.json").read_text())["params"]["C"] == 2


def test_train_refuses_to_overwrite(tmp_path):
    data = _write_csv(tmp_path / "toy.csv")
    runner = CliRunner()
    assert (
        runner.invoke(app, ["train", str(data), "-o", str(tmp_path / "m")]).exit_code
        == 0
    )
    res = runner.invoke(app, ["train", str(data), "-o", str(tmp_path / "m")])
    assert res.exit_code != 0
    assert isinstance(res.exception, OutputExistsError)
    res = runner.invoke(app, ["train", str(data), "-o", str(tmp_path / "m"), "--force"])
    assert res.exit_code == 0, res.output


def test_files_without_split_are_split_by_group_deterministically(tmp_path):
    data = _write_csv(tmp_path / "nosplit.csv", with_split=False)
    a = read_labelled([data])
    b = read_labelled([data])
    assert a["split"].tolist() == b["split"].tolist()
    assert set(a["split"]) <= {"train", "validation", "test"}
    # a group never straddles two splits
    assert (a.groupby("group")["split"].nunique() == 1).all()


def test_bad_label_names_file_line_and_field(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('text,label\nhallo,neutral\n"twee\nregels",hate\ndoei,spam\n')
    with pytest.raises(DataError) as err:
        read_labelled([path])
    msg = str(err.value)
    assert "bad.csv:5" in msg and "'label'" in msg and "spam" in msg
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--model", str(SHIPPED), str(path)])
    assert res.exit_code == 1
    assert "bad.csv:5" in res.stderr and "Traceback" not in res.output


def test_bad_split_names_file_line_and_field(tmp_path):
    path = tmp_path / "splits.csv"
    path.write_text("text,label,split\nhallo,neutral, Train\ndoei,hate,dev\n")
    with pytest.raises(DataError) as err:
        read_labelled([path])
    msg = str(err.value)
    assert "splits.csv:3" in msg and "'split'" in msg
    assert "unknown split 'dev'; expected one of train, validation, test" in msg


def test_evaluate_accepts_jsonl(tmp_path):
    path = tmp_path / "x.jsonl"
    rows = [{"text": t, "label": lab} for lab, ts in _ROWS.items() for t in ts]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = evaluate_model(load_model(SHIPPED), path)
    assert report.overall.n == len(rows)
    assert sum(map(sum, report.overall.confusion)) == len(rows)


def test_shipped_model_loads_by_default_and_flags_plain_threats():
    model = load_model()
    assert model.version == "hatewatch-nl-bow-0.3.0"
    meta = json.loads((SHIPPED / "meta.json").read_text())
    assert meta["language"] == "nl"
    texts = [
        "Ik weet waar je woont, ik kom je halen",
        "Ik schiet je neer als je dat doet",
        "Goed debat vandaag, dank voor uw inzet",
    ]
    pred = model.predict(texts)
    assert pred.tolist()[:2] == ["threat", "threat"]
    assert pred[2] == "neutral"
    proba = model.predict_proba(texts)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


@pytest.mark.slow
def test_shipped_model_is_rebuilt_byte_identically(tmp_path):
    meta = json.loads((SHIPPED / "meta.json").read_text())
    for entry in meta["training_data"]:
        path = REPO / entry["file"]
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            pytest.skip(f"{entry['file']} changed since the model was trained")
    res = CliRunner().invoke(app, ["train", "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    # the card also reports the threat rules, which change on their own
    for name in ("linear.skops", "features.json"):
        assert (tmp_path / "m" / name).read_bytes() == (SHIPPED / name).read_bytes()


def test_raw_imsypp_files_are_mapped_and_grouped_by_thread(tmp_path):
    path = tmp_path / "IMSyPP_NL_train.csv"
    rows = [
        (
            "https://www.youtube.com/watch?v=abcdefg1",
            "wat een mooi filmpje",
            "0. appropriate",
        ),
        (
            "https://www.youtube.com/watch?v=abcdefg1",
            "jij bent een sukkel",
            "2. offensive",
        ),
        ("https://archive.4plebs.org/pol/thread/123/#124", "hang ze op", "3. violent"),
        ("https://twitter.com/x/status/99", "kut weer", "1. inappropriate"),
    ]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["uri", "doc", "type", "target"])
        for uri, doc, typ in rows:
            w.writerow([uri, doc, typ, ""])
    frame = read_labelled([path])
    assert frame["label"].tolist() == ["neutral", "hate", "threat", "neutral"]
    assert frame["group"].tolist()[:3] == ["youtube:abcdefg1"] * 2 + ["4plebs:123"]
    assert frame["split"].iloc[0] == frame["split"].iloc[1]
    bad = tmp_path / "bad_imsypp.csv"
    bad.write_text("uri,doc,type,target\nx,hallo,0. appropriate,\ny,doei,9. spam,\n")
    with pytest.raises(DataError, match=r"bad_imsypp.csv:3 field 'type'"):
        read_labelled([bad])


def test_previous_model_still_loads_without_masking_or_sentences():
    old = load_model(PREVIOUS)
    assert old.version == "hatewatch-nl-bow-0.2.0"
    assert not old.sentence_max and not old.mask_tokens
    assert not old.featurizer_.token_map
    assert old.predict(["Ik schiet je neer als je dat doet"]).tolist() == ["threat"]


def test_shipped_model_gives_gender_swaps_the_same_scores():
    model = load_model()
    a = model.predict_proba(["Mevrouw Jansen, ik weet waar haar dochter woont"])
    b = model.predict_proba(["Meneer Jansen, ik weet waar zijn zoon woont"])
    assert a.tolist() == b.tolist()
