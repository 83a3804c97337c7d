"""Classifiers that label Dutch messages as ``hate``, ``neutral`` or ``threat``.

The default model is :class:`HatewatchClassifier` (bag of words + threat
rules); :func:`load_model` loads the shipped one, or a fine-tuned
:class:`TransformerClassifier` folder (needs the ``transformers`` extra).
Names are resolved lazily so that importing a submodule (for example the
threat rules) does not import scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY: dict[str, str] = {
    "HatewatchClassifier": "hatewatch.classifiers.bow",
    "Explanation": "hatewatch.classifiers.base",
    "load_model": "hatewatch.classifiers.persist",
    "save_model": "hatewatch.classifiers.persist",
    "default_model_path": "hatewatch.classifiers.persist",
    "train_model": "hatewatch.classifiers.training",
    "TrainResult": "hatewatch.classifiers.training",
    "read_labelled": "hatewatch.classifiers.training",
    "evaluate_model": "hatewatch.classifiers.evaluation",
    "EvaluationReport": "hatewatch.classifiers.evaluation",
    "TransformerClassifier": "hatewatch.classifiers.transformer",
    "save_transformer": "hatewatch.classifiers.transformer",
}

__all__ = [
    "EvaluationReport",
    "Explanation",
    "HatewatchClassifier",
    "TrainResult",
    "TransformerClassifier",
    "default_model_path",
    "evaluate_model",
    "load_model",
    "read_labelled",
    "save_model",
    "save_transformer",
    "train_model",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(
            f"module 'hatewatch.classifiers' has no attribute {name!r}"
        )
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from hatewatch.classifiers.base import Explanation
    from hatewatch.classifiers.bow import HatewatchClassifier
    from hatewatch.classifiers.evaluation import EvaluationReport, evaluate_model
    from hatewatch.classifiers.persist import (
        default_model_path,
        load_model,
        save_model,
    )
    from hatewatch.classifiers.training import TrainResult, read_labelled, train_model
    from hatewatch.classifiers.transformer import (
        TransformerClassifier,
        save_transformer,
    )
