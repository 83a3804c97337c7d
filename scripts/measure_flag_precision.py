#!/usr/bin/env python
"""Precision and recall of ``hatewatch flag`` at the default threshold.

Runs :func:`hatewatch.flag_threats` (the function behind ``hatewatch flag``)
on the held-out ``test`` split of each labelled file in
``data/annotations/`` and prints, per file, the threshold, how many messages
were flagged (and why: probability, rule, both), threat precision and recall
of the flagged set against the gold labels, and the share of flagged
messages that are at least hostile (gold ``threat`` or ``hate``).

Usage::

    .venv/bin/python scripts/measure_flag_precision.py [--model DIR] [--threshold X]
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("constructed_nl.csv", "imsypp_nl.csv")


def main() -> None:
    import pandas as pd

    import hatewatch
    from hatewatch.scoring import flag_threats

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--split", default="test")
    args = parser.parse_args()

    model = hatewatch.load_model(args.model)
    thr = model.threat_threshold_ if args.threshold is None else args.threshold
    print(f"model {model.version}, threshold {thr:.3f}, split {args.split!r}")
    for name in FILES:
        path = ROOT / "data" / "annotations" / name
        if not path.exists():
            continue
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df = df[df["split"] == args.split].reset_index(drop=True)
        flagged = flag_threats(df, model=model, threshold=args.threshold)
        gold = flagged["input_label"]
        n_threat = int((df["label"] == "threat").sum())
        tp = int((gold == "threat").sum())
        by_p = flagged["p_threat"] >= thr
        by_rule = flagged["rules"].fillna("") != ""
        precision = tp / len(flagged) if len(flagged) else float("nan")
        recall = tp / n_threat if n_threat else float("nan")
        hostile = gold.isin(["threat", "hate"]).mean() if len(flagged) else float("nan")
        print(
            f"{name}: {len(df)} messages, {n_threat} gold threats; flagged "
            f"{len(flagged)} (probability only {int((by_p & ~by_rule).sum())}, "
            f"rule only {int((~by_p & by_rule).sum())}, both "
            f"{int((by_p & by_rule).sum())}); threat precision {precision:.3f}, "
            f"recall {recall:.3f}; hostile precision {hostile:.3f}"
        )
        label_prec = ((flagged["label"] == "threat") & (gold == "threat")).sum() / max(
            int((flagged["label"] == "threat").sum()), 1
        )
        print(f"  label == threat alone: precision {label_prec:.3f}")


if __name__ == "__main__":
    main()
