"""Scoring, flagging and exposure counts past one machine, on Dask.

Needs the ``distributed`` extra (``pip install 'hatewatch[distributed]'``:
``dask[dataframe]`` and ``distributed``); importing this module does not
import Dask, only calling its functions does.

* :func:`score_dataset` / :func:`flag_dataset` run :func:`hatewatch.score_file`
  / :func:`hatewatch.scoring.flag_file` on every Parquet file of a
  partitioned dataset (a local folder or any fsspec URL), one Dask task per
  file, on a ``LocalCluster`` (``workers=N``) or a running cluster
  (``cluster="tcp://..."``). Each output file is exactly what the
  single-process command writes for that input file. Output files are
  written atomically (hidden temporary name, then rename), so a rerun after
  a killed worker or a killed client computes only the missing files and
  never leaves duplicates.
* :func:`score` / :func:`flag` do the same on a ``dask.dataframe`` in
  Python.
* :func:`aggregate` turns a partitioned dataset of scored (message,
  recipient) rows into exposure count tables (per recipient, day, relation
  and label, plus a sender histogram); :func:`load_counts` (also reached by
  :func:`hatewatch.exposure.load` on such a folder and by ``hatewatch report
  --counts``) feeds them to the same estimators as a store.

The model is loaded once per worker process, not once per partition: tasks
carry a key (the model folder and a digest of its files) and look the model
up in a per-process cache (:func:`worker_model`).

See ``docs/scale.md``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.labels import HATE, LABELS, NEUTRAL, THREAT

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from hatewatch.exposure.core import Exposure

__all__ = [
    "COUNTS_MANIFEST",
    "DatasetSummary",
    "aggregate",
    "flag",
    "flag_dataset",
    "load_counts",
    "model_key",
    "model_loads",
    "score",
    "score_dataset",
    "worker_model",
]

log = logging.getLogger(__name__)

#: Hidden folder of an output dataset with the job record and per-file
#: summaries (readers of Parquet datasets skip names starting with ``_``).
META_DIR = "_hatewatch"
#: File in a count folder written by :func:`aggregate`.
COUNTS_MANIFEST = "counts.json"

# ------------------------------------------------------------ model per worker

_MODELS: dict[tuple[str, str], Any] = {}
_MODEL_LOCK = threading.Lock()
_USE_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOADS = 0


def model_key(model: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """Key of a model folder for the per-worker cache: (path, digest of files).

    Parameters
    ----------
    model : str or path-like, optional
        A model folder; by default the shipped model.

    Returns
    -------
    tuple of str
        The resolved folder and a SHA-256 over its files' names and bytes,
        so that a folder rewritten in place is loaded again.
    """
    from hatewatch.classifiers.persist import default_model_path

    path = Path(default_model_path() if model is None else model).resolve()
    if not path.is_dir():
        raise FileNotFoundError(f"model folder not found: {path}")
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(path)).encode())
        digest.update(f.read_bytes())
    return str(path), digest.hexdigest()


def worker_model(key: tuple[str, str]) -> Any:
    """The model of ``key``, loaded at most once in this process.

    Safe with several threads per worker: one loads, the others wait.
    """
    global _LOADS
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _MODEL_LOCK:
        model = _MODELS.get(key)
        if model is None:
            from hatewatch.classifiers import load_model

            model = load_model(key[0])
            _MODELS[key] = model
            _LOADS += 1
    return model


@contextlib.contextmanager
def using_model(key: tuple[str, str]) -> Iterator[Any]:
    """The model of ``key``, held for this thread alone while in the block.

    hatewatch models keep caches (normaliser, token tables) that are not
    safe to use from two threads at once: a worker with several threads
    would get wrong scores. Tasks sharing a process take turns; run one
    thread per worker process (the default here) for parallelism.
    """
    model = worker_model(key)
    with _USE_LOCKS.setdefault(key, threading.Lock()):
        yield model


def model_loads() -> int:
    """How many times :func:`worker_model` loaded a model in this process."""
    return _LOADS


# ------------------------------------------------------------------- clusters


@contextlib.contextmanager
def client_for(
    workers: int | None = None,
    cluster: str | None = None,
    *,
    memory_limit: Any = "auto",
) -> Iterator[Any]:
    """A ``distributed.Client``: on ``cluster`` if given, else a ``LocalCluster``.

    Parameters
    ----------
    workers : int, optional
        Worker processes of the ``LocalCluster`` (one thread each); default 1.
    cluster : str, optional
        Address of a running scheduler, e.g. ``tcp://10.0.0.5:8786``.
    memory_limit : str or int, default "auto"
        Per-worker memory limit of the ``LocalCluster``.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "distributed scoring needs the 'distributed' extra: "
            "pip install 'hatewatch[distributed]'"
        ) from exc
    if cluster:
        with Client(cluster) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=int(workers or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit=memory_limit,
        ) as local,
        Client(local) as client,
    ):
        yield client


# ------------------------------------------------------------ file systems


def _fs(url: str | os.PathLike[str]) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(str(url))
    return fs, root.rstrip("/")


def _is_local(fs: Any) -> bool:
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def _hidden(rel: str) -> bool:
    return any(part.startswith(("_", ".")) for part in rel.split("/"))


def dataset_files(url: str | os.PathLike[str]) -> list[str]:
    """Parquet files of a dataset, relative to its root, sorted.

    A single ``.parquet`` file is a dataset of one file. Names starting with
    ``_`` or ``.`` (metadata, temporary files) are skipped at any depth.
    """
    fs, root = _fs(url)
    if fs.isfile(root):
        return [""]
    if not fs.isdir(root):
        raise FileNotFoundError(f"dataset not found: {url}")
    rels = []
    for path in fs.find(root):
        rel = path[len(root) :].lstrip("/")
        if rel.endswith(".parquet") and not _hidden(rel):
            rels.append(rel)
    if not rels:
        raise DataError(f"no .parquet files in {url}")
    return sorted(rels)


def _join(root: str, rel: str) -> str:
    return f"{root}/{rel}" if rel else root


def _write_atomic(fs: Any, local: str, target: str) -> None:
    """Put a finished local file at ``target``: temporary name, then rename."""
    parent, name = target.rsplit("/", 1) if "/" in target else ("", target)
    tmp = f"{parent}/.{name}.tmp-{uuid.uuid4().hex}" if parent else f".{name}.tmp"
    if parent:
        fs.makedirs(parent, exist_ok=True)
    if _is_local(fs):
        shutil.copyfile(local, tmp)  # the local file may be on another disk
        os.replace(tmp, target)
        return
    fs.put_file(local, tmp)
    fs.mv(tmp, target)


# ----------------------------------------------------------------- one file


def _run_file(
    kind: str,
    src: str,
    out: str,
    rel: str,
    key: tuple[str, str],
    options: dict[str, Any],
) -> dict[str, Any]:
    """Score or flag one input file into its output file (runs on a worker).

    The output file appears only complete (temporary file, then rename);
    its summary is written first, under ``_hatewatch/parts/``, so every
    output file has one.
    """
    from hatewatch.scoring import flag_file, score_file

    fs_in, root_in = _fs(src)
    fs_out, root_out = _fs(out)
    target = _join(root_out, rel or Path(root_in).name)
    bad: list[str] = []
    n_bad = 0

    def on_error(row: Any) -> None:
        nonlocal n_bad
        n_bad += 1
        if len(bad) < 20:
            bad.append(str(row))

    with tempfile.TemporaryDirectory(prefix="hatewatch-") as tmp:
        path_in = _join(root_in, rel)
        if _is_local(fs_in):
            local_in = path_in
        else:
            local_in = os.path.join(tmp, "in.parquet")
            fs_in.get_file(path_in, local_in)
        local_out = os.path.join(tmp, f"out{Path(target).suffix}")
        run = score_file if kind == "score" else flag_file
        with using_model(key) as model:
            summary = run(
                local_in,
                local_out,
                model=model,
                force=True,
                progress=False,
                on_error=on_error,
                **options,
            )
        record = {
            "file": rel,
            "rows_read": summary.rows_read,
            "rows_bad": summary.rows_bad,
            "rows_out": getattr(summary, "rows_scored", None)
            if kind == "score"
            else summary.rows_flagged,
            "label_counts": getattr(summary, "label_counts", {}),
            "bad_rows": bad,
            "seconds": round(summary.seconds, 3),
            "pid": os.getpid(),
        }
        meta = os.path.join(tmp, "summary.json")
        Path(meta).write_text(json.dumps(record), encoding="utf-8")
        _write_atomic(fs_out, meta, _summary_path(root_out, rel or Path(root_in).name))
        _write_atomic(fs_out, local_out, target)
    return record


def _summary_path(root_out: str, rel: str) -> str:
    return f"{root_out}/{META_DIR}/parts/{rel}.json"


# ---------------------------------------------------------------- datasets


@dataclass
class DatasetSummary:
    """What :func:`score_dataset` or :func:`flag_dataset` did.

    Attributes
    ----------
    kind : str
        ``"score"`` or ``"flag"``.
    files : int
        Input files (= output files).
    files_done_before : int
        Output files found complete from an earlier, interrupted run and
        kept as they were.
    rows_read, rows_bad, rows_out : int
        Over all files: rows met, malformed rows skipped, rows written
        (scored or flagged).
    label_counts : dict
        Rows per label (scoring only).
    seconds : float
        Wall-clock time of this run.
    workers : int
        Workers of the cluster used.
    """

    kind: str
    files: int = 0
    files_done_before: int = 0
    rows_read: int = 0
    rows_bad: int = 0
    rows_out: int = 0
    label_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0
    output: str = ""
    model_version: str = ""

    def __str__(self) -> str:
        verb = "scored" if self.kind == "score" else "flagged"
        rate = self.rows_read / self.seconds if self.seconds > 0 else 0.0
        resumed = (
            f", {self.files_done_before:,} kept from an earlier run"
            if self.files_done_before
            else ""
        )
        return (
            f"{verb} {self.rows_out:,} of {self.rows_read:,} rows "
            f"({self.rows_bad:,} bad) in {self.files:,} files{resumed} "
            f"on {self.workers} workers in {self.seconds:.1f} s "
            f"({rate:,.0f} rows/s) with model {self.model_version} -> {self.output}"
        )


def score_dataset(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    cluster: str | None = None,
    client: Any = None,
    text_column: str = "text",
    model: str | os.PathLike[str] | None = None,
    chunk_size: int = 50_000,
    force: bool = False,
    progress: bool = True,
) -> DatasetSummary:
    """Score every Parquet file of a dataset on a Dask cluster.

    Parameters
    ----------
    source : str or path-like
        A folder of ``.parquet`` files (any depth, e.g. hive partitions), a
        single file, or an fsspec URL of either (``s3://``, ``gs://`` ...).
    output : str or path-like
        Output folder (local or fsspec URL): one file per input file, same
        relative path, exactly what ``hatewatch score FILE -o OUT`` writes.
    workers : int, optional
        Start a ``LocalCluster`` with this many worker processes.
    cluster : str, optional
        Address of a running Dask scheduler.
    client : distributed.Client, optional
        An existing client (overrides ``workers`` and ``cluster``).
    text_column, model, chunk_size
        As :func:`hatewatch.score_file`; ``model`` is a folder (default: the
        shipped model), loaded once per worker.
    force : bool, default False
        Recompute everything. Without it, a finished output raises
        :class:`~hatewatch.errors.OutputExistsError`, and an unfinished one
        (a killed run) is resumed: files already written are kept.
    progress : bool, default True
        Progress bar on stderr.

    Returns
    -------
    DatasetSummary
    """
    return _run_dataset(
        "score",
        source,
        output,
        workers=workers,
        cluster=cluster,
        client=client,
        model=model,
        force=force,
        progress=progress,
        options={"text_column": text_column, "chunk_size": chunk_size},
    )


def flag_dataset(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    cluster: str | None = None,
    client: Any = None,
    text_column: str = "text",
    model: str | os.PathLike[str] | None = None,
    threshold: float | None = None,
    chunk_size: int = 50_000,
    force: bool = False,
    progress: bool = True,
) -> DatasetSummary:
    """Flag threats in every Parquet file of a dataset on a Dask cluster.

    One output file per input file, each exactly what ``hatewatch flag FILE
    -o OUT`` writes (flagged rows with their ``line`` in the input file,
    most urgent first within the file). Parameters as :func:`score_dataset`
    and :func:`hatewatch.scoring.flag_file`.
    """
    return _run_dataset(
        "flag",
        source,
        output,
        workers=workers,
        cluster=cluster,
        client=client,
        model=model,
        force=force,
        progress=progress,
        options={
            "text_column": text_column,
            "chunk_size": chunk_size,
            "threshold": threshold,
        },
    )


def _run_dataset(
    kind: str,
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    workers: int | None,
    cluster: str | None,
    client: Any,
    model: Any,
    force: bool,
    progress: bool,
    options: dict[str, Any],
) -> DatasetSummary:
    start = time.perf_counter()
    source, output = str(source), str(output)
    files = dataset_files(source)
    key = model_key(model)
    fs_out, root_out = _fs(output)
    job = {
        "kind": kind,
        "source": source,
        "files": files,
        "model": key[1],
        "options": options,
    }
    job_path = f"{root_out}/{META_DIR}/job.json"
    done_path = f"{root_out}/{META_DIR}/done.json"
    if fs_out.exists(done_path) and not force:
        raise OutputExistsError(
            f"{output} holds a finished {kind} run; use --force (force=True) "
            "to compute it again"
        )
    names = [rel or Path(_fs(source)[1]).name for rel in files]
    if force and fs_out.exists(f"{root_out}/{META_DIR}"):
        # only what a run writes: the files of this input and the metadata,
        # never anything else in the folder
        for name in names:
            if fs_out.exists(_join(root_out, name)):
                fs_out.rm(_join(root_out, name))
        fs_out.rm(f"{root_out}/{META_DIR}", recursive=True)
    if fs_out.exists(job_path):
        with fs_out.open(job_path, "r") as fh:
            earlier = json.load(fh)
        if earlier != json.loads(json.dumps(job)):
            raise OutputExistsError(
                f"{output} holds an unfinished run of a different job (input, "
                "model or options differ); use --force to start over"
            )
    else:
        clash = [n for n in names if fs_out.exists(_join(root_out, n))]
        if clash:
            raise OutputExistsError(
                f"{_join(root_out, clash[0])} exists and was not written by a "
                "hatewatch run; choose another output folder"
            )
        fs_out.makedirs(f"{root_out}/{META_DIR}", exist_ok=True)
        with fs_out.open(job_path, "w") as fh:
            json.dump(job, fh)
    _remove_temporaries(fs_out, root_out)
    todo = [
        rel
        for rel, name in zip(files, names, strict=True)
        if not fs_out.exists(_join(root_out, name))
    ]
    summary = DatasetSummary(kind, files=len(files), output=output)
    summary.files_done_before = len(files) - len(todo)
    if todo:
        with contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(client_for(workers, cluster))
            summary.workers = len(client.scheduler_info()["workers"])
            _submit(client, kind, source, output, todo, key, options, progress)
    summary.model_version = _model_version(key[0])
    counts: Counter[str] = Counter()
    for name in names:
        with fs_out.open(_summary_path(root_out, name), "r") as fh:
            part = json.load(fh)
        summary.rows_read += part["rows_read"]
        summary.rows_bad += part["rows_bad"]
        summary.rows_out += part["rows_out"]
        counts.update(part["label_counts"])
    if kind == "score":
        summary.label_counts = {lab: counts.get(lab, 0) for lab in LABELS}
    summary.seconds = time.perf_counter() - start
    with fs_out.open(done_path, "w") as fh:
        json.dump({**job, "summary": summary.__dict__}, fh, default=str)
    return summary


def _model_version(path: str) -> str:
    try:
        meta = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
        return str(meta.get("version", ""))
    except (OSError, ValueError):
        return ""


def _remove_temporaries(fs: Any, root: str) -> None:
    """Delete temporary files left by killed tasks (never a finished file)."""
    if not fs.exists(root):
        return
    for path in fs.find(root):
        if Path(path).name.startswith(".") and ".tmp" in Path(path).name:
            with contextlib.suppress(FileNotFoundError):
                fs.rm(path)


def _submit(
    client: Any,
    kind: str,
    source: str,
    output: str,
    todo: list[str],
    key: tuple[str, str],
    options: dict[str, Any],
    progress: bool,
) -> None:
    from distributed import as_completed

    from hatewatch.progress import progress_bar

    futures = [
        client.submit(
            _run_file,
            kind,
            source,
            output,
            rel,
            key,
            options,
            key=f"hatewatch-{kind}-{uuid.uuid4().hex}",
            retries=2,
        )
        for rel in todo
    ]
    with progress_bar(
        len(futures), f"{kind} files", enabled=progress, unit=" files"
    ) as bar:
        for fut in as_completed(futures):
            fut.result()  # re-raises a task's error here
            bar.update(1)


# -------------------------------------------------------- dask.dataframe API


def _score_part(df: pd.DataFrame, text_column: str, key: tuple[str, str]) -> Any:
    from hatewatch.scoring import score_frame

    with using_model(key) as model:
        return score_frame(df, text_column, model=model)


def _flag_part(
    df: pd.DataFrame, text_column: str, key: tuple[str, str], threshold: Any
) -> Any:
    from hatewatch.scoring import flag_threats

    with using_model(key) as model:
        return flag_threats(df, text_column, model=model, threshold=threshold)


def score(ddf: Any, text_column: str = "text", *, model: Any = None) -> Any:
    """Add ``label, p_hate, p_threat, p_neutral, model_version`` to a Dask frame.

    Lazy: nothing runs until the result is computed or written. Each
    partition goes through :func:`hatewatch.score_frame` (so the result
    equals ``score_frame`` on the whole frame); the model is loaded once per
    worker process.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Messages with a text column.
    text_column : str, default "text"
    model : str or path-like, optional
        A model folder (default: the shipped model).

    Returns
    -------
    dask.dataframe.DataFrame

    Examples
    --------
    >>> import dask.dataframe as dd  # doctest: +SKIP
    >>> from hatewatch import distributed
    >>> ddf = dd.read_parquet("messages/")  # doctest: +SKIP
    >>> distributed.score(ddf).to_parquet("scored/")  # doctest: +SKIP
    """
    key = model_key(model)
    meta = _score_part(ddf._meta, text_column, key)
    return ddf.map_partitions(_score_part, text_column, key, meta=meta)


def flag(
    ddf: Any,
    text_column: str = "text",
    *,
    model: Any = None,
    threshold: float | None = None,
) -> Any:
    """Flagged rows of each partition of a Dask frame (see :func:`score`).

    Each partition goes through :func:`hatewatch.flag_threats`: its flagged
    rows, most urgent first within the partition. Sort the computed result
    by ``priority`` for one global order.
    """
    key = model_key(model)
    meta = _flag_part(ddf._meta, text_column, key, threshold)
    return ddf.map_partitions(_flag_part, text_column, key, threshold, meta=meta)


# -------------------------------------------------------------- aggregation


def _day(values: Any) -> Any:
    import pandas as pd

    ts = pd.to_datetime(values, utc=True, format="mixed")
    return ts.dt.tz_localize(None).dt.floor("D")


def _prepare(df: pd.DataFrame, has_version: bool) -> pd.DataFrame:
    import pandas as pd

    out = pd.DataFrame(
        {
            "platform": df["platform"].astype(str),
            "message_id": df["message_id"].astype(str),
            "politician_id": df["politician_id"].astype(str),
            "relation": df["relation"].astype(str),
            "day": _day(df["created_at"]),
            "author_id": df["author_id"].astype(str),
            "label": df["label"].astype(str),
            "model_version": df["model_version"].astype(str)
            if has_version
            else pd.Series("", index=df.index),
        },
        index=df.index,
    )
    out["hostile"] = (out["label"] != NEUTRAL).astype("int64")
    return out


def aggregate(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    roster: Any = None,
    roster_name: str | None = None,
    workers: int | None = None,
    cluster: str | None = None,
    client: Any = None,
    force: bool = False,
) -> dict[str, Any]:
    """Exposure count tables from a partitioned dataset of scored messages.

    Parameters
    ----------
    source : str or path-like
        Parquet dataset (folder, file or fsspec URL) with one row per
        (message, recipient): ``platform, message_id, politician_id,
        relation, created_at, author_id, label`` and optionally
        ``model_version`` -- the long frame of :func:`hatewatch.exposure.load`.
    output : str or path-like
        Local folder for the count tables: ``daily.parquet`` (messages per
        ``model_version, relation, politician_id, day, label``; relation
        ``all`` counts each (message, recipient) once), ``senders.parquet``
        (how many senders sent ``n`` distinct messages of which ``h``
        hostile, per model version and relation; no sender ids),
        ``roster.parquet`` if a roster is given, and ``counts.json``.
    roster : DataFrame, str or path-like, optional
        The roster to store with the counts: a frame (``politician_id,
        name, gender, office, level, party``), a Parquet/CSV file of one, a
        store, or a ``hatewatch store export`` folder.
    roster_name : str, optional
        Which roster of a store or export holding several.
    workers, cluster, client
        Where to compute (see :func:`score_dataset`).
    force : bool, default False
        Overwrite existing count tables.

    Returns
    -------
    dict
        The manifest written to ``counts.json`` (rows in, table sizes).
    """
    import dask.dataframe as dd
    import pandas as pd

    from hatewatch.exposure import core

    out = Path(output)
    manifest_path = out / COUNTS_MANIFEST
    if manifest_path.exists() and not force:
        raise OutputExistsError(f"{manifest_path} exists; use --force to overwrite")
    roster_frame = _roster_frame(roster, roster_name) if roster is not None else None
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(client_for(workers, cluster))
        ddf = dd.read_parquet(str(source))
        missing = [c for c in core._LONG_COLUMNS if c not in ddf.columns]
        if missing:
            raise DataError("scored dataset lacks a column", field=missing[0])
        has_version = "model_version" in ddf.columns
        cols = [*core._LONG_COLUMNS, *(["model_version"] if has_version else [])]
        meta = _prepare(ddf._meta[cols], has_version)
        rows = ddf[cols].map_partitions(_prepare, has_version, meta=meta)
        keys = ["model_version", "relation", "politician_id", "day", "label"]
        per_relation = rows.groupby(keys).size()
        # each key to one partition (a hash shuffle), then pandas per partition
        pairs = _distinct(
            rows, ["model_version", "platform", "message_id", "politician_id"]
        )
        per_all = pairs.groupby(["model_version", "politician_id", "day", "label"])
        per_all = per_all.size()
        labels = rows["label"].unique()

        def senders(frame: Any) -> Any:
            msgs = _distinct(frame, ["model_version", "platform", "message_id"])
            hist = msgs.shuffle(on=["model_version", "author_id"]).map_partitions(
                _sender_histogram, meta=_sender_histogram(msgs._meta)
            )
            return hist.groupby(["model_version", "n", "h"])["senders"].sum()

        sender_tables = {"all": senders(pairs)}
        for rel in core.RELATIONS[1:]:
            sender_tables[rel] = senders(rows[rows["relation"] == rel])
        n_rows = rows.shape[0]
        computed = client.compute(
            [per_relation, per_all, labels, n_rows, *sender_tables.values()],
            sync=True,
        )
    per_relation, per_all, labels, n_rows, *sender_parts = computed
    unknown = sorted(set(map(str, labels)) - set(LABELS))
    if unknown:
        raise DataError(
            f"unknown label {unknown[0]!r}; expected one of {', '.join(LABELS)}",
            field="label",
        )
    daily = pd.concat(
        [
            per_relation.rename("n").reset_index(),
            per_all.rename("n").reset_index().assign(relation="all"),
        ],
        ignore_index=True,
    )[["model_version", "relation", "politician_id", "day", "label", "n"]]
    daily = daily.sort_values(keys, kind="stable").reset_index(drop=True)
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    sender_frames = []
    for rel, part in zip(sender_tables, sender_parts, strict=True):
        frame = part.reset_index()
        frame.insert(1, "relation", rel)
        sender_frames.append(frame)
    senders_df = pd.concat(sender_frames, ignore_index=True)
    senders_df = senders_df.sort_values(
        ["model_version", "relation", "n", "h"], kind="stable"
    ).reset_index(drop=True)
    for col in ("n", "h", "senders"):
        senders_df[col] = senders_df[col].astype("int64")
    out.mkdir(parents=True, exist_ok=True)
    _atomic_parquet(daily, out / "daily.parquet")
    _atomic_parquet(senders_df, out / "senders.parquet")
    if roster_frame is not None:
        _atomic_parquet(roster_frame, out / "roster.parquet")
    manifest = {
        "kind": "hatewatch exposure counts",
        "source": str(source),
        "rows": int(n_rows),
        "daily_rows": len(daily),
        "sender_rows": len(senders_df),
        "model_versions": sorted(set(daily["model_version"])),
        "roster": roster_frame is not None,
        "seconds": round(time.perf_counter() - start, 3),
    }
    tmp = out / f".{COUNTS_MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return manifest


def _distinct(ddf: Any, keys: list[str]) -> Any:
    """Rows of ``ddf`` with distinct ``keys`` (the first met in a partition)."""
    shuffled = ddf.shuffle(on=keys)
    return shuffled.map_partitions(
        lambda d: d.drop_duplicates(subset=keys), meta=shuffled._meta
    )


def _sender_histogram(msgs: pd.DataFrame) -> pd.DataFrame:
    """How many senders sent ``n`` messages of which ``h`` hostile."""
    per = msgs.groupby(["model_version", "author_id"], sort=False)["hostile"].agg(
        ["count", "sum"]
    )
    hist = per.groupby(["model_version", "count", "sum"]).size()
    out = hist.rename("senders").reset_index()
    out.columns = ["model_version", "n", "h", "senders"]
    for col in ("n", "h", "senders"):
        out[col] = out[col].astype("int64")
    return out


def _atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _roster_frame(roster: Any, roster_name: str | None) -> pd.DataFrame:
    """A roster frame from a frame, a table file, a store or an export folder."""
    import duckdb
    import pandas as pd

    from hatewatch.exposure import core

    if isinstance(roster, pd.DataFrame):
        return roster
    path = Path(roster)
    if path.is_file() and path.suffix in (".parquet", ".csv", ".tsv"):
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, sep="\t" if path.suffix == ".tsv" else ",", dtype=str)
    con = duckdb.connect()
    try:
        if path.is_dir():
            for table in ("roster_people", "roster_spells"):
                file = path / f"{table}.parquet"
                if not file.exists():
                    raise DataError(f"{file} not found; is {path} a store export?")
                quoted = str(file).replace("'", "''")
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM '{quoted}'")
        elif path.is_file():
            quoted = str(path).replace("'", "''")
            con.execute(f"ATTACH '{quoted}' AS src (READ_ONLY)")
            con.execute("USE src")
        else:
            raise FileNotFoundError(f"roster not found: {path}")
        core._store_roster(con, roster_name)
        return con.execute("SELECT * FROM hw_roster").df()
    finally:
        con.close()


def load_counts(
    path: str | os.PathLike[str],
    roster: pd.DataFrame | None = None,
    *,
    model_version: str | None = None,
    relation: str = "all",
) -> Exposure:
    """Exposure analysis from count tables written by :func:`aggregate`.

    Every method of :class:`hatewatch.exposure.Exposure` works and gives
    what :func:`hatewatch.exposure.load` gives on the messages the counts
    came from (tested), because all estimators start from per-recipient
    daily counts and, for senders, per-sender totals.

    Parameters
    ----------
    path : str or path-like
        The count folder.
    roster : DataFrame, optional
        Overrides the folder's ``roster.parquet`` (required without one).
    model_version : str, optional
        Default: the highest version in the counts.
    relation : {"all", "mention", "reply", "quote"}
    """
    import duckdb

    from hatewatch.exposure import core

    folder = Path(path)
    if not (folder / COUNTS_MANIFEST).exists():
        raise DataError(
            f"{folder} holds no {COUNTS_MANIFEST}; run `hatewatch aggregate`"
        )
    if relation not in core.RELATIONS:
        raise DataError(
            f"unknown relation {relation!r}; use one of {', '.join(core.RELATIONS)}",
            field="relation",
        )
    con = duckdb.connect()
    core._quiet(con)
    daily = str(folder / "daily.parquet").replace("'", "''")
    senders = str(folder / "senders.parquet").replace("'", "''")
    versions = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT model_version FROM '{daily}' ORDER BY 1 DESC"
        ).fetchall()
    ]
    if model_version is None:
        model_version = versions[0] if versions else ""
    elif model_version not in versions:
        raise DataError(
            f"no counts for model version {model_version!r}", field="model_version"
        )
    params = [model_version, relation]
    con.execute(
        f"""
        CREATE TEMP TABLE hw_daily AS
        SELECT politician_id, CAST(day AS DATE) AS day, sum(n) AS n,
               coalesce(sum(n) FILTER (WHERE label = '{HATE}'), 0) AS hate,
               coalesce(sum(n) FILTER (WHERE label = '{THREAT}'), 0) AS threat
        FROM '{daily}' WHERE model_version = ? AND relation = ?
        GROUP BY politician_id, day
        """,
        params,
    )
    # each relation on its own (as hw_relation of a store or frame)
    con.execute(
        f"""
        CREATE TEMP TABLE hw_relation AS
        SELECT politician_id, relation, sum(n) AS n,
               coalesce(sum(n) FILTER (WHERE label = '{HATE}'), 0) AS hate,
               coalesce(sum(n) FILTER (WHERE label = '{THREAT}'), 0) AS threat
        FROM '{daily}' WHERE model_version = ? AND relation <> 'all'
        GROUP BY ALL
        """,
        [model_version],
    )
    # one row per sender again, from the histogram (ids were never kept)
    con.execute(
        f"""
        CREATE TEMP TABLE hw_senders AS
        SELECT n, h FROM (
            SELECT n, h, senders FROM '{senders}'
            WHERE model_version = ? AND relation = ?
        ), range(senders)
        """,
        params,
    )
    if roster is None:
        file = folder / "roster.parquet"
        if not file.exists():
            con.close()
            raise DataError(
                f"{folder} holds no roster.parquet; give a roster "
                "(aggregate --roster, or roster= here)"
            )
        import pandas as pd

        roster = pd.read_parquet(file)
    core._register_roster(con, roster)
    ex = core.Exposure(con, model_version or None, relation, "counts", _owned=True)
    ex.counts_folder = str(folder)  # type: ignore[attr-defined]  # report reloads
    return ex


def is_counts_folder(source: Any) -> bool:
    """Whether ``source`` is a folder written by :func:`aggregate`."""
    if not isinstance(source, str | os.PathLike):
        return False
    return (Path(source) / COUNTS_MANIFEST).is_file()


def partition_export(
    export_dir: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    rows_per_file: int = 1_000_000,
    with_scores: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the (message, recipient) rows of a store export as a Parquet dataset.

    The input of :func:`score_dataset` and, once scored, of
    :func:`aggregate`: ``platform, message_id, politician_id, relation,
    created_at, author_id, text`` in files of ``rows_per_file`` rows
    (``part-00000.parquet`` ...), ordered by platform, message id and
    politician, written by DuckDB on this machine.

    Parameters
    ----------
    export_dir : str or path-like
        A folder written by ``hatewatch store export`` (needs
        ``messages.parquet`` and ``message_recipients.parquet``, and
        ``scores.parquet`` with ``with_scores``).
    output : str or path-like
        Local output folder.
    rows_per_file : int, default 1_000_000
        Rows per file (one Dask task each).
    with_scores : str, optional
        A model version: add its ``label`` and ``model_version`` from the
        export's scores (rows without a score are left out), for
        :func:`aggregate` without scoring again.
    force : bool, default False
        Replace the ``part-*.parquet`` files of an earlier run in ``output``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import duckdb

    src, out = Path(export_dir), Path(output)
    need = ["messages", "message_recipients"] + (["scores"] if with_scores else [])
    for table in need:
        if not (src / f"{table}.parquet").is_file():
            raise DataError(
                f"{src / table}.parquet not found; run `hatewatch store export`"
            )
    old = sorted(out.glob("part-*.parquet")) if out.exists() else []
    if old and not force:
        raise OutputExistsError(f"{out} holds part files; use --force to replace them")
    for path in old:  # only the files this function writes
        path.unlink()
    out.mkdir(parents=True, exist_ok=True)

    def q(table: str) -> str:
        return "'" + str(src / f"{table}.parquet").replace("'", "''") + "'"

    score_cols = ", s.label, s.model_version" if with_scores else ""
    score_join = (
        f"JOIN {q('scores')} s ON s.platform = r.platform "
        "AND s.message_id = r.message_id AND s.model_version = $version"
        if with_scores
        else ""
    )
    con = duckdb.connect()
    try:
        params = {"version": with_scores} if with_scores else {}
        con.execute(
            f"""
            CREATE TEMP TABLE hw_long AS
            SELECT r.platform, r.message_id, r.politician_id, r.relation,
                   m.created_at, m.author_id, m.text{score_cols}
            FROM {q("message_recipients")} r
            JOIN {q("messages")} m
              ON m.platform = r.platform AND m.message_id = r.message_id
            {score_join}
            ORDER BY r.platform, r.message_id, r.politician_id
            """,
            params,
        )
        row = con.execute("SELECT count(*) FROM hw_long").fetchone()
        total = int(row[0]) if row else 0
        files = []
        for i, offset in enumerate(range(0, max(total, 1), rows_per_file)):
            target = out / f"part-{i:05d}.parquet"
            tmp = out / f".{target.name}.tmp"
            quoted = str(tmp).replace("'", "''")
            con.execute(
                f"COPY (SELECT * FROM hw_long LIMIT {int(rows_per_file)} "
                f"OFFSET {int(offset)}) TO '{quoted}' (FORMAT parquet)"
            )
            os.replace(tmp, target)
            files.append(target)
    finally:
        con.close()
    return files
