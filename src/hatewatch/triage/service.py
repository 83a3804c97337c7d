"""The triage service: the case workflow, permissions, scope and history.

Every method takes the acting :class:`~hatewatch.triage.models.User` first
and

* re-reads that user from the database (a disabled account or a changed role
  takes effect at once),
* enforces the role (:attr:`TriageService.min_role`) and the team scope: a
  case outside the user's scope is reported as :class:`NotFound`, exactly like
  a missing one, so ids cannot be probed,
* enforces the state machine below, raising :class:`InvalidTransition` with a
  sentence saying what to do instead,
* checks the ``version`` the user saw (optimistic locking): if the case
  changed since, :class:`Conflict` and nothing is written,
* writes the change, a :class:`CaseEvent` and an audit entry in one
  transaction.

State machine::

    new --claim/label--> in_review --request_second_review--> second_review
    second_review --second_review(confirm|overrule)--> reviewed
    in_review | reviewed | escalated --escalate--> escalated
    in_review | reviewed | escalated --close--> closed --reopen--> in_review

With ``require_second_review=True`` (the default) a case labelled ``threat``
is escalated, and any case is closed as ``false_alarm``, only after a second
reviewer (another person than the first labeller) confirmed or overruled the
first label.

Writes are serialised through the audit chain's head row (``BEGIN
IMMEDIATE`` on SQLite, ``SELECT ... FOR UPDATE`` on PostgreSQL), so two
people acting on one case at once are handled one after the other: the first
wins, the second gets :class:`Conflict` because the version moved.
"""

from __future__ import annotations

import hashlib
import logging
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from hatewatch.triage import audit
from hatewatch.triage.errors import Conflict, Forbidden, InvalidTransition, NotFound
from hatewatch.triage.models import (
    CASE_STATUSES,
    CLOSE_REASONS,
    ESCALATION_CHANNELS,
    REVIEW_LABELS,
    ROLES,
    Case,
    CaseEvent,
    CaseRecipient,
    User,
    to_local,
    utcnow,
)

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["OPEN_STATUSES", "PRIORITY_BANDS", "TriageService"]

log = logging.getLogger(__name__)

#: Statuses of cases that still need work.
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in CASE_STATUSES if s != "closed")

#: Priority bands for the dashboard and the precision report: (name, low, high).
PRIORITY_BANDS: tuple[tuple[str, float, float], ...] = (
    ("high", 0.8, 1.01),
    ("medium", 0.6, 0.8),
    ("low", 0.0, 0.6),
)

#: Age buckets of open cases on the dashboard: (name, upper bound).
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("< 1 day", timedelta(days=1)),
    ("1-3 days", timedelta(days=3)),
    ("3-7 days", timedelta(days=7)),
    ("> 7 days", None),
)


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def band_of(priority: float) -> str:
    """The name of the priority band a priority falls in."""
    for name, lo, hi in PRIORITY_BANDS:
        if lo <= priority < hi:
            return name
    return PRIORITY_BANDS[-1][0]


class TriageService:
    """Case workflow over a case database.

    Parameters
    ----------
    session_factory : sessionmaker
        From :func:`hatewatch.triage.db.session_factory` (schema migrated).
    require_second_review : bool, default True
        Require a second reviewer before a threat is escalated or any case is
        closed as a false alarm.

    Attributes
    ----------
    min_role : dict
        Lowest role allowed per action; change it on an instance to adapt the
        desk's rules (e.g. ``{"escalate": "coordinator"}``).

    Examples
    --------
    >>> svc = TriageService(factory)  # doctest: +SKIP
    >>> case = svc.queue(alice)[0]  # doctest: +SKIP
    >>> svc.claim(alice, case.id, version=case.version)  # doctest: +SKIP
    """

    DEFAULT_MIN_ROLE: dict[str, str] = {
        "view": "reviewer",
        "claim": "reviewer",
        "label": "reviewer",
        "note": "reviewer",
        "request_second_review": "reviewer",
        "second_review": "reviewer",
        "escalate": "reviewer",
        "close": "reviewer",
        "export": "reviewer",
        "dashboard": "reviewer",
        "take_over": "coordinator",  # claim or label a case someone else holds
        "assign": "coordinator",
        "reopen": "coordinator",
    }

    def __init__(
        self, session_factory: sessionmaker[Session], *, require_second_review=True
    ) -> None:
        self.session_factory = session_factory
        self.require_second_review = bool(require_second_review)
        self.min_role = dict(self.DEFAULT_MIN_ROLE)

    # ------------------------------------------------------------ plumbing
    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        from sqlalchemy.orm.exc import StaleDataError

        # writers queue on the audit chain's lock (audit.writing), so a stale
        # version is seen by the version check; StaleDataError is the backstop
        try:
            with audit.writing(self.session_factory) as session:
                yield session
        except StaleDataError as exc:
            raise Conflict() from exc

    def _actor(self, session: Session, user: User, action: str) -> User:
        actor = session.get(User, getattr(user, "id", None))
        if actor is None or actor.disabled:
            raise Forbidden("this account is disabled or no longer exists")
        need = self.min_role.get(action, "admin")
        if _rank(actor.role) < _rank(need):
            raise Forbidden(
                f"a {actor.role} may not {action.replace('_', ' ')}; "
                f"this needs the {need} role"
            )
        return actor

    def _may(self, actor: User, action: str) -> bool:
        return _rank(actor.role) >= _rank(self.min_role.get(action, "admin"))

    @staticmethod
    def _scope(actor: User) -> Any:
        """SQL condition limiting cases to the actor's team scope (None: all)."""
        from sqlalchemy import false, or_

        if actor.role == "admin":
            return None
        team = actor.team
        if team is None or not team.scopes:
            return false()
        column = {
            "roster": CaseRecipient.roster,
            "organisation": CaseRecipient.region,
            "party": CaseRecipient.party,
        }
        conds = [column[s.kind] == s.value for s in team.scopes if s.kind in column]
        if not conds:
            return false()
        # an uncorrelated IN (computed once) rather than EXISTS per case row:
        # 1,000x faster on SQLite with 10,000 cases
        return Case.id.in_(_recipient_cases(or_(*conds)))

    def _case(self, session: Session, actor: User, case_id: int) -> Case:
        from sqlalchemy import select

        try:
            cid = int(case_id)
        except (TypeError, ValueError):
            raise NotFound(f"no case {case_id!r}") from None
        stmt = select(Case).where(Case.id == cid)
        scope = self._scope(actor)
        if scope is not None:
            stmt = stmt.where(scope)
        case = session.execute(stmt).unique().scalar_one_or_none()
        if case is None:
            raise NotFound(f"no case {cid}")
        return case

    @staticmethod
    def _check_version(case: Case, version: int | None) -> None:
        if version is None:
            return
        try:
            seen = int(version)
        except (TypeError, ValueError):
            raise InvalidTransition(f"invalid case version {version!r}") from None
        if seen != case.version:
            raise Conflict(
                f"someone else changed case {case.id} while you were looking at "
                f"it (you saw version {seen}, it is now at version "
                f"{case.version}); reload the case to see their change, then "
                "decide again",
                case_id=case.id,
            )

    def _record(
        self,
        session: Session,
        actor: User,
        case: Case,
        action: str,
        from_status: str | None,
        details: dict[str, Any] | None = None,
        *,
        audit_details: dict[str, Any] | None = None,
        event: bool = True,
    ) -> None:
        now = utcnow()
        details = details or {}
        if event:
            session.add(
                CaseEvent(
                    case_id=case.id,
                    at=now,
                    actor_id=actor.id,
                    actor_name=actor.username,
                    action=action,
                    from_status=from_status,
                    to_status=case.status,
                    details=details,
                )
            )
        audit.append(
            session,
            actor.username,
            action,
            case_id=case.id,
            details={
                **(audit_details if audit_details is not None else details),
                "from": from_status,
                "to": case.status,
                "version": case.version,
            },
            at=now,
        )

    def _act(
        self,
        user: User,
        case_id: int,
        version: int | None,
        action: str,
        apply: Any,
    ) -> Case:
        """Load, check, ``apply(session, actor, case) -> details``, record."""
        with self._write() as session:
            actor = self._actor(session, user, action)
            case = self._case(session, actor, case_id)
            self._check_version(case, version)
            before = case.status
            result = apply(session, actor, case)
            details, audit_details = (
                result if isinstance(result, tuple) else (result, None)
            )
            case.updated_at = utcnow()
            session.flush()  # bumps case.version (version_id_col)
            self._record(
                session,
                actor,
                case,
                action,
                before,
                details,
                audit_details=audit_details,
            )
            session.flush()
            _ = case.recipients, case.events
            session.expunge_all()
        return case

    @staticmethod
    def _require_status(case: Case, allowed: Sequence[str], what: str) -> None:
        if case.status not in allowed:
            raise InvalidTransition(
                f"cannot {what} case {case.id}: it is {case.status.replace('_', ' ')}"
                f" (allowed when {', '.join(a.replace('_', ' ') for a in allowed)})"
            )

    def _require_holder(self, actor: User, case: Case, what: str) -> None:
        if (
            case.assignee_id is not None
            and case.assignee_id != actor.id
            and not self._may(actor, "take_over")
        ):
            holder = case.assignee.username if case.assignee else "someone else"
            raise InvalidTransition(
                f"case {case.id} is claimed by {holder}; only they can {what} it "
                "(or a coordinator can reassign it)"
            )

    def _second_review_done(self, case: Case) -> bool:
        return case.second_decision is not None

    # ------------------------------------------------------------- reading
    def _queue_stmt(
        self,
        actor: User,
        *,
        status: str | Sequence[str] | None,
        recipient: str | None,
        office: str | None,
        severity: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> Any:
        from sqlalchemy import select

        stmt = select(Case)
        scope = self._scope(actor)
        if scope is not None:
            stmt = stmt.where(scope)
        if status in (None, "", "open"):
            stmt = stmt.where(Case.status.in_(OPEN_STATUSES))
        elif status != "all":
            wanted = [status] if isinstance(status, str) else list(status)
            bad = [s for s in wanted if s not in CASE_STATUSES]
            if bad:
                raise InvalidTransition(
                    f"unknown status {bad[0]!r}; choose from "
                    f"{', '.join(CASE_STATUSES)}, 'open' or 'all'"
                )
            stmt = stmt.where(Case.status.in_(wanted))
        if recipient:
            pattern = f"%{_like_escape(recipient.strip().lower())}%"
            stmt = stmt.where(
                Case.id.in_(
                    _recipient_cases(
                        CaseRecipient.name.ilike(pattern, escape="\\")
                        | (CaseRecipient.politician_id == recipient.strip())
                    )
                )
            )
        if office:
            stmt = stmt.where(
                Case.id.in_(_recipient_cases(CaseRecipient.office == office))
            )
        if severity:
            pattern = f"%{_like_escape(severity.strip().lower())}%"
            stmt = stmt.where(Case.severity.ilike(pattern, escape="\\"))
        if since is not None:
            stmt = stmt.where(Case.created_at >= _naive_utc(since))
        if until is not None:
            stmt = stmt.where(Case.created_at < _naive_utc(until))
        return stmt

    def queue(
        self,
        user: User,
        *,
        status: str | Sequence[str] | None = None,
        recipient: str | None = None,
        office: str | None = None,
        severity: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Case]:
        """Cases in the user's scope, most urgent first.

        Parameters
        ----------
        user : User
        status : str or sequence of str, optional
            A status, several, ``"open"`` (default: every status but closed)
            or ``"all"``.
        recipient : str, optional
            Part of a recipient's name (case-insensitive) or a politician id.
        office : str, optional
            A recipient's office, e.g. ``"tweede_kamerlid"``.
        severity : str, optional
            A kind of harm named, e.g. ``"weapon"``.
        since, until : datetime, optional
            Message time window (aware, or naive UTC); ``until`` exclusive.
        limit, offset : int
            Paging (``limit`` at most 500).

        Returns
        -------
        list of Case
            Detached, with recipients and assignee loaded; sorted by priority
            (high first), then message time (newest first), then id. Use
            :meth:`queue_count` for the total.
        """
        from sqlalchemy import select

        limit = max(1, min(int(limit), 500))
        offset = max(0, int(offset))
        with self._read() as session:
            actor = self._actor(session, user, "view")
            stmt = self._queue_stmt(
                actor,
                status=status,
                recipient=recipient,
                office=office,
                severity=severity,
                since=since,
                until=until,
            )
            # two steps: sort narrow rows to find the page's ids, then load
            # those cases with their relations (sorting whole rows with their
            # JSON and eager joins was 3-5x slower at 10,000 cases)
            ids = list(
                session.execute(
                    stmt.with_only_columns(Case.id)
                    .order_by(
                        Case.priority.desc(), Case.created_at.desc(), Case.id.desc()
                    )
                    .limit(limit)
                    .offset(offset)
                ).scalars()
            )
            if not ids:
                return []
            found = {
                c.id: c
                for c in session.execute(select(Case).where(Case.id.in_(ids)))
                .unique()
                .scalars()
            }
            cases = [found[i] for i in ids if i in found]
            session.expunge_all()
        return cases

    def queue_count(self, user: User, **filters: Any) -> int:
        """Number of cases :meth:`queue` would page through with these filters."""
        from sqlalchemy import func, select

        with self._read() as session:
            actor = self._actor(session, user, "view")
            stmt = self._queue_stmt(
                actor,
                status=filters.get("status"),
                recipient=filters.get("recipient"),
                office=filters.get("office"),
                severity=filters.get("severity"),
                since=filters.get("since"),
                until=filters.get("until"),
            )
            sub = stmt.with_only_columns(Case.id).subquery()
            return int(
                session.execute(select(func.count()).select_from(sub)).scalar() or 0
            )

    def counts(self, user: User) -> dict[str, int]:
        """Cases per status in the user's scope (every status, zeros included)."""
        from sqlalchemy import func, select

        with self._read() as session:
            actor = self._actor(session, user, "view")
            stmt = select(Case.status, func.count()).group_by(Case.status)
            scope = self._scope(actor)
            if scope is not None:
                stmt = stmt.where(scope)
            found = {s: int(n) for s, n in session.execute(stmt)}
        return {s: found.get(s, 0) for s in CASE_STATUSES}

    def get_case(self, user: User, case_id: int) -> Case:
        """One case with recipients and history; the view is audited.

        Raises
        ------
        NotFound
            No such case, or outside the user's scope.
        """
        with self._write() as session:
            actor = self._actor(session, user, "view")
            case = self._case(session, actor, case_id)
            audit.append(session, actor.username, "view", case_id=case.id, details={})
            _ = case.recipients, case.events
            session.expunge_all()
        return case

    def history(self, user: User, case_id: int) -> list[CaseEvent]:
        """The events of a case, oldest first (not audited: part of the view)."""
        with self._read() as session:
            actor = self._actor(session, user, "view")
            case = self._case(session, actor, case_id)
            events = list(case.events)
            session.expunge_all()
        return events

    # ------------------------------------------------------------- actions
    def claim(self, user: User, case_id: int, *, version: int | None = None) -> Case:
        """Take a case: the user becomes its assignee; a new case goes in review."""

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(
                case,
                ("new", "in_review", "second_review", "reviewed", "escalated"),
                "claim",
            )
            if case.assignee_id == actor.id:
                raise InvalidTransition(f"you already hold case {case.id}")
            self._require_holder(actor, case, "claim")
            previous = case.assignee.username if case.assignee else None
            case.assignee = actor
            if case.status == "new":
                case.status = "in_review"
            return {"previous_assignee": previous}

        return self._act(user, case_id, version, "claim", apply)

    def assign(
        self,
        user: User,
        case_id: int,
        assignee: str,
        *,
        version: int | None = None,
    ) -> Case:
        """Give a case to a user of the same team (coordinators and admins)."""
        from sqlalchemy import select

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(
                case,
                ("new", "in_review", "second_review", "reviewed", "escalated"),
                "assign",
            )
            target = session.execute(
                select(User).where(User.username == assignee)
            ).scalar_one_or_none()
            if target is None or target.disabled:
                raise NotFound(f"no active user named {assignee!r}")
            if not self._in_scope(session, target, case):
                raise InvalidTransition(
                    f"{assignee} cannot see case {case.id} (outside their team)"
                )
            case.assignee = target
            if case.status == "new":
                case.status = "in_review"
            return {"assignee": target.username}

        return self._act(user, case_id, version, "assign", apply)

    def _in_scope(self, session: Session, who: User, case: Case) -> bool:
        from sqlalchemy import select

        scope = self._scope(who)
        if scope is None:
            return True
        return (
            session.execute(select(Case.id).where(Case.id == case.id, scope)).first()
            is not None
        )

    def label(
        self, user: User, case_id: int, label: str, *, version: int | None = None
    ) -> Case:
        """Give the first reviewer's label (threat, hate or neutral).

        A new case is claimed at the same time. May be repeated by the holder
        until a second review is requested.
        """
        if label not in REVIEW_LABELS:
            raise InvalidTransition(
                f"unknown label {label!r}; choose one of {', '.join(REVIEW_LABELS)}"
            )

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(case, ("new", "in_review"), "label")
            self._require_holder(actor, case, "label")
            previous = case.label
            if case.status == "new" or case.assignee_id is None:
                case.assignee = actor
            case.status = "in_review"
            case.label = label
            case.first_label = label
            case.first_label_by = actor
            case.first_label_at = utcnow()
            return {"label": label, "previous_label": previous}

        return self._act(user, case_id, version, "label", apply)

    def note(
        self, user: User, case_id: int, text: str, *, version: int | None = None
    ) -> Case:
        """Add a note to the case history (any status)."""
        text = (text or "").strip()
        if not text:
            raise InvalidTransition("a note cannot be empty")
        if len(text) > 10_000:
            raise InvalidTransition("a note can be at most 10,000 characters")

        def apply(session: Session, actor: User, case: Case) -> Any:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            # the audit trail records that a note was written and its hash,
            # not its words
            return {"text": text}, {"chars": len(text), "sha256": digest}

        return self._act(user, case_id, version, "note", apply)

    def request_second_review(
        self, user: User, case_id: int, *, version: int | None = None
    ) -> Case:
        """Ask a second reviewer to confirm or overrule the first label."""

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(case, ("in_review",), "request a second review of")
            self._require_holder(actor, case, "request a second review of")
            if case.label is None:
                raise InvalidTransition(
                    f"label case {case.id} before asking for a second review"
                )
            case.status = "second_review"
            return {"first_label": case.first_label}

        return self._act(user, case_id, version, "request_second_review", apply)

    def second_review(
        self,
        user: User,
        case_id: int,
        decision: str = "confirm",
        label: str | None = None,
        *,
        version: int | None = None,
    ) -> Case:
        """Confirm or overrule the first label; must be another person.

        Parameters
        ----------
        decision : {"confirm", "overrule"}
        label : str, optional
            The second reviewer's label; required to overrule (and must differ
            from the first label), optional to confirm (must then equal it).
        """
        if decision not in ("confirm", "overrule"):
            raise InvalidTransition(
                f"unknown decision {decision!r}; choose 'confirm' or 'overrule'"
            )
        if label is not None and label not in REVIEW_LABELS:
            raise InvalidTransition(
                f"unknown label {label!r}; choose one of {', '.join(REVIEW_LABELS)}"
            )

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(case, ("second_review",), "second-review")
            if case.first_label_by_id == actor.id:
                raise InvalidTransition(
                    f"you gave the first label of case {case.id}; a second review "
                    "must come from someone else"
                )
            if decision == "confirm":
                if label is not None and label != case.first_label:
                    raise InvalidTransition(
                        f"confirming keeps the label {case.first_label!r}; to "
                        f"change it to {label!r}, overrule"
                    )
                second = case.first_label
            else:
                if label is None:
                    raise InvalidTransition("to overrule, give the label you choose")
                if label == case.first_label:
                    raise InvalidTransition(
                        f"overruling needs a label other than {case.first_label!r};"
                        " to agree, confirm"
                    )
                second = label
            case.second_label = second
            case.second_label_by = actor
            case.second_label_at = utcnow()
            case.second_decision = decision
            case.label = second
            case.status = "reviewed"
            return {
                "decision": decision,
                "first_label": case.first_label,
                "second_label": second,
            }

        return self._act(user, case_id, version, "second_review", apply)

    def escalate(
        self,
        user: User,
        case_id: int,
        channel: str = "aangifte",
        *,
        version: int | None = None,
    ) -> Case:
        """Record an escalation: ``aangifte`` (police report), ``security_adviser``
        or ``platform_report``. A case may be escalated to several channels."""
        if channel not in ESCALATION_CHANNELS:
            raise InvalidTransition(
                f"unknown escalation channel {channel!r}; choose one of "
                f"{', '.join(ESCALATION_CHANNELS)}"
            )

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(
                case, ("in_review", "reviewed", "escalated"), "escalate"
            )
            if case.label is None:
                raise InvalidTransition(f"label case {case.id} before escalating it")
            if case.label == "neutral":
                raise InvalidTransition(
                    f"case {case.id} is labelled neutral; relabel (reopen and "
                    "review) before escalating"
                )
            if (
                self.require_second_review
                and case.label == "threat"
                and not self._second_review_done(case)
            ):
                raise InvalidTransition(
                    f"case {case.id} is labelled a threat: a second reviewer must "
                    "confirm it before it is escalated; request a second review"
                )
            if any(e.get("channel") == channel for e in case.escalations or []):
                raise InvalidTransition(
                    f"case {case.id} was already escalated to {channel}"
                )
            case.escalations = [
                *(case.escalations or []),
                {"channel": channel, "by": actor.username, "at": _iso(utcnow())},
            ]
            case.status = "escalated"
            return {"channel": channel}

        return self._act(user, case_id, version, "escalate", apply)

    def close(
        self,
        user: User,
        case_id: int,
        reason: str = "no_action",
        *,
        version: int | None = None,
    ) -> Case:
        """Close a case: ``no_action``, ``false_alarm`` or ``handled``."""
        if reason not in CLOSE_REASONS:
            raise InvalidTransition(
                f"unknown closure reason {reason!r}; choose one of "
                f"{', '.join(CLOSE_REASONS)}"
            )

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(case, ("in_review", "reviewed", "escalated"), "close")
            if case.label is None:
                raise InvalidTransition(f"label case {case.id} before closing it")
            if reason == "false_alarm":
                if case.label == "threat":
                    raise InvalidTransition(
                        f"case {case.id} is labelled a threat; it cannot be "
                        "closed as a false alarm"
                    )
                if self.require_second_review and not self._second_review_done(case):
                    raise InvalidTransition(
                        f"closing case {case.id} as a false alarm needs a second "
                        "reviewer first; request a second review"
                    )
            case.status = "closed"
            case.closure_reason = reason
            case.closed_at = utcnow()
            return {"reason": reason}

        return self._act(user, case_id, version, "close", apply)

    def reopen(self, user: User, case_id: int, *, version: int | None = None) -> Case:
        """Reopen a closed case (coordinators and admins); it goes back in review
        with its labels kept."""

        def apply(session: Session, actor: User, case: Case) -> dict[str, Any]:
            self._require_status(case, ("closed",), "reopen")
            reason = case.closure_reason
            case.status = "in_review"
            case.closure_reason = None
            case.closed_at = None
            return {"previous_reason": reason}

        return self._act(user, case_id, version, "reopen", apply)

    # ------------------------------------------------------------- exports
    def export_case(self, user: User, case_id: int) -> dict[str, Any]:
        """Everything about a case for a police report, as a JSON-ready dict.

        Includes the message (text, or a note that it was purged), platform,
        id, link, times in UTC and Europe/Amsterdam, recipients, thread,
        model evidence with the triggering words, review outcome, escalations
        and the full history. The export is audited.
        """
        with self._write() as session:
            actor = self._actor(session, user, "export")
            case = self._case(session, actor, case_id)
            data = case_dict(case, events=True)
            audit.append(
                session,
                actor.username,
                "export",
                case_id=case.id,
                details={"version": case.version},
            )
            data["exported_by"] = actor.username
            now = utcnow()
            data["exported_at_utc"] = _iso(now, utc=True)
            data["exported_at_local"] = _iso(to_local(now))
        return data

    def dashboard(self, user: User, *, now: datetime | None = None) -> dict[str, Any]:
        """Open cases by age and priority, time to first review, agreement.

        Returns
        -------
        dict
            ``counts`` (per status), ``open_by_age_priority`` (``{age bucket:
            {band: n}}``), ``time_to_first_review_hours`` (``n``, ``median``,
            ``p90``, ``mean``; from case creation to the first label),
            ``agreement`` (from :func:`hatewatch.triage.reviews.agreement`:
            ``n``, ``cohen_kappa``, ``krippendorff_alpha``, ``percent``) and
            ``precision_by_band``.
        """
        from sqlalchemy import select

        from hatewatch.triage.reviews import agreement, precision_by_band

        ref = _naive_utc(now) if now is not None else utcnow()
        with self._read() as session:
            actor = self._actor(session, user, "dashboard")
            scope = self._scope(actor)

            def scoped(stmt: Any) -> Any:
                return stmt if scope is None else stmt.where(scope)

            counts: dict[str, int] = {s: 0 for s in CASE_STATUSES}
            grid = {a: {b: 0 for b, _, _ in PRIORITY_BANDS} for a, _ in AGE_BUCKETS}
            waits: list[float] = []
            pairs: list[tuple[str, str]] = []
            reviewed: list[tuple[float, str, str | None]] = []
            rows = session.execute(
                scoped(
                    select(
                        Case.status,
                        Case.priority,
                        Case.opened_at,
                        Case.first_label_at,
                        Case.first_label,
                        Case.second_label,
                        Case.label,
                        Case.model_label,
                    )
                )
            )
            for st, prio, opened, first_at, first, second, final, model in rows:
                counts[st] = counts.get(st, 0) + 1
                if st != "closed":
                    age = ref - opened
                    bucket = next(a for a, hi in AGE_BUCKETS if hi is None or age < hi)
                    grid[bucket][band_of(prio)] += 1
                if first_at is not None:
                    waits.append((first_at - opened).total_seconds() / 3600)
                if first is not None and second is not None:
                    pairs.append((first, second))
                if final is not None and st in ("reviewed", "escalated", "closed"):
                    reviewed.append((prio, final, model))
        return {
            "counts": counts,
            "open_by_age_priority": grid,
            "time_to_first_review_hours": _summary(waits),
            "agreement": agreement(pairs),
            "precision_by_band": precision_by_band(reviewed),
        }


# ------------------------------------------------------------------ helpers


def _recipient_cases(condition: Any) -> Any:
    """``SELECT case_id FROM case_recipients WHERE condition``."""
    from sqlalchemy import select

    return select(CaseRecipient.case_id).where(condition)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _naive_utc(value: datetime) -> datetime:
    from datetime import UTC

    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _iso(value: datetime | None, *, utc: bool = False) -> str | None:
    if value is None:
        return None
    if utc and value.tzinfo is None:
        return value.isoformat(timespec="seconds") + "Z"
    return value.isoformat(timespec="seconds")


def _summary(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "median": None, "p90": None, "mean": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * (len(ordered) - 1) + 0.5))]
    return {
        "n": len(values),
        "median": round(statistics.median(ordered), 2),
        "p90": round(p90, 2),
        "mean": round(statistics.fmean(ordered), 2),
    }


def case_dict(case: Case, *, events: bool = False) -> dict[str, Any]:
    """A case as a plain JSON-ready dict (used by exports and the web layer)."""
    data: dict[str, Any] = {
        "case_id": case.id,
        "version": case.version,
        "status": case.status,
        "platform": case.platform,
        "message_id": case.message_id,
        "message_url": case.message_url,
        "conversation_id": case.conversation_id,
        "author_pseudonym": case.author_pseudonym,
        "text": case.text,
        "text_purged": case.text is None,
        "text_purged_at_utc": _iso(case.text_purged_at, utc=True),
        "lang": case.lang,
        "created_at_utc": _iso(case.created_at, utc=True),
        "created_at_local": _iso(case.created_local),
        "time_zone_local": "Europe/Amsterdam",
        "recipient": {
            "politician_id": case.recipient_politician_id,
            "name": case.recipient_name,
            "office": case.recipient_office,
            "party": case.recipient_party,
            "level": case.recipient_level,
            "region": case.recipient_region,
            "roster": case.roster,
        },
        "recipients": [
            {
                "politician_id": r.politician_id,
                "relation": r.relation,
                "name": r.name,
                "office": r.office,
                "party": r.party,
                "level": r.level,
                "region": r.region,
                "roster": r.roster,
            }
            for r in case.recipients
        ],
        "thread": list(case.thread or []),
        "priority": case.priority,
        "severity": case.severity,
        "p_threat": case.p_threat,
        "model_label": case.model_label,
        "model_version": case.model_version,
        "rules": case.rules,
        "explanation": case.explanation,
        "assignee": case.assignee.username if case.assignee else None,
        "label": case.label,
        "first_label": case.first_label,
        "first_label_by": case.first_label_by.username if case.first_label_by else None,
        "first_label_at_utc": _iso(case.first_label_at, utc=True),
        "second_label": case.second_label,
        "second_label_by": case.second_label_by.username
        if case.second_label_by
        else None,
        "second_label_at_utc": _iso(case.second_label_at, utc=True),
        "second_decision": case.second_decision,
        "escalations": list(case.escalations or []),
        "closure_reason": case.closure_reason,
        "opened_at_utc": _iso(case.opened_at, utc=True),
        "closed_at_utc": _iso(case.closed_at, utc=True),
    }
    if events:
        data["history"] = [
            {
                "at_utc": _iso(e.at, utc=True),
                "at_local": _iso(to_local(e.at)),
                "by": e.actor_name,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "details": e.details,
            }
            for e in case.events
        ]
    return data
