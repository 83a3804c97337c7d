"""Plain-language explanations of a flag, naming the message's own words.

:func:`explain_flag` turns the model's evidence (threat rules that fired,
the strongest word features) into a structure the case page highlights from:
character spans into the *original* message, and one short paragraph each in
Dutch and English. Function words (``je``, ``de``, ``ik``) are not named as
evidence on their own: they weigh in the model but tell a reviewer nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["explain_flag", "find_phrase", "occlusion", "word_spans"]

# whitespace-separated chunks: normalising a whole chunk undoes obfuscation
# ("k@p0t" -> "kapot") and keeps mentions whole ("@Naam" -> "@user")
_CHUNK = re.compile(r"\S+")
# punctuation trimmed from the ends of a highlighted chunk
_EDGE = "\"'“”‘’.,;:!?()[]{}<>«»…"

# Dutch function words never named as evidence by themselves (spaCy's list
# would pull in spaCy for this; these are the ones the model weighs most)
_FUNCTION_WORDS = frozenset(
    """
    aan al als bij dan dat de die dit een en er ga gaan had heb hebben het hij
    hoe ik in is je jij jou jouw ja jullie kan maar me met mijn m'n na naar
    niet nog nu of om ook op over te u uw van voor was wat we wel wij wil zal
    ze zij zijn zo zou user url
    """.split()
)

_HARM_NL = {
    "weapon": "wapen",
    "death": "dood",
    "home": "woning",
    "arson": "brandstichting",
    "family": "familie",
    "sexual": "seksueel geweld",
    "call_to_action": "oproep aan anderen",
}


def _norm_tokens(token: str) -> list[str]:
    from hatewatch.text import normalize, tokenize

    return [t.strip(":").lower() for t in tokenize(normalize(token))]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Normalised word tokens of ``text`` with the character span of the
    original token each came from."""
    out: list[tuple[str, int, int]] = []
    for m in _CHUNK.finditer(text):
        chunk, start, end = m.group(), m.start(), m.end()
        core = chunk.strip(_EDGE)
        if core:
            start += chunk.index(core)
            end = start + len(core)
        for tok in _norm_tokens(chunk):
            if tok:
                out.append((tok, start, end))
    return out


def find_phrase(
    text: str, phrase: str, words: list[tuple[str, int, int]] | None = None
) -> tuple[int, int] | None:
    """Character span in ``text`` of a normalised ``phrase`` (e.g. a rule's
    match), or None when it cannot be located."""
    words = word_spans(text) if words is None else words
    target = [t for t in _norm_tokens(phrase) if t]
    if not target:
        return None
    seq = [w for w, _, _ in words]
    n = len(target)
    for i in range(len(seq) - n + 1):
        if seq[i : i + n] == target:
            return words[i][1], words[i + n - 1][2]
    return None


def _content(tokens: list[str]) -> bool:
    return any(
        t not in _FUNCTION_WORDS and not t.startswith("@") and len(t) >= 3
        for t in tokens
    )


def occlusion(
    model: Any, text: str, *, max_units: int = 60
) -> list[tuple[str, int, int, float]]:
    """How much each content word carries the threat probability.

    Every whitespace-separated word (function words, mentions and links
    left out) is removed in turn and the message scored again; the drop in
    ``p_threat`` is that word's weight. Works for any model with
    ``predict_proba`` and ``classes_``, and names only words of this message.

    Parameters
    ----------
    model : classifier
    text : str
    max_units : int, default 60
        Words tried at most (the first ones of very long messages).

    Returns
    -------
    list of (word, start, end, drop)
        ``text[start:end] == word``; ``drop`` is ``p_threat(text) -
        p_threat(text without the word)``, largest first.
    """
    import numpy as np

    units: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        core = chunk.strip(_EDGE) or chunk
        start = m.start() + chunk.index(core)
        if _content(_norm_tokens(chunk)):
            units.append((start, start + len(core)))
        if len(units) >= max_units:
            break
    if not units:
        return []
    variants = [text] + [text[:a] + text[b:] for a, b in units]
    proba = np.asarray(model.predict_proba(variants), dtype=float)
    k = [str(c) for c in model.classes_].index("threat")
    base = proba[0, k]
    out = [
        (text[a:b], a, b, float(base - proba[i + 1, k]))
        for i, (a, b) in enumerate(units)
    ]
    return sorted(out, key=lambda x: -x[3])


def _feature_word(name: str) -> list[str]:
    kind, _, value = str(name).partition(":")
    if kind in ("word", "chars", "bigram"):
        return [w for w in value.split() if w]
    return []


def _merge(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Non-overlapping, sorted highlight spans; reasons of overlaps joined."""
    merged: list[dict[str, Any]] = []
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if merged and s["start"] < merged[-1]["end"]:
            last = merged[-1]
            last["end"] = max(last["end"], s["end"])
            for r in s["reasons"]:
                if r not in last["reasons"]:
                    last["reasons"].append(r)
        else:
            merged.append({**s, "reasons": list(s["reasons"])})
    return merged


def explain_flag(
    text: str,
    *,
    p_threat: float,
    threshold: float,
    hits: Sequence[Any] = (),
    features: Sequence[tuple[str, float]] = (),
    severity: Sequence[str] = (),
    n_words: int = 3,
    evidence: Sequence[tuple[str, int, int, float]] | None = None,
    min_drop: float = 0.01,
) -> dict[str, Any]:
    """Why a message was flagged, with character spans into ``text``.

    Parameters
    ----------
    text : str
        The original message.
    p_threat, threshold : float
        The model's threat probability and the flagging threshold.
    hits : sequence of RuleHit
        Positive threat rules that fired (``rule``, ``description``,
        ``span`` as normalised text, ``weight``, ``severity``).
    features : sequence of (name, weight)
        The model's strongest signed features for its label
        (``Explanation.features``); used only without ``evidence``.
    severity : sequence of str
        Kinds of harm named.
    n_words : int, default 3
        Content words named as model evidence.
    evidence : sequence of (word, start, end, drop), optional
        From :func:`occlusion`: the words whose removal lowers ``p_threat``
        most. Preferred over ``features``, which explain the model's
        *predicted* label (hate or neutral for many flagged messages).
    min_drop : float, default 0.01
        Smallest drop in ``p_threat`` for a word to be named.

    Returns
    -------
    dict
        ``summary_en``, ``summary_nl`` (plain sentences quoting the
        message's words), ``p_threat``, ``threshold``, ``severity``,
        ``rules`` (each with ``match``, ``start``, ``end``; None where the
        match could not be located), ``words`` (each with ``word``,
        ``weight``, ``spans``) and ``spans`` (sorted, non-overlapping
        ``{start, end, text, reasons}`` for highlighting; ``end`` exclusive).
    """
    words = word_spans(text)
    rules: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    for h in hits:
        match = str(getattr(h, "text", None) or getattr(h, "span", "") or "")
        where = find_phrase(text, match, words) if match else None
        start, end = where if where else (None, None)
        rule = {
            "rule": str(getattr(h, "rule", h)),
            "description": str(getattr(h, "description", "")),
            "weight": float(getattr(h, "weight", 1.0) or 0.0),
            "severity": list(getattr(h, "severity", ()) or ()),
            "match": text[start:end] if where else match,
            "start": start,
            "end": end,
        }
        rules.append(rule)
        if where:
            spans.append(
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "reasons": [f"rule:{rule['rule']}"],
                }
            )
    weights: dict[str, float] = {}
    chosen: list[dict[str, Any]] = []
    if evidence is not None:
        features = ()
        for word, a, b, drop in evidence:
            if drop < min_drop or len(chosen) >= n_words:
                continue
            chosen.append({"word": word, "weight": round(drop, 3), "spans": [[a, b]]})
            spans.append(
                {"start": a, "end": b, "text": word, "reasons": [f"word:{word}"]}
            )
    for name, w in features:
        if w <= 0:
            continue
        for word in _feature_word(name):
            if word in _FUNCTION_WORDS or len(word) < 3:
                continue
            weights[word] = weights.get(word, 0.0) + float(w)
    for word, w in sorted(weights.items(), key=lambda kv: -kv[1]):
        at = [(s, e) for tok, s, e in words if tok == word]
        if not at:
            continue  # evidence from a form not in this message's own words
        chosen.append(
            {
                "word": text[at[0][0] : at[0][1]],
                "weight": round(w, 3),
                "spans": [list(x) for x in at],
            }
        )
        for s, e in at:
            spans.append(
                {"start": s, "end": e, "text": text[s:e], "reasons": [f"word:{word}"]}
            )
        if len(chosen) >= n_words:
            break
    severity = list(dict.fromkeys(severity))
    return {
        "summary_en": _summary_en(
            p_threat, threshold, rules, chosen, severity, evidence is not None
        ),
        "summary_nl": _summary_nl(
            p_threat, threshold, rules, chosen, severity, evidence is not None
        ),
        "word_evidence": "occlusion" if evidence is not None else "features",
        "p_threat": round(float(p_threat), 4),
        "threshold": round(float(threshold), 4),
        "severity": severity,
        "rules": rules,
        "words": chosen,
        "spans": [{**m, "text": text[m["start"] : m["end"]]} for m in _merge(spans)],
    }


def _quote(s: str) -> str:
    return f"“{s}”"


def _summary_en(p, thr, rules, words, severity, occluded=False) -> str:
    parts = []
    if p >= thr:
        parts.append(
            f"The model rates this message a likely threat ({p:.0%}; cases are "
            f"opened from {thr:.0%})."
        )
    else:
        parts.append(
            f"The model rates this message {p:.0%} likely a threat, below "
            f"{thr:.0%}, but a threat pattern matched."
        )
    for r in rules:
        parts.append(f"{_quote(r['match'])}: {r['description'].rstrip('.')}.")
    if severity:
        harm = ", ".join(s.replace("_", " ") for s in severity)
        parts.append(f"Harm named: {harm}.")
    if words and occluded:
        parts.append(
            "Without these words the threat probability drops most: "
            + ", ".join(
                f"{_quote(w['word'])} (-{100 * w['weight']:.0f} points)" for w in words
            )
            + "."
        )
    elif words:
        parts.append(
            "Words that weighed most for the model: "
            + ", ".join(_quote(w["word"]) for w in words)
            + "."
        )
    return " ".join(parts)


def _summary_nl(p, thr, rules, words, severity, occluded=False) -> str:
    parts = []
    if p >= thr:
        parts.append(
            f"Het model schat dit bericht in als waarschijnlijke bedreiging "
            f"({p:.0%}; een zaak wordt geopend vanaf {thr:.0%})."
        )
    else:
        parts.append(
            f"Het model schat de kans op een bedreiging op {p:.0%}, onder "
            f"{thr:.0%}, maar een dreigingspatroon herkende de tekst."
        )
    for r in rules:
        parts.append(
            f"{_quote(r['match'])} herkend als dreigingspatroon ({r['rule']})."
        )
    if severity:
        parts.append(
            "Genoemde schade: " + ", ".join(_HARM_NL.get(s, s) for s in severity) + "."
        )
    if words and occluded:
        parts.append(
            "Zonder deze woorden daalt de kans op een bedreiging het meest: "
            + ", ".join(
                f"{_quote(w['word'])} (-{100 * w['weight']:.0f} procentpunt)"
                for w in words
            )
            + "."
        )
    elif words:
        parts.append(
            "Woorden die voor het model het zwaarst wogen: "
            + ", ".join(_quote(w["word"]) for w in words)
            + "."
        )
    return " ".join(parts)
