"""Case database plumbing: URLs, SQLite settings, migrations match the models."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")
pytest.importorskip("alembic", reason="needs the triage extra")

from hatewatch.triage import db  # noqa: E402
from triage_helpers import database  # noqa: E402


def test_import_stays_light():
    code = (
        "import sys, hatewatch, hatewatch.triage, hatewatch.cli; "
        "print(','.join(m for m in ('sqlalchemy', 'alembic', 'argon2', 'psycopg')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_url_resolution_order(monkeypatch, tmp_path):
    monkeypatch.delenv(db.TRIAGE_URL_ENV, raising=False)
    monkeypatch.delenv("HATEWATCH_STORE", raising=False)
    store = tmp_path / "out" / "hw.duckdb"
    assert db.resolve_url(store=store) == f"sqlite:///{tmp_path / 'out'}/triage.sqlite"
    monkeypatch.setenv(db.TRIAGE_URL_ENV, "postgresql://h/db")
    assert db.resolve_url(store=store) == "postgresql://h/db"
    assert db.resolve_url("cases.sqlite", store=store) == "sqlite:///cases.sqlite"
    assert db.resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_password_never_in_redacted_url():
    assert "s3cret" not in db.redact("postgresql://u:s3cret@h/db")


def test_sqlite_is_wal_with_foreign_keys(tmp_path):
    engine, _ = db.open_database(f"sqlite:///{tmp_path / 't.sqlite'}")
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
    assert (tmp_path / "t.sqlite").exists()


def test_missing_folder_is_a_clear_error(tmp_path):
    from hatewatch.errors import DataError

    with pytest.raises(DataError, match="folder of the case database"):
        db.make_engine(f"sqlite:///{tmp_path / 'nope' / 't.sqlite'}")


def test_unmigrated_database_is_refused_without_create(tmp_path):
    from hatewatch.errors import DataError

    with pytest.raises(DataError, match="not at the latest schema"):
        db.open_database(f"sqlite:///{tmp_path / 'empty.sqlite'}", create=False)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migrations_match_the_models(kind, tmp_path):
    """Alembic's autogenerate finds nothing to add: migration == models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from hatewatch.triage.models import Base

    with database(kind, tmp_path) as (engine, _factory, _url):
        with engine.connect() as con:
            diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
        assert diff == []
        # upgrading an up-to-date database is a no-op
        db.upgrade(engine)
