"""TransformerClassifier on a tiny, randomly initialised BERT built here.

The tiny model has no pretrained knowledge, so these tests check the
plumbing (training loop, calibration, saving, loading, scoring, the CLI),
never the quality of a real Dutch model.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from toy_corpus import TOY_ROWS

import hatewatch
from hatewatch.classifiers.transformer import (
    TransformerClassifier,
    save_transformer,
)
from hatewatch.errors import (
    MissingDependencyError,
    ModelError,
    ModelNotFoundError,
    OutputExistsError,
)
from hatewatch.scoring import SCORE_COLUMNS

# torch is imported by the `torch` fixture, not here: collecting this file in
# the default run (-m "not transformers") must stay cheap and torch-free.
pytestmark = [pytest.mark.transformers, pytest.mark.usefixtures("torch")]

REPO = Path(__file__).resolve().parents[2]

_ROWS = TOY_ROWS
_FILL = ["", " vandaag", " echt", " !!", " @jan", " nu"]


def _toy(fills: list[str]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for label, rows in _ROWS.items():
        for t in rows:
            for x in fills:
                texts.append(t + x)
                labels.append(label)
    return texts, labels


TRAIN = _toy(_FILL[:4])
VALID = _toy(_FILL[4:])
FAST = {"epochs": 2, "batch_size": 8, "learning_rate": 5e-3, "eval_batch_size": 16}


def _builder():
    spec = importlib.util.spec_from_file_location(
        "make_tiny_transformer", REPO / "scripts" / "make_tiny_transformer.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def torch():
    pytest.importorskip("transformers")
    return pytest.importorskip("torch")


@pytest.fixture(scope="session")
def one_thread(torch):
    # the CI machine has 2 shared cores; one torch thread is faster there
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory, one_thread) -> Path:
    return _builder().build_tiny_model(tmp_path_factory.mktemp("tiny") / "base")


@pytest.fixture(scope="session")
def fitted(tiny_base) -> TransformerClassifier:
    return TransformerClassifier(tiny_base, seed=0, **FAST).fit(
        *TRAIN, validation=VALID
    )


def test_tiny_builder_is_deterministic(tiny_base, tmp_path):
    # a second run in another process, with another string-hash seed
    again = tmp_path / "again"
    script = REPO / "scripts" / "make_tiny_transformer.py"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "OMP_NUM_THREADS": "1"}
    subprocess.run(
        [sys.executable, str(script), str(again)],
        env=env,
        check=True,
        capture_output=True,
    )
    files = sorted(p.name for p in tiny_base.iterdir())
    assert "model.safetensors" in files and "tokenizer.json" in files
    assert files == sorted(p.name for p in again.iterdir())
    for name in files:
        assert (tiny_base / name).read_bytes() == (again / name).read_bytes(), name


def test_predict_gives_label_strings_and_proba_rows_sum_to_one(fitted):
    texts = ["ik weet waar je woont", "fijne dag", "", None]
    labels = fitted.predict(texts)
    assert list(fitted.classes_) == ["hate", "neutral", "threat"]
    assert len(labels) == 4 and set(labels) <= set(fitted.classes_)
    proba = fitted.predict_proba(texts)
    assert proba.shape == (4, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)
    assert list(labels) == list(fitted.classes_[proba.argmax(axis=1)])
    assert fitted.predict_proba([]).shape == (0, 3)
    with pytest.raises(TypeError, match="single string"):
        fitted.predict("one text")


def test_proba_does_not_depend_on_batching(fitted):
    texts = VALID[0]
    whole = fitted.predict_proba(texts)
    one_by_one = np.vstack([fitted.predict_proba([t]) for t in texts[:6]])
    np.testing.assert_allclose(one_by_one, whole[:6], atol=1e-5)


def test_validation_sets_temperature_and_threshold(fitted):
    cal = fitted.calibration_
    assert cal["n"] == len(VALID[0])
    assert fitted.temperature_ == pytest.approx(cal["temperature"])
    assert cal["nll_after"] <= cal["nll_before"] + 1e-9
    assert 0.05 <= fitted.threat_threshold_ <= 0.5
    # the threshold keeps the promised recall on the data it was chosen on
    p = fitted.predict_proba(VALID[0])[:, 2]
    is_threat = np.array(VALID[1]) == "threat"
    recall = np.mean(p[is_threat] >= fitted.threat_threshold_)
    assert recall >= min(fitted.target_threat_recall, cal["threat_recall"]) - 1e-9


def test_fit_is_deterministic_for_a_seed_and_keeps_global_rng(torch, tiny_base, fitted):
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    again = TransformerClassifier(tiny_base, seed=0, **FAST).fit(
        *TRAIN, validation=VALID
    )
    # fit() forks the global RNG: the caller's random stream is untouched
    assert torch.equal(torch.rand(3), expected_next)
    assert again.history_ == fitted.history_
    np.testing.assert_array_equal(
        again.predict_proba(VALID[0]), fitted.predict_proba(VALID[0])
    )
    other = TransformerClassifier(tiny_base, seed=1, **FAST).fit(*TRAIN)
    assert not np.allclose(
        other.decision_function(VALID[0]), fitted.decision_function(VALID[0])
    )


def test_training_lowers_the_loss_on_an_easy_set(tiny_base):
    # 12 epochs on 72 short, well-separated messages; chance accuracy is 1/3
    model = TransformerClassifier(
        tiny_base, epochs=12, batch_size=8, learning_rate=5e-3
    ).fit(*TRAIN)
    assert model.history_[-1]["loss"] < model.history_[0]["loss"] - 0.3
    assert np.mean(model.predict(TRAIN[0]) == np.array(TRAIN[1])) > 0.5


def test_save_and_load_model_round_trip(fitted, tmp_path):
    folder = save_transformer(fitted, tmp_path / "m", metrics={"note": "toy"})
    names = {p.name for p in folder.iterdir()}
    assert {"meta.json", "config.json", "model.safetensors", "README.md"} <= names
    assert not any(n.endswith((".bin", ".pkl", ".pt", ".skops")) for n in names)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "transformer"
    assert meta["labels"] == ["hate", "neutral", "threat"]
    assert meta["threat_threshold"] == fitted.threat_threshold_
    assert meta["metrics"] == {"note": "toy"}
    loaded = hatewatch.load_model(folder)
    assert isinstance(loaded, TransformerClassifier)
    assert loaded.version == fitted.version
    assert loaded.threat_threshold_ == fitted.threat_threshold_
    assert loaded.temperature_ == fitted.temperature_
    np.testing.assert_array_equal(
        loaded.predict_proba(VALID[0]), fitted.predict_proba(VALID[0])
    )
    with pytest.raises(OutputExistsError, match="force"):
        save_transformer(fitted, folder)
    save_transformer(fitted, folder, force=True)


def test_score_frame_and_flag_threats_accept_the_model(fitted):
    df = pd.DataFrame({"text": ["ik maak je af", "goed plan", "   ", "vuile rat"]})
    scored = hatewatch.score_frame(df, model=fitted)
    assert list(scored.columns[-5:]) == list(SCORE_COLUMNS)
    assert set(scored["model_version"]) == {fitted.version}
    assert pd.isna(scored["label"].iloc[2])
    ok = scored.drop(index=2)
    assert set(ok["label"]) <= set(fitted.classes_)
    total = ok[["p_hate", "p_threat", "p_neutral"]].sum(axis=1)
    np.testing.assert_allclose(total, 1.0, rtol=1e-9)
    flagged = hatewatch.flag_threats(df, model=fitted, threshold=0.0)
    assert len(flagged) == 3  # every non-blank message at threshold 0
    assert flagged["explanation"].str.contains("p_threat").all()


def test_explain_reports_word_occlusion(fitted):
    text = "ik weet waar je woont"
    exp = fitted.explain(text, top=10)
    assert exp.label in fitted.classes_
    assert exp.probabilities == pytest.approx(
        dict(zip(fitted.classes_, fitted.predict_proba([text])[0], strict=True))
    )
    names = [n for n, _ in exp.features]
    assert sorted(names) == sorted(f"word:{w}" for w in text.split())
    # a word's value is the fall in the label's log-odds when it is removed
    k = list(fitted.classes_).index(exp.label)
    z = fitted.decision_function([text, "ik waar je woont"]) / fitted.temperature_
    margin = z[:, k] - z.mean(axis=1)
    assert dict(exp.features)["word:weet"] == pytest.approx(
        margin[0] - margin[1], abs=1e-5
    )  # float32 noise: the batches are padded differently
    assert [r.rule for r in exp.rules] == [h.rule for h in fitted.rule_hits([text])[0]]
    json.dumps(exp.to_dict())


def test_explain_scores_at_most_max_length_words(fitted):
    text = " ".join(f"woord{i}" for i in range(fitted.max_length + 40))
    exp = fitted.explain(text, top=1000)
    assert len(exp.features) == fitted.max_length
    assert "word:woord0" in dict(exp.features)


def _write_csv(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "source", "group", "split"])
        for label, texts in _ROWS.items():
            for i, t in enumerate(texts):
                for j, x in enumerate(_FILL):
                    split = ("train", "train", "validation", "test")[(i + j) % 4]
                    w.writerow([t + x, label, "toy", f"{label}-{i}", split])
    return path


def test_cli_train_base_model_end_to_end(tiny_base, tmp_path):
    from typer.testing import CliRunner

    from hatewatch.cli import app

    data = _write_csv(tmp_path / "toy.csv")
    out = tmp_path / "model"
    args = ["train", str(data), "--base-model", str(tiny_base), "-o", str(out)]
    args += ["--epochs", "1", "--batch-size", "8", "--seed", "3"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "macro-F1" in res.output and f"model written to {out}" in res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "transformer"
    assert meta["params"]["seed"] == 3 and meta["params"]["epochs"] == 1
    assert meta["calibration"]["n"] > 0
    assert "toy:test" in meta["metrics"]
    digest = hashlib.sha256((data).read_bytes()).hexdigest()
    assert meta["training_data"][0]["sha256"] == digest
    model = hatewatch.load_model(out)
    assert set(model.predict(["ik maak je af"])) <= set(model.classes_)

    again = CliRunner().invoke(app, args)
    assert again.exit_code != 0
    assert isinstance(again.exception, OutputExistsError)
    with_c = CliRunner().invoke(app, [*args, "--force", "--C", "2"])
    assert with_c.exit_code != 0 and "--C" in with_c.output


def test_missing_base_model_folder_is_a_clear_error(tmp_path):
    missing = tmp_path / "robbert-not-here"
    with pytest.raises(ModelNotFoundError, match="robbert-not-here"):
        TransformerClassifier(missing).fit(*TRAIN)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="config.json"):
        TransformerClassifier(empty).fit(*TRAIN)


def test_missing_torch_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch -> ImportError
    with pytest.raises(MissingDependencyError, match=r"hatewatch\[transformers\]"):
        TransformerClassifier(tmp_path).fit(*TRAIN)


def test_importing_the_module_does_not_import_torch():
    code = (
        "import sys, hatewatch.classifiers, hatewatch.classifiers.transformer; "
        "print(','.join(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
