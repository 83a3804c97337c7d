"""A fast bag-of-words featuriser: word 1-2-grams and per-token char n-grams.

Why not ``TfidfVectorizer``: it re-analyses every character n-gram of every
message, which makes it the bottleneck of scoring (about 3,000 messages/s on
one core). Here each message is tokenised once with one regular expression;
char n-grams are computed per *distinct token* and cached (Dutch vocabulary
is Zipfian, so almost every token of a new message was seen before), word
bigrams are matched with one vectorised ``searchsorted``, and the sparse
matrices are built from flat numpy index arrays. The weighting is the same as
scikit-learn's default TF-IDF (raw counts times smoothed idf, each block
L2-normalised), so the linear model on top behaves like the familiar one.

The vocabulary is learned from training data and saved as JSON: no hashing,
so every feature can be shown to a person in :meth:`explain`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import scipy.sparse as sp

#: Emoji names from ``normalize`` (``:mes:``), words (letters/digits, with
#: inner apostrophes or hyphens) or any single other non-space character
#: (emoji and punctuation carry signal: 🔪 💀 !). The ``@user`` and ``URL``
#: placeholders match outside the group, so they yield empty strings that are
#: dropped: whether a message has a mention says how it was collected (every
#: reply to a politician has one; the IMSyPP data has none), not what it is.
TOKEN_PATTERN = (
    r"@user(?!\w)|(?<!\w)URL(?!\w)"
    r"|(:[a-z]+:|[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s])"
)

#: Tokens added by ``tags`` start with this; they have no char n-grams.
TAG_PREFIX = "⟨lex:"

#: Cap on cached distinct tokens; the cache is cleared when it grows past it
#: so memory stays flat on a stream of ten million messages.
MAX_CACHE = 200_000


def _char_ngrams(token: str, lo: int, hi: int) -> list[str]:
    padded = f" {token} "
    n_chars = len(padded)
    out: list[str] = []
    for n in range(lo, min(hi, n_chars) + 1):
        out.extend(padded[i : i + n] for i in range(n_chars - n + 1))
    return out


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def _unused_l2_normalize(x: sp.csr_matrix) -> sp.csr_matrix:
    sq = np.add.reduceat(x.data**2, x.indptr[:-1]) if x.nnz else np.zeros(0)
    counts = np.diff(x.indptr)
    norms = np.zeros(x.shape[0])
    nonempty = counts > 0
    # reduceat on an empty row repeats the next value; mask those rows out
    norms[nonempty] = np.sqrt(sq[nonempty])
    norms[norms == 0.0] = 1.0
    x.data /= np.repeat(norms, counts)
    return x


class TextFeaturizer:
    """Turn normalised texts into two L2-normalised TF-IDF blocks.

    Parameters
    ----------
    char_range : tuple of int
        Smallest and largest char n-gram, taken inside each token padded
        with one space on both sides (like ``analyzer="char_wb"``).
    min_df : int
        Features seen in fewer training messages are dropped.
    max_char_features : int or None
        Keep at most this many char n-grams (the most frequent).
    min_groups : int
        With groups given to :meth:`fit`, drop features seen in fewer groups.
    split_glued : bool
        An out-of-vocabulary word that is two or three known words glued
        together (``gadood``, ``jezoon``, ``zouallang``: a spacing trick or a
        typo) also counts as those words in the word block. Its char n-grams
        are kept as they are. See :func:`split_glued`.
    token_map : dict of str to str, optional
        Tokens replaced before features: person names, gendered words and
        identity terms to placeholders (see
        :func:`hatewatch.classifiers.masking.token_map`); an empty
        replacement drops the token.
    tags : dict of str to tuple of str, optional
        Extra tokens added after a token (lexicon categories such as
        ``⟨lex:ETH⟩``, :func:`hatewatch.classifiers.masking.lexicon_tags`);
        tags have no char n-grams.
    """

    def __init__(
        self,
        char_range: tuple[int, int] = (2, 5),
        min_df: int = 2,
        max_char_features: int | None = 200_000,
        min_groups: int = 1,
        split_glued: bool = False,
        token_map: dict[str, str] | None = None,
        tags: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.token_map = dict(token_map or {})
        self.tags = {k: tuple(v) for k, v in (tags or {}).items()}
        self.char_range = (int(char_range[0]), int(char_range[1]))
        self.min_df = int(min_df)
        self.min_groups = int(min_groups)
        self.split_glued = bool(split_glued)
        self.max_char_features = max_char_features
        self._token_re = re.compile(TOKEN_PATTERN)
        self._reset_cache()

    # ------------------------------------------------------------------ fit
    def fit(
        self, texts: Sequence[str], groups: Sequence[object] | None = None
    ) -> TextFeaturizer:
        """Learn vocabularies and idf weights from normalised ``texts``.

        With ``groups`` (e.g. the template or thread of each message) and
        ``min_groups > 1``, a feature must also occur in that many groups:
        a phrase that only one template uses is that template's fingerprint,
        not evidence that carries over to new messages.
        """
        token_lists = [self.tokenize(t) for t in texts]
        n_docs = len(token_lists)
        word_df: Counter[str] = Counter()
        bigram_df: Counter[str] = Counter()
        char_df: Counter[str] = Counter()
        lo, hi = self.char_range
        char_cache: dict[str, list[str]] = {}
        per_group: dict[object, list[set[str]]] = {}
        for i, toks in enumerate(token_lists):
            w = set(toks)
            plain = [t for t in toks if not t.startswith(TAG_PREFIX)]
            b = {f"{a} {b}" for a, b in zip(plain, plain[1:], strict=False)}
            grams: set[str] = set()
            for tok in w:
                cached = char_cache.get(tok)
                if cached is None:
                    cached = char_cache[tok] = _char_ngrams(tok, lo, hi)
                grams.update(cached)
            word_df.update(w)
            bigram_df.update(b)
            char_df.update(grams)
            if groups is not None and self.min_groups > 1:
                sets = per_group.setdefault(groups[i], [set(), set(), set()])
                sets[0] |= w
                sets[1] |= b
                sets[2] |= grams
        spread: list[Counter[str] | None] = [None, None, None]
        if per_group:
            counters: list[Counter[str]] = [Counter(), Counter(), Counter()]
            for sets in per_group.values():
                for k in range(3):
                    counters[k].update(sets[k])
            spread = list(counters)

        def keep(k: int, feature: str, df: int) -> bool:
            counts = spread[k]
            return df >= self.min_df and (
                counts is None or counts[feature] >= self.min_groups
            )

        words = sorted(w for w, c in word_df.items() if keep(0, w, c))
        word_index = {w: i for i, w in enumerate(words)}
        bigrams = sorted(
            b
            for b, c in bigram_df.items()
            if keep(1, b, c) and all(p in word_index for p in b.split(" "))
        )
        chars = [g for g, c in char_df.items() if keep(2, g, c)]
        if self.max_char_features is not None and len(chars) > self.max_char_features:
            # ties broken by the string itself so the result is deterministic
            chars.sort(key=lambda g: (-char_df[g], g))
            chars = chars[: self.max_char_features]
        chars.sort()
        self.set_vocabulary(
            words=words,
            bigrams=bigrams,
            chars=chars,
            word_idf=_idf(np.array([word_df[w] for w in words], float), n_docs),
            bigram_idf=_idf(np.array([bigram_df[b] for b in bigrams], float), n_docs),
            char_idf=_idf(np.array([char_df[g] for g in chars], float), n_docs),
        )
        return self

    def set_vocabulary(
        self,
        *,
        words: list[str],
        bigrams: list[str],
        chars: list[str],
        word_idf: np.ndarray,
        bigram_idf: np.ndarray,
        char_idf: np.ndarray,
    ) -> None:
        """Install a learned vocabulary (used by :meth:`fit` and by loading)."""
        self.words_ = list(words)
        self.bigrams_ = list(bigrams)
        self.chars_ = list(chars)
        self._word_index = {w: i for i, w in enumerate(self.words_)}
        self._char_index = {g: i for i, g in enumerate(self.chars_)}
        n_words = len(self.words_)
        # a bigram is the pair (id_a, id_b) packed into one int64 key; keys
        # are sorted so a batch is matched with a single searchsorted
        keys = np.array(
            [
                self._word_index[a] * n_words + self._word_index[b]
                for a, b in (g.split(" ") for g in self.bigrams_)
            ],
            dtype=np.int64,
        )
        order = np.argsort(keys, kind="stable")
        self._bigram_keys = keys[order]
        self._bigram_cols = (n_words + order).astype(np.int64)
        self.word_idf_ = np.concatenate(
            [np.asarray(word_idf, float), np.asarray(bigram_idf, float)]
        )
        self.char_idf_ = np.asarray(char_idf, float)
        self._reset_cache()

    @property
    def n_word_features(self) -> int:
        """Width of the word block (unigrams then bigrams)."""
        return len(self.words_) + len(self.bigrams_)

    @property
    def n_char_features(self) -> int:
        """Width of the char n-gram block."""
        return len(self.chars_)

    def feature_names(self) -> list[str]:
        """Readable names: ``w:word``, ``w:word word``, ``c:'gram'``."""
        return (
            [f"w:{w}" for w in self.words_]
            + [f"w:{b}" for b in self.bigrams_]
            + [f"c:{g!r}" for g in self.chars_]
        )

    def to_json(self) -> dict[str, Any]:
        """The vocabulary and idf weights as JSON-serialisable data."""
        n_words = len(self.words_)
        return {
            "token_pattern": TOKEN_PATTERN,
            "char_range": list(self.char_range),
            "min_df": self.min_df,
            "max_char_features": self.max_char_features,
            "min_groups": self.min_groups,
            "split_glued": self.split_glued,
            **({"token_map": self.token_map} if self.token_map else {}),
            **(
                {"tags": {k: list(v) for k, v in self.tags.items()}}
                if self.tags
                else {}
            ),
            "words": self.words_,
            "bigrams": self.bigrams_,
            "chars": self.chars_,
            "word_idf": self.word_idf_[:n_words].tolist(),
            "bigram_idf": self.word_idf_[n_words:].tolist(),
            "char_idf": self.char_idf_.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextFeaturizer:
        """Rebuild a fitted featuriser from :meth:`to_json` output."""
        if data.get("token_pattern") != TOKEN_PATTERN:
            raise ValueError("the saved token pattern differs from this version's")
        feat = cls(
            char_range=tuple(data["char_range"]),
            min_df=data["min_df"],
            max_char_features=data["max_char_features"],
            min_groups=data.get("min_groups", 1),
            split_glued=data.get("split_glued", False),
            token_map=data.get("token_map"),
            tags=data.get("tags"),
        )
        feat.set_vocabulary(
            words=data["words"],
            bigrams=data["bigrams"],
            chars=data["chars"],
            word_idf=np.array(data["word_idf"], float),
            bigram_idf=np.array(data["bigram_idf"], float),
            char_idf=np.array(data["char_idf"], float),
        )
        return feat

    # ------------------------------------------------------------ transform
    def _reset_cache(self) -> None:
        # token -> (word id or -1, char feature ids with repeats, word ids of
        # the parts of a glued token)
        self._cache: dict[str, tuple[int, np.ndarray, list[int]]] = {}
        self._bound: _BoundTable | None = None

    def _token_entry(self, tok: str) -> tuple[int, np.ndarray, list[int]]:
        idx = self._char_index
        lo, hi = self.char_range
        if tok.startswith(TAG_PREFIX):
            return self._word_index.get(tok, -1), np.zeros(0, dtype=np.int64), []
        ids = [idx[g] for g in _char_ngrams(tok, lo, hi) if g in idx]
        wid = self._word_index.get(tok, -1)
        parts: list[int] = []
        if wid < 0 and self.split_glued:
            parts = [self._word_index[w] for w in split_glued(tok, self._word_index)]
        return wid, np.array(ids, dtype=np.int64), parts

    def tokenize(self, text: str) -> list[str]:
        """Tokens of one normalised text, as the featuriser sees them.

        With a ``token_map`` names, gendered words and identity terms become
        placeholders; with ``tags`` lexicon words are followed by their tags.
        """
        toks = [t for t in self._token_re.findall(text) if t]
        if not (self.token_map or self.tags):
            return toks
        out: list[str] = []
        get_map, get_tags = self.token_map.get, self.tags.get
        for t in toks:
            mapped = get_map(t, t)
            if mapped:  # an empty placeholder drops the token
                out.append(mapped)
            extra = get_tags(t)
            if extra:
                out.extend(extra)
        return out

    def _flat_tokens(
        self, texts: Iterable[str] | None, token_lists: list[list[str]] | None = None
    ) -> tuple[list[str], np.ndarray, int]:
        if token_lists is None:
            tokenize = self.tokenize
            token_lists = [tokenize(t) for t in texts or ()]
        n_docs = len(token_lists)
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n_docs)
        flat = list(chain.from_iterable(token_lists))
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        return flat, doc_of, n_docs

    def _bigram_hits(
        self, wid: np.ndarray, doc_of: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns (in the word block) of in-vocabulary bigrams.

        ``wid`` is -2 for tag tokens, which are skipped (they sit between
        the words of a bigram).
        """
        skip = wid == -2
        if skip.any():
            wid, doc_of = wid[~skip], doc_of[~skip]
        if len(wid) < 2 or not len(self._bigram_keys):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        same = (doc_of[:-1] == doc_of[1:]) & (wid[:-1] >= 0) & (wid[1:] >= 0)
        left = np.flatnonzero(same)
        keys = wid[left] * len(self.words_) + wid[left + 1]
        hit = np.searchsorted(self._bigram_keys, keys)
        hit[hit == len(self._bigram_keys)] = 0
        found = self._bigram_keys[hit] == keys
        return doc_of[left[found]], self._bigram_cols[hit[found]]

    def transform(self, texts: Iterable[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Return the word block and the char block for normalised ``texts``.

        Each block is TF-IDF weighted and divided by a per-message norm: the
        square root of the sum, over token occurrences, of each token's
        squared TF-IDF norm (plus bigrams in the word block). This equals the
        L2 norm when no two distinct tokens of a message share a feature, and
        it makes every score a sum over tokens, which is what lets
        :meth:`decision_scores` be computed from a per-token cache.
        """
        flat, doc_of, n_docs = self._flat_tokens(texts)
        cache = self._cache
        if len(cache) > MAX_CACHE:
            cache.clear()
        entries = []
        for tok in flat:
            entry = cache.get(tok)
            if entry is None:
                entry = cache[tok] = self._token_entry(tok)
            entries.append(entry)
        n = len(flat)
        wid = np.fromiter((e[0] for e in entries), dtype=np.int64, count=n)
        n_grams = np.fromiter((len(e[1]) for e in entries), dtype=np.int64, count=n)
        char_ids = np.concatenate([e[1] for e in entries]) if n else np.zeros(0, int)
        n_parts = np.fromiter((len(e[2]) for e in entries), dtype=np.int64, count=n)
        part_ids = np.fromiter(
            chain.from_iterable(e[2] for e in entries),
            dtype=np.int64,
            count=int(n_parts.sum()),
        )

        x_char = sp.csr_matrix(
            (np.ones(len(char_ids)), (np.repeat(doc_of, n_grams), char_ids)),
            shape=(n_docs, self.n_char_features),
        )
        x_char.sum_duplicates()
        x_char.data *= self.char_idf_[x_char.indices]
        # per-token squared norms, summed per message
        tok_sq = _token_sq_norms(char_ids, n_grams, self.char_idf_)
        _scale_rows(x_char, np.bincount(doc_of, weights=tok_sq, minlength=n_docs))

        known = wid >= 0
        wid_b = wid
        if self.tags:
            is_tag = np.fromiter(
                (t.startswith(TAG_PREFIX) for t in flat), dtype=bool, count=n
            )
            wid_b = np.where(is_tag, -2, wid)
        b_rows, b_cols = self._bigram_hits(wid_b, doc_of)
        rows = np.concatenate([doc_of[known], np.repeat(doc_of, n_parts), b_rows])
        cols = np.concatenate([wid[known], part_ids, b_cols])
        x_word = sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n_docs, self.n_word_features)
        )
        x_word.sum_duplicates()
        x_word.data *= self.word_idf_[x_word.indices]
        sq = self.word_idf_[cols] ** 2
        _scale_rows(x_word, np.bincount(rows, weights=sq, minlength=n_docs))
        return x_word, x_char

    def bind(self, coef_word: np.ndarray, coef_char: np.ndarray) -> None:
        """Precompute per-token scores for a linear model with these weights.

        ``coef_word`` is (n_classes, n_word_features) and ``coef_char``
        (n_classes, n_char_features); :meth:`decision_scores` then returns
        ``x_word @ coef_word.T + x_char @ coef_char.T`` without building
        ``x_char`` at all.
        """
        self._bound = _BoundTable(
            self,
            np.ascontiguousarray(coef_word, float),
            np.ascontiguousarray(coef_char, float),
        )

    def decision_scores(
        self,
        texts: Iterable[str] | None = None,
        *,
        tokens: list[list[str]] | None = None,
    ) -> np.ndarray:
        """Linear scores of the bound model, computed from the token cache.

        Pass normalised ``texts``, or their ``tokens`` (as :meth:`tokenize`
        gives them) if they are already known.
        """
        if self._bound is None:
            raise RuntimeError("call bind() with model weights first")
        return self._bound.scores(texts, tokens)

    def decision_scores_raw(self, texts: Sequence[str], normalizer: Any) -> np.ndarray:
        """Linear scores of the bound model for *raw* texts.

        Equal to ``decision_scores(tokens=normalizer.normalize_and_tokenize(texts)[1])``
        but faster: each distinct raw word is mapped once to the score-table
        rows of its tokens, so a known word costs one dictionary look-up.

        Parameters
        ----------
        texts : sequence of str
            Raw messages (strings only).
        normalizer : CachedNormalizer
            Supplies the per-word normalisation and the whole-text fallback
            (see :mod:`hatewatch.classifiers.fastnorm`).
        """
        if self._bound is None:
            raise RuntimeError("call bind() with model weights first")
        return self._bound.scores_raw(texts, normalizer)


#: Shortest part :func:`split_glued` accepts ("je", "ga", "ik" are common).
MIN_PART = 2
#: Shortest token :func:`split_glued` tries to split.
MIN_GLUED = 5


def split_glued(token: str, vocabulary: dict[str, int] | set[str]) -> list[str]:
    """Split an out-of-vocabulary ``token`` into two or three known words.

    Returns ``[]`` when the token is known, too short, not purely alphabetic,
    or has no split whose parts are all in ``vocabulary``. Among two-part
    splits the most balanced one wins (the longest shorter part; ties go to
    the longer first part); three parts are tried only when no two-part split
    exists.

    Examples
    --------
    >>> split_glued("gadood", {"ga", "dood", "gaat"})
    ['ga', 'dood']
    >>> split_glued("zouallangzijn", {"zou", "allang", "zijn"})
    ['zou', 'allang', 'zijn']
    >>> split_glued("dood", {"dood"})
    []
    """
    if token in vocabulary or len(token) < MIN_GLUED or not token.isalpha():
        return []
    best: list[str] = []
    best_key = (0, 0)
    for i in range(MIN_PART, len(token) - MIN_PART + 1):
        left, right = token[:i], token[i:]
        if left in vocabulary and right in vocabulary:
            key = (min(len(left), len(right)), len(left))
            if key > best_key:
                best, best_key = [left, right], key
    if best:
        return best
    for i in range(MIN_PART, len(token) - 2 * MIN_PART + 1):
        left = token[:i]
        if left not in vocabulary:
            continue
        rest = token[i:]
        for j in range(MIN_PART, len(rest) - MIN_PART + 1):
            if rest[:j] in vocabulary and rest[j:] in vocabulary:
                return [left, rest[:j], rest[j:]]
    return []


def _token_sq_norms(
    char_ids: np.ndarray, n_grams: np.ndarray, idf: np.ndarray
) -> np.ndarray:
    """Squared TF-IDF norm of each token occurrence's char n-gram vector.

    Repeats inside a token count (``"haha"`` holds `` h`` once, ``ha`` twice),
    so the norm is over counts: sum of (count * idf)^2 per distinct gram.
    """
    tok_of = np.repeat(np.arange(len(n_grams)), n_grams)
    key = tok_of * (len(idf) + 1) + char_ids
    uniq, counts = np.unique(key, return_counts=True)
    vals = (counts * idf[uniq % (len(idf) + 1)]) ** 2
    return np.bincount(uniq // (len(idf) + 1), weights=vals, minlength=len(n_grams))


def _scale_rows(x: sp.csr_matrix, sq_norms: np.ndarray) -> None:
    norms = np.sqrt(sq_norms)
    norms[norms == 0.0] = 1.0
    x.data /= np.repeat(norms, np.diff(x.indptr))


class _BoundTable:
    """Per-token score table for one set of linear weights.

    Row ``i`` of ``table`` holds, for one distinct token: its word score
    vector (unigram idf x weights), its squared word idf, its char score
    vector and its squared char norm. A message's scores are then sums of
    rows, divided by the square roots of the summed squared norms.
    """

    def __init__(
        self, feat: TextFeaturizer, coef_word: np.ndarray, coef_char: np.ndarray
    ) -> None:
        self.feat = feat
        self.coef_word = coef_word
        self.coef_char = coef_char
        self.k = coef_word.shape[0]
        # weights pre-multiplied by idf: a feature's score is count * idf * w
        self.word_w = (coef_word * feat.word_idf_).T.copy()  # (n_word, k)
        self.char_w = (coef_char * feat.char_idf_).T.copy()  # (n_char, k)
        self.index: dict[str, int] = {}
        self.table = np.zeros((1024, 2 * self.k + 3))
        self.size = 0
        # raw word -> (table rows of its tokens, normalised word, may start a
        # spaced-out run, may end one); emptied whenever the table is
        self.words: dict[str, tuple[list[int], str, bool, bool]] = {}

    def _add(self, tokens: list[str]) -> None:
        feat = self.feat
        k = self.k
        need = self.size + len(tokens)
        if need > MAX_CACHE:
            self.index.clear()
            self.words.clear()
            self.size = 0
            need = len(tokens)
        if need > len(self.table):
            grown = np.zeros((max(need, 2 * len(self.table)), 2 * k + 3))
            grown[: self.size] = self.table[: self.size]
            self.table = grown
        entries = [feat._token_entry(t) for t in tokens]
        n = len(tokens)
        wid = np.fromiter((e[0] for e in entries), dtype=np.int64, count=n)
        n_grams = np.fromiter((len(e[1]) for e in entries), dtype=np.int64, count=n)
        char_ids = np.concatenate([e[1] for e in entries]) if n else np.zeros(0, int)
        rows = self.table[self.size : self.size + n]
        rows[:] = 0.0
        known = wid >= 0
        rows[known, 0] = wid[known]
        rows[~known, 0] = -1
        rows[known, 1 : k + 1] = self.word_w[wid[known]]
        rows[known, k + 1] = feat.word_idf_[wid[known]] ** 2
        for i, e in enumerate(entries):
            for part in e[2]:
                rows[i, 1 : k + 1] += self.word_w[part]
                rows[i, k + 1] += feat.word_idf_[part] ** 2
        for i, tok in enumerate(tokens):
            if tok.startswith(TAG_PREFIX):
                rows[i, 0] = -2  # no bigrams across a tag
        tok_of = np.repeat(np.arange(n), n_grams)
        for j in range(k):
            rows[:, k + 2 + j] = np.bincount(
                tok_of, weights=self.char_w[char_ids, j], minlength=n
            )
        rows[:, 2 * k + 2] = _token_sq_norms(char_ids, n_grams, feat.char_idf_)
        for i, tok in enumerate(tokens, start=self.size):
            self.index[tok] = i
        self.size += n

    def scores(
        self, texts: Iterable[str] | None, tokens: list[list[str]] | None
    ) -> np.ndarray:
        flat, doc_of, n_docs = self.feat._flat_tokens(texts, tokens)
        pos = np.fromiter(
            map(self.index.get, flat, repeat(-1, len(flat))),
            dtype=np.int64,
            count=len(flat),
        )
        missing = np.flatnonzero(pos < 0)
        if len(missing):
            new = list(dict.fromkeys(flat[i] for i in missing))
            if self.size + len(new) > MAX_CACHE:
                self.index.clear()
                self.words.clear()
                self.size = 0
                new = list(dict.fromkeys(flat))
                missing = np.arange(len(flat))
            self._add(new)
            idx = self.index
            pos[missing] = [idx[flat[i]] for i in missing]
        return self._scores_at(pos, doc_of, n_docs)

    def scores_raw(self, texts: Sequence[str], normalizer: Any) -> np.ndarray:
        """Scores of raw texts; see :meth:`TextFeaturizer.decision_scores_raw`."""
        from hatewatch.classifiers.fastnorm import _crosses_words

        if len(self.words) > MAX_CACHE:
            self.words.clear()
        words = self.words
        index = self.index
        get = words.get
        pending: dict[str, int] = {}  # new tokens -> the row they will get
        # words are normalised through the normaliser's own cache, so that
        # normalising the same texts again (the threat rules do, when
        # flagging) finds them there
        normalizer.trim()

        def rows_of(tokens: list[str]) -> list[int]:
            out = []
            for tok in tokens:
                i = index.get(tok)
                if i is None:
                    i = pending.get(tok)
                    if i is None:
                        i = pending[tok] = self.size + len(pending)
                out.append(i)
            return out

        pos: list[int] = []
        lengths: list[int] = []
        for text in texts:
            start = len(pos)
            prev_end = suspicious = False
            split = text.split()
            for word in split:
                e = get(word)
                if e is None:
                    norm, starts, ends, toks = normalizer.word(word)
                    e = words[word] = (rows_of(toks), norm, starts, ends)
                pos.extend(e[0])
                suspicious |= prev_end and e[2]
                prev_end = e[3]
            if suspicious and (
                _crosses_words(text)
                or _crosses_words(" ".join(words[w][1] for w in split))
            ):
                del pos[start:]
                pos.extend(rows_of(normalizer.tokenize(normalizer.normalize(text))))
            lengths.append(len(pos) - start)
        if self.size + len(pending) > MAX_CACHE:
            # the new tokens do not fit: start afresh, through the plain path
            self.index.clear()
            self.words.clear()
            self.size = 0
            return self.scores(None, normalizer.normalize_and_tokenize(texts)[1])
        if pending:
            self._add(list(pending))
        n_docs = len(lengths)
        doc_of = np.repeat(
            np.arange(n_docs, dtype=np.int64), np.array(lengths, dtype=np.int64)
        )
        return self._scores_at(np.array(pos, dtype=np.int64), doc_of, n_docs)

    def _scores_at(
        self, pos: np.ndarray, doc_of: np.ndarray, n_docs: int
    ) -> np.ndarray:
        feat = self.feat
        k = self.k
        rows = self.table[pos]
        out = np.zeros((n_docs, k))
        word_sq = np.bincount(doc_of, weights=rows[:, k + 1], minlength=n_docs)
        char_sq = np.bincount(doc_of, weights=rows[:, 2 * k + 2], minlength=n_docs)
        wid = rows[:, 0].astype(np.int64)
        b_rows, b_cols = feat._bigram_hits(wid, doc_of)
        word_sq += np.bincount(
            b_rows, weights=feat.word_idf_[b_cols] ** 2, minlength=n_docs
        )
        word_norm = np.sqrt(word_sq)
        word_norm[word_norm == 0.0] = 1.0
        char_norm = np.sqrt(char_sq)
        char_norm[char_norm == 0.0] = 1.0
        b_w = self.word_w[b_cols]
        for j in range(k):
            w = np.bincount(doc_of, weights=rows[:, 1 + j], minlength=n_docs)
            w += np.bincount(b_rows, weights=b_w[:, j], minlength=n_docs)
            c = np.bincount(doc_of, weights=rows[:, k + 2 + j], minlength=n_docs)
            out[:, j] = w / word_norm + c / char_norm
        return out
