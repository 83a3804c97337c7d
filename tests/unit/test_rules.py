"""Tests for the Dutch threat rules (hatewatch.classifiers.rules)."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatewatch.classifiers.rules import (
    _FUNCTION,
    _RULES,
    SEVERITIES,
    RuleHit,
    ThreatRules,
    _compile,
    _literal_words,
)


@pytest.fixture(scope="module")
def rules() -> ThreatRules:
    return ThreatRules()


def _positive(hits: list[RuleHit]) -> set[str]:
    return {h.rule for h in hits if h.weight > 0}


def _net(hits: list[RuleHit]) -> float:
    return sum(h.weight for h in hits)


# Hand-written threats per rule family (not taken from any dataset).
FAMILY_EXAMPLES = {
    "intent_harm_verb": [
        "@Jan ik ga je vermoorden",
        "we gaan jullie allemaal afmaken",
        "ik steek je neer als ik je zie",
        "ik schiet je gewoon neer",
        "morgen sla ik je in elkaar",
        "ik verm00rd je, l@ndverrader",
    ],
    "fate_announced": [
        "je gaat eraan",
        "jij bent de volgende",
        "jouw dagen zijn geteld",
        "je wordt binnenkort afgemaakt",
    ],
    "conditional_threat": ["als je dit doorzet dan schiet ik je neer"],
    "knows_location": [
        "we weten waar je woont",
        "ik weet precies waar jouw kinderen naar school gaan",
        "je adres ligt al op straat",
    ],
    "veiled_harm": [
        "zou zonde zijn als je huis iets overkomt",
        "er kan zomaar iets gebeuren met je gezin",
    ],
    "call_to_harm": [
        "iemand moet hem eens neerschieten",
        "hang ze op",
        "kogel erdoor",
        "zet dat tuig tegen de muur",
        "die verrader verdient de kogel",
    ],
    "violent_wish": [
        "ik hoop dat je doodgaat",
        "ik hoop dat je verkracht wordt",
        "hopelijk word je overreden",
    ],
    "sexual_violence": ["jij moet eens flink verkracht worden"],
    "arson": ["we steken je huis in de fik", "molotov door je raam"],
    "weapon_at_target": ["er ligt een kogel voor jou klaar", "ik kom met een bijl"],
}


@pytest.mark.parametrize(
    ("family", "text"),
    [(f, t) for f, texts in FAMILY_EXAMPLES.items() for t in texts],
)
def test_rule_family_fires_on_threat(rules: ThreatRules, family: str, text: str):
    hits = rules.hit(text)
    assert family in _positive(hits), hits
    assert _net(hits) > 0


@pytest.mark.parametrize(
    "text",
    [
        "'ik ga je vermoorden' stond in de mail, doe aangifte",
        "kreeg vandaag weer een bedreiging: we weten waar je woont",
        "man opgepakt voor bedreigen van de burgemeester: 'ik maak je af'",
        "dat voorstel moet je gewoon afschieten",
    ],
)
def test_guards_outweigh_threat_words_in_reports_and_metaphor(
    rules: ThreatRules, text: str
) -> None:
    hits = rules.hit(text)
    assert any(h.weight < 0 for h in hits), hits
    assert _net(hits) <= 0


@pytest.mark.parametrize(
    "text",
    [
        "de motie is dood en begraven",
        "we gaan jullie verpletteren bij de verkiezingen",
        "politieke zelfmoord om dit te steunen",
        "u ligt terecht onder vuur",
        "bedreigd worden is verschrikkelijk, sterkte",
        "kut, trein weer vertraagd",
        "ik lig dood van het lachen",
        "haha je maakt me kapot met die woordgrappen",
        "ik ga je mailen over de begroting",
        "we weten waar je staat op dit dossier: nergens",
        "Ajax gaat Feyenoord zondag afslachten",
        "het kabinet slacht dat plan af bij de stemming",
        "Goedemorgen allemaal, fijne dag in de Kamer",
        "In 2021 beloofde je nog iets heel anders",
    ],
)
def test_classic_false_positives_do_not_score(rules: ThreatRules, text: str):
    assert _net(rules.hit(text)) <= 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik steek je neer met een mes", {"weapon"}),
        ("ik weet waar je kinderen op school zitten", {"family", "home"}),
        ("ik steek je huis in de fik", {"arson", "home"}),
        ("ik hoop dat je verkracht wordt", {"sexual"}),
        ("ik ga je vermoorden", {"death"}),
        ("iemand moet hem ophangen", {"call_to_action", "death"}),
    ],
)
def test_severity_names_the_harm(rules: ThreatRules, text: str, expected: set[str]):
    sev = rules.severity(text)
    assert expected <= set(sev)
    assert list(sev) == [s for s in SEVERITIES if s in sev]  # canonical order


def test_severity_is_empty_without_a_threat(rules: ThreatRules) -> None:
    assert rules.severity("mijn huis staat in Utrecht, mes ligt in de la") == ()


def test_hit_fields_are_usable_by_support_staff(rules: ThreatRules) -> None:
    (hit,) = [h for h in rules.hit("@Jan ik ga je vermoorden") if h.weight > 0]
    assert hit.rule in rules.rules
    assert hit.description and "\n" not in hit.description
    assert hit.span == "ik ga je vermoorden"
    assert set(hit.severity) <= set(SEVERITIES)


def test_batch_equals_single(rules: ThreatRules) -> None:
    texts = [t for ts in FAMILY_EXAMPLES.values() for t in ts] + [
        "kut, trein weer vertraagd",
        "",
        "dat voorstel moet je afschieten",
    ]
    assert rules.hits(texts) == [rules.hit(t) for t in texts]


def test_prenormalized_input_gives_same_hits(rules: ThreatRules) -> None:
    from hatewatch.text import normalize

    texts = ["IK G@ JE M00RDEN!!!", "we weten waar je woont", "fijne dag"]
    assert rules.hits([normalize(t) for t in texts], normalized=True) == rules.hits(
        texts
    )


def test_messages_without_trigger_words_skip_the_tokenizer() -> None:
    fresh = ThreatRules()
    assert fresh.hits(["goedemorgen", "wat een debat vandaag"]) == [[], []]
    assert fresh._tok is None  # the tokenizer was never built


def test_rule_ids_are_unique_and_every_pattern_compiles() -> None:
    ids = [r.id for r in _RULES]
    assert len(ids) == len(set(ids))
    for r in _RULES:
        assert set(r.severity) <= set(SEVERITIES)
        for p in r.patterns:
            assert _compile(p)
            if r.weight > 0:
                # the trigger prefilter only works if each pattern has a trigger
                assert _literal_words(p) - _FUNCTION, p


def test_guards_have_negative_weight(rules: ThreatRules) -> None:
    for r in _RULES:
        assert (r.weight < 0) == r.id.startswith("guard_")
    assert rules.rules[-1].startswith("guard_")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_on_junk(text: str) -> None:
    rules = _shared()
    hits = rules.hit(text)
    assert all(isinstance(h, RuleHit) for h in hits)
    rules.severity(text)


_SHARED: list[ThreatRules] = []


def _shared() -> ThreatRules:
    if not _SHARED:
        _SHARED.append(ThreatRules())
    return _SHARED[0]


def test_harm_named_works_without_a_rule_hit(rules: ThreatRules) -> None:
    assert rules.harm_named("die kogel is voor je dochter") == (
        "death",
        "weapon",
        "family",
    )
    assert rules.harm_named("fijne dag") == ()


@functools.cache
def _spacy_nl() -> Any:
    import spacy

    return spacy.blank("nl")


def _spacy_reference(rules: ThreatRules, text: str) -> dict[str, str]:
    """Hits by spaCy's own Matcher on the whole message, every pattern tried."""
    from spacy.matcher import Matcher

    from hatewatch.classifiers.rules import _PATTERNS, _compile, _for_spacy
    from hatewatch.text import normalize

    nlp = _spacy_nl()
    doc = nlp.make_doc(_for_spacy(normalize(text)))
    best: dict[str, tuple[int, int]] = {}
    for r, p in _PATTERNS:
        matcher = Matcher(nlp.vocab)
        matcher.add(r.id, _compile(p))
        for _, start, end in matcher(doc):
            prev = best.get(r.id)
            if prev is None or (end - start) < (prev[1] - prev[0]):
                best[r.id] = (start, end)
    positive = {r.id for r, _ in _PATTERNS if r.weight > 0}
    if not positive.intersection(best):
        return {}
    return {rid: doc[s:e].text for rid, (s, e) in best.items()}


REFERENCE_TEXTS = [t for ts in FAMILY_EXAMPLES.values() for t in ts] + [
    "kreeg een bedreiging: we weten waar je woont, doe aangifte",
    "dat voorstel moet je gewoon afschieten",
    "ik ga je mailen, pas maar op voor de deadline",
    "als je dit doorzet, dan schiet ik je neer 🔫",
    # long messages: a pattern's words far apart, several windows per message
    "ik ga morgen naar de markt en koop daar "
    + "heel veel groente " * 8
    + "en dan ga ik je vermoorden, echt waar, ik ga je vermoorden",
    "wij " + "bla " * 30 + "komen " + "bla " * 30 + "je halen",
    "we komen je halen " * 5,
]


@pytest.mark.parametrize("text", REFERENCE_TEXTS)
def test_matching_equals_spacy_matcher_on_whole_message(
    rules: ThreatRules, text: str
) -> None:
    """Prefilter, tokenizer port, windows and the own matcher give what
    spaCy's tokenizer and Matcher give."""
    got = {h.rule: h.span for h in rules.hit(text)}
    assert got == _spacy_reference(rules, text), text


def test_the_rules_never_import_spacy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, hatewatch.classifiers.rules as r; "
        "assert r.ThreatRules().hit('ik ga je vermoorden'); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
