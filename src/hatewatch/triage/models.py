"""SQLAlchemy 2.0 models of the case database.

Times are naive UTC (``DateTime`` without zone) in every backend; the
Europe/Amsterdam time of a message is derived (:attr:`Case.created_local`).
The schema itself is created by the Alembic migrations in
``hatewatch/triage/migrations``; keep both in step (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "CASE_STATUSES",
    "CLOSE_REASONS",
    "ESCALATION_CHANNELS",
    "LOCAL_TZ",
    "REVIEW_LABELS",
    "ROLES",
    "SCOPE_KINDS",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Case",
    "CaseEvent",
    "CaseRecipient",
    "Team",
    "TeamScope",
    "User",
    "utcnow",
]

#: Roles, least to most powerful.
ROLES: tuple[str, ...] = ("reviewer", "coordinator", "admin")

#: Case statuses, in workflow order.
CASE_STATUSES: tuple[str, ...] = (
    "new",  # created from the pipeline, nobody on it yet
    "in_review",  # claimed by a reviewer
    "second_review",  # labelled; waiting for a second reviewer
    "reviewed",  # second review done (confirmed or overruled)
    "escalated",  # sent to the police, security adviser or platform
    "closed",
)

#: Labels a reviewer gives (the classifier's labels).
REVIEW_LABELS: tuple[str, ...] = ("threat", "hate", "neutral")

#: Where a case can be escalated to.
ESCALATION_CHANNELS: tuple[str, ...] = (
    "aangifte",  # police report
    "security_adviser",
    "platform_report",
)

#: Why a case was closed.
CLOSE_REASONS: tuple[str, ...] = ("no_action", "false_alarm", "handled")

#: What a team scope entry matches on a case's recipients: the roster name,
#: the organisation (municipality or province: the roster's ``region``;
#: ``national``/``eu`` bodies by level) or the party.
SCOPE_KINDS: tuple[str, ...] = ("roster", "organisation", "party")

#: Time zone of the support desk.
LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """The current time as naive UTC (the database convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime | None) -> datetime | None:
    """Naive UTC -> aware Europe/Amsterdam."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


class Base(DeclarativeBase):
    """Declarative base of the case database."""


class Team(Base):
    """A support team; sees the cases matching one of its scopes."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    scopes: Mapped[list[TeamScope]] = relationship(
        back_populates="team", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"Team({self.name!r})"


class TeamScope(Base):
    """One thing a team is assigned to: a roster, an organisation or a party."""

    __tablename__ = "team_scopes"
    __table_args__ = (UniqueConstraint("team_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # SCOPE_KINDS
    value: Mapped[str] = mapped_column(String(200))

    team: Mapped[Team] = relationship(back_populates="scopes")


class User(Base):
    """A person working cases. Passwords are stored as argon2 hashes only."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))  # ROLES
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    team: Mapped[Team | None] = relationship(lazy="joined")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"User({self.username!r}, role={self.role!r})"


class Case(Base):
    """A flagged message under review. One case per ``(platform, message_id)``.

    ``version`` is the optimistic lock: every change increments it, and an
    action carrying an older version is refused with
    :class:`~hatewatch.triage.errors.Conflict`.
    """

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("platform", "message_id", name="uq_cases_message"),
        Index("ix_cases_queue", "status", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the message
    platform: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str] = mapped_column(String(300))
    message_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(String(300), nullable=True)
    author_pseudonym: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)  # None: purged
    text_purged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    lang: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # message time, UTC
    # who it is aimed at (the most directly addressed recipient; all of them
    # are in `recipients`)
    recipient_politician_id: Mapped[str | None] = mapped_column(
        String(200), nullable=True
    )
    recipient_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recipient_office: Mapped[str | None] = mapped_column(String(100), nullable=True)
    recipient_party: Mapped[str | None] = mapped_column(String(100), nullable=True)
    recipient_level: Mapped[str | None] = mapped_column(String(30), nullable=True)
    recipient_region: Mapped[str | None] = mapped_column(String(100), nullable=True)
    roster: Mapped[str | None] = mapped_column(String(100), nullable=True)
    thread: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # the model's view
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    severity: Mapped[str] = mapped_column(String(200), default="")
    p_threat: Mapped[float] = mapped_column(Float, default=0.0)
    model_label: Mapped[str | None] = mapped_column(String(20), nullable=True)
    model_version: Mapped[str] = mapped_column(String(100))
    rules: Mapped[str] = mapped_column(String(500), default="")
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the review
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    label: Mapped[str | None] = mapped_column(String(20), nullable=True)
    first_label: Mapped[str | None] = mapped_column(String(20), nullable=True)
    first_label_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    first_label_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    second_label: Mapped[str | None] = mapped_column(String(20), nullable=True)
    second_label_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    second_label_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    second_decision: Mapped[str | None] = mapped_column(String(20), nullable=True)
    escalations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    closure_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    alerted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    assignee: Mapped[User | None] = relationship(
        foreign_keys=[assignee_id], lazy="joined"
    )
    first_label_by: Mapped[User | None] = relationship(
        foreign_keys=[first_label_by_id], lazy="joined"
    )
    second_label_by: Mapped[User | None] = relationship(
        foreign_keys=[second_label_by_id], lazy="joined"
    )
    recipients: Mapped[list[CaseRecipient]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="CaseRecipient.id",
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        lazy="select",
        order_by="CaseEvent.id",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def created_local(self) -> datetime | None:
        """The message time in Europe/Amsterdam."""
        return to_local(self.created_at)

    @property
    def is_purged(self) -> bool:
        return self.text is None

    def __repr__(self) -> str:
        return (
            f"Case(id={self.id}, {self.platform}:{self.message_id}, "
            f"status={self.status!r}, priority={self.priority})"
        )


class CaseRecipient(Base):
    """A politician a flagged message is aimed at, as the roster describes them."""

    __tablename__ = "case_recipients"
    __table_args__ = (
        UniqueConstraint("case_id", "politician_id"),
        Index("ix_case_recipients_scope", "roster", "region", "party"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    politician_id: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    roster: Mapped[str | None] = mapped_column(String(100), nullable=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    office: Mapped[str | None] = mapped_column(String(100), nullable=True)
    party: Mapped[str | None] = mapped_column(String(100), nullable=True)
    level: Mapped[str | None] = mapped_column(String(30), nullable=True)
    region: Mapped[str | None] = mapped_column(String(100), nullable=True)

    case: Mapped[Case] = relationship(back_populates="recipients")


class CaseEvent(Base):
    """One step in a case's history (shown on the case page and in exports)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    actor_name: Mapped[str] = mapped_column(String(80))  # kept if the user goes
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class AuditEntry(Base):
    """An append-only, hash-chained record: who did what to which case, when.

    ``hash`` is SHA-256 over the canonical JSON of the entry's fields and
    ``prev_hash``; see :mod:`hatewatch.triage.audit`. Message text never
    goes into the audit trail.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The single row naming the last audit entry.

    Every append locks this row first, so concurrent writers extend the
    chain one after another; verification also checks that the chain ends
    here (a deleted tail is detected).
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
