"""Speed of normalize/ThreatRules and rule-layer recall on TRAIN/VALIDATION.

Usage: .venv/bin/python scripts/check_rules.py [--no-eval]

Never reads the test split. Speeds are single-core, best of 5 runs.
"""

from __future__ import annotations

import random
import sys
import timeit

from hatewatch.classifiers.rules import ThreatRules
from hatewatch.text import normalize

NEUTRAL = [
    "@MarkRutte wat een slap verhaal weer in de Kamer vandaag",
    "Eens met @geertwilderspvv, dit kabinet moet gewoon opstappen #aftreden",
    "Kijk dit interview https://t.co/AbCdEf123 echt schandalig 😡😡",
    "Goed gedaan minister, dank voor de duidelijke uitleg!",
    "Die motie is dood en begraven, voorstel afschieten dus",
    "Jullie gaan verpletterd worden bij de verkiezingen 🗳️",
    "Zooooo benieuwd naar het debat vanavond 👀",
    "Waarom reageert u niet op mijn vragen over de toeslagen?",
    "RT @NOS: Kabinet presenteert nieuwe plannen voor wonen en zorg",
    "Wat een clown 🤡🤡🤡 #ophouden",
    "In 2021 beloofde je nog iets heel anders, hypocriet",
    "ik hoop dat je een fijne dag hebt, sterkte met alles ❤️",
    "De trein is weer vertraagd, kut NS",
    "Hahaha dit is echt te gek voor woorden 😂😂",
    "Je bent een schande voor dit land, rot op naar huis",
    "k@nker op met je plannen, niemand wil dit",
]
THREATS = [
    "ik ga je vermoorden",
    "we weten waar je woont",
    "hang ze op, te beginnen met @X",
    "kogel erdoor 🔫",
]


def _rate(fn, n: int) -> float:
    return n / min(timeit.repeat(fn, number=1, repeat=5))


def bench() -> None:
    rng = random.Random(0)
    msgs = [rng.choice(NEUTRAL) + f" {i % 97}" for i in range(20000)]
    print(f"normalize: {_rate(lambda: [normalize(m) for m in msgs], len(msgs)):,.0f}/s")
    mixed = [
        rng.choice(THREATS) if rng.random() < 0.03 else rng.choice(NEUTRAL)
        for _ in range(20000)
    ]
    rules = ThreatRules()
    rules.hits(THREATS)  # build spaCy once
    norms = [normalize(m) for m in mixed]
    print(
        f"hits(raw, 3% threats): {_rate(lambda: rules.hits(mixed), len(mixed)):,.0f}/s"
    )
    rate = _rate(lambda: rules.hits(norms, normalized=True), len(norms))
    print(f"hits(normalized=True): {rate:,.0f}/s")


def evaluate() -> None:
    import pandas as pd

    rules = ThreatRules()
    for name in ("constructed_nl", "imsypp_nl"):
        data = pd.read_csv(f"data/annotations/{name}.csv")
        for split in ("train", "validation"):
            part = data[data.split == split]
            hits = rules.hits(part.text.tolist())
            part = part.assign(
                any_positive=[any(h.weight > 0 for h in hs) for hs in hits],
                net_positive=[sum(h.weight for h in hs) > 0 for hs in hits],
            )
            table = part.groupby("label")[["any_positive", "net_positive"]].mean()
            print(f"\n{name} {split} (n={len(part)})\n{table.round(3).to_string()}")


if __name__ == "__main__":
    bench()
    if "--no-eval" not in sys.argv:
        evaluate()
