"""The fast flag path gives exactly the flags of the plain one, on real text.

The fast path (issue 13): messages tokenised by hatewatch's port of spaCy's
tokenizer, threat rules matched only in windows around their rarest words by
hatewatch's own matcher instead of spaCy's ``Matcher`` on the whole message,
and the flagged messages explained in one batch (``explain_many``) handed the
probabilities already computed. The reference below undoes all three:
``spacy.blank("nl")``'s own tokenizer, spaCy's Matcher on the whole message
for every pattern the prefilter lets through, and ``explain()`` one message
at a time, left to score it again.
Its output must equal the fast path's, cell for cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    examples = pd.read_json(REPO / "data/examples/messages.jsonl", lines=True)
    annotated = pd.read_csv(REPO / "data/annotations/imsypp_nl.csv")
    constructed = pd.read_csv(REPO / "data/annotations/constructed_nl.csv")
    # real IMSyPP text and threat-rich constructed text, plus the examples
    return (
        annotated["text"].dropna().astype(str).tolist()[:200]
        + constructed["text"].dropna().astype(str).tolist()[:100]
        + examples["text"].astype(str).tolist()[:200]
    )


@pytest.fixture(scope="module")
def model() -> Any:
    import hatewatch

    return hatewatch.load_model()


def test_fast_flag_path_equals_spacy_matcher_and_plain_explain(
    model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy
    from spacy.matcher import Matcher

    from hatewatch import scoring
    from hatewatch.classifiers.rules import _PATTERNS, ThreatRules, _compile
    from hatewatch.classifiers.tokenizer import DutchTokenizer

    df = pd.DataFrame({"text": _texts()})
    fast = scoring.flag_threats(df, model=model)
    assert len(fast) > 20  # the comparison below covers many flagged rows

    nlp = spacy.blank("nl")
    matchers: dict[int, Any] = {}

    def spacy_tokens(self: DutchTokenizer, text: str) -> list[tuple[str, int]]:
        return [(t.text, t.idx) for t in nlp.make_doc(text)]

    def spacy_whole_message(self: ThreatRules, i: int, lower: list[str]) -> Any:
        # the tokens of the doc being matched are exactly ``lower``: rebuild
        # the doc from them (spaCy matches LOWER only)
        from spacy.tokens import Doc

        if i not in matchers:
            m = Matcher(nlp.vocab)
            m.add(_PATTERNS[i][0].id, _compile(_PATTERNS[i][1]))
            matchers[i] = m
        doc = Doc(nlp.vocab, words=lower)
        return [(s, e) for _, s, e in matchers[i](doc)]

    def plain_explain(model: Any, texts: Any, hits: Any, severity: Any, _p: Any):
        # one message at a time, scored again: not the batch of explain_many
        return [
            model.explain(t, hits=list(h), severity=tuple(s))
            for t, h, s in zip(texts, hits, severity, strict=True)
        ]

    monkeypatch.setattr(DutchTokenizer, "tokens", spacy_tokens)
    monkeypatch.setattr(ThreatRules, "_windowed", spacy_whole_message)
    monkeypatch.setattr(scoring, "_explain_many", plain_explain)
    reference = scoring.flag_threats(df, model=model)
    pd.testing.assert_frame_equal(fast, reference)
