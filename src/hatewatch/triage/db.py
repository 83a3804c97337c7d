"""The case database: URL resolution, engines, sessions and migrations.

Cases live in a transactional database reached through SQLAlchemy: SQLite in
WAL mode beside the DuckDB store by default (nothing to install or run), or
PostgreSQL for a team deployment. The schema is created and upgraded by the
Alembic migrations shipped in ``hatewatch/triage/migrations``.

URL order: ``--db URL`` > ``$HATEWATCH_TRIAGE_URL`` >
``sqlite:///<folder of the store>/triage.sqlite``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import DataError, require

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DB_FILE",
    "TRIAGE_URL_ENV",
    "current_revision",
    "make_engine",
    "open_database",
    "resolve_url",
    "session_factory",
    "upgrade",
]

#: Environment variable holding the case database URL.
TRIAGE_URL_ENV = "HATEWATCH_TRIAGE_URL"

#: File name of the default SQLite case database, beside the store.
DB_FILE = "triage.sqlite"

#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_SECONDS = 30


def _sqlalchemy() -> Any:
    return require("sqlalchemy", "triage")


def resolve_url(
    db: str | os.PathLike[str] | None = None,
    *,
    store: str | os.PathLike[str] | None = None,
) -> str:
    """Return the case database URL.

    Parameters
    ----------
    db : str or path-like, optional
        A SQLAlchemy URL (``sqlite:///cases.sqlite``,
        ``postgresql://host/db``) or a plain file path (taken as SQLite).
    store : str or path-like, optional
        The DuckDB store; the default database is ``triage.sqlite`` in its
        folder (the store default is ``$HATEWATCH_STORE`` or
        ``hatewatch.duckdb``).

    Returns
    -------
    str

    Examples
    --------
    >>> resolve_url(store="out/example/hatewatch.duckdb")  # doctest: +SKIP
    'sqlite:///out/example/triage.sqlite'
    """
    from hatewatch.store import default_store_path

    value = str(db) if db else os.environ.get(TRIAGE_URL_ENV, "")
    if value:
        return value if "://" in value else f"sqlite:///{value}"
    folder = default_store_path(store).parent
    return f"sqlite:///{folder / DB_FILE}"


def _normalise_url(url: str) -> str:
    # psycopg (3) is the driver the triage extra installs
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def redact(url: str) -> str:
    """The URL with any password replaced by ``***`` (for messages and logs)."""
    sa = _sqlalchemy()
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - never echo an unparsable URL
        return "<unparsable database URL>"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL mode, foreign keys and a busy timeout.

    SQLite transactions begin with ``BEGIN`` (deferred) unless the connection
    carries the execution option ``sqlite_begin="IMMEDIATE"``, which the
    service uses for every write so that concurrent writers queue instead of
    failing half-way.

    Parameters
    ----------
    url : str
        SQLAlchemy URL; ``postgresql://`` uses the psycopg 3 driver.
    **kwargs
        Passed to :func:`sqlalchemy.create_engine`.

    Returns
    -------
    sqlalchemy.engine.Engine
    """
    sa = _sqlalchemy()
    url = _normalise_url(url)
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).parent
            if not folder.exists():
                raise DataError(
                    f"folder of the case database does not exist: {folder}",
                    path=database,
                )
        kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_SECONDS)
        engine = sa.create_engine(url, **kwargs)
        _sqlite_events(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(url, **kwargs)


def _sqlite_events(engine: Engine) -> None:
    sa = _sqlalchemy()

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: Any, _record: Any) -> None:
        # let SQLAlchemy's "begin" event (below) emit BEGIN, not pysqlite
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"unknown sqlite_begin mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (objects stay usable after commit)."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=engine, expire_on_commit=False)


def _alembic_config(url: str) -> Any:
    require("alembic", "triage")
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # ConfigParser interpolation: a literal % in the URL must be doubled
    cfg.set_main_option("sqlalchemy.url", _normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | Engine, revision: str = "head") -> None:
    """Create or upgrade the case database schema with the Alembic migrations.

    Parameters
    ----------
    url : str or Engine
        The database (an engine is used as it is, with its connection
        options, e.g. a PostgreSQL ``search_path``).
    revision : str, default "head"
        Target revision.
    """
    from alembic import command

    if isinstance(url, str):
        engine = make_engine(url)
        owned = True
    else:
        engine, owned = url, False
    try:
        cfg = _alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        if owned:
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(
    url: str, *, create: bool = True
) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory for ``url``, migrated to the latest schema.

    Parameters
    ----------
    url : str
        The database URL (see :func:`resolve_url`).
    create : bool, default True
        Create or upgrade the schema. With False a database whose schema is
        not at the latest revision raises :class:`~hatewatch.errors.DataError`.

    Returns
    -------
    (Engine, sessionmaker)
    """
    engine = make_engine(url)
    if create:
        upgrade(engine)
    else:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(_alembic_config(url)).get_current_head()
        if current_revision(engine) != head:
            engine.dispose()
            raise DataError(
                "the case database is missing or not at the latest schema; "
                "run `hatewatch cases sync` (or `hatewatch users add`) first",
                path=redact(url),
            )
    return engine, session_factory(engine)
