"""Exposure analysis: how much hate and how many threats politicians receive.

The package has four parts, each readable and testable on its own:

* :mod:`~hatewatch.exposure.estimators`: pure functions on counts (shares,
  intervals, the corrected-share estimator, multiple-comparison
  adjustments), each with its assumptions in the docstring;
* :mod:`~hatewatch.exposure.design`: validation samples (reading, checking,
  per-cell summaries, the differential-error test, drawing and planning);
* :mod:`~hatewatch.exposure.inference`: the joint bootstrap that gives every
  quantity (and every gap) from one set of draws;
* :mod:`~hatewatch.exposure.core`: :func:`load` and the :class:`Exposure`
  object that runs the SQL and dispatches.

Examples
--------
>>> from hatewatch import exposure, simulate
>>> sim = simulate.simulate_corpus(n_messages=5_000, seed=1)
>>> ex = exposure.load(sim.messages, sim.roster)
>>> table = ex.groups(by="gender", n_boot=200)
>>> sorted(table["gender"])
['female', 'male']
>>> fixed = ex.groups(by="gender", validation=sim.validation, n_boot=200)
>>> bool(fixed["corrected"].all())
True
"""

from __future__ import annotations

from hatewatch.exposure.core import RELATIONS, Exposure, load
from hatewatch.exposure.design import (
    Cells,
    ThinValidationError,
    allocate,
    confusion_counts,
    differential_error,
    load_validation,
    plan_sample,
    validation_cells,
)
from hatewatch.exposure.estimators import (
    adjusted_prevalence,
    benjamini_hochberg,
    bootstrap_gap,
    bootstrap_group,
    eb_shrink,
    fit_beta_binomial,
    holm,
    linear_coefficients,
    ppi_share,
    robust_spikes,
    rogan_gladen,
    wilson_interval,
)

__all__ = [
    "RELATIONS",
    "Cells",
    "Exposure",
    "ThinValidationError",
    "adjusted_prevalence",
    "allocate",
    "benjamini_hochberg",
    "bootstrap_gap",
    "bootstrap_group",
    "confusion_counts",
    "differential_error",
    "eb_shrink",
    "fit_beta_binomial",
    "holm",
    "linear_coefficients",
    "load",
    "load_validation",
    "plan_sample",
    "ppi_share",
    "robust_spikes",
    "rogan_gladen",
    "validation_cells",
    "wilson_interval",
]
