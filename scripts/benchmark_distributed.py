"""Scaling figures: Dask scoring and aggregation with 1 and 2 local workers.

Usage::

    nice .venv/bin/python scripts/benchmark_distributed.py [--rows 80000]
        [--files 8] [--agg-messages 1000000] [--workers 1 2]

Needs the ``distributed`` extra. In a temporary folder it builds:

* a message dataset of ``--rows`` real Dutch texts (the IMSyPP-NL
  evaluation set repeated, or ``data/examples/messages.jsonl`` where that
  file is missing) in ``--files`` Parquet files;
* a scored (message, recipient) dataset from
  :func:`hatewatch.simulate.simulate_corpus` with ``--agg-messages``
  messages, in ``--files`` files.

It prints, for the single-process path (``score_file`` on each file in turn,
the reference) and for a ``LocalCluster`` of each ``--workers`` count (one
thread per worker process): scoring rows/s, aggregation rows/s, speed-up
against one worker, cluster start-up seconds (reported apart, not in the
rates), the peak resident memory of each worker process (``ru_maxrss``),
and rows per CPU-second of the workers (their ``time.process_time``), the
per-core rate that holds on a loaded machine too. The machine load
(``os.getloadavg``) is printed before and after: on a shared machine the
2-worker figure is bounded by the cores the other processes leave free.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
IMSYPP = Path("/work/shared/data/imsypp-nl/IMSyPP_NL_evaluation.csv")


def _texts() -> tuple[str, list[str]]:
    if IMSYPP.is_file():
        with IMSYPP.open(encoding="utf-8", newline="") as fh:
            return "IMSyPP-NL", [r["doc"] for r in csv.DictReader(fh) if r.get("doc")]
    import pandas as pd

    df = pd.read_json(REPO / "data/examples/messages.jsonl", lines=True)
    return "examples", df["text"].astype(str).tolist()


def build_messages(folder: Path, rows: int, files: int) -> str:
    import pandas as pd

    name, texts = _texts()
    folder.mkdir()
    per = -(-rows // files)
    for f in range(files):
        ids = range(f * per, min(rows, (f + 1) * per))
        pd.DataFrame(
            {
                "message_id": [str(i) for i in ids],
                "text": [texts[i % len(texts)] for i in ids],
            }
        ).to_parquet(folder / f"part-{f:03d}.parquet", index=False)
    return name


def build_scored(folder: Path, messages: int, files: int) -> int:
    from hatewatch import simulate

    sim = simulate.simulate_corpus(n_messages=messages, seed=0)
    frame = sim.messages[
        [
            "platform",
            "message_id",
            "politician_id",
            "relation",
            "created_at",
            "author_id",
            "label",
        ]
    ].copy()
    for col in ("platform", "politician_id", "relation", "label"):
        frame[col] = frame[col].astype(str)
    frame["model_version"] = "sim"
    folder.mkdir()
    per = -(-len(frame) // files)
    for f in range(files):
        frame.iloc[f * per : (f + 1) * per].to_parquet(
            folder / f"part-{f:03d}.parquet", index=False
        )
    return len(frame)


def _cpu(client: object) -> float:
    """CPU seconds used so far by all worker processes together."""
    return sum(client.run(time.process_time).values())  # type: ignore[attr-defined]


def _peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=80_000)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--agg-messages", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    from hatewatch import distributed as D
    from hatewatch.scoring import score_file

    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = build_messages(tmp / "messages", args.rows, args.files)
        n_long = build_scored(tmp / "scored", args.agg_messages, args.files)
        print(
            f"score input: {args.rows:,} {source} texts in {args.files} files; "
            f"aggregate input: {n_long:,} (message, recipient) rows in "
            f"{args.files} files"
        )
        from hatewatch.classifiers import load_model

        model = load_model()
        start, cpu0 = time.perf_counter(), time.process_time()
        for f in sorted((tmp / "messages").glob("*.parquet")):
            score_file(f, tmp / f"single-{f.name}", model=model, progress=False)
        single = args.rows / (time.perf_counter() - start)
        single_cpu = args.rows / (time.process_time() - cpu0)
        print(
            f"single process score_file: {single:,.0f} rows/s, "
            f"{single_cpu:,.0f} rows per CPU-second (reference)"
        )
        base: dict[str, float] = {}
        for n in args.workers:
            t0 = time.perf_counter()
            with (
                LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                ) as cluster,
                Client(cluster) as client,
            ):
                startup = time.perf_counter() - t0
                client.run(D.worker_model, D.model_key())  # load, as a real run does
                c0 = _cpu(client)
                t1 = time.perf_counter()
                D.score_dataset(
                    tmp / "messages", tmp / f"out{n}", client=client, progress=False
                )
                score_rate = args.rows / (time.perf_counter() - t1)
                c1 = _cpu(client)
                t2 = time.perf_counter()
                D.aggregate(tmp / "scored", tmp / f"counts{n}", client=client)
                agg_rate = n_long / (time.perf_counter() - t2)
                c2 = _cpu(client)
                rss = client.run(_peak_rss)
            base.setdefault("score", score_rate)
            base.setdefault("agg", agg_rate)
            mem = ", ".join(f"{v / 2**20:,.0f}" for v in sorted(rss.values()))
            print(
                f"{n} worker(s): score {score_rate:>9,.0f} rows/s "
                f"({score_rate / base['score']:.2f}x 1 worker, "
                f"{score_rate / single:.2f}x single process); aggregate "
                f"{agg_rate:>11,.0f} rows/s ({agg_rate / base['agg']:.2f}x); "
                f"peak RSS per worker {mem} MiB; cluster start {startup:.1f} s"
            )
            print(
                f"   per worker CPU-second: score {args.rows / (c1 - c0):,.0f} rows, "
                f"aggregate {n_long / (c2 - c1):,.0f} rows (all workers' CPU time)"
            )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
