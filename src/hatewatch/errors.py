"""Exception classes. Each subclasses the matching built-in exception."""

from __future__ import annotations

import importlib
from types import ModuleType


class HatewatchError(Exception):
    """Base class of every error raised on purpose by hatewatch."""


class DataError(HatewatchError, ValueError):
    """Input data is malformed.

    The message names the file, the line (1-based, as an editor shows it) and
    the field where those are known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        where = ":".join(str(p) for p in (path, line) if p is not None)
        if field is not None:
            where = f"{where} field {field!r}" if where else f"field {field!r}"
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(HatewatchError, ValueError):
    """A model folder is missing, incomplete or incompatible."""


class ModelNotFoundError(ModelError, FileNotFoundError):
    """No model folder where one was expected."""


class MissingDependencyError(HatewatchError, ImportError):
    """An optional dependency is not installed."""


class StoreNotFoundError(HatewatchError, FileNotFoundError):
    """No store file where one was to be read; nothing was created."""


class CredentialError(HatewatchError, PermissionError):
    """A credential is missing, expired or refused.

    The message names the environment variable, never its value.
    """


class OutputExistsError(HatewatchError, FileExistsError):
    """Refusing to overwrite an existing output without ``force``.

    Raise it with :meth:`at`, so that every command says the same thing.
    """

    @classmethod
    def at(
        cls, path: object, *, action: str = "overwrite it", detail: str = ""
    ) -> OutputExistsError:
        """The error for an existing ``path``, in the one wording hatewatch uses.

        Examples
        --------
        >>> print(OutputExistsError.at("out.csv"))
        out.csv already exists; use --force (force=True in Python) to overwrite it
        """
        return cls(
            f"{path} already exists{detail}; use --force (force=True in Python) "
            f"to {action}"
        )


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency or raise an error naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{module!r} is needed for this feature but is not installed. "
            f"Install it with: pip install 'hatewatch[{extra}]'"
        ) from exc
