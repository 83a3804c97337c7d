"""`flag` against `score` on the same file: rows/second of each and their ratio.

Usage::

    nice .venv/bin/python scripts/benchmark_flag.py [--imsypp PATH] [--rows 40000]
        [--repeat 3]

Inputs (built in a temporary folder):

* ``data/examples/messages.jsonl`` (5,000 constructed messages) as it is;
* the IMSyPP-NL evaluation set (column ``doc``, real Dutch social-media
  text; default ``/work/shared/data/imsypp-nl/IMSyPP_NL_evaluation.csv``)
  repeated to ``--rows`` rows as a CSV with a ``text`` column. Skipped with
  a note if the file is missing.

For each input, :func:`hatewatch.score_file` and
:func:`hatewatch.scoring.flag_file` run ``--repeat`` times each, alternating,
every run with a freshly loaded model (load time excluded, caches cold,
garbage collected first), and the best time of each is reported. The target
of issue 13 is ``flag >= 0.5x score``. One process, one thread; the machine load
(``os.getloadavg``) is printed so figures from a shared machine can be read
against it.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import gc  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
IMSYPP = Path("/work/shared/data/imsypp-nl/IMSyPP_NL_evaluation.csv")


def imsypp_csv(src: Path, dest: Path, rows: int) -> int:
    """Write the ``doc`` texts of ``src`` repeated to ``rows`` rows; return rows."""
    with src.open(encoding="utf-8", newline="") as fh:
        texts = [r["doc"] for r in csv.DictReader(fh) if r.get("doc")]
    with dest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["message_id", "text"])
        for i in range(rows):
            w.writerow([i, texts[i % len(texts)]])
    return rows


def timed(run: object, path: Path, out: Path, model_dir: str | None) -> float:
    from hatewatch.classifiers import load_model

    model = load_model(model_dir)
    # collect the previous run's garbage (an old model's spaCy vocabulary ...)
    # now, so that its cost does not land in whichever run comes next
    gc.collect()
    start = time.perf_counter()
    run(path, out, model=model, force=True, progress=False)  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--imsypp", type=Path, default=IMSYPP)
    ap.add_argument("--rows", type=int, default=40_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None, help="model folder (default: shipped)")
    args = ap.parse_args(argv)

    from hatewatch.scoring import flag_file, score_file

    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inputs = [("examples", REPO / "data/examples/messages.jsonl", 5_000)]
        if args.imsypp.is_file():
            path = tmp / "imsypp.csv"
            inputs.append(("imsypp", path, imsypp_csv(args.imsypp, path, args.rows)))
        else:
            print(f"note: {args.imsypp} not found; IMSyPP figures skipped")
        for name, path, n in inputs:
            best = {"score": float("inf"), "flag": float("inf")}
            for _ in range(args.repeat):
                for what, run, suffix in (
                    ("score", score_file, "parquet"),
                    ("flag", flag_file, "csv"),
                ):
                    sec = timed(run, path, tmp / f"{name}.{what}.{suffix}", args.model)
                    best[what] = min(best[what], sec)
            s, f = n / best["score"], n / best["flag"]
            print(
                f"{name:9s} {n:>7,} rows  score {s:>9,.0f} rows/s  "
                f"flag {f:>9,.0f} rows/s  flag/score {f / s:.2f}x"
            )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
