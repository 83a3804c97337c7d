"""Flag precision/recall and per-gender error rates on the example corpus.

The example corpus (``data/examples/messages.jsonl``, 5,000 constructed
messages) has the label each message was generated with in
``messages_truth.csv`` and the recipient's gender. Prints:

- ``hatewatch flag`` (:func:`hatewatch.flag_threats`: model threshold or a
  positive threat rule) and the model flag alone: threat precision, recall,
  number flagged (issue 10 target: precision >= 0.60 at recall >= 0.95);
- the classifier's error rates per recipient gender
  (:func:`hatewatch.classifiers.bias.error_rates_by`), to read next to the
  gender gap the example study reports.

Not independent evidence: the example corpus and the training data share
template machinery, and round 5 of the training data was written after
example messages were seen (see docs/model.md).

Usage::

    OMP_NUM_THREADS=1 python scripts/example_flag_precision.py [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import pandas as pd

    import hatewatch
    from hatewatch.classifiers.bias import error_rates_by
    from hatewatch.scoring import flag_threats

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    model = hatewatch.load_model(args.model)
    ex = ROOT / "data" / "examples"
    with open(ex / "messages.jsonl", encoding="utf-8") as fh:
        msgs = pd.DataFrame([json.loads(line) for line in fh])
    truth = pd.read_csv(ex / "messages_truth.csv", dtype={"message_id": str})
    truth = truth.rename(columns={"label": "gold"})
    df = msgs.drop(columns=["lang"], errors="ignore").merge(truth, on="message_id")
    y = df["gold"].to_numpy()
    n_threat = int((y == "threat").sum())
    print(
        f"model {model.version}, threshold {model.threat_threshold_:.3f}, n={len(df)}"
    )
    flagged = flag_threats(df, model=model)
    ids = set(flagged.index)
    fl = df.index.isin(list(ids))
    p_only = model.predict_proba(df["text"].tolist())[:, 2] >= model.threat_threshold_
    for name, f in (("hatewatch flag (model or rule)", fl), ("model flag", p_only)):
        tp = int((f & (y == "threat")).sum())
        print(
            f"{name}: {int(f.sum())} flagged, threat precision "
            f"{tp / max(int(f.sum()), 1):.3f}, recall {tp / max(n_threat, 1):.3f} "
            f"({n_threat} threats; target P >= 0.60 at R >= 0.95)"
        )
    print("classifier error rates by recipient gender:")
    rates = error_rates_by(model, df, "gender", label_column="gold")
    print(rates.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
