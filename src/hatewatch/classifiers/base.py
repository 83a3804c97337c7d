"""Pieces shared by hatewatch classifiers: explanations and rule access."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Explanation", "get_rules"]

log = logging.getLogger(__name__)


@dataclass
class Explanation:
    """Why a message got its label, for a person to read.

    Attributes
    ----------
    text : str
        The message as given.
    label : str
        The predicted label.
    probabilities : dict of str to float
        Calibrated probability of each label.
    features : list of (str, float)
        The strongest signed contributions to the predicted label's score
        (log-odds against the average label), largest magnitude first.
        Names are ``word:<word as written in the message>`` (every feature
        the word produced: the word, its bigrams (half each), its spelling
        n-grams, a lexicon tag) and ``rule:<rule name>``. Models before
        0.3.0, and messages normalised as a whole, name normalised features
        instead: ``word:<w>``, ``bigram:<w1 w2>``, ``chars:<token>``.
    spans : list of (str, int, int, float)
        ``(word, start, end, contribution)`` for the strongest words, with
        character offsets into ``text`` (``text[start:end] == word``).
    rules : list
        The threat rules that fired (``RuleHit`` objects).
    severity : tuple of str
        Kinds of harm named in the message (weapon, death, family, home...),
        as reported by the threat rules.
    threat_threshold : float
        The operating threshold on ``p_threat`` used for the label.
    """

    text: str
    label: str
    probabilities: dict[str, float]
    features: list[tuple[str, float]]
    rules: list[Any] = field(default_factory=list)
    severity: tuple[str, ...] = ()
    threat_threshold: float = 0.5
    spans: list[tuple[str, int, int, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "text": self.text,
            "label": self.label,
            "probabilities": dict(self.probabilities),
            "features": [[name, float(w)] for name, w in self.features],
            "rules": [_rule_dict(h) for h in self.rules],
            "severity": list(self.severity),
            "threat_threshold": self.threat_threshold,
            "spans": [
                {"word": wd, "start": a, "end": b, "weight": float(v)}
                for wd, a, b, v in self.spans
            ],
        }

    def __str__(self) -> str:
        probs = ", ".join(f"{k} {v:.2f}" for k, v in self.probabilities.items())
        lines = [
            f"label: {self.label}  ({probs}; threat flagged at "
            f"p_threat >= {self.threat_threshold:.2f})"
        ]
        if self.rules:
            lines.append("rules that fired:")
            for h in self.rules:
                d = _rule_dict(h)
                lines.append(f"  - {d['rule']}: {d['description']} [{d['match']}]")
        if self.severity:
            lines.append("harm named: " + ", ".join(self.severity))
        if self.features:
            lines.append(f"evidence for '{self.label}' (+) and against (-):")
            for name, w in self.features:
                lines.append(f"  {w:+.2f}  {name}")
        return "\n".join(lines)


def _rule_dict(hit: Any) -> dict[str, Any]:
    span = getattr(hit, "span", None)
    match = getattr(hit, "text", None)
    return {
        "rule": getattr(hit, "rule", str(hit)),
        "description": getattr(hit, "description", ""),
        "span": list(span) if isinstance(span, tuple | list) else span,
        "match": match if match is not None else span,
        "weight": float(getattr(hit, "weight", 1.0) or 0.0),
        "severity": _as_tuple(getattr(hit, "severity", ())),
    }


def _as_tuple(value: Any) -> tuple[str, ...] | str:
    if isinstance(value, str):
        return value
    try:
        return tuple(value)
    except TypeError:
        return str(value)


class _NoRules:
    """Stand-in used only if the threat-rule module cannot be imported."""

    rule_names: tuple[str, ...] = ()

    def hits(self, texts: list[str]) -> list[list[Any]]:
        return [[] for _ in texts]

    def severity(self, text: str) -> tuple[str, ...]:
        return ()


def get_rules() -> Any:
    """Return the threat-rule engine (``ThreatRules``) or a no-op stand-in."""
    try:
        from hatewatch.classifiers.rules import ThreatRules
    except ImportError:  # pragma: no cover - the module ships with hatewatch
        log.warning("hatewatch.classifiers.rules is missing; rules are disabled")
        return _NoRules()
    return ThreatRules()
