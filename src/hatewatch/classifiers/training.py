"""Read labelled data and (re)build a model folder deterministically."""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError, OutputExistsError
from hatewatch.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    import pandas as pd

    from hatewatch.classifiers.bow import HatewatchClassifier
    from hatewatch.classifiers.evaluation import EvaluationReport

__all__ = ["TrainResult", "default_training_files", "read_labelled", "train_model"]

log = logging.getLogger(__name__)

SPLITS = ("train", "validation", "test")
COLUMNS = ("text", "label", "source", "group", "split", "constructed")
#: Files named like this (without a ``split`` column) are fresh validation
#: sets: all their rows are ``validation``, and the threat threshold is chosen
#: on their Dutch rows (``data/annotations/validation_v2_nl.csv``).
FRESH_VALIDATION_PREFIX = "validation_"

#: Default loss weight of a real (not constructed) training message.
REAL_WEIGHT = 2.0


def default_training_files() -> list[Path]:
    """The repository's ``data/annotations/*.csv`` files, sorted."""
    import hatewatch

    root = Path(hatewatch.__file__).resolve().parent.parent.parent
    files = []
    for path in sorted((root / "data" / "annotations").glob("*.csv")):
        # the sealed test set is never read while building a model
        if path.name.startswith("sealed_"):
            continue
        # review sheets and other side files in the folder have no labels
        with open(path, encoding="utf-8-sig") as fh:
            header = fh.readline().strip().split(",")
        if "text" in header and "label" in header:
            files.append(path)
    return files


def _split_of(group: str) -> str:
    # a stable hash (not Python's salted hash()) so every run splits alike
    bucket = zlib.crc32(group.encode("utf-8")) % 10
    return "train" if bucket < 8 else ("validation" if bucket == 8 else "test")


def _known(
    f: pd.DataFrame, column: str, allowed: Sequence[str], path: Path, lines: Any
) -> pd.Series:
    """``column`` stripped and lower-cased; the first value not in ``allowed``
    raises :class:`DataError` naming its file and line."""
    values = f[column].astype(str).str.strip().str.lower()
    bad = ~values.isin(allowed)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(
            f"unknown {column} {f[column].iloc[i]!r}; expected one of "
            f"{', '.join(allowed)}",
            path=str(path),
            line=int(lines[i]),
            field=column,
        )
    return values


def read_labelled(paths: list[str | os.PathLike[str]]) -> pd.DataFrame:
    """Read labelled messages from CSV/TSV/JSONL/Parquet files.

    Every file needs ``text`` and ``label`` columns, or is a raw IMSyPP file
    (``uri, doc, type, target``, such as the full IMSyPP training file), which
    is mapped with :data:`IMSYPP_LABELS` and grouped by thread. ``source``
    defaults to the file name, ``group`` to the text itself (so duplicates
    stay together), ``split`` to a deterministic 80/10/10 split by a CRC-32
    hash of the group, ``constructed`` to false.

    Parameters
    ----------
    paths : list of path
        Input files.

    Returns
    -------
    pandas.DataFrame
        Columns ``text, label, source, group, split, constructed``, then any
        other columns of the files.

    Raises
    ------
    DataError
        On a missing column, an empty text or an unknown label or split,
        naming the file, line and field.
    """
    import pandas as pd

    from hatewatch.io import read_table_chunks

    frames = []
    for path in paths:
        path = Path(path)
        imsypp = _is_raw_imsypp(path)
        required = ("doc", "type") if imsypp else ("text", "label")
        for chunk in read_table_chunks(
            path, strict=True, required=required, chunk_size=100_000
        ):
            f = chunk.frame
            lines = chunk.line_numbers
            if imsypp:
                f = _map_imsypp(f, path, lines)
            labels = _known(f, "label", LABELS, path, lines)
            out = pd.DataFrame(
                {"text": f["text"].astype(str).to_numpy(), "label": labels.to_numpy()}
            )
            out["source"] = (
                f["source"].astype(str).to_numpy() if "source" in f else path.stem
            )
            out["group"] = (
                f["group"].astype(str).to_numpy()
                if "group" in f
                else out["text"].to_numpy()
            )
            if "split" in f:
                out["split"] = _known(f, "split", SPLITS, path, lines).to_numpy()
            elif path.stem.startswith(FRESH_VALIDATION_PREFIX):
                # a fresh validation set: every row validates, none trains
                out["split"] = "validation"
            else:
                out["split"] = [_split_of(f"{path.stem}:{g}") for g in out["group"]]
            if "constructed" in f:
                out["constructed"] = (
                    f["constructed"]
                    .astype(str)
                    .str.strip()
                    .str.lower()
                    .isin(["1", "true", "yes"])
                    .to_numpy()
                )
            else:
                out["constructed"] = False
            # other columns (e.g. "functionality", "target") ride along so
            # that evaluation can break results down by them
            for col in f.columns:
                if col not in out.columns:
                    out[col] = f[col].to_numpy()
            frames.append(out)
    if not frames:
        raise DataError("no training files given")
    return pd.concat(frames, ignore_index=True)


#: IMSyPP ``type`` code -> label, as in ``data/annotations`` (see
#: ``data/README.md``): appropriate and inappropriate are neutral, offensive is
#: hate, violent is threat (the shipped data re-checks those rows by hand).
IMSYPP_LABELS = {"0": "neutral", "1": "neutral", "2": "hate", "3": "threat"}

#: ``(regex, site)``: a uri's source thread (group 1 is the thread id); also
#: used by ``scripts/build_annotations.py`` for the shipped splits.
IMSYPP_THREADS = (
    (r"4plebs\.org/\w+/thread/(\d+)", "4plebs"),
    (r"youtube\.com/watch\?v=([\w-]{6,})", "youtube"),
    (r"youtu\.be/([\w-]{6,})", "youtube"),
    (r"twitter\.com/[^/]+/status/(\d+)", "twitter"),
    (r"dumpert\.nl/mediabase/(\d+)", "dumpert"),
    (r"geenstijl\.nl/+(\d+)", "geenstijl"),
)


def _is_raw_imsypp(path: Path) -> bool:
    """Whether a file has IMSyPP's own columns (``doc``, ``type``)."""
    from hatewatch.io import read_table_chunks

    try:
        head = next(iter(read_table_chunks(path, required=(), chunk_size=1)))
    except (StopIteration, DataError):
        return False
    cols = set(head.frame.columns)
    return {"doc", "type"} <= cols and not {"text", "label"} <= cols


def _map_imsypp(f: pd.DataFrame, path: Path, lines: Any) -> pd.DataFrame:
    """Map a chunk of a raw IMSyPP file (``uri, doc, type, target``)."""
    import re

    import pandas as pd

    codes = f["type"].astype(str).str.strip().str[:1]
    bad = ~codes.isin(list(IMSYPP_LABELS))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(
            f"unknown IMSyPP type {f['type'].iloc[i]!r}; expected '0. appropriate', "
            "'1. inappropriate', '2. offensive' or '3. violent'",
            path=str(path),
            line=int(lines[i]),
            field="type",
        )
    groups = []
    for uri, doc in zip(f.get("uri", [""] * len(f)), f["doc"], strict=True):
        u = "" if uri is None or uri != uri else str(uri)
        for pattern, name in IMSYPP_THREADS:
            m = re.search(pattern, u)
            if m:
                groups.append(f"{name}:{m.group(1)}")
                break
        else:
            groups.append(u.split("#")[0] if u else str(doc))
    return pd.DataFrame(
        {
            "text": f["doc"].astype(str).to_numpy(),
            "label": codes.map(IMSYPP_LABELS).to_numpy(),
            "source": "imsypp",
            "group": groups,
        }
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class TrainResult:
    """What :func:`train_model` built.

    Attributes
    ----------
    path : pathlib.Path
        The model folder.
    model : HatewatchClassifier
        The fitted model.
    reports : dict of str to EvaluationReport
        Test-split evaluation per data file (``constructed``, ``imsypp``...).
    metrics : dict
        The figures written to ``meta.json``.
    """

    path: Path
    model: HatewatchClassifier
    reports: dict[str, EvaluationReport] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)


def train_model(
    data: list[str | os.PathLike[str]] | None,
    out_dir: str | os.PathLike[str],
    *,
    force: bool = False,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    created_by: str | None = None,
    real_weight: float = REAL_WEIGHT,
) -> TrainResult:
    """Train on the ``train`` split, calibrate on ``validation``, test on
    ``test``, and write the model folder.

    Training is deterministic: the same files and parameters give
    byte-identical weight files.

    Parameters
    ----------
    data : list of path, optional
        Labelled files (see :func:`read_labelled`); by default
        ``data/annotations/*.csv``.
    out_dir : path
        Model folder to write.
    force : bool, default False
        Overwrite an existing model folder.
    seed : int, default 0
        Recorded for provenance; the solver (L-BFGS) uses no randomness.
    params : dict, optional
        Hyper-parameters for :class:`HatewatchClassifier`.
    real_weight : float, default 2.0
        Weight in the loss of each real (not ``constructed``) training
        message; constructed ones weigh 1. Constructed rows come ten to a
        template, so they are fewer independent examples than their count
        says, and real messages are what the model will meet. (On the
        validation split, 2 against 1 raised IMSyPP hate-vs-neutral F1 from
        0.638 to 0.660 and changed constructed macro-F1 by -0.003.)
    created_by : str, optional
        The command line, recorded in ``meta.json``.

    Returns
    -------
    TrainResult

    Examples
    --------
    >>> from hatewatch.classifiers import train_model
    >>> result = train_model(None, "models/my-model", force=True)  # doctest: +SKIP
    >>> print(result.reports["constructed_nl"].to_text())  # doctest: +SKIP
    """
    from hatewatch.classifiers.bow import HatewatchClassifier
    from hatewatch.classifiers.persist import save_model

    out_dir = check_output(out_dir, force)
    d = load_splits(data)
    train, val = d.train, d.val
    model = HatewatchClassifier(**(params or {}))
    log.info("training on %d messages, calibrating on %d", len(train), len(val))
    import numpy as np

    if real_weight <= 0:
        raise ValueError(f"real_weight must be positive, got {real_weight}")
    weights = np.where(train["constructed"].to_numpy(dtype=bool), 1.0, real_weight)
    fresh = fresh_validation(d)
    model.fit(
        train["text"].tolist(),
        train["label"].tolist(),
        groups=(
            train["source"].astype(str) + ":" + train["group"].astype(str)
        ).tolist(),
        calibration=(val["text"].tolist(), val["label"].tolist()) if len(val) else None,
        sample_weight=weights.tolist(),
        threshold_data=fresh,
    )
    reports, metrics = evaluate_splits(model, d)
    metrics["sample_weight"] = {"constructed": 1.0, "real": float(real_weight)}
    metrics["bias"] = bias_metrics(model, d, out_dir)
    training_data = training_data_meta(d)
    from hatewatch.classifiers.card import model_card

    card = model_card(model, reports, training_data, d.frame, metrics)
    save_model(
        model,
        out_dir,
        force=force,
        metrics=metrics,
        training_data=training_data,
        created_by=created_by or "",
        card=card,
    )
    return TrainResult(path=out_dir, model=model, reports=reports, metrics=metrics)


@dataclass
class TrainingData:
    """The labelled files of a training run, read and split.

    Attributes
    ----------
    files : list of pathlib.Path
        The files, in the order given.
    frames : dict of str to pandas.DataFrame
        Each file's rows (see :func:`read_labelled`), keyed by file stem.
    frame : pandas.DataFrame
        All rows together.
    train, val : pandas.DataFrame
        The ``train`` and ``validation`` rows of ``frame``.
    """

    files: list[Path]
    frames: dict[str, pd.DataFrame]
    frame: pd.DataFrame
    train: pd.DataFrame
    val: pd.DataFrame


def fresh_validation(data: TrainingData) -> tuple[list[str], list[str]] | None:
    """Dutch rows of the fresh validation files (``validation_*``), if any:
    the data that chooses the threat threshold."""
    import pandas as pd

    parts = [
        f for name, f in data.frames.items() if name.startswith(FRESH_VALIDATION_PREFIX)
    ]
    if not parts:
        return None
    f = pd.concat(parts, ignore_index=True)
    if "lang" in f.columns:
        f = f[f["lang"].astype(str) == "nl"]
    return f["text"].tolist(), f["label"].tolist()


def bias_metrics(model: Any, data: TrainingData, out_dir: Path) -> dict[str, Any]:
    """Bias figures for the card: on the fresh validation set if there is one
    (per ``recipient_gender``), else on the validation split (per
    ``target``); plus the sealed-set evaluation text if the model folder has
    one (``sealed_evaluation.txt``, written by ``scripts/evaluate_sealed.py``)."""
    import pandas as pd

    from hatewatch.classifiers.bias import bias_report

    parts = [
        f for name, f in data.frames.items() if name.startswith(FRESH_VALIDATION_PREFIX)
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else data.val
    by = "recipient_gender" if "recipient_gender" in frame.columns else "target"
    out = bias_report(model, frame["text"].tolist(), frame, by=by)
    out["texts"] = "the fresh validation set" if parts else "the validation split"
    sealed = Path(out_dir) / "sealed_evaluation.txt"
    if sealed.is_file():
        out["sealed"] = sealed.read_text(encoding="utf-8")
    return out


def check_output(out_dir: str | os.PathLike[str], force: bool) -> Path:
    """Refuse to replace a model folder without ``force``; return its path."""
    out = Path(out_dir)
    if (out / "meta.json").exists() and not force:
        raise OutputExistsError.at(
            out, detail=" and holds a model", action="replace it"
        )
    return out


def load_splits(data: list[str | os.PathLike[str]] | None) -> TrainingData:
    """Read the labelled files (default: ``data/annotations/*.csv``).

    Raises
    ------
    DataError
        If there are no files or no ``train`` rows.
    """
    import pandas as pd

    files = [Path(p) for p in (data or default_training_files())]
    if not files:
        raise DataError("no training data: data/annotations/*.csv is empty")
    frames = {p.stem: read_labelled([p]) for p in files}
    frame = pd.concat(list(frames.values()), ignore_index=True)
    train = frame[frame["split"] == "train"]
    if train.empty:
        raise DataError("no rows with split 'train' in the training data")
    return TrainingData(
        files, frames, frame, train, frame[frame["split"] == "validation"]
    )


def evaluate_splits(
    model: Any, data: TrainingData
) -> tuple[dict[str, EvaluationReport], dict[str, Any]]:
    """Evaluate a fitted model on every file's validation and test split.

    Returns the reports (keyed ``"<file stem>:<split>"``) and the metrics for
    ``meta.json``: calibration, the rule comparison on validation, and each
    report's overall figures.
    """
    from hatewatch.classifiers.evaluation import evaluate_model

    val = data.val
    reports: dict[str, EvaluationReport] = {}
    metrics: dict[str, Any] = {"calibration": model.calibration_}
    if len(val):
        metrics["rules_validation"] = rule_comparison(
            model, val["text"].tolist(), val["label"].tolist()
        )
    for name, f in data.frames.items():
        for split in ("validation", "test"):
            part = f[f["split"] == split]
            if part.empty:
                continue
            by = "functionality" if "functionality" in part.columns else "source"
            rep = evaluate_model(model, part, by=by)
            rep.data = f"{name} ({split})"
            reports[f"{name}:{split}"] = rep
            metrics[f"{name}:{split}"] = rep.overall.to_dict()
    return reports, metrics


def training_data_meta(data: TrainingData) -> list[dict[str, Any]]:
    """Per file: path, SHA-256, rows per split, constructed or not."""
    return [
        {
            "file": _display_path(p),
            "sha256": _sha256(p),
            "rows": int(len(data.frames[p.stem])),
            "rows_per_split": {
                s: int((data.frames[p.stem]["split"] == s).sum()) for s in SPLITS
            },
            "constructed": bool(data.frames[p.stem]["constructed"].any()),
        }
        for p in data.files
    ]


def rule_comparison(model: Any, texts: list[str], labels: list[str]) -> dict[str, Any]:
    """How the threat rules relate to the model on labelled data.

    Returns the share of each label on which a positive rule fires, and
    threat precision/recall and neutral messages flagged at the model's
    threshold, for the model alone and for "model or a positive rule".
    """
    import numpy as np

    hits = model.rule_hits(texts)
    fires = np.array([any(h.weight > 0 for h in hs) for hs in hits])
    y = np.array(labels)
    flagged = model.predict_proba(texts)[:, 2] >= model.threat_threshold_

    def pr(flag: Any) -> dict[str, float]:
        tp = int(np.sum(flag & (y == "threat")))
        return {
            "threat_precision": tp / max(int(flag.sum()), 1),
            "threat_recall": tp / max(int(np.sum(y == "threat")), 1),
            "neutral_flagged": int(np.sum(flag & (y == "neutral"))),
        }

    return {
        "n": len(y),
        "positive_rule_fires_on": {
            lab: float(fires[y == lab].mean()) if np.any(y == lab) else 0.0
            for lab in LABELS
        },
        "model": pr(flagged),
        "model_or_rules": pr(flagged | fires),
    }


def _display_path(p: Path) -> str:
    # relative to the repository so that meta.json does not depend on the cwd
    import hatewatch

    root = Path(hatewatch.__file__).resolve().parent.parent.parent
    try:
        return str(p.resolve().relative_to(root))
    except ValueError:
        return p.name
