"""Service-level timings of the triage case database at 10,000 open cases.

Prints the median milliseconds per call of the service methods the web
workspace uses (queue page, filtered queue, counts, case view with its audit
entry, a label action, dashboard) for a team reviewer (scope filter) and an
admin (no scope filter), and the ratio scoped / unscoped queue as the
in-process reference. No timed assertions: run it and read the figures.

    .venv/bin/python scripts/benchmark_triage_service.py [--cases 10000]
        [--db postgresql://postgres@127.0.0.1:5432/test] [--repeat 20]

With ``--db`` a PostgreSQL database is used (tables are created in a fresh
schema that is dropped at the end); default a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", default=None, help="PostgreSQL URL (default SQLite)")
    args = ap.parse_args()

    from hatewatch.triage import db, users
    from hatewatch.triage.models import Case, CaseRecipient
    from hatewatch.triage.service import TriageService

    schema = None
    if args.db:
        import psycopg

        schema = f"hw_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(args.db, autocommit=True) as con:
            con.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{args.db}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    engine, factory = db.open_database(url)
    try:
        users.add_team(factory, "tk", [("roster", "tk2021")])
        pw = "benchmark passphrase"
        reviewer = users.add_user(factory, "ann", pw, team="tk")
        admin = users.add_user(factory, "adm", pw, role="admin")
        rnd = random.Random(1)
        start = time.perf_counter()
        with factory.begin() as s:
            for i in range(args.cases):
                case = Case(
                    platform="twitter",
                    message_id=str(i),
                    created_at=datetime(2024, 1, 1) + timedelta(minutes=i),
                    text="@iemand ik weet waar je woont " * 3,
                    model_version="bench",
                    priority=round(rnd.random(), 3),
                    p_threat=0.5,
                    severity="weapon" if i % 3 == 0 else "",
                    rules="",
                    thread=[{"message_id": str(i - 1), "text": "eerder bericht"}],
                    explanation={"spans": [{"start": 8, "end": 29}]},
                    escalations=[],
                )
                # half the cases belong to another team's roster
                case.recipients.append(
                    CaseRecipient(
                        politician_id=f"p{i % 150}",
                        roster="tk2021" if i % 2 else "gr-elders",
                        name=f"Politicus {i % 150}",
                        office="tweede_kamerlid",
                        party="X",
                        level="national",
                    )
                )
                s.add(case)
        print(
            f"{args.cases:,} cases inserted in {time.perf_counter() - start:.1f} s "
            f"({'PostgreSQL' if args.db else 'SQLite'})"
        )
        svc = TriageService(factory)
        own = svc.queue(reviewer, limit=1)[0].id

        def timed(fn) -> float:
            fn()
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - t)
            return 1000 * statistics.median(runs)

        results: dict[tuple[str, str], float] = {}
        for who in (reviewer, admin):
            calls = {
                "queue page (50)": lambda w=who: svc.queue(w),
                "queue filtered": lambda w=who: svc.queue(
                    w, recipient="politicus 7", severity="weapon"
                ),
                "counts per status": lambda w=who: svc.counts(w),
                "queue total": lambda w=who: svc.queue_count(w),
                "case view (audited)": lambda w=who: svc.get_case(w, own),
                "dashboard": lambda w=who: svc.dashboard(w),
            }
            for name, fn in calls.items():
                results[(who.username, name)] = timed(fn)

        def note(w=reviewer) -> None:
            case = svc.get_case(w, own)
            svc.note(w, own, "benchmark", version=case.version)

        results[("ann", "view + note action")] = timed(note)
        print(f"{'call':<24}{'reviewer (scoped)':>20}{'admin (all)':>14}  ms, median")
        names = sorted(
            {n for _, n in results},
            key=list(dict.fromkeys(n for _, n in results)).index,
        )
        for name in names:
            a = results.get(("ann", name))
            b = results.get(("adm", name))
            fa = f"{a:.1f}" if a is not None else "-"
            fb = f"{b:.1f}" if b is not None else "-"
            print(f"{name:<24}{fa:>20}{fb:>14}")
        ratio = (
            results[("ann", "queue page (50)")] / results[("adm", "queue page (50)")]
        )
        print(f"reference: scoped / unscoped queue page = {ratio:.2f}")
    finally:
        engine.dispose()
        if schema:
            import psycopg

            with psycopg.connect(args.db, autocommit=True) as con:
                con.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
