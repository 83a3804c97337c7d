"""How far IMSyPP's labels agree with hatewatch's codebook, and what that
means for the IMSyPP target.

``data/annotations/imsypp_test_codebook_review.csv`` holds a blind
annotation of the 425 IMSyPP test messages against
``data/annotations/GUIDELINES.md`` (see ``IMSYPP_REVIEW.md``: one annotator,
who saw neither IMSyPP's labels nor any model output). This script joins it
to ``imsypp_nl.csv`` (IMSyPP's labels mapped to ours) by the SHA-1 of the
text and prints:

- the cross-table and Cohen's kappa of the two label sources (three labels,
  and hostile = hate or threat vs neutral);
- hate+threat-vs-neutral F1 of IMSyPP's own labels scored against the
  codebook review (a ceiling-like figure for the target);
- the model's F1 against either source, on all rows and on the rows the
  reviewer marked ``clear``.

Usage::

    python scripts/imsypp_agreement.py [--model DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import pandas as pd  # noqa: E402
from sklearn.metrics import cohen_kappa_score, f1_score  # noqa: E402

import hatewatch  # noqa: E402

ANN = REPO / "data" / "annotations"


def hostile(labels: pd.Series) -> pd.Series:
    """True for hate or threat."""
    return labels != "neutral"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="model folder (default: shipped)")
    args = ap.parse_args(argv)
    data = pd.read_csv(ANN / "imsypp_nl.csv")
    test = data[data["split"] == "test"].copy()
    test["doc_sha1"] = [hashlib.sha1(t.encode()).hexdigest() for t in test["text"]]
    review = pd.read_csv(ANN / "imsypp_test_codebook_review.csv")
    both = test.merge(review, on="doc_sha1", how="inner", validate="one_to_one")
    if len(both) != len(test):
        raise SystemExit(f"review covers {len(both)} of {len(test)} test messages")
    model = hatewatch.load_model(args.model)
    both["pred"] = model.predict(both["text"].tolist())
    print(f"IMSyPP test split: {len(both)} messages; model {model.version}")
    print("\nrows: IMSyPP label (mapped); columns: codebook review")
    print(pd.crosstab(both["label"], both["codebook_label"], margins=True))
    kappa3 = cohen_kappa_score(both["label"], both["codebook_label"])
    kappa2 = cohen_kappa_score(hostile(both["label"]), hostile(both["codebook_label"]))
    agree = (hostile(both["label"]) == hostile(both["codebook_label"])).mean()
    ceiling = f1_score(hostile(both["codebook_label"]), hostile(both["label"]))
    print(
        f"\nCohen's kappa: three labels {kappa3:.3f}, hostile vs neutral {kappa2:.3f}"
        f" (raw agreement {agree:.3f})"
    )
    print(f"IMSyPP labels scored against the codebook review: F1 {ceiling:.3f}")
    for name, part in (
        ("all", both),
        ("clear", both[both["confidence"] == "clear"]),
    ):
        f_ims = f1_score(hostile(part["label"]), hostile(part["pred"]))
        f_cb = f1_score(hostile(part["codebook_label"]), hostile(part["pred"]))
        print(
            f"model hate+threat-vs-neutral F1 on {name} rows (n={len(part)}): "
            f"against IMSyPP labels {f_ims:.3f}, against the codebook review "
            f"{f_cb:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
