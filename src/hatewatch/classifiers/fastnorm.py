"""Token-cached text normalisation for fast scoring.

:func:`hatewatch.text.normalize` runs a dozen regular expressions over every
message (about 100 µs each); that alone is slower than everything else the
classifier does. Almost all of its steps only look inside one
whitespace-separated word (Unicode folding, mentions, URLs, hashtags, lower
case, emoji names, obfuscation, elongation), so a message's normalised form
is the normalised form of each word joined by single spaces, and a word is
normalised once and then taken from a cache. Dutch vocabulary is Zipfian, so
the cache answers nearly every word of a new message.

The one step that reaches across words is the joining of spaced-out letters
(``k a n k e r``). Messages in which a run of three or more isolated
characters crosses a space are therefore sent to ``normalize`` whole. The
result equals ``normalize(text)`` (checked by the unit tests on generated
strings and on every annotated message) except where ``normalize`` itself
depends on other words: an ``@`` after a symbol (``"*@fmaken"``) is read as
obfuscation only if the message's obfuscation check fires elsewhere; the
cache reads each word on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from hatewatch.text import _has_triple

__all__ = ["CachedNormalizer"]

#: Three or more isolated characters (each neither preceded nor followed by a
#: letter or digit) separated by whitespace or . _ -, a hashtag sign allowed:
#: the shape of a spaced-out word. A superset of what ``normalize`` joins.
_SPACED_RISK = re.compile(r"(?<![^\W_])#*\S(?:(?:\s+|[._-])#*\S(?![^\W_])){2,}")

MAX_CACHE = 200_000


def _single(c: str) -> bool:
    return c.isalnum() or c in "$*!|\u20ac"


def _crosses_words(text: str) -> bool:
    """Whether ``text`` may hold spaced-out letters across a space."""
    for m in _SPACED_RISK.finditer(text):
        if any(c.isspace() for c in m.group()):
            return True
    return False


class CachedNormalizer:
    """Call a word-local normaliser once per distinct word.

    Parameters
    ----------
    normalize : callable, optional
        The normaliser (default :func:`hatewatch.text.normalize`).
    max_size : int
        Words kept in the cache; it is emptied when full.
    """

    def __init__(
        self,
        normalize: Callable[[str], str] | None = None,
        max_size: int = MAX_CACHE,
        tokenize: Callable[[str], list[str]] | None = None,
    ) -> None:
        from hatewatch.text import normalize as default_normalize

        # words of plain lower-case letters skip the default normaliser,
        # which leaves them unchanged (tested); a custom one sees every word
        self._plain_words_unchanged = (
            normalize is None or normalize is default_normalize
        )
        if normalize is None:
            normalize = default_normalize
        self.normalize: Callable[[str], str] = normalize
        self.tokenize: Callable[[str], list[str]] = tokenize or str.split
        self.max_size = max_size
        self._cache: dict[str, tuple[str, bool, bool, list[str]]] = {}

    def __call__(self, text: str) -> str:
        """Normalised ``text``, equal to ``normalize(text)``."""
        return self.many([text])[0]

    def many(self, texts: Iterable[object]) -> list[str]:
        """Normalise many texts."""
        self.trim()
        cache = self._cache
        get = cache.get
        out = []
        for text in texts:
            if type(text) is not str:
                out.append(self.normalize(text))  # type: ignore[arg-type]
                continue
            parts = []
            prev_end = suspicious = False
            for word in text.split():
                entry = get(word)
                if entry is None:
                    entry = cache[word] = self._entry(word)
                norm, starts_single, ends_single, _ = entry
                if norm:
                    parts.append(norm)
                suspicious |= prev_end and starts_single
                prev_end = ends_single
            joined = " ".join(parts)
            if suspicious and self._needs_whole(text):
                out.append(self.normalize(text))
            else:
                out.append(joined)
        return out

    def trim(self) -> None:
        """Empty the word cache if it holds more than ``max_size`` words."""
        if len(self._cache) > self.max_size:
            self._cache.clear()

    def word(self, word: str) -> tuple[str, bool, bool, list[str]]:
        """One whitespace-free word's cache entry, computed on first use:
        ``(normalised word, may begin a run of isolated characters, may end
        one, tokens of the normalised word)``."""
        entry = self._cache.get(word)
        if entry is None:
            entry = self._cache[word] = self._entry(word)
        return entry

    def _entry(self, word: str) -> tuple[str, bool, bool, list[str]]:
        # whether the word may begin or end a run of isolated characters,
        # i.e. a spaced-out word could cross the space before or after it
        # checked on the raw word and on its normalised form, since folding
        # can drop invisible characters around a letter ("\u200bk" -> "k")
        if (
            self._plain_words_unchanged
            and len(word) > 1
            and word.isascii()
            and word.isalpha()
            and word.islower()
            and not _has_triple(word)
        ):
            # plain lower-case letters: no normalisation step applies, and
            # the word cannot begin or end a run of isolated characters
            return word, False, False, self.tokenize(word)
        norm = self.normalize(word)
        starts = ends = False
        for w in (word, norm):
            if w:
                # a run needs a letter, digit or $*!|€ (after any #) isolated
                # at the word's edge
                core = w.lstrip("#")
                starts |= (
                    bool(core)
                    and _single(core[0])
                    and (len(core) == 1 or not core[1].isalnum())
                )
                ends |= _single(w[-1]) and (len(w) == 1 or not w[-2].isalnum())
        return norm, starts, ends, self.tokenize(norm)

    def _needs_whole(self, text: str) -> bool:
        """Whether spaced-out letters may cross a space in ``text``."""
        if _crosses_words(text):
            return True
        joined = " ".join(self._cache[w][0] for w in text.split())
        return _crosses_words(joined)

    def normalize_and_tokenize(
        self, texts: Iterable[object]
    ) -> tuple[list[str], list[list[str]]]:
        """``normalize(text)`` and ``tokenize(normalize(text))`` for each text.

        Valid when ``tokenize`` never matches across a space: the tokens of
        the joined words are then the tokens of each word, cached with it.
        """
        self.trim()
        cache = self._cache
        get = cache.get
        norms: list[str] = []
        out: list[list[str]] = []
        for text in texts:
            if type(text) is not str:
                norm = self.normalize(text)  # type: ignore[arg-type]
                norms.append(norm)
                out.append(self.tokenize(norm))
                continue
            parts: list[str] = []
            tokens: list[str] = []
            extend = tokens.extend
            prev_end = suspicious = False
            for word in text.split():
                entry = get(word)
                if entry is None:
                    entry = cache[word] = self._entry(word)
                if entry[0]:
                    parts.append(entry[0])
                extend(entry[3])
                suspicious |= prev_end and entry[1]
                prev_end = entry[2]
            norm = " ".join(parts)
            if suspicious and self._needs_whole(text):
                norm = self.normalize(text)
                tokens = self.tokenize(norm)
            norms.append(norm)
            out.append(tokens)
        return norms, out
