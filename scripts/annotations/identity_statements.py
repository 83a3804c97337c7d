# ruff: noqa: E501  (data table: one message template per line)
"""Train-only statements about groups: neutral, positive, hateful, threatening.

Writes ``data/annotations/constructed_identity_nl.csv`` (all rows
``split=train``, ``constructed=true``, ``source=constructed_identity``),
byte-identical on every run. Written from the codebook
(``data/annotations/GUIDELINES.md``: 2.x labels, 4.x group statements,
counter-speech, quotes and reports) for model 0.3.0, independently of the
evaluation statements in ``src/hatewatch/resources/bias/identity_templates.tsv``
(different templates; those are never trained on).

Why: model 0.2.0 labelled "Moslims zijn welkom in ons land" hate (0.91)
because group words occurred almost only in hateful training rows, and it
labelled group-directed threats ("ik ga alle X afmaken") ``hate``. Each
template is filled with every group below, so a group word is as common in
neutral and positive rows as in hostile ones, and calls to kill or hurt a
group are ``threat`` (codebook: a threat against a group is a threat).
English templates (threat and neutral) give the model a little English threat
vocabulary; language detection marks English messages in score output.

Usage::

    python scripts/annotations/identity_statements.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "data" / "annotations" / "constructed_identity_nl.csv"

GROUPS_NL = [
    "vrouwen",
    "mannen",
    "moslims",
    "joden",
    "Marokkanen",
    "Turken",
    "Turkse Nederlanders",
    "Marokkaanse Nederlanders",
    "zwarte mensen",
    "Surinamers",
    "homo's",
    "lesbiennes",
    "transgenders",
    "lhbti'ers",
    "vluchtelingen",
    "asielzoekers",
    "migranten",
    "christenen",
    "gehandicapten",
    "VVD'ers",
    "PVV'ers",
    "D66'ers",
    "GroenLinksers",
    "SP'ers",
    "CDA'ers",
    "FvD'ers",
    "BBB'ers",
    "PvdA'ers",
]
GROUPS_EN = [
    "women",
    "Muslims",
    "Jews",
    "immigrants",
    "gay people",
    "refugees",
    "black people",
]

# (label, family, template); {X} = group plural
TEMPLATES: list[tuple[str, str, str]] = [
    # neutral: plain facts, questions, news
    ("neutral", "identity/neutral", "{X} zijn ook gewoon Nederlanders"),
    ("neutral", "identity/neutral", "In mijn straat wonen veel {X}"),
    ("neutral", "identity/neutral", "Het CBS telde vorig jaar meer {X} in Rotterdam"),
    ("neutral", "identity/neutral", "Weet iemand hoeveel {X} er in de Kamer zitten?"),
    ("neutral", "identity/neutral", "Er kwam een vraag van {X} over de nieuwe regels"),
    ("neutral", "identity/neutral", "Mijn buren zijn {X} en heel aardig"),
    ("neutral", "identity/neutral", "Vanavond een documentaire over {X} in Amsterdam"),
    ("neutral", "identity/neutral", "De wethouder sprak met {X} uit de wijk"),
    ("neutral", "identity/neutral", "Veel {X} stemmen op verschillende partijen"),
    ("neutral", "identity/neutral", "Mijn zus werkt in een team met {X}"),
    ("neutral", "identity/neutral", "Hier in de buurt wonen al jaren {X}"),
    ("neutral", "identity/neutral", "{X} wonen en werken overal in het land"),
    ("neutral", "identity/neutral", "Er wonen {X} in elke gemeente van Nederland"),
    ("neutral", "identity/neutral", "{X} leven al eeuwen in dit land"),
    ("neutral", "identity/neutral", "Mijn opa vertelde vaak over de {X} in zijn dorp"),
    ("neutral", "identity/neutral", "Bij ons op school zaten ook {X}"),
    ("neutral", "identity/neutral", "Op de foto staan {X} bij het stadhuis"),
    ("neutral", "identity/neutral", "Dit jaar gingen meer {X} naar de universiteit"),
    ("neutral", "identity/neutral", "{X} kregen gisteren uitleg over de verkiezingen"),
    ("neutral", "identity/neutral", "De partij wil met {X} in gesprek over wonen"),
    # positive
    ("neutral", "identity/positive", "In ons land is plek voor {X}"),
    ("neutral", "identity/positive", "{X} zijn hier thuis, net als iedereen"),
    ("neutral", "identity/positive", "Nederland is ook het land van {X}"),
    ("neutral", "identity/positive", "Welkom aan alle {X} in onze gemeente"),
    ("neutral", "identity/positive", "{X} zijn een verrijking voor ons land"),
    ("neutral", "identity/positive", "Ik steun {X} door dik en dun"),
    ("neutral", "identity/positive", "Mooi om te zien hoe {X} hier hun plek vinden"),
    ("neutral", "identity/positive", "{X} horen net zo goed bij Nederland"),
    (
        "neutral",
        "identity/positive",
        "Respect voor alle {X} die zich inzetten voor de buurt",
    ),
    ("neutral", "identity/positive", "Ons land is sterker dankzij {X}"),
    ("neutral", "identity/positive", "{X} zijn van harte welkom hier"),
    ("neutral", "identity/positive", "Trots op alle {X} in onze stad"),
    ("neutral", "identity/positive", "{X} verdienen evenveel kansen als ieder ander"),
    ("neutral", "identity/positive", "Zonder {X} was ons dorp een stuk armer"),
    ("neutral", "identity/positive", "Ik ben blij met zoveel {X} in de raad"),
    ("neutral", "identity/positive", "{X} maken deel uit van onze samenleving"),
    ("neutral", "identity/positive", "Goed dat {X} eindelijk gehoord worden"),
    ("neutral", "identity/positive", "Alle {X} horen erbij, punt"),
    # counter-speech, negation, reports and quotes
    ("neutral", "identity/counter", "Stop met haat tegen {X}"),
    ("neutral", "identity/counter", "Wie zegt dat {X} tuig zijn, praat onzin"),
    ("neutral", "identity/counter", "Het is walgelijk hoe {X} online worden bedreigd"),
    ("neutral", "identity/counter", "Niemand mag {X} bedreigen, ook niet online"),
    (
        "neutral",
        "identity/counter",
        "Ik las dat iemand riep dat alle {X} dood moeten, smerig",
    ),
    (
        "neutral",
        "identity/counter",
        "Die man die {X} wilde afmaken is gelukkig opgepakt",
    ),
    ("neutral", "identity/counter", "Ik vind echt niet dat {X} minder waard zijn"),
    (
        "neutral",
        "identity/counter",
        "Er is aangifte gedaan tegen de man die dreigde {X} neer te schieten",
    ),
    # hate about groups
    ("hate", "identity/hate", "{X} zijn parasieten die ons land leegzuigen"),
    ("hate", "identity/hate", "Die vieze {X} moeten oprotten uit ons land"),
    ("hate", "identity/hate", "{X} zijn achterlijk, allemaal"),
    ("hate", "identity/hate", "Wat een smerig volk, die {X}"),
    ("hate", "identity/hate", "{X} zijn geen mensen maar beesten"),
    ("hate", "identity/hate", "Kankerzooi, al die {X}"),
    (
        "hate",
        "identity/hate",
        "{X} horen niet in ons land, terug naar waar ze vandaan komen",
    ),
    ("hate", "identity/hate", "Wegwezen met die {X}, niemand wil jullie hier"),
    ("hate", "identity/hate", "{X} zijn een plaag voor dit land"),
    # threats against groups and third persons (codebook: threat)
    ("threat", "identity/threat", "Ik maak alle {X} kapot"),
    ("threat", "identity/threat", "Al die {X} moeten afgeslacht worden"),
    ("threat", "identity/threat", "{X} verdienen een kogel, ik doe het zelf"),
    ("threat", "identity/threat", "Wij gaan die {X} een voor een opknopen"),
    ("threat", "identity/threat", "Zet alle {X} tegen de muur en schiet ze neer"),
    (
        "threat",
        "identity/threat",
        "Binnenkort steken we het huis van die {X} in de fik",
    ),
    ("threat", "identity/threat", "Ik ga naar die moskee van {X} met een mes"),
    ("threat", "identity/threat", "Laten we {X} vergassen"),
    ("threat", "identity/threat", "Elke {X} die ik tegenkom sla ik de kop in"),
    ("threat", "identity/threat", "{X} moeten allemaal dood en ik help mee"),
    ("threat", "identity/threat", "{X} moet je afknallen, allemaal"),
    ("threat", "identity/threat", "Die {X} zou ik allemaal neersteken"),
    ("threat", "identity/threat", "Tijd om {X} uit te roeien"),
    ("threat", "identity/threat", "Hang ze op, al die {X}"),
    ("threat", "identity/threat", "Wie helpt mij {X} te vermoorden?"),
    ("threat", "identity/threat", "Ik rij met mijn auto in op een groep {X}"),
]

EN_TEMPLATES: list[tuple[str, str, str]] = [
    ("threat", "english/threat", "I will kill you and your family"),
    ("threat", "english/threat", "Someone should put a bullet in your head"),
    ("threat", "english/threat", "I know where you live, watch your back"),
    ("threat", "english/threat", "You will be dead by next week"),
    ("threat", "english/threat", "We are going to burn your house down"),
    ("threat", "english/threat", "I'm going to shoot all {X}"),
    ("threat", "english/threat", "All {X} should be hanged"),
    ("threat", "english/threat", "Going to stab you when I see you"),
    ("neutral", "english/neutral", "Thank you for your work in parliament"),
    ("neutral", "english/neutral", "Great speech today, well done"),
    ("neutral", "english/neutral", "{X} are welcome here"),
    ("neutral", "english/neutral", "I disagree with your policy on housing"),
    ("neutral", "english/neutral", "Stop the hate against {X}"),
    ("neutral", "english/neutral", "When is the next debate?"),
    ("neutral", "english/neutral", "Killing it with that presentation, congrats"),
    (
        "neutral",
        "english/neutral",
        "The police arrested a man who threatened to kill {X}",
    ),
    ("hate", "english/hate", "You are a disgusting pig"),
    ("hate", "english/hate", "{X} are vermin"),
    ("hate", "english/hate", "Shut up you stupid bitch"),
]


def rows() -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for tables, groups, prefix in (
        (TEMPLATES, GROUPS_NL, "id"),
        (EN_TEMPLATES, GROUPS_EN, "en"),
    ):
        for n, (label, family, template) in enumerate(tables, start=1):
            fills = groups if "{X}" in template else [""]
            for g in fills:
                text = template.replace("{X}", g)
                text = text[:1].upper() + text[1:]
                if text in seen:
                    continue
                seen.add(text)
                out.append(
                    {
                        "text": text,
                        "label": label,
                        "source": "constructed_identity",
                        "group": f"{prefix}-{family.split('/')[1]}-{n:02d}",
                        "split": "train",
                        "constructed": "true",
                        "target": "group" if "{X}" in template else "",
                        "template_family": family,
                    }
                )
    return out


def render() -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows()[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows())
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the file differs")
    args = ap.parse_args()
    text = render()
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs from the generator")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows())} rows to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
