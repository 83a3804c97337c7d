"""Load test of the triage web app over loopback: queue page and case actions.

Builds a case database with 10,000 open cases (made-up Dutch messages aimed
at 150 made-up recipients, priorities spread over 0.3-1.0), 20 reviewer
accounts in one team, starts ``hatewatch serve`` on 127.0.0.1 in a separate
process (exactly what a support desk runs: SQLite in WAL mode, uvicorn, one
worker, access log on), logs the 20 users in and lets them work at once
from 20 threads, each with its own keep-alive connection, until a fixed
number of requests is done. Each user repeats: open the queue (every third
time with a filter), open a case from the queue, claim it, label it, add a
note. Prints p50/p95/max latency per request kind, the request rate, and
the latency of ``/healthz`` measured the same way in the same run as the
reference (the floor of HTTP + uvicorn + Starlette on this machine), with
the ratio of each kind to it.

Usage::

    python scripts/benchmark_triage.py [--cases 10000] [--users 20] [--requests 4000]

Latency depends on the machine; the numbers in docs/triage.md name theirs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark password, not a secret"

TEMPLATES = [
    "Ik weet waar je woont, {name}, pas maar op.",
    "Jij verdient een kogel, {name}.",
    "We steken je huis in brand als je dit doorzet.",
    "Iemand moet jou eens flink in elkaar slaan, {name}.",
    "{name}, je bent een schande voor dit land.",
    "Wacht maar tot we je na het debat tegenkomen.",
]


def build_database(url: str, n_cases: int, n_users: int, seed: int) -> None:
    """Schema, one team, the users and ``n_cases`` open cases (bulk insert)."""
    from sqlalchemy import insert

    from hatewatch.triage import db, users
    from hatewatch.triage.models import Case, CaseRecipient

    engine, factory = db.open_database(url)
    users.add_team(factory, "bench-desk", [("roster", "tk2021")])
    for i in range(n_users):
        users.add_user(factory, f"reviewer{i:02d}", PASSWORD, team="bench-desk")
    rng = random.Random(seed)
    names = [f"Kamerlid {i:03d}" for i in range(150)]
    parties = ["VVD", "PVV", "GL-PvdA", "CDA", "D66", "SP", "NSC", "BBB"]
    start = datetime(2026, 9, 1)
    cases, recipients = [], []
    for i in range(1, n_cases + 1):
        name = rng.choice(names)
        text = rng.choice(TEMPLATES).format(name=name)
        priority = round(rng.uniform(0.3, 1.0), 4)
        cases.append(
            {
                "id": i,
                "platform": "bluesky",
                "message_id": f"bench{i}",
                "message_url": f"https://bsky.app/profile/x/post/bench{i}",
                "author_pseudonym": f"a_{rng.randrange(3000):04d}",
                "text": text,
                "lang": "nl",
                "created_at": start + timedelta(minutes=13 * i),
                "recipient_politician_id": name.lower().replace(" ", "-"),
                "recipient_name": name,
                "recipient_office": "tweede_kamerlid",
                "recipient_party": rng.choice(parties),
                "recipient_level": "national",
                "roster": "tk2021",
                "thread": [],
                "priority": priority,
                "severity": rng.choice(["weapon", "death", "arson", "", ""]),
                "p_threat": priority,
                "model_label": "threat",
                "model_version": "hatewatch-nl-bow-0.2.0",
                "rules": "",
                "explanation": {"spans": [{"start": 0, "end": 6}]},
                "status": "new",
                "escalations": [],
                "opened_at": start + timedelta(minutes=13 * i + 5),
                "updated_at": start + timedelta(minutes=13 * i + 5),
                "version": 1,
            }
        )
        recipients.append(
            {
                "case_id": i,
                "politician_id": name.lower().replace(" ", "-"),
                "relation": "mention",
                "roster": "tk2021",
                "name": name,
                "office": "tweede_kamerlid",
                "party": cases[-1]["recipient_party"],
                "level": "national",
            }
        )
    with factory.begin() as session:
        session.execute(insert(Case), cases)
        session.execute(insert(CaseRecipient), recipients)
    engine.dispose()


def start_server(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    """``hatewatch serve --port 0`` in its own process; returns (process, base)."""
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hatewatch", "serve", "--db", url, "--port", "0"],
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for line in log.read_text().splitlines():
            if "open http://" in line:
                base = line.split("open ", 1)[1].split()[0]
                return proc, base
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()}")
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("server did not start within 60 s")


def csrf_of(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def version_of(html: str) -> str:
    import re

    return re.search(r'name="version" value="(\d+)"', html).group(1)


def run_user(i, base, budget, n_users, results, errors, barrier):
    import re

    import httpx

    rng = random.Random(i)
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/login").text
        r = client.post(
            "/login",
            data={
                "username": f"reviewer{i:02d}",
                "password": PASSWORD,
                "csrf_token": csrf_of(page),
            },
        )
        if r.status_code != 303:
            barrier.abort()
            raise SystemExit(f"login of reviewer{i:02d} failed: {r.status_code}")
        barrier.wait(timeout=300)
        done = 0

        def timed(kind, method, path, **kw):
            nonlocal done
            t0 = time.perf_counter()
            resp = client.request(method, path, **kw)
            results[kind].append(time.perf_counter() - t0)
            done += 1
            if resp.status_code >= 400:
                errors[(kind, resp.status_code)] += 1
            return resp

        while done < budget:
            timed("healthz", "GET", "/healthz")
            k = rng.randrange(3)
            if k == 0:
                q = f"/queue?recipient=kamerlid+{rng.randrange(150):03d}"
            elif k == 1:
                q = "/queue?status=new&severity=weapon"
            else:
                q = "/queue"
            html = timed("queue" if k == 2 else "queue_filtered", "GET", q).text
            # each user takes cases still new from its own share of the page
            # (ids modulo the number of users), so collisions are rare; the
            # ones that happen are counted
            new_ids = [
                int(x)
                for x in re.findall(
                    r'<tr class="status-new">.*?href="/cases/(\d+)"', html, re.S
                )
            ]
            ids = [x for x in new_ids if x % n_users == i] or new_ids
            if not ids:
                continue
            case = ids[rng.randrange(len(ids))]
            page = timed("case_page", "GET", f"/cases/{case}", follow_redirects=True)
            if page.status_code != 200:
                continue
            form = {"csrf_token": csrf_of(page.text), "version": version_of(page.text)}
            r = timed("action", "POST", f"/cases/{case}/claim", data=form)
            if r.status_code == 303:
                form["version"] = str(int(form["version"]) + 1)
                r = timed(
                    "action",
                    "POST",
                    f"/cases/{case}/label",
                    data={**form, "label": "hate"},
                )
                if r.status_code == 303:
                    form["version"] = str(int(form["version"]) + 1)
            timed(
                "action",
                "POST",
                f"/cases/{case}/note",
                data={**form, "text": "benchmark note"},
            )


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=4_000, help="total, all users")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="hatewatch-triage-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'triage.sqlite'}"
        t0 = time.perf_counter()
        build_database(url, args.cases, args.users, args.seed)
        print(
            f"database: {args.cases:,} open cases, {args.users} users "
            f"({time.perf_counter() - t0:.1f} s to build)"
        )
        proc, base = start_server(url, Path(tmp) / "server.log")
        try:
            results = defaultdict(list)
            errors = defaultdict(int)
            barrier = threading.Barrier(args.users + 1)
            budget = max(1, args.requests // args.users)
            threads = [
                threading.Thread(
                    target=run_user,
                    args=(i, base, budget, args.users, results, errors, barrier),
                )
                for i in range(args.users)
            ]
            for t in threads:
                t.start()
            barrier.wait(timeout=300)
            t0 = time.perf_counter()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    total = sum(len(v) for v in results.values())
    print(
        f"{total:,} requests by {args.users} concurrent users in {wall:.1f} s "
        f"({total / wall:.0f} requests/s); server: hatewatch serve, 1 process; "
        f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    ref = statistics.median(results["healthz"])
    print(f"{'kind':<15}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p50/ref':>9}")
    for kind in ("healthz", "queue", "queue_filtered", "case_page", "action"):
        v = results[kind]
        if not v:
            continue
        print(
            f"{kind:<15}{len(v):>7}{1000 * pct(v, 50):>9.1f}{1000 * pct(v, 95):>9.1f}"
            f"{1000 * max(v):>9.1f}{pct(v, 50) / ref:>9.1f}"
        )
    print("reference: healthz (HTTP + uvicorn + Starlette, no database)")
    if errors:
        shown = ", ".join(f"{k} {code}: {n}" for (k, code), n in sorted(errors.items()))
        print(f"refused (409: the case changed or was taken meanwhile): {shown}")


if __name__ == "__main__":
    main()
