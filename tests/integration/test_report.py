"""`hatewatch report` end to end on a simulated store."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatewatch import simulate
from hatewatch.cli import app
from hatewatch.errors import DataError, OutputExistsError
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
    assert "stratified prediction-powered" in text
    assert "<b>corrected for classifier error</b>" in text  # the headline says so
    assert "top_share_of_hostile_among_hostile" not in text  # readable headers
    assert 'src="http' not in text and "src='http" not in text  # self-contained
    index = pd.read_csv(csv_dir / "tables.csv")
    assert {"recipients", "groups_gender", "corrected", "senders", "reach"} <= set(
        index["table"]
    )
    assert index["denominator"].notna().all()
    assert (index["relation"] == "reply").all()
    # reproducible: seed, versions, commit, inputs and the command line
    assert (index["seed"] == 0).all() and index["corrected"].all()
    assert index["versions"].str.contains("numpy").all()
    assert index["inputs"].str.contains("sha256:").all()
    assert index["command"].str.contains("--validation").all()
    assert index["git_commit"].notna().all()
    assert "Reproducing this report" in text and "sha256:" in text
    assert {"gaps", "sensitivity", "influence", "by_relation"} <= set(index["table"])
    gaps = pd.read_csv(csv_dir / "gaps.csv").set_index("measure")
    corrected = pd.read_csv(csv_dir / "groups_gender.csv").set_index("gender")
    assert gaps.loc["pooled", "difference"] == pytest.approx(
        corrected.loc["female", "pooled_share"] - corrected.loc["male", "pooled_share"]
    )
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
    text = out.read_text()
    assert "not</b> corrected" in text
    assert "model&#x27;s raw labels, not corrected" in text or (
        "model's raw labels, not corrected" in text
    )


def test_cli_missing_store_fails(tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--store", str(tmp_path / "none.duckdb"), "-o", "x.html"]
    )
    assert result.exit_code == 1
    assert "store not found" in result.output


def test_plan_declares_primary_and_secondary(sim_store, tmp_path) -> None:
    sim, path, val, _ = sim_store
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'title = "test plan"\n'
        "[primary]\n"
        'name = "mention-only gap"\nrelation = "mention"\n'
        "[[secondary]]\n"
        'name = "threat gap"\noutcome = "threat"\n'
        "[[secondary]]\n"
        'name = "women, person mean"\nestimand = "share"\nmeasure = "mean"\n'
    )
    out = tmp_path / "r.html"
    data = write_report(
        str(path), out, validation=val, plan=plan, n_boot=200, min_items=5
    )
    table = data.tables["plan"].set_index("name")
    assert table.loc["mention-only gap", "relation_filter"] == "mention"
    assert table.loc["mention-only gap", "role"] == "primary"
    sec = table[table["role"] == "secondary"]
    assert len(sec) == 2
    # Holm: adjusted p-values are never below the raw ones
    gap_row = sec.loc["threat gap"]
    assert gap_row["p_holm"] >= gap_row["p_value"]
    assert "Pre-registered estimands" in out.read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text("[primary]\nmeasure = 'mode'\n")
    with pytest.raises(DataError, match="measure"):
        write_report(str(path), tmp_path / "x.html", plan=bad, n_boot=100)


def test_sample_cli_draws_weighted_strata_and_plans(sim_store, tmp_path) -> None:
    sim, path, _, _ = sim_store
    out = tmp_path / "to_label.csv"
    result = CliRunner().invoke(
        app, ["sample", "--store", str(path), "--n", "200", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, keep_default_na=False)
    assert len(frame) == 200
    assert {"weight", "stratum", "predicted", "gender", "label"} <= set(frame.columns)
    assert (frame["label"] == "").all()
    # every (gender, flagged) stratum is sampled; weights rebuild the corpus
    assert frame["stratum"].nunique() == 4
    per = frame.groupby("stratum")["weight"].agg(["sum", "first"])
    assert per["sum"].sum() == pytest.approx(
        len(sim.messages.drop_duplicates(["message_id", "politician_id"])), rel=1e-9
    )
    flagged = frame["predicted"] != "neutral"
    assert flagged.mean() > (sim.messages["label"] != "neutral").mean() * 2
    # labelled with the known truth, the sample corrects the report
    truth = sim.messages.assign(
        message_id="sim" + sim.messages["message_id"].astype(str)
    )
    truth = truth.drop_duplicates("message_id").set_index("message_id")["true_label"]
    frame["label"] = frame["message_id"].map(truth).astype(str)
    frame.to_csv(out, index=False)
    data = write_report(str(path), tmp_path / "r.html", validation=str(out), n_boot=200)
    assert data.meta["correction"]
    plan = CliRunner().invoke(
        app, ["sample", "--store", str(path), "--width", "0.08", "--plan-only"]
    )
    assert plan.exit_code == 0, plan.output
    assert "label" in plan.output and "flagged" in plan.output
    planned = tmp_path / "planned.csv"
    drawn = CliRunner().invoke(
        app, ["sample", "--store", str(path), "--width", "0.08", "-o", str(planned)]
    )
    assert drawn.exit_code == 0, drawn.output
    n_planned = int(plan.output.split("label ")[1].split()[0])
    assert len(pd.read_csv(planned)) == n_planned
    tight = CliRunner().invoke(
        app, ["sample", "--store", str(path), "--width", "0.0001", "--plan-only"]
    )
    assert tight.exit_code == 1
    assert "not attainable" in tight.output


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
