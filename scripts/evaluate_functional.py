#!/usr/bin/env python
"""Evaluate a hatewatch model on the hand-written functional test set.

Reads ``data/annotations/functional_nl.csv`` (evaluation only, see
``data/annotations/FUNCTIONAL.md``), labels every text with the model's
``predict`` (its operating threshold included) and prints:

- accuracy per functionality, worst first;
- per-class precision, recall and F1, and macro-F1;
- threat precision and recall;
- the failing functionalities (accuracy below ``--fail-below``, default 0.7)
  with a few of their misclassified texts.

Usage::

    .venv/bin/python scripts/evaluate_functional.py [--model DIR] [--data CSV]
        [--fail-below 0.7] [--examples 3] [--json OUT.json] [--novel-only]

``--novel-only`` drops the cases whose word-and-emoji set (handles removed)
has a Jaccard similarity of 0.8 or more with a ``train`` or ``validation``
text of ``constructed_nl.csv`` or ``imsypp_nl.csv``: what is left measures
phrasings the model did not see in training.

Without ``--model`` the model comes from :func:`hatewatch.load_model`
(``$HATEWATCH_MODEL`` or the shipped model).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "annotations" / "functional_nl.csv"


def read_set(path: Path) -> list[dict[str, str]]:
    """Read the functional set and check the fields this script needs.

    Parameters
    ----------
    path : Path
        CSV with at least ``text``, ``label`` and ``functionality`` columns.

    Returns
    -------
    list of dict
        One dict per row.
    """
    from hatewatch.errors import DataError
    from hatewatch.labels import LABELS

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for line, row in enumerate(rows, start=2):
        for field in ("text", "label", "functionality"):
            if not (row.get(field) or "").strip():
                raise DataError("empty value", path=path, line=line, field=field)
        if row["label"] not in LABELS:
            raise DataError(
                f"unknown label {row['label']!r}", path=path, line=line, field="label"
            )
    return rows


NEAR_COPY = 0.8
TRAINING_FILES = ("constructed_nl.csv", "imsypp_nl.csv")


def _token_set(text: str) -> frozenset[str]:
    import re

    text = re.sub(r"@\w+", " ", text.casefold())
    return frozenset(re.findall(r"\w+|[^\w\s.,!?;:'\"()-]", text))


def near_copies(texts: list[str], annotations: Path) -> list[bool]:
    """Flag texts that nearly copy a training or validation text.

    Parameters
    ----------
    texts : list of str
        Texts to check.
    annotations : Path
        Folder with the training files (``constructed_nl.csv``,
        ``imsypp_nl.csv``); missing files are skipped.

    Returns
    -------
    list of bool
        True where the Jaccard similarity of token sets is >= ``NEAR_COPY``.
    """
    seen: set[frozenset[str]] = set()
    for name in TRAINING_FILES:
        path = annotations / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("split", "train") in ("train", "validation"):
                    seen.add(_token_set(row["text"]))
    index: dict[str, list[frozenset[str]]] = defaultdict(list)
    for toks in seen:
        for tok in toks:
            index[tok].append(toks)
    flags = []
    for text in texts:
        a = _token_set(text)
        # only sets sharing a token can reach the threshold
        cands = {b for tok in a for b in index.get(tok, ())}
        flags.append(any(len(a & b) / len(a | b) >= NEAR_COPY for b in cands))
    return flags


def evaluate(
    gold: list[str], pred: list[str], functionality: list[str], fail_below: float
) -> dict[str, Any]:
    """Compute per-functionality accuracy and per-class metrics.

    Parameters
    ----------
    gold, pred : list of str
        Gold and predicted labels, aligned.
    functionality : list of str
        Functionality of each case.
    fail_below : float
        A functionality with accuracy below this fails.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``per_functionality`` ({name: {label, n, accuracy,
        predicted}}), ``per_class`` ({label: {precision, recall, f1,
        support}}), ``macro_f1``, ``threat_precision``, ``threat_recall``,
        ``failing`` (names, worst first).
    """
    from hatewatch.labels import LABELS

    by_func: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(functionality):
        by_func[name].append(i)
    per_func = {}
    for name, idx in by_func.items():
        correct = sum(gold[i] == pred[i] for i in idx)
        predicted: dict[str, int] = defaultdict(int)
        for i in idx:
            predicted[pred[i]] += 1
        per_func[name] = {
            "label": gold[idx[0]],
            "n": len(idx),
            "accuracy": correct / len(idx),
            "predicted": dict(sorted(predicted.items())),
        }
    per_class = {}
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        per_class[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": n_gold,
        }
    failing = sorted(
        (n for n, r in per_func.items() if r["accuracy"] < fail_below),
        key=lambda n: (per_func[n]["accuracy"], n),
    )
    return {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
        "per_functionality": per_func,
        "per_class": per_class,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(per_class),
        "threat_precision": per_class["threat"]["precision"],
        "threat_recall": per_class["threat"]["recall"],
        "failing": failing,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model folder")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="set CSV")
    parser.add_argument("--fail-below", type=float, default=0.7)
    parser.add_argument(
        "--examples", type=int, default=3, help="failures shown per failing row"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write JSON")
    parser.add_argument(
        "--novel-only",
        action="store_true",
        help="drop near-copies of training/validation texts",
    )
    args = parser.parse_args(argv)

    import hatewatch

    rows = read_set(args.data)
    if args.novel_only:
        flags = near_copies([r["text"] for r in rows], args.data.parent)
        print(f"--novel-only: dropped {sum(flags)} near-copies of training texts")
        rows = [r for r, f in zip(rows, flags, strict=True) if not f]
    model = hatewatch.load_model(args.model)
    texts = [r["text"] for r in rows]
    gold = [r["label"] for r in rows]
    funcs = [r["functionality"] for r in rows]
    pred = [str(p) for p in model.predict(texts)]
    result = evaluate(gold, pred, funcs, args.fail_below)

    meta = getattr(model, "meta_", None) or {}
    print(f"data: {args.data} ({result['n']} cases)")
    where = args.model or "hatewatch.load_model() default"
    print(f"model: {where} ({meta.get('version', 'version unknown')})")
    print(f"threat threshold: {getattr(model, 'threat_threshold_', 'n/a')}")
    print()
    print(f"{'functionality':36s} {'gold':8s} {'n':>3s} {'acc':>6s}  predicted")
    order = sorted(
        result["per_functionality"].items(), key=lambda kv: (kv[1]["accuracy"], kv[0])
    )
    for name, r in order:
        dist = ", ".join(f"{k}={v}" for k, v in r["predicted"].items())
        mark = "  FAIL" if name in result["failing"] else ""
        print(
            f"{name:36s} {r['label']:8s} {r['n']:3d} {r['accuracy']:6.2f}  {dist}{mark}"
        )
    print()
    print(f"{'class':8s} {'precision':>9s} {'recall':>7s} {'f1':>6s} {'support':>8s}")
    for label, c in result["per_class"].items():
        print(
            f"{label:8s} {c['precision']:9.3f} {c['recall']:7.3f} {c['f1']:6.3f} "
            f"{c['support']:8d}"
        )
    print(f"accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}")
    print(
        f"threat precision {result['threat_precision']:.3f}  "
        f"threat recall {result['threat_recall']:.3f}"
    )
    print()
    print(
        f"failing functionalities (accuracy < {args.fail_below}): "
        f"{len(result['failing'])} of {len(result['per_functionality'])}"
    )
    for name in result["failing"]:
        r = result["per_functionality"][name]
        print(f"- {name} ({r['accuracy']:.2f}, gold {r['label']})")
        wrong = [
            (t, p)
            for t, g, p, f in zip(texts, gold, pred, funcs, strict=True)
            if f == name and g != p
        ]
        for t, p in wrong[: args.examples]:
            print(f"    -> {p:7s} {t}")
    if args.json is not None:
        result["errors"] = [
            {"text": t, "gold": g, "pred": p, "functionality": f}
            for t, g, p, f in zip(texts, gold, pred, funcs, strict=True)
            if g != p
        ]
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
