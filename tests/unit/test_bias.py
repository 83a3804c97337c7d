"""Bias metrics on small constructed inputs with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hatewatch.classifiers import bias


class WordModel:
    """p(hate) = 0.9 for texts containing a trigger word, else 0.1."""

    classes_ = np.array(["hate", "neutral", "threat"])
    threat_threshold_ = 0.5

    def __init__(self, triggers: set[str]) -> None:
        self.triggers = triggers

    def predict_proba(self, texts):
        out = []
        for t in texts:
            words = set(t.lower().replace(",", " ").split())
            if words & self.triggers:
                out.append([0.9, 0.05, 0.05])
            else:
                out.append([0.1, 0.85, 0.05])
        return np.array(out)


@pytest.mark.parametrize(
    ("text", "to", "expected"),
    [
        (
            "Mevrouw, ik weet waar haar dochter woont",
            "male",
            "Meneer, ik weet waar zijn zoon woont",
        ),
        ("Ik zie haar morgen", "male", "Ik zie hem morgen"),
        ("wat zit je haar raar", "male", None),  # hair, not a pronoun
        ("het haar van de burgemeester", "male", None),
        ("Hij en zijn broer zijn dom", "female", "Zij en haar zus zijn dom"),
        ("ze zijn dom", "female", None),  # verb "zijn"
        ("Dhr. de Vries liegt", "female", "Mevr. de Vries liegt"),
        ("MEVROUW stop", "male", "MENEER stop"),
        ("@Sanne_Kamer jij liegt", "male", None),  # handles are left alone
        ("goed plan", "male", None),
    ],
)
def test_swap_gender(text, to, expected):
    assert bias.swap_gender(text, to=to) == expected


def test_swap_gender_names_both_ways():
    f2m = bias.swap_gender("Sanne liegt", to="male")
    assert f2m is not None and f2m != "Sanne liegt"
    back = bias.swap_gender(f2m, to="female")
    assert back is not None and back.endswith(" liegt")


def test_swap_gender_rejects_unknown_direction():
    with pytest.raises(ValueError):
        bias.swap_gender("hij", to="other")


def test_counterfactuals_of_an_unbiased_model_are_zero():
    model = WordModel({"rat"})
    r = bias.gender_counterfactuals(model, ["mevrouw jij bent een rat", "meneer hoi"])
    assert r["n_pairs"] == 2
    assert r["flip_rate"] == 0.0
    assert r["mean_diff_hostile"] == pytest.approx(0.0)


def test_counterfactuals_measure_a_biased_model():
    # hostile whenever "mevrouw" occurs: every pair flips, female +80 points
    model = WordModel({"mevrouw"})
    r = bias.gender_counterfactuals(model, ["mevrouw hoi", "meneer hoi", "hoi"])
    assert r["n_pairs"] == 2
    assert r["flip_rate"] == 1.0
    assert r["mean_diff_hostile"] == pytest.approx(80.0)
    assert set(r["by_direction"]) == {"female->male", "male->female"}
    assert r["by_direction"]["male->female"]["mean_diff_hostile"] == pytest.approx(80.0)


def test_roc_auc_known_values():
    assert bias.roc_auc([0, 1], [0.2, 0.8]) == 1.0
    assert bias.roc_auc([0, 1], [0.8, 0.2]) == 0.0
    assert bias.roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert bias.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert math.isnan(bias.roc_auc([1, 1], [0.1, 0.2]))


def test_borkan_aucs_known_values():
    # subgroup g: its non-hostile message scores above background hostile ones
    y = [1, 0, 1, 0]
    s = [0.9, 0.8, 0.7, 0.1]
    g = [1, 1, 0, 0]
    r = bias.borkan_aucs(y, s, {"g": g})["g"]
    assert r["n"] == 2
    assert r["subgroup_auc"] == 1.0  # 0.9 vs 0.8
    assert r["bpsn_auc"] == 0.0  # background positive 0.7 vs subgroup negative 0.8
    assert r["bnsp_auc"] == 1.0  # subgroup positive 0.9 vs background negative 0.1


def test_identity_term_bias_fpr_per_group():
    rows = [
        {"text": "moslims zijn welkom", "group": "muslims", "label": "neutral"},
        {"text": "moslims wonen hier", "group": "muslims", "label": "neutral"},
        {"text": "joden zijn welkom", "group": "jews", "label": "neutral"},
        {"text": "joden wonen hier", "group": "jews", "label": "neutral"},
        {"text": "moslims zijn ratten", "group": "muslims", "label": "hate"},
        {"text": "joden zijn ratten", "group": "jews", "label": "hate"},
    ]
    r = bias.identity_term_bias(WordModel({"ratten", "moslims"}), rows)
    assert r["fpr"] == {"jews": 0.0, "muslims": 1.0}
    assert r["fpr_max"] == 1.0 and r["fpr_spread"] == 1.0
    assert r["auc"]["jews"]["subgroup_auc"] == 1.0
    assert r["auc"]["muslims"]["subgroup_auc"] == 0.5


def test_identity_statements_cover_every_group_and_kind():
    rows = bias.identity_statements()
    groups = {r["group"] for r in rows}
    assert {
        "women",
        "men",
        "muslims",
        "jews",
        "moroccan_dutch",
        "turkish_dutch",
    } <= groups
    assert {"black_people", "lgbtq", "refugees", "party_vvd", "party_pvv"} <= groups
    assert {r["kind"] for r in rows} == {"neutral", "positive", "hate", "threat"}
    assert all("{X}" not in r["text"] for r in rows)


def test_error_rates_by_gender():
    frame = pd.DataFrame(
        {
            "text": ["rat", "hoi", "rat", "hoi"],
            "label": ["hate", "neutral", "neutral", "hate"],
            "gender": ["female", "female", "male", "male"],
        }
    )
    r = bias.error_rates_by(WordModel({"rat"}), frame, "gender").set_index("gender")
    assert r.loc["female", "fpr"] == 0.0 and r.loc["female", "fnr"] == 0.0
    assert r.loc["male", "fpr"] == 1.0 and r.loc["male", "fnr"] == 1.0
    assert r.loc["male", "n"] == 2
