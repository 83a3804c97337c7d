"""Behaviour of the shipped model 0.3.0 that users rely on."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import hatewatch
from hatewatch.classifiers import load_model


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_explain_names_the_messages_own_words_with_spans(model):
    text = "Applaus voor wethouder Jansen, ik ga je afmaken!"
    exp = model.explain(text, top=50)
    assert exp.spans
    for word, start, end, _ in exp.spans:
        assert text[start:end] == word
    names = [n for n, _ in exp.features]
    words = {w.strip("!,") for w in text.split()}
    assert all(n.startswith(("word:", "rule:")) for n in names)
    assert {n[5:] for n in names if n.startswith("word:")} <= words
    assert "word:Applaus" in names
    assert exp.to_dict()["spans"][0]["word"] in words


def test_a_threat_at_the_end_of_a_long_message_counts(model):
    calm = (
        "Goed debat vandaag over de begroting en de plannen voor de zorg. "
        "Ik heb de stukken gelezen en vond de uitleg over de woningbouw helder. "
        "Wel had ik graag meer gehoord over het openbaar vervoer in de regio. "
    )
    text = calm + "Maar ik weet waar je woont en ik kom je afmaken."
    whole = model.predict_proba([text])[0, 2]
    model.sentence_max = False
    try:
        diluted = model.predict_proba([text])[0, 2]
    finally:
        model.sentence_max = True
    assert whole > diluted
    assert whole >= model.threat_threshold_


def test_quoted_threat_sentence_is_not_raised(model):
    text = (
        "Sterkte wethouder, wat een nare week voor u en uw team. "
        "'Ik kom je afmaken' stond er in de mail, doe aangifte."
    )
    model.sentence_max = False
    try:
        base = model.predict_proba([text])
    finally:
        model.sentence_max = True
    assert np.allclose(model.predict_proba([text]), base)


def test_score_frame_marks_other_languages(model):
    df = pd.DataFrame(
        {"text": ["Ik weet waar je woont", "Someone should put a bullet in your head"]}
    )
    out = hatewatch.score_frame(df, model=model)
    assert out["lang"].tolist() == ["nl", "en"]
    assert out["out_of_scope"].tolist() == [False, True]
    flagged = hatewatch.flag_threats(df, model=model)
    assert 1 in flagged.index  # the English threat rule flags it


def test_evaluate_bias_cli(tmp_path):
    from typer.testing import CliRunner

    from hatewatch.cli import app

    path = tmp_path / "pairs.csv"
    pd.DataFrame(
        {
            "text": ["Mevrouw, ik maak je af", "Meneer, goed plan"],
            "label": ["threat", "neutral"],
            "recipient_gender": ["female", "male"],
        }
    ).to_csv(path, index=False)
    res = CliRunner().invoke(app, ["evaluate", str(path), "--bias"])
    assert res.exit_code == 0, res.output
    assert re.search(
        r"gender counterfactuals: \d+ pairs, label flips 0.00%", res.output
    )
    assert "identity statements (660)" in res.output
    assert "error rates by recipient_gender" in res.output


def test_group_statements_score_alike_whatever_the_group(model):
    a = model.predict_proba(["Moslims zijn welkom in ons land"])
    b = model.predict_proba(["Joden zijn welkom in ons land"])
    assert a.tolist() == b.tolist()
