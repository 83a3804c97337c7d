"""hatewatch: detect and measure online hate and threats aimed at Dutch politicians.

The public API is listed in ``__all__``. Names are resolved lazily so that
``import hatewatch`` stays fast and never imports torch, pandas or spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    # labels and errors
    "LABELS": "hatewatch.labels",
    "HatewatchError": "hatewatch.errors",
    "DataError": "hatewatch.errors",
    "ModelError": "hatewatch.errors",
    "MissingDependencyError": "hatewatch.errors",
    "CredentialError": "hatewatch.errors",
    # classifier
    "load_model": "hatewatch.classifiers",
    "train_model": "hatewatch.classifiers",
    "evaluate_model": "hatewatch.classifiers",
    "score_frame": "hatewatch.scoring",
    "flag_threats": "hatewatch.scoring",
    "score_file": "hatewatch.scoring",
    "score_store": "hatewatch.scoring",
    "flag_file": "hatewatch.scoring",
    # data records, roster, store
    "Message": "hatewatch.records",
    "Recipient": "hatewatch.records",
    "Roster": "hatewatch.roster",
    "load_roster": "hatewatch.roster",
    "Store": "hatewatch.store",
    # analysis
    "exposure": "hatewatch.exposure",
    "simulate": "hatewatch.simulate",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'hatewatch' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    # `exposure` and `simulate` are modules; everything else is an attribute
    value = module if module_name == f"hatewatch.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from hatewatch import exposure, simulate
    from hatewatch.classifiers import evaluate_model, load_model, train_model
    from hatewatch.errors import (
        CredentialError,
        DataError,
        HatewatchError,
        MissingDependencyError,
        ModelError,
    )
    from hatewatch.labels import LABELS
    from hatewatch.records import Message, Recipient
    from hatewatch.roster import Roster, load_roster
    from hatewatch.scoring import (
        flag_file,
        flag_threats,
        score_file,
        score_frame,
        score_store,
    )
    from hatewatch.store import Store
