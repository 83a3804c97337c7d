"""Throughput of hatewatch's classifier against a reference scikit-learn pipeline.

Usage::

    OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python scripts/benchmark_classifier.py \
        [--model models/hatewatch-nl-bow-0.2.0] [--n 100000] [--seed 0]

What it does, in one process pinned to one core (``os.sched_setaffinity``
where available, ``threadpoolctl`` limits BLAS/OpenMP to one thread):

1. Reads ``data/annotations/*.csv``. The reference pipeline
   (``TfidfVectorizer`` word 1-2-grams + ``TfidfVectorizer`` char_wb 2-5-grams,
   ``LogisticRegression``) is fitted on the same ``train`` split as the
   shipped model.
2. Builds ``--n`` realistic messages: test-split texts drawn with replacement,
   each lightly perturbed with a seeded RNG (one or two of: a leading
   ``@mention``, a trailing emoji or hashtag, a vowel elongated, one word
   upper-cased, one character dropped, a filler word appended) so that
   messages are mostly distinct, as in a real stream.
3. Times ``predict_proba`` of a freshly loaded hatewatch model (normalisation,
   threat rules and all, caches cold at the start) and of the reference on
   the same messages, and prints messages/second for both and their ratio.
4. Prints macro-F1 of both on the unperturbed constructed + IMSyPP test
   splits, then per source (including the functional suite if present),
   labels by each model's own decision rule.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

_EMOJI = ["😂", "🤮", "😡", "🔪", "👍", "🙄", "🤡", "💯", "🔥", "🇳🇱"]
_TAGS = ["#tweedekamer", "#politiek", "#nos", "#debat", "#zorg", "#stikstof"]
_FILLERS = ["hoor", "echt", "gewoon", "zeg", "dus", "man", "toch", "joh", "!!", "??"]
_MENTIONS = ["@minpres", "@jan_de_vries", "@RaadslidPiet", "@kamerlid_x", "@NOS"]


def perturb(text: str, rng: random.Random) -> str:
    """Apply one or two light, realistic edits to ``text``."""
    for _ in range(rng.randint(1, 2)):
        op = rng.randrange(6)
        words = text.split()
        if op == 0:
            text = f"{rng.choice(_MENTIONS)} {text}"
        elif op == 1:
            text = f"{text} {rng.choice(_EMOJI + _TAGS)}"
        elif op == 2 and words:
            i = rng.randrange(len(words))
            w = words[i]
            vowels = [j for j, c in enumerate(w) if c in "aeiou"]
            if vowels:
                j = rng.choice(vowels)
                words[i] = w[:j] + w[j] * rng.randint(3, 6) + w[j + 1 :]
            text = " ".join(words)
        elif op == 3 and words:
            i = rng.randrange(len(words))
            words[i] = words[i].upper()
            text = " ".join(words)
        elif op == 4 and len(text) > 8:
            j = rng.randrange(len(text))
            text = text[:j] + text[j + 1 :]
        else:
            text = f"{text} {rng.choice(_FILLERS)}"
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-pin", action="store_true", help="Do not pin to one core.")
    args = ap.parse_args(argv)

    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        print(f"pinned to CPU {cpu}")
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)

    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    from hatewatch.classifiers import load_model, read_labelled
    from hatewatch.classifiers.evaluation import score_labels
    from hatewatch.classifiers.training import default_training_files

    files = default_training_files()
    frame = pd.concat([read_labelled([f]) for f in files], ignore_index=True)
    train = frame[frame["split"] == "train"]
    test = frame[frame["split"] == "test"]
    print(
        f"data: {', '.join(f.name for f in files)}; train {len(train)}, "
        f"test {len(test)}"
    )

    t0 = time.perf_counter()
    reference = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2)),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
        ),
        LogisticRegression(max_iter=2000),
    )
    reference.fit(train["text"].tolist(), train["label"].tolist())
    print(f"reference fitted in {time.perf_counter() - t0:.1f} s")

    rng = random.Random(args.seed)
    pool = test["text"].tolist()
    messages = [perturb(rng.choice(pool), rng) for _ in range(args.n)]
    distinct = len(set(messages))
    print(f"{args.n:,} messages ({distinct:,} distinct) from {len(pool)} test texts")

    t0 = time.perf_counter()
    model = load_model(args.model)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    proba = model.predict_proba(messages)
    hw_s = time.perf_counter() - t0
    assert proba.shape == (args.n, 3)

    t0 = time.perf_counter()
    ref_proba = reference.predict_proba(messages)
    ref_s = time.perf_counter() - t0
    assert ref_proba.shape == (args.n, 3)

    hw_rate = args.n / hw_s
    ref_rate = args.n / ref_s
    print(
        f"hatewatch {model.version}: {hw_rate:,.0f} messages/s "
        f"({hw_s:.2f} s; model load {load_s:.2f} s not included)"
    )
    print(f"reference tfidf+logreg:   {ref_rate:,.0f} messages/s ({ref_s:.2f} s)")
    print(f"ratio: {hw_rate / ref_rate:.1f}x")

    texts = test["text"].tolist()
    gold = test["label"].to_numpy()

    def both(mask: Any) -> tuple[Any, Any]:
        """Scores of hatewatch and the reference on the rows in ``mask``."""
        part = [t for t, keep in zip(texts, mask, strict=True) if keep]
        return (
            score_labels(gold[mask], model.predict(part)),
            score_labels(gold[mask], reference.predict(part)),
        )

    main = test["source"].isin(["constructed", "imsypp"]).to_numpy()
    hw, ref = both(main)
    print(
        f"macro-F1 on the constructed + IMSyPP test splits (n={int(main.sum())}): "
        f"hatewatch {hw.macro_f1:.3f}, reference {ref.macro_f1:.3f}"
    )
    for source in sorted(set(test["source"])):
        m = (test["source"] == source).to_numpy()
        a, b = both(m)
        print(
            f"  {source}: hatewatch {a.macro_f1:.3f}, reference {b.macro_f1:.3f} "
            f"(n={int(m.sum())})"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
