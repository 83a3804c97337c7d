"""Exposure analyses: statistics on counts, loading, tables."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from hatewatch import exposure, simulate
from hatewatch.errors import DataError


@pytest.fixture(scope="module")
def sim() -> simulate.SimulatedCorpus:
    return simulate.simulate_corpus(n_messages=40_000, seed=11)


@pytest.fixture(scope="module")
def ex(sim: simulate.SimulatedCorpus) -> exposure.Exposure:
    return exposure.load(sim.messages, sim.roster)


def _tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    roster = pd.DataFrame(
        {
            "politician_id": ["a", "b", "c"],
            "name": ["Anna", "Bert", "Carla"],
            "gender": ["female", "male", "female"],
            "office": ["minister", "tweede_kamerlid", "raadslid"],
            "level": ["national", "national", "municipal"],
            "party": ["X", "Y", "X"],
        }
    )
    t = datetime(2021, 1, 4, 12)
    rows = [
        # m1 both mentions and replies to a: one pair under "all"
        ("twitter", "m1", "a", "mention", t, "u1", "hate"),
        ("twitter", "m1", "a", "reply", t, "u1", "hate"),
        ("twitter", "m2", "a", "mention", t, "u2", "neutral"),
        ("twitter", "m3", "a", "reply", t, "u1", "threat"),
        ("twitter", "m4", "b", "mention", t, "u3", "neutral"),
        # m5 goes to two people: two pairs, one message for senders
        ("twitter", "m5", "a", "quote", t, "u1", "hate"),
        ("twitter", "m5", "b", "quote", t, "u1", "hate"),
    ]
    cols = [
        "platform",
        "message_id",
        "politician_id",
        "relation",
        "created_at",
        "author_id",
        "label",
    ]
    return pd.DataFrame(rows, columns=cols), roster


def test_wilson_matches_statsmodels() -> None:
    from statsmodels.stats.proportion import proportion_confint

    x = np.array([0, 3, 10, 50])
    n = np.array([20, 40, 100, 60])
    lo, hi = exposure.wilson_interval(x, n)
    ref_lo, ref_hi = proportion_confint(x, n, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-9)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-9)
    lo0, _ = exposure.wilson_interval(0, 0)
    assert np.isnan(lo0)


def test_adjusted_prevalence_inverts_the_confusion_matrix() -> None:
    c = simulate.DEFAULT_CONFUSION
    pi = np.array([0.08, 0.9, 0.02])
    q = c.T @ pi
    np.testing.assert_allclose(exposure.adjusted_prevalence(q, c), pi, atol=1e-12)
    # batched, and clipped when q is impossible under C
    out = exposure.adjusted_prevalence(np.array([[0.0, 1.0, 0.0], q]), c)
    assert out.shape == (2, 3)
    assert (out >= 0).all()
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_rogan_gladen() -> None:
    # true prevalence 0.2, sens 0.5, spec 0.9 -> q = 0.1 + 0.08
    assert exposure.rogan_gladen(0.18, 0.5, 0.9) == pytest.approx(0.2)
    assert exposure.rogan_gladen(0.01, 0.5, 0.9) == 0.0


def test_relation_filter_and_dedup() -> None:
    frame, roster = _tiny()
    ex_all = exposure.load(frame, roster)
    counts = ex_all.counts().set_index("politician_id")
    assert counts.loc["a", "messages"] == 4  # m1 once, m2, m3, m5
    assert counts.loc["a", "hate"] == 2
    assert counts.loc["a", "threat"] == 1
    assert counts.loc["c", "messages"] == 0  # in the roster, nothing received
    mention = exposure.load(frame, roster, relation="mention").counts()
    assert mention.set_index("politician_id").loc["a", "messages"] == 2
    assert ex_all.recipients()["relation"].eq("all").all()
    with pytest.raises(DataError, match="relation"):
        exposure.load(frame, roster, relation="retweet")


def test_unknown_label_is_a_data_error() -> None:
    frame, roster = _tiny()
    frame.loc[2, "label"] = "offensive"
    with pytest.raises(DataError, match="offensive"):
        exposure.load(frame, roster)


def test_senders_count_messages_and_hide_ids() -> None:
    frame, roster = _tiny()
    table = exposure.load(frame, roster).senders()
    row = table.iloc[0]
    assert row["messages"] == 5  # m1..m5, m5 counted once
    assert row["hostile_messages"] == 3  # m1, m3, m5
    assert row["unique_senders"] == 3
    assert row["top_senders"] == 1
    assert row["top_share_of_hostile"] == 1.0  # u1 sent all hostile ones
    assert not table.astype(str).isin(["u1", "u2", "u3"]).any().any()


def test_reach_counts_people_without_messages() -> None:
    frame, roster = _tiny()
    reach = exposure.load(frame, roster).reach(k=2).set_index("gender")
    assert reach.loc["female", "n_people"] == 2
    assert reach.loc["female", "threat_ge1"] == 0.5  # a yes, c (no messages) no
    assert reach.loc["female", "hostile_ge2"] == 0.5


def test_frame_and_store_give_the_same_numbers(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure, tmp_path
) -> None:
    from hatewatch.store import Store

    store = Store(tmp_path / "s.duckdb")
    simulate.write_store(sim, store, model_version="old")
    store.con.execute(
        "INSERT INTO scores SELECT platform, message_id, 'new', 'neutral', 0, 0, 1, "
        "TIMESTAMP '2030-01-01' FROM scores WHERE model_version = 'old'"
    )
    latest = exposure.load(store)
    assert latest.model_version == "new"
    assert latest.counts()["hostile"].sum() == 0
    old = exposure.load(store, model_version="old")
    a = old.counts().set_index("politician_id").sort_index()
    b = ex.counts().set_index("politician_id").sort_index()
    pd.testing.assert_frame_equal(
        a[["gender", "office", "messages", "hate", "threat"]],
        b[["gender", "office", "messages", "hate", "threat"]],
    )
    cols = ["relation_type", "gender", "messages", "raw_share"]
    pd.testing.assert_frame_equal(
        old.by_relation(n_boot=50)[cols], ex.by_relation(n_boot=50)[cols]
    )
    mention = exposure.load(store, model_version="old", relation="mention")
    pd.testing.assert_frame_equal(
        mention.by_relation(n_boot=50)[cols], ex.by_relation(n_boot=50)[cols]
    )
    mention.close()
    with pytest.raises(DataError, match="model version"):
        exposure.load(store, model_version="nope")
    # closing an analysis of a caller's Store leaves the Store usable
    old.close()
    assert store.stats()["messages"] == len(sim.messages)
    store.close()


def test_groups_pooled_vs_person_weighted(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    table = ex.groups("gender", n_boot=300).set_index("gender")
    counts = ex.counts()
    for gender, sub in counts.groupby("gender"):
        sub = sub[sub["messages"] > 0]
        n = sub["messages"].to_numpy(float)
        share = sub["hostile"].to_numpy() / n
        # pooled - person mean = population covariance(n, share) / mean(n)
        cov = np.mean((n - n.mean()) * (share - share.mean()))
        row = table.loc[gender]
        assert row["pooled_share"] - row["person_mean"] == pytest.approx(cov / n.mean())
        assert row["pooled_lo"] <= row["pooled_share"] <= row["pooled_hi"]
        top = np.sort(sub["hostile"].to_numpy())[::-1]
        assert row["top1_share"] == pytest.approx(top[0] / top.sum())
    # the planted heavy receiver makes the women's pooled share exceed their
    # person-weighted mean, in truth and in the estimate
    truth = sim.truth.groups.loc["female"]
    assert truth["pooled_expected"] > truth["person_mean"]
    assert table.loc["female", "pooled_share"] > table.loc["female", "person_mean"]


def test_small_cells_are_flagged(ex: exposure.Exposure) -> None:
    table = ex.groups(("gender", "party"), n_boot=100, min_recipients=5)
    small = table["n_with_messages"] < 5
    assert small.any()
    assert (table["small_cell"] == (small | (table["messages"] < 100))).all()


def test_shrinkage_keeps_tiny_denominators_off_the_top() -> None:
    rng = np.random.default_rng(0)
    n = rng.integers(200, 2000, 50)
    x = rng.binomial(n, 0.08)
    n = np.append(n, 2)
    x = np.append(x, 2)  # 2 of 2 hostile: raw share 100%
    shrunk = exposure.eb_shrink(x, n)
    assert np.argmax(x / n) == 50
    assert np.argmax(shrunk) != 50
    assert shrunk[50] < 0.5


def test_gap_and_gap_model(ex: exposure.Exposure) -> None:
    gaps = ex.gaps(n_boot=300).set_index("measure")
    pooled = gaps.loc["pooled"]
    assert pooled["difference"] == pytest.approx(pooled["a_value"] - pooled["b_value"])
    assert pooled["difference_lo"] <= pooled["difference"] <= pooled["difference_hi"]
    assert pooled["ratio_lo"] <= pooled["ratio"] <= pooled["ratio_hi"]
    model = ex.gap_model().set_index("term")
    assert {"gender[female]", "log_messages"} <= set(model.index)
    assert model.loc["gender[female]", "se"] > 0
    lo, hi = model.loc["gender[female]", ["or_lo", "or_hi"]]
    assert lo < model.loc["gender[female]", "odds_ratio"] < hi


def test_corrected_moves_towards_truth(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    table = ex.corrected(sim.validation, n_boot=400).set_index("gender")
    truth = sim.truth.groups["pooled_realised"]
    for gender in ("female", "male"):
        row = table.loc[gender]
        # the default classifier misses over half of the hostile messages
        assert row["raw_hostile"] < truth[gender] * 0.85
        assert abs(row["corrected_hostile"] - truth[gender]) < abs(
            row["raw_hostile"] - truth[gender]
        )
        assert row["corrected_lo"] <= row["corrected_hostile"] <= row["corrected_hi"]
        assert 0 <= row["corrected_lo"] and row["corrected_hi"] <= 1
        assert row["corrected_lo"] <= truth[gender] <= row["corrected_hi"]
    assert (table["error_rates"] == "per gender").all()


def test_every_quantity_is_corrected_with_one_validation_sample(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    val = sim.validation
    groups = ex.groups("gender", validation=val, n_boot=300).set_index("gender")
    raw = ex.groups("gender", n_boot=300).set_index("gender")
    assert groups["corrected"].all() and not raw["corrected"].any()
    truth = sim.truth.groups
    for g in ("female", "male"):
        # corrected pooled share is the same number in every table
        assert groups.loc[g, "pooled_share"] == pytest.approx(
            ex.corrected(val, n_boot=50).set_index("gender").loc[g, "corrected_hostile"]
        )
        assert groups.loc[g, "pooled_share"] > raw.loc[g, "pooled_share"]
        assert groups.loc[g, "person_mean"] > raw.loc[g, "person_mean"]
        assert abs(groups.loc[g, "person_mean"] - truth.loc[g, "person_mean"]) < abs(
            raw.loc[g, "person_mean"] - truth.loc[g, "person_mean"]
        )
    gaps = ex.gaps(validation=val, n_boot=300).set_index("measure")
    assert gaps.loc["pooled", "difference"] == pytest.approx(
        groups.loc["female", "pooled_share"] - groups.loc["male", "pooled_share"]
    )
    weekly = ex.timeseries(freq="week", by="gender", validation=val, intervals=True)
    assert (weekly["share_lo"] <= weekly["share"] + 1e-12).all()
    assert weekly["corrected"].all()
    # corrected weekly shares add up to the corrected pooled share
    for g, sub in weekly.groupby("gender"):
        pooled = (sub["share"] * sub["messages"]).sum() / sub["messages"].sum()
        assert pooled == pytest.approx(groups.loc[g, "pooled_share"], rel=1e-9)
    offices = ex.groups("office", validation=val, n_boot=100)
    total = (offices["pooled_share"] * offices["messages"]).sum()
    assert total == pytest.approx(
        (groups["pooled_share"] * groups["messages"]).sum(), rel=1e-9
    )
    reach = ex.reach(validation=val, n_boot=100).set_index("gender")
    raw_reach = ex.reach().set_index("gender")
    assert (reach["hostile_ge1"] >= raw_reach["hostile_ge1"] - 1e-9).all()
    model = ex.gap_model(validation=val, n_draws=10).set_index("term")
    assert model.loc["gender[female]", "se"] > 0


def test_thin_validation_is_refused_with_what_to_label(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    val = sim.validation
    thin = val[~((val["gender"] == "male") & (val["predicted"] != "neutral"))]
    thin = pd.concat(
        [thin, val[(val["gender"] == "male") & (val["predicted"] != "neutral")].head(4)]
    )
    with pytest.raises(exposure.ThinValidationError) as info:
        ex.groups("gender", validation=thin, n_boot=50)
    message = str(info.value)
    assert "gender=male" in message and "predicted positive" in message
    assert "label 6 more" in message
    assert info.value.needed == [("male", "predicted positive", 4, 6)]
    # pooled error rates are a choice the user makes, never a fallback
    table = ex.groups("gender", validation=thin, error_by=None, n_boot=50)
    assert (table["error_rates"] == "one for all").all()


def test_validation_without_a_needed_column_is_an_error(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    with pytest.raises(DataError, match="gender"):
        ex.groups(validation=sim.validation.drop(columns="gender"), n_boot=50)


def test_one_recipient_group_gets_no_interval() -> None:
    messages, roster = _tiny()
    ex = exposure.load(messages, roster)
    party = ex.groups("party", n_boot=200).set_index("party")
    assert party.loc["Y", "n_with_messages"] == 1
    assert np.isnan(party.loc["Y", "pooled_lo"])
    assert "no between-person interval" in party.loc["Y", "interval_note"]
    assert party.loc["Y", "small_cell"]


def test_spikes_find_the_planted_burst(
    sim: simulate.SimulatedCorpus, ex: exposure.Exposure
) -> None:
    spikes = ex.spikes(by="politician_id")
    heavy = spikes[spikes["politician_id"] == sim.truth.heavy_receiver]
    assert set(sim.truth.spike_days) <= set(heavy["day"])
    z, flag = exposure.robust_spikes(np.array([[0, 0, 1, 0, 30, 0, 1]]))
    assert flag.tolist() == [[False, False, False, False, True, False, False]]


def test_timeseries_adds_up(ex: exposure.Exposure) -> None:
    daily = ex.timeseries(freq="day", by="gender")
    weekly = ex.timeseries(freq="week", by=None)
    assert daily["messages"].sum() == weekly["messages"].sum() == ex.summary()["pairs"]
    assert (pd.to_datetime(weekly["period"]).dt.day_of_week == 0).all()


def test_validation_file_errors_name_line_and_field(tmp_path) -> None:
    path = tmp_path / "val.csv"
    path.write_text("label,predicted\nhate,hate\nneutral,nasty\n")
    with pytest.raises(DataError) as info:
        exposure.load_validation(str(path))
    assert info.value.line == 3 and info.value.field == "predicted"
    assert str(path) in str(info.value)
    path.write_text("label,predicted,weight\nhate,hate,2\nneutral,hate,-1\n")
    with pytest.raises(DataError) as info:
        exposure.load_validation(str(path))
    assert info.value.line == 3 and info.value.field == "weight"
