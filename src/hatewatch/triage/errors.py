"""Errors raised by the triage service.

Each subclasses the matching built-in (and :class:`hatewatch.errors.HatewatchError`),
so callers may catch either; the web layer maps them to HTTP statuses:
`NotFound` 404, `Forbidden` 403, `Conflict` 409, `InvalidTransition` 409/400.
"""

from __future__ import annotations

from hatewatch.errors import HatewatchError

__all__ = ["Conflict", "Forbidden", "InvalidTransition", "NotFound", "TriageError"]


class TriageError(HatewatchError):
    """Base class of the triage errors."""


class NotFound(TriageError, LookupError):
    """No such case or user, or it lies outside the acting user's team scope.

    A case outside the scope is reported exactly like a missing one, so ids
    cannot be probed.
    """


class Forbidden(TriageError, PermissionError):
    """The acting user's role does not allow this action (or the user is
    disabled)."""


class Conflict(TriageError, RuntimeError):
    """The case changed since the user loaded it (optimistic locking).

    The message says so plainly: someone else changed this case; reload it
    and decide again. Nothing of the refused action was written.
    """

    def __init__(self, message: str | None = None, *, case_id: int | None = None):
        self.case_id = case_id
        super().__init__(
            message
            or "someone else changed this case while you were looking at it; "
            "reload the case to see their change, then try again"
        )


class InvalidTransition(TriageError, ValueError):
    """The action is not allowed in the case's current state (or with these
    arguments), e.g. escalating a threat before its second review."""
