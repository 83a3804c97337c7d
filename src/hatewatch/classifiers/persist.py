"""Save and load model folders without pickle.

A model folder holds:

``meta.json``
    name, version, language, labels, the hatewatch versions it works with,
    hyper-parameters, calibration (temperature, threat threshold), the
    SHA-256 of each training file, metrics and the command that built it.
``features.json``
    The featuriser's vocabularies and idf weights, and the rule names.
``linear.skops``
    The fitted :class:`~sklearn.linear_model.LogisticRegression`, written with
    :mod:`skops.io` (no pickle: loading cannot run code) in a zip with fixed
    timestamps so that identical weights give identical bytes.
``README.md``
    The model card.
"""

from __future__ import annotations

import io
import json
import logging
import os
import warnings
import zipfile
from pathlib import Path
from typing import Any

from hatewatch.errors import ModelError, ModelNotFoundError, OutputExistsError

__all__ = [
    "FORMAT_VERSION",
    "REQUIRED_META",
    "default_model_path",
    "load_model",
    "save_model",
]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MODEL_PREFIX = "hatewatch-nl-bow-"
REQUIRED_META = (
    "name",
    "version",
    "format_version",
    "language",
    "labels",
    "hatewatch_version",
    "params",
    "temperature",
    "threat_threshold",
)
REQUIRED_FILES = ("meta.json", "features.json", "linear.skops")

#: Types ``linear.skops`` may hold; a file naming any other type anywhere in
#: its schema is refused before anything is rebuilt, even a type skops
#: itself would trust (such as another scikit-learn estimator). The list is
#: explicit on purpose: never ``trusted=True``.
TRUSTED_TYPES: tuple[str, ...] = (
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.ndarray",
    "numpy.dtype",
    "builtins.str",
    "builtins.float",
    "builtins.int",
    "builtins.bool",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
)

#: The one type the root of ``linear.skops`` may have.
LINEAR_TYPE = "sklearn.linear_model._logistic.LogisticRegression"


def _json_dump(data: Any, path: Path) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a skops zip so identical objects give identical bytes.

    skops names array members and ``__id__`` fields after ``id()`` of the
    objects and stamps the current time; here ids and members are renumbered
    in order of appearance in ``schema.json`` and every timestamp is fixed.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    schema = json.loads(src.read("schema.json"))
    ids: dict[Any, int] = {}
    files: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key == "__id__" and isinstance(value, int):
                    out[key] = ids.setdefault(value, len(ids))
                elif key == "file" and isinstance(value, str) and value in names:
                    new = files.setdefault(
                        value, f"member{len(files):04d}{Path(value).suffix}"
                    )
                    out[key] = new
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    names = set(src.namelist()) - {"schema.json"}
    schema = walk(schema)
    missing = names - set(files)
    if missing:
        raise ModelError(f"unexpected members in skops archive: {sorted(missing)}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        items = [("schema.json", json.dumps(schema, indent=2).encode("utf-8"))]
        items += [(new, src.read(old)) for old, new in files.items()]
        for name, payload in items:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, payload)
    return out.getvalue()


def hatewatch_version_range() -> str:
    """The hatewatch versions a model saved now is expected to work with."""
    from hatewatch import __version__

    major, minor = (int(p) for p in __version__.split(".")[:2])
    return f">={major}.{minor},<{major}.{minor + 1}"


def _version_ok(spec: str, version: str) -> bool:
    def key(v: str) -> tuple[int, ...]:
        return tuple(
            int("".join(ch for ch in p if ch.isdigit()) or 0) for p in v.split(".")
        )

    have = key(version)
    for part in spec.split(","):
        part = part.strip()
        for op in (">=", "<=", "==", "<", ">"):
            if part.startswith(op):
                want = key(part[len(op) :])
                n = max(len(want), 2)
                h = have[:n] + (0,) * (n - len(have[:n]))
                w = want + (0,) * (n - len(want))
                ok = {
                    ">=": h >= w,
                    "<=": h <= w,
                    "==": h == w,
                    "<": h < w,
                    ">": h > w,
                }[op]
                if not ok:
                    return False
                break
    return True


def save_model(
    model: Any,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    metrics: dict[str, Any] | None = None,
    training_data: list[dict[str, Any]] | None = None,
    created_by: str | None = None,
    card: str | None = None,
) -> Path:
    """Write a fitted :class:`HatewatchClassifier` to a model folder.

    Parameters
    ----------
    model : HatewatchClassifier
        A fitted model.
    path : str or path-like
        The folder to write. Created if missing.
    force : bool, default False
        Replace the model files if the folder already holds a model.
    metrics, training_data, created_by : optional
        Recorded in ``meta.json``.
    card : str, optional
        Text of the model card (``README.md``).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    import skops.io as sio

    path = Path(path)
    if (path / "meta.json").exists() and not force:
        raise OutputExistsError.at(
            path, detail=" and holds a model", action="replace it"
        )
    path.mkdir(parents=True, exist_ok=True)
    feat = model.featurizer_.to_json()
    feat["rule_names"] = list(model.rule_names_)
    _json_dump(feat, path / "features.json")
    (path / "linear.skops").write_bytes(_deterministic_zip(sio.dumps(model.linear_)))
    meta = model_meta(
        model,
        format_version=FORMAT_VERSION,
        params=_params(model),
        metrics=metrics,
        training_data=training_data,
        created_by=created_by,
    )
    _json_dump(meta, path / "meta.json")
    if card is not None:
        (path / "README.md").write_text(card, encoding="utf-8")
    return path


def model_meta(
    model: Any,
    *,
    format_version: int,
    params: dict[str, Any],
    metrics: dict[str, Any] | None,
    training_data: list[dict[str, Any]] | None,
    created_by: str | None,
) -> dict[str, Any]:
    """The ``meta.json`` keys every hatewatch model folder has.

    Name and version, format, language, labels, the hatewatch versions it
    works with, hyper-parameters, temperature, threat threshold, calibration,
    metrics, training files and the command that built it.
    """
    return {
        "name": model.version.rsplit("-", 1)[0],
        "version": model.version,
        "format_version": format_version,
        "language": "nl",
        "labels": [str(c) for c in model.classes_],
        "hatewatch_version": hatewatch_version_range(),
        "params": params,
        "temperature": float(model.temperature_),
        "threat_threshold": float(model.threat_threshold_),
        "calibration": model.calibration_,
        "metrics": metrics or {},
        "training_data": training_data or [],
        "created_by": created_by or "",
    }


def _params(model: Any) -> dict[str, Any]:
    params = model.get_params()
    params["char_range"] = list(params["char_range"])
    return params


def default_model_path() -> Path:
    """Where :func:`load_model` looks when no path is given.

    ``$HATEWATCH_MODEL`` if set; otherwise the newest ``hatewatch-nl-bow-*``
    folder in the installed package's ``_models/`` (wheel installs) or in the
    repository's ``models/`` (editable installs).
    """
    env = os.environ.get("HATEWATCH_MODEL")
    if env:
        return Path(env)
    import hatewatch

    pkg = Path(hatewatch.__file__).resolve().parent
    candidates: list[Path] = []
    for root in (pkg / "_models", pkg.parent.parent / "models"):
        if root.is_dir():
            candidates += [
                p for p in root.glob(f"{MODEL_PREFIX}*") if (p / "meta.json").is_file()
            ]
        if candidates:
            break
    if not candidates:
        raise ModelNotFoundError(
            f"no shipped model found (looked for {MODEL_PREFIX}* in "
            f"{pkg / '_models'} and {pkg.parent.parent / 'models'}); "
            "pass a model folder, set HATEWATCH_MODEL, or build one with "
            "`hatewatch train`"
        )

    def version_key(p: Path) -> tuple[int, ...]:
        tail = p.name[len(MODEL_PREFIX) :]
        return tuple(int(x) if x.isdigit() else -1 for x in tail.split("."))

    return max(candidates, key=version_key)


def _schema_types(node: Any) -> set[str]:
    """Every ``module.Class`` named anywhere in a skops ``schema.json``."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            module, cls = item.get("__module__"), item.get("__class__")
            if isinstance(module, str) and isinstance(cls, str):
                found.add(f"{module}.{cls}")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _load_linear(file: Path) -> Any:
    """Rebuild the linear model from ``linear.skops``, refusing anything else.

    The schema is read first and every type it names must be in
    :data:`TRUSTED_TYPES`, with a LogisticRegression at the root; only then
    does skops rebuild it (with exactly those types trusted). Any damage
    (not a zip, bad JSON, pickled object arrays, wrong shapes) becomes a
    :class:`ModelError`, never a raw traceback.
    """
    import skops.io as sio

    def bad(reason: str) -> ModelError:
        return ModelError(
            f"{file} is not a valid hatewatch model file: {reason}; rebuild the "
            "model with `hatewatch train -o FOLDER --force` or use a model "
            "folder from a source you trust"
        )

    try:
        blob = file.read_bytes()
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise bad(f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(schema, dict):
        raise bad("schema.json is not an object")
    root = f"{schema.get('__module__')}.{schema.get('__class__')}"
    named = _schema_types(schema)
    untrusted = sorted(t for t in named if t not in TRUSTED_TYPES)
    if untrusted or root != LINEAR_TYPE:
        shown = ", ".join(untrusted) if untrusted else root
        raise ModelError(
            f"{file} contains types hatewatch does not trust: {shown} (allowed: "
            f"{', '.join(TRUSTED_TYPES)}, with {LINEAR_TYPE} at the root); "
            "refusing to load it"
        )
    try:
        linear = sio.loads(blob, trusted=sorted(named))
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted file
        raise bad(f"{type(exc).__name__}: {exc}") from exc
    from sklearn.linear_model import LogisticRegression

    if type(linear) is not LogisticRegression or not hasattr(linear, "coef_"):
        raise bad(f"holds a {type(linear).__name__}, not a fitted LogisticRegression")
    return linear


def load_model(path: str | os.PathLike[str] | None = None) -> Any:
    """Load a model folder.

    Parameters
    ----------
    path : str or path-like, optional
        A model folder. By default :func:`default_model_path`.

    Returns
    -------
    HatewatchClassifier or TransformerClassifier
        The fitted model (a transformer if ``meta.json`` says
        ``"kind": "transformer"``).

    Raises
    ------
    ModelNotFoundError
        If the folder does not exist.
    ModelError
        If it is incomplete or was written in an unknown format.

    Examples
    --------
    >>> import hatewatch
    >>> model = hatewatch.load_model()
    >>> model.predict(["Ik weet waar je woont, pas maar op"]).tolist()  # doctest: +SKIP
    ['threat']
    """
    import numpy as np

    from hatewatch import __version__
    from hatewatch.classifiers.bow import HatewatchClassifier
    from hatewatch.classifiers.features import TextFeaturizer

    path = default_model_path() if path is None else Path(path)
    if not path.is_dir():
        raise ModelNotFoundError(f"model folder not found: {path}")
    from hatewatch.classifiers import transformer

    if transformer.is_transformer_folder(path):  # meta.json: "kind": "transformer"
        return transformer.load_transformer(path)
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise ModelError(
            f"model folder {path} is incomplete: missing {', '.join(missing)}; "
            "rebuild it with `hatewatch train -o FOLDER --force`"
        )
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        feat_data = json.loads((path / "features.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read model files in {path}: {exc}") from exc
    absent = [k for k in REQUIRED_META if k not in meta]
    if absent:
        raise ModelError(
            f"{path / 'meta.json'} lacks required keys: {', '.join(absent)}"
        )
    if meta["format_version"] != FORMAT_VERSION:
        raise ModelError(
            f"{path} uses model format {meta['format_version']}; this hatewatch "
            f"reads format {FORMAT_VERSION}"
        )
    if list(meta["labels"]) != ["hate", "neutral", "threat"]:
        raise ModelError(f"{path} has unexpected labels {meta['labels']}")
    if not _version_ok(meta["hatewatch_version"], __version__):
        warnings.warn(
            f"model {meta['version']} was built for hatewatch "
            f"{meta['hatewatch_version']} but this is hatewatch {__version__}; "
            "predictions may differ",
            UserWarning,
            stacklevel=2,
        )
    linear = _load_linear(path / "linear.skops")

    try:
        params = dict(meta["params"])
        params["char_range"] = tuple(params["char_range"])
        # models before 0.3.0 had no masking, lexicon tags or sentence scores
        for key in ("mask_tokens", "lexicon_features", "sentence_max"):
            params.setdefault(key, False)
        model = HatewatchClassifier(**params)
        model.classes_ = np.array(meta["labels"])
        model.featurizer_ = TextFeaturizer.from_json(feat_data)
        model.rule_names_ = list(feat_data.get("rule_names", []))
        model.temperature_ = float(meta["temperature"])
        model.threat_threshold_ = float(meta["threat_threshold"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(
            f"cannot read model files in {path}: {type(exc).__name__}: {exc}; "
            "rebuild it with `hatewatch train -o FOLDER --force`"
        ) from exc
    model.linear_ = linear
    model.calibration_ = meta.get("calibration", {})
    model.meta_ = meta
    width = model.featurizer_.n_word_features + model.featurizer_.n_char_features
    if linear.coef_.shape != (3, width + len(model.rule_names_)):
        raise ModelError(
            f"{path}: weights have shape {linear.coef_.shape}, vocabulary needs "
            f"(3, {width + len(model.rule_names_)})"
        )
    model._bind()
    log.info("loaded %s from %s", meta["version"], path)
    return model
