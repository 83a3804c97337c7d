"""Fine-tune a local pretrained transformer (RobBERT, BERTje...) as a classifier.

:class:`TransformerClassifier` has the same API as
:class:`~hatewatch.classifiers.bow.HatewatchClassifier`: ``fit``,
``predict``, ``predict_proba``, ``explain``, ``rule_hits``,
``threat_threshold_``, ``classes_``, so that :func:`hatewatch.score_frame`,
:func:`hatewatch.flag_threats` and :func:`hatewatch.evaluate_model` accept
either. The pretrained model is read from a local folder only
(``local_files_only=True``): hatewatch never downloads weights.

Model folders written by :func:`save_transformer` hold the fine-tuned model
and tokenizer (``save_pretrained``: safetensors, no pickle), ``meta.json``
with ``"kind": "transformer"`` and a ``README.md`` card;
:func:`hatewatch.load_model` recognises them.

torch and transformers are imported inside functions only, so importing this
module is cheap; a missing dependency raises
:class:`~hatewatch.errors.MissingDependencyError` naming the extra
(``pip install 'hatewatch[transformers]'``).
"""

from __future__ import annotations

import json
import logging
import math
import os
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from hatewatch.classifiers.base import Explanation
from hatewatch.classifiers.calibration import CalibratedThreatModel, as_texts, softmax
from hatewatch.errors import (
    ModelError,
    ModelNotFoundError,
    OutputExistsError,
    require,
)
from hatewatch.labels import LABELS, check_label

if TYPE_CHECKING:  # pragma: no cover
    from hatewatch.classifiers.training import TrainResult

__all__ = [
    "DEFAULT_VERSION",
    "TransformerClassifier",
    "is_transformer_folder",
    "load_transformer",
    "save_transformer",
    "train_transformer",
]

log = logging.getLogger(__name__)

DEFAULT_VERSION = "hatewatch-nl-transformer-0.1.0"
KIND = "transformer"
FORMAT_VERSION = 1
REQUIRED_META = (
    "name",
    "version",
    "format_version",
    "kind",
    "language",
    "labels",
    "hatewatch_version",
    "params",
    "temperature",
    "threat_threshold",
)
#: Texts tokenised at once by :meth:`TransformerClassifier.decision_function`;
#: bounds memory for any input size.
_CHUNK = 4096
#: Files a bag-of-words folder has and a transformer folder must not keep.
_BOW_FILES = ("features.json", "linear.skops")


def _torch() -> Any:
    return require("torch", "transformers")


def _transformers() -> Any:
    _torch()
    return require("transformers", "transformers")


def _resolve_device(torch: Any, device: str) -> str:
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return str(device)


def _rng_devices(device: str) -> list[int]:
    """CUDA devices whose random state :func:`torch.random.fork_rng` must keep."""
    if not device.startswith("cuda"):
        return []
    _, _, index = device.partition(":")
    return [int(index) if index else 0]


class TransformerClassifier(CalibratedThreatModel, ClassifierMixin, BaseEstimator):
    """Label Dutch messages as ``hate``, ``neutral`` or ``threat`` with a
    fine-tuned transformer.

    Parameters
    ----------
    base_model : str or path-like
        Folder of a pretrained model and its tokenizer (as written by
        ``save_pretrained``), e.g. a local copy of RobBERT or BERTje. Read
        with ``local_files_only=True``: nothing is downloaded.
    max_length : int, default 128
        Longer messages are truncated to this many tokens.
    epochs : int, default 3
        Passes over the training data.
    batch_size : int, default 16
        Messages per optimisation step.
    learning_rate : float, default 5e-5
        Peak learning rate of AdamW.
    weight_decay : float, default 0.01
        AdamW weight decay (not applied to biases and norm weights).
    warmup_ratio : float, default 0.1
        Share of the steps over which the learning rate rises linearly from
        0; it then falls linearly to 0 at the last step.
    max_grad_norm : float, default 1.0
        Gradients are clipped to this total norm.
    class_weight : "balanced" or None, default "balanced"
        Weight each message's loss by ``n / (3 * n_label)`` (as scikit-learn's
        ``"balanced"``), or not at all.
    target_threat_recall : float, default 0.95
        ``threat_threshold_`` is the highest threshold that keeps threat
        recall on the validation data at or above this (as in
        :class:`~hatewatch.classifiers.bow.HatewatchClassifier`).
    eval_batch_size : int, default 64
        Messages per forward pass when scoring.
    seed : int, default 0
        Seeds the new classification head, dropout and the shuffling order;
        the same seed, data and device give the same model. The caller's
        global torch random state is left as it was.
    device : str, default "auto"
        ``"cuda"`` if a GPU is visible, else ``"cpu"``; or any torch device
        name.
    version : str, default "hatewatch-nl-transformer-0.1.0"
        Name written to the ``model_version`` column of scored files.

    Attributes
    ----------
    classes_ : numpy.ndarray
        ``array(['hate', 'neutral', 'threat'])``.
    model_ : transformers.PreTrainedModel
        The fine-tuned sequence classifier (in eval mode).
    tokenizer_ : transformers.PreTrainedTokenizerBase
        Its tokenizer.
    temperature_ : float
        Divides the logits before the softmax (1.0 without validation data).
    threat_threshold_ : float
        Recall-favouring operating threshold on the calibrated threat
        probability, used for flagging (not for :meth:`predict`).
    calibration_ : dict
        Calibration measurements, with the same keys as the bag of words'.
    history_ : list of dict
        Mean training loss per epoch.
    device_ : str
        The device the model is on.

    Examples
    --------
    >>> from hatewatch.classifiers.transformer import TransformerClassifier
    >>> model = TransformerClassifier("models/robbert-v2-dutch-base", epochs=2)
    >>> model.fit(texts, labels, validation=(val_texts, val_labels))  # doctest: +SKIP
    >>> model.predict(["ik weet waar je woont"]).tolist()  # doctest: +SKIP
    ['threat']
    """

    def __init__(
        self,
        base_model: str | os.PathLike[str],
        max_length: int = 128,
        epochs: int = 3,
        batch_size: int = 16,
        learning_rate: float = 5e-5,
        weight_decay: float = 0.01,
        warmup_ratio: float = 0.1,
        max_grad_norm: float = 1.0,
        class_weight: str | None = "balanced",
        target_threat_recall: float = 0.95,
        eval_batch_size: int = 64,
        seed: int = 0,
        device: str = "auto",
        version: str = DEFAULT_VERSION,
    ) -> None:
        self.base_model = base_model
        self.max_length = max_length
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.max_grad_norm = max_grad_norm
        self.class_weight = class_weight
        self.target_threat_recall = target_threat_recall
        self.eval_batch_size = eval_batch_size
        self.seed = seed
        self.device = device
        self.version = version

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        groups: Sequence[Any] | None = None,
        validation: tuple[Sequence[str], Sequence[str]] | None = None,
        calibration: tuple[Sequence[str], Sequence[str]] | None = None,
        sample_weight: Sequence[float] | None = None,
    ) -> TransformerClassifier:
        """Fine-tune ``base_model`` on labelled texts.

        Parameters
        ----------
        texts : sequence of str
            Raw messages (the model's own tokenizer handles them).
        labels : sequence of str
            One of ``hate``, ``neutral``, ``threat`` per message; every label
            must occur.
        groups : sequence, optional
            Accepted so that code written for the bag of words runs
            unchanged; not used (there is no vocabulary to prune).
        validation : (texts, labels), optional
            Held-out data for temperature scaling and for choosing
            ``threat_threshold_`` (see :meth:`calibrate`). Without it the
            temperature is 1 and the threshold 0.5.
        calibration : (texts, labels), optional
            The bag of words' name for ``validation``; give one or the other.
        sample_weight : sequence of float, optional
            Weight of each message in the loss, multiplied with the class
            weight.

        Returns
        -------
        TransformerClassifier
            ``self``.

        Raises
        ------
        ModelNotFoundError
            If ``base_model`` is not a folder.
        ModelError
            If the folder holds no usable model or tokenizer.
        MissingDependencyError
            If torch or transformers is not installed.
        """
        del groups  # see the docstring
        if validation is not None and calibration is not None:
            raise ValueError("give validation or calibration, not both")
        held_out = validation if validation is not None else calibration
        texts = as_texts(texts)
        y = np.array([check_label(v) for v in labels])
        if len(y) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        missing = [lab for lab in LABELS if lab not in set(y.tolist())]
        if missing:
            raise ValueError(
                "training data must contain every label: "
                f"found {sorted(set(y.tolist()))}, need {list(LABELS)}"
            )
        weights = np.ones(len(y))
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=float)
            if weights.shape != (len(y),):
                raise ValueError(f"{len(y)} texts but {weights.size} sample weights")
        if self.class_weight == "balanced":
            counts = {lab: int(np.sum(y == lab)) for lab in LABELS}
            weights = weights * np.array(
                [len(y) / (len(LABELS) * counts[lab]) for lab in y]
            )
        elif self.class_weight is not None:
            raise ValueError(
                f"class_weight must be 'balanced' or None, got {self.class_weight!r}"
            )
        if int(self.epochs) < 1 or int(self.batch_size) < 1:
            raise ValueError("epochs and batch_size must be at least 1")

        torch = _torch()
        self.classes_ = np.array(LABELS)
        self.device_ = _resolve_device(torch, self.device)
        y_index = np.searchsorted(self.classes_, y)
        with torch.random.fork_rng(devices=_rng_devices(self.device_)):
            torch.manual_seed(int(self.seed))
            self.tokenizer_, self.model_ = _load_pretrained(
                Path(self.base_model), new_head=True
            )
            self.model_.to(self.device_)
            self.history_ = self._train(texts, y_index, weights)
        self.model_.eval()
        self.temperature_ = 1.0
        self.threat_threshold_ = 0.5
        self.calibration_: dict[str, Any] = {}
        if held_out is not None and len(held_out[0]):
            self.calibrate(*held_out)
        return self

    def _train(
        self, texts: list[str], y_index: np.ndarray, weights: np.ndarray
    ) -> list[dict[str, float]]:
        """The fine-tuning loop; returns the mean loss of each epoch."""
        from tqdm import tqdm

        torch = _torch()
        transformers = _transformers()
        model = self.model_
        ids = self._encode(texts)
        n, bs = len(ids), int(self.batch_size)
        steps = int(self.epochs) * math.ceil(n / bs)
        decay = [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]
        rest = [p for p in model.parameters() if p.requires_grad and p.ndim < 2]
        optimizer = torch.optim.AdamW(
            [
                {"params": decay, "weight_decay": float(self.weight_decay)},
                {"params": rest, "weight_decay": 0.0},
            ],
            lr=float(self.learning_rate),
        )
        scheduler = transformers.get_linear_schedule_with_warmup(
            optimizer,
            num_warmup_steps=int(self.warmup_ratio * steps),
            num_training_steps=steps,
        )
        order_rng = torch.Generator().manual_seed(int(self.seed))
        y_t = torch.as_tensor(y_index, dtype=torch.long)
        w_t = torch.as_tensor(weights, dtype=torch.float32)
        history = []
        model.train()
        log.info("fine-tuning on %d messages for %d steps", n, steps)
        with tqdm(total=steps, desc="fine-tuning", unit="step", disable=None) as bar:
            for epoch in range(int(self.epochs)):
                order = torch.randperm(n, generator=order_rng).tolist()
                total, seen = 0.0, 0.0
                for start in range(0, n, bs):
                    rows = order[start : start + bs]
                    inputs = self._batch([ids[i] for i in rows])
                    logits = model(**inputs).logits
                    per = torch.nn.functional.cross_entropy(
                        logits, y_t[rows].to(self.device_), reduction="none"
                    )
                    w = w_t[rows].to(self.device_)
                    loss = (per * w).sum() / w.sum()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(
                        model.parameters(), float(self.max_grad_norm)
                    )
                    optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad(set_to_none=True)
                    value = float(loss.detach().item())
                    total += value * len(rows)
                    seen += len(rows)
                    bar.update(1)
                    bar.set_postfix(loss=f"{value:.3f}", refresh=False)
                history.append({"epoch": epoch + 1, "loss": total / max(seen, 1)})
                log.info("epoch %d: mean loss %.4f", epoch + 1, history[-1]["loss"])
        return history

    def _encode(self, texts: list[str]) -> list[list[int]]:
        enc = self.tokenizer_(texts, truncation=True, max_length=int(self.max_length))
        return [list(x) for x in enc["input_ids"]]

    def _batch(self, ids: list[list[int]]) -> dict[str, Any]:
        """Right-padded ``input_ids`` and ``attention_mask`` on the device."""
        torch = _torch()
        pad = self.tokenizer_.pad_token_id
        if pad is None:
            raise ModelError(f"the tokenizer of {self.base_model} has no padding token")
        width = max(len(x) for x in ids)
        input_ids = torch.full((len(ids), width), int(pad), dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.long)
        for r, x in enumerate(ids):
            input_ids[r, : len(x)] = torch.as_tensor(x, dtype=torch.long)
            mask[r, : len(x)] = 1
        return {
            "input_ids": input_ids.to(self.device_),
            "attention_mask": mask.to(self.device_),
        }

    # ------------------------------------------------------------ calibrate
    # -------------------------------------------------------------- predict
    def decision_function(self, texts: Iterable[str]) -> np.ndarray:
        """Uncalibrated logits, shape ``(n, 3)``, columns ``classes_``.

        Texts are tokenised in chunks and scored in batches of similar
        length (less padding) with gradients off; results come back in input
        order.
        """
        torch = _torch()
        texts = as_texts(texts)
        out = np.zeros((len(texts), len(LABELS)))
        bs = max(int(self.eval_batch_size), 1)
        self.model_.eval()
        with torch.inference_mode():
            for start in range(0, len(texts), _CHUNK):
                ids = self._encode(texts[start : start + _CHUNK])
                order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), i))
                for b in range(0, len(order), bs):
                    rows = order[b : b + bs]
                    logits = self.model_(**self._batch([ids[i] for i in rows])).logits
                    out[[start + i for i in rows]] = (
                        logits.float().cpu().numpy().astype(float)
                    )
        return out

    # -------------------------------------------------------------- explain
    def explain(
        self,
        text: str,
        top: int = 10,
        *,
        hits: Sequence[Any] | None = None,
        severity: Sequence[str] | None = None,
        proba: np.ndarray | None = None,
    ) -> Explanation:
        """Say which words drove the label of one message, by occlusion.

        Each distinct whitespace-separated word is removed from the message
        (all its occurrences at once) and the message is scored again. A
        word's contribution is how much the predicted label's calibrated
        log-odds against the average label (``z_k - mean(z)``, ``z`` the
        logits divided by the temperature, the same scale the bag of words
        reports) fall when the word is gone: positive means the word pushed
        towards the label. This is a simple, model-agnostic measurement of
        the model's behaviour, one extra forward pass per distinct word; it
        misses interactions (two words that only matter together), and only
        the first ``max_length`` words are scored (later ones are cut off by
        truncation anyway), which bounds the cost on very long messages.

        Parameters
        ----------
        text : str
            A raw message.
        top : int, default 10
            How many words to list (largest contributions first).
        hits : sequence of RuleHit, optional
            The threat rules that fire on ``text``, if already known.
        severity : sequence of str, optional
            The rules' ``severity(text)``, if already computed.
        proba : array of shape (3,), optional
            ``predict_proba([text])[0]`` if already computed.

        Returns
        -------
        Explanation
            Features are named ``word:<word as written>``; the rules are
            reported but do not contribute (the model does not use them).
        """
        text = as_texts([text])[0]
        # a word past the first max_length words is past the truncation point
        # (every word is at least one token): not scored, which bounds the cost
        words = list(dict.fromkeys(text.split()[: int(self.max_length)]))
        variants = [text] + [
            " ".join(w for w in text.split() if w != word) for word in words
        ]
        z = self.decision_function(variants) / self.temperature_
        if proba is None:
            proba = softmax(z[:1])
        else:
            proba = np.asarray(proba, dtype=float).reshape(1, -1)
        label = str(self.labels_from_proba(proba)[0])
        k = int(np.searchsorted(self.classes_, label))
        margin = z[:, k] - z.mean(axis=1)
        contrib = {
            f"word:{word}": float(margin[0] - margin[i + 1])
            for i, word in enumerate(words)
        }
        ranked = sorted(contrib.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        if hits is None:
            hits = self.rule_hits([text])[0]
        if severity is None:
            sev = getattr(self._rules(), "severity", None)
            severity = tuple(sev(text)) if sev is not None else ()
        return Explanation(
            text=text,
            label=label,
            probabilities={
                str(c): float(p) for c, p in zip(self.classes_, proba[0], strict=True)
            },
            features=ranked[:top],
            rules=list(hits),
            severity=tuple(severity),
            threat_threshold=float(self.threat_threshold_),
        )

    # ---------------------------------------------------------- persistence
    def save(self, path: Any, *, force: bool = False, **meta: Any) -> Path:
        """Write this model to a folder (see :func:`save_transformer`)."""
        return save_transformer(self, path, force=force, **meta)


def _load_pretrained(path: Path, *, new_head: bool) -> tuple[Any, Any]:
    """Tokenizer and sequence classifier from a local folder, never the hub."""
    transformers = _transformers()
    if not path.is_dir():
        raise ModelNotFoundError(
            f"base model folder not found: {path}; download a pretrained model "
            "(e.g. RobBERT or BERTje) with its tokenizer to a folder and pass "
            "that folder"
        )
    if not (path / "config.json").is_file():
        raise ModelError(
            f"{path} has no config.json; pass a folder written by "
            "save_pretrained (model weights, config and tokenizer)"
        )
    kwargs: dict[str, Any] = {"local_files_only": True}
    if new_head:
        kwargs.update(
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={lab: i for i, lab in enumerate(LABELS)},
            # a base model that already has a head of another size gets a new one
            ignore_mismatched_sizes=True,
        )
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            path, local_files_only=True
        )
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            path, **kwargs
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot load a model and tokenizer from {path}: {exc}"
        ) from exc
    return tokenizer, model


# ------------------------------------------------------------ model folders
def _params(model: TransformerClassifier) -> dict[str, Any]:
    params = model.get_params()
    params["base_model"] = str(params["base_model"])
    return params


def save_transformer(
    model: TransformerClassifier,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    metrics: dict[str, Any] | None = None,
    training_data: list[dict[str, Any]] | None = None,
    created_by: str | None = None,
    card: str | None = None,
) -> Path:
    """Write a fitted :class:`TransformerClassifier` to a model folder.

    The folder holds the fine-tuned model and tokenizer (``save_pretrained``,
    weights in safetensors), ``meta.json`` (as the bag of words', plus
    ``"kind": "transformer"`` and the training history) and ``README.md``.

    Parameters
    ----------
    model : TransformerClassifier
        A fitted model.
    path : str or path-like
        The folder to write. Created if missing.
    force : bool, default False
        Replace the model files if the folder already holds a model (the
        bag-of-words files of an older model there are removed).
    metrics, training_data, created_by : optional
        Recorded in ``meta.json``.
    card : str, optional
        Text of the model card; by default a short one from
        :func:`transformer_card`.

    Returns
    -------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> save_transformer(model, "models/my-robbert", force=True)  # doctest: +SKIP
    """
    from hatewatch.classifiers.persist import _json_dump, model_meta

    if not hasattr(model, "model_"):
        raise ModelError("the model is not fitted; call fit() before saving it")
    path = Path(path)
    if (path / "meta.json").exists() and not force:
        raise OutputExistsError(
            f"{path} already exists and holds a model; use --force "
            "(force=True in Python) to replace it"
        )
    path.mkdir(parents=True, exist_ok=True)
    for name in _BOW_FILES:
        (path / name).unlink(missing_ok=True)
    model.model_.save_pretrained(path)
    model.tokenizer_.save_pretrained(path)
    if not _weights_present(path):
        raise ModelError(f"save_pretrained wrote no safetensors weights to {path}")
    torch, transformers = _torch(), _transformers()
    meta = model_meta(
        model,
        format_version=FORMAT_VERSION,
        params=_params(model),
        metrics=metrics,
        training_data=training_data,
        created_by=created_by,
    )
    meta["kind"] = KIND
    meta["training"] = {
        "history": list(getattr(model, "history_", [])),
        "device": str(getattr(model, "device_", "")),
        "torch_version": str(torch.__version__),
        "transformers_version": str(transformers.__version__),
    }
    _json_dump(meta, path / "meta.json")
    if card is None:
        card = transformer_card(model, metrics or {}, training_data or [])
    (path / "README.md").write_text(card, encoding="utf-8")
    return path


def _weights_present(path: Path) -> bool:
    return (path / "model.safetensors").is_file() or (
        path / "model.safetensors.index.json"
    ).is_file()


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def is_transformer_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path/meta.json`` says ``"kind": "transformer"``."""
    meta = _read_meta(Path(path))
    return meta is not None and meta.get("kind") == KIND


def load_transformer(
    path: str | os.PathLike[str], *, device: str = "auto"
) -> TransformerClassifier:
    """Load a folder written by :func:`save_transformer`.

    :func:`hatewatch.load_model` calls this for folders whose ``meta.json``
    says ``"kind": "transformer"``.

    Parameters
    ----------
    path : str or path-like
        The model folder.
    device : str, default "auto"
        Where to put the model (the device it was trained on is not reused:
        a model fine-tuned on a GPU loads on a machine without one).

    Returns
    -------
    TransformerClassifier
        The fitted model, in eval mode.

    Raises
    ------
    ModelNotFoundError
        If the folder does not exist.
    ModelError
        If it is incomplete, in an unknown format or has other labels.
    MissingDependencyError
        If torch or transformers is not installed.
    """
    from hatewatch import __version__
    from hatewatch.classifiers.persist import _version_ok

    path = Path(path)
    if not path.is_dir():
        raise ModelNotFoundError(f"model folder not found: {path}")
    meta = _read_meta(path)
    if meta is None:
        raise ModelError(f"cannot read {path / 'meta.json'}")
    absent = [k for k in REQUIRED_META if k not in meta]
    if absent:
        raise ModelError(
            f"{path / 'meta.json'} lacks required keys: {', '.join(absent)}"
        )
    if meta["kind"] != KIND or meta["format_version"] != FORMAT_VERSION:
        raise ModelError(
            f"{path} is a {meta['kind']!r} model in format {meta['format_version']}; "
            f"this hatewatch reads {KIND!r} format {FORMAT_VERSION}"
        )
    if list(meta["labels"]) != list(LABELS):
        raise ModelError(f"{path} has unexpected labels {meta['labels']}")
    if not _weights_present(path):
        raise ModelError(
            f"model folder {path} is incomplete: no model.safetensors; rebuild it "
            "with `hatewatch train --base-model DIR -o FOLDER --force`"
        )
    if not _version_ok(meta["hatewatch_version"], __version__):
        warnings.warn(
            f"model {meta['version']} was built for hatewatch "
            f"{meta['hatewatch_version']} but this is hatewatch {__version__}; "
            "predictions may differ",
            UserWarning,
            stacklevel=2,
        )
    torch = _torch()
    params = dict(meta["params"])
    params["device"] = device
    try:
        model = TransformerClassifier(**params)
    except TypeError as exc:
        raise ModelError(f"{path / 'meta.json'} has unknown params: {exc}") from exc
    model.tokenizer_, model.model_ = _load_pretrained(path, new_head=False)
    id2label = {int(k): str(v) for k, v in model.model_.config.id2label.items()}
    if id2label != dict(enumerate(LABELS)):
        raise ModelError(
            f"{path / 'config.json'} maps outputs to {id2label}, expected "
            f"{dict(enumerate(LABELS))}"
        )
    model.classes_ = np.array(meta["labels"])
    model.device_ = _resolve_device(torch, device)
    model.model_.to(model.device_)
    model.model_.eval()
    model.temperature_ = float(meta["temperature"])
    model.threat_threshold_ = float(meta["threat_threshold"])
    model.calibration_ = meta.get("calibration", {})
    model.history_ = list(meta.get("training", {}).get("history", []))
    model.meta_ = meta
    log.info("loaded %s from %s", meta["version"], path)
    return model


def transformer_card(
    model: TransformerClassifier,
    metrics: dict[str, Any],
    training_data: list[dict[str, Any]],
    reports: dict[str, Any] | None = None,
) -> str:
    """A short model card (``README.md``) for a fine-tuned transformer."""
    p = model.get_params()
    cal = model.calibration_
    lines = [
        f"# {model.version}",
        "",
        f"Fine-tuned from `{Path(str(p['base_model'])).name}` (local folder) to "
        "label Dutch messages aimed at politicians as `hate`, `neutral` or "
        "`threat`. Built with `hatewatch` (`TransformerClassifier`).",
        "",
        "## Intended use",
        "",
        "Measuring hostility towards Dutch politicians and pre-selecting "
        "messages for a person to read. Not for decisions about individual "
        "authors without human review.",
        "",
        "## Training",
        "",
        f"{p['epochs']} epochs, batch size {p['batch_size']}, learning rate "
        f"{p['learning_rate']} (linear warm-up over {p['warmup_ratio']:.0%} of "
        f"the steps, then linear decay), max {p['max_length']} tokens, class "
        f"weight {p['class_weight']}, seed {p['seed']}, device "
        f"{getattr(model, 'device_', p['device'])}.",
        "",
    ]
    for row in training_data:
        lines.append(f"- `{row['file']}`: {row['rows']:,} rows {row['rows_per_split']}")
    if training_data:
        lines.append("")
    lines += ["## Calibration", ""]
    if cal:
        lines.append(
            f"Temperature {cal['temperature']:.3f} on {cal['n']:,} validation "
            f"messages (NLL {cal['nll_before']:.3f} -> {cal['nll_after']:.3f}). "
            f"Threat flag at `p_threat` >= {model.threat_threshold_:.3f} "
            f"(validation threat recall {cal['threat_recall']:.3f}, precision "
            f"{cal['threat_precision']:.3f})."
        )
    else:
        lines.append("No validation data: temperature 1, threat threshold 0.5.")
    lines.append("")
    if reports:
        lines += ["## Results", ""]
        for rep in reports.values():
            lines += ["```", rep.to_text(groups=False), "```", ""]
    lines += [
        "## Known limits",
        "",
        "Quality depends entirely on the pretrained model and the data; compare "
        "with the bag-of-words model on the same test splits before using it. "
        "Explanations are word occlusion (see `TransformerClassifier.explain`).",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ training
def train_transformer(
    data: list[str | os.PathLike[str]] | None,
    out_dir: str | os.PathLike[str],
    base_model: str | os.PathLike[str],
    *,
    force: bool = False,
    params: dict[str, Any] | None = None,
    created_by: str | None = None,
) -> TrainResult:
    """Fine-tune on the ``train`` split, calibrate on ``validation``, test on
    ``test``, and write the model folder (as
    :func:`~hatewatch.classifiers.training.train_model` does for the bag of
    words, on the same data selection).

    Parameters
    ----------
    data : list of path, optional
        Labelled files (see :func:`~hatewatch.classifiers.read_labelled`);
        by default ``data/annotations/*.csv``.
    out_dir : path
        Model folder to write.
    base_model : path
        Local folder of the pretrained model.
    force : bool, default False
        Overwrite an existing model folder.
    params : dict, optional
        Other keyword arguments of :class:`TransformerClassifier` (epochs,
        seed, device...).
    created_by : str, optional
        The command line, recorded in ``meta.json``.

    Returns
    -------
    TrainResult

    Examples
    --------
    >>> from hatewatch.classifiers.transformer import train_transformer
    >>> train_transformer(None, "models/robbert-hw", "models/robbert-v2-dutch-base")
    ... # doctest: +SKIP
    """
    from hatewatch.classifiers.training import (
        TrainResult,
        check_output,
        evaluate_splits,
        load_splits,
        training_data_meta,
    )

    out_dir = check_output(out_dir, force)
    if not Path(base_model).is_dir():
        raise ModelNotFoundError(
            f"base model folder not found: {base_model}; download a pretrained "
            "model (e.g. RobBERT or BERTje) with its tokenizer to a folder and "
            "pass that folder"
        )
    d = load_splits(data)
    train, val = d.train, d.val
    model = TransformerClassifier(base_model, **(params or {}))
    log.info("fine-tuning on %d messages, calibrating on %d", len(train), len(val))
    model.fit(
        train["text"].tolist(),
        train["label"].tolist(),
        validation=(val["text"].tolist(), val["label"].tolist()) if len(val) else None,
    )
    reports, metrics = evaluate_splits(model, d)
    training_data = training_data_meta(d)
    save_transformer(
        model,
        out_dir,
        force=force,
        metrics=metrics,
        training_data=training_data,
        created_by=created_by or "",
        card=transformer_card(model, metrics, training_data, reports),
    )
    return TrainResult(path=out_dir, model=model, reports=reports, metrics=metrics)
