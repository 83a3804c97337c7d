"""Agreement statistics and model precision per priority band."""

from __future__ import annotations

import pytest

from hatewatch.triage.reviews import (
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    precision_by_band,
    split_of,
)


def test_cohen_kappa_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    first = ["threat", "threat", "hate", "neutral", "hate", "threat", "neutral"]
    second = ["threat", "hate", "hate", "neutral", "neutral", "threat", "neutral"]
    ours = cohen_kappa(list(zip(first, second, strict=True)))
    assert ours == pytest.approx(cohen_kappa_score(first, second), abs=1e-4)


def test_krippendorff_alpha_reproduces_the_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability",
    # binary data, two observers, ten units: alpha = 0.095
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(
        0.095, abs=5e-4
    )


def test_perfect_and_undefined_agreement():
    pairs = [("threat", "threat"), ("hate", "hate"), ("neutral", "neutral")]
    assert cohen_kappa(pairs) == 1.0
    assert krippendorff_alpha(pairs) == 1.0
    same = [("threat", "threat")] * 4
    assert cohen_kappa(same) is None and krippendorff_alpha(same) is None
    assert agreement([])["n"] == 0 and agreement([])["cohen_kappa"] is None


def test_agreement_confusion():
    out = agreement([("threat", "hate"), ("threat", "threat")])
    assert out["confusion"] == {"threat": {"hate": 1, "threat": 1}}
    assert out["percent"] == 50.0


def test_precision_by_band():
    reviewed = [
        (0.95, "threat", "threat"),
        (0.85, "hate", "threat"),
        (0.7, "neutral", "threat"),
        (0.3, "neutral", "hate"),
    ]
    bands = {b["band"]: b for b in precision_by_band(reviewed)}
    assert bands["high"]["n"] == 2 and bands["high"]["precision"] == 0.5
    assert bands["high"]["hostile_precision"] == 1.0
    assert bands["medium"]["precision"] == 0.0
    assert bands["low"]["n"] == 1


def test_split_matches_training_reader():
    from hatewatch.classifiers.training import _split_of

    for group in ("twitter:1", "twitter:2", "bluesky:at://x/y", "mastodon:99"):
        assert split_of(group) == _split_of(f"triage_reviews:{group}")
