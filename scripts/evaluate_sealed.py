"""Evaluate a model once on the sealed test set and print every issue-10 target.

The sealed set (``data/annotations/sealed_test_nl.csv``) was written blind
from the codebook; its SHA-256 is recorded in ``data/annotations/SEALED.md``
before any evaluation. This script checks the hash first and refuses to run
on a file that differs. Run it once per shipped model and record the output
in the model card and in SEALED.md's evaluation log.

Figures (all on the sealed set unless said otherwise):

- macro-F1 of the label; per-class P/R/F1;
- threat flag (``p_threat >= threat_threshold_``) precision and recall, and
  the flag of ``hatewatch flag`` (model or a positive threat rule);
- group-directed and third-person threats labelled ``threat``;
- identity statements (neutral/positive): false-positive rate per group,
  and subgroup/BPSN/BNSP AUCs per group;
- gender pairs of the set (same message, ``recipient_gender`` female/male):
  label flips and mean p(hostile)/p(threat) difference female minus male;
  and the automatic swap (:func:`hatewatch.classifiers.bias.swap_gender`)
  over all its texts;
- per category accuracy; English and mixed rows: ``lang`` detected and
  flagged.

Usage::

    OMP_NUM_THREADS=1 python scripts/evaluate_sealed.py [--model DIR]
    # the same figures on the fresh validation set:
    python scripts/evaluate_sealed.py --data data/annotations/validation_v2_nl.csv
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEALED = ROOT / "data" / "annotations" / "sealed_test_nl.csv"
RECORD = ROOT / "data" / "annotations" / "SEALED.md"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--data", default=str(SEALED))
    args = ap.parse_args()
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    from hatewatch.classifiers import bias
    from hatewatch.classifiers.persist import load_model
    from hatewatch.language import detect_language

    path = Path(args.data)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if path.name.startswith("validation_"):
        # the same figures on a validation set (no hash check, no seal)
        print(f"validation set {path.name} sha256 {digest} (not sealed)")
    else:
        recorded = re.findall(r"[0-9a-f]{64}", RECORD.read_text(encoding="utf-8"))
        if digest not in recorded:
            print(f"refusing: sha256 {digest} of {path} is not recorded in {RECORD}")
            return 2
        print(f"sealed set {path.name} sha256 {digest} (matches {RECORD.name})")
    model = load_model(args.model)
    d = pd.read_csv(path)
    texts = d["text"].astype(str).tolist()
    y = d["label"].to_numpy()
    proba = model.predict_proba(texts)
    pred = model.labels_from_proba(proba)
    classes = list(model.classes_)
    pt = proba[:, classes.index("threat")]
    flag = pt >= model.threat_threshold_
    hits = model.rule_hits(texts)
    rule = np.array([any(h.weight > 0 for h in hs) for hs in hits])
    print(f"model {model.version}, threshold {model.threat_threshold_:.3f}, n={len(d)}")
    print(f"labels: {d['label'].value_counts().to_dict()}")
    macro = f1_score(y, pred, average="macro")
    print(f"macro-F1 {macro:.3f}  (target >= 0.90)")
    p, r, f, n = precision_recall_fscore_support(
        y, pred, labels=classes, zero_division=0
    )
    for c, a, b, g, k in zip(classes, p, r, f, n, strict=True):
        print(f"  {c:<8} P {a:.3f} R {b:.3f} F1 {g:.3f} n={k}")
    for name, fl in (
        ("model flag", flag),
        ("hatewatch flag (model or rule)", flag | rule),
    ):
        tp = int((fl & (y == "threat")).sum())
        print(
            f"{name}: precision {tp / max(int(fl.sum()), 1):.3f} recall "
            f"{tp / max(int((y == 'threat').sum()), 1):.3f} ({int(fl.sum())} flagged)"
            "  (target P >= 0.90 at R >= 0.95)"
        )
    ys = np.sort(pt[y == "threat"])[::-1]
    if len(ys):
        k = int(np.ceil(0.95 * len(ys)))
        cut = ys[k - 1]
        fl = pt >= cut
        print(
            f"  diagnostic: best threshold for recall >= 0.95 on this set "
            f"{cut:.3f} gives precision {float((y[fl] == 'threat').mean()):.3f}"
        )
    if "category" in d:
        cat = d["category"].astype(str)
        grp = cat.str.contains("group|third", regex=True) & (y == "threat")
        if grp.any():
            print(
                f"group/third-person threats labelled threat: "
                f"{float((pred[grp] == 'threat').mean()):.3f} (n={int(grp.sum())}, "
                "target >= 0.90)"
            )
        print("accuracy per category:")
        for c in sorted(set(cat)):
            m = (cat == c).to_numpy()
            print(f"  {c:<32} {float((pred[m] == y[m]).mean()):.3f} n={int(m.sum())}")
    if "identity_group" in d:
        g = d["identity_group"].fillna("").astype(str)
        has = (g != "").to_numpy()
        neutral = has & (y == "neutral")
        print("identity statements: FPR (neutral/positive labelled hate or threat)")
        fprs = {}
        for grp in sorted(set(g[neutral])):
            m = neutral & (g == grp).to_numpy()
            fprs[grp] = float(np.isin(pred[m], ["hate", "threat"]).mean())
            print(f"  {grp:<22} {100 * fprs[grp]:5.1f}% n={int(m.sum())}")
        if fprs:
            print(
                f"  max {100 * max(fprs.values()):.1f}%, spread "
                f"{100 * (max(fprs.values()) - min(fprs.values())):.1f} pt "
                "(target <= 5% each, <= 3 pt above the best)"
            )
        hostile = np.isin(y, ["hate", "threat"])
        ph = proba[:, classes.index("hate")] + pt
        aucs = bias.borkan_aucs(
            hostile[has], ph[has], {k: (g[has] == k).to_numpy() for k in sorted(fprs)}
        )
        print("  subgroup AUC / BPSN / BNSP (identity rows):")
        for k, v in aucs.items():
            print(
                f"  {k:<22} {v['subgroup_auc']:.3f} {v['bpsn_auc']:.3f} "
                f"{v['bnsp_auc']:.3f}"
            )
    if {"pair_id", "recipient_gender"} <= set(d.columns):
        pairs = d.dropna(subset=["pair_id"])
        pairs = pairs[pairs["recipient_gender"].isin(["female", "male"])]
        idx = {(r.pair_id, r.recipient_gender): i for i, r in pairs.iterrows()}
        fi, mi = [], []
        for pid in sorted(set(pairs["pair_id"])):
            if (pid, "female") in idx and (pid, "male") in idx:
                fi.append(idx[(pid, "female")])
                mi.append(idx[(pid, "male")])
        if fi:
            ph = proba[:, classes.index("hate")] + pt
            flips = float(np.mean(pred[fi] != pred[mi]))
            dh = 100 * float(np.mean(ph[fi] - ph[mi]))
            dt = 100 * float(np.mean(pt[fi] - pt[mi]))
            print(
                f"gender pairs of the set: {len(fi)} pairs, label flips "
                f"{100 * flips:.2f}%, mean p(hostile) female - male {dh:+.2f} pt, "
                f"p(threat) {dt:+.2f} pt (targets <= 1%, |diff| <= 0.5 pt)"
            )
    g = bias.gender_counterfactuals(model, texts)
    if g.get("n_pairs"):
        print(
            f"automatic gender swap over the set: {g['n_pairs']} pairs, flips "
            f"{100 * g['flip_rate']:.2f}%, "
            f"p(hostile) {g['mean_diff_hostile']:+.2f} pt, "
            f"p(threat) {g['mean_diff_threat']:+.2f} pt"
        )
    if "lang" in d:
        det = np.array(detect_language(texts))
        other = (d["lang"].astype(str) != "nl").to_numpy()
        if other.any():
            print(
                f"non-Dutch rows (n={int(other.sum())}): detected non-nl "
                f"{float((~np.isin(det[other], ['nl', 'und'])).mean()):.3f}; "
                f"their threats flagged (model or rule) "
                f"{float(((flag | rule)[other & (y == 'threat')]).mean()):.3f} "
                f"of {int((other & (y == 'threat')).sum())}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
