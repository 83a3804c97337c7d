"""Offline language detection of messages.

The classifier is trained on Dutch; a message in another language gets a
label it cannot back up. :func:`detect_language` says which messages are not
Dutch so that score output can mark them (``lang`` and ``out_of_scope``
columns of :func:`hatewatch.score_frame`) instead of giving a confident
``neutral``.

Two steps, for speed: a message whose words include more Dutch than English
function words is ``nl`` without further work (most messages, a few
microseconds each); the others go to ``py3langid`` (BSD-3-Clause; its model
ships inside the wheel, no download), restricted to the languages a Dutch
politician's replies are likely to be in, and its answer is kept only when
its probability is at least 0.9. Short messages without function words
are ``und`` (undetermined). Measured speed on one core: about 12,000
messages/s through py3langid, and the function-word step passes most Dutch
messages before it (``scripts/benchmark_language.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["CANDIDATES", "detect_language"]

#: Languages py3langid may choose from (others are too often confused with
#: Dutch on short messages: Afrikaans, Frisian, Low German).
CANDIDATES = ("nl", "en", "de", "fr", "es", "it", "pt", "tr", "ar", "pl")
#: Minimum py3langid probability to call a message non-Dutch.
MIN_PROB = 0.9

_NL = frozenset(
    """de het een en van ik je jij u we wij ze zij hij is zijn was niet dat die
    dit wat wie waar hoe als maar ook nog wel naar voor met op aan bij om te
    heb hebt heeft hebben ben bent gaat ga gaan kan kunt moet moeten zal zou
    jullie jouw mijn onze hun er hier daar geen nu dan toch even al want dus
    of omdat zo heel veel meer wordt worden door over uit tegen mag weet""".split()
)
_EN = frozenset(
    """the a an and of i you he she we they it is are was were be been not
    that this what who where how if but also still to for with on at by from
    have has had do does did will would can could should must your my our
    their there here no now then just so very much more get got going gonna
    want know why because or about out up""".split()
)
# words shared by both lists say nothing
_SHARED = _NL & _EN
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_STRIP = re.compile(r"@\w+|https?://\S+|www\.\S+|#")

_identifier: Any = None


def _langid() -> Any:
    global _identifier
    if _identifier is None:
        from hatewatch.errors import require

        require("py3langid", "core")
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(CANDIDATES))
        _identifier = ident
    return _identifier


def detect_language(texts: Iterable[object]) -> list[str]:
    """ISO 639-1 code per message: ``nl``, ``en``, ... or ``und``.

    Parameters
    ----------
    texts : iterable
        Messages; a missing or non-string value gives ``und``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> detect_language(["Ik ga je vermoorden", "I will kill you all", "👍"])
    ['nl', 'en', 'und']
    """
    out = []
    for text in texts:
        if not isinstance(text, str):
            out.append("und")
            continue
        words = _WORDS.findall(_STRIP.sub(" ", text).lower())
        if not words:
            out.append("und")
            continue
        nl = sum(1 for w in words if w in _NL and w not in _SHARED)
        en = sum(1 for w in words if w in _EN and w not in _SHARED)
        if nl > en:
            out.append("nl")
            continue
        if len(words) < 3 and not en:
            out.append("und")
            continue
        lang, prob = _langid().classify(text)
        if prob >= MIN_PROB:
            out.append(str(lang))
        elif en > nl:
            out.append("en")
        else:
            out.append("nl" if nl else "und")
    return out
