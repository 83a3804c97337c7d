"""Benchmark `hatewatch report` on 10 million simulated scored messages.

Writes a fresh store (simulated corpus, bulk insert through DuckDB), then
times :func:`hatewatch.report.write_report` on it and, as a reference in the
same run, a plain DuckDB GROUP BY over the same tables (join of recipients
and scores, counts per recipient and label). Prints seconds, the ratio and
peak memory (resident set size of this process, sampled by psutil).

Usage::

    .venv/bin/python scripts/benchmark_report.py [--messages 10000000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _bench import PeakRSS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="work folder")
    parser.add_argument("--n-boot", type=int, default=2000)
    parser.add_argument(
        "--reuse-store",
        action="store_true",
        help="time the report on an existing bench.duckdb in --dir (skip writing)",
    )
    args = parser.parse_args()

    import duckdb

    from hatewatch import simulate
    from hatewatch.report import write_report

    folder = args.dir or Path(tempfile.mkdtemp(prefix="hatewatch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "bench.duckdb"
    validation = folder / "validation.csv"
    if args.reuse_store and store.exists() and validation.exists():
        con = duckdb.connect(str(store), read_only=True)
        n_rows = con.execute("SELECT count(*) FROM scores").fetchone()[0]
        con.close()
        print(f"reusing {store} ({n_rows:,} scored messages)")
    else:
        store.unlink(missing_ok=True)
        t0 = time.perf_counter()
        roster = simulate.synthetic_roster(2000, seed=1)
        sim = simulate.simulate_corpus(
            roster, n_messages=args.messages, n_senders=args.messages // 20, seed=1
        )
        t1 = time.perf_counter()
        simulate.write_store(sim, store, model_version="bench-1")
        n_rows = len(sim.messages)
        sim.validation.to_csv(validation, index=False)
        del sim
        t2 = time.perf_counter()
        print(f"simulated {n_rows:,} scored messages in {t1 - t0:.1f} s")
        print(
            f"wrote the store in {t2 - t1:.1f} s ({store.stat().st_size / 1e9:.2f} GB)"
        )

    con = duckdb.connect(str(store), read_only=True)
    t3 = time.perf_counter()
    ref = con.execute(
        """
        SELECT r.politician_id, s.label, count(*)
        FROM message_recipients r
        JOIN scores s USING (platform, message_id)
        JOIN messages m USING (platform, message_id)
        WHERE s.model_version = 'bench-1'
        GROUP BY ALL
        """
    ).fetchall()
    reference = time.perf_counter() - t3
    con.close()
    print(f"reference GROUP BY (3-table join, {len(ref)} groups): {reference:.1f} s")

    out = folder / "report.html"
    with PeakRSS() as mem:
        t4 = time.perf_counter()
        write_report(
            str(store),
            out,
            validation=validation,
            csv_dir=folder / "tables",
            force=True,
            n_boot=args.n_boot,
        )
        elapsed = time.perf_counter() - t4
    print(
        f"write_report on {n_rows:,} messages: {elapsed:.1f} s "
        f"(target < 30 s; {elapsed / reference:.1f}x the reference GROUP BY)"
    )
    print(f"peak RSS during the report: {mem.peak / 1e9:.2f} GB")
    print(f"report: {out} ({out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
