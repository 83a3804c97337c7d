"""Coverage and bias of the corrected estimators on simulated studies.

What users get is checked, not what they would get with the true labels:
each replication is a new corpus with the *model's* labels (a classifier
with its own sensitivity and false-positive rate per gender), a validation
sample drawn from that corpus as studies draw them (stratified by
predicted label with weights, per gender, simple random, small), and the
estimators run through the same functions the :class:`Exposure` object
uses (:func:`inference.make_rectifier`, :func:`inference.group_draws`,
:func:`inference.gap_from_draws`, :func:`inference.glm_with_rates`). The
truth is the finite-population truth of the corpus at hand (the share of
truly hostile pairs it holds).

``scripts/exposure_coverage.py`` prints the table; the tests in
``tests/unit/test_exposure_coverage.py`` assert the targets.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hatewatch.exposure.design import cells_from_counts
from hatewatch.exposure.inference import (
    gap_from_draws,
    glm_with_rates,
    group_draws,
    make_rectifier,
)

__all__ = ["SETTINGS", "run_setting"]

_BASE: dict[str, Any] = {
    "k": 60,
    "shares": (0.10, 0.07),
    "sensitivity": (0.55, 0.55),
    "false_positive": (0.03, 0.03),
    "design": "predicted",
    "n_validation": 600,
    "volume_sigma": 1.0,
}

#: Named settings: overrides of the base (60 recipients per gender, 600
#: items stratified by gender x predicted label, shares 10% / 7%, recall
#: 0.55, 3% false positives).
SETTINGS: dict[str, dict[str, Any]] = {
    "base": {},
    "differential error": {"sensitivity": (0.40, 0.65)},
    "zero gap, differential error": {
        "shares": (0.08, 0.08),
        "sensitivity": (0.40, 0.65),
    },
    "zero gap": {"shares": (0.08, 0.08)},
    "zero gap, heavy tails": {"shares": (0.08, 0.08), "volume_sigma": 2.0},
    "random sample 600": {"design": "random"},
    "by gender only": {"design": "gender"},
    "predicted only": {"design": "predicted-only"},
    "small sample 200": {"n_validation": 200},
    "20 recipients": {"k": 20},
    "8 recipients": {"k": 8},
    "heavy tails + heavy receiver": {"volume_sigma": 2.0, "heavy": 1.0},
    "low prevalence 2%": {"shares": (0.02, 0.015), "false_positive": (0.01, 0.01)},
}


def run_setting(
    name: str,
    reps: int,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    glm: bool = True,
    glm_draws: int = 20,
) -> list[dict[str, Any]]:
    """Run one setting; one result row per quantity.

    Returns
    -------
    list of dict
        ``setting, quantity, coverage, bias, width, reps`` (bias and width in
        share units) and, for the GLM, ``rejection`` (share of runs rejecting
        "no gap" at 0.05; only meaningful when the setting's gap is zero).
    """
    from hatewatch.simulate import simulate_study

    spec = {**_BASE, **SETTINGS[name]}
    study = simulate_study(
        reps,
        spec["k"],
        shares=spec["shares"],
        sensitivity=spec["sensitivity"],
        false_positive=spec["false_positive"],
        design=spec["design"],
        n_validation=spec["n_validation"],
        volume_sigma=spec["volume_sigma"],
        heavy=spec.get("heavy"),
        seed=seed,
    )
    rng = np.random.default_rng(seed + 1)
    names = ["female", "male"]
    quantities = ["pooled female", "pooled male", "mean female", "mean male", "gap"]
    hits = {q: [] for q in quantities}
    errors = {q: [] for q in quantities}
    widths = {q: [] for q in quantities}
    refused = 0
    rejections = []
    X_base = np.column_stack([np.ones(len(study.group)), study.group == 0])
    for r in range(reps):
        cells = cells_from_counts(study.validation[r], groups=names)
        corpus = {
            g: (int(study.corpus[r, i, 0].sum()), int(study.corpus[r, i, 1].sum()))
            for i, g in enumerate(names)
        }
        try:
            rect = make_rectifier(cells, corpus, n_boot=n_boot, rng=rng)
        except ValueError:  # thin cell (ThinValidationError) or degenerate
            refused += 1
            continue
        gd = group_draws(
            study.h[r],
            study.n[r],
            study.group,
            study.group,
            2,
            rect,
            rng=rng,
            measures=("pooled", "mean"),
        )
        for measure, truth in (
            ("pooled", study.truth_pooled),
            ("mean", study.truth_mean),
        ):
            lo, hi = gd.interval(measure)
            for g in (0, 1):
                q = f"{measure} {names[g]}"
                hits[q].append(lo[g] <= truth[r, g] <= hi[g])
                errors[q].append(gd.point[measure][g] - truth[r, g])
                widths[q].append(hi[g] - lo[g])
        gap = gap_from_draws(gd, 0, 1, "pooled")
        true_gap = study.truth_pooled[r, 0] - study.truth_pooled[r, 1]
        hits["gap"].append(gap["difference_lo"] <= true_gap <= gap["difference_hi"])
        errors["gap"].append(gap["difference"] - true_gap)
        widths["gap"].append(gap["difference_hi"] - gap["difference_lo"])
        if glm:
            from scipy.stats import t as student_t

            small = rect
            if glm_draws < rect.p1_draws.shape[0]:
                small = type(rect)(
                    rect.groups,
                    rect.p1,
                    rect.p0,
                    rect.p1_draws[:glm_draws],
                    rect.p0_draws[:glm_draws],
                    rect.n1,
                    rect.n0,
                    rect.corrected,
                )
            X = np.column_stack([X_base, np.log(study.n[r])])
            beta, cov, df = glm_with_rates(
                X, study.h[r], study.n[r], study.group, small
            )
            tval = beta[1] / np.sqrt(cov[1, 1])
            rejections.append(2 * student_t.sf(abs(tval), df[1]) < 0.05)
    rows = []
    done = reps - refused
    for q in quantities:
        rows.append(
            {
                "setting": name,
                "quantity": q,
                "coverage": float(np.mean(hits[q])) if done else np.nan,
                "bias": float(np.mean(errors[q])) if done else np.nan,
                "bias_se": float(np.std(errors[q]) / np.sqrt(max(done, 1))),
                "width": float(np.mean(widths[q])) if done else np.nan,
                "reps": done,
                "refused": refused,
            }
        )
    if glm and rejections:
        rows.append(
            {
                "setting": name,
                "quantity": "gap_model rejects 0.05",
                "coverage": np.nan,
                "bias": np.nan,
                "bias_se": np.nan,
                "width": np.nan,
                "rejection": float(np.mean(rejections)),
                "reps": len(rejections),
                "refused": refused,
            }
        )
    return rows
