"""Shared helpers of the triage tests (imported by tests/*/test_triage_*.py).

PostgreSQL tests run against the server at 127.0.0.1:5432 (trust auth,
database ``test``; override with ``HATEWATCH_TEST_PG``), each test in a schema
of its own that is dropped afterwards. Where no server answers they are
skipped with a message saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest

PG_URL = os.environ.get(
    "HATEWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery staple"


def pg_available() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'hatewatch[triage]')"
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(conninfo, connect_timeout=3) as con:
            con.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means: skip
        return f"no PostgreSQL at {PG_URL} ({type(exc).__name__}: {exc})".strip()
    return None


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema, dropped on exit."""
    import psycopg

    why = pg_available()
    if why:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    schema = f"hw_triage_{uuid.uuid4().hex[:12]}"
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{schema}" CASCADE')


_TEMPLATE: dict[str, bytes] = {}


def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: tests create many accounts on 2 busy cores."""
    from argon2 import PasswordHasher

    from hatewatch.triage import users

    monkeypatch.setattr(
        users, "_hasher", PasswordHasher(time_cost=1, memory_cost=256, parallelism=1)
    )
    monkeypatch.setattr(users, "_DUMMY_HASH", None)


def _sqlite_template(tmp_path) -> bytes:
    """A migrated empty SQLite database, built once per test session."""
    if "sqlite" not in _TEMPLATE:
        from hatewatch.triage import db

        path = tmp_path / "template.sqlite"
        engine = db.make_engine(f"sqlite:///{path}")
        db.upgrade(engine)
        with engine.connect() as con:  # fold the WAL into the file
            con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _TEMPLATE["sqlite"] = path.read_bytes()
        path.unlink()
    return _TEMPLATE["sqlite"]


@contextmanager
def database(kind: str, tmp_path) -> Iterator[tuple[object, object, str]]:
    """(engine, session factory, url) of a migrated empty case database."""
    from hatewatch.triage import db

    if kind == "sqlite":
        path = tmp_path / "triage.sqlite"
        path.write_bytes(_sqlite_template(tmp_path))
        url = f"sqlite:///{path}"
        engine, factory = db.open_database(url, create=False)
        try:
            yield engine, factory, url
        finally:
            engine.dispose()
        return
    with pg_schema_url() as url:
        engine, factory = db.open_database(url)
        try:
            yield engine, factory, url
        finally:
            engine.dispose()


def add_case(
    factory,
    message_id: str,
    *,
    roster: str = "tk2021",
    region: str | None = None,
    party: str | None = "PVV",
    name: str = "Anna de Vries",
    office: str = "tweede_kamerlid",
    priority: float = 0.9,
    severity: str = "weapon",
    text: str | None = "ik schiet je neer",
    created_at: datetime | None = None,
):
    """Insert a case directly (service tests do not need the pipeline)."""
    from hatewatch.triage.models import Case, CaseRecipient

    with factory.begin() as s:
        case = Case(
            platform="twitter",
            message_id=message_id,
            created_at=created_at or datetime(2024, 3, 1, 12, 0),
            text=text,
            model_version="bow-test",
            model_label="threat",
            priority=priority,
            p_threat=priority,
            severity=severity,
            rules="",
            thread=[],
            explanation={},
            escalations=[],
            recipient_name=name,
            recipient_office=office,
            roster=roster,
        )
        case.recipients.append(
            CaseRecipient(
                politician_id=name.lower().replace(" ", "-"),
                relation="reply",
                roster=roster,
                name=name,
                office=office,
                party=party,
                level="national",
                region=region,
            )
        )
        s.add(case)
        s.flush()
        return case.id
