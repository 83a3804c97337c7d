"""The default hatewatch classifier: fast bag of words + threat rules.

Features are word unigrams and bigrams and character n-grams inside tokens
(TF-IDF weighted, see :mod:`hatewatch.classifiers.features`), optionally plus
one indicator per threat rule (:mod:`hatewatch.classifiers.rules`) that
fired, so that the logistic regression learns how much each rule is worth
instead of trusting it blindly. The rules that fire are always reported by
:meth:`HatewatchClassifier.rule_hits` and :meth:`HatewatchClassifier.explain`.
Scores are temperature-scaled on a validation set. The label is the most
probable class (so label counts estimate prevalence); separately,
``threat_threshold_`` is a recall-favouring operating point on the calibrated
threat probability, chosen on validation data, that flagging uses
(:func:`hatewatch.flag_threats`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from hatewatch.classifiers.base import Explanation
from hatewatch.classifiers.calibration import CalibratedThreatModel, as_texts
from hatewatch.classifiers.fastnorm import CachedNormalizer
from hatewatch.classifiers.features import TAG_PREFIX, TextFeaturizer, _token_sq_norms
from hatewatch.labels import LABELS, check_label

__all__ = ["HatewatchClassifier", "DEFAULT_VERSION"]

log = logging.getLogger(__name__)

DEFAULT_VERSION = "hatewatch-nl-bow-0.3.0"

#: Sentence ends for sentence-level scoring: . ! ? … or a line break.
_SENT_HINT = re.compile(r"[.!?\u2026\n]\s*\S")
_SENT_SPLIT = re.compile(r"(?<=[.!?\u2026])\s+|\n+")
#: A sentence inside or with quotation marks (a quote or report of a threat).
_QUOTED = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]|(?<!\w)'|'(?!\w)")

#: Words of a message as written (whitespace-separated, like fastnorm's cache).
_RAW_WORD = re.compile(r"\S+")
# an "@" that does not start a word: normalize() may read it by other words
_AT_IN_WORD = re.compile(r"\S@")
#: Punctuation stripped from a word's ends when it is shown in an explanation.
_EDGE_PUNCT = "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~“”‘’«»…"

#: Scores are computed in chunks so memory stays flat for any input size.
_CHUNK = 20_000


class HatewatchClassifier(CalibratedThreatModel, ClassifierMixin, BaseEstimator):
    """Label Dutch messages as ``hate``, ``neutral`` or ``threat``.

    Parameters
    ----------
    C : float, default 1.0
        Inverse L2 regularisation strength of the logistic regression.
    char_range : tuple of int, default (3, 5)
        Smallest and largest character n-gram inside a token.
    min_df : int, default 2
        Drop features seen in fewer training messages.
    max_char_features : int, default 200_000
        Keep at most this many character n-grams (most frequent first).
    min_groups : int, default 2
        With ``groups`` passed to :meth:`fit`, drop features that occur in
        fewer groups (templates, threads): they fingerprint one group. (On
        the validation split this raised threat precision at 0.95 recall on
        unseen templates from 0.858 to 0.883.) No effect without groups.
    split_glued : bool, default True
        Count an unknown word that is known words glued together
        (``gadood`` -> ``ga`` + ``dood``) as those words too (see
        :func:`hatewatch.classifiers.features.split_glued`).
    use_rules : bool, default False
        Add one feature per threat rule that fired. Off by default: on the
        validation split it did not raise threat precision at the target
        recall, and the spaCy rules are far slower than the rest of the
        model (see the model card). :meth:`rule_hits` and :meth:`explain`
        report the rules either way.
    mask_tokens : bool, default True
        Map person names, gendered words (titles, pronouns, possessives,
        family nouns) and neutral identity-group words to placeholders
        before features (:mod:`hatewatch.classifiers.masking`), so the label
        cannot depend on who is named or addressed. New in model 0.3.0.
    lexicon_features : bool, default True
        Add a tag token after each word found in the shipped lexicons
        (GrofLex abuse categories, the threat rules' harm, death and weapon
        words), so lexicon words unseen in training still count.
    sentence_max : bool, default True
        For messages of two or more sentences, also score each sentence
        (three words or more, not quoted) and use the scores of the most
        threatening sentence when its own label is ``threat`` and its threat
        log-probability beats the whole message's, so a threat at the end
        of a long calm message counts.
    rule_scale : float, default 1.0
        Value of a rule feature when its rule fires.
    class_weight : "balanced" or None, default "balanced"
        Passed to the logistic regression.
    target_threat_recall : float, default 0.95
        ``threat_threshold_`` is the highest threshold that keeps threat
        recall on the calibration data at or above this.
    max_iter : int, default 3000
        Iterations of the L-BFGS solver.
    version : str, default "hatewatch-nl-bow-0.3.0"
        Name written to the ``model_version`` column of scored files.

    Attributes
    ----------
    classes_ : numpy.ndarray
        ``array(['hate', 'neutral', 'threat'])``.
    threat_threshold_ : float
        Recall-favouring operating threshold on the calibrated threat
        probability, used for flagging (not for :meth:`predict`).
    temperature_ : float
        Divides the scores before the softmax (1.0 without calibration data).
    calibration_ : dict
        Calibration measurements (negative log-likelihood, ECE before and
        after temperature scaling, the threshold and its recall/precision on
        the calibration data).

    Examples
    --------
    >>> from hatewatch.classifiers import HatewatchClassifier
    >>> texts = ["ik maak je af", "wat een goed plan", "jij vuile rat"] * 4
    >>> labels = ["threat", "neutral", "hate"] * 4
    >>> model = HatewatchClassifier(min_df=1).fit(texts, labels)
    >>> model.predict(["ik maak je af"]).tolist()
    ['threat']
    """

    def __init__(
        self,
        C: float = 1.0,
        char_range: tuple[int, int] = (3, 5),
        min_df: int = 2,
        max_char_features: int | None = 200_000,
        min_groups: int = 2,
        split_glued: bool = True,
        use_rules: bool = False,
        mask_tokens: bool = True,
        lexicon_features: bool = True,
        sentence_max: bool = True,
        rule_scale: float = 1.0,
        class_weight: str | None = "balanced",
        target_threat_recall: float = 0.95,
        max_iter: int = 3000,
        version: str = DEFAULT_VERSION,
    ) -> None:
        self.C = C
        self.char_range = char_range
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.min_groups = min_groups
        self.split_glued = split_glued
        self.use_rules = use_rules
        self.mask_tokens = mask_tokens
        self.lexicon_features = lexicon_features
        self.sentence_max = sentence_max
        self.rule_scale = rule_scale
        self.class_weight = class_weight
        self.target_threat_recall = target_threat_recall
        self.max_iter = max_iter
        self.version = version

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        groups: Sequence[Any] | None = None,
        calibration: tuple[Sequence[str], Sequence[str]] | None = None,
        sample_weight: Sequence[float] | None = None,
        threshold_data: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> HatewatchClassifier:
        """Learn from labelled texts.

        Parameters
        ----------
        texts : sequence of str
            Raw messages (normalised here).
        labels : sequence of str
            One of ``hate``, ``neutral``, ``threat`` per message.
        groups : sequence, optional
            Group (template, thread) of each message; used with
            ``min_groups > 1`` to drop features that only one group uses.
        calibration : (texts, labels), optional
            Held-out data for temperature scaling and for choosing
            ``threat_threshold_``. Without it the temperature is 1 and the
            threshold 0.5.
        sample_weight : sequence of float, optional
            Weight of each message in the loss (e.g. to balance sources).
        threshold_data : (texts, labels), optional
            A fresh validation set that chooses ``threat_threshold_``
            instead of ``calibration`` (which still fits the temperature).

        Returns
        -------
        HatewatchClassifier
            ``self``.
        """
        texts = as_texts(texts)
        y = np.array([check_label(v) for v in labels])
        if len(y) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        self.classes_ = np.array(LABELS)
        norm = CachedNormalizer().many(texts)
        self._normalizer: CachedNormalizer | None = None
        from hatewatch.classifiers import masking

        self.featurizer_ = TextFeaturizer(
            char_range=(int(self.char_range[0]), int(self.char_range[1])),
            min_df=self.min_df,
            max_char_features=self.max_char_features,
            min_groups=self.min_groups,
            split_glued=self.split_glued,
            token_map=masking.token_map() if self.mask_tokens else None,
            tags=masking.lexicon_tags() if self.lexicon_features else None,
        ).fit(norm, groups=list(groups) if groups is not None else None)
        x_word, x_char = self.featurizer_.transform(norm)
        if self.use_rules:
            hits = self._rule_hits_normalized(norm)
            known = getattr(self._rules(), "rules", ())
            names = {h.rule for hs in hits for h in hs} | set(known)
            self.rule_names_ = sorted(names)
        else:
            hits = [[] for _ in texts]
            self.rule_names_ = []
        x = sp.hstack([x_word, x_char, self._rule_matrix(hits)], format="csr")
        lr = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver="lbfgs",
        )
        # classes must follow LABELS even if a class is missing from y
        lr.fit(x, y, sample_weight=sample_weight)
        if list(lr.classes_) != list(LABELS):
            raise ValueError(
                "training data must contain every label: "
                f"found {sorted(set(y))}, need {list(LABELS)}"
            )
        self.linear_ = lr
        self._bind()
        self.temperature_ = 1.0
        self.threat_threshold_ = 0.5
        self.calibration_: dict[str, Any] = {}
        if calibration is not None:
            self.calibrate(*calibration, threshold_data=threshold_data)
        return self

    def _cached_normalizer(self) -> CachedNormalizer:
        cached: CachedNormalizer | None = getattr(self, "_normalizer", None)
        if cached is None:
            cached = CachedNormalizer(tokenize=self.featurizer_.tokenize)
            self._normalizer = cached
        return cached

    def _normalize(self, texts: list[str]) -> list[str]:
        return self._cached_normalizer().many(texts)

    def rule_hits(self, texts: Iterable[str]) -> list[list[Any]]:
        """The threat rules that fire on each text (``RuleHit`` lists).

        The rules need ``normalize(text)``; the scoring normaliser's word
        cache (filled when the texts were scored) gives exactly that
        (:mod:`hatewatch.classifiers.fastnorm`) except for an ``@`` inside a
        word (``*@fmaken``), which ``normalize`` reads in the context of
        other words, so texts with one are normalised in full; an ``@`` that
        starts a word (a mention) is read the same either way (tested).
        Equal to ``ThreatRules().hits(texts)``.
        """
        from hatewatch.text import normalize

        texts = as_texts(texts)
        whole = [i for i, t in enumerate(texts) if "@" in t and _AT_IN_WORD.search(t)]
        plain = sorted(set(range(len(texts))).difference(whole))
        norms = [""] * len(texts)
        for i, n in zip(plain, self._normalize([texts[i] for i in plain]), strict=True):
            norms[i] = n
        for i in whole:
            norms[i] = normalize(texts[i])
        return self._rule_hits_normalized(norms)

    def _rule_hits_normalized(self, norm: list[str]) -> list[list[Any]]:
        rules = self._rules()
        try:
            return rules.hits(norm, normalized=True)
        except TypeError:  # a rule engine without the fast path
            return rules.hits(norm)

    def _bind(self) -> None:
        """Split the weights by block and build the fast scoring tables."""
        coef = self.linear_.coef_
        nw = self.featurizer_.n_word_features
        nc = self.featurizer_.n_char_features
        self.featurizer_.bind(coef[:, :nw], coef[:, nw : nw + nc])
        self._coef_rule = coef[:, nw + nc :]
        self._rule_index = {name: i for i, name in enumerate(self.rule_names_)}

    def _rule_matrix(self, hits: list[list[Any]]) -> sp.csr_matrix:
        index = {name: i for i, name in enumerate(self.rule_names_)}
        rows, cols = [], []
        for r, hs in enumerate(hits):
            for name in sorted({h.rule for h in hs if h.rule in index}):
                rows.append(r)
                cols.append(index[name])
        return sp.csr_matrix(
            (np.full(len(rows), float(self.rule_scale)), (rows, cols)),
            shape=(len(hits), len(self.rule_names_)),
        )

    # -------------------------------------------------------------- predict
    def _rule_scores(self, norm: list[str]) -> tuple[np.ndarray, list[list[Any]]]:
        out = np.zeros((len(norm), len(self.classes_)))
        if not self.use_rules or not self.rule_names_:
            return out, [[] for _ in norm]
        hits = self._rule_hits_normalized(norm)
        index = self._rule_index
        for r, hs in enumerate(hits):
            for name in {h.rule for h in hs}:
                j = index.get(name)
                if j is not None:
                    out[r] += self.rule_scale * self._coef_rule[:, j]
        return out, hits

    def decision_function(self, texts: Iterable[str]) -> np.ndarray:
        """Uncalibrated linear scores, shape ``(n, 3)``, columns ``classes_``."""
        texts = as_texts(texts)
        parts = []
        for start in range(0, len(texts), _CHUNK):
            chunk = texts[start : start + _CHUNK]
            cached = self._cached_normalizer()
            if self.use_rules and self.rule_names_:
                norm, tokens = cached.normalize_and_tokenize(chunk)
                s = self.featurizer_.decision_scores(tokens=tokens)
                s += self._rule_scores(norm)[0]
            else:
                s = self.featurizer_.decision_scores_raw(chunk, cached)
            s += self.linear_.intercept_
            if getattr(self, "sentence_max", False):
                s = self._sentence_max(chunk, s)
            parts.append(s)
        if not parts:
            return np.zeros((0, len(self.classes_)))
        return np.vstack(parts)

    def _sentence_max(self, texts: list[str], scores: np.ndarray) -> np.ndarray:
        """Replace a message's scores by its most threatening sentence's
        when that sentence's threat log-probability is higher."""
        owner, sents = [], []
        for i, text in enumerate(texts):
            if len(text) < 30 or not _SENT_HINT.search(text):
                continue
            parts = [p for p in _SENT_SPLIT.split(text) if p]
            if len(parts) < 2:
                continue
            for p in parts:
                if len(p.split()) >= 3 and not _QUOTED.search(p):
                    owner.append(i)
                    sents.append(p)
        if not sents:
            return scores
        cached = self._cached_normalizer()
        ss = self.featurizer_.decision_scores_raw(sents, cached)
        ss += self.linear_.intercept_
        t = int(np.searchsorted(self.classes_, "threat"))

        def margin(z: np.ndarray) -> np.ndarray:
            m = z.max(axis=1, keepdims=True)
            return z[:, t] - (m[:, 0] + np.log(np.exp(z - m).sum(axis=1)))

        ms = margin(ss)
        best: dict[int, int] = {}
        for j, i in enumerate(owner):
            if i not in best or ms[j] > ms[best[i]]:
                best[i] = j
        out = scores.copy()
        rows = np.fromiter(best.keys(), dtype=np.int64, count=len(best))
        cols = np.fromiter(best.values(), dtype=np.int64, count=len(best))
        # only a sentence that is itself labelled threat can raise the
        # message to it; a calmer sentence never lowers a message's score
        better = (ms[cols] > margin(scores[rows])) & (ss[cols].argmax(axis=1) == t)
        out[rows[better]] = ss[cols[better]]
        return out

    # -------------------------------------------------------------- explain
    def _explain_weights(self, k: int) -> np.ndarray:
        """Weights of label ``k`` against the mean label, after temperature.

        Softmax is unchanged by subtracting the mean score of all labels.
        Cached per label and temperature (explain() runs once per flagged
        message; the mean over all features is the costly part).
        """
        coef = self.linear_.coef_
        key = (k, float(self.temperature_), id(coef))
        cache = self.__dict__.setdefault("_explain_w", {})
        w = cache.get(key)
        if w is None:
            if len(cache) > 8:
                cache.clear()
            w = cache[key] = (coef[k] - coef.mean(axis=0)) / self.temperature_
        return w

    def explain(
        self,
        text: str,
        top: int = 10,
        *,
        hits: Sequence[Any] | None = None,
        severity: Sequence[str] | None = None,
        proba: np.ndarray | None = None,
    ) -> Explanation:
        """Say which features and rules drove the label of one message.

        Parameters
        ----------
        text : str
            A raw message.
        top : int, default 10
            How many features to list (largest contributions first).
        hits : sequence of RuleHit, optional
            The threat rules that fire on ``text``, if the caller already has
            them (``rule_hits([text])[0]``); saves running the rules again.
        severity : sequence of str, optional
            The rules' ``severity(text)``, if already computed; saves a
            second rule run.
        proba : array of shape (3,), optional
            ``predict_proba([text])[0]`` if already computed.

        Returns
        -------
        Explanation
            Label, probabilities, signed feature contributions (log-odds of
            the predicted label against the average label, after
            temperature scaling), rules that fired and the harm named.

        Examples
        --------
        >>> import hatewatch
        >>> model = hatewatch.load_model()
        >>> print(model.explain("ik weet waar je woont"))  # doctest: +SKIP
        """
        batch = self.explain_many(
            [text],
            top,
            hits=None if hits is None else [hits],
            severity=None if severity is None else [severity],
            proba=None if proba is None else np.asarray(proba, dtype=float),
        )
        return batch[0]

    def explain_many(
        self,
        texts: Sequence[str],
        top: int = 10,
        *,
        hits: Sequence[Sequence[Any]] | None = None,
        severity: Sequence[Sequence[str]] | None = None,
        proba: np.ndarray | None = None,
    ) -> list[Explanation]:
        """:meth:`explain` for many messages at once, with the same results.

        The messages are normalised and their word features built in one
        sparse matrix, and each message is tokenised once; what
        :meth:`explain` returns for each message is unchanged (it calls
        this method with one message).

        Parameters
        ----------
        texts : sequence of str
            Raw messages.
        top : int, default 10
            How many features to list per message.
        hits : sequence of sequences of RuleHit, optional
            The rules that fire on each message, if already known.
        severity : sequence of sequences of str, optional
            The rules' ``severity()`` of each message, if already known.
        proba : array of shape (n, 3), optional
            ``predict_proba(texts)`` if already computed.

        Returns
        -------
        list of Explanation
            One per message, as :meth:`explain` gives it.
        """
        texts = as_texts(texts)
        if not texts:
            return []
        if proba is None:
            proba = self.predict_proba(texts)
        else:
            proba = np.asarray(proba, dtype=float).reshape(len(texts), -1)
        labels = self.labels_from_proba(proba)
        if hits is None:
            hits = self.rule_hits(texts)
        feat = self.featurizer_
        norms = self._normalize(texts)
        x_word = feat.transform(norms)[0]
        out: list[Explanation] = []
        # a repeated message with the same rules, severity and scores has the
        # same explanation: computed once, copied
        done: dict[tuple[Any, ...], int] = {}
        # per label: each token's char n-gram contribution and squared norm,
        # computed once per batch (common words recur in every message)
        memo: dict[int, dict[str, tuple[float, float]]] = {}
        for r, text in enumerate(texts):
            key = (
                text,
                tuple(hits[r]),
                None if severity is None else tuple(severity[r]),
                proba[r].tobytes(),
            )
            prev = done.setdefault(key, r)
            if prev != r:
                same = out[prev]
                out.append(
                    dataclasses.replace(
                        same,
                        probabilities=dict(same.probabilities),
                        features=list(same.features),
                        rules=list(same.rules),
                        spans=list(same.spans),
                    )
                )
                continue
            label = str(labels[r])
            k = int(np.searchsorted(self.classes_, label))
            w = self._explain_weights(k)
            lo, hi = x_word.indptr[r], x_word.indptr[r + 1]
            row = (x_word.indices[lo:hi], x_word.data[lo:hi])
            norm = norms[r]
            contrib, spans = self._word_contributions(
                text, norm, w, row, feat.tokenize(norm), memo.setdefault(k, {})
            )
            rule_w = w[feat.n_word_features + feat.n_char_features :]
            for name in sorted({h.rule for h in hits[r]}):
                j = self._rule_index.get(name)
                if j is not None:
                    contrib[f"rule:{name}"] = self.rule_scale * rule_w[j]
            ranked = sorted(contrib.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
            spans.sort(key=lambda sp: (-abs(sp[3]), sp[1]))
            if severity is None:
                sev = getattr(self._rules(), "severity", None)
                named = tuple(sev(text)) if sev is not None else ()
            else:
                named = tuple(severity[r])
            out.append(
                Explanation(
                    text=text,
                    label=label,
                    probabilities={
                        str(c): float(p)
                        for c, p in zip(self.classes_, proba[r], strict=True)
                    },
                    features=[(n, float(v)) for n, v in ranked[:top]],
                    rules=list(hits[r]),
                    severity=named,
                    threat_threshold=float(self.threat_threshold_),
                    spans=spans[:top],
                )
            )
        return out

    def _feature_contributions(
        self,
        w: np.ndarray,
        row: tuple[np.ndarray, np.ndarray],
        tokens: list[str],
        memo: dict[str, tuple[float, float]] | None = None,
    ) -> dict[str, float]:
        """Contribution of each normalised feature (``word:``, ``bigram:``,
        ``chars:``) to the weights ``w``.

        ``row`` is the message's row of the word block (column indices and
        values, from :meth:`TextFeaturizer.transform`) and ``tokens`` its
        tokens (:meth:`TextFeaturizer.tokenize` of its normalised text). The
        char block's norm is the square root of the tokens' squared norms
        summed in token order, as :meth:`TextFeaturizer.transform` has it.
        ``memo`` keeps
        each token's char n-gram score under ``w`` and squared norm between
        messages explained with the same ``w``; the values are those computed
        without it, bit for bit.
        """
        feat = self.featurizer_
        contrib: dict[str, float] = {}
        nw = feat.n_word_features
        n_uni = len(feat.words_)
        for j, v in zip(row[0], row[1], strict=True):
            name = (
                f"word:{feat.words_[j]}"
                if j < n_uni
                else f"bigram:{feat.bigrams_[j - n_uni]}"
            )
            contrib[name] = contrib.get(name, 0.0) + v * w[j]
        # char n-grams are summed per token: "the spelling of this word"
        char_w = w[nw : nw + feat.n_char_features]
        memo = {} if memo is None else memo
        new = [tok for tok in dict.fromkeys(tokens) if tok not in memo]
        if new:
            entries = {tok: _entry(feat, tok) for tok in new}
            ids = [entries[tok][1] for tok in new]
            # each token's squared norm on its own
            sq = _token_sq_norms(
                np.concatenate(ids), np.array([len(i) for i in ids]), feat.char_idf_
            ).tolist()
            for tok, tok_ids, tok_sq in zip(new, ids, sq, strict=True):
                per = (
                    float(np.sum(feat.char_idf_[tok_ids] * char_w[tok_ids]))
                    if len(tok_ids)
                    else None
                )
                memo[tok] = (per, tok_sq)
        scale = 1.0
        if tokens:
            total = 0.0
            for tok in tokens:  # in token order
                total += memo[tok][1]
            scale = float(np.sqrt(total)) or 1.0
        counts: dict[str, int] = {}
        for tok in tokens:
            counts[tok] = counts.get(tok, 0) + 1
        for tok, n in counts.items():
            per = memo[tok][0]
            if per is not None:
                contrib[f"chars:{tok}"] = n * per / scale
        return contrib

    def _word_contributions(
        self,
        text: str,
        norm: str,
        w: np.ndarray,
        row: tuple[np.ndarray, np.ndarray],
        norm_tokens: list[str],
        memo: dict[str, tuple[float, float]] | None = None,
    ) -> tuple[dict[str, float], list[tuple[str, int, int, float]]]:
        """Contributions per word *of the message as written*.

        Each feature's contribution is shared out over the message's words
        that produced it (a bigram half to each of its two words; a lexicon
        tag or a placeholder to the word it replaced). Returns the
        contributions named ``word:<word as written>`` and a list of
        ``(word, start, end, contribution)`` with character offsets into
        ``text``. Falls back to the normalised feature names when the
        message had to be normalised as a whole (spaced-out letters across
        words), since its tokens then do not map onto single words.
        """
        feat = self.featurizer_
        per_feature = self._feature_contributions(w, row, norm_tokens, memo)
        cached = self._cached_normalizer()
        words = [(m.group(), m.start(), m.end()) for m in _RAW_WORD.finditer(text)]
        owner: list[int] = []  # raw word index of each token
        tokens: list[str] = []
        # the normaliser's and featuriser's per-word caches (filled when the
        # message was scored) instead of normalising each word again
        for i, (word, _, _) in enumerate(words):
            toks = cached.word(word)[3]
            tokens.extend(toks)
            owner.extend([i] * len(toks))
        if tokens != norm_tokens:
            return per_feature, []
        n_uni = len(feat.words_)
        share = np.zeros(len(words))
        # unigrams (and the glued parts of unknown tokens) and char n-grams
        occ: dict[str, list[int]] = {}
        for t, i in zip(tokens, owner, strict=True):
            occ.setdefault(t, []).append(i)
            wid, _, parts = _entry(feat, t)
            if wid < 0:
                for pid in parts:
                    occ.setdefault(feat.words_[pid], []).append(i)
        for name, value in per_feature.items():
            kind, _, key = name.partition(":")
            if kind in ("word", "chars"):
                owners = occ.get(key, [])
                for i in owners:
                    share[i] += value / len(owners)
        # bigrams: half to each word, over every occurrence
        plain = [
            (t, i)
            for t, i in zip(tokens, owner, strict=True)
            if not t.startswith(TAG_PREFIX)
        ]
        pairs: dict[str, list[tuple[int, int]]] = {}
        for (a, i), (b, j) in zip(plain, plain[1:], strict=False):
            pairs.setdefault(f"{a} {b}", []).append((i, j))
        for name, value in per_feature.items():
            if name.startswith("bigram:"):
                occurrences = pairs.get(name[7:], [])
                for i, j in occurrences:
                    share[i] += value / (2 * len(occurrences))
                    share[j] += value / (2 * len(occurrences))
        del n_uni
        contrib: dict[str, float] = {}
        spans = []
        owned = set(owner)
        for i, (word, start, _end) in enumerate(words):
            if i not in owned:
                continue
            core = word.strip(_EDGE_PUNCT) or word
            lead = len(word) - len(word.lstrip(_EDGE_PUNCT)) if core != word else 0
            s0 = start + lead
            spans.append((core, s0, s0 + len(core), float(share[i])))
            contrib[f"word:{core}"] = contrib.get(f"word:{core}", 0.0) + share[i]
        return contrib, spans

    # ---------------------------------------------------------- persistence
    def save(self, path: Any, *, force: bool = False, **meta: Any) -> None:
        """Write this model to a folder (see :func:`save_model`)."""
        from hatewatch.classifiers.persist import save_model

        save_model(self, path, force=force, **meta)


def _entry(feat: TextFeaturizer, tok: str) -> tuple[int, np.ndarray, list[int]]:
    """The featuriser's cached entry of a token (computed once per token)."""
    entry = feat._cache.get(tok)
    if entry is None:
        entry = feat._token_entry(tok)
    return entry
