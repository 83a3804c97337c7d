"""Explanations name the message's own words with exact character spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hatewatch.triage.explain import explain_flag, find_phrase, occlusion, word_spans


@dataclass
class Hit:
    rule: str
    description: str
    span: str
    weight: float = 1.0
    severity: tuple[str, ...] = ()


class KeywordModel:
    """p_threat 0.9 while the message contains 'schiet', else 0.1."""

    classes_ = np.array(["hate", "neutral", "threat"])

    def predict_proba(self, texts):
        p = np.array([0.9 if "schiet" in t.lower() else 0.1 for t in texts])
        return np.column_stack([np.zeros_like(p), 1 - p, p])


def test_find_phrase_undoes_normalisation():
    cases = [
        ("wurg @QueenyRaj", "wurg @user", "wurg @QueenyRaj"),
        ("we maken ze k@p0t indefinale!", "we maken ze kapot", "we maken ze k@p0t"),
        ("Ik SCHIET je neer!!", "ik schiet je neer", "Ik SCHIET je neer"),
        ("kogel 🔫 voor jou", "kogel :pistool: voor jou", "kogel 🔫 voor jou"),
    ]
    for text, phrase, expected in cases:
        span = find_phrase(text, phrase)
        assert span is not None, (text, phrase)
        assert text[span[0] : span[1]] == expected
    assert find_phrase("sterkte vandaag", "ik schiet") is None


def test_word_spans_point_into_the_original():
    text = "“Morgen” schiet ik, echt!"
    for _tok, a, b in word_spans(text):
        assert text[a:b].strip() == text[a:b] and text[a:b]
    assert ("schiet", 9, 15) in word_spans(text)


def test_occlusion_names_the_word_that_carries_the_threat():
    text = "@Kees morgen schiet ik je neer"
    ev = occlusion(KeywordModel(), text)
    word, a, b, drop = ev[0]
    assert (word, text[a:b]) == ("schiet", "schiet")
    assert abs(drop - 0.8) < 1e-9
    assert all(w not in ("ik", "je", "@Kees") for w, *_ in ev)


def test_explain_flag_summaries_and_merged_spans():
    text = "@Kees morgen schiet ik je neer, echt waar"
    ex = explain_flag(
        text,
        p_threat=0.9,
        threshold=0.3,
        hits=[
            Hit("intent_harm_verb", "Writer says they will hurt.", "schiet ik je neer")
        ],
        severity=("weapon",),
        evidence=occlusion(KeywordModel(), text),
    )
    assert ex["rules"][0]["match"] == "schiet ik je neer"
    assert [w["word"] for w in ex["words"]] == ["schiet"]
    # the word lies inside the rule's match: one highlight with both reasons
    assert len(ex["spans"]) == 1
    span = ex["spans"][0]
    assert text[span["start"] : span["end"]] == span["text"] == "schiet ik je neer"
    assert span["reasons"] == ["rule:intent_harm_verb", "word:schiet"]
    assert "“schiet ik je neer”" in ex["summary_en"] and "90%" in ex["summary_en"]
    assert "-80 points" in ex["summary_en"]
    assert "wapen" in ex["summary_nl"] and "-80 procentpunt" in ex["summary_nl"]


def test_below_threshold_says_a_pattern_matched():
    ex = explain_flag(
        "ik schiet je neer",
        p_threat=0.05,
        threshold=0.3,
        hits=[
            Hit("intent_harm_verb", "Writer says they will hurt.", "ik schiet je neer")
        ],
        evidence=[],
    )
    assert "below 30%" in ex["summary_en"] and "pattern matched" in ex["summary_en"]
    assert ex["words"] == []
