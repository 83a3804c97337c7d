"""`hatewatch report` end to end on a simulated store."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatewatch import simulate
from hatewatch.cli import app
from hatewatch.errors import OutputExistsError
from hatewatch.report import write_report


@pytest.fixture(scope="module")
def sim_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    sim = simulate.simulate_corpus(n_messages=30_000, seed=5)
    path = folder / "store.duckdb"
    simulate.write_store(sim, path, model_version="sim-v2")
    val = folder / "validation.csv"
    sim.validation.drop(columns="message_id").to_csv(val, index=False)
    return sim, path, val, folder


def test_cli_writes_html_and_csv(sim_store) -> None:
    sim, path, val, folder = sim_store
    out = folder / "report.html"
    csv_dir = folder / "tables"
    args = ["report", "--store", str(path), "-o", str(out), "--csv-dir", str(csv_dir)]
    args += ["--validation", str(val), "--n-boot", "200", "--relation", "reply"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", text)
    assert len(images) >= 3
    assert base64.b64decode(images[0])[:4] == b"\x89PNG"
    assert "sim-v2" in text and "relation &#x27;reply&#x27;" in text
    assert "adjusted classify-and-count" in text
    assert 'src="http' not in text and "src='http" not in text  # self-contained
    index = pd.read_csv(csv_dir / "tables.csv")
    assert {"recipients", "groups_gender", "corrected", "senders", "reach"} <= set(
        index["table"]
    )
    assert index["denominator"].notna().all()
    assert (index["relation"] == "reply").all()
    groups = pd.read_csv(csv_dir / "groups_gender.csv")
    assert (groups["relation"] == "reply").all()
    assert (groups["model_version"] == "sim-v2").all()
    reply_pairs = (sim.messages["relation"] == "reply").sum()
    assert groups["messages"].sum() == reply_pairs

    # only aggregates: no sender ids anywhere
    authors = {f"a{a}" for a in sim.messages["author_id"].unique()[:200]}
    html_text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", text)
    blobs = [html_text] + [p.read_text() for p in csv_dir.glob("*.csv")]
    for blob in blobs:
        tokens = set(re.findall(r"\ba\d+\b", blob))
        assert not tokens & authors

    again = CliRunner().invoke(app, args)
    # hatewatch.cli.main() prints HatewatchErrors as "error: ..." and exits 1
    assert again.exit_code != 0
    assert isinstance(again.exception, OutputExistsError)
    assert "--force" in str(again.exception)


def test_write_report_refuses_overwrite_and_accepts_frames(sim_store, tmp_path):
    sim, _, _, _ = sim_store
    out = tmp_path / "r.html"
    out.write_text("keep me")
    with pytest.raises(OutputExistsError):
        write_report(sim.messages, out, roster=sim.roster, n_boot=100)
    assert out.read_text() == "keep me"
    data = write_report(sim.messages, out, roster=sim.roster, n_boot=100, force=True)
    assert data.meta["relation"] == "all"
    assert "corrected" not in data.tables
    assert "not</b> corrected" in out.read_text()


def test_cli_missing_store_fails(tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--store", str(tmp_path / "none.duckdb"), "-o", "x.html"]
    )
    assert result.exit_code == 1
    assert "store not found" in result.output


def test_report_csv_tables_neutralise_spreadsheet_formulas(sim_store, tmp_path):
    sim, *_ = sim_store
    roster = sim.roster.copy()
    evil = '=HYPERLINK("http://x.example","klik")'
    first = roster["party"].iloc[0]
    roster["party"] = roster["party"].replace(first, evil)
    roster["name"] = "@" + roster["name"].astype(str)
    csv_dir = tmp_path / "tables"
    write_report(
        sim.messages, tmp_path / "r.html", roster=roster, n_boot=100, csv_dir=csv_dir
    )
    seen = 0
    for path in csv_dir.glob("*.csv"):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in table.columns:
            for value in table[col]:
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (path, value)
                seen += value == "'" + evil
    assert seen > 0  # the party did reach the tables, neutralised
