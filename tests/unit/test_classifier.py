"""The bag-of-words classifier: sklearn conventions, calibration, persistence."""

from __future__ import annotations

import copy
import json
import re
import shutil

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from hatewatch.classifiers import HatewatchClassifier, load_model
from hatewatch.classifiers.fastnorm import CachedNormalizer
from hatewatch.classifiers.features import TextFeaturizer, split_glued
from hatewatch.errors import ModelError, ModelNotFoundError
from hatewatch.text import normalize

_THREAT = [
    "ik maak je af {x}",
    "we weten waar je woont {x}",
    "ik schiet je neer {x}",
    "kogel door je kop {x}",
    "jij gaat eraan {x}",
    "ik steek je huis in brand {x}",
]
_HATE = [
    "vuile rat {x}",
    "jij bent een domme idioot {x}",
    "kankerhoer {x}",
    "wat een walgelijke sukkel ben jij {x}",
    "smerige landverrader {x}",
    "achterlijke mongool {x}",
]
_NEUTRAL = [
    "goed plan voor de zorg {x}",
    "ik ben het niet eens met dit voorstel {x}",
    "treed af, dit beleid werkt niet {x}",
    "het debat was interessant {x}",
    "stem tegen die motie {x}",
    "mooi werk in de kamer {x}",
]
_FILL = ["", "vandaag", "echt", "!!", "@jan", "nu", "hoor"]


def _corpus() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for label, templates in (
        ("threat", _THREAT),
        ("hate", _HATE),
        ("neutral", _NEUTRAL),
    ):
        for t in templates:
            for x in _FILL:
                texts.append(t.format(x=x).strip())
                labels.append(label)
    return texts, labels


@pytest.fixture(scope="session")
def corpus() -> tuple[list[str], list[str]]:
    return _corpus()


@pytest.fixture(scope="session")
def small_model(corpus) -> HatewatchClassifier:
    texts, labels = corpus
    cal = (texts[::3], labels[::3])
    # rules as features, to exercise that path (the shipped model has it off)
    return HatewatchClassifier(min_df=1, C=3.0, use_rules=True).fit(
        texts, labels, calibration=cal
    )


def test_classes_and_predict_return_label_strings(small_model, corpus):
    texts, labels = corpus
    assert small_model.classes_.tolist() == ["hate", "neutral", "threat"]
    pred = small_model.predict(texts)
    assert pred.shape == (len(texts),)
    assert set(pred) <= {"hate", "neutral", "threat"}
    # a separable toy set is learned
    assert np.mean(pred == np.array(labels)) > 0.9


def test_predict_proba_rows_sum_to_one_and_follow_classes(small_model):
    proba = small_model.predict_proba(["ik maak je af", "goed plan", "vuile rat", ""])
    assert proba.shape == (4, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert proba[0].argmax() == list(small_model.classes_).index("threat")
    assert proba[1].argmax() == list(small_model.classes_).index("neutral")
    assert proba[2].argmax() == list(small_model.classes_).index("hate")


def test_label_is_the_argmax_and_flag_uses_the_threshold(small_model):
    # the label counts estimate prevalence, so they must not be inflated by
    # the recall-favouring flagging threshold
    model = copy.copy(small_model)
    model.threat_threshold_ = 0.19
    proba = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.2, 0.6, 0.2]])
    assert model.labels_from_proba(proba).tolist() == ["hate", "threat", "neutral"]
    assert model.flags_from_proba(proba).tolist() == [True, True, True]
    model.threat_threshold_ = 0.5
    assert model.flags_from_proba(proba).tolist() == [False, True, False]
    texts = ["ik maak je af", "wat een goed plan"]
    assert (
        model.predict(texts).tolist()
        == model.labels_from_proba(model.predict_proba(texts)).tolist()
    )


def test_predict_rejects_a_single_string(small_model):
    with pytest.raises(TypeError):
        small_model.predict("ik maak je af")


def test_empty_input_gives_empty_output(small_model):
    assert small_model.predict_proba([]).shape == (0, 3)
    assert small_model.predict([]).shape == (0,)


def test_sklearn_clone_and_cross_val_score(corpus):
    texts, labels = corpus
    est = HatewatchClassifier(min_df=1, C=3.0, use_rules=False)
    params = clone(est).get_params()
    assert params["C"] == 3.0 and params["min_df"] == 1
    scores = cross_val_score(est, texts, labels, cv=3, scoring="accuracy")
    assert scores.shape == (3,)
    assert scores.mean() > 0.5


def test_fit_needs_every_label():
    with pytest.raises(ValueError, match="every label"):
        HatewatchClassifier(min_df=1).fit(
            ["a b", "c d", "e f"], ["hate", "hate", "neutral"]
        )


def test_fit_rejects_unknown_label():
    with pytest.raises(ValueError, match="unknown label"):
        HatewatchClassifier(min_df=1).fit(["a", "b"], ["hate", "spam"])


def test_fast_scores_equal_explicit_features(small_model, corpus):
    texts, _ = corpus
    feat = small_model.featurizer_
    extra = [
        "onbekend woord xyz",
        "k@nker 🔪🔪",
        "ikmaak jeaf",
        "vuilerat jijgaateraan",
    ]
    norm = [normalize(t) for t in texts + extra]
    x_word, x_char = feat.transform(norm)
    coef = small_model.linear_.coef_
    nw, nc = feat.n_word_features, feat.n_char_features
    expected = x_word @ coef[:, :nw].T + x_char @ coef[:, nw : nw + nc].T
    np.testing.assert_allclose(feat.decision_scores(norm), expected, atol=1e-10)
    tokens = [feat.tokenize(t) for t in norm]
    np.testing.assert_allclose(
        feat.decision_scores(tokens=tokens), expected, atol=1e-10
    )


def test_featurizer_norm_is_l2_without_shared_grams():
    feat = TextFeaturizer(min_df=1, char_range=(3, 3)).fit(["ab cd", "ab", "cd"])
    x_word, x_char = feat.transform(["ab cd"])
    assert x_word.multiply(x_word).sum() == pytest.approx(1.0)
    assert x_char.multiply(x_char).sum() == pytest.approx(1.0)


def test_featurizer_json_round_trip():
    feat = TextFeaturizer(min_df=1).fit(["ik maak je af", "goed plan", "ik maak plan"])
    again = TextFeaturizer.from_json(json.loads(json.dumps(feat.to_json())))
    a = feat.transform(["ik maak je plan"])
    b = again.transform(["ik maak je plan"])
    for x, y in zip(a, b, strict=True):
        assert (x != y).nnz == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "k",
                "a",
                "n",
                "e",
                "r",
                " ",
                "  ",
                ".",
                "-",
                "_",
                "#",
                "@",
                "3",
                "0",
                "ik",
                "kanker",
                "K@NKER",
                "zooooo",
                "🔪",
                "😂",
                "é",
                "\u200b",
                "\n",
                "www.x.nl",
                "#HangZeOp",
                "$",
                "*",
                "!",
                "URL",
                "ij",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_cached_normalizer_equals_normalize(text):
    # normalize() reads "*@x" as obfuscation or a mention depending on other
    # words of the message; the cache reads each word on its own
    assume("@" not in text)
    cached = CachedNormalizer(tokenize=TextFeaturizer().tokenize)
    assert cached(text) == normalize(text)
    # twice: the second call is served from the word cache
    assert cached.many([text, text]) == [normalize(text)] * 2
    tokens = cached.normalize_and_tokenize([text])[1][0]
    assert tokens == TextFeaturizer().tokenize(normalize(text))


_NO_AT = ["k", "a", ".", "-", "#", "3", "ik", "kanker", "zooooo", "🔪", "é",
          "\u200b", "www.x.nl", "$", "*", "!", "|", "jan", "Jan_3", "k1ller",
          "m00rd", "x.nl", "user", "(", ")", "4", "€", "K4NKER"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([" ", "  ", "\n", " \t"]),
            st.sampled_from(["", "@"]),
            st.lists(st.sampled_from(_NO_AT), max_size=4).map("".join),
        ).map("".join),
        min_size=1,
        max_size=8,
    ).map("".join)
)
def test_cached_normalizer_equals_normalize_with_mentions(text):
    # an "@" at the start of a word (a mention) is read the same by the word
    # cache and by normalize(): BowClassifier.rule_hits relies on it
    assume("@" in text and not re.search(r"\S@", text))
    cached = CachedNormalizer(tokenize=TextFeaturizer().tokenize)
    assert cached(text) == normalize(text)


def test_cached_normalizer_handles_spaced_out_words():
    cached = CachedNormalizer()
    for text in ["ik ga je k a n k e r", "k.a n.k.e.r jij", "#k #a #n", "a b"]:
        assert cached(text) == normalize(text)


def test_save_load_round_trip_gives_identical_probabilities(small_model, tmp_path):
    texts = ["ik maak je af", "goed plan", "vuile rat 🤮", "nieuw onbekend bericht"]
    small_model.save(tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    np.testing.assert_array_equal(
        loaded.predict_proba(texts), small_model.predict_proba(texts)
    )
    assert loaded.threat_threshold_ == small_model.threat_threshold_
    assert loaded.version == small_model.version
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["language"] == "nl" and meta["labels"] == ["hate", "neutral", "threat"]


def test_save_refuses_to_overwrite_without_force(small_model, tmp_path):
    small_model.save(tmp_path / "m")
    with pytest.raises(FileExistsError):
        small_model.save(tmp_path / "m")
    small_model.save(tmp_path / "m", force=True)


def test_load_model_errors_clearly(small_model, tmp_path):
    with pytest.raises(ModelNotFoundError, match="not found"):
        load_model(tmp_path / "nope")
    small_model.save(tmp_path / "m")
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path / "m", broken)
    (broken / "linear.skops").unlink()
    with pytest.raises(ModelError, match="linear.skops"):
        load_model(broken)
    meta_path = tmp_path / "m" / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["threat_threshold"]
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="threat_threshold"):
        load_model(tmp_path / "m")


def test_load_model_warns_on_version_mismatch(small_model, tmp_path):
    small_model.save(tmp_path / "m")
    meta_path = tmp_path / "m" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["hatewatch_version"] = ">=9.0,<9.1"
    meta_path.write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match="built for hatewatch"):
        load_model(tmp_path / "m")


def test_load_model_uses_env_var(small_model, tmp_path, monkeypatch):
    small_model.save(tmp_path / "m")
    monkeypatch.setenv("HATEWATCH_MODEL", str(tmp_path / "m"))
    assert load_model().rule_names_ == small_model.rule_names_
    monkeypatch.setenv("HATEWATCH_MODEL", str(tmp_path / "missing"))
    with pytest.raises(ModelNotFoundError):
        load_model()


def test_explain_lists_features_in_the_text(small_model):
    text = "Ik maak je AF, vuile rat"
    exp = small_model.explain(text, top=5)
    assert exp.label == small_model.predict([text])[0]
    assert set(exp.probabilities) == {"hate", "neutral", "threat"}
    assert 0 < len(exp.features) <= 5
    norm = normalize(text)
    for name, weight in exp.features:
        kind, _, value = name.partition(":")
        assert kind in {"word", "bigram", "chars", "rule"}
        if kind != "rule":
            assert value in norm
        assert isinstance(weight, float)
    weights = [abs(w) for _, w in exp.features]
    assert weights == sorted(weights, reverse=True)
    d = exp.to_dict()
    assert d["label"] == exp.label and json.dumps(d)
    assert exp.label in str(exp)


def test_explain_contributions_add_up_to_the_score(small_model):
    text = "ik maak je af"
    exp = small_model.explain(text, top=1000)
    rules = [n for n, _ in exp.features if n.startswith("rule:")]
    k = list(small_model.classes_).index(exp.label)
    s = small_model.decision_function([text])[0]
    intercept = small_model.linear_.intercept_
    centred = (s - intercept) - (s - intercept).mean()
    total = sum(w for _, w in exp.features)
    assert total == pytest.approx(centred[k] / small_model.temperature_, abs=1e-6)
    assert len(rules) == len({h.rule for h in small_model.rule_hits([text])[0]})


def test_explain_reports_the_rules_that_fired(small_model, corpus):
    text = "ik steek je morgen neer"
    fired = small_model.rule_hits([text])[0]
    assert fired, "the threat rules should fire on a plain stabbing threat"
    exp = small_model.explain(text)
    assert [h.rule for h in exp.rules] == [h.rule for h in fired]
    assert exp.severity
    # without rule features the rules are still reported, with no weight
    texts, labels = corpus
    plain = HatewatchClassifier(min_df=1).fit(texts, labels)
    exp = plain.explain(text, top=1000)
    assert [h.rule for h in exp.rules] == [h.rule for h in fired]
    assert not [n for n, _ in exp.features if n.startswith("rule:")]


def test_importing_classifiers_package_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, hatewatch.classifiers; "
        "print(','.join(m for m in ('sklearn', 'scipy', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_top_level_names_resolve():
    import hatewatch
    from hatewatch.classifiers import evaluate_model, train_model

    assert hatewatch.load_model is load_model
    assert hatewatch.train_model is train_model
    assert hatewatch.evaluate_model is evaluate_model


def test_scores_stay_exact_when_caches_are_evicted(small_model, corpus, monkeypatch):
    import hatewatch.classifiers.fastnorm as fastnorm_mod
    import hatewatch.classifiers.features as features_mod

    texts = corpus[0] + ["een heel nieuw bericht", "nog een ander woord 🔪"]
    expected = small_model.predict_proba(texts)
    # tiny caches: every batch overflows them and they are rebuilt
    monkeypatch.setattr(features_mod, "MAX_CACHE", 7)
    small_model.featurizer_.bind(
        small_model.featurizer_._bound.coef_word,
        small_model.featurizer_._bound.coef_char,
    )
    small_model._normalizer = fastnorm_mod.CachedNormalizer(
        tokenize=small_model.featurizer_.tokenize, max_size=5
    )
    for _ in range(2):
        np.testing.assert_allclose(
            small_model.predict_proba(texts), expected, atol=1e-12
        )
    small_model._bind()
    small_model._normalizer = None


def test_min_groups_drops_features_of_a_single_group():
    texts = ["ik sla je", "ik sla je nu", "jij bent lief", "jij bent lief echt"]
    groups = ["t1", "t1", "t2", "t3"]
    feat = TextFeaturizer(min_df=1, min_groups=2).fit(texts, groups=groups)
    # "sla" occurs twice but only in template t1; "lief" in t2 and t3
    assert "sla" not in feat.words_
    assert "lief" in feat.words_
    assert "sla" in TextFeaturizer(min_df=1, min_groups=2).fit(texts).words_


def test_cached_normalizer_equals_normalize_on_annotated_messages():
    from hatewatch.classifiers.training import default_training_files, read_labelled

    files = default_training_files()
    if not files:
        pytest.skip("no annotated data in data/annotations")
    texts = read_labelled(files)["text"].tolist()
    cached = CachedNormalizer(tokenize=TextFeaturizer().tokenize)
    norms, tokens = cached.normalize_and_tokenize(texts)
    expected = [normalize(t) for t in texts]
    assert [
        i for i, (a, b) in enumerate(zip(norms, expected, strict=True)) if a != b
    ] == []
    assert tokens == [TextFeaturizer().tokenize(n) for n in expected]


def test_score_labels_counts_and_binary_view():
    from hatewatch.classifiers.evaluation import score_labels

    gold = ["hate", "hate", "neutral", "neutral", "threat", "threat"]
    pred = ["hate", "threat", "neutral", "hate", "threat", "neutral"]
    s = score_labels(gold, pred)
    assert s.confusion == [[1, 0, 1], [1, 1, 0], [0, 1, 1]]
    assert s.per_class["threat"]["precision"] == pytest.approx(0.5)
    assert s.threat_recall == pytest.approx(0.5)
    # binary: hostile gold 4, predicted hostile 4, of which 3 right
    assert s.hostile_f1 == pytest.approx(0.75)
    assert s.hostile_macro_f1 == pytest.approx((0.75 + 0.5) / 2)
    assert s.macro_f1 == pytest.approx(0.5)


def test_explain_with_precomputed_rules_matches_plain_explain(small_model):
    # hatewatch flag passes the rule results it already has, to avoid
    # running spaCy again; the explanation must not change
    text = "ik maak je af, ik weet waar je woont"
    hits = small_model.rule_hits([text])[0]
    sev = small_model._rules().severity(text)
    plain = small_model.explain(text).to_dict()
    fast = small_model.explain(text, hits=hits, severity=sev)
    assert fast.to_dict() == plain
    assert plain["rules"]  # the rules did fire, so the hand-over was tested


def test_threat_precision_recall_are_of_the_flag_when_flags_are_given():
    from hatewatch.classifiers.evaluation import score_labels

    gold = ["threat", "threat", "neutral", "hate"]
    pred = ["threat", "hate", "neutral", "hate"]
    s = score_labels(gold, pred, flagged=[True, True, True, False])
    assert (s.threat_precision, s.threat_recall) == (2 / 3, 1.0)
    assert s.per_class["threat"]["recall"] == 0.5  # the label is scored apart


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("gadood", ["ga", "dood"]),
        ("jezoon", ["je", "zoon"]),
        ("eenhitte", ["een", "hitte"]),
        ("zouallangzijn", ["zou", "allang", "zijn"]),
        ("dood", []),  # known words stay whole
        ("gado", []),  # too short to be two words
        ("ga2dood", []),  # not purely alphabetic
        ("gadoodx", []),  # a leftover that is not a word
    ],
)
def test_split_glued(token, parts):
    vocab = {"ga", "dood", "je", "zoon", "een", "hitte", "zou", "allang", "zijn"}
    assert split_glued(token, vocab) == parts


def test_split_glued_prefers_the_most_balanced_split():
    assert split_glued("kogeldoor", {"kog", "eldoor", "kogel", "door"}) == [
        "kogel",
        "door",
    ]


def test_glued_words_count_as_their_parts_in_the_word_block():
    texts = ["ga dood", "mijn zoon", "ga weg", "dood spoor"]
    on = TextFeaturizer(min_df=1, split_glued=True).fit(texts)
    off = TextFeaturizer(min_df=1, split_glued=False).fit(texts)
    x_on, _ = on.transform(["gadood"])
    x_off, _ = off.transform(["gadood"])
    names = on.feature_names()
    assert {names[j] for j in x_on.indices} == {"w:ga", "w:dood"}
    assert x_off.nnz == 0
    assert TextFeaturizer.from_json(on.to_json()).split_glued is True


def test_raw_text_scores_equal_explicit_features(small_model, corpus):
    # the scoring path (raw words -> cached table rows) against features
    # built from normalize(): spaced-out letters across spaces, empty and
    # blank texts, repeats, unknown and glued words, in one batch
    texts = corpus[0][:20] + [
        "",
        "   ",
        "k a n k e r lijer",
        "ik maak je d o o d vandaag",
        "ik maak je af ik maak je af",
        "gadood jij",
        "a b",
        "onbekendwoordxyz 🔪🔪 @jan https://x.nl",
        "K@NKER!!! zooooo",
    ]
    feat = small_model.featurizer_
    x_word, x_char = feat.transform([normalize(t) for t in texts])
    coef = small_model.linear_.coef_
    nw, nc = feat.n_word_features, feat.n_char_features
    expected = x_word @ coef[:, :nw].T + x_char @ coef[:, nw : nw + nc].T
    got = feat.decision_scores_raw(texts, CachedNormalizer(tokenize=feat.tokenize))
    np.testing.assert_allclose(got, expected, atol=1e-10)
    # and again, now that every word is cached
    got = feat.decision_scores_raw(texts, CachedNormalizer(tokenize=feat.tokenize))
    np.testing.assert_allclose(got, expected, atol=1e-10)


@settings(max_examples=300)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=20))
def test_plain_lowercase_words_skip_normalize_safely(word):
    # the cached normaliser's fast path assumes normalize leaves such words
    # unchanged unless a letter repeats three times
    assert CachedNormalizer().many([word, f"ik {word} je"]) == [
        normalize(word),
        normalize(f"ik {word} je"),
    ]
    if not any(word[i] == word[i + 1] == word[i + 2] for i in range(len(word) - 2)):
        assert normalize(word) == word


def test_custom_normalizer_sees_plain_words():
    seen = []

    def upper(text):
        seen.append(text)
        return text.upper()

    assert CachedNormalizer(normalize=upper).many(["plain woord"]) == ["PLAIN WOORD"]
    assert "plain" in seen
