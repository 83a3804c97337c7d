"""Roster file formats: the canonical TSV, ParlaMint, openkamer and Almanak/Kiesraad."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.roster.model import (
    LEVELS,
    PLATFORMS,
    Politician,
    Roster,
    RosterProblem,
    Spell,
    log_summary,
    normalize_gender,
    normalize_office,
    parse_date,
    slugify,
    validate,
)

logger = logging.getLogger(__name__)

#: Columns of the canonical roster TSV, in this order. One row per spell.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "politician_id",
    "name",
    "gender",
    "office",
    "party",
    "region",
    "start_date",
    "end_date",
    "handle_twitter",
    "handle_bluesky",
    "handle_mastodon",
)

FORMATS: tuple[str, ...] = (
    "table",
    "parlamint",
    "openkamer",
    "councillors",
    "tk_odata",
)

# Column names accepted by the table loader besides the canonical ones.
_COLUMN_ALIASES: dict[str, str] = {
    "id": "politician_id",
    "naam": "name",
    "sex": "gender",
    "geslacht": "gender",
    "functie": "office",
    "role": "office",
    "partij": "party",
    "fractie": "party",
    "municipality": "region",
    "gemeente": "region",
    "province": "region",
    "provincie": "region",
    "start": "start_date",
    "from": "start_date",
    "van": "start_date",
    "end": "end_date",
    "to": "end_date",
    "tot": "end_date",
    "handle": "handle_twitter",
    "twitter": "handle_twitter",
    "x": "handle_twitter",
    "bluesky": "handle_bluesky",
    "mastodon": "handle_mastodon",
}

#: Corrections applied to ParlaMint-NL rows (xml_id -> field -> (value, reason)).
#: Each applied correction is still reported as a problem, so it stays visible.
PARLAMINT_CORRECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "JettaKlijnsma": {
        "sex": ("F", "Jetta Klijnsma (PvdA) is a woman; ParlaMint-NL marks her M"),
    },
}

# ParlaMint roles that restate another office of the same person: the chair
# of a chamber is also its member, the (deputy) prime minister also a minister.
_PARLAMINT_REDUNDANT = {"head:TK", "head:EK", "head:GOV", "deputyHead:GOV"}
_PARLAMINT_OFFICES = {
    "member:TK": "tweede_kamerlid",
    "member:EK": "eerste_kamerlid",
    "minister": "minister",
    "secretaryOfState": "staatssecretaris",
    "member:EP": "europarlementarier",
}
# placeholders sources use for "no account"
_NO_HANDLE = {"", "-", "--", "n/a", "na", "none", "geen"}
_SPAN = re.compile(
    r"^(?P<what>[^\[\]]+?)(?:\[(?P<start>[^.\]]*)\.\.(?P<end>[^\]]*)\])?$"
)


class _Builder:
    """Collects people row by row, merging repeated ids, and records problems."""

    def __init__(self, path: str | None, name: str) -> None:
        self.path = path
        self.name = name
        self.people: dict[str, Politician] = {}
        self.lines: dict[object, int | None] = {}
        self.problems: list[RosterProblem] = []

    def problem(self, line, field, value, message) -> None:
        self.problems.append(RosterProblem(self.path, line, field, value, message))

    def gender(self, raw, line, field="gender") -> str:
        gender = normalize_gender(raw)
        if gender is None:
            what = "missing gender" if not (raw or "").strip() else "invalid gender"
            self.problem(
                line, field, raw, f"{what}; set to 'unknown' (use female/male/other)"
            )
            return "unknown"
        return gender

    def person(self, pid: str, name: str, gender: str, line) -> Politician:
        person = self.people.get(pid)
        if person is None:
            person = Politician(pid, name, gender)
            self.people[pid] = person
            self.lines[pid] = line
            return person
        if person.name != name:
            self.problem(
                line, "name", name, f"id {pid!r} was named {person.name!r} before"
            )
        if person.gender == "unknown":
            person.gender = gender
        elif gender not in ("unknown", person.gender):
            self.problem(
                line,
                "gender",
                gender,
                f"conflicts with {person.gender!r} given earlier for {pid!r}; "
                "kept the first",
            )
        return person

    def spell(self, person: Politician, spell: Spell, line) -> None:
        if spell in person.spells:  # a repeated row, e.g. one per handle
            return
        self.lines[(person.politician_id, len(person.spells))] = line
        person.spells.append(spell)

    def date(self, raw, line, field) -> date | None:
        try:
            return parse_date(raw)
        except ValueError:
            self.problem(line, field, raw, "not a date (want YYYY-MM-DD); left empty")
            return None

    def office(self, raw, line, field="office") -> str | None:
        office = normalize_office(raw)
        if office is None:
            self.problem(
                line,
                field,
                raw,
                "unknown office; spell skipped (see hatewatch.roster.OFFICES)",
            )
        return office

    def finish(self) -> Roster:
        roster = Roster(list(self.people.values()), self.problems, self.name)
        validate(roster, path=self.path, lines=self.lines)
        log_summary(roster)
        return roster


def _open_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc})", path=str(path)) from exc


def _parse_json(text: str, path: Path) -> Any:
    """``json.loads`` a roster file's text; a syntax error names file and line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"invalid JSON: {exc.msg}", path=str(path), line=exc.lineno
        ) from exc


# --------------------------------------------------------------------------
# table: the canonical TSV and simpler TSV/CSV handle lists
# --------------------------------------------------------------------------


def load_table(path, *, name: str | None = None) -> Roster:
    """Load a roster TSV/CSV: the canonical format or a simpler handle list.

    Parameters
    ----------
    path : str or Path
        A file with a header row. Recognised columns: those of
        :data:`CANONICAL_COLUMNS` plus aliases (``handle`` is the X/Twitter
        handle, ``sex``/``geslacht`` the gender, ``municipality`` the region,
        ...). Only ``name`` is required. Rows with the same ``politician_id``
        (or, without that column, the same name) are one person.
    name : str, optional
        Roster name; defaults to the file stem.

    Returns
    -------
    Roster
        Problems found are in ``.problems``; bad rows are reported and skipped.
    """
    path = Path(path)
    text = _open_text(path)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first or path.suffix.lower() == ".tsv" else ","
    # TSV fields are never quoted (a '"' in a party name is literal); CSV
    # follows the usual quoting rules
    reader = (
        csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        if delimiter == "\t"
        else csv.reader(io.StringIO(text))
    )

    try:
        header = next(reader)
    except StopIteration:
        raise DataError("empty roster file", path=str(path)) from None
    columns = [
        _COLUMN_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header
    ]
    if "name" not in columns:
        raise DataError(
            f"no 'name' column in header {header!r}", path=str(path), line=1
        )
    b = _Builder(str(path), name or path.stem)
    for values in _table_records(reader, path):
        # line_num counts physical lines, also inside quoted CSV fields;
        # a record spanning lines is reported at its last line
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            b.problem(
                line, None, None, f"{len(values)} fields, header has {len(columns)}"
            )
        row = {c: "" for c in columns}
        row.update({c: v.strip() for c, v in zip(columns, values, strict=False)})
        _table_row(b, row, line)
    return b.finish()


def _table_records(reader: Any, path: Path) -> Iterator[list[str]]:
    """The records of a roster table; an unreadable one stops the load.

    The ``csv`` module refuses a field over :func:`csv.field_size_limit`
    characters (131,072). No roster value is that long: such a field is
    almost always an opening quote that is never closed and swallows the
    lines after it, so the load stops and names where the field starts.
    """
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            tsv = reader.dialect.delimiter == "\t"
            hint = ""
            if "field larger than field limit" in str(exc):
                hint = (
                    f"; no roster value is {csv.field_size_limit():,} characters "
                    "long: "
                    + (
                        "is a tab or line break missing on this line?"
                        if tsv
                        else 'a quote (") opened on this line is probably never '
                        "closed and swallows the lines after it"
                    )
                )
            raise DataError(
                f"unreadable {'TSV' if tsv else 'CSV'} record starting on this "
                f"line: {exc}{hint}",
                path=str(path),
                line=start,
            ) from None
        yield values
        start = reader.line_num + 1


def _table_row(b: _Builder, row: dict[str, str], line: int) -> None:
    pname = row.get("name", "")
    if not pname:
        b.problem(line, "name", "", "missing name; row skipped")
        return
    pid = row.get("politician_id") or slugify(pname)
    if not pid:
        b.problem(line, "name", pname, "cannot make an id from this name; row skipped")
        return
    person = b.person(pid, pname, b.gender(row.get("gender"), line), line)
    for platform in PLATFORMS:
        for handle in re.split(r"[;,\s]+", row.get(f"handle_{platform}", "")):
            if handle.lower() not in _NO_HANDLE:
                person.add_handle(platform, handle)
    raw_office = row.get("office", "")
    if not raw_office:
        return
    office = b.office(raw_office, line)
    if office is None:
        return
    b.spell(
        person,
        Spell(
            office,
            LEVELS[office],
            row.get("party") or None,
            row.get("region") or None,
            b.date(row.get("start_date"), line, "start_date"),
            b.date(row.get("end_date"), line, "end_date"),
        ),
        line,
    )


def save_canonical(roster: Roster, path, *, force: bool = False) -> None:
    """Write ``roster`` as canonical TSV: one row per spell, handles on each row.

    A person without spells gets one row with an empty office. Several handles
    on one platform are joined with ``;``.
    """
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError.at(path)
    for p in roster.people:
        values = [p.politician_id, p.name]
        values += [v or "" for s in p.spells for v in (s.party, s.region)]
        values += [h for hs in p.handles.values() for h in hs]
        for value in values:
            if "\t" in value or "\n" in value:
                raise DataError(
                    f"tab or newline in {value!r} cannot be written to TSV",
                    path=str(path),
                )
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(CANONICAL_COLUMNS) + "\n")
        for p in roster.people:
            handles = [";".join(p.handles.get(pl, [])) for pl in PLATFORMS]
            spells: list[Spell | None] = list(p.spells) or [None]
            for s in spells:
                fields = [
                    p.politician_id,
                    p.name,
                    p.gender,
                    s.office if s else "",
                    (s.party or "") if s else "",
                    (s.region or "") if s else "",
                    s.start.isoformat() if s and s.start else "",
                    s.end.isoformat() if s and s.end else "",
                    *handles,
                ]
                fh.write("\t".join(fields) + "\n")


# --------------------------------------------------------------------------
# ParlaMint-NL person list (condensed TSV)
# --------------------------------------------------------------------------


def _spans(raw: str):
    for item in filter(None, (x.strip() for x in raw.split(";"))):
        m = _SPAN.match(item)
        if m is None:
            yield item, None, None, False
        else:
            yield m["what"], m["start"], m["end"], True


def load_parlamint(path, *, name: str | None = None) -> Roster:
    """Load the ParlaMint-NL person TSV (n, xml_id, forename, surname, sex, ...).

    Offices ``member:TK``, ``member:EK``, ``minister:<ministry>`` and
    ``secretaryOfState:<ministry>`` become spells; ``head:*`` and
    ``deputyHead:GOV`` restate another office and are dropped. The party of a
    spell is the party spell in force at its start.

    Known defects of the source are reported as problems, not trusted:
    people listed twice (same name and birth date, merged into one), people
    with neither party nor office (guest speakers and Caribbean delegates,
    skipped), members without any office (their Tweede Kamer membership is
    missing in the source; kept without spells), and the corrections in
    :data:`PARLAMINT_CORRECTIONS` (applied and reported).

    Ids are the name slug (``"Mark Rutte"`` -> ``mark-rutte``); two different
    people with one name get ``-<birth year>`` appended.
    """
    path = Path(path)
    lines = _open_text(path).splitlines()
    if not lines:
        raise DataError("empty roster file", path=str(path))
    header = lines[0].split("\t")
    need = ["xml_id", "forename", "surname", "sex", "birth", "party", "offices"]
    missing = [c for c in need if c not in header]
    if missing:
        raise DataError(f"ParlaMint columns missing: {missing}", path=str(path), line=1)
    b = _Builder(str(path), name or path.stem)
    records = []
    for line, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        values = text.split("\t")
        # the condensed file drops trailing empty fields
        values += [""] * (len(header) - len(values))
        records.append(
            (line, dict(zip(header, (v.strip() for v in values), strict=False)))
        )
    # two different people sharing a name slug get their birth year appended
    births: dict[str, set[str]] = {}
    for _, r in records:
        slug = slugify(f"{r['forename']} {r['surname']}")
        births.setdefault(slug, set()).add(r["birth"][:4])
    seen: dict[str, tuple[int, str]] = {}
    for line, r in records:
        for fname, (value, reason) in PARLAMINT_CORRECTIONS.get(
            r["xml_id"], {}
        ).items():
            b.problem(line, fname, r[fname], f"corrected to {value!r}: {reason}")
            r[fname] = value
        full = " ".join(x for x in (r["forename"], r["surname"]) if x)
        if not full:
            b.problem(line, "surname", "", "missing name; row skipped")
            continue
        if not r["party"] and not r["offices"]:
            b.problem(
                line,
                "offices",
                r["xml_id"],
                "neither party nor office: a guest speaker or Caribbean delegate, "
                "not a member; row skipped",
            )
            continue
        pid = slugify(full)
        if len({y for y in births[pid] if y}) > 1:
            pid = f"{pid}-{r['birth'][:4]}" if r["birth"] else pid
        if pid in seen:
            first_line, first_xml = seen[pid]
            b.problem(
                line,
                "xml_id",
                r["xml_id"],
                f"same person as {first_xml!r} on line {first_line} "
                "(listed twice in the source); merged",
            )
        else:
            seen[pid] = (line, r["xml_id"])
        person = b.person(pid, full, b.gender(r["sex"], line, "sex"), line)
        parties = []
        for party, start, end, ok in _spans(r["party"]):
            if not ok:
                b.problem(line, "party", party, "cannot parse party spell; ignored")
                continue
            parties.append(
                (
                    party,
                    b.date(start, line, "party"),
                    b.date(end, line, "party"),
                )
            )
        n_spells = 0
        for what, start, end, ok in _spans(r["offices"]):
            if not ok:
                b.problem(line, "offices", what, "cannot parse office spell; ignored")
                continue
            if what in _PARLAMINT_REDUNDANT:
                continue
            role = what if what in _PARLAMINT_OFFICES else what.split(":", 1)[0]
            office = _PARLAMINT_OFFICES.get(role)
            if office is None:
                b.problem(line, "offices", what, "unknown office; spell skipped")
                continue
            s = b.date(start, line, "offices")
            e = b.date(end, line, "offices")
            b.spell(
                person,
                Spell(office, LEVELS[office], _party_at(parties, s), None, s, e),
                line,
            )
            n_spells += 1
        if n_spells == 0 and not person.spells:
            b.problem(
                line,
                "offices",
                r["xml_id"],
                "no office in the source (ParlaMint-NL omits the Tweede Kamer "
                "membership of several members); kept without spells",
            )
    return b.finish()


def _party_at(parties, when: date | None) -> str | None:
    if not parties:
        return None
    if when is not None:
        for party, start, end in parties:
            if (start is None or start <= when) and (end is None or when <= end):
                if start is not None or end is not None:
                    return party
        undated = [p for p, s, e in parties if s is None and e is None]
        if undated:
            return undated[0]
    return parties[0][0]


# --------------------------------------------------------------------------
# openkamer Django fixtures
# --------------------------------------------------------------------------

_OPENKAMER_POSITIONS = {
    "MIN": "minister",
    "MWP": "minister",  # minister zonder portefeuille
    "PMI": "minister",  # minister-president
    "SOS": "staatssecretaris",
}


def _fixture(path: Path) -> tuple[list[dict], dict[tuple[str, object], int]]:
    """Read a Django fixture and the line of each record's ``"model"`` key."""
    text = _open_text(path)
    data = _parse_json(text, path)
    if not isinstance(data, list):
        raise DataError("not a Django fixture (want a JSON list)", path=str(path))
    # Django dumps one key per line with indent; a compact file gets no lines
    lines: dict[tuple[str, object], int] = {}
    model, model_line = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        m = re.match(r'\s*"model":\s*"([^"]+)"', line)
        if m:
            model, model_line = m[1], number
            continue
        m = re.match(r'\s*"pk":\s*"?([^",]+)"?', line)
        if m and model is not None:
            pk = int(m[1]) if m[1].isdigit() else m[1]
            lines[(model, pk)] = model_line
            model = None
    return data, lines


def load_openkamer(path, *, name: str | None = None) -> Roster:
    """Load openkamer fixtures: ``person.json`` plus ``parliament.json`` and
    ``government.json`` from the same folder where present.

    Tweede Kamer memberships and cabinet posts (MIN, MWP, PMI -> minister;
    SOS -> staatssecretaris; DPM restates a minister post and is dropped)
    become spells; the party of a Tweede Kamer spell is the person's party
    membership in force at its start (most are undated). openkamer has no
    gender: every person is ``unknown``, which is not reported per row.
    Ids are name slugs, with the birth year appended when two people share one.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    person_file = folder / "person.json" if path.is_dir() else path
    b = _Builder(str(person_file), name or folder.name)
    records, person_lines = _fixture(person_file)
    persons = [x for x in records if x.get("model") == "person.person"]
    if not persons:
        raise DataError("no person.person records", path=str(person_file))
    names: dict[int, tuple[str, str]] = {}
    slugs: dict[str, int] = {}
    for x in persons:
        f = x["fields"]
        full = " ".join(
            p
            for p in (f.get("forename"), f.get("surname_prefix"), f.get("surname"))
            if p
        )
        names[x["pk"]] = (full, f.get("birthdate") or "")
        slugs[slugify(full)] = slugs.get(slugify(full), 0) + 1
    by_pk: dict[int, Politician] = {}
    for x in persons:
        full, birth = names[x["pk"]]
        field = f"person[pk={x['pk']}]"
        line = person_lines.get(("person.person", x["pk"]))
        if not full:
            b.problem(line, field, "", "missing name; skipped")
            continue
        pid = slugify(full)
        if slugs[pid] > 1:
            pid = f"{pid}-{birth[:4] or x['pk']}"
        person = b.person(pid, full, "unknown", line)
        handle = x["fields"].get("twitter_username") or ""
        if handle:
            person.add_handle("twitter", handle)
        by_pk[x["pk"]] = person

    parliament = folder / "parliament.json"
    if parliament.exists():
        b.path = str(parliament)
        fx, fx_lines = _fixture(parliament)
        parties = {
            x["pk"]: x["fields"].get("name_short") or x["fields"].get("name")
            for x in fx
            if x.get("model") == "parliament.politicalparty"
        }
        chambers = {
            x["pk"]: x["fields"].get("name")
            for x in fx
            if x.get("model") == "parliament.parliament"
        }
        memberships: dict[int, list] = {}
        for x in fx:
            if x.get("model") == "parliament.partymember":
                f = x["fields"]
                line = fx_lines.get(("parliament.partymember", x["pk"]))
                memberships.setdefault(f["person"], []).append(
                    (
                        parties.get(f["party"]),
                        b.date(f.get("joined"), line, "joined"),
                        b.date(f.get("left"), line, "left"),
                    )
                )
        for x in fx:
            if x.get("model") != "parliament.parliamentmember":
                continue
            f = x["fields"]
            line = fx_lines.get(("parliament.parliamentmember", x["pk"]))
            member = by_pk.get(f["person"])
            if member is None:
                b.problem(line, "person", f["person"], "unknown person; skipped")
                continue
            office = normalize_office(chambers.get(f["parliament"], ""))
            if office is None:
                b.problem(
                    line, "parliament", chambers.get(f["parliament"]), "unknown chamber"
                )
                continue
            s = b.date(f.get("joined"), line, "joined")
            e = b.date(f.get("left"), line, "left")
            party = _party_at(memberships.get(f["person"], []), s)
            b.spell(member, Spell(office, LEVELS[office], party, None, s, e), line)

    government = folder / "government.json"
    if government.exists():
        b.path = str(government)
        fx, fx_lines = _fixture(government)
        positions = {
            x["pk"]: x["fields"]
            for x in fx
            if x.get("model") == "government.governmentposition"
        }
        for x in fx:
            if x.get("model") != "government.governmentmember":
                continue
            f = x["fields"]
            line = fx_lines.get(("government.governmentmember", x["pk"]))
            member = by_pk.get(f["person"])
            position = positions.get(f["position"], {}).get("position")
            if member is None:
                b.problem(line, "person", f["person"], "unknown person; skipped")
                continue
            if position == "DPM":
                continue
            office = _OPENKAMER_POSITIONS.get(position or "")
            if office is None:
                b.problem(line, "position", position, "unknown cabinet position")
                continue
            s = b.date(f.get("start_date"), line, "start_date")
            e = b.date(f.get("end_date"), line, "end_date")
            b.spell(member, Spell(office, LEVELS[office], None, None, s, e), line)
    # spells come from three files: cross-row problems name the folder and
    # the person, not a line
    b.path = str(folder)
    b.lines = {}
    return b.finish()


# --------------------------------------------------------------------------
# Almanak / Kiesraad councillors (openstate/almanak-kiesraad-matcher)
# --------------------------------------------------------------------------


def load_councillors(path, *, name: str | None = None) -> Roster:
    """Load the Almanak-Kiesraad matcher JSON of municipal councillors.

    Each member becomes a ``raadslid`` with the municipality as region and
    the Almanak party. Gender is the Almanak's (from the Dhr./Mw. title); when
    that is ``undefined`` the Kiesraad gender of the match is used and the
    row is reported. A match marked incorrect (``"correct": "n"``) keeps the
    Almanak name and is reported. The file has no dates. Ids are name slugs;
    namesakes get the municipality appended.
    """
    path = Path(path)
    data = _parse_json(_open_text(path), path)
    if not isinstance(data, dict) or not isinstance(data.get("mapping"), list):
        raise DataError(
            "no 'mapping' list: not an almanak-kiesraad file", path=str(path)
        )
    b = _Builder(str(path), name or path.stem)
    rows = []
    for i, muni in enumerate(data["mapping"]):
        region = muni.get("muncipality_name") or muni.get("municipality_name") or ""
        for j, m in enumerate(muni.get("members") or []):
            where = f"mapping[{i}].members[{j}]"
            match = (m.get("maps_with") or [{}])[0]
            if not isinstance(match, dict) or not isinstance(match.get("name"), dict):
                b.problem(
                    None,
                    f"{where}.maps_with",
                    m.get("name_original"),
                    "no Kiesraad match; name and gender from the Almanak only",
                )
                match = {}
            orig = (match.get("name") or {}).get("original_name") or {}
            correct = m.get("correct", "y") == "y"
            if correct and orig.get("lastName"):
                full = " ".join(
                    x.strip()
                    for x in (
                        orig.get("firstName"),
                        orig.get("prefix"),
                        orig.get("lastName"),
                    )
                    if x and x.strip()
                )
            else:
                full = re.sub(
                    r"^(Dhr|Mw|Mevr|Mr)\.?\s+", "", m.get("name_original", "")
                )
                if not correct:
                    b.problem(
                        None,
                        f"{where}.correct",
                        m.get("name_original"),
                        "Kiesraad match marked incorrect; kept the Almanak name",
                    )
            raw = m.get("gender_allmanak")
            gender = normalize_gender(raw)
            if gender is None or gender == "unknown":
                alt = normalize_gender(match.get("gender")) if correct else None
                if alt not in (None, "unknown"):
                    b.problem(
                        None,
                        f"{where}.gender_allmanak",
                        raw,
                        f"missing in the Almanak; took {alt!r} from the Kiesraad match",
                    )
                    gender = alt
                else:
                    gender = b.gender(None, None, f"{where}.gender_allmanak")
            elif correct and normalize_gender(match.get("gender")) not in (
                None,
                "unknown",
                gender,
            ):
                b.problem(
                    None,
                    f"{where}.gender_allmanak",
                    raw,
                    f"Kiesraad says {match.get('gender')!r}; kept the Almanak value",
                )
            rows.append((full, gender, m.get("party_allmanak") or None, region, where))
    counts: dict[str, set[str]] = {}
    for full, _, _, region, _ in rows:
        counts.setdefault(slugify(full), set()).add(region)
    for full, gender, party, region, where in rows:
        if not full:
            b.problem(None, where, "", "missing name; skipped")
            continue
        pid = slugify(full)
        if len(counts[pid]) > 1:
            pid = f"{pid}-{slugify(region)}"
        elif pid in b.people:
            b.problem(None, where, full, f"{pid!r} listed twice in {region}; merged")
        person = b.person(pid, full, gender, None)
        b.spell(person, Spell("raadslid", "municipal", party, region or None), None)
    return b.finish()


# --------------------------------------------------------------------------
# detection and the entry point
# --------------------------------------------------------------------------


def detect_format(path) -> str:
    """Guess the roster format of ``path`` from its extension and first bytes."""
    path = Path(path)
    if path.is_dir():
        if (path / "person.json").exists():
            return "openkamer"
        raise DataError(
            "folder without person.json: not openkamer fixtures", path=str(path)
        )
    with path.open("rb") as fh:
        head = fh.read(4096).decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if head.startswith("[") and '"model"' in head:
        return "openkamer"
    if head.startswith("{") or head.startswith("["):
        if '"mapping"' in head:
            return "councillors"
        if "@odata" in head or '"value"' in head:
            return "tk_odata"
        raise DataError("JSON of unknown roster format", path=str(path))
    first = head.split("\n", 1)[0]
    if "xml_id" in first and "offices" in first:
        return "parlamint"
    return "table"


def load_roster(path, *, format: str = "auto", name: str | None = None) -> Roster:
    """Load a roster file, reporting bad rows in ``.problems`` and loading the rest.

    Parameters
    ----------
    path : str or Path
        A roster file (or the openkamer fixture folder).
    format : str
        ``"auto"`` (detect from extension and content) or one of
        :data:`FORMATS`: ``table`` (canonical TSV, or a TSV/CSV handle list
        such as ``tweedekamer-2021.tsv``), ``parlamint``, ``openkamer``,
        ``councillors``, ``tk_odata`` (a saved Tweede Kamer OData response).
    name : str, optional
        Roster name, by default the file stem (``tk2021.tsv`` -> ``tk2021``).

    Returns
    -------
    Roster

    Examples
    --------
    >>> roster = load_roster("data/rosters/tk2021.tsv")  # doctest: +SKIP
    >>> roster.to_frame().groupby("gender").size()  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise DataError("roster file not found", path=str(path))
    if format == "auto":
        format = detect_format(path)
    name = name or path.stem
    if format in ("table", "tsv", "csv", "canonical"):
        return load_table(path, name=name)
    if format == "parlamint":
        return load_parlamint(path, name=name)
    if format == "openkamer":
        return load_openkamer(path, name=name)
    if format == "councillors":
        return load_councillors(path, name=name)
    if format == "tk_odata":
        from hatewatch.roster.tkapi import load_tk_odata

        return load_tk_odata(path, name=name)
    raise DataError(f"unknown roster format {format!r}; use auto or one of {FORMATS}")


def combine(rosters: list[Roster], name: str) -> Roster:
    """Merge rosters into one: people with the same id are one person.

    Earlier rosters take precedence: a spell from a later roster is added only
    when it does not overlap a spell of the same office taken from an earlier
    one (an undated spell overlaps every spell of its office), so a second
    source fills gaps instead of repeating the same term with other dates.
    Handles are united; the first known gender wins and a conflicting one is
    reported.
    """
    b = _Builder(None, name)
    for roster in rosters:
        before = {pid: list(p.spells) for pid, p in b.people.items()}
        for p in roster.people:
            person = b.person(p.politician_id, p.name, p.gender, None)
            earlier = before.get(p.politician_id, [])
            for s in p.spells:
                if not any(e.office == s.office and _overlaps(e, s) for e in earlier):
                    b.spell(person, replace(s), None)
            for platform, handles in p.handles.items():
                for h in handles:
                    person.add_handle(platform, h)
    return b.finish()


def _overlaps(a: Spell, b: Spell) -> bool:
    if (a.start is None and a.end is None) or (b.start is None and b.end is None):
        return True
    return (a.start or date.min) < (b.end or date.max) and (b.start or date.min) < (
        a.end or date.max
    )
