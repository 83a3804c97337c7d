"""hatewatch.distributed: Dask scoring, flagging and exposure counts.

The fast tests use an in-process cluster (one worker, two threads); the
tests on a 2-process ``LocalCluster`` are marked slow.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

pytest.importorskip("distributed")

from hatewatch import distributed as D  # noqa: E402
from hatewatch.errors import OutputExistsError  # noqa: E402
from hatewatch.scoring import flag_file, score_file  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

# dask's Parquet reader still calls reset_index(inplace=True), which this
# pandas deprecates; not ours to fix, and harmless
pytestmark = pytest.mark.filterwarnings(
    "ignore:The inplace keyword in DataFrame.reset_index"
)


def _write_dataset(folder: Path, sizes: tuple[int, ...] = (150, 120, 90)) -> Path:
    """Example messages split into Parquet files, one blank text among them."""
    df = pd.read_json(REPO / "data/examples/messages.jsonl", lines=True)
    df = df[["platform", "message_id", "created_at", "author_id", "text"]]
    df["message_id"] = df["message_id"].astype(str)
    df["created_at"] = df["created_at"].astype(str)
    df["author_id"] = df["author_id"].astype(str)
    start = 0
    folder.mkdir(parents=True)
    for i, n in enumerate(sizes):
        part = df.iloc[start : start + n].reset_index(drop=True)
        if i == 1:
            part.loc[3, "text"] = "   "  # a malformed row: skipped and counted
        # a sub-folder, as in a hive-partitioned dataset
        sub = folder / f"day={i}" if i == 2 else folder
        sub.mkdir(exist_ok=True)
        part.to_parquet(sub / f"part-{i}.parquet", index=False)
        start += n
    return folder


@pytest.fixture(scope="module")
def client() -> Any:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    return _write_dataset(tmp_path / "messages")


def _reference(kind: str, dataset: Path, out: Path) -> dict[str, bytes]:
    run = score_file if kind == "score" else flag_file
    ref = {}
    for rel in D.dataset_files(dataset):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        run(dataset / rel, target, progress=False)
        ref[rel] = target.read_bytes()
    return ref


@pytest.mark.parametrize(
    "kind", ["score", pytest.param("flag", marks=pytest.mark.slow)]
)
def test_dataset_output_equals_single_process_byte_for_byte(
    kind: str, dataset: Path, tmp_path: Path, client: Any
) -> None:
    run = D.score_dataset if kind == "score" else D.flag_dataset
    summary = run(dataset, tmp_path / "out", client=client, progress=False)
    ref = _reference(kind, dataset, tmp_path / "ref")
    assert sorted(ref) == ["day=2/part-2.parquet", "part-0.parquet", "part-1.parquet"]
    for rel, data in ref.items():
        assert (tmp_path / "out" / rel).read_bytes() == data, rel
    # only the parts and the hidden metadata folder: no temporary files
    visible = D.dataset_files(tmp_path / "out")
    assert visible == sorted(ref)
    assert not [p for p in (tmp_path / "out").rglob("*.tmp*")]
    assert summary.rows_read == 360 and summary.rows_bad == 1
    if kind == "score":
        assert summary.rows_out == 359
        assert sum(summary.label_counts.values()) == 359
    else:
        flagged = sum(len(pd.read_parquet(tmp_path / "ref" / r)) for r in ref)
        assert summary.rows_out == flagged > 0


def test_model_loaded_once_per_process_not_per_partition(
    dataset: Path, tmp_path: Path, client: Any
) -> None:
    D._MODELS.clear()
    before = D.model_loads()
    D.score_dataset(dataset, tmp_path / "out", client=client, progress=False)
    D.flag_dataset(dataset, tmp_path / "flag", client=client, progress=False)
    # 3 files scored and 3 flagged on one worker with two threads
    assert D.model_loads() - before == 1


def test_dask_frame_score_and_flag_equal_single_frame(
    dataset: Path, client: Any
) -> None:
    import dask.dataframe as dd

    import hatewatch

    ddf = dd.read_parquet(str(dataset / "part-0.parquet")).repartition(npartitions=3)
    full = ddf.compute()
    got = D.score(ddf).compute()
    pd.testing.assert_frame_equal(got, hatewatch.score_frame(full), check_exact=True)
    flagged = D.flag(ddf).compute().sort_values(["priority", "p_threat"])
    want = hatewatch.flag_threats(full).sort_values(["priority", "p_threat"])
    pd.testing.assert_frame_equal(flagged.sort_index(), want.sort_index())


def test_finished_output_is_refused_and_other_jobs_do_not_mix(
    dataset: Path, tmp_path: Path, client: Any
) -> None:
    out = tmp_path / "out"
    D.score_dataset(dataset, out, client=client, progress=False)
    with pytest.raises(OutputExistsError, match="finished"):
        D.score_dataset(dataset, out, client=client, progress=False)
    # an unfinished run of another job (other text column) is not resumed
    (out / "_hatewatch" / "done.json").unlink()
    with pytest.raises(OutputExistsError, match="different job"):
        D.score_dataset(dataset, out, client=client, text_column="x", progress=False)
    (out / "notes.txt").write_text("mine")
    again = D.score_dataset(dataset, out, client=client, progress=False, force=True)
    assert again.files_done_before == 0 and again.rows_out == 359
    assert (out / "notes.txt").read_text() == "mine"  # --force removes only ours
    # a folder holding files of the same names that no run wrote is refused
    with pytest.raises(OutputExistsError, match="not written by a hatewatch run"):
        D.score_dataset(dataset, dataset, client=client, progress=False)


_KILLED_CLIENT = """
import sys, time
from hatewatch import distributed as D
real = D._run_file
def slow(*args, **kw):
    out = real(*args, **kw)
    time.sleep(2.0)  # leaves time to kill the client between files
    return out
D._run_file = slow
from distributed import Client, LocalCluster
with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                  dashboard_address=":0") as c, Client(c) as client:
    D.score_dataset(sys.argv[1], sys.argv[2], client=client, progress=False)
"""


def test_rerun_after_killed_client_finishes_without_duplicates(
    dataset: Path, tmp_path: Path, client: Any
) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_CLIENT), str(dataset), str(out)]
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out.rglob("part-*.parquet")):
            assert proc.poll() is None, "the client ended before writing a file"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    first = {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet")}
    assert 1 <= len(first) < 3  # killed mid-run
    assert not (out / "_hatewatch" / "done.json").exists()
    summary = D.score_dataset(dataset, out, client=client, progress=False)
    assert summary.files_done_before == len(first)
    for path, mtime in first.items():
        assert path.stat().st_mtime_ns == mtime  # kept, not recomputed
    ref = _reference("score", dataset, tmp_path / "ref")
    assert D.dataset_files(out) == sorted(ref)
    for rel, data in ref.items():
        assert (out / rel).read_bytes() == data
    assert summary.rows_read == 360 and summary.rows_out == 359


# ------------------------------------------------------------- aggregation


@pytest.fixture(scope="module")
def corpus() -> Any:
    from hatewatch import simulate

    return simulate.simulate_corpus(n_messages=3_000, seed=5)


def _long_dataset(corpus: Any, folder: Path) -> pd.DataFrame:
    frame = corpus.messages[
        [
            "platform",
            "message_id",
            "politician_id",
            "relation",
            "created_at",
            "author_id",
            "label",
        ]
    ].copy()
    for col in ("platform", "politician_id", "relation", "label"):
        frame[col] = frame[col].astype(str)
    frame["message_id"] = frame["message_id"].astype(str)
    frame["author_id"] = frame["author_id"].astype(str)
    frame["model_version"] = "sim-1"
    # the same pair under a second relation: "all" must count it once
    dup = frame.iloc[:40].copy()
    dup["relation"] = "quote"
    frame = pd.concat([frame, dup], ignore_index=True)
    folder.mkdir()
    for i, idx in enumerate(range(0, len(frame), 1_100)):
        frame.iloc[idx : idx + 1_100].to_parquet(folder / f"part-{i}.parquet")
    return frame


@pytest.mark.parametrize(
    "relation",
    ["all", *(pytest.param(r, marks=pytest.mark.slow) for r in ("mention", "quote"))],
)
def test_aggregated_counts_feed_the_same_estimators(
    corpus: Any, tmp_path: Path, client: Any, relation: str
) -> None:
    from hatewatch import exposure

    frame = _long_dataset(corpus, tmp_path / "scored")
    manifest = D.aggregate(
        tmp_path / "scored", tmp_path / "counts", roster=corpus.roster, client=client
    )
    assert manifest["rows"] == len(frame)
    direct = exposure.load(frame, corpus.roster, relation=relation)
    counted = exposure.load(str(tmp_path / "counts"), relation=relation)
    assert counted.source == "counts"
    assert counted.summary() == direct.summary()
    pd.testing.assert_frame_equal(counted.counts(), direct.counts())
    pd.testing.assert_frame_equal(counted.senders(), direct.senders())
    pd.testing.assert_frame_equal(
        counted.groups("gender", n_boot=200, seed=3),
        direct.groups("gender", n_boot=200, seed=3),
    )
    pd.testing.assert_frame_equal(
        counted.timeseries(freq="week", by="gender"),
        direct.timeseries(freq="week", by="gender"),
    )
    pd.testing.assert_frame_equal(counted.reach(k=2), direct.reach(k=2))
    saved = json.loads((tmp_path / "counts" / "counts.json").read_text())
    assert saved["model_versions"] == ["sim-1"]


def test_aggregate_rejects_unknown_labels(
    corpus: Any, tmp_path: Path, client: Any
) -> None:
    from hatewatch.errors import DataError

    frame = _long_dataset(corpus, tmp_path / "all").iloc[:20].copy()
    frame.loc[5, "label"] = "spam"
    (tmp_path / "scored").mkdir()
    frame.to_parquet(tmp_path / "scored" / "part-0.parquet")
    with pytest.raises(DataError, match="unknown label 'spam'"):
        D.aggregate(tmp_path / "scored", tmp_path / "counts", client=client)


# ------------------------------------------------- 2 processes (slow tests)


@pytest.mark.slow
def test_two_process_cluster_equal_output_one_load_per_worker_killed_worker(
    tmp_path: Path,
) -> None:
    from distributed import Client, LocalCluster

    dataset = _write_dataset(tmp_path / "messages", sizes=(400,) * 6)
    ref = _reference("score", dataset, tmp_path / "ref")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        D.score_dataset(dataset, tmp_path / "out", client=client, progress=False)
        loads = client.run(D.model_loads)
        assert sorted(loads.values()) == [1, 1]  # 6 files, 2 workers, 2 loads
        for rel, data in ref.items():
            assert (tmp_path / "out" / rel).read_bytes() == data
        # kill a worker process while files are being scored: the scheduler
        # moves its task, and every file is still written once and complete
        pids = client.run(os.getpid)
        future = client.submit(
            D.score_dataset,
            dataset,
            str(tmp_path / "out2"),
            cluster=cluster.scheduler_address,
            progress=False,
            pure=False,
        )
        out2 = tmp_path / "out2"
        deadline = time.monotonic() + 120
        while not list(out2.rglob("part-*.parquet")):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(next(iter(pids.values())), signal.SIGKILL)
    summary = D.score_dataset(dataset, out2, workers=1, progress=False)
    del future
    assert D.dataset_files(out2) == sorted(ref)
    for rel, data in ref.items():
        assert (out2 / rel).read_bytes() == data
    assert summary.rows_read == 2_400


def test_importing_the_module_does_not_import_dask() -> None:
    code = (
        "import sys, hatewatch, hatewatch.distributed; heavy = ('dask', "
        "'distributed', 'pandas'); print(sorted(set(heavy) & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_cli_says_how_to_score_a_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hatewatch.cli import app

    folder = tmp_path / "dataset"
    folder.mkdir()
    runner = CliRunner()
    for cmd, out in (("score", "s.parquet"), ("flag", "f.csv")):
        result = runner.invoke(app, [cmd, str(folder), "-o", str(tmp_path / out)])
        assert result.exit_code == 1
        assert "is a folder" in result.output and "--workers" in result.output
    both = ["score", str(folder), "-o", "o", "--workers", "1", "--cluster", "x"]
    result = runner.invoke(app, both)
    assert result.exit_code == 1 and "not both" in result.output
    # a folder without Parquet files fails before any cluster starts
    result = runner.invoke(app, ["score", str(folder), "-o", "o", "--workers", "1"])
    assert result.exit_code == 1 and "no .parquet files" in result.output
