"""Benchmark ``hatewatch import`` on a 1,000,000-message JSONL file.

Generates ``bench/import_<n>.jsonl`` (made-up messages shaped like
``data/examples/messages.jsonl``: X ids, ISO timestamps, ~200,000 distinct
authors, replies and @mentions of the Tweede Kamer roster), imports it into a
fresh store with roster resolution, and prints messages per second and the
resident memory during the run. Two references run in the same process on the
same file: a bare ``json.loads`` of every line (the floor for any Python
line parser) and DuckDB's own ``read_json`` straight into a table (no
validation, no pseudonymisation, no recipients).

Usage::

    python scripts/benchmark_import.py [-n 1000000]   # sets a throwaway key if unset

The target is >= 50,000 messages/s with flat memory (see docs/store.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _bench import PeakRSS

ROOT = Path(__file__).resolve().parents[1]

WORDS = (
    "de het een en van ik je jij u is dat niet op te met voor zijn er maar "
    "hoe zit nu stikstof plan mensen wachten duidelijkheid klopt dit wel "
    "volgens cbs anders toeslagen ouders geld kabinet kamer debat motie "
    "schande onzin eerlijk belasting woningen boeren zorg asiel klimaat "
    "stem verkiezingen beloofd waarom wanneer gaan doen snel beter slecht"
).split()


def roster_handles() -> list[str]:
    path = ROOT / "data" / "rosters" / "tk2021.tsv"
    if path.exists():
        import csv

        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        # a cell may hold several handles separated by ';'
        handles = [
            h.strip()
            for r in rows
            for h in (r.get("handle_twitter") or "").split(";")
            if h.strip()
        ]
        if handles:
            return handles
    return [f"kamerlid{i}" for i in range(150)]


def generate(path: Path, n: int, handles: list[str], seed: int = 7) -> None:
    """Write ``n`` messages as JSON lines (deterministic for a seed)."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    base_id = 1_340_000_000_000_000_000
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            target = rng.choice(handles)
            words = " ".join(rng.choices(WORDS, k=rng.randint(6, 30)))
            reply = rng.random() < 0.75
            other = f" @{rng.choice(handles)}" if rng.random() < 0.2 else ""
            text = f"@{target} {words}{other}" if reply else f"{words} @{target}"
            mid = base_id + i * 7919
            created = start + timedelta(seconds=i * 31 + rng.randint(0, 30))
            rec = {
                "platform": "twitter",
                "message_id": str(mid),
                "conversation_id": str(mid - rng.randint(1, 10**6)),
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "author_id": f"u{rng.randint(1, 200_000)}",
                "text": text,
                "lang": "nl",
                "reply_to": f"@{target}" if reply else None,
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="messages")
    parser.add_argument("--dir", type=Path, default=ROOT / "bench")
    parser.add_argument("--batch-size", type=int, default=150_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--no-rss", action="store_true", help="do not sample memory during the import"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HATEWATCH_PSEUDONYM_KEY", "benchmark-key-not-a-secret")

    import duckdb

    from hatewatch.collectors.files import import_file
    from hatewatch.store import Store

    handles = roster_handles()
    src = args.dir / f"import_{args.n}.jsonl"
    if args.regenerate or not src.exists():
        t = time.perf_counter()
        generate(src, args.n, handles)
        print(f"generated {src} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    size = src.stat().st_size
    print(f"input      {src.name}: {args.n:,} messages, {size / 1e6:,.0f} MB")

    db = args.dir / "import_bench.duckdb"
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)

    # -- hatewatch import ------------------------------------------------------
    rss_per_batch: list[int] = []
    with Store(db) as store:
        import pandas as pd

        store.add_roster(
            {
                "people": pd.DataFrame(
                    {
                        "politician_id": handles,
                        "name": handles,
                        "gender": ["unknown"] * len(handles),
                    }
                ),
                "spells": pd.DataFrame(
                    columns=[
                        "politician_id",
                        "office",
                        "level",
                        "party",
                        "region",
                        "start_date",
                        "end_date",
                    ]
                ),
                "handles": pd.DataFrame(
                    {
                        "politician_id": handles,
                        "platform": "twitter",
                        "handle": handles,
                    }
                ),
            },
            "bench",
        )
        orig = store.add_frames
        store_time = [0.0]

        with PeakRSS(interval=3600 if args.no_rss else 0.05) as mem:
            rss_start = mem.rss()

            def add_frames(*a, **kw):
                t0 = time.perf_counter()
                out = orig(*a, **kw)
                store_time[0] += time.perf_counter() - t0
                if not args.no_rss:
                    rss_per_batch.append(mem.rss())
                return out

            store.add_frames = add_frames  # type: ignore[method-assign]
            t = time.perf_counter()
            result = import_file(
                src,
                store,
                roster="bench",
                batch_size=args.batch_size,
            )
            elapsed = time.perf_counter() - t
            t = time.perf_counter()
            store.con.execute("CHECKPOINT")
            checkpoint = time.perf_counter() - t
    rate = result.received / elapsed
    print(
        f"hatewatch  {elapsed:6.1f} s  {rate:10,.0f} msg/s  "
        f"inserted {result.inserted:,}, links {result.links:,}, "
        f"unresolved {result.unresolved:,}, bad {result.bad}"
    )
    print(
        f"split      {store_time[0]:6.1f} s in Store.add_frames (DuckDB), "
        f"{elapsed - store_time[0]:.1f} s waiting for the reader thread"
    )
    k = len(rss_per_batch)
    marks = (
        [rss_per_batch[i] for i in (0, k // 4, k // 2, 3 * k // 4, k - 1)] if k else []
    )
    if args.no_rss:
        print("memory     not sampled (--no-rss)")
    else:
        print(
            f"memory     start {mb(rss_start)}, peak {mb(mem.peak)}; after batch "
            f"1, 25%, 50%, 75%, last: {', '.join(mb(m) for m in marks)}"
        )
    print(
        f"checkpoint {checkpoint:6.1f} s  final CHECKPOINT after the import; "
        f"{result.received / (elapsed + checkpoint):,.0f} msg/s including it"
    )
    print(f"store      {db.stat().st_size / 1e6:,.0f} MB")

    # -- reference 1: json.loads of every line --------------------------------
    t = time.perf_counter()
    n = 0
    loads = json.loads
    with open(src, "rb") as fh:
        for line in fh:
            loads(line)
            n += 1
    ref_json = time.perf_counter() - t
    print(
        f"reference  {ref_json:6.1f} s  {n / ref_json:10,.0f} msg/s  "
        f"json.loads per line (hatewatch/reference time {elapsed / ref_json:.2f}x)"
    )

    # -- reference 2: DuckDB read_json straight into a table ------------------
    con = duckdb.connect(str(args.dir / "import_ref.duckdb"))
    con.execute("DROP TABLE IF EXISTS raw")
    t = time.perf_counter()
    quoted = str(src).replace("'", "''")
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM "
        f"read_json('{quoted}', format='newline_delimited')"
    )
    ref_duck = time.perf_counter() - t
    n_duck = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    con.close()
    (args.dir / "import_ref.duckdb").unlink(missing_ok=True)
    print(
        f"reference  {ref_duck:6.1f} s  {n_duck / ref_duck:10,.0f} msg/s  "
        "DuckDB read_json into a table "
        f"(hatewatch/reference time {elapsed / ref_duck:.2f}x)"
    )
    target = 50_000
    print(f"target     >= {target:,} msg/s: {'met' if rate >= target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
