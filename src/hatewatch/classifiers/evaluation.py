"""Evaluate a classifier on labelled data, overall and per source."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hatewatch.labels import LABELS

__all__ = ["EvaluationReport", "Scores", "evaluate_model", "score_labels"]


@dataclass
class Scores:
    """Metrics of one set of predictions.

    Attributes
    ----------
    n : int
        Number of messages.
    per_class : dict
        ``{label: {"precision", "recall", "f1", "support"}}``.
    macro_f1 : float
        Unweighted mean F1 over the labels present in the gold labels or the
        predictions.
    confusion : list of list of int
        Rows are gold labels, columns predictions, both in ``LABELS`` order.
    threat_precision, threat_recall : float
        Of the threat *flag* (``p_threat`` at or above the model's
        recall-favouring operating threshold) when flags are given, else of
        the ``threat`` label.
    hostile_f1 : float
        F1 of "hate or threat" against "neutral" (the hate-vs-neutral figure
        comparable to binary offensive-language benchmarks).
    accuracy : float
    hostile_macro_f1 : float
        Mean of the F1 of "hate or threat" and the F1 of "neutral" in that
        binary view (the macro-F1 binary benchmarks usually report).
    """

    n: int
    per_class: dict[str, dict[str, float]]
    macro_f1: float
    confusion: list[list[int]]
    threat_precision: float
    threat_recall: float
    hostile_f1: float
    accuracy: float
    hostile_macro_f1: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "per_class": self.per_class,
            "macro_f1": self.macro_f1,
            "confusion": self.confusion,
            "threat_precision": self.threat_precision,
            "threat_recall": self.threat_recall,
            "hostile_f1": self.hostile_f1,
            "accuracy": self.accuracy,
            "hostile_macro_f1": self.hostile_macro_f1,
        }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_labels(gold: Any, pred: Any, flagged: Any = None) -> Scores:
    """Compute :class:`Scores` from gold and predicted label arrays.

    ``flagged`` (booleans, optional) are the threat flags at the operating
    threshold; threat precision/recall are computed from them if given.
    """
    gold = np.asarray(gold, dtype=object)
    pred = np.asarray(pred, dtype=object)
    idx = {c: i for i, c in enumerate(LABELS)}
    cm = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        cm[idx[g], idx[p]] += 1
    per_class = {}
    f1s = []
    for c, i in idx.items():
        tp = int(cm[i, i])
        fp = int(cm[:, i].sum() - tp)
        fn = int(cm[i, :].sum() - tp)
        p, r, f = _prf(tp, fp, fn)
        per_class[c] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "support": int(cm[i, :].sum()),
        }
        if cm[i, :].sum() or cm[:, i].sum():
            f1s.append(f)
    hostile_g = gold != "neutral"
    hostile_p = pred != "neutral"
    _, _, hf = _prf(
        int(np.sum(hostile_g & hostile_p)),
        int(np.sum(~hostile_g & hostile_p)),
        int(np.sum(hostile_g & ~hostile_p)),
    )
    _, _, nf = _prf(
        int(np.sum(~hostile_g & ~hostile_p)),
        int(np.sum(hostile_g & ~hostile_p)),
        int(np.sum(~hostile_g & hostile_p)),
    )
    t_p, t_r = per_class["threat"]["precision"], per_class["threat"]["recall"]
    if flagged is not None:
        flag = np.asarray(flagged, dtype=bool)
        is_t = gold == "threat"
        t_p, t_r, _ = _prf(
            int(np.sum(flag & is_t)),
            int(np.sum(flag & ~is_t)),
            int(np.sum(~flag & is_t)),
        )
    return Scores(
        n=len(gold),
        per_class=per_class,
        macro_f1=float(np.mean(f1s)) if f1s else 0.0,
        confusion=cm.tolist(),
        threat_precision=t_p,
        threat_recall=t_r,
        hostile_f1=hf,
        accuracy=float(np.trace(cm) / cm.sum()) if cm.sum() else 0.0,
        hostile_macro_f1=(hf + nf) / 2,
    )


@dataclass
class EvaluationReport:
    """Evaluation of one model on one labelled data set.

    Attributes
    ----------
    model_version : str
    threat_threshold : float
    overall : Scores
    groups : dict of str to Scores
        One entry per value of the ``by`` column (``source`` by default).
    by : str
    data : str
        Where the data came from.
    """

    model_version: str
    threat_threshold: float
    overall: Scores
    groups: dict[str, Scores] = field(default_factory=dict)
    by: str = "source"
    data: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "threat_threshold": self.threat_threshold,
            "data": self.data,
            "by": self.by,
            "overall": self.overall.to_dict(),
            "groups": {k: v.to_dict() for k, v in self.groups.items()},
        }

    def to_text(self, groups: bool = True) -> str:
        """A plain-text report: one block overall, then one per group."""
        out = [
            f"model {self.model_version}  threat threshold "
            f"{self.threat_threshold:.3f}  data {self.data}"
        ]
        blocks = [("all", self.overall)]
        if groups and (
            len(self.groups) > 1
            or (self.groups and next(iter(self.groups.values())).n != self.overall.n)
        ):
            blocks += [(f"{self.by}={k}", v) for k, v in self.groups.items()]
        for name, s in blocks:
            out.append("")
            out.append(f"== {name} (n={s.n})")
            out.append(
                f"{'label':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'n':>8}"
            )
            for c in LABELS:
                m = s.per_class[c]
                out.append(
                    f"{c:<10}{m['precision']:>10.3f}{m['recall']:>10.3f}"
                    f"{m['f1']:>10.3f}{m['support']:>8d}"
                )
            out.append(
                f"macro-F1 {s.macro_f1:.3f}  accuracy {s.accuracy:.3f}  "
                f"hate+threat-vs-neutral F1 {s.hostile_f1:.3f} "
                f"(binary macro-F1 {s.hostile_macro_f1:.3f})"
            )
            out.append(
                f"threat flag at the operating threshold p_threat >= "
                f"{self.threat_threshold:.3f}: precision "
                f"{s.threat_precision:.3f}  recall {s.threat_recall:.3f}"
            )
            out.append("confusion (rows gold, columns predicted):")
            out.append(" " * 10 + "".join(f"{c:>9}" for c in LABELS))
            for c, row in zip(LABELS, s.confusion, strict=True):
                out.append(f"{c:<10}" + "".join(f"{v:>9d}" for v in row))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.to_text()


def evaluate_model(
    model: Any,
    data: Any,
    *,
    by: str = "source",
    split: str | None = None,
) -> EvaluationReport:
    """Evaluate ``model`` on labelled data.

    Parameters
    ----------
    model : HatewatchClassifier
        A fitted model (see :func:`~hatewatch.classifiers.load_model`).
    data : path, list of paths or pandas.DataFrame
        CSV/TSV/JSONL/Parquet file(s) or a frame with ``text`` and ``label``
        columns (optionally ``source``, ``split``).
    by : str, default "source"
        Column to break the results down by (ignored if absent).
    split : str, optional
        Keep only rows whose ``split`` column equals this (e.g. ``"test"``).

    Returns
    -------
    EvaluationReport

    Examples
    --------
    >>> import hatewatch
    >>> report = hatewatch.evaluate_model(
    ...     hatewatch.load_model(), "data/annotations/constructed_nl.csv", split="test"
    ... )  # doctest: +SKIP
    >>> print(report.to_text())  # doctest: +SKIP
    """
    from hatewatch.classifiers.training import read_labelled

    label_desc = ""
    if isinstance(data, str | os.PathLike):
        label_desc = str(data)
        frame = read_labelled([data])
    elif isinstance(data, list | tuple):
        label_desc = ", ".join(map(str, data))
        frame = read_labelled(list(data))
    else:
        frame = data
        label_desc = "data frame"
        missing = [c for c in ("text", "label") if c not in frame.columns]
        if missing:
            from hatewatch.errors import DataError

            raise DataError(f"missing column(s) {', '.join(missing)}")
    if split is not None:
        if "split" not in frame.columns:
            from hatewatch.errors import DataError

            raise DataError(f"no 'split' column to select split={split!r} from")
        frame = frame[frame["split"] == split]
        label_desc += f" (split={split})"
    texts = frame["text"].tolist()
    gold = np.array([str(v) for v in frame["label"]], dtype=object)
    flagged = None
    if hasattr(model, "threat_threshold_") and hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(texts), dtype=float)
        decide = getattr(model, "labels_from_proba", None)
        classes = np.asarray(model.classes_, dtype=object)
        if len(texts) == 0:
            pred = np.array([], dtype=object)
        elif callable(decide):
            pred = np.asarray(decide(proba), dtype=object)
        else:
            pred = classes[proba.argmax(axis=1)]
        k = list(classes).index("threat")
        flagged = (
            proba[:, k] >= float(model.threat_threshold_)
            if len(texts)
            else np.zeros(0, dtype=bool)
        )
    else:
        pred = np.asarray(model.predict(texts), dtype=object)
    groups: dict[str, Scores] = {}
    if by in frame.columns:
        keys = frame[by].astype(str).to_numpy()
        for k in sorted(set(keys)):
            m = keys == k
            groups[k] = score_labels(
                gold[m], pred[m], None if flagged is None else flagged[m]
            )
    return EvaluationReport(
        model_version=str(getattr(model, "version", "")),
        threat_threshold=float(getattr(model, "threat_threshold_", 0.5)),
        overall=score_labels(gold, pred, flagged),
        groups=groups,
        by=by,
        data=label_desc,
    )
