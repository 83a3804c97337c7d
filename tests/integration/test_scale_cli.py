"""The documented path of docs/scale.md through the command line.

store export -> partition -> aggregate (Dask) -> report --counts, against
report --store on the same store: every CSV table must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from hatewatch import simulate  # noqa: E402
from hatewatch.cli import app  # noqa: E402

pytestmark = [
    pytest.mark.slow,  # starts a process LocalCluster
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index"),
]


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def test_store_export_to_counts_to_report_equals_store_report(tmp_path: Path) -> None:
    sim = simulate.simulate_corpus(n_messages=4_000, seed=9)
    store = tmp_path / "store.duckdb"
    simulate.write_store(sim, store, model_version="sim-v1")
    export, scored, counts = tmp_path / "export", tmp_path / "long", tmp_path / "c"
    _run("store", "export", str(export), "--store", str(store))
    _run(
        "partition", str(export), "-o", str(scored),
        "--rows-per-file", "1500", "--with-scores", "sim-v1",
    )  # fmt: skip
    assert len(list(scored.glob("part-*.parquet"))) >= 3
    _run(
        "aggregate", str(scored), "-o", str(counts),
        "--roster", str(export), "--workers", "1",
    )  # fmt: skip
    common = ["--n-boot", "200", "--relation", "reply"]
    _run(
        "report", "--counts", str(counts), "-o", str(tmp_path / "a.html"),
        "--csv-dir", str(tmp_path / "a"), *common,
    )  # fmt: skip
    _run(
        "report", "--store", str(store), "-o", str(tmp_path / "b.html"),
        "--csv-dir", str(tmp_path / "b"), *common,
    )  # fmt: skip
    tables = sorted(p.name for p in (tmp_path / "b").glob("*.csv"))
    assert len(tables) > 10
    assert sorted(p.name for p in (tmp_path / "a").glob("*.csv")) == tables
    for name in tables:
        if name == "tables.csv":  # the index: only the provenance may differ
            a, b = (pd.read_csv(tmp_path / d / name) for d in "ab")
            same = [c for c in a.columns if c not in ("inputs", "command")]
            assert len(same) < len(a.columns)
            pd.testing.assert_frame_equal(a[same], b[same])
            continue
        assert (tmp_path / "a" / name).read_bytes() == (
            tmp_path / "b" / name
        ).read_bytes(), name
