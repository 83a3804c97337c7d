"""hatewatch's port of spaCy's Dutch tokenizer gives spaCy's tokens.

:class:`hatewatch.classifiers.tokenizer.DutchTokenizer` replaces
``spacy.blank("nl")`` in the threat rules (issue 13: building spaCy's
tokenizer cost more than flagging a file). Every token and its character
offset must be spaCy's, on real messages as written, normalised and as the
rules see them, and on generated text full of punctuation, abbreviations,
units, URLs and odd whitespace.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatewatch.classifiers.rules import _for_spacy
from hatewatch.classifiers.tokenizer import DutchTokenizer, tables
from hatewatch.text import normalize

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def _spacy_nl() -> Any:
    import spacy

    if spacy.__version__ != tables()["spacy_version"]:
        pytest.skip(
            f"spaCy {spacy.__version__} installed, tables exported from "
            f"{tables()['spacy_version']}: rerun scripts/build_tokenizer_tables.py "
            "and this test"
        )
    return spacy.blank("nl")


def _spacy_tokens(text: str) -> list[tuple[str, int]]:
    return [(t.text, t.idx) for t in _spacy_nl().make_doc(text)]


@functools.cache
def _port() -> DutchTokenizer:
    return DutchTokenizer()


def _real_texts() -> list[str]:
    """Every message of the examples and of the labelled files used for
    training and validation (not the sealed test set)."""
    texts = pd.read_json(REPO / "data/examples/messages.jsonl", lines=True)[
        "text"
    ].tolist()
    for name in (
        "imsypp_nl.csv",
        "constructed_nl.csv",
        "constructed_extra_nl.csv",
        "constructed_identity_nl.csv",
        "functional_nl.csv",
        "validation_v2_nl.csv",
    ):
        texts += pd.read_csv(REPO / "data/annotations" / name)["text"].tolist()
    return [str(t) for t in texts if isinstance(t, str)]


def _assert_equal_on(texts: list[str]) -> None:
    port = _port()
    differ = []
    for raw in texts:
        for text in (raw, normalize(raw), _for_spacy(normalize(raw))):
            if port.tokens(text) != _spacy_tokens(text):
                differ.append(text)
    assert differ == []


def test_tokens_equal_spacy_on_real_messages() -> None:
    texts = _real_texts()
    assert len(texts) > 30_000
    _assert_equal_on(texts[::6])  # every sixth: 5,000 messages, a few seconds


@pytest.mark.slow
def test_tokens_equal_spacy_on_every_real_message() -> None:
    _assert_equal_on(_real_texts())


# Pieces that exercise every part of the algorithm: special cases (Dutch
# abbreviations, emoticons, "°C."), prefixes and suffixes (quotes, brackets,
# currency, units after numbers, "'s"), infixes (hyphens, slashes, dots
# between letters), URLs and whitespace other than one space.
_PIECES = [
    "ik", "je", "vermoorden", "Jan", "10km", "5kg", "€10", "$5", "2,5", "12:00",
    "'t", "m'n", "z'n", "Jan's", "a.s.", "bijv.", "m.a.w.", "etc.", "o.a.", "°C.",
    "...", "!!", "?!", ":)", ":-(", "<3", "(ja)", '"nee"', "[x]", "e-mail",
    "noord/zuid", "nos.nl", "www.nos.nl/a?b=1", "https://t.co/x", "@user", "URL",
    "#tag", "50%", "1e", "k*ll3n", "🔪", "🇳🇱", "é", "ß", "\u200b", "…", "«", "’",
]  # fmt: skip
_SEPARATORS = [" ", "", "  ", "\n", " \t ", "\u00a0", "."]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PIECES),
            st.sampled_from(sorted(tables()["specials"])),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
        ),
        max_size=10,
    ),
    st.lists(st.sampled_from(_SEPARATORS), min_size=10, max_size=10),
)
def test_tokens_equal_spacy_on_generated_text(
    pieces: list[str], seps: list[str]
) -> None:
    text = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    assert _port().tokens(text) == _spacy_tokens(text)


def test_tokens_tile_the_text() -> None:
    port = _port()
    text = "  ik ga je m.a.w. vermoorden!!  (echt) \n"
    toks = port.tokens(text)
    for tok, at in toks:
        assert text[at : at + len(tok)] == tok
    assert port.words("dat is m.a.w. onzin!!") == [
        "dat", "is", "m.a.w.", "onzin", "!", "!",
    ]  # fmt: skip


def test_tables_are_shipped_with_their_spacy_version() -> None:
    data = tables()
    assert data["spacy_version"].startswith("3.")
    assert len(data["specials"]) > 1000
    # every special case spells its own string
    assert all("".join(v) == k for k, v in data["specials"].items())


def test_words_of_ascii_letters_are_one_token_by_the_full_algorithm() -> None:
    """The shortcut for words of ASCII letters gives what the whole
    algorithm gives: every word of one or two letters, every word of the
    real messages and random longer ones."""
    import random
    import re
    import string

    port = _port()
    assert port._letters_plain
    letters = string.ascii_letters
    words = {a + b for a in letters for b in ["", *letters]}
    for text in _real_texts()[:3000]:
        words.update(re.findall(r"[A-Za-z]+", text))
    rnd = random.Random(13)
    words.update(
        "".join(rnd.choices(letters, k=rnd.randint(3, 12))) for _ in range(5000)
    )
    differ = [w for w in words if port._split(w, specials=True) != (w,)]
    assert differ == []
