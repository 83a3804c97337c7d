#!/usr/bin/env python
"""Peak memory and throughput of ``hatewatch score`` on a 1-million-row file.

Writes a CSV of synthetic but realistic Dutch messages aimed at politicians
(mentions, URLs, hashtags, emoji, typos, a long tail of rare words and
names) to ``bench/`` (gitignored), then, each in its own process:

1. ``hatewatch score bench/messages_<N>.csv -o bench/scored.parquet``
   (streaming, chunk by chunk), and
2. a reference that does the same at once: ``pandas.read_csv`` of the whole
   file, :func:`hatewatch.score_frame` on all rows, ``to_parquet``.

For each it prints wall time, rows/s and peak resident memory (the kernel's
high-water mark ``VmHWM`` of the process, polled every 50 ms, plus
``ru_maxrss`` of the finished child as a cross-check), and the ratio of the
two peaks. Target: ``hatewatch score`` peak below 1 GB.

Usage::

    .venv/bin/python scripts/benchmark_score_memory.py            # 1,000,000 rows
    .venv/bin/python scripts/benchmark_score_memory.py --rows 100000 --no-reference
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HANDLES = [
    "minpres",
    "geertwilderspvv",
    "sigridkaag",
    "wbhoekstra",
    "jesseklaver",
    "lilianmarijnis",
    "hugodejonge",
    "fleurgrafvr",
    "caroline_vdplas",
    "pieteromtzigt",
    "thierrybaudet",
    "dilanyesilgoz",
    "frans_timmermans",
    "robjetten",
    "kajsaollongren",
    "gemeente_utrecht",
    "raadslid_jan",
]
SUBJECTS = [
    "het kabinet",
    "de minister",
    "die partij",
    "de coalitie",
    "de oppositie",
    "de gemeenteraad",
    "de wethouder",
    "het stikstofbeleid",
    "de asielwet",
    "de woningmarkt",
    "de begroting",
    "de zorgpremie",
    "het klimaatakkoord",
    "de toeslagenaffaire",
    "de formatie",
    "dit voorstel",
    "de motie",
]
NEUTRAL = [
    "Goed debat vandaag over {s}, dank voor de heldere uitleg",
    "Ik ben het niet eens met {s}, maar respect voor de inzet",
    "Wanneer komt er eindelijk duidelijkheid over {s}?",
    "{s} moet van tafel, aftreden is de enige optie",
    "We gaan {s} verpletteren bij de verkiezingen!",
    "Dat voorstel over {s} gaan we in de Kamer afschieten",
    "Kut, trein weer vertraagd, kom te laat voor het debat over {s}",
    "Interessant stuk over {s}, lees het even {u}",
    "'ik ga je vermoorden' stond in de mail aan {h}, doe aangifte!",
    "Sterkte {h}, niemand verdient zulke berichten",
    "Vraag aan {h}: hoe zit het nu met {s}? #politiek",
    "{s} is dood en begraven, tijd voor iets nieuws",
    "Top bijdrage van {h} vanavond 👏👏",
    "Zoooo benieuwd wat {s} gaat opleveren",
]
HATE = [
    "{h} je bent een vieze {x} en je partij is tuig",
    "Wat een domme {x} is {h} zeg, ga terug naar je hok",
    "{h} k@nker {x}, rot op uit de Kamer",
    "Die {x} van een {h} moet je niet serieus nemen, walgelijk wijf",
    "{h} lelijke {x} 🤮🤮",
    "Volksverrader {h}, smerige {x}",
]
THREAT = [
    "{h} we weten waar je woont, pas maar op",
    "Als {s} doorgaat komen we je halen {h}",
    "{h} een kogel is nog te goed voor jou",
    "Zou zonde zijn als je huis afbrandt {h} 🔥",
    "Hang ze op, te beginnen met {h}",
    "{h} ik ga je k*ll3n als ik je tegenkom",
]
INSULTS = ["idioot", "clown", "rat", "debiel", "oplichter", "landverrader", "hoer"]
EMOJI = ["😡", "🤡", "😂", "👍", "🙄", "💩", "🇳🇱", "🔥", "🤔", ""]
SYLLABLES = ["ka", "ver", "bo", "lin", "de", "mar", "tje", "ij", "sch", "oo", "rt"]


def _rare_word(rng: random.Random) -> str:
    # a long tail of never-seen tokens, as in real streams (names, typos)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _message(rng: random.Random) -> str:
    r = rng.random()
    pool = NEUTRAL if r < 0.8 else HATE if r < 0.95 else THREAT
    text = rng.choice(pool).format(
        s=rng.choice(SUBJECTS),
        h="@" + rng.choice(HANDLES),
        x=rng.choice(INSULTS),
        u=f"https://t.co/{rng.getrandbits(40):x}",
    )
    extra = rng.random()
    if extra < 0.3:
        text += " " + " ".join(_rare_word(rng) for _ in range(rng.randint(1, 4)))
    elif extra < 0.4:
        text = "@" + rng.choice(HANDLES) + " " + text
    if rng.random() < 0.1:
        text = text.replace("e", "ee", 1)  # typo
    return (text + " " + rng.choice(EMOJI)).strip()


def write_messages(path: Path, rows: int, seed: int = 20261128) -> None:
    """Write ``rows`` synthetic messages with store-like columns to ``path``."""
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["platform", "message_id", "created_at", "author_id", "text"])
        for i in range(rows):
            author = hashlib.blake2b(
                str(rng.randint(0, 200_000)).encode(), digest_size=8
            )
            writer.writerow(
                [
                    rng.choice(("twitter", "bluesky", "mastodon")),
                    str(10**17 + i),
                    f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T12:00:00",
                    author.hexdigest(),
                    _message(rng),
                ]
            )
    tmp.replace(path)


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_measured(cmd: list[str]) -> tuple[float, float, float, str]:
    """Run ``cmd``; return (seconds, peak MB polled, ru_maxrss MB, stderr tail)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kb = 0
    while proc.poll() is None:
        hwm = _vm_hwm_kb(proc.pid)
        if hwm is not None:
            peak_kb = max(peak_kb, hwm)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all waited children so far; it
    # belongs to this one only if it grew
    maxrss = after / 1024 if after > before else float("nan")
    tail = err.strip().splitlines()[-1] if err.strip() else ""
    return seconds, peak_kb / 1024, maxrss, tail


REFERENCE = """
import sys, pandas as pd, hatewatch
src, dst, model = sys.argv[1], sys.argv[2], (sys.argv[3] or None)
df = pd.read_csv(src, dtype=str, keep_default_na=False)
out = hatewatch.score_frame(df, "text", model=hatewatch.load_model(model))
out.to_parquet(dst, index=False)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench")
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--model", default="", help="model folder (default: shipped)")
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()

    args.out_dir.mkdir(parents=True, exist_ok=True)
    data = args.out_dir / f"messages_{args.rows}.csv"
    if not data.exists():
        t = time.perf_counter()
        write_messages(data, args.rows)
        print(f"wrote {data} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    size_mb = data.stat().st_size / 2**20
    print(f"input: {data} ({args.rows:,} rows, {size_mb:.0f} MB)")

    cmd = [
        sys.executable, "-m", "hatewatch", "score", str(data),
        "-o", str(args.out_dir / "scored.parquet"), "--force",
        "--chunk-size", str(args.chunk_size),
    ]  # fmt: skip
    if args.model:
        cmd += ["--model", args.model]
    secs, peak, maxrss, summary = run_measured(cmd)
    print(f"command: {' '.join(cmd[1:])}")
    print(f"  summary: {summary}")
    print(
        f"hatewatch score (streaming): {secs:.1f} s, {args.rows / secs:,.0f} rows/s, "
        f"peak RSS {peak:,.0f} MB (ru_maxrss {maxrss:,.0f} MB); "
        f"target < 1024 MB: {'PASS' if peak < 1024 else 'FAIL'}"
    )
    if args.no_reference:
        return
    ref_cmd = [
        sys.executable, "-c", REFERENCE, str(data),
        str(args.out_dir / "scored_reference.parquet"), args.model,
    ]  # fmt: skip
    rsecs, rpeak, rmaxrss, _ = run_measured(ref_cmd)
    print(
        f"reference (read_csv whole file + score_frame at once): {rsecs:.1f} s, "
        f"{args.rows / rsecs:,.0f} rows/s, peak RSS {rpeak:,.0f} MB "
        f"(ru_maxrss {rmaxrss:,.0f} MB)"
    )
    print(f"peak memory ratio reference / streaming: {rpeak / peak:.1f}x")


if __name__ == "__main__":
    main()
