"""What every hatewatch classifier shares once it has logits.

Both :class:`~hatewatch.classifiers.bow.HatewatchClassifier` and
:class:`~hatewatch.classifiers.transformer.TransformerClassifier` produce
uncalibrated scores with ``decision_function``; :class:`CalibratedThreatModel`
turns those into calibrated probabilities, labels and recall-favouring threat
flags, fits the temperature and threshold on held-out data, and reports the
threat rules. The numeric helpers are module functions so scripts can reuse
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from hatewatch.classifiers.base import get_rules
from hatewatch.labels import check_label

__all__ = [
    "CalibratedThreatModel",
    "as_texts",
    "expected_calibration_error",
    "log_softmax",
    "recall_threshold",
    "softmax",
]


def as_texts(texts: Iterable[Any]) -> list[str]:
    """A list of strings: ``None`` and NaN become ``""``, others ``str()``.

    Raises
    ------
    TypeError
        If ``texts`` is a single string (a common slip for ``[text]``).
    """
    if isinstance(texts, str):
        raise TypeError("expected a list of texts, got a single string")
    return [
        t if type(t) is str else ("" if t is None or t != t else str(t)) for t in texts
    ]


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax, numerically stable."""
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax; an empty input gives an empty output."""
    if len(z) == 0:
        return np.zeros_like(z)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def recall_threshold(p: np.ndarray, positive: np.ndarray, recall: float) -> float:
    """Highest threshold t with recall(p >= t) >= ``recall``, within [0.05, 0.5]."""
    pos = np.sort(p[positive])[::-1]
    if len(pos) == 0:
        return 0.5
    need = int(np.ceil(recall * len(pos)))
    t = float(pos[max(need, 1) - 1])
    # never flag everything: a threshold of ~0 would make every message a threat
    return min(max(t, 0.05), 0.5)


def expected_calibration_error(
    proba: np.ndarray, y_index: np.ndarray, n_bins: int = 10
) -> float:
    """Top-label expected calibration error with equal-width bins."""
    if len(proba) == 0:
        return 0.0
    conf = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y_index
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)


class CalibratedThreatModel:
    """Calibration, labels, flags and rules on top of ``decision_function``.

    A subclass provides ``decision_function(texts)`` (logits, columns
    ``classes_``) and the attributes ``classes_``, ``target_threat_recall``,
    and, once calibrated or loaded, ``temperature_`` and
    ``threat_threshold_``.
    """

    classes_: np.ndarray
    target_threat_recall: float
    temperature_: float
    threat_threshold_: float
    calibration_: dict[str, Any]

    def decision_function(self, texts: Iterable[str]) -> np.ndarray:
        raise NotImplementedError

    def calibrate(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        threshold_data: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> Any:
        """Fit the temperature and the threat threshold on held-out data.

        The temperature minimises the negative log-likelihood of the held-out
        labels. The threshold is the highest calibrated ``p_threat`` cut-off
        whose threat recall on these data (or on ``threshold_data``, a
        fresh validation set, when given) is at least
        ``target_threat_recall``. Returns ``self``.
        """
        from scipy.optimize import minimize_scalar

        texts = as_texts(texts)
        y = np.array([check_label(v) for v in labels])
        if len(y) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        scores = self.decision_function(texts)
        yi = np.searchsorted(self.classes_, y)
        rows = np.arange(len(yi))

        def nll(log_t: float) -> float:
            return float(-np.mean(log_softmax(scores / np.exp(log_t))[rows, yi]))

        res = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
        before = softmax(scores)
        self.temperature_ = float(np.exp(res.x))
        after = softmax(scores / self.temperature_)
        t_after, t_yi = after, yi
        if threshold_data is not None:
            t_texts = as_texts(threshold_data[0])
            t_y = np.array([check_label(v) for v in threshold_data[1]])
            t_yi = np.searchsorted(self.classes_, t_y)
            t_after = softmax(self.decision_function(t_texts) / self.temperature_)
        self.threat_threshold_ = recall_threshold(
            t_after[:, 2], t_yi == 2, self.target_threat_recall
        )
        is_threat = t_after[:, 2] >= self.threat_threshold_
        tp = int(np.sum(is_threat & (t_yi == 2)))
        self.calibration_ = {
            "n": len(y),
            "temperature": self.temperature_,
            "nll_before": nll(0.0),
            "nll_after": float(res.fun),
            "ece_before": expected_calibration_error(before, yi),
            "ece_after": expected_calibration_error(after, yi),
            "threat_threshold": self.threat_threshold_,
            "threshold_n": len(t_yi),
            "threat_recall": tp / max(int(np.sum(t_yi == 2)), 1),
            "threat_precision": tp / max(int(np.sum(is_threat)), 1),
        }
        return self

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 3)``, columns ``classes_``.

        Examples
        --------
        >>> import hatewatch
        >>> model = hatewatch.load_model()
        >>> model.predict_proba(["we weten waar je woont"]).shape
        (1, 3)
        """
        return softmax(self.decision_function(texts) / self.temperature_)

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """Label strings: the most probable label (calibrated argmax).

        This is the best single label, so counting labels estimates how
        common each class is. It is *not* the threat flag: flagging uses the
        lower, recall-favouring ``threat_threshold_`` (see
        :meth:`flags_from_proba` and :func:`hatewatch.flag_threats`).
        """
        return self.labels_from_proba(self.predict_proba(texts))

    def labels_from_proba(self, proba: np.ndarray) -> np.ndarray:
        """Labels from probabilities of this model, exactly as :meth:`predict`."""
        proba = np.asarray(proba)
        if len(proba) == 0:
            return np.array([], dtype=self.classes_.dtype)
        return self.classes_[proba.argmax(axis=1)]

    def flags_from_proba(self, proba: np.ndarray) -> np.ndarray:
        """Boolean threat flags: ``p_threat >= threat_threshold_``.

        The threshold keeps threat recall at ``target_threat_recall`` on the
        validation data, so it flags many more messages than are labelled
        ``threat``.
        """
        proba = np.asarray(proba)
        if len(proba) == 0:
            return np.zeros(0, dtype=bool)
        return proba[:, 2] >= self.threat_threshold_

    def _rules(self) -> Any:
        rules = getattr(self, "_rules_engine", None)
        if rules is None:
            rules = self._rules_engine = get_rules()
        return rules

    def rule_hits(self, texts: Iterable[str]) -> list[list[Any]]:
        """The threat rules that fire on each text (``RuleHit`` lists)."""
        return self._rules().hits(as_texts(texts))
