"""The tamper-evident audit trail: a hash chain of append-only entries.

Each entry stores ``hash = sha256(canonical JSON of seq, at, actor, action,
case_id, details, prev_hash)`` and the previous entry's hash, and the
``audit_head`` row names the last entry. Editing, inserting, reordering or
deleting an entry (or cutting the tail) breaks the chain, and
:func:`verify` says where. The database also refuses ``UPDATE``/``DELETE`` on
the entries (a trigger), so changing them takes deliberate owner access; the
chain shows it afterwards. Printing the head hash (``hatewatch audit verify``)
and keeping it elsewhere also exposes a rewrite of the whole chain.

Message text never goes into the audit trail: entries name the case, the
action and its parameters (labels, channels, reasons), not what was said.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hatewatch.triage.models import AuditEntry, AuditHead, utcnow

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["GENESIS", "AuditReport", "append", "entry_hash", "verify", "writing"]

#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64


def _canonical(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    details: dict[str, Any],
    prev_hash: str,
) -> bytes:
    payload = {
        "seq": int(seq),
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "case_id": case_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True
    ).encode("ascii")


def entry_hash(entry: AuditEntry) -> str:
    """Recompute the hash of an entry from its stored fields."""
    return hashlib.sha256(
        _canonical(
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.case_id,
            entry.details or {},
            entry.prev_hash,
        )
    ).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    from sqlalchemy import select

    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:  # pragma: no cover - the migration inserts it
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


@contextmanager
def writing(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A write transaction that holds the audit chain's lock from its start.

    SQLite: ``BEGIN IMMEDIATE`` (writers queue instead of failing half-way);
    PostgreSQL: ``SELECT ... FOR UPDATE`` on the chain head. Commits at the
    end of the block, rolls back on any exception.
    """
    session = factory()
    try:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        _lock_head(session)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def append(
    session: Session,
    actor: str,
    action: str,
    *,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction (committed with it).

    Parameters
    ----------
    session : Session
        An open session; the entry and the new head are flushed, not
        committed, so they share the fate of the action they record.
    actor : str
        Username, or ``system:<what>`` for the pipeline.
    action : str
        E.g. ``view``, ``claim``, ``label``, ``escalate``, ``export``.
    case_id : int, optional
    details : dict, optional
        JSON-serialisable parameters of the action (never message text).
    at : datetime, optional
        Naive UTC; default now.

    Returns
    -------
    AuditEntry
    """
    head = _lock_head(session)
    clean = json.loads(json.dumps(details or {}, sort_keys=True, default=str))
    entry = AuditEntry(
        seq=head.seq + 1,
        at=(at or utcnow()).replace(tzinfo=None),
        actor=actor,
        action=action,
        case_id=case_id,
        details=clean,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.flush()
    return entry


@dataclass
class AuditReport:
    """Outcome of :func:`verify`."""

    entries: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return (
                f"audit chain intact: {self.entries:,} entries, head {self.head_hash}"
            )
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return (
            f"audit chain BROKEN: {len(self.problems)} problem(s) in "
            f"{self.entries:,} entries\n{shown}{tail}"
        )


def verify(factory: sessionmaker[Session], *, batch: int = 5_000) -> AuditReport:
    """Check the whole chain: every hash, every link, the numbering, the head.

    Parameters
    ----------
    factory : sessionmaker
    batch : int, default 5000
        Entries read at a time.

    Returns
    -------
    AuditReport
        ``ok`` is False when an entry was edited (its hash no longer
        matches), inserted or removed (a gap or broken link) or the tail was
        cut (the head names an entry that is not the last one).
    """
    from sqlalchemy import select

    report = AuditReport()
    prev = GENESIS
    expected_seq = 1
    with factory() as session:
        last_seq = 0
        while True:
            rows = (
                session.execute(
                    select(AuditEntry)
                    .where(AuditEntry.seq > last_seq)
                    .order_by(AuditEntry.seq)
                    .limit(batch)
                )
                .scalars()
                .all()
            )
            if not rows:
                break
            for e in rows:
                report.entries += 1
                if e.seq != expected_seq:
                    report.problems.append(
                        f"entry {e.seq}: expected entry {expected_seq} "
                        "(entries missing or inserted)"
                    )
                if e.prev_hash != prev:
                    report.problems.append(
                        f"entry {e.seq}: does not link to the entry before it"
                    )
                if entry_hash(e) != e.hash:
                    report.problems.append(
                        f"entry {e.seq} ({e.action} by {e.actor} at "
                        f"{e.at.isoformat()}): content does not match its hash "
                        "(edited)"
                    )
                prev, expected_seq, last_seq = e.hash, e.seq + 1, e.seq
            session.expunge_all()
        head = session.get(AuditHead, 1)
        report.head_hash = prev
        if head is not None and (head.seq != last_seq or head.hash != prev):
            report.problems.append(
                f"the chain head names entry {head.seq} but the last entry is "
                f"{last_seq} (entries removed from the end, or the head edited)"
            )
    return report
