"""Reference difficulty check of the annotation splits (not the shipped model).

Trains the issue's reference pipeline (TF-IDF word 1-2-grams + char_wb
2-5-grams, LogisticRegression) on the train splits of both annotation files
and prints per-class scores on each test split. Held-out *templates* make the
constructed test split hard for a bag of words; this shows how hard.

Usage::

    .venv/bin/python scripts/annotations/baseline.py
"""

from __future__ import annotations

from pathlib import Path

ANN = Path(__file__).resolve().parents[2] / "data" / "annotations"


def main() -> None:
    """Fit on train splits, report on test splits."""
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report
    from sklearn.pipeline import make_pipeline, make_union

    c = pd.read_csv(ANN / "constructed_nl.csv", keep_default_na=False)
    i = pd.read_csv(ANN / "imsypp_nl.csv", keep_default_na=False)
    train = pd.concat([c[c.split == "train"], i[i.split == "train"]])
    feats = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
        ),
    )
    model = make_pipeline(feats, LogisticRegression(C=10, max_iter=2000))
    model.fit(train.text, train.label)
    for name, df in (
        ("constructed test", c[c.split == "test"]),
        ("imsypp test", i[i.split == "test"]),
    ):
        print(f"== {name} ({len(df)} rows)")
        print(
            classification_report(
                df.label, model.predict(df.text), digits=3, zero_division=0
            )
        )
        hn = df[df.label != "threat"]
        pred = model.predict(hn.text)
        pred = ["hate" if p == "threat" else p for p in pred]
        print("hate-vs-neutral (threat rows left out, threat predictions as hate):")
        print(classification_report(hn.label, pred, digits=3, zero_division=0))


if __name__ == "__main__":
    main()
