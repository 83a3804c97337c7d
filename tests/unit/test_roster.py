"""Roster model, canonical/table format, validation, round trip and CLI."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hatewatch.cli import app
from hatewatch.errors import DataError, OutputExistsError
from hatewatch.roster import (
    CANONICAL_COLUMNS,
    GENDERS,
    LEVELS,
    OFFICES,
    Politician,
    Roster,
    Spell,
    load_roster,
    normalize_office,
)

DATA = Path(__file__).parents[1] / "data" / "roster"
ROOT = Path(__file__).parents[2]


def problems_at(roster, line=None, field=None):
    return [
        p
        for p in roster.problems
        if (line is None or p.line == line) and (field is None or p.field == field)
    ]


# -- vocabulary --------------------------------------------------------------


def test_every_office_has_a_level():
    assert set(LEVELS) == set(OFFICES)
    assert set(LEVELS.values()) == {
        "national",
        "provincial",
        "municipal",
        "water_board",
        "eu",
    }


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("Tweede Kamerlid", "tweede_kamerlid"),
        ("member:TK", "tweede_kamerlid"),
        ("member:EK", "eerste_kamerlid"),
        ("Burgemeester", "burgemeester"),
        ("Gemeenteraadslid", "raadslid"),
        ("Commissaris van de Koning", "commissaris_van_de_koning"),
        ("MEP", "europarlementarier"),
        ("Dijkgraaf", "dijkgraaf"),
        ("staatssecretaris", "staatssecretaris"),
        ("schout", None),
        ("", None),
    ],
)
def test_office_variants_map_to_vocabulary(text, office):
    assert normalize_office(text) == office


# -- the handle-list format (tweedekamer-2021.tsv) ------------------------


def test_handle_list_merges_repeated_person_and_keeps_both_handles():
    roster = load_roster(DATA / "tweedekamer-sample.tsv")
    assert roster.name == "tweedekamer-sample"
    assert len(roster) == 4
    rutte = roster["mark-rutte"]
    assert rutte.handles == {"twitter": ["minpres", "markrutte"]}
    assert len(rutte.spells) == 1
    assert rutte.spells[0] == Spell("tweede_kamerlid", "national", "VVD")
    assert roster.handle_index("twitter")["minpres"] == "mark-rutte"
    assert roster.handle_index("twitter")["fleuragemapvv"] == "fleur-agema"
    # "-" means no account, not a handle shared by everyone without one
    assert roster["tony-van-dijck"].handles == {}
    assert roster.problems == []


def test_csv_with_aliases_is_read(tmp_path):
    f = tmp_path / "raad.csv"
    f.write_text(
        "naam,geslacht,functie,partij,gemeente,bluesky\n"
        'Anna Jansen,vrouw,Wethouder,"GroenLinks, PvdA",Utrecht,@Anna.bsky.social\n',
        encoding="utf-8",
    )
    roster = load_roster(f)
    (p,) = roster.people
    assert (p.politician_id, p.gender) == ("anna-jansen", "female")
    assert p.spells == [Spell("wethouder", "municipal", "GroenLinks, PvdA", "Utrecht")]
    assert p.handles == {"bluesky": ["anna.bsky.social"]}


# -- validation, by row ------------------------------------------------------


@pytest.fixture(scope="module")
def bad():
    return load_roster(DATA / "problems.tsv")


def test_valid_rows_load_despite_bad_ones(bad):
    ids = {p.politician_id for p in bad.people}
    assert ids == {
        "anna-jansen",
        "piet-bakker",
        "kees-smit",
        "sara-el-amrani",
        "lotte-visser",
        "no-id-given",
    }
    assert len(bad["anna-jansen"].spells) == 2
    assert bad["anna-jansen"].handles == {
        "twitter": ["annajansen"],
        "bluesky": ["anna.bsky.social"],
    }


def test_touching_spells_are_not_an_overlap(bad):
    assert not [p for p in bad.problems if "overlapping raadslid" in p.message]


def test_unknown_office_is_reported_with_line_and_spell_skipped(bad):
    (p,) = problems_at(bad, 4, "office")
    assert p.value == "schout"
    assert str(p).startswith(
        f"{DATA / 'problems.tsv'}:4 field 'office': unknown office"
    )
    assert bad["piet-bakker"].spells == []
    assert bad["piet-bakker"].gender == "male"  # "man" is a known variant


def test_missing_gender_becomes_unknown_and_is_reported(bad):
    (p,) = problems_at(bad, 5, "gender")
    assert "missing gender" in p.message
    assert bad["kees-smit"].gender == "unknown"


def test_invalid_gender_is_reported_and_a_later_valid_row_wins(bad):
    (p,) = problems_at(bad, 6, "gender")
    assert p.value == "vrouwelijk" and "invalid gender" in p.message
    assert bad["sara-el-amrani"].gender == "female"


def test_duplicate_handle_across_people_is_reported(bad):
    (p,) = problems_at(bad, 5, "handle_twitter")
    assert p.value == "annajansen" and "'anna-jansen'" in p.message
    assert bad.handle_index("twitter")["annajansen"] == "anna-jansen"


def test_end_before_start_is_reported(bad):
    (p,) = problems_at(bad, 5, "end_date")
    assert p.value == "2018-01-01" and "ends before it starts" in p.message


def test_overlapping_spells_of_one_office_are_reported(bad):
    (p,) = problems_at(bad, 7, "start_date")
    assert "overlapping gedeputeerde spells" in p.message


def test_unparsable_date_is_reported_and_left_empty(bad):
    (p,) = problems_at(bad, 8, "start_date")
    assert p.value == "2020-13-01"
    assert bad["lotte-visser"].spells[0].start is None


def test_missing_id_is_derived_from_name(bad):
    p = bad["no-id-given"]
    assert p.handles == {"twitter": ["noid"]} and p.gender == "other"


def test_no_other_problems_than_those_asserted(bad):
    assert len(bad.problems) == 7


def test_load_logs_a_summary(caplog):
    with caplog.at_level("WARNING", logger="hatewatch.roster"):
        load_roster(DATA / "problems.tsv")
    assert "7 problems" in caplog.text


def test_file_without_name_column_is_an_error(tmp_path):
    f = tmp_path / "x.tsv"
    f.write_text("id\thandle\n1\t@a\n", encoding="utf-8")
    with pytest.raises(DataError, match="no 'name' column"):
        load_roster(f)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_roster(tmp_path / "nope.tsv")


# -- frames --------------------------------------------------------------


def test_to_frames_matches_store_schema_columns(bad):
    frames = bad.to_frames()
    assert list(frames["people"].columns) == ["politician_id", "name", "gender"]
    assert list(frames["spells"].columns) == [
        "politician_id",
        "office",
        "level",
        "party",
        "region",
        "start_date",
        "end_date",
    ]
    assert list(frames["handles"].columns) == ["politician_id", "platform", "handle"]
    assert frames["people"]["politician_id"].is_unique
    # the shared handle goes to its first owner only, so the store's key holds
    assert not frames["handles"].duplicated(["platform", "handle"]).any()
    assert set(frames["people"]["gender"]) <= set(GENDERS)


def test_to_frame_picks_the_spell_in_force():
    p = Politician(
        "x",
        "X",
        "female",
        [
            Spell(
                "raadslid",
                "municipal",
                "D66",
                "Ede",
                date(2014, 1, 1),
                date(2018, 3, 28),
            ),
            Spell("wethouder", "municipal", "D66", "Ede", date(2018, 3, 29), None),
        ],
    )
    roster = Roster([p, Politician("y", "Y")])
    then = roster.to_frame(date(2015, 6, 1)).set_index("politician_id")
    now = roster.to_frame().set_index("politician_id")
    assert then.loc["x", "office"] == "raadslid"
    assert now.loc["x", "office"] == "wethouder"
    assert now.loc["x", "level"] == "municipal"
    assert now.loc["y", "office"] is None
    assert list(now.reset_index().columns) == [
        "politician_id",
        "name",
        "gender",
        "office",
        "level",
        "party",
        "region",
    ]


# -- round trip ----------------------------------------------------------


def test_save_refuses_to_overwrite(tmp_path, bad):
    out = tmp_path / "r.tsv"
    bad.save(out)
    with pytest.raises(OutputExistsError):
        bad.save(out)
    bad.save(out, force=True)
    assert out.read_text().split("\n", 1)[0].split("\t") == list(CANONICAL_COLUMNS)


def test_round_trip_of_a_source_roster(tmp_path):
    roster = load_roster(DATA / "parlamint-sample.tsv")
    out = tmp_path / "p.tsv"
    roster.save(out)
    again = load_roster(out)
    assert again.people == roster.people
    assert again.problems == [] or all(
        "overlapping" in p.message or "ends before" in p.message for p in again.problems
    )


_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")
    ),
    min_size=1,
    max_size=12,
)
_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
_handle = st.from_regex(r"[a-z0-9_][a-z0-9_.]{0,14}", fullmatch=True)


@st.composite
def rosters(draw):
    people = []
    n = draw(st.integers(0, 5))
    for i in range(n):
        spells = []
        for _ in range(draw(st.integers(0, 3))):
            office = draw(st.sampled_from(OFFICES))
            a, b = sorted(draw(st.lists(_day, min_size=2, max_size=2)))
            spells.append(
                Spell(
                    office,
                    LEVELS[office],
                    draw(st.none() | _text),
                    draw(st.none() | _text),
                    draw(st.none() | st.just(a)),
                    draw(st.none() | st.just(b)),
                )
            )
        handles = {}
        for platform in draw(st.sets(st.sampled_from(["twitter", "bluesky"]))):
            hs = draw(st.lists(_handle, min_size=1, max_size=2, unique=True))
            handles[platform] = [f"{h}-{i}" for h in hs]
        people.append(
            Politician(
                f"id-{i}",
                draw(_text).strip() or "x",
                draw(st.sampled_from(GENDERS)),
                spells,
                handles,
            )
        )
    return Roster(people, name="prop")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(roster=rosters())
def test_save_then_load_gives_the_same_people(tmp_path_factory, roster):
    out = tmp_path_factory.mktemp("rt") / "r.tsv"
    roster.save(out)
    again = load_roster(out, name="prop")
    for p in roster.people:
        # identical spells are one spell after loading, as on every load
        unique = []
        for s in p.spells:
            if s not in unique:
                unique.append(s)
        p.spells = unique
    assert again.people == roster.people


# -- CLI -----------------------------------------------------------------

runner = CliRunner()


def test_cli_validate_prints_problems_and_fails():
    result = runner.invoke(app, ["roster", "validate", str(DATA / "problems.tsv")])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 7
    assert any(":4 field 'office'" in line for line in lines)


def test_cli_validate_clean_file_succeeds():
    result = runner.invoke(
        app, ["roster", "validate", str(DATA / "tweedekamer-sample.tsv")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_cli_show_counts_gender_by_office():
    result = runner.invoke(
        app, ["roster", "show", str(DATA / "tweedekamer-sample.tsv")]
    )
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert rows[0] == ["office", "female", "male", "other", "unknown", "total"]
    assert rows[1] == ["tweede_kamerlid", "1", "3", "0", "0", "4"]


def test_cli_load_into_store_names_roster_after_file(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store = tmp_path / "hw.duckdb"
    src = tmp_path / "tk2021.tsv"
    shutil.copy(DATA / "tweedekamer-sample.tsv", src)
    result = runner.invoke(app, ["roster", "load", str(src), "--store", str(store)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(store))
    people = con.execute(
        "SELECT count(*) FROM roster_people WHERE roster = 'tk2021'"
    ).fetchone()[0]
    handles = con.execute(
        "SELECT handle FROM roster_handles WHERE politician_id = 'mark-rutte' "
        "ORDER BY handle"
    ).fetchall()
    con.close()
    assert people == 4
    assert handles == [("markrutte",), ("minpres",)]


def test_cli_load_stores_dated_spells(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store = tmp_path / "hw.duckdb"
    result = runner.invoke(
        app,
        [
            "roster",
            "load",
            str(DATA / "problems.tsv"),
            "--store",
            str(store),
            "--name",
            "raad",
        ],
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(store))
    rows = con.execute(
        "SELECT start_date, end_date FROM roster_spells "
        "WHERE roster = 'raad' AND politician_id = 'anna-jansen' ORDER BY start_date"
    ).fetchall()
    con.close()
    assert rows == [(date(2018, 3, 29), date(2022, 3, 30)), (date(2022, 3, 30), None)]


def test_cli_convert_writes_canonical_and_respects_force(tmp_path):
    out = tmp_path / "c.tsv"
    args = ["roster", "convert", str(DATA / "tweedekamer-sample.tsv"), str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert load_roster(out)["mark-rutte"].handles["twitter"] == ["minpres", "markrutte"]
    again = runner.invoke(app, args)
    assert again.exit_code != 0


# -- shipped snapshot ----------------------------------------------------


def test_shipped_tk2021_snapshot():
    roster = load_roster(ROOT / "data" / "rosters" / "tk2021.tsv")
    assert roster.name == "tk2021"
    assert roster.problems == []
    assert len(roster) == 147
    genders = [p.gender for p in roster.people]
    assert (genders.count("female"), genders.count("male")) == (59, 88)
    assert sorted(roster["mark-rutte"].handles["twitter"]) == ["markrutte", "minpres"]
    assert {s.office for p in roster.people for s in p.spells} == {"tweede_kamerlid"}


def test_save_refuses_values_that_would_break_the_tsv(tmp_path):
    p = Politician("x", "X", "male", [Spell("raadslid", "municipal", "A\tB")])
    with pytest.raises(DataError, match="tab or newline"):
        Roster([p]).save(tmp_path / "x.tsv")
