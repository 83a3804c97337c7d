"""Compare the model 0.3.0 variants on validation data (how 0.3.0 was chosen).

Each variant is trained on the ``train`` split of ``data/annotations/*.csv``
(real messages weigh 2, as in ``hatewatch train``), calibrated on the
``validation`` split, and measured on validation only:

- ``con.macro`` / ``con.P@R.95``: constructed validation macro-F1 and the
  best threat precision at recall >= 0.95;
- ``ims.F1``: IMSyPP validation hate+threat-vs-neutral F1;
- ``v2.macro`` / ``v2.flagP`` / ``v2.flagR``: on the fresh validation set
  ``data/annotations/validation_v2_nl.csv`` when it exists (written blind
  from the codebook; all rows, English included), macro-F1 and the threat
  flag at the threshold chosen on its Dutch rows (recall target 0.95, as
  ``hatewatch train``), so flagR is in-sample;
- ``flips`` / ``dHost``: gender counterfactual label flips and mean
  p(hostile) female minus male on the constructed validation texts;
- ``idFPR``: the worst identity group's false-positive rate on the bias
  statements (``resources/bias``, never trained on).

Usage::

    OMP_NUM_THREADS=1 python scripts/model_variants_v3.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from hatewatch.classifiers import bias  # noqa: E402
from hatewatch.classifiers.bow import HatewatchClassifier  # noqa: E402
from hatewatch.classifiers.training import (  # noqa: E402
    default_training_files,
    read_labelled,
)

ROOT = Path(__file__).resolve().parent.parent
V2 = ROOT / "data" / "annotations" / "validation_v2_nl.csv"


def p_at_r(y: np.ndarray, p: np.ndarray, recall: float = 0.95) -> float:
    order = np.argsort(-p, kind="stable")
    tp = np.cumsum(y[order])
    k = int(np.searchsorted(tp, recall * y.sum() - 1e-9)) + 1
    return float(tp[k - 1] / k)


def main() -> int:
    files = [
        f for f in default_training_files() if not f.name.startswith("validation_")
    ]
    frame = pd.concat([read_labelled([f]) for f in files], ignore_index=True)
    v2 = read_labelled([V2]) if V2.exists() else None
    v2nl = v2[v2["lang"] == "nl"] if v2 is not None else None
    variants = {
        "0.2.0 settings (no masking, lexicon, sentences, identity data)": (
            dict(mask_tokens=False, lexicon_features=False, sentence_max=False),
            False,
        ),
        "+ identity data": (
            dict(mask_tokens=False, lexicon_features=False, sentence_max=False),
            True,
        ),
        "+ masking": (dict(lexicon_features=False, sentence_max=False), True),
        "+ lexicon tags": (dict(sentence_max=False), True),
        "+ sentence max (= 0.3.0)": ({}, True),
        "0.3.0 without identity data": ({}, False),
    }
    print(
        f"{'variant':<64}{'con.macro':>10}{'con.P@R95':>10}{'ims.F1':>8}"
        f"{'v2.macro':>9}{'v2.flagP':>9}{'v2.flagR':>9}{'flips':>7}{'dHost':>7}"
        f"{'idFPR':>7}"
    )
    for name, (params, identity) in variants.items():
        f = frame if identity else frame[frame["source"] != "constructed_identity"]
        train = f[f["split"] == "train"]
        val = f[(f["split"] == "validation")]
        w = np.where(train["constructed"].to_numpy(bool), 1.0, 2.0)
        m = HatewatchClassifier(target_threat_recall=0.95, **params).fit(
            train["text"].tolist(),
            train["label"].tolist(),
            groups=(train["source"] + ":" + train["group"].astype(str)).tolist(),
            calibration=(val["text"].tolist(), val["label"].tolist()),
            sample_weight=w.tolist(),
            threshold_data=(
                (v2nl["text"].tolist(), v2nl["label"].tolist())
                if v2nl is not None
                else None
            ),
        )
        con = val[val["source"] == "constructed"]
        pc = m.predict_proba(con["text"].tolist())
        yc = con["label"].to_numpy()
        macro = f1_score(yc, m.labels_from_proba(pc), average="macro")
        par = p_at_r(yc == "threat", pc[:, 2])
        ims = val[val["source"] == "imsypp"]
        pi = m.labels_from_proba(m.predict_proba(ims["text"].tolist()))
        imsf1 = f1_score(ims["label"] != "neutral", pi != "neutral")
        v2m = v2p = v2r = float("nan")
        if v2 is not None:
            pv = m.predict_proba(v2["text"].tolist())
            yv = v2["label"].to_numpy()
            v2m = f1_score(yv, m.labels_from_proba(pv), average="macro")
            fl = pv[:, 2] >= m.threat_threshold_
            v2p = float((yv[fl] == "threat").mean()) if fl.any() else float("nan")
            v2r = float(fl[yv == "threat"].mean())
        g = bias.gender_counterfactuals(m, con["text"].tolist())
        it = bias.identity_term_bias(m)
        print(
            f"{name:<64}{macro:>10.3f}{par:>10.3f}{imsf1:>8.3f}{v2m:>9.3f}"
            f"{v2p:>9.3f}{v2r:>9.3f}{100 * g['flip_rate']:>6.2f}%"
            f"{g['mean_diff_hostile']:>+7.2f}{100 * it['fpr_max']:>6.1f}%",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
