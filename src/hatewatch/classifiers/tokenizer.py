"""spaCy's Dutch tokenizer without spaCy: the same tokens, in pure Python.

The threat rules (:mod:`hatewatch.classifiers.rules`) match patterns on the
tokens of ``spacy.blank("nl")``. Building that tokenizer costs about a second
per process (importing spaCy, then loading its 4,670 special cases into a
vocabulary), more than flagging a whole file of ordinary messages, and every
new word it sees creates a vocabulary entry. :class:`DutchTokenizer` is a port
of the algorithm of spaCy 3's ``Tokenizer`` (``spacy/tokenizer.pyx``:
whitespace split, special cases, prefixes, suffixes, infixes, URLs and the
special-case matcher) working on the same tables, which
``scripts/build_tokenizer_tables.py`` exports from spaCy into
``resources/rules/tokenizer_nl.json``. Loading them takes milliseconds and
the tokens, with their character offsets, are spaCy's (the tests compare both
on thousands of real and generated messages).

Examples
--------
>>> tok = DutchTokenizer()
>>> tok.words("dat is m.a.w. onzin!!")
['dat', 'is', 'm.a.w.', 'onzin', '!', '!']
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

__all__ = ["DutchTokenizer", "tables"]

_TABLES = "tokenizer_nl.json"


@functools.cache
def tables() -> dict[str, Any]:
    """The tokenizer tables shipped with hatewatch (read once per process).

    Keys: ``spacy_version`` (the spaCy that exported them), ``prefix``,
    ``suffix``, ``infix`` and ``url`` (regular expressions), ``specials``
    (string -> the texts of its tokens) and ``matcher`` (special cases that
    affixes would split: string -> the tokens without special cases).
    """
    path = resources.files("hatewatch.resources").joinpath("rules", _TABLES)
    return json.loads(path.read_text(encoding="utf-8"))


# whitespace other than " " (spaCy's split uses str.isspace)
_OTHER_SPACE = re.compile(r"[^\S ]")


def _length(search: Callable[[str], re.Match[str] | None], s: str) -> int:
    m = search(s)
    return m.end() - m.start() if m is not None else 0


class DutchTokenizer:
    """Tokens of ``spacy.blank("nl")`` for any text, without spaCy.

    Parameters
    ----------
    data : dict, optional
        Tables as :func:`tables` returns them (the shipped ones by default).

    Notes
    -----
    Results per whitespace-separated chunk are cached, as spaCy does; the
    cache grows with the distinct chunks seen (tens of bytes each).
    """

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = tables() if data is None else data
        self._prefix = re.compile(data["prefix"]).search
        self._suffix = re.compile(data["suffix"]).search
        self._infix = re.compile(data["infix"]).finditer
        self._url = re.compile(data["url"]).match
        self._specials: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in data["specials"].items()
        }
        # special-case matcher: first token -> token sequences to look for
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for toks in data["matcher"].values():
            self._phrases.setdefault(toks[0], []).append(tuple(toks))
        self._cache: dict[str, tuple[str, ...]] = {}
        self._letters_plain = all(
            v == (k,) for k, v in self._specials.items() if k.isalpha() and k.isascii()
        )

    # ------------------------------------------------------------ public
    def words(self, text: str) -> list[str]:
        """Token texts of ``text`` (whitespace tokens included, as in spaCy)."""
        return [t for t, _ in self.tokens(text)]

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """``(token text, character offset)`` of each token of ``text``.

        The same tokens as ``[(t.text, t.idx) for t in nlp.make_doc(text)]``
        with ``nlp = spacy.blank("nl")``.
        """
        out = self._affix_tokens(text, specials=True)
        if self._phrases and out:
            out = self._apply_special_cases(text, out)
        return out

    # ------------------------------------------------------------ algorithm
    def _affix_tokens(self, text: str, *, specials: bool) -> list[tuple[str, int]]:
        """``Tokenizer._tokenize_affixes``: split at whitespace, then each
        chunk (a run of non-space characters, or of whitespace other than a
        single space) into tokens."""
        out: list[tuple[str, int]] = []
        if not text:
            return out
        chunk = self._chunk if specials else self._chunk_plain

        def place(span: str, pos: int) -> None:
            for tok in chunk(span):  # a chunk's tokens spell it, in order
                out.append((tok, pos))
                pos += len(tok)

        if text[0] != " " and "  " not in text and not _OTHER_SPACE.search(text):
            # the common case: words apart by single spaces
            pos = 0
            for part in text.split(" "):
                if part:
                    place(part, pos)
                pos += len(part) + 1
            return out
        start = 0
        in_ws = text[0].isspace()
        for i, c in enumerate(text):
            if c.isspace() != in_ws:
                if start < i:
                    place(text[start:i], start)
                start = i + 1 if c == " " else i
                in_ws = not in_ws
        if start < len(text):
            place(text[start:], start)
        return out

    def _chunk(self, span: str) -> tuple[str, ...]:
        """Tokens of one chunk: its special case, else prefixes, core, suffixes."""
        if self._letters_plain and span.isalpha() and span.isascii():
            # a word of ASCII letters is one token: no prefix, suffix or
            # infix expression matches letters alone (each needs a digit or
            # a punctuation mark or symbol), nor the URL one (it needs a
            # dot), and such special cases are the word itself (checked in
            # __init__; tests/unit/test_tokenizer.py tries every short word)
            return (span,)
        toks = self._specials.get(span)
        if toks is not None:
            return toks
        toks = self._cache.get(span)
        if toks is None:
            toks = self._split(span, specials=True)
            self._cache[span] = toks
        return toks

    def _chunk_plain(self, span: str) -> tuple[str, ...]:
        return self._split(span, specials=False)

    def _split(self, string: str, *, specials: bool) -> tuple[str, ...]:
        """``_split_affixes`` then ``_attach_tokens``."""
        spec = self._specials if specials else {}
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = 0
        while string and len(string) != last_size:
            if string in spec:
                break
            last_size = len(string)
            pre_len = _length(self._prefix, string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in spec:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = _length(self._suffix, string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in spec:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        out = prefixes
        if string:
            if string in spec:
                out.extend(spec[string])
            elif self._url(string):
                out.append(string)
            else:
                out.extend(self._infixed(string))
        out.extend(reversed(suffixes))
        return tuple(out)

    def _infixed(self, string: str) -> list[str]:
        out: list[str] = []
        start = 0
        for m in self._infix(string):
            i_start, i_end = m.start(), m.end()
            if i_start == 0:
                continue
            if i_start != start:
                out.append(string[start:i_start])
            if i_start != i_end:
                out.append(string[i_start:i_end])
            start = i_end
        if string[start:]:
            out.append(string[start:])
        return out

    def _apply_special_cases(
        self, text: str, toks: list[tuple[str, int]]
    ) -> list[tuple[str, int]]:
        """``_apply_special_cases``: token runs that spell a special case
        split by affixes become that special case's tokens."""
        phrases = self._phrases
        found: list[tuple[int, int]] = []
        n = len(toks)
        for i, (t, _) in enumerate(toks):
            cands = phrases.get(t)
            if cands is None:
                continue
            for p in cands:
                e = i + len(p)
                if e <= n and all(toks[i + k][0] == p[k] for k in range(1, len(p))):
                    found.append((i, e))
        if not found:
            return toks
        # spaCy: longest first, then leftmost; a match is kept unless its
        # first or last token is already taken (by any earlier match)
        found.sort(key=lambda se: (se[1] - se[0], -se[0]), reverse=True)
        seen: set[int] = set()
        kept: list[tuple[int, int]] = []
        for s, e in found:
            if s not in seen and (e - 1) not in seen:
                kept.append((s, e))
            seen.update(range(s, e))
        kept.sort()
        out: list[tuple[str, int]] = []
        i = 0
        by_start = dict(kept)
        while i < n:
            e = by_start.get(i)
            if e is None:
                out.append(toks[i])
                i += 1
                continue
            last, last_idx = toks[e - 1]
            start = toks[i][1]
            special = self._specials.get(text[start : last_idx + len(last)])
            if special is None:  # tokens apart in the text: left as they are
                out.extend(toks[i:e])
            else:
                pos = start
                for t in special:
                    out.append((t, pos))
                    pos += len(t)
            i = e
        return out
