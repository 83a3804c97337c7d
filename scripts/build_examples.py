"""Build the bundled example messages in ``data/examples/``.

Writes ``messages.jsonl``: about 5,000 made-up X/Twitter-style messages aimed at
members of the Tweede Kamer (real handles from the shared 2021 roster, invented
text and authors); ``messages_with_errors.jsonl``: a few deliberately malformed
lines for import-error demos; ``messages_truth.csv``: the label each message
was generated with. Hostile texts come only from templates in the TEST split of
the constructed set, so the shipped model never trained on them. Rebuilding
gives byte-identical files.

Usage::

    python scripts/build_examples.py [--roster PATH] [--out DIR] [-n 5000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotations import generate as gen  # noqa: E402
from build_annotations import template_splits  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROSTER_REL = Path("..") / "shared" / "data" / "rosters" / "tweedekamer-2021.tsv"
FALLBACK_ROSTER = Path("/work/shared/data/rosters/tweedekamer-2021.tsv")
SEED = 20210115
KEYS = [
    "platform",
    "message_id",
    "conversation_id",
    "created_at",
    "author_id",
    "text",
    "lang",
    "reply_to",
]
START = datetime(2020, 10, 1, tzinfo=UTC)
END = datetime(2021, 2, 26, 23, 59, 59, tzinfo=UTC)
#: Days with much more traffic (news events), weight multiplier.
SPIKES = {
    "2020-11-04": 5,
    "2020-12-17": 4,
    "2021-01-15": 8,
    "2021-01-24": 6,
    "2021-01-25": 5,
    "2021-02-11": 3,
}
#: Hostile share of messages by recipient gender, and threat share of hostile.
HOSTILE_SHARE = {"female": 0.10, "male": 0.06}
THREAT_OF_HOSTILE = 0.2
#: The recipient who gets a large share of all messages.
HEAVY_RECIPIENT = "@ministerBZ"
HEAVY_SHARE = 0.25
#: Share of neutral messages drawn from hard-neutral test templates.
HARD_NEUTRAL_SHARE = 0.15

ORDINARY = [
    "{at} goed verhaal vanavond bij het debat over {topic}",
    "{at} eens! {emo_n}",
    "{at} wat vindt u van {topic}?",
    "{at} dank voor het beantwoorden van mijn vraag",
    "{at} bron?",
    "{at} 👍",
    "{at} waarom stemde {party} tegen de motie over {topic}?",
    "{at} helemaal mee eens, dit moet anders",
    "{at} hoe zit het nu met {topic}? Veel mensen wachten op duidelijkheid",
    "{at} sterkte vandaag",
    "{at} goed dat u dit aankaart",
    "{at} ik ben het er niet mee eens, maar goed dat het debat gevoerd wordt",
    "{at} zijn er al cijfers over {topic}?",
    "{at} mooi werkbezoek in {city} vandaag!",
    "{at} komt er nog een reactie op de petitie over {topic}?",
    "{at} interessant draadje, dank",
    "{at} klopt dit wel? Volgens het CBS is het anders",
    "{at} wanneer is de stemming over {topic}?",
    "{at} heel goed punt over {topic}",
    "{at} wat een teleurstellende uitkomst {emo_n}",
    "{at} zie ik u {whenn} bij {event}?",
    "{at} dit had veel eerder moeten gebeuren",
    "{at} graag aandacht voor de situatie in {city}",
    "{at} hoe gaat uw partij om met {topic} na de verkiezingen?",
    "{at} knap dat u zo rustig blijft in dit debat",
    "{at} ben benieuwd naar het verkiezingsprogramma",
    "{at} uw antwoord gaat niet over mijn vraag",
    "{at} jammer dat de motie het niet gehaald heeft",
    "{at} waar kan ik de Kamerbrief over {topic} vinden?",
    "{at} goed om te horen, dank voor de update",
    "{at} en wat gaat u concreet doen voor {groupneutral}?",
    "{at} leuk u vandaag in {city} te zien",
    "{at} ik hoop dat het kabinet hier snel duidelijkheid over geeft",
    "{at} de toeslagenouders wachten nog steeds op hun geld",
    "{at} wanneer gaan de scholen weer open?",
    "{at} heeft u het rapport over {topic} al gelezen?",
    "{at} waarom duurt dit zo lang?",
    "{at} fijne feestdagen!",
    "{at} gelukkig nieuwjaar en veel sterkte in het nieuwe jaar",
    "{at} wat een onzin, u weet zelf ook dat dit niet klopt",
]


def default_roster_path() -> Path:
    """Return the roster beside the repo (``../shared``), else the /work copy."""
    rel = (REPO / DEFAULT_ROSTER_REL).resolve()
    return rel if rel.exists() else FALLBACK_ROSTER


def load_roster(path: Path) -> list[dict[str, str]]:
    """Read name, handle, gender from the Tweede Kamer roster (TSV).

    Members without a usable handle ("-", or a name in the handle column, as
    for a few rows of the 2021 roster) are skipped: a message must @mention
    its recipient.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh, delimiter="\t")
            if re.fullmatch(r"@\w{1,15}", (r.get("handle") or "").strip())
        ]
    seen: set[str] = set()
    out = []
    for r in rows:
        if r["handle"] in seen:
            continue
        seen.add(r["handle"])
        out.append({"name": r["name"], "handle": r["handle"], "gender": r["gender"]})
    return out


def _snowflake(ts: datetime, seq: int) -> str:
    ms = int(ts.timestamp() * 1000)
    return str(((ms - 1288834974657) << 22) + (seq % 4096))


def _days(rng: random.Random) -> tuple[list[datetime], list[float]]:
    days, weights = [], []
    d = START
    while d <= END:
        key = d.strftime("%Y-%m-%d")
        days.append(d)
        weights.append(SPIKES.get(key, 1.0) * rng.uniform(0.7, 1.3))
        d += timedelta(days=1)
    return days, weights


def _time_of_day(rng: random.Random) -> timedelta:
    hour = rng.choices(
        range(24),
        weights=[
            1,
            1,
            0.5,
            0.3,
            0.3,
            0.5,
            1,
            2,
            3,
            4,
            4,
            4,
            4,
            4,
            4,
            4,
            4,
            5,
            6,
            7,
            7,
            6,
            4,
            2,
        ],
    )[0]
    return timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))


def build_messages(roster: list[dict[str, str]], n: int = 5000, seed: int = SEED):
    """Return ``(messages, truth)``: example message dicts and their labels."""
    rng = random.Random(seed)
    templates = gen.all_templates()
    splits = template_splits(templates)
    test = {
        lab: [t for t in templates if t.label == lab and splits[t.id] == "test"]
        for lab in ("threat", "hate", "neutral")
    }
    ordinary = [
        gen.Template(f"example-{i:02d}", "neutral", "ordinary", t)
        for i, t in enumerate(ORDINARY)
    ]

    order = roster[:]
    rng.shuffle(order)
    heavy = next((r for r in order if r["handle"] == HEAVY_RECIPIENT), None)
    if heavy is None:
        heavy = next(r for r in order if r["gender"] == "female")
    order.remove(heavy)
    rest = [1.0 / (rank + 1) ** 0.9 for rank in range(len(order))]
    scale = (1 - HEAVY_SHARE) / sum(rest)
    recipients = [heavy] + order
    r_weights = [HEAVY_SHARE] + [w * scale for w in rest]

    authors = [f"u{rng.randrange(10**7):07d}" for _ in range(1800)]
    a_weights = [1.0 / (rank + 3) ** 0.9 for rank in range(len(authors))]
    trolls = authors[5:45]

    days, d_weights = _days(rng)
    rows = []
    for i in range(n):
        rec = rng.choices(recipients, weights=r_weights)[0]
        female = rec["gender"] == "female"
        if rng.random() < HOSTILE_SHARE["female" if female else "male"]:
            label = "threat" if rng.random() < THREAT_OF_HOSTILE else "hate"
        else:
            label = "neutral"
        if label == "neutral" and rng.random() > HARD_NEUTRAL_SHARE:
            tmpl = rng.choice(ordinary)
        else:
            tmpl = rng.choice(test[label])
        first, _, last = rec["name"].partition(" ")
        overrides = {
            "at": rec["handle"],
            "naam": last,
            "voornaam": first,
            "Tn": rng.choice([rec["handle"], rec["name"], last]),
            "T": rec["handle"],
            "naamtag": last.replace(" ", ""),
        }
        text, keys = gen.fill(tmpl, rng, female, overrides)
        if rng.random() < 0.15:
            text, _ = gen.obfuscate(text, keys, rng)
        if rec["handle"].lower() not in text.lower():
            text = f"{rec['handle']} {text}"
        reply = text.lower().startswith(rec["handle"].lower()) and rng.random() < 0.8
        author = (
            rng.choice(trolls)
            if label != "neutral" and rng.random() < 0.6
            else rng.choices(authors, weights=a_weights)[0]
        )
        ts = rng.choices(days, weights=d_weights)[0] + _time_of_day(rng)
        ts = min(ts, END)
        rows.append(
            {
                "ts": ts,
                "label": label,
                "template": tmpl.id,
                "reply": reply,
                "rec": rec,
                "text": text,
                "author": author,
                "i": i,
            }
        )

    rows.sort(key=lambda r: (r["ts"], r["i"]))
    messages, truth = [], []
    threads: dict[tuple[str, str], str] = {}
    for seq, r in enumerate(rows):
        mid = _snowflake(r["ts"], seq)
        if r["reply"]:
            # replies to one recipient on one day share the conversation
            key = (r["rec"]["handle"], r["ts"].strftime("%Y-%m-%d"))
            conv = threads.setdefault(
                key, _snowflake(r["ts"] - timedelta(minutes=5), seq + 7)
            )
        else:
            conv = mid
        messages.append(
            {
                "platform": "twitter",
                "message_id": mid,
                "conversation_id": conv,
                "created_at": r["ts"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                "author_id": r["author"],
                "text": r["text"],
                "lang": "nl",
                "reply_to": r["rec"]["handle"] if r["reply"] else None,
            }
        )
        truth.append(
            {
                "message_id": mid,
                "recipient": r["rec"]["handle"],
                "gender": r["rec"]["gender"],
                "label": r["label"],
                "template": r["template"],
            }
        )
    return messages, truth


def error_lines(messages: list[dict]) -> list[str]:
    """Ten malformed lines (with valid ones between) for import-error demos."""
    good = [json.dumps(m, ensure_ascii=False) for m in messages[:10]]
    m = messages[10]
    bad = [
        '{"platform": "twitter", "message_id": "1", "text": "@markrutte onaf',
        json.dumps({k: v for k, v in m.items() if k != "text"}, ensure_ascii=False),
        json.dumps({**m, "created_at": "gisteren om drie uur"}, ensure_ascii=False),
        json.dumps({**m, "created_at": "2021-02-30T10:00:00Z"}, ensure_ascii=False),
        json.dumps({**m, "text": None}, ensure_ascii=False),
        json.dumps({**m, "text": 12345}, ensure_ascii=False),
        json.dumps(
            {k: v for k, v in m.items() if k != "message_id"}, ensure_ascii=False
        ),
        "[1, 2, 3]",
        "this is not json at all",
        json.dumps({**m, "platform": "myspace"}, ensure_ascii=False),
    ]
    out = []
    for g, b in zip(good, bad, strict=True):
        out.extend([g, b])
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the example files; print a short summary."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--roster", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=REPO / "data" / "examples")
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    roster_path = args.roster or default_roster_path()
    if not roster_path.exists():
        print(f"error: roster not found: {roster_path}; pass --roster", file=sys.stderr)
        return 1
    messages, truth = build_messages(load_roster(roster_path), args.n, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(m, ensure_ascii=False) for m in messages]
    (args.out / "messages.jsonl").write_bytes(("\n".join(lines) + "\n").encode())
    errs = error_lines(messages)
    (args.out / "messages_with_errors.jsonl").write_bytes(
        ("\n".join(errs) + "\n").encode()
    )
    buf = io.StringIO()
    w = csv.DictWriter(
        buf,
        fieldnames=["message_id", "recipient", "gender", "label", "template"],
        lineterminator="\n",
    )
    w.writeheader()
    w.writerows(truth)
    (args.out / "messages_truth.csv").write_bytes(buf.getvalue().encode())

    by = Counter((t["gender"], t["label"]) for t in truth)
    for g in ("female", "male"):
        tot = sum(v for (gg, _), v in by.items() if gg == g)
        hostile = by[(g, "hate")] + by[(g, "threat")]
        print(
            f"{g}: {tot} messages, hostile {hostile / tot:.1%}, "
            f"threat {by[(g, 'threat')] / tot:.1%}"
        )
    top = Counter(t["recipient"] for t in truth).most_common(3)
    print("messages:", len(messages), "top recipients:", top)
    by_author = Counter(m["author_id"] for m in messages)
    top_share = by_author.most_common(1)[0][1] / len(messages)
    print(f"authors: {len(by_author)}, top author share: {top_share:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
