"""Benchmark ``hatewatch import`` on every input format, side by side with a
bare parse of the same file.

``generic`` (the default ``-n`` 1,000,000 messages) generates
``bench/import_<n>.jsonl`` (made-up messages shaped like
``data/examples/messages.jsonl``: X ids, ISO timestamps, ~200,000 distinct
authors, replies and @mentions of the Tweede Kamer roster), imports it into a
fresh store with roster resolution, and prints messages per second and the
resident memory during the run. Two references run in the same process on the
same file: a bare ``json.loads`` of every line (the floor for any Python
line parser) and DuckDB's own ``read_json`` straight into a table (no
validation, no pseudonymisation, no recipients).

The other formats (``twarc2-pages``, ``twarc2-flat``, ``twarc2-stream``,
``zeeschuimer``, ``4cat-csv``; files made by ``scripts/_formats.py`` in the
shapes those tools write) are each timed three ways, alternating, best of
``--repeat`` runs: the reference (``json.loads`` of every line, or
``csv.reader`` over the file), hatewatch's reader alone (``iter_batches``:
parse, validate, pseudonymise, build Arrow batches) and the whole import into
a fresh store with roster resolution. The ratio is reference time / hatewatch
time: 0.25x means a quarter of the speed of the bare parse (issue 13 target).

Usage::

    python scripts/benchmark_import.py [-n 1000000]   # sets a throwaway key if unset
    python scripts/benchmark_import.py --formats twarc2-pages,4cat-csv -n 200000

The target of the generic path is >= 50,000 messages/s with flat memory (see
docs/store.md); of the others >= 0.25x the reference (issue 13).
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
from _formats import GENERATORS, SUFFIX, WORDS

ROOT = Path(__file__).resolve().parents[1]


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


def _remove_db(db: Path) -> None:
    """Delete a benchmark store and its write-ahead log."""
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)


def _roster(store, handles: list[str]) -> None:
    import pandas as pd

    from hatewatch.store import ROSTER_COLUMNS

    store.add_roster(
        {
            "people": pd.DataFrame(
                {
                    "politician_id": handles,
                    "name": handles,
                    "gender": ["unknown"] * len(handles),
                }
            ),
            "spells": pd.DataFrame(columns=list(ROSTER_COLUMNS["spells"])),
            "handles": pd.DataFrame(
                {"politician_id": handles, "platform": "twitter", "handle": handles}
            ),
        },
        "bench",
    )


def _reference(src: Path) -> tuple[float, int]:
    """Seconds for a bare parse of ``src`` and the records it holds."""
    t = time.perf_counter()
    n = 0
    if src.suffix == ".csv":
        import csv

        with open(src, encoding="utf-8", newline="") as fh:
            for _ in csv.reader(fh):
                n += 1
        n -= 1  # the header
    else:
        loads = json.loads
        with open(src, "rb") as fh:
            for line in fh:
                loads(line)
                n += 1
    return time.perf_counter() - t, n


def bench_format(name: str, args: argparse.Namespace, handles: list[str]) -> dict:
    """Time reference, reader and import on one generated file (best of N)."""
    from hatewatch.collectors.files import import_file, iter_batches
    from hatewatch.store import Store

    src = args.dir / f"import_{name}_{args.n}{SUFFIX.get(name, '.jsonl')}"
    if args.regenerate or not src.exists():
        t = time.perf_counter()
        args.dir.mkdir(parents=True, exist_ok=True)
        tmp = src.with_name(src.name + ".part")
        GENERATORS[name](tmp, args.n, handles)
        os.replace(tmp, src)
        print(f"generated {src} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    db = args.dir / f"import_{name}.duckdb"
    best = {"reference": float("inf"), "reader": float("inf"), "import": float("inf")}
    messages = 0
    for _ in range(args.repeat):
        ref, records = _reference(src)
        best["reference"] = min(best["reference"], ref)
        t = time.perf_counter()
        messages = sum(len(b) for b in iter_batches(src, batch_size=args.batch_size))
        best["reader"] = min(best["reader"], time.perf_counter() - t)
        _remove_db(db)
        with Store(db) as store:
            _roster(store, handles)
            t = time.perf_counter()
            result = import_file(src, store, roster="bench", batch_size=args.batch_size)
            best["import"] = min(best["import"], time.perf_counter() - t)
    _remove_db(db)
    return {
        "format": name,
        "messages": messages,
        "records": records,
        "mb": src.stat().st_size / 1e6,
        "links": result.links,
        **best,
    }


def report_formats(rows: list[dict]) -> None:
    print(
        "| format | messages | MB | reference s | reader s | import s "
        "| reader ratio | import ratio | import msg/s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        ref = r["reference"]
        print(
            f"| {r['format']} | {r['messages']:,} | {r['mb']:,.0f} | {ref:.2f} "
            f"| {r['reader']:.2f} | {r['import']:.2f} | {ref / r['reader']:.2f}x "
            f"| {ref / r['import']:.2f}x | {r['messages'] / r['import']:,.0f} |"
        )
    missed = [r["format"] for r in rows if r["reference"] / r["import"] < 0.25]
    print(
        "target     import >= 0.25x the reference: "
        + ("met" if not missed else f"NOT met for {', '.join(missed)}")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="messages")
    parser.add_argument("--dir", type=Path, default=ROOT / "bench")
    parser.add_argument("--batch-size", type=int, default=150_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--formats",
        default="generic",
        help="comma-separated: generic, " + ", ".join(GENERATORS) + " or all",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per format (best counts)"
    )
    parser.add_argument(
        "--no-rss", action="store_true", help="do not sample memory during the import"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HATEWATCH_PSEUDONYM_KEY", "benchmark-key-not-a-secret")
    formats = (
        ["generic", *GENERATORS]
        if args.formats == "all"
        else [f.strip() for f in args.formats.split(",") if f.strip()]
    )
    unknown = [f for f in formats if f != "generic" and f not in GENERATORS]
    if unknown:
        parser.error(f"unknown formats {unknown}")
    others = [f for f in formats if f != "generic"]
    # the figures of a shared machine are read against its load
    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    if others:
        handles = roster_handles()
        report_formats([bench_format(f, args, handles) for f in others])
    rc = bench_generic(args) if "generic" in formats else 0
    print(f"load average after: {os.getloadavg()}")
    return rc


def bench_generic(args: argparse.Namespace) -> int:
    """The generic JSONL import: rate, memory and two references."""
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
    _remove_db(db)

    # -- hatewatch import ------------------------------------------------------
    rss_per_batch: list[int] = []
    with Store(db) as store:
        _roster(store, handles)
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
