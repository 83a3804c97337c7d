"""Coverage and bias of the corrected exposure estimators (issue 9 targets).

Each replication simulates a new two-group corpus with the *model's* labels
(per-gender recall and false-positive rate), draws a validation sample from
it as studies do (stratified by gender x predicted label with weights, by
predicted label only, by gender, simple random, small) and runs the same
estimators the report uses (:mod:`hatewatch.exposure.coverage`). Truth: the
finite-population share of truly hostile pairs in that corpus.

Prints one row per (setting, quantity): coverage of the 95% interval, bias
and its Monte Carlo standard error (percentage points), mean interval width,
replications used (and refused: thin validation cells) and, for the
zero-gap settings, how often ``gap_model`` rejects "no gap" at 0.05.

Usage::

    nice .venv/bin/python scripts/exposure_coverage.py [--reps 500] [--n-boot 1000]
"""

from __future__ import annotations

import argparse
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--settings", nargs="*", default=None)
    args = parser.parse_args()

    import pandas as pd

    from hatewatch.exposure.coverage import SETTINGS, run_setting

    names = args.settings or list(SETTINGS)
    rows = []
    t0 = time.perf_counter()
    for i, name in enumerate(names):
        t = time.perf_counter()
        rows += run_setting(name, args.reps, n_boot=args.n_boot, seed=args.seed + i)
        print(f"{name}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    table = pd.DataFrame(rows)
    for col in ("bias", "bias_se", "width"):
        table[col] = 100 * table[col]
    table = table.rename(
        columns={"bias": "bias_pt", "bias_se": "bias_se_pt", "width": "width_pt"}
    )
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    print(
        f"# {args.reps} replications per setting, {args.n_boot} bootstrap draws, "
        f"seed {args.seed}; {time.perf_counter() - t0:.0f} s"
    )
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
