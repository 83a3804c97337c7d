"""Batch scoring of message tables and threat flagging for support teams.

* :func:`score_frame` adds ``label, p_hate, p_threat, p_neutral,
  model_version`` to a DataFrame.
* :func:`score_file` streams a CSV/JSONL/Parquet file through the model chunk
  by chunk (memory stays flat however long the file) into a new file.
* :func:`score_store` scores the messages in a :class:`hatewatch.Store` that
  have no score yet for the model's version.
* :func:`flag_threats` / :func:`flag_file` select the messages a support
  worker must see, sorted by priority, each with a short explanation.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError
from hatewatch.io import (
    BadRow,
    TableWriter,
    estimate_rows,
    gc_paused,
    open_binary,
    read_table_chunks,
    table_format,
)
from hatewatch.labels import HATE, LABELS, NEUTRAL, THREAT

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = [
    "FLAG_COLUMNS",
    "SCORE_COLUMNS",
    "SEVERITY_WEIGHTS",
    "FlagSummary",
    "ScoreSummary",
    "flag_file",
    "flag_threats",
    "priority_score",
    "score_file",
    "score_frame",
    "score_store",
]

log = logging.getLogger(__name__)

#: Columns added by :func:`score_frame`, in this order.
SCORE_COLUMNS: tuple[str, ...] = (
    "label",
    "p_hate",
    "p_threat",
    "p_neutral",
    "model_version",
    "lang",
    "out_of_scope",
)

#: Columns added by :func:`flag_threats`, in this order.
FLAG_COLUMNS: tuple[str, ...] = (
    "priority",
    "p_threat",
    "label",
    "severity",
    "rules",
    "explanation",
)

#: How grave each kind of harm named in a message is, for :func:`priority_score`.
#: Naming a weapon or death, the target's home or their family makes a threat
#: more urgent for a support worker than a vague one.
SEVERITY_WEIGHTS: dict[str, float] = {
    "weapon": 1.0,
    "death": 1.0,
    "home": 0.9,
    "arson": 0.9,
    "family": 0.8,
    "sexual": 0.8,
    "call_to_action": 0.7,
}

_DEFAULT_CHUNK = 50_000
# Rows passed to the model at once inside score_frame; bounds the size of the
# sparse feature matrix independently of the caller's chunk size.
_MODEL_BATCH = 10_000


def _load(model: Any) -> Any:
    if model is None or isinstance(model, str | os.PathLike):
        from hatewatch.classifiers import load_model

        return load_model(model)
    return model


def _column_index(model: Any) -> list[int]:
    """Positions of hate, threat, neutral in ``model.classes_``."""
    classes = [str(c) for c in model.classes_]
    try:
        return [classes.index(c) for c in (HATE, THREAT, NEUTRAL)]
    except ValueError:
        raise DataError(
            f"model classes {classes} do not match hatewatch labels {list(LABELS)}"
        ) from None


def _valid_text(texts: pd.Series) -> np.ndarray:
    import numpy as np

    as_str = texts.astype(object)
    ok = as_str.notna().to_numpy()
    stripped = np.array(
        [isinstance(t, str) and bool(t.strip()) for t in as_str.to_numpy()], dtype=bool
    )
    return ok & stripped


def _proba(model: Any, texts: list[str], batch: int) -> np.ndarray:
    import numpy as np

    if not texts:
        return np.zeros((0, len(model.classes_)))
    batch = max(int(batch), 1)
    parts = [
        np.asarray(model.predict_proba(texts[i : i + batch]), dtype=float)
        for i in range(0, len(texts), batch)
    ]
    return parts[0] if len(parts) == 1 else np.vstack(parts)


def _labels(model: Any, proba: np.ndarray) -> np.ndarray:
    """Labels from probabilities, exactly as ``model.predict`` would give them."""
    import numpy as np

    # a model that applies a decision rule (e.g. a threat threshold) exposes
    # it so the probabilities need not be computed twice
    decide = getattr(model, "labels_from_proba", None)
    if callable(decide):
        return np.asarray(decide(proba), dtype=object)
    return np.asarray(model.classes_, dtype=object)[proba.argmax(axis=1)]


_WARNED: set[tuple[str, ...]] = set()


def _rename_collisions(df: pd.DataFrame, added: Sequence[str]) -> pd.DataFrame:
    clash = [c for c in added if c in df.columns]
    if not clash:
        return df
    mapping = {c: f"input_{c}" for c in clash}
    if tuple(clash) in _WARNED:  # once per process, not once per chunk
        return df.rename(columns=mapping)
    _WARNED.add(tuple(clash))
    log.warning(
        "input already has columns %s; kept as %s",
        ", ".join(clash),
        ", ".join(mapping.values()),
    )
    return df.rename(columns=mapping)


def _require_column(df: pd.DataFrame, text_column: str) -> None:
    if text_column not in df.columns:
        raise DataError(
            f"column {text_column!r} not found; columns are {list(df.columns)}",
            field=text_column,
        )


def _file_paths(
    in_path: str | os.PathLike[str], out_path: str | os.PathLike[str]
) -> tuple[Path, Path]:
    """Both paths, checked: known table formats and an existing input file."""
    in_path, out_path = Path(in_path), Path(out_path)
    table_format(in_path)
    table_format(out_path)
    if not in_path.is_file():
        open_binary(in_path).close()  # the right error: missing, or a folder
    return in_path, out_path


def score_frame(
    df: pd.DataFrame,
    text_column: str = "text",
    *,
    model: Any = None,
    chunk_size: int = _MODEL_BATCH,
    language: bool = True,
) -> pd.DataFrame:
    """Return a copy of ``df`` with the model's label and probabilities added.

    Parameters
    ----------
    df : pandas.DataFrame
        Messages, one per row. Not modified.
    text_column : str, default "text"
        Column holding the message text.
    model : classifier, str or path-like, optional
        A loaded model, or the folder of one; by default the shipped model
        (:func:`hatewatch.load_model`).
    chunk_size : int, default 10_000
        Texts passed to the model at once (bounds peak memory).
    language : bool, default True
        Detect each message's language (:func:`hatewatch.language.detect_language`)
        into ``lang``; ``out_of_scope`` is true when it is neither Dutch nor
        undetermined, i.e. the Dutch model's label is not backed by its
        training data. With False both columns are missing values.

    Returns
    -------
    pandas.DataFrame
        ``df``'s columns (same index, same order) followed by ``label``,
        ``p_hate``, ``p_threat``, ``p_neutral``, ``model_version``, ``lang``
        and ``out_of_scope``.
        A row whose text is missing, not a string or blank gets no score:
        ``label`` is missing (``NA``) and the probabilities are ``NaN``;
        such a message carries no evidence either way, and counting it as
        ``neutral`` would inflate the neutral share. ``model_version`` is
        set on every row. An input column that has one of these names is
        kept, renamed ``input_<name>``.

    Raises
    ------
    DataError
        If ``text_column`` is not a column of ``df``.

    Examples
    --------
    >>> import pandas as pd
    >>> import hatewatch
    >>> df = pd.DataFrame({"text": ["Goed debat vandaag", "ik weet waar je woont"]})
    >>> hatewatch.score_frame(df)[["label", "p_threat"]]  # doctest: +SKIP
         label  p_threat
    0  neutral     0.01
    1   threat     0.97
    """
    import numpy as np
    import pandas as pd

    _require_column(df, text_column)
    model = _load(model)
    order = _column_index(model)
    texts = df[text_column]
    valid = _valid_text(texts)
    with gc_paused():  # featurising allocates many small, acyclic objects
        proba = _proba(model, texts.to_numpy(dtype=object)[valid].tolist(), chunk_size)
    n = len(df)
    full = np.full((n, 3), np.nan)
    labels = pd.array([pd.NA] * n, dtype="string")
    if len(proba):
        full[valid] = proba[:, order]
        labels[valid] = _labels(model, proba)
    out = _rename_collisions(df, SCORE_COLUMNS).copy()
    out["label"] = pd.Series(labels, index=df.index)
    out["p_hate"] = full[:, 0]
    out["p_threat"] = full[:, 1]
    out["p_neutral"] = full[:, 2]
    out["model_version"] = str(model.version)
    lang = pd.array([pd.NA] * n, dtype="string")
    if language and valid.any():
        from hatewatch.language import detect_language

        lang[valid] = detect_language(texts.to_numpy(dtype=object)[valid].tolist())
    out["lang"] = pd.Series(lang, index=df.index)
    codes = pd.Series(lang, index=df.index)
    out["out_of_scope"] = (
        (~codes.isin(["nl", "und"])).astype("boolean").mask(codes.isna())
    )
    return out


@dataclass
class ScoreSummary:
    """What a scoring run did.

    Attributes
    ----------
    rows_read : int
        Data rows met in the input, valid or not.
    rows_scored : int
        Rows scored and written.
    rows_bad : int
        Malformed rows skipped (see ``bad_rows`` for the first ones).
    label_counts : dict of str to int
        Rows per predicted label.
    seconds : float
        Wall-clock time of the run.
    model_version : str
        The model that scored.
    bad_rows : list of BadRow
        The first ``max_bad_kept`` skipped rows, with file and line.
    """

    rows_read: int = 0
    rows_scored: int = 0
    rows_bad: int = 0
    label_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    model_version: str = ""
    output: str | None = None
    bad_rows: list[BadRow] = field(default_factory=list)

    def __str__(self) -> str:
        labels = ", ".join(
            f"{lab} {self.label_counts.get(lab, 0):,}"
            for lab in (THREAT, HATE, NEUTRAL)
        )
        rate = self.rows_scored / self.seconds if self.seconds > 0 else 0.0
        target = f" -> {self.output}" if self.output else ""
        return (
            f"scored {self.rows_scored:,} of {self.rows_read:,} rows "
            f"({self.rows_bad:,} bad) in {self.seconds:.1f} s ({rate:,.0f} rows/s) "
            f"with model {self.model_version}: {labels}{target}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain JSON-able data."""
        return {
            "rows_read": self.rows_read,
            "rows_scored": self.rows_scored,
            "rows_bad": self.rows_bad,
            "label_counts": dict(self.label_counts),
            "seconds": round(self.seconds, 3),
            "model_version": self.model_version,
            "output": self.output,
        }


def _bad_collector(
    summary: ScoreSummary, on_error: Callable[[BadRow], Any] | None, keep: int
) -> Callable[[BadRow], None]:
    def collect(bad: BadRow) -> None:
        summary.rows_bad += 1
        summary.rows_read += 1
        if len(summary.bad_rows) < keep:
            summary.bad_rows.append(bad)
        if on_error is not None:
            on_error(bad)
        elif summary.rows_bad <= keep:
            log.warning("skipping malformed row: %s", bad)

    return collect


def _progress(total: int | None, desc: str, enabled: bool) -> Any:
    from hatewatch.progress import progress_bar

    return progress_bar(total, desc, enabled=enabled)


def score_file(
    in_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    text_column: str = "text",
    model: Any = None,
    chunk_size: int = _DEFAULT_CHUNK,
    force: bool = False,
    strict: bool = False,
    progress: bool = True,
    on_error: Callable[[BadRow], Any] | None = None,
    max_bad_kept: int = 100,
    encoding: str | None = None,
) -> ScoreSummary:
    """Score a message file chunk by chunk into a new file.

    Memory use depends on ``chunk_size``, not on the length of the file.

    Parameters
    ----------
    in_path : str or path-like
        ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``/``.json`` (optionally
        ``.gz``) or ``.parquet`` with a text column.
    out_path : str or path-like
        Output; the format follows the extension. Written to a temporary
        file that replaces ``out_path`` only when the run succeeds.
    text_column : str, default "text"
        Column holding the message text.
    model : classifier, str or path-like, optional
        A loaded model or a model folder; by default the shipped model.
    chunk_size : int, default 50_000
        Rows read, scored and written at a time.
    force : bool, default False
        Overwrite an existing ``out_path``.
    strict : bool, default False
        Stop with :class:`~hatewatch.errors.DataError` at the first malformed
        row instead of skipping it.
    progress : bool, default True
        Show a progress bar on stderr (hidden when stderr is not a terminal).
    on_error : callable, optional
        Called with each skipped :class:`~hatewatch.io.BadRow`; by default
        the first ``max_bad_kept`` are logged as warnings.
    max_bad_kept : int, default 100
        How many skipped rows to keep in ``ScoreSummary.bad_rows``.
    encoding : str, optional
        Encoding of a CSV/TSV/JSONL input that is not UTF-8 (e.g. ``cp1252``);
        lines that do not decode are reported and skipped.

    Returns
    -------
    ScoreSummary
        Rows read, scored and skipped, label counts and seconds.

    Raises
    ------
    FileNotFoundError
        If ``in_path`` does not exist.
    OutputExistsError
        If ``out_path`` exists and ``force`` is false (checked before any
        work is done).
    DataError
        If the text column is missing, or with ``strict`` on a bad row.

    Examples
    --------
    >>> from hatewatch import score_file
    >>> summary = score_file("messages.csv", "scored.parquet")  # doctest: +SKIP
    >>> print(summary)  # doctest: +SKIP
    scored 9,998 of 10,000 rows (2 bad) in 0.9 s ...
    """
    start = time.perf_counter()
    in_path, out_path = _file_paths(in_path, out_path)
    summary = ScoreSummary(output=str(out_path))
    collect = _bad_collector(summary, on_error, max_bad_kept)
    counts: Counter[str] = Counter()
    # open the writer first: an existing output fails before the model loads
    with TableWriter(out_path, force=force) as out:
        model = _load(model)
        summary.model_version = str(model.version)
        chunks = read_table_chunks(
            in_path,
            chunk_size=chunk_size,
            strict=strict,
            required=(text_column,),
            on_error=collect,
            encoding=encoding,
            text_columns=(text_column,),
        )
        with _progress(estimate_rows(in_path), "scoring", progress) as bar:
            for chunk in chunks:
                scored = score_frame(chunk.frame, text_column, model=model)
                unscored = scored["label"].isna().to_numpy()
                if unscored.any():
                    # the reader let through a non-blank value that is not
                    # text (a number or object in JSONL/Parquet): a bad row
                    texts = chunk.frame[text_column].to_numpy(dtype=object)
                    for i in unscored.nonzero()[0]:
                        bad = BadRow(
                            str(in_path),
                            int(chunk.line_numbers[i]),
                            text_column,
                            f"not text: {type(texts[i]).__name__} "
                            f"{str(texts[i])[:40]!r}",
                        )
                        if strict:
                            raise bad.to_error()
                        collect(bad)
                    summary.rows_read -= int(unscored.sum())  # counted by collect
                    scored = scored[~unscored]
                out.write(scored)
                summary.rows_read += len(chunk.frame)
                summary.rows_scored += len(scored)
                counts.update(scored["label"].tolist())
                bar.update(len(chunk.frame))
    summary.label_counts = {lab: counts.get(lab, 0) for lab in LABELS}
    summary.seconds = time.perf_counter() - start
    log.info("%s", summary)
    return summary


def score_store(
    store: Any,
    *,
    model: Any = None,
    chunk_size: int = _DEFAULT_CHUNK,
    progress: bool = True,
) -> ScoreSummary:
    """Score the messages in a store that have no score for this model version.

    Parameters
    ----------
    store : hatewatch.Store, str or path-like
        An open store or the path of its DuckDB file.
    model : classifier, str or path-like, optional
        A loaded model or a model folder; by default the shipped model.
    chunk_size : int, default 50_000
        Messages fetched, scored and stored at a time.
    progress : bool, default True
        Show a progress bar on stderr.

    Returns
    -------
    ScoreSummary
        ``rows_scored`` is the number of score rows added.
    """
    start = time.perf_counter()
    opened = None
    if isinstance(store, str | os.PathLike):
        from hatewatch.store import Store

        if not Path(store).exists():
            raise FileNotFoundError(f"store not found: {store}")
        store = opened = Store(store)
    try:
        model = _load(model)
        version = str(model.version)
        summary = ScoreSummary(model_version=version)
        counts: Counter[str] = Counter()
        with _progress(None, "scoring store", progress) as bar:
            frames: Iterator[pd.DataFrame] = store.iter_unscored(version, chunk_size)
            for frame in frames:
                summary.rows_read += len(frame)
                scored = score_frame(frame, "text", model=model)
                scored = scored[scored["label"].notna()]
                summary.rows_bad += len(frame) - len(scored)
                cols = ["platform", "message_id", "label", "p_hate", "p_threat"]
                summary.rows_scored += int(
                    store.add_scores(scored[[*cols, "p_neutral"]], version) or 0
                )
                counts.update(scored["label"].tolist())
                bar.update(len(frame))
    finally:
        if opened is not None and hasattr(opened, "close"):
            opened.close()
    summary.label_counts = {lab: counts.get(lab, 0) for lab in LABELS}
    summary.seconds = time.perf_counter() - start
    return summary


# ---------------------------------------------------------------- flagging


def priority_score(
    p_threat: float, rule_weight: float, severities: Sequence[str]
) -> float:
    """Combine threat probability, rule evidence and harm severity into [0, 1].

    ``priority = 0.5 * p_threat + 0.2 * rule + 0.3 * severity`` where
    ``rule`` is 1 when at least one threat rule with positive weight fired
    (0.5 when its weight is below 1, as for weaker patterns), and
    ``severity`` is the gravest harm named (see :data:`SEVERITY_WEIGHTS`)
    plus 0.1 for each further kind, capped at 1.

    A message the model is sure of, that a rule confirms and that names a
    weapon and the target's home comes first; a borderline probability with
    no rule and no named harm comes last.

    Parameters
    ----------
    p_threat : float
        The model's threat probability.
    rule_weight : float
        The largest weight of the positive threat rules that fired (0 if none).
    severities : sequence of str
        Kinds of harm named, keys of :data:`SEVERITY_WEIGHTS`.

    Returns
    -------
    float
        The priority, rounded to 3 decimals.

    Examples
    --------
    >>> priority_score(0.9, 1.0, ["weapon", "home"])
    0.95
    >>> priority_score(0.4, 0.0, [])
    0.2
    """
    rule = 0.0 if rule_weight <= 0 else (1.0 if rule_weight >= 1 else 0.5)
    weights = sorted(
        (SEVERITY_WEIGHTS.get(s, 0.5) for s in set(severities)), reverse=True
    )
    severity = min(1.0, weights[0] + 0.1 * (len(weights) - 1)) if weights else 0.0
    p = 0.0 if p_threat != p_threat else float(p_threat)  # NaN -> 0
    return round(0.5 * p + 0.2 * rule + 0.3 * severity, 3)


def _severity_of(hits: Sequence[Any], named: Sequence[str]) -> list[str]:
    """Kinds of harm from the rules that fired and the rules' own severity."""
    kinds: dict[str, None] = {}
    for hit in hits:
        for kind in _kinds(getattr(hit, "severity", ())):
            kinds[kind] = None
    for kind in _kinds(named):
        kinds[kind] = None
    return sorted(kinds, key=lambda k: (-SEVERITY_WEIGHTS.get(k, 0.5), k))


def _kinds(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _harm_finder() -> Callable[[str], Sequence[str]] | None:
    """``ThreatRules().harm_named`` where the rules offer it, else ``None``.

    ``severity()`` of the rules is empty unless a rule fired; ``harm_named``
    (if present) names the harm words of any text, so that a threat found by
    probability alone is still ranked by the harm it names.
    """
    try:
        from hatewatch.classifiers.rules import ThreatRules
    except ImportError:
        return None
    finder = getattr(ThreatRules(), "harm_named", None)
    return finder if callable(finder) else None


def _explain(
    model: Any,
    text: str,
    hits: Sequence[Any],
    severity: Sequence[str],
    proba: np.ndarray,
) -> Any:
    try:
        try:
            # the rules already ran on this text and the model scored it:
            # hand both over so explain() neither runs spaCy twice more nor
            # scores the message again
            return model.explain(
                text, hits=list(hits), severity=tuple(severity), proba=proba
            )
        except TypeError:  # a model whose explain() takes only the text
            return model.explain(text)
    except Exception:  # noqa: BLE001 - an explanation must never stop flagging
        log.warning("explain() failed on a flagged message", exc_info=True)
        return None


def _explain_many(
    model: Any,
    texts: list[str],
    hits: list[Sequence[Any]],
    severity: list[Sequence[str]],
    proba: np.ndarray,
) -> list[Any]:
    """Explanations of the flagged messages: one batch call where the model
    has ``explain_many``, else :func:`_explain` per message (also if the
    batch fails, so that one bad message cannot drop every explanation)."""
    batch = getattr(model, "explain_many", None)
    if callable(batch) and texts:
        try:
            return list(
                batch(
                    texts,
                    hits=[list(h) for h in hits],
                    severity=[tuple(s) for s in severity],
                    proba=proba,
                )
            )
        except Exception:  # noqa: BLE001 - fall back to one message at a time
            log.warning("explain_many() failed; explaining one by one", exc_info=True)
    return [
        _explain(model, t, h, s, p)
        for t, h, s, p in zip(texts, hits, severity, proba, strict=True)
    ]


def _match_text(text: str, hit: Any) -> str:
    match = getattr(hit, "text", None)
    if isinstance(match, str) and match:
        return match
    span = getattr(hit, "span", None)
    return span if isinstance(span, str) else _span_text(text, span)


def _explanation(
    text: str,
    p: float,
    threshold: float,
    hits: Sequence[Any],
    explanation: Any,
    n: int,
) -> str:
    """One sentence: probability, rules and spans, strongest n-gram evidence."""
    parts = [f"p_threat {p:.2f} (flagged at >= {threshold:.2f})"]
    for hit in hits[:3]:
        parts.append(f"rule {hit.rule} fired on {_match_text(text, hit)!r}")
    if len(hits) > 3:
        parts.append(f"{len(hits) - 3} more rules fired")
    if explanation is not None:
        label = str(getattr(explanation, "label", ""))
        top = [
            (f, w)
            for f, w in getattr(explanation, "features", ())
            if w > 0 and not str(f).startswith("rule:")
        ][:n]
        if top:
            words = ", ".join(f"{f} ({w:+.2f})" for f, w in top)
            parts.append(f"strongest evidence for {label!r}: {words}")
    return "; ".join(parts)


def _span_text(text: str, span: Any) -> str:
    try:
        start, end = span
        return text[int(start) : int(end)]
    except (TypeError, ValueError):
        return str(span)


def flag_threats(
    df: pd.DataFrame,
    text_column: str = "text",
    *,
    model: Any = None,
    threshold: float | None = None,
    n_features: int = 3,
    scored: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Select the messages a support worker must see, most urgent first.

    A message is flagged when its threat probability reaches ``threshold``
    or a threat rule with positive weight fires on it. Flagged rows are
    sorted by :func:`priority_score` (then by ``p_threat``).

    Parameters
    ----------
    df : pandas.DataFrame
        Messages, one per row. Not modified.
    text_column : str, default "text"
        Column holding the message text.
    model : classifier, str or path-like, optional
        A loaded model or a model folder; by default the shipped model.
    threshold : float, optional
        Threat probability at or above which a message is flagged; by default
        the model's ``threat_threshold_``, chosen on validation data to favour
        recall (see ``docs/scoring.md`` for its measured precision).
    n_features : int, default 3
        How many n-gram features to name in each explanation.
    scored : pandas.DataFrame, optional
        The output of :func:`score_frame` for ``df``, to avoid scoring twice.

    Returns
    -------
    pandas.DataFrame
        The flagged rows of ``df`` (original index kept), with ``priority``,
        ``p_threat``, ``label``, ``severity`` (kinds of harm named, most grave
        first, comma-separated), ``rules`` (ids of the rules that fired,
        comma-separated) and ``explanation`` (one sentence for a person).

    Examples
    --------
    >>> import pandas as pd
    >>> import hatewatch
    >>> df = pd.DataFrame({"text": ["Sterkte vandaag!", "we weten waar je woont"]})
    >>> hatewatch.flag_threats(df)[["priority", "rules"]]  # doctest: +SKIP
       priority                rules
    1     0.82  knows_where_you_live
    """
    import pandas as pd

    _require_column(df, text_column)
    model = _load(model)
    thr = float(model.threat_threshold_ if threshold is None else threshold)
    if scored is None:
        # flagging needs the label and probabilities only, not the language
        scored = score_frame(df, text_column, model=model, language=False)
    p_threat = scored["p_threat"].to_numpy()
    # the probabilities in the model's class order, for explain()
    proba = scored[[f"p_{c}" for c in model.classes_]].to_numpy(dtype=float)
    texts = df[text_column].to_numpy(dtype=object)
    valid = _valid_text(df[text_column])
    idx = [i for i in range(len(df)) if valid[i]]
    hits_all = model.rule_hits([texts[i] for i in idx]) if idx else []
    hits_of = dict(zip(idx, hits_all, strict=True))
    harm_named = _harm_finder()
    # first the rows to flag and their harm words, then every explanation in
    # one batch (explain() per row built a sparse matrix per row)
    todo: list[tuple[int, list[Any], list[str]]] = []
    for i in idx:
        positive = [h for h in hits_of[i] if getattr(h, "weight", 0) > 0]
        if not (float(p_threat[i]) >= thr or positive):
            continue
        # harm words named in the text; with a positive rule this is what the
        # rules' severity() gives (the rule tags are added by _severity_of)
        text = str(texts[i])
        harm = list(_kinds(harm_named(text))) if harm_named is not None else []
        todo.append((i, positive, harm))
    explanations = _explain_many(
        model,
        [str(texts[i]) for i, _, _ in todo],
        [hits_of[i] for i, _, _ in todo],
        [harm if positive else () for _, positive, harm in todo],
        proba[[i for i, _, _ in todo]],
    )
    rows: list[int] = []
    extra: dict[str, list[Any]] = {c: [] for c in FLAG_COLUMNS}
    labels = scored["label"]
    for (i, positive, harm), explanation in zip(todo, explanations, strict=True):
        p = float(p_threat[i])
        named = list(_kinds(getattr(explanation, "severity", ()))) or harm
        severity = _severity_of(positive, named)
        rule_weight = max((float(h.weight) for h in positive), default=0.0)
        rows.append(i)
        extra["priority"].append(priority_score(p, rule_weight, severity))
        extra["p_threat"].append(p)
        extra["label"].append(labels.iloc[i])
        extra["severity"].append(", ".join(severity))
        extra["rules"].append(", ".join(dict.fromkeys(str(h.rule) for h in positive)))
        extra["explanation"].append(
            _explanation(str(texts[i]), p, thr, positive, explanation, n_features)
        )
    base = _rename_collisions(df, FLAG_COLUMNS).iloc[rows].copy()
    for col in FLAG_COLUMNS:
        base[col] = pd.Series(extra[col], index=base.index, dtype=object)
    base["priority"] = base["priority"].astype(float)
    base["p_threat"] = base["p_threat"].astype(float).round(4)  # for people
    for col in ("label", "severity", "rules", "explanation"):
        base[col] = base[col].astype("string")
    return base.sort_values(["priority", "p_threat"], ascending=False, kind="stable")


@dataclass
class FlagSummary:
    """What a flagging run did."""

    rows_read: int = 0
    rows_bad: int = 0
    rows_flagged: int = 0
    threshold: float = 0.0
    seconds: float = 0.0
    model_version: str = ""
    output: str | None = None
    bad_rows: list[BadRow] = field(default_factory=list)

    def __str__(self) -> str:
        target = f" -> {self.output}" if self.output else ""
        return (
            f"flagged {self.rows_flagged:,} of {self.rows_read:,} rows "
            f"({self.rows_bad:,} bad) at threshold {self.threshold:.2f} "
            f"in {self.seconds:.1f} s with model {self.model_version}{target}"
        )


def flag_file(
    in_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    text_column: str = "text",
    model: Any = None,
    threshold: float | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    force: bool = False,
    strict: bool = False,
    progress: bool = True,
    on_error: Callable[[BadRow], Any] | None = None,
    max_bad_kept: int = 100,
    encoding: str | None = None,
) -> FlagSummary:
    """Stream a message file and write the flagged messages, most urgent first.

    Only flagged rows are held in memory (to sort them); the input is read
    chunk by chunk. Parameters are those of :func:`score_file` and
    :func:`flag_threats`.

    Returns
    -------
    FlagSummary
        Rows read, skipped and flagged, the threshold used and seconds.

    Examples
    --------
    >>> from hatewatch.scoring import flag_file
    >>> print(flag_file("messages.csv", "flagged.csv"))  # doctest: +SKIP
    flagged 12 of 10,000 rows (0 bad) at threshold 0.30 ...
    """
    import pandas as pd

    start = time.perf_counter()
    in_path, out_path = _file_paths(in_path, out_path)
    tmp = ScoreSummary()
    collect = _bad_collector(tmp, on_error, max_bad_kept)
    flagged: list[pd.DataFrame] = []
    summary = FlagSummary(output=str(out_path))
    # flagged.csv goes to support staff who open it in a spreadsheet
    with TableWriter(out_path, force=force, for_people=True) as out:
        model = _load(model)
        thr = float(model.threat_threshold_ if threshold is None else threshold)
        summary.threshold, summary.model_version = thr, str(model.version)
        chunks = read_table_chunks(
            in_path,
            chunk_size=chunk_size,
            strict=strict,
            required=(text_column,),
            on_error=collect,
            encoding=encoding,
            text_columns=(text_column,),
        )
        line_col = "line"
        with _progress(estimate_rows(in_path), "flagging", progress) as bar:
            for chunk in chunks:
                frame = chunk.frame
                if line_col in frame.columns:
                    line_col = "source_line"
                summary.rows_read += len(frame)
                part = flag_threats(frame, text_column, model=model, threshold=thr)
                if len(part):
                    part.insert(0, line_col, chunk.line_numbers[part.index.to_numpy()])
                    flagged.append(part)
                bar.update(len(frame))
        if flagged:
            result = pd.concat(flagged, ignore_index=True).sort_values(
                ["priority", "p_threat"], ascending=False, kind="stable"
            )
        else:
            result = chunk.frame.iloc[0:0].copy()
            result.insert(0, line_col, pd.Series([], dtype="int64"))
            for col in FLAG_COLUMNS:
                result[col] = pd.Series([], dtype=object)
        out.write(result)
    summary.rows_flagged = len(result)
    summary.rows_read += tmp.rows_bad
    summary.rows_bad = tmp.rows_bad
    summary.bad_rows = tmp.bad_rows
    summary.seconds = time.perf_counter() - start
    return summary
