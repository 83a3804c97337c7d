"""Loaders of the public roster sources: ParlaMint-NL, openkamer, Almanak/Kiesraad."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hatewatch.roster import combine, detect_format, load_roster, slugify

DATA = Path(__file__).parents[1] / "data" / "roster"
SHARED = Path("/work/shared/data/rosters")


def problem(roster, line=None, field=None, text=""):
    found = [
        p
        for p in roster.problems
        if (line is None or p.line == line)
        and (field is None or p.field == field)
        and text in p.message
    ]
    assert len(found) == 1, (line, field, text, roster.problems)
    return found[0]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("tweedekamer-sample.tsv", "table"),
        ("problems.tsv", "table"),
        ("parlamint-sample.tsv", "parlamint"),
        ("openkamer", "openkamer"),
        ("openkamer/person.json", "openkamer"),
        ("councillors-sample.json", "councillors"),
        ("tk_odata/persoon_page1.json", "tk_odata"),
    ],
)
def test_format_is_detected_from_content(path, fmt):
    assert detect_format(DATA / path) == fmt


def test_ids_are_accent_folded_name_slugs():
    assert slugify("Joël Voordewind") == slugify("Joel Voordewind") == "joel-voordewind"
    assert slugify("Fatma Koşer Kaya") == "fatma-koser-kaya"
    assert slugify("Sophie in 't Veld") == "sophie-in-t-veld"


# -- ParlaMint ------------------------------------------------------------


@pytest.fixture(scope="module")
def parlamint():
    return load_roster(DATA / "parlamint-sample.tsv")


def test_parlamint_spells_and_parties(parlamint):
    broekers = parlamint["ankie-broekers-knol"]
    assert broekers.gender == "female"
    # head:EK restates the membership and is no separate spell
    assert [(s.office, s.start, s.end) for s in broekers.spells] == [
        ("staatssecretaris", date(2019, 6, 11), date(2022, 1, 10)),
        ("eerste_kamerlid", date(2013, 7, 2), date(2019, 6, 11)),
    ]
    rutte = parlamint["mark-rutte"]
    assert [s.office for s in rutte.spells] == [
        "minister",
        "tweede_kamerlid",
        "tweede_kamerlid",
    ]
    # the party in force at the start of the spell
    haga = parlamint["wybren-van-haga"].spells[0]
    assert (haga.office, haga.party, haga.start) == (
        "tweede_kamerlid",
        "VVD",
        date(2017, 3, 23),
    )


def test_parlamint_correction_is_applied_and_reported(parlamint):
    assert parlamint["jetta-klijnsma"].gender == "female"
    p = problem(parlamint, 3, "sex", "corrected to 'F'")
    assert p.value == "M"


def test_parlamint_member_without_office_is_kept_and_reported(parlamint):
    assert parlamint["geert-wilders"].spells == []
    p = problem(parlamint, 4, "offices", "no office in the source")
    assert p.value == "GeertWilders"


def test_parlamint_row_without_party_or_office_is_skipped(parlamint):
    with pytest.raises(KeyError):
        parlamint["gerard-dammers"]
    problem(parlamint, 5, "offices", "Caribbean delegate")


def test_parlamint_person_listed_twice_is_merged_and_reported(parlamint):
    joel = parlamint["joel-voordewind"]
    assert len(joel.spells) == 1
    p = problem(parlamint, 7, "xml_id", "listed twice")
    assert p.value == "JoelWeerwind" and "line 6" in p.message


def test_parlamint_namesakes_get_birth_years(parlamint):
    older, younger = parlamint["jan-jansen-1950"], parlamint["jan-jansen-1980"]
    assert older.spells[0].office == "eerste_kamerlid"
    assert younger.gender == "male"


def test_parlamint_row_defects_are_reported_by_line(parlamint):
    assert parlamint["jan-jansen-1950"].gender == "unknown"
    problem(parlamint, 10, "sex", "invalid gender")
    p = problem(parlamint, 10, "offices", "unknown office")
    assert p.value == "chair:XYZ"
    problem(parlamint, 11, "end_date", "ends before it starts")


def test_parlamint_has_no_unexpected_problems(parlamint):
    assert len(parlamint.problems) == 7


# -- openkamer -------------------------------------------------------------


@pytest.fixture(scope="module")
def openkamer():
    return load_roster(DATA / "openkamer")


def test_openkamer_spells_handles_and_unknown_gender(openkamer):
    rutte = openkamer["mark-rutte"]
    assert rutte.gender == "unknown"
    assert rutte.handles == {"twitter": ["markrutte"]}
    assert [(s.office, s.party, s.start) for s in rutte.spells] == [
        ("tweede_kamerlid", "VVD", date(2003, 1, 30)),
        ("tweede_kamerlid", "VVD", date(2017, 3, 23)),
        ("minister", None, date(2017, 10, 26)),  # PMI, the prime minister
    ]
    # DPM (vice-premier) restates the minister post: one minister spell
    assert [s.office for s in openkamer["hugo-de-jonge"].spells] == ["minister"]


def test_openkamer_namesakes_get_birth_years(openkamer):
    assert openkamer["pieter-de-vries-1850"].spells[0].start == date(1888, 5, 1)
    assert openkamer["pieter-de-vries-1960"].handles == {"twitter": ["pieterdv"]}


def test_openkamer_bad_records_are_reported_with_file_and_line(openkamer):
    p = problem(openkamer, 63, "person[pk=5]", "missing name")
    assert p.path == str(DATA / "openkamer" / "person.json")
    p = problem(openkamer, 87, "person", "unknown person")
    assert p.value == 99
    assert p.path == str(DATA / "openkamer" / "parliament.json")
    assert len(openkamer.problems) == 2
    assert len(openkamer) == 4


# -- councillors -----------------------------------------------------------


@pytest.fixture(scope="module")
def councillors():
    return load_roster(DATA / "councillors-sample.json")


def test_councillors_are_raadsleden_with_municipality(councillors):
    p = councillors["jolanda-van-hulst"]
    assert p.gender == "female"
    assert p.spells == [
        type(p.spells[0])("raadslid", "municipal", "Senioren Veldhoven", "Veldhoven")
    ]


def test_councillor_namesakes_in_two_municipalities_are_two_people(councillors):
    assert councillors["peter-bos-veldhoven"].spells[0].party == "CDA"
    assert councillors["peter-bos-hoorn"].spells[0].party == "VVD"


def test_councillor_gender_defects_are_reported(councillors):
    assert councillors["danny-verdonk"].gender == "unknown"
    problem(
        councillors, None, "mapping[1].members[0].gender_allmanak", "missing gender"
    )
    assert councillors["femke-bull"].gender == "female"
    problem(councillors, None, "mapping[1].members[1].gender_allmanak", "Kiesraad")
    assert councillors["marten-feenstra"].gender == "female"
    problem(councillors, None, "mapping[1].members[2].gender_allmanak", "says 'male'")


def test_councillor_without_or_with_rejected_match_keeps_almanak_name(councillors):
    assert councillors["j-c-zijlstra"].gender == "female"
    problem(councillors, None, "mapping[1].members[4].maps_with", "no Kiesraad match")
    assert councillors["t-r-d-klinkhamer"].spells[0].party == "D66"
    problem(councillors, None, "mapping[1].members[5].correct", "incorrect")
    assert len(councillors.problems) == 5


# -- combining sources -----------------------------------------------------


def test_combine_fills_gaps_and_takes_known_gender(parlamint, openkamer):
    both = combine([parlamint, openkamer], name="both")
    rutte = both["mark-rutte"]
    assert rutte.gender == "male"  # openkamer has none
    assert rutte.handles == {"twitter": ["markrutte"]}
    tk = sorted(s.start for s in rutte.spells if s.office == "tweede_kamerlid")
    # 2003 only openkamer knows; 2017 both know, kept once (ParlaMint's dates)
    assert tk == [date(2003, 1, 30), date(2012, 9, 20), date(2017, 3, 23)]
    assert len([s for s in rutte.spells if s.office == "minister"]) == 1


# -- the real shared files (only where the shared data folder exists) -------

needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason="shared roster sources not available"
)


@needs_shared
def test_shared_tweedekamer_2021():
    roster = load_roster(SHARED / "tweedekamer-2021.tsv")
    assert len(roster) == 147  # 148 rows, Mark Rutte twice
    assert [p.gender for p in roster.people].count("female") == 59
    assert roster.problems == []


@needs_shared
def test_shared_parlamint_known_defects_are_found():
    roster = load_roster(SHARED / "parlamint-nl-persons.tsv")
    merged = [p for p in roster.problems if "listed twice" in p.message]
    assert sorted(p.value for p in merged) == [
        "AnkBijleveld-Schouten",
        "FatmaKoserKaya",
        "JoelWeerwind",
    ]
    assert roster["jetta-klijnsma"].gender == "female"
    skipped = [p for p in roster.problems if "Caribbean" in p.message]
    assert len(skipped) == 37


def test_ids_do_not_depend_on_row_order(tmp_path):
    lines = (DATA / "parlamint-sample.tsv").read_text(encoding="utf-8").splitlines()
    flipped = tmp_path / "flipped.tsv"
    flipped.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", "utf-8")
    a, b = load_roster(DATA / "parlamint-sample.tsv"), load_roster(flipped)
    assert {p.politician_id for p in a.people} == {p.politician_id for p in b.people}
    assert a["jan-jansen-1980"].spells == b["jan-jansen-1980"].spells


@needs_shared
def test_shipped_snapshots_are_what_the_build_script_makes(tmp_path):
    import importlib.util

    root = Path(__file__).parents[2]
    spec = importlib.util.spec_from_file_location(
        "build_roster_snapshot", root / "scripts" / "build_roster_snapshot.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--source", str(SHARED), "--out", str(tmp_path)]) == 0
    for name in ("tk2021.tsv", "nl-politicians.tsv"):
        shipped = (root / "data" / "rosters" / name).read_bytes()
        assert (tmp_path / name).read_bytes() == shipped, name
