"""Accounts and teams: argon2-hashed passwords, roles and team scopes.

Passwords are never stored, logged or echoed: only their argon2id hash
(argon2-cffi's defaults) is kept. Every change is written to the audit trail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hatewatch.errors import DataError, require
from hatewatch.triage import audit
from hatewatch.triage.errors import NotFound
from hatewatch.triage.models import ROLES, SCOPE_KINDS, Team, TeamScope, User, utcnow

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "add_team",
    "add_user",
    "authenticate",
    "disable_user",
    "get_user",
    "hash_password",
    "list_users",
    "reset_password",
    "verify_password",
]

log = logging.getLogger(__name__)

#: Shortest password accepted.
MIN_PASSWORD_LENGTH = 12

_hasher = None


def _ph():  # noqa: ANN202 - argon2.PasswordHasher
    global _hasher
    if _hasher is None:
        argon2 = require("argon2", "triage")
        _hasher = argon2.PasswordHasher()
    return _hasher


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (refuses short passwords)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DataError(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} "
            "characters (a few random words work well)",
            field="password",
        )
    return _ph().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True if ``password`` matches ``stored_hash`` (never raises on mismatch)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_ph().verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


# a hash to verify against when the user does not exist, so that a login for
# an unknown name takes as long as one for a known name
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _ph().hash("not a password of anyone here")
    return _DUMMY_HASH


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise DataError(
            f"unknown role {role!r}; choose one of {', '.join(ROLES)}", field="role"
        )


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > 80 or any(c.isspace() for c in name):
        raise DataError(
            f"invalid username {username!r}: 1-80 characters, no spaces",
            field="username",
        )
    return name


def _team(session: Session, name: str | None) -> Team | None:
    from sqlalchemy import select

    if not name:
        return None
    team = session.execute(select(Team).where(Team.name == name)).scalar_one_or_none()
    if team is None:
        raise NotFound(
            f"no team named {name!r}; create it first with "
            f"`hatewatch teams add {name} --roster ROSTER` (or --organisation)"
        )
    return team


def _user(session: Session, username: str) -> User:
    from sqlalchemy import select

    user = session.execute(
        select(User).where(User.username == username)
    ).scalar_one_or_none()
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def add_team(
    factory: sessionmaker[Session],
    name: str,
    scopes: Iterable[tuple[str, str]] = (),
    *,
    actor: str = "system:cli",
) -> Team:
    """Create a team, or add scopes to an existing one.

    Parameters
    ----------
    factory : sessionmaker
    name : str
        Team name, e.g. ``"gemeente-utrecht"``.
    scopes : iterable of (kind, value)
        ``kind`` one of :data:`~hatewatch.triage.models.SCOPE_KINDS`:
        ``roster`` (a roster name as loaded into the store), ``organisation``
        (a recipient's region, i.e. municipality or province, as in the
        roster) or ``party``.
    actor : str
        Recorded in the audit trail.

    Returns
    -------
    Team
    """
    from sqlalchemy import select

    name = (name or "").strip()
    if not name:
        raise DataError("a team needs a name", field="name")
    scopes = [(k, (v or "").strip()) for k, v in scopes]
    for kind, value in scopes:
        if kind not in SCOPE_KINDS:
            raise DataError(
                f"unknown scope kind {kind!r}; choose one of {SCOPE_KINDS}",
                field="scope",
            )
        if not value:
            raise DataError(f"empty {kind} scope", field="scope")
    with audit.writing(factory) as session:
        team = session.execute(
            select(Team).where(Team.name == name)
        ).scalar_one_or_none()
        created = team is None
        if team is None:
            team = Team(name=name, created_at=utcnow())
            session.add(team)
            session.flush()
        have = {(s.kind, s.value) for s in team.scopes}
        added = [s for s in dict.fromkeys(scopes) if s not in have]
        for kind, value in added:
            team.scopes.append(TeamScope(kind=kind, value=value))
        audit.append(
            session,
            actor,
            "team_add" if created else "team_scope_add",
            details={"team": name, "scopes": [list(s) for s in added]},
        )
        session.flush()
        session.expunge(team)
    return team


def add_user(
    factory: sessionmaker[Session],
    username: str,
    password: str,
    *,
    role: str = "reviewer",
    team: str | None = None,
    actor: str = "system:cli",
) -> User:
    """Create an account.

    Parameters
    ----------
    factory : sessionmaker
    username : str
    password : str
        At least :data:`MIN_PASSWORD_LENGTH` characters; only its hash is kept.
    role : {"reviewer", "coordinator", "admin"}
    team : str, optional
        Team name (must exist). Reviewers and coordinators without a team see
        no cases; admins see all.
    actor : str
        Recorded in the audit trail.

    Returns
    -------
    User
    """
    from sqlalchemy import select

    username = _check_username(username)
    _check_role(role)
    pw_hash = hash_password(password)
    with audit.writing(factory) as session:
        if session.execute(select(User.id).where(User.username == username)).first():
            raise DataError(
                f"user {username!r} already exists; use `hatewatch users reset` "
                "to set a new password",
                field="username",
            )
        now = utcnow()
        user = User(
            username=username,
            password_hash=pw_hash,
            role=role,
            team=_team(session, team),
            disabled=False,
            created_at=now,
            password_changed_at=now,
        )
        session.add(user)
        session.flush()
        audit.append(
            session,
            actor,
            "user_add",
            details={"user": username, "role": role, "team": team},
        )
        session.expunge(user)
    log.info("added user %s (%s)", username, role)
    return user


def disable_user(
    factory: sessionmaker[Session],
    username: str,
    *,
    disabled: bool = True,
    actor: str = "system:cli",
) -> User:
    """Disable (or with ``disabled=False`` re-enable) an account."""
    with audit.writing(factory) as session:
        user = _user(session, username)
        user.disabled = disabled
        audit.append(
            session,
            actor,
            "user_disable" if disabled else "user_enable",
            details={"user": username},
        )
        session.flush()
        session.expunge(user)
    return user


def reset_password(
    factory: sessionmaker[Session],
    username: str,
    password: str,
    *,
    role: str | None = None,
    team: str | None = None,
    actor: str = "system:cli",
) -> User:
    """Set a new password (and optionally a new role or team)."""
    pw_hash = hash_password(password)
    if role is not None:
        _check_role(role)
    with audit.writing(factory) as session:
        user = _user(session, username)
        user.password_hash = pw_hash
        user.password_changed_at = utcnow()
        details: dict[str, str | None] = {"user": username}
        if role is not None:
            user.role = role
            details["role"] = role
        if team is not None:
            user.team = _team(session, team)
            details["team"] = team
        audit.append(session, actor, "user_reset", details=details)
        session.flush()
        session.expunge(user)
    return user


def get_user(factory: sessionmaker[Session], user_id: int) -> User | None:
    """The user with this id (with team and scopes loaded), or None."""
    with factory() as session:
        user = session.get(User, user_id)
        if user is not None:
            if user.team is not None:
                _ = user.team.scopes
            session.expunge_all()
        return user


def list_users(factory: sessionmaker[Session]) -> list[User]:
    """All accounts, by username."""
    from sqlalchemy import select

    with factory() as session:
        users = list(session.execute(select(User).order_by(User.username)).scalars())
        session.expunge_all()
        return users


def authenticate(
    factory: sessionmaker[Session], username: str, password: str
) -> User | None:
    """The user if the password is right and the account enabled, else None.

    Takes about as long for an unknown user as for a wrong password. Throttling
    repeated failures is the web layer's job.
    """
    from sqlalchemy import select

    with factory() as session:
        user = session.execute(
            select(User).where(User.username == (username or "").strip())
        ).scalar_one_or_none()
        if user is None:
            verify_password(_dummy_hash(), password)
            return None
        ok = verify_password(user.password_hash, password)
        if not ok or user.disabled:
            return None
        if _ph().check_needs_rehash(user.password_hash):
            user.password_hash = _ph().hash(password)
            session.commit()
        if user.team is not None:
            _ = user.team.scopes
        session.expunge_all()
        return user
