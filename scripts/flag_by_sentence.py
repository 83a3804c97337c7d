"""A flagging variant that was measured and not shipped: max over sentences.

Bag-of-words scores dilute a threat at the end of a long, calm message. This
script flags a message when the calibrated ``p_threat`` of the whole message
*or of any of its sentences* (split after ``.``, ``!``, ``?``, ``…`` and at
line breaks) reaches a threshold, chooses that threshold on the validation
split exactly as training does (highest cut-off keeping threat recall >=
0.98, clamped to [0.05, 0.5]), and prints threat precision and recall on the
validation split and on each test split, next to the shipped whole-message
flag. The validation split decides (see docs/model.md); the test figures
are reported only.

Usage::

    OMP_NUM_THREADS=1 python scripts/flag_by_sentence.py [--model DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402

import hatewatch  # noqa: E402
from hatewatch.classifiers.calibration import recall_threshold  # noqa: E402
from hatewatch.classifiers.training import (  # noqa: E402
    default_training_files,
    read_labelled,
)

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
RECALL = 0.98


def threat_scores(model, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``p_threat`` of each whole text, and the max over it and its sentences."""
    whole = model.predict_proba(texts)[:, 2]
    sentences, owner = [], []
    for i, text in enumerate(texts):
        parts = [p for p in SENTENCE_END.split(text) if p.strip()]
        if len(parts) > 1:
            sentences += parts
            owner += [i] * len(parts)
    best = whole.copy()
    if sentences:
        np.maximum.at(best, np.array(owner), model.predict_proba(sentences)[:, 2])
    return whole, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    model = hatewatch.load_model(args.model)
    frame = read_labelled(default_training_files())
    val = frame[frame["split"] == "validation"]
    y_val = val["label"].to_numpy() == "threat"
    v_whole, v_best = threat_scores(model, val["text"].tolist())
    tests = {
        src: frame[(frame["split"] == "test") & (frame["source"] == src)]
        for src in sorted(frame.loc[frame["split"] == "test", "source"].unique())
    }
    scored = {src: threat_scores(model, d["text"].tolist()) for src, d in tests.items()}
    print(f"model {model.version}; thresholds chosen for validation recall {RECALL}")
    for k, name in ((0, "whole message"), (1, "max over sentences")):
        p_val = (v_whole, v_best)[k]
        t = recall_threshold(p_val, y_val, RECALL)
        rows = [("validation", y_val, p_val)] + [
            (f"test {src}", d["label"].to_numpy() == "threat", scored[src][k])
            for src, d in tests.items()
        ]
        print(f"\n{name}: threshold {t:.3f}")
        for label, y, p in rows:
            flag = p >= t
            tp, n_flag, n_pos = int(np.sum(flag & y)), int(flag.sum()), int(y.sum())
            print(
                f"  {label:<22} flagged {n_flag:>4}  threat precision "
                f"{tp / max(n_flag, 1):.3f}  recall {tp / max(n_pos, 1):.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
