"""The audit trail is append-only and `verify` detects tampering."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")

from sqlalchemy import text  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from hatewatch.triage import audit, users  # noqa: E402
from triage_helpers import PASSWORD, database, fast_hashing  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def chain(request, tmp_path, monkeypatch):
    fast_hashing(monkeypatch)
    with database(request.param, tmp_path) as (engine, factory, url):
        users.add_team(factory, "tk", [("roster", "tk2021")])
        for name in ("ann", "ben", "cor"):
            users.add_user(factory, name, PASSWORD, team="tk")
        users.disable_user(factory, "cor")
        yield engine, factory, request.param


def _drop_guard(engine, dialect: str) -> None:
    """What someone with owner rights on the database could do first."""
    with engine.begin() as con:
        if dialect == "sqlite":
            con.execute(text("DROP TRIGGER audit_entries_no_update"))
            con.execute(text("DROP TRIGGER audit_entries_no_delete"))
        else:
            con.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))


def test_intact_chain_verifies(chain):
    _, factory, _ = chain
    report = audit.verify(factory)
    assert report.ok and report.entries == 5, str(report)
    assert "intact" in str(report) and report.head_hash in str(report)


def test_database_refuses_to_edit_or_delete_entries(chain):
    engine, _, _ = chain
    for sql in (
        "UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_entries WHERE seq = 5",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as con:
                con.execute(text(sql))


def test_edited_row_is_detected(chain):
    engine, factory, dialect = chain
    _drop_guard(engine, dialect)
    with engine.begin() as con:
        con.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 3"))
    report = audit.verify(factory)
    assert not report.ok
    assert any("entry 3" in p and "edited" in p for p in report.problems), report
    assert "BROKEN" in str(report)


def test_edited_row_with_recomputed_hash_breaks_the_next_link(chain):
    engine, factory, dialect = chain
    _drop_guard(engine, dialect)
    with factory() as s:
        entry = s.get(audit.AuditEntry, 2)
        entry.details = {**entry.details, "role": "admin"}
        entry.hash = audit.entry_hash(entry)
        s.commit()
    report = audit.verify(factory)
    assert any("entry 3: does not link" in p for p in report.problems), report


def test_removed_rows_are_detected(chain):
    engine, factory, dialect = chain
    _drop_guard(engine, dialect)
    with engine.begin() as con:
        con.execute(text("DELETE FROM audit_entries WHERE seq = 5"))
    report = audit.verify(factory)
    assert any("chain head names entry 5" in p for p in report.problems), report
    with engine.begin() as con:
        con.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    report = audit.verify(factory)
    assert any("expected entry 2" in p for p in report.problems), report
