"""Build the roster snapshots shipped in data/rosters/ from the shared source files.

Usage::

    .venv/bin/python scripts/build_roster_snapshot.py \
        [--source /work/shared/data/rosters] [--out data/rosters] [--force]

Writes, in the canonical roster TSV format:

- ``tk2021.tsv``: the Tweede Kamer of September 2021 with X/Twitter handles,
  party and gender (from ``tweedekamer-2021.tsv``); the seat's start and end
  dates come from ParlaMint-NL where it has a ``member:TK`` spell in force on
  2021-09-01 for the same id.
- ``nl-politicians.tsv``: ParlaMint-NL spells (with its known defects
  reported and corrected), openkamer Tweede Kamer and cabinet spells of people
  in office on or after 2010-01-01, the tk2021 handles, and the municipal
  councillors sample, merged by id.

It also prints the number of people and problems per source, so the figures
in data/rosters/README.md can be checked by rerunning it. The output is
deterministic: rerunning on the same sources gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from hatewatch.roster import Roster, combine, load_roster

SEPT_2021 = date(2021, 9, 1)
RECENT = date(2010, 1, 1)


def _sorted(roster: Roster) -> Roster:
    """Order people by id and spells by date, so rebuilds are byte-identical."""
    for p in roster.people:
        p.spells.sort(
            key=lambda s: (
                s.start or date.min,
                s.end or date.max,
                s.office,
                s.party or "",
            )
        )
        for handles in p.handles.values():
            handles.sort()
    roster.people.sort(key=lambda p: p.politician_id)
    return roster


def build_tk2021(source: Path, parlamint: Roster) -> Roster:
    tk = load_roster(source / "tweedekamer-2021.tsv", name="tk2021")
    by_id = {p.politician_id: p for p in parlamint.people}
    dated = 0
    for p in tk.people:
        other = by_id.get(p.politician_id)
        if other is None:
            continue
        spells = [
            s
            for s in other.spells
            if s.office == "tweede_kamerlid" and s.active_at(SEPT_2021)
        ]
        if len(spells) == 1 and len(p.spells) == 1:
            p.spells[0] = replace(p.spells[0], start=spells[0].start, end=spells[0].end)
            dated += 1
    print(f"tk2021: {len(tk)} people, {dated} with seat dates from ParlaMint-NL")
    return _sorted(tk)


def build_combined(source: Path, parlamint: Roster, tk: Roster) -> Roster:
    openkamer = load_roster(source / "openkamer", name="openkamer")
    # openkamer reaches back to 1815; keep the people in office since 2010
    openkamer.people = [
        p
        for p in openkamer.people
        if any((s.end or date.max) >= RECENT for s in p.spells)
    ]
    councillors = load_roster(source / "councillors-sample.json", name="councillors")
    print(f"openkamer (in office since 2010): {len(openkamer)} people")
    combined = combine([parlamint, openkamer, tk, councillors], name="nl-politicians")
    return _sorted(combined)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--source", type=Path, default=Path("/work/shared/data/rosters")
    )
    parser.add_argument("--out", type=Path, default=Path("data/rosters"))
    parser.add_argument("--force", action="store_true", help="overwrite outputs")
    args = parser.parse_args(argv)

    parlamint = load_roster(args.source / "parlamint-nl-persons.tsv", name="parlamint")
    kinds = Counter(
        pr.message.split(";")[0].split("(")[0].strip() for pr in parlamint.problems
    )
    print(f"parlamint: {len(parlamint)} people, {len(parlamint.problems)} problems")
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}")

    tk = build_tk2021(args.source, parlamint)
    combined = build_combined(args.source, parlamint, tk)
    args.out.mkdir(parents=True, exist_ok=True)
    for roster, fname in ((tk, "tk2021.tsv"), (combined, "nl-politicians.tsv")):
        roster.save(args.out / fname, force=args.force)
        genders = Counter(p.gender for p in roster.people)
        offices = Counter(s.office for p in roster.people for s in p.spells)
        print(
            f"wrote {args.out / fname}: {len(roster)} people, "
            f"{sum(offices.values())} spells, {dict(sorted(genders.items()))}, "
            f"{len(roster.problems)} problems in the merge"
        )
        print(f"  spells by office: {dict(sorted(offices.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
