"""Name masking, gender/identity placeholders and the lexicon files."""

from __future__ import annotations

import pytest

from hatewatch.classifiers import lexicons, masking
from hatewatch.classifiers.features import TextFeaturizer
from hatewatch.errors import DataError


def test_mask_text_names_and_handles():
    out = masking.mask_text("@MarkRutte Mark Rutte en Sanne moeten weg")
    assert out == "@user ⟨naam⟩ ⟨naam⟩ en ⟨naam⟩ moeten weg"


def test_mask_text_leaves_words_that_are_also_names():
    # "ben", "wil", "hoop", "roos" are ordinary Dutch words
    text = "ik ben bang, ik wil hoop en een roos"
    assert masking.mask_text(text) == text


def test_mask_text_roster_names():
    assert masking.mask_text("Kaag liegt", roster_names={"kaag"}) == "⟨naam⟩ liegt"


def test_token_map_makes_gendered_words_equal():
    tm = masking.token_map()
    for female, male, _ in lexicons.gender_pairs():
        assert tm[female] == tm[male], (female, male)
    assert tm["haar"] == tm["zijn"] == tm["hem"]
    assert tm["moslims"] == tm["joden"] == tm["vrouwen"] == masking.GROUP == ""
    assert tm["sanne"] == tm["pieter"] == masking.NAME
    assert "ben" not in tm and "wil" not in tm


def test_featurizer_with_token_map_gives_same_tokens_for_swapped_messages():
    feat = TextFeaturizer(token_map=masking.token_map(), tags=masking.lexicon_tags())
    a = feat.tokenize("mevrouw jansen, ik weet waar haar dochter woont, sanne")
    b = feat.tokenize("meneer jansen, ik weet waar zijn zoon woont, pieter")
    assert a == b


def test_identity_terms_are_dropped():
    feat = TextFeaturizer(token_map=masking.token_map())
    assert feat.tokenize("moslims zijn welkom") == feat.tokenize("joden zijn welkom")
    assert "moslims" not in feat.tokenize("moslims zijn welkom")


def test_lexicon_tags_follow_their_word_and_skip_bigrams():
    feat = TextFeaturizer(tags={"rat": ("⟨lex:ANI⟩",)}, min_df=1)
    assert feat.tokenize("vuile rat jij") == ["vuile", "rat", "⟨lex:ANI⟩", "jij"]
    feat.fit(["vuile rat jij", "vuile rat jij"])
    assert "rat jij" in feat.bigrams_  # the tag does not break the bigram
    assert not any("⟨" in b for b in feat.bigrams_)


def test_lexicons_load():
    abuse = lexicons.abuse_lexicon()
    assert abuse["klootzak"] == "MGE"
    assert "klootzakken" in abuse  # generated inflection
    assert lexicons.first_names()["sanne"] == "female"
    assert lexicons.identity_terms()["vluchtelingen"] == "refugees"
    lists = lexicons.word_lists()
    assert "vermoorden" in lists["HARM_INF"]


def test_read_tsv_reports_file_and_line(tmp_path, monkeypatch):
    bad = tmp_path / "lexicons"
    bad.mkdir()
    (bad / "x.tsv").write_text("# c\na\tb\nok\t1\nbroken\n", encoding="utf-8")

    class Files:
        def joinpath(self, *parts):
            return tmp_path.joinpath(*parts)

    monkeypatch.setattr(lexicons.resources, "files", lambda _: Files())
    lexicons.read_tsv.cache_clear()
    try:
        with pytest.raises(DataError, match=r"x\.tsv:4"):
            lexicons.read_tsv("x.tsv")
    finally:
        lexicons.read_tsv.cache_clear()


def test_rule_data_files_are_consistent():
    rules = lexicons.read_jsonl("threat_rules.jsonl")
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    lists = lexicons.word_lists()
    weights = [r["weight"] for r in rules]
    # positive rules first, guards (negative weight) last
    assert weights == sorted(weights, key=lambda w: w < 0)
    for r in rules:
        assert r["language"] in ("nl", "en")
        assert r["id"].startswith("guard_") == (r["weight"] < 0)
        for pattern in r["patterns"]:
            for item in pattern.split():
                for part in item.lstrip("?").split("|"):
                    if part.startswith("@") and part != "@user":
                        assert part[1:] in lists, (r["id"], part)
