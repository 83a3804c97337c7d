"""The simulator plants what it says it plants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatewatch import simulate
from hatewatch.errors import DataError
from hatewatch.labels import LABELS


@pytest.fixture(scope="module")
def sim() -> simulate.SimulatedCorpus:
    return simulate.simulate_corpus(n_messages=200_000, seed=3)


def test_planted_shares_and_heavy_receiver(sim: simulate.SimulatedCorpus) -> None:
    groups = sim.truth.groups
    assert groups.loc["female", "pooled_expected"] == pytest.approx(0.10)
    assert groups.loc["male", "pooled_expected"] == pytest.approx(0.07)
    # realised true labels stay near the planted shares
    assert groups.loc["female", "pooled_realised"] == pytest.approx(0.10, abs=0.01)
    people = sim.truth.people.set_index("politician_id")
    heavy = people.loc[sim.truth.heavy_receiver]
    assert heavy["p_hostile"] == pytest.approx(0.22)
    assert groups.loc["female", "heavy_share_of_hostile"] == pytest.approx(
        0.36, abs=0.04
    )
    true_hostile = sim.messages["true_label"].isin(["hate", "threat"])
    by_person = true_hostile.groupby(sim.messages["politician_id"], observed=True).sum()
    assert (
        by_person.reindex(people.index, fill_value=0) == people["true_hostile"]
    ).all()


def test_classifier_follows_the_confusion_matrix(sim: simulate.SimulatedCorpus) -> None:
    table = pd.crosstab(sim.messages["true_label"], sim.messages["label"])
    table = table.reindex(index=list(LABELS), columns=list(LABELS), fill_value=0)
    observed = table.to_numpy() / table.to_numpy().sum(axis=1, keepdims=True)
    np.testing.assert_allclose(observed, simulate.DEFAULT_CONFUSION, atol=0.03)


def test_volumes_are_heavy_tailed(sim: simulate.SimulatedCorpus) -> None:
    volume = np.sort(sim.truth.people["volume"].to_numpy())[::-1]
    top_decile = volume[: len(volume) // 10].sum() / volume.sum()
    assert top_decile > 0.35


def test_validation_sample(sim: simulate.SimulatedCorpus) -> None:
    val = sim.validation
    assert len(val) == 600
    assert {"label", "predicted", "gender", "weight", "stratum"} <= set(val.columns)
    # stratified by gender x predicted label, equal allocation: flagged pairs
    # are oversampled and carry small weights
    assert val["stratum"].value_counts().eq(150).all()
    flagged = val["predicted"] != "neutral"
    assert val.loc[flagged, "weight"].max() < val.loc[~flagged, "weight"].min()
    # weights add up to the corpus
    assert val["weight"].sum() == pytest.approx(len(sim.messages))


def test_study_simulator_truth_and_designs() -> None:
    st = simulate.simulate_study(50, 20, design="predicted", seed=3)
    assert st.h.shape == st.n.shape == (50, 40)
    assert (st.corpus.sum(axis=(1, 2, 3)) == st.n.sum(1)).all()
    # 150 per (group, predicted) stratum, or the whole stratum when smaller
    per_stratum = st.validation.sum(axis=3)
    assert (per_stratum == np.minimum(150, st.corpus.sum(axis=3))).all()
    assert (st.validation <= st.corpus).all()
    assert np.allclose(st.truth_pooled[:, 0], st.y[:, :20].sum(1) / st.n[:, :20].sum(1))
    rnd = simulate.simulate_study(50, 20, design="random", n_validation=200, seed=3)
    assert (rnd.validation.sum(axis=(1, 2, 3)) == 200).all()


def test_synthetic_roster_and_bad_inputs() -> None:
    roster = simulate.synthetic_roster(30, seed=2)
    assert roster["politician_id"].is_unique
    assert set(roster["gender"]) <= {"female", "male"}
    with pytest.raises(DataError):
        simulate.simulate_corpus(roster, confusion=np.eye(2))
    with pytest.raises(DataError):
        simulate.load_tk2021_roster("/nonexistent/roster.tsv")


@pytest.mark.skipif(
    not simulate.TK2021_ROSTER.exists(), reason="shared roster data not available"
)
def test_tk2021_roster() -> None:
    roster = simulate.load_tk2021_roster()
    assert len(roster) == 147  # Mark Rutte listed twice in the file
    assert (roster["gender"] == "female").sum() == 59
    sim = simulate.simulate_corpus("tk2021", n_messages=20_000, seed=1)
    assert sim.truth.heavy_receiver == "sigrid-kaag"
    # the package's own reader gives the same people
    own = simulate._read_tk2021(simulate.TK2021_ROSTER)
    assert sorted(own["politician_id"]) == sorted(roster["politician_id"])


def test_simulate_counts_shapes_and_truth() -> None:
    counts = simulate.simulate_counts(50, 40, seed=1)
    assert counts.pred.shape == counts.true.shape == (50, 40, 3)
    np.testing.assert_array_equal(counts.pred.sum(axis=-1), counts.volume)
    np.testing.assert_array_equal(counts.true.sum(axis=-1), counts.volume)
    share = (counts.true[..., 0] + counts.true[..., 2]).sum() / counts.volume.sum()
    assert share == pytest.approx(counts.truth, abs=0.01)
    assert counts.validation.shape == (50, 3, 3)
    assert (counts.validation.sum(axis=(1, 2)) == 600).all()


def test_write_store_round_trip(sim: simulate.SimulatedCorpus, tmp_path) -> None:
    import duckdb

    path = tmp_path / "sim.duckdb"
    simulate.write_store(sim, path, model_version="v9")
    con = duckdb.connect(str(path), read_only=True)
    n = len(sim.messages)
    assert con.execute("SELECT count(*) FROM messages").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM message_recipients").fetchone()[0] == n
    labels = dict(
        con.execute(
            "SELECT label, count(*) FROM scores WHERE model_version = 'v9' GROUP BY 1"
        ).fetchall()
    )
    assert labels == sim.messages["label"].value_counts().to_dict()
    con.close()
