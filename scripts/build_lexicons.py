"""Build the shipped lexicon files in src/hatewatch/resources/lexicons/.

Deterministic: the same inputs give byte-identical files.

- ``abuse_nl.tsv``: GrofLex (Hylke van der Veen, DALC repository,
  GPL-3.0; ``../shared/data/lexicons/groflex.tsv`` or ``--groflex``) lemmas
  with regular Dutch inflections generated here (plural -en/-s, diminutive
  -je/-tje(s), adjective -e/-er/-st(e)). Over-generated forms that are not
  words are harmless (they never occur); forms that are ordinary words of
  another meaning are dropped via ``EXCLUDE``.
- ``first_names_nl.tsv``: the curated list ``first_names_curated.tsv`` plus
  the first names of the rosters in ``data/rosters/`` whose gender is known.
- ``surnames_nl.tsv``: the last word of each roster surname, four letters or
  more, minus ordinary Dutch words (``COMMON_SURNAME_WORDS``).

Usage::

    python scripts/build_lexicons.py [--groflex PATH]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "hatewatch" / "resources" / "lexicons"
GROFLEX = ROOT.parent.parent / "shared" / "data" / "lexicons" / "groflex.tsv"

#: Generated forms that are common words with a harmless meaning.
EXCLUDE = {"moors", "moren", "duivels", "kalfs", "druiven", "paria's"}

#: Surname words that are also ordinary Dutch words: never masked.
COMMON_SURNAME_WORDS = {
    "jong",
    "groot",
    "boer",
    "berg",
    "dijk",
    "kok",
    "baas",
    "vos",
    "bakker",
    "visser",
    "smit",
    "klaver",
    "zee",
    "veld",
    "bos",
    "beek",
    "haan",
    "wit",
    "zwart",
    "kruis",
    "koning",
    "graaf",
    "bruin",
    "heer",
    "meer",
    "broek",
    "dam",
    "brink",
    "hof",
    "kuiper",
    "leeuw",
    "pauw",
    "kramer",
    "wal",
    "hoek",
    "laan",
    "vaart",
    "linden",
    "mulder",
    "weg",
    "werf",
    "molen",
    "geest",
    "lange",
    "korte",
    "vries",
    "haas",
    "vogel",
    "bruins",
    "prins",
    "hart",
    "schouten",
    "bosch",
    "meijer",
    "jansen",
    "janssen",
    "dekker",
    "peters",
    "hendriks",
    "dijkstra",
    "schipper",
    "timmer",
    "wolf",
    "klein",
    "lelie",
    "rood",
    "blok",
    "staal",
    "steen",
    "berge",
    "ven",
    "rijn",
    "born",
    "horst",
    "kamp",
    "raad",
    "pol",
    "post",
    "stok",
    "beer",
    "kuijpers",
    "dool",
    "mooij",
    "sterk",
    "goede",
    "bouwman",
    "koster",
    "wilde",
    "zwaan",
    "nijs",
    "wouden",
    "water",
    "akker",
    "hage",
    "kaag",
    "wiel",
    "bron",
    "tuin",
    "linde",
    "burg",
    "plas",
    "lint",
    "rijk",
    "bever",
    "vink",
    "mol",
    "vis",
    "raaf",
    "kraai",
    "ruiter",
    "snel",
    "slot",
    "poort",
    "keizer",
    "paus",
    "ridder",
    "smits",
    "martens",
    "hamer",
    "moor",
    "wagenaar",
    "kooij",
    "gier",
    "valk",
    "dorp",
    "stad",
    "land",
    "holland",
    "hoop",
    "liefde",
    "vriend",
    "neef",
    "schaap",
    "mager",
    "helder",
    "kant",
    "brand",
    "troost",
    "nagel",
    "klever",
    "kort",
    "krom",
    "maat",
    "leer",
    "lode",
    "schat",
    "stoker",
    "sneller",
    "spek",
    "tros",
    "uitslag",
    "leuning",
    "zwaard",
    "struik",
    "kraker",
    "kluit",
    "knip",
    "beker",
    "bark",
    "ester",
    "otter",
    "kent",
    "grave",
    "haze",
    "hout",
    "riet",
    "ploeg",
    "poppe",
    "raven",
    "rouwe",
    "schaft",
    "spies",
    "strik",
    "teeuw",
    "vlies",
    "zalm",
    "engels",
    "luxemburg",
    "tilburg",
    "zeeland",
    "leerdam",
    "apeldoorn",
    "aalst",
    "dalen",
    "hagen",
    "haga",
    "gent",
    "heide",
    "hoeve",
    "jager",
    "kempen",
    "kops",
    "molenaar",
    "pieper",
    "raak",
    "schrijver",
    "tang",
    "velde",
    "winters",
    "arts",
    "anker",
    "dekken",
    "hoef",
    "jonker",
    "keus",
    "koppen",
    "kappen",
    "leegte",
    "lemmer",
    "schaper",
    "schouw",
    "sent",
    "wezel",
    "leers",
    "steur",
    "lauf",
    "koole",
    "kollen",
    "smals",
    "piket",
    "bommel",
    "kwint",
    "faris",
    "barker",
    "bikker",
    "richter",
    "simons",
    "roos",
    "ben",
    "wil",
    "lot",
    "haar",
    "zijn",
    "storm",
    "winter",
    "zomer",
    "vrede",
    "moed",
    "geluk",
}

#: Roster first names that are also words (Dutch or English) or too short.
FIRST_NAME_WORDS = {
    "van",
    "ben",
    "roos",
    "zus",
    "dick",
    "tof",
    "christ",
    "tiny",
    "grace",
    "meta",
    "mart",
    "nine",
    "mei",
    "jet",
    "hind",
    "harm",
    "toon",
    "koos",
    "sam",
    "ger",
    "bull-de",
    "don",
    "han",
    "cor",
    "ron",
    "ria",
    "rik",
    "lea",
    "kim",
    "ans",
    "ank",
    "bas",
    "stef",
    "tony",
    "queeny",
    "sultan",
    "vicky",
    "spencer",
    "rosa",
    "noes",
    "tosca",
    "magda",
    "gom",
    "mary",
    "perry",
    "robin",
    "reina",
    "bob",
    "lenny",
    "jerry",
    "jock",
    "kirk",
    "lutz",
}


def inflections(lemma: str, pos: str) -> list[str]:
    """Regular Dutch forms of a lemma (a superset; non-words are harmless)."""
    w = lemma
    forms = {w}
    if pos == "NOUN":
        forms |= {w + "en", w + "s", w + "'s", w + "je", w + "tje", w + "jes"}
        forms |= {w + "tjes", w + "pje", w + "pjes"}
        if (
            len(w) > 2
            and w[-1] not in "aeiou"
            and w[-2] in "aeiou"
            and (len(w) < 3 or w[-3] not in "aeiou")
        ):
            forms |= {w + w[-1] + "en", w + w[-1] + "etje", w + w[-1] + "etjes"}
        if w.endswith("e"):
            forms |= {w + "n", w + "s"}
        if w.endswith(("er", "el", "em", "en", "aar", "ier")):
            forms |= {w + "s"}
    elif pos == "ADJ":
        forms |= {w + "e", w + "er", w + "st", w + "ste", w + "en"}
        if (
            len(w) > 2
            and w[-1] not in "aeiou"
            and w[-2] in "aeiou"
            and w[-3] not in "aeiou"
        ):
            forms |= {w + w[-1] + "e", w + w[-1] + "er"}
    elif pos == "VERB":
        stem = w[:-2] if w.endswith("en") else w
        forms |= {stem, stem + "t", "ge" + stem + "d", "ge" + stem + "t"}
    return sorted(f for f in forms if f not in EXCLUDE)


def build_abuse(groflex: Path) -> list[tuple[str, str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    with open(groflex, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            lemma = rec["lemma"].strip().lower()
            if not lemma or " " in lemma:
                continue
            for form in inflections(lemma, rec["pos"].strip()):
                # the first lemma (file order) that generates a form keeps it
                rows.setdefault(form, (lemma, rec["category"].strip()))
    return [(f, lem, cat) for f, (lem, cat) in sorted(rows.items())]


def read_curated() -> dict[str, str]:
    out: dict[str, str] = {}
    with open(OUT / "first_names_curated.tsv", encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    for rec in csv.DictReader(lines, delimiter="\t"):
        out[rec["name"]] = rec["gender"]
    return out


def roster_people() -> list[tuple[str, str]]:
    people = []
    for path in sorted((ROOT / "data" / "rosters").glob("*.tsv")):
        with open(path, encoding="utf-8") as fh:
            for rec in csv.DictReader(fh, delimiter="\t"):
                people.append((rec["name"].strip(), rec["gender"].strip()))
    return people


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groflex", type=Path, default=GROFLEX)
    args = ap.parse_args()
    abuse = build_abuse(args.groflex)
    with open(OUT / "abuse_nl.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# GrofLex lemmas (Hylke van der Veen; DALC repository, GPL-3.0) with\n"
            "# generated regular inflections. Built by scripts/build_lexicons.py.\n"
            "word\tlemma\tcategory\n"
        )
        for row in abuse:
            fh.write("\t".join(row) + "\n")
    names = {k: (g, "curated") for k, g in read_curated().items()}
    from_roster: dict[str, set[str]] = {}
    surnames: set[str] = set()
    for name, gender in roster_people():
        parts = name.split()
        if len(parts) < 2:
            continue
        first = parts[0].lower().strip(".")
        if (
            gender in ("female", "male")
            and len(first) >= 4
            and "." not in parts[0]
            and first not in FIRST_NAME_WORDS
        ):
            from_roster.setdefault(first, set()).add(gender)
        last = parts[-1].lower()
        if len(last) >= 4 and last.isalpha() and last not in COMMON_SURNAME_WORDS:
            surnames.add(last)
    for first, genders in sorted(from_roster.items()):
        if first in COMMON_SURNAME_WORDS or first in names:
            continue
        names[first] = ("both" if len(genders) > 1 else next(iter(genders)), "roster")
    with open(OUT / "first_names_nl.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Dutch first names: curated list plus roster first names of known\n"
            "# gender. Built by scripts/build_lexicons.py.\n"
            "name\tgender\tsource\n"
        )
        for k in sorted(names):
            fh.write(f"{k}\t{names[k][0]}\t{names[k][1]}\n")
    with open(OUT / "surnames_nl.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Last words of roster surnames (4+ letters, not ordinary words).\n"
            "# Built by scripts/build_lexicons.py.\n"
            "surname\n"
        )
        for s in sorted(surnames - set(names)):
            fh.write(s + "\n")
    print(
        f"abuse {len(abuse)} forms, first names {len(names)}, surnames {len(surnames)}"
    )


if __name__ == "__main__":
    main()
