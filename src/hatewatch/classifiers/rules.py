"""Threat rules for Dutch messages: token patterns with severity tags.

The rules are written from how Dutch threats are phrased (codebook
``data/annotations/GUIDELINES.md`` and general knowledge of the language),
not learned from data. They look at the tokens of the normalised text
(:func:`hatewatch.text.normalize`), so obfuscated spellings such as
``k*ll3n`` or ``m00rd`` reach them as plain words.

Each :class:`RuleHit` has a weight: positive rules raise the threat score,
guard rules (quotes and reports of threats, counter-speech, political and
sports metaphor, idioms) have negative weights. Guards are only reported for
messages in which a positive rule fired. See ``docs/rules.md``.

Speed: a message is first checked against a set of trigger words (a
``str.translate`` + ``split`` + set intersection, about a microsecond); only
the few messages that contain one are tokenised and matched, each pattern
only in the windows around its rarest words. Tokens are those of
``spacy.blank("nl")``, made without spaCy by
:class:`hatewatch.classifiers.tokenizer.DutchTokenizer` (a port of spaCy's
tokenizer on its exported tables; building spaCy's costs about a second per
process), and the matcher gives exactly what spaCy's ``Matcher`` gives for the
patterns of :func:`_compile` (the tests compare both) at a fraction of its
cost.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hatewatch.classifiers import lexicons
from hatewatch.classifiers.tokenizer import DutchTokenizer
from hatewatch.text import normalize

__all__ = ["SEVERITIES", "RuleHit", "ThreatRules"]

logger = logging.getLogger(__name__)

#: Kinds of harm a threat can name; used to prioritise flagged messages.
SEVERITIES = ("death", "weapon", "sexual", "arson", "family", "home", "call_to_action")


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired on a message.

    Attributes
    ----------
    rule : str
        Stable rule id, e.g. ``"intent_harm_verb"``.
    description : str
        One line for support staff: what the rule means.
    span : str
        The matched text (normalised).
    weight : float
        ``> 0`` raises the threat score, ``< 0`` lowers it (guards).
    severity : tuple of str
        Kinds of harm named, a subset of :data:`SEVERITIES`.
    """

    rule: str
    description: str
    span: str
    weight: float
    severity: tuple[str, ...]


# ---------------------------------------------------------------------------
# Word lists and patterns are data files in hatewatch/resources/rules/ (read
# by hatewatch.classifiers.lexicons): rule_words.tsv (named lists, used as
# @LIST in patterns), function_words.tsv, severity_words.tsv and
# threat_rules.jsonl. Dutch has no lemmatiser here, so inflected forms are
# listed. Normalised text has no accents ("geëxecuteerd" -> "geexecuteerd").

_W: dict[str, list[str]] = {k: list(v) for k, v in lexicons.word_lists().items()}


def _word_set(name: str) -> set[str]:
    return {
        r["word"]
        for r in lexicons.read_tsv("function_words.tsv", "rules")
        if r["set"] == name
    }


# Guards and function words that never count as triggers on their own.
_FUNCTION = {
    *_W["SUBJ1"],
    *_W["OBJ"],
    *_W["SUBJ2"],
    *_W["POSS2"],
    *_W["FUT1"],
    *_word_set("function"),
}


@dataclass(frozen=True)
class _Rule:
    id: str
    description: str
    weight: float
    severity: tuple[str, ...]
    patterns: tuple[str, ...]
    language: str = "nl"


def _load_rules() -> tuple[_Rule, ...]:
    out = []
    for rec in lexicons.read_jsonl("threat_rules.jsonl"):
        out.append(
            _Rule(
                rec["id"],
                rec["description"],
                float(rec["weight"]),
                tuple(rec.get("severity", ())),
                tuple(rec["patterns"]),
                rec.get("language", "nl"),
            )
        )
    return tuple(out)


# Pattern mini-language, one token per space-separated item:
#   word|word   one of these words (lower case)
#   @SET        one word from the list _W["SET"]
#   @A|@B|w     union of lists and words
#   *N          up to N arbitrary tokens
#   ?item       optional token
# Multi-word entries in a list ("in elkaar slaan") expand into extra patterns.
_RULES: tuple[_Rule, ...] = _load_rules()


def _expand_item(item: str) -> tuple[list[str], int | None, bool]:
    """Parse one pattern item: (words, wildcard max, optional)."""
    if item.startswith("*"):
        return [], int(item[1:]), False
    optional = item.startswith("?")
    if optional:
        item = item[1:]
    words: list[str] = []
    for part in item.split("|"):
        if part.startswith("@") and part[1:] in _W:
            words.extend(_W[part[1:]])
        elif part:
            words.append(part)
    return words, None, optional


def _compile(pattern: str) -> list[list[dict[str, Any]]]:
    """Compile one mini-language pattern into spaCy Matcher token patterns."""
    variants: list[list[dict[str, Any]]] = [[]]
    for item in pattern.split():
        words, wild, optional = _expand_item(item)
        if wild is not None:
            for v in variants:
                v.append({"OP": f"{{0,{wild}}}"})
            continue
        single = sorted({w for w in words if " " not in w})
        multi = sorted({w for w in words if " " in w})
        new: list[list[dict[str, Any]]] = []
        for v in variants:
            if single:
                tok: dict[str, Any] = {"LOWER": {"IN": single}}
                if optional:
                    tok["OP"] = "?"
                new.append([*v, tok])
            for phrase in multi:
                new.append([*v, *({"LOWER": w} for w in phrase.split())])
        variants = new
    return variants


# Everyday words: never chosen as a pattern's trigger when a rarer item exists.
_COMMON = _FUNCTION | _word_set("common")


def _anchors(pattern: str) -> list[frozenset[str]]:
    """Word sets of a pattern's required items, least common first.

    Every non-optional item must match for the pattern to match, so a message
    that lacks the words of any one of them cannot match: checking the two
    rarest items keeps the prefilter exact, not a heuristic.
    """
    items: list[tuple[tuple[int, int, int], frozenset[str]]] = []
    for item in pattern.split():
        words, wild, optional = _expand_item(item)
        if wild is not None or optional or not words:
            continue
        # a phrase matches only if all its words occur: keep its longest word
        anchor = frozenset(max(w.split(), key=len) for w in words)
        common = sum(w in _COMMON for w in anchor)
        short = sum(len(w) <= 4 for w in anchor)  # short words are frequent
        items.append(((common, short, len(anchor)), anchor))
    if not items:
        raise ValueError(f"pattern has no required word: {pattern}")
    items.sort(key=lambda kv: kv[0])
    return [a for _, a in items]


# Every pattern of every rule, numbered, so that a message is matched only
# against the patterns its words make possible.
_PATTERNS: tuple[tuple[_Rule, str], ...] = tuple(
    (r, p) for r in _RULES for p in r.patterns
)

_Index = dict[str, list[tuple[int, frozenset[str] | None]]]


@functools.cache
def _build_index(positive: bool) -> _Index:
    """Map each first-anchor word to (pattern number, second anchor).

    Built once per process and shared by every :class:`ThreatRules` (read
    only): the patterns are constants."""
    index: _Index = {}
    for i, (r, p) in enumerate(_PATTERNS):
        if (r.weight > 0) != positive:
            continue
        anchors = _anchors(p)
        need = anchors[1] if len(anchors) > 1 else None
        for w in anchors[0]:
            index.setdefault(w, []).append((i, need))
    return index


def _possible(index: _Index, present: set[str]) -> list[int]:
    """Patterns whose two rarest required items both occur in ``present``."""
    found: set[int] = set()
    for w in present.intersection(index):
        for i, need in index[w]:
            if need is None or not need.isdisjoint(present):
                found.add(i)
    return sorted(found)


# One item of a pattern for the quick check: (wildcard max or None, single
# words, multi-word phrases, optional).
_Item = tuple[int | None, frozenset[str], tuple[tuple[str, ...], ...], bool]


class _Reach:
    """What a pattern needs, for finding where it can match without spaCy.

    Attributes
    ----------
    first, second : frozenset of str
        Words of the rarest and second rarest required items (``second`` is
        None for a pattern with one required item).
    limit : int
        The longest match in tokens: every wildcard and optional item at
        its maximum, every multi-word phrase at its length.
    items : tuple
        The pattern's items, for :meth:`matches`.
    """

    def __init__(self, pattern: str) -> None:
        anchors = _anchors(pattern)
        self.first = anchors[0]
        self.second = anchors[1] if len(anchors) > 1 else None
        items: list[_Item] = []
        self.limit = 0
        for item in pattern.split():
            words, wild, optional = _expand_item(item)
            if wild is not None:
                items.append((wild, frozenset(), (), False))
                self.limit += wild
                continue
            single = frozenset(w for w in words if " " not in w)
            multi = tuple(tuple(w.split()) for w in words if " " in w)
            items.append((None, single, multi, optional))
            self.limit += max(len(w.split()) for w in words)
        self.items = tuple(items)

    def matches(self, lower: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
        """Every ``(start, end)`` where the pattern matches in ``lower[lo:hi]``.

        The same token semantics as the spaCy patterns of :func:`_compile`
        (lower-case word sets, phrases, ``{0,N}`` wildcards, optional
        items) without spaCy, in spaCy's Matcher order (by end, then latest start).
        """
        found: list[tuple[int, int]] = []
        for start in range(lo, hi):
            states = {start}
            for wild, single, multi, optional in self.items:
                nxt: set[int] = set()
                for p in states:
                    if wild is not None:
                        nxt.update(range(p, min(p + wild, hi) + 1))
                        continue
                    if optional:
                        nxt.add(p)
                    if p < hi and lower[p] in single:
                        nxt.add(p + 1)
                    for phrase in multi:
                        end = p + len(phrase)
                        if end <= hi and tuple(lower[p:end]) == phrase:
                            nxt.add(end)
                states = nxt
                if not states:
                    break
            found.extend((start, end) for end in states if end > start)
        found.sort(key=lambda se: (se[1], -se[0]))
        return found


@functools.cache
def _reaches() -> list[_Reach]:
    """A :class:`_Reach` per pattern of :data:`_PATTERNS` (built once, read only)."""
    return [_Reach(p) for _, p in _PATTERNS]


def _literal_words(pattern: str) -> set[str]:
    out: set[str] = set()
    for item in pattern.split():
        words, wild, _ = _expand_item(item)
        for w in words:
            out.update(w.split())
    return out


# Severity words: harm named anywhere in a message that a rule flagged.
_SEVERITY_WORDS: dict[str, frozenset[str]] = {
    tag: frozenset(
        r["word"]
        for r in lexicons.read_tsv("severity_words.tsv", "rules")
        if r["severity"] == tag
    )
    for tag in dict.fromkeys(
        r["severity"] for r in lexicons.read_tsv("severity_words.tsv", "rules")
    )
}

# Punctuation that separates words for the trigger check and severity words.
_SPLIT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~"})
_SPACY_SPLIT = str.maketrans({c: " " for c in ":-_/"})
# an opening single quote glued to a word ("'ik ga je ...'")
_OPEN_QUOTE = re.compile(r"(?<!\S)'(?=\w)")


class ThreatRules:
    """Dutch threat rules on the tokens of ``spacy.blank("nl")``.

    The tokenizer (:class:`~hatewatch.classifiers.tokenizer.DutchTokenizer`,
    spaCy's tokens without spaCy) and the pattern tables are built on first
    use, so creating the object is cheap; spaCy is never imported.

    Examples
    --------
    >>> rules = ThreatRules()
    >>> [h.rule for h in rules.hit("@Jan ik steek je morgen neer")]
    ['intent_harm_verb']
    >>> rules.hit("kut, trein weer vertraagd")
    []
    >>> rules.severity("ik weet waar je kinderen op school zitten")
    ('family', 'home')
    """

    def __init__(self) -> None:
        self._by_id = {r.id: r for r in _RULES}
        self._tok: DutchTokenizer | None = None
        self._reach: list[_Reach] = []
        self._pos_index = _build_index(positive=True)
        self._guard_index = _build_index(positive=False)
        self._triggers = frozenset(self._pos_index)

    @property
    def rules(self) -> list[str]:
        """Ids of all rules, positive rules first, guards last."""
        return [r.id for r in _RULES]

    def trigger_words(self) -> frozenset[str]:
        """Words of which a normalised message must contain one for any
        positive rule to fire (split on spaces and punctuation, as
        :meth:`hits` does): a message without them needs no rule run."""
        return self._triggers

    def describe(self, rule: str) -> str:
        """One-line description of a rule id."""
        return self._by_id[rule].description

    def _ensure(self) -> DutchTokenizer:
        if self._tok is None:
            self._reach = _reaches()
            self._tok = DutchTokenizer()
            logger.debug("built threat rules: %d patterns", len(self._reach))
        return self._tok

    def _candidates(self, norm: str) -> tuple[list[int], set[str]]:
        """Positive patterns possible for a normalised message, and its words."""
        words = norm.translate(_SPLIT).split()
        if self._triggers.isdisjoint(words):
            return [], set()
        present = set(words)
        return _possible(self._pos_index, present), present

    def _triggered(self, norm: str) -> bool:
        return bool(self._candidates(norm)[0])

    def _match_one(
        self, lower: list[str], todo: list[int]
    ) -> dict[str, tuple[int, int]]:
        best: dict[str, tuple[int, int]] = {}
        for i in todo:
            rid = _PATTERNS[i][0].id
            for start, end in self._windowed(i, lower):
                # keep the shortest span per rule: the most specific evidence
                prev = best.get(rid)
                if prev is None or (end - start) < (prev[1] - prev[0]):
                    best[rid] = (start, end)
        return best

    def _windowed(self, i: int, lower: list[str]) -> Iterator[tuple[int, int]]:
        """Matches of pattern ``i`` in a message's lower-case tokens.

        A match spans at most ``limit`` tokens and contains a token of the
        pattern's rarest required item, and one of its second rarest: only
        the merged windows of ``limit`` tokens either side of each such token
        that has the second item within reach are searched, with
        :meth:`_Reach.matches`. The result equals spaCy's ``Matcher`` with the
        patterns of :func:`_compile` on the whole message, matches and order
        (tested), and is far faster: the Matcher's ``{0,N}`` wildcards cost
        about a millisecond per token.
        """
        reach = self._reach[i]
        first, second, limit = reach.first, reach.second, reach.limit
        intervals: list[list[int]] = []
        for k, word in enumerate(lower):
            if word not in first:
                continue
            lo, hi = max(0, k - limit + 1), min(len(lower), k + limit)
            if second is not None and second.isdisjoint(lower[lo:hi]):
                continue
            if intervals and lo <= intervals[-1][1]:
                intervals[-1][1] = hi
            else:
                intervals.append([lo, hi])
        for lo, hi in intervals:
            yield from reach.matches(lower, lo, hi)

    def _match(
        self,
        text: str,
        tokens: list[tuple[str, int]],
        todo: list[int],
        present: set[str],
    ) -> list[RuleHit]:
        # the patterns match on lower case (spaCy's LOWER attribute)
        lower = [t.lower() for t, _ in tokens]
        best = self._match_one(lower, todo)
        if not best:
            return []
        # guards only matter next to a positive hit
        best.update(self._match_one(lower, _possible(self._guard_index, present)))
        hits = []
        for r in _RULES:  # stable order: rule definition order
            if r.id in best:
                s, e = best[r.id]
                last, last_at = tokens[e - 1]
                span = text[tokens[s][1] : last_at + len(last)]  # spaCy's Span.text
                sev = r.severity
                if r.weight > 0:
                    sev = _severities(set(span.split()), sev)
                hits.append(RuleHit(r.id, r.description, span, r.weight, sev))
        return hits

    def hits(
        self, texts: Sequence[str], *, normalized: bool = False
    ) -> list[list[RuleHit]]:
        """Rule hits for many messages.

        Parameters
        ----------
        texts : sequence of str
            Raw messages (normalised here), or already normalised ones with
            ``normalized=True`` to skip that step.
        normalized : bool, default False
            Set when ``texts`` are outputs of :func:`hatewatch.text.normalize`.

        Returns
        -------
        list of list of RuleHit
            One list per message, in rule order; empty when no positive rule
            fired (guards are only reported next to a positive hit).
        """
        norms = list(texts) if normalized else [normalize(t) for t in texts]
        result: list[list[RuleHit]] = [[] for _ in norms]
        todo: list[tuple[int, list[int], set[str]]] = []
        # a repeated message (retweets, copies) is matched once
        first: dict[str, int] = {}
        repeats: list[tuple[int, int]] = []
        for i, n in enumerate(norms):
            j = first.setdefault(n, i)
            if j != i:
                repeats.append((i, j))
                continue
            cands, present = self._candidates(n)
            if cands:
                todo.append((i, cands, present))
        if todo:
            tok = self._ensure()
            for i, cands, present in todo:
                text = _for_spacy(norms[i])
                result[i] = self._match(text, tok.tokens(text), cands, present)
        for i, j in repeats:
            result[i] = list(result[j])
        return result

    def hit(self, text: str) -> list[RuleHit]:
        """Rule hits for one raw message (see :meth:`hits`)."""
        return self.hits([text])[0]

    def harm_named(self, text: str) -> tuple[str, ...]:
        """Kinds of harm whose words occur in a message, whether or not a rule fired.

        Cheap (no tokenizer): a word-list lookup on the normalised text. Never
        returns ``"call_to_action"`` (that needs a rule). Used to rank messages
        flagged by the classifier's probability alone.

        Examples
        --------
        >>> ThreatRules().harm_named("die kogel is voor je dochter")
        ('death', 'weapon', 'family')
        """
        return _severities(set(normalize(text).translate(_SPLIT).split()), ())

    def severity(self, text: str) -> tuple[str, ...]:
        """Kinds of harm named in a message, in :data:`SEVERITIES` order.

        The union of the severity tags of the positive rules that fired and of
        harm words found in the text (weapon, death, family, home address ...).
        Empty when no positive rule fired.
        """
        hits = self.hit(text)
        tags = {t for h in hits if h.weight > 0 for t in h.severity}
        if not tags and not any(h.weight > 0 for h in hits):
            return ()
        words = set(normalize(text).translate(_SPLIT).split())
        return _severities(words, tuple(tags))


def _severities(words: set[str], fixed: tuple[str, ...]) -> tuple[str, ...]:
    """Fixed tags plus those whose harm words occur, in SEVERITIES order."""
    tags = set(fixed)
    for tag, vocab in _SEVERITY_WORDS.items():
        if not vocab.isdisjoint(words):
            tags.add(tag)
    return tuple(s for s in SEVERITIES if s in tags)


def _for_spacy(norm: str) -> str:
    """Text handed to the tokenizer: emoji names, hyphens, quotes split off."""
    norm = norm.translate(_SPACY_SPLIT)
    if "'" in norm:
        norm = _OPEN_QUOTE.sub("' ", norm)
    return norm
