"""Draw the example run's validation sample: what a researcher annotates.

A study corrects its prevalence estimates with the classifier's confusion
matrix measured on a random, hand-labelled sample of its own corpus. For the
bundled example corpus the labels are known (``messages_truth.csv``, the label
each constructed message was generated with), so "annotating" a sample means
looking them up. Writes ``label`` (gold) and ``predicted`` (the stored score of
the model version) with the recipient's gender, and no text or ids.

Usage: python scripts/example_validation.py STORE OUT.csv [--n 600] [--seed 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    truth = pd.read_csv(
        ROOT / "data" / "examples" / "messages_truth.csv", dtype={"message_id": str}
    )
    con = duckdb.connect(args.store, read_only=True)
    scores = con.execute(
        """
        SELECT message_id, label AS predicted FROM scores
        WHERE platform = 'twitter' AND model_version = (
            SELECT model_version FROM scores ORDER BY scored_at DESC LIMIT 1)
        """
    ).df()
    con.close()
    sample = truth.sample(n=min(args.n, len(truth)), random_state=args.seed)
    merged = sample.merge(scores, on="message_id", how="inner")
    merged[["label", "predicted", "gender"]].to_csv(args.out, index=False)
    print(
        f"validation sample: {len(merged)} messages drawn at random from the "
        f"example corpus -> {args.out}"
    )


if __name__ == "__main__":
    main()
