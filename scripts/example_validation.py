"""Label the example run's validation sample: what a researcher annotates.

``hatewatch sample`` draws the items to label from the store (stratified by
gender x the model's label, with weights). A study has people label them;
for the bundled example corpus the labels are known
(``data/examples/messages_truth.csv``: the label each constructed message was
generated with), so "annotating" means looking them up. Writes the sample
with its ``label`` column filled in and the text dropped.

Usage: python scripts/example_validation.py TO_LABEL.csv OUT.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("to_label", help="the CSV written by hatewatch sample")
    parser.add_argument("out")
    args = parser.parse_args()

    truth = pd.read_csv(
        ROOT / "data" / "examples" / "messages_truth.csv", dtype={"message_id": str}
    ).drop_duplicates("message_id")
    sample = pd.read_csv(args.to_label, dtype=str, keep_default_na=False)
    gold = sample["message_id"].map(truth.set_index("message_id")["label"])
    missing = int(gold.isna().sum())
    if missing:
        raise SystemExit(f"{missing} sampled messages have no known label")
    sample["label"] = gold
    sample = sample.drop(columns=["text"], errors="ignore")
    sample.to_csv(args.out, index=False)
    counts = sample.groupby("stratum")["label"].size().to_dict()
    print(f"labelled {len(sample)} sampled items -> {args.out}; per stratum {counts}")


if __name__ == "__main__":
    main()
