"""Commands of the case database: `cases sync`, `users`, `teams`, `audit`,
`reviews` (see docs/triage.md). `hatewatch flag --store` lives in flag.py and
uses :func:`sync_store_cases` below."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from hatewatch.cli._options import ForceOpt, ModelOpt, StoreOpt, existing_store
from hatewatch.cli._util import app, fail
from hatewatch.errors import HatewatchError

DB_HELP = (
    "Case database URL (sqlite:///cases.sqlite, postgresql://host/db) or SQLite "
    "file; default $HATEWATCH_TRIAGE_URL, else triage.sqlite beside the store."
)
DbOpt = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]

#: Environment variable a script can set instead of typing a password.
PASSWORD_ENV = "HATEWATCH_TRIAGE_PASSWORD"

cases_app = typer.Typer(
    help="Cases for support teams from the store's flagged messages."
)
users_app = typer.Typer(help="Accounts of the case database (argon2 passwords).")
teams_app = typer.Typer(help="Support teams and the rosters/organisations they see.")
audit_app = typer.Typer(help="The tamper-evident audit trail of the case database.")
reviews_app = typer.Typer(help="Reviewer labels back to the model.")
app.add_typer(cases_app, name="cases")
app.add_typer(users_app, name="users")
app.add_typer(teams_app, name="teams")
app.add_typer(audit_app, name="audit")
app.add_typer(reviews_app, name="reviews")


def _open(db: str | None, store: Path | None, *, create: bool = True) -> Any:
    from hatewatch.triage.db import open_database, redact, resolve_url

    url = resolve_url(db, store=store)
    try:
        return open_database(url, create=create)
    except HatewatchError:
        raise
    except Exception as exc:  # sqlalchemy/driver errors: say where, not secrets
        raise fail(f"cannot open the case database {redact(url)}: {exc}") from exc


def _guard(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except (HatewatchError, OSError) as exc:
        raise fail(str(exc)) from exc


def sync_store_cases(
    store: Path,
    db: str | None,
    *,
    model: Path | None = None,
    threshold: float | None = None,
    alert_priority: float | None = None,
    alert_text: bool = False,
) -> None:
    """Sync cases from ``store`` into the case database, with alerts; print
    the summary (used by `cases sync` and `flag --store`)."""
    from hatewatch.triage.cases import sync_cases

    config = None
    if alert_priority is not None:
        from hatewatch.triage.alerts import AlertConfig

        config = _guard(AlertConfig.from_env, alert_priority, include_text=alert_text)
    engine, factory = _open(db, store)
    results: list[Any] = []

    def on_created(cases: list[Any]) -> None:
        if config is not None:
            from hatewatch.triage.alerts import send_alerts

            results.append(send_alerts(cases, config, factory=factory))

    try:
        summary = _guard(
            sync_cases,
            store,
            factory,
            model=model,
            threshold=threshold,
            on_created=on_created,
        )
    finally:
        engine.dispose()
    for r in results:
        summary.alerts_sent += len(r.announced)
        summary.alert_errors += r.errors
    for err in summary.alert_errors[:10]:
        typer.echo(f"alert failed: {err}", err=True)
    typer.echo(summary, err=True)


@cases_app.command("sync")
def cases_sync(
    store: StoreOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    threshold: float | None = typer.Option(
        None, min=0.0, max=1.0, help="Threat probability that opens a case."
    ),
    alert_priority: float | None = typer.Option(
        None,
        "--alert-priority",
        min=0.0,
        max=1.0,
        help="Announce new cases at or above this priority by webhook/e-mail "
        "(configured by environment variables, see docs/triage.md).",
    ),
    alert_text: bool = typer.Option(
        False, "--alert-text", help="Put the message text in alerts (off by default)."
    ),
) -> None:
    """Open cases for flagged messages already scored in the store.

    Run after `hatewatch score --store`. Idempotent: a message with a case is
    never added twice; texts purged from the store are removed from cases.

    Example:

        hatewatch cases sync --store hatewatch.duckdb
    """
    path = existing_store(store, "import messages and run `hatewatch score --store`")
    sync_store_cases(
        path,
        db,
        model=model,
        threshold=threshold,
        alert_priority=alert_priority,
        alert_text=alert_text,
    )


def _password(confirm: bool = True) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    return typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(
        "reviewer", help="reviewer, coordinator or admin.", show_default=True
    ),
    team: str | None = typer.Option(None, help="Team (create with `teams add`)."),
    store: StoreOpt = None,
    db: DbOpt = None,
) -> None:
    """Create an account; the password is asked for (or read from
    $HATEWATCH_TRIAGE_PASSWORD), never given on the command line.

    Example:

        hatewatch users add anna --role reviewer --team tweede-kamer
    """
    from hatewatch.triage.users import add_user

    engine, factory = _open(db, store)
    try:
        user = _guard(add_user, factory, username, _password(), role=role, team=team)
    finally:
        engine.dispose()
    where = f", team {team}" if team else ""
    typer.echo(f"added {user.username} ({user.role}{where})")
    if not team and role != "admin":
        typer.echo(
            "note: without a team this account sees no cases; give it one with "
            f"`hatewatch users reset {user.username} --team NAME`",
            err=True,
        )


@users_app.command("disable")
def users_disable(
    username: str = typer.Argument(..., help="Login name."),
    enable: bool = typer.Option(False, "--enable", help="Re-enable instead."),
    store: StoreOpt = None,
    db: DbOpt = None,
) -> None:
    """Disable an account (it can no longer log in or act), or --enable it."""
    from hatewatch.triage.users import disable_user

    engine, factory = _open(db, store)
    try:
        _guard(disable_user, factory, username, disabled=not enable)
    finally:
        engine.dispose()
    typer.echo(f"{'enabled' if enable else 'disabled'} {username}")


@users_app.command("reset")
def users_reset(
    username: str = typer.Argument(..., help="Login name."),
    role: str | None = typer.Option(None, help="Also change the role."),
    team: str | None = typer.Option(None, help="Also change the team."),
    store: StoreOpt = None,
    db: DbOpt = None,
) -> None:
    """Set a new password (asked for, or $HATEWATCH_TRIAGE_PASSWORD)."""
    from hatewatch.triage.users import reset_password

    engine, factory = _open(db, store)
    try:
        _guard(reset_password, factory, username, _password(), role=role, team=team)
    finally:
        engine.dispose()
    typer.echo(f"new password set for {username}")


@users_app.command("list")
def users_list(store: StoreOpt = None, db: DbOpt = None) -> None:
    """List accounts: name, role, team, enabled."""
    from hatewatch.triage.users import list_users

    engine, factory = _open(db, store)
    try:
        for u in list_users(factory):
            team = u.team.name if u.team else "-"
            state = "disabled" if u.disabled else "active"
            typer.echo(f"{u.username}\t{u.role}\t{team}\t{state}")
    finally:
        engine.dispose()


@teams_app.command("add")
def teams_add(
    name: str = typer.Argument(..., help="Team name."),
    roster: list[str] = typer.Option(  # noqa: B008
        [], "--roster", help="A roster the team sees (repeatable)."
    ),
    organisation: list[str] = typer.Option(  # noqa: B008
        [],
        "--organisation",
        help="A municipality or province (the roster's region) the team sees "
        "(repeatable).",
    ),
    party: list[str] = typer.Option(  # noqa: B008
        [], "--party", help="A party whose politicians the team sees (repeatable)."
    ),
    store: StoreOpt = None,
    db: DbOpt = None,
) -> None:
    """Create a team or add scopes to it.

    Example:

        hatewatch teams add gemeente-utrecht --organisation Utrecht
    """
    from hatewatch.triage.users import add_team

    scopes = (
        [("roster", r) for r in roster]
        + [("organisation", o) for o in organisation]
        + [("party", p) for p in party]
    )
    engine, factory = _open(db, store)
    try:
        team = _guard(add_team, factory, name, scopes)
    finally:
        engine.dispose()
    shown = ", ".join(f"{s.kind}={s.value}" for s in team.scopes) or "nothing yet"
    typer.echo(f"team {team.name} sees: {shown}")


@teams_app.command("list")
def teams_list(store: StoreOpt = None, db: DbOpt = None) -> None:
    """List teams and their scopes."""
    from sqlalchemy import select

    from hatewatch.triage.models import Team

    engine, factory = _open(db, store)
    try:
        with factory() as session:
            for team in session.execute(select(Team).order_by(Team.name)).scalars():
                shown = ", ".join(f"{s.kind}={s.value}" for s in team.scopes)
                typer.echo(f"{team.name}\t{shown or '-'}")
    finally:
        engine.dispose()


@audit_app.command("verify")
def audit_verify(store: StoreOpt = None, db: DbOpt = None) -> None:
    """Check the audit chain; exit 1 if an entry was edited, removed or inserted.

    Prints the head hash: keep it elsewhere (a ticket, a notebook) to detect
    a later rewrite of the whole chain.
    """
    from hatewatch.triage.audit import verify

    engine, factory = _open(db, store, create=False)
    try:
        report = verify(factory)
    finally:
        engine.dispose()
    typer.echo(str(report))
    if not report.ok:
        raise typer.Exit(1)


@reviews_app.command("export")
def reviews_export(
    output: Path = typer.Option(  # noqa: B008
        ..., "--output", "-o", help="CSV in the data/annotations format."
    ),
    force: ForceOpt = False,
    store: StoreOpt = None,
    db: DbOpt = None,
) -> None:
    """Export reviewed cases as labelled data, with reviewer agreement (Cohen's
    kappa, Krippendorff's alpha) and model precision per priority band.

    Example:

        hatewatch reviews export -o data/annotations/triage_reviews.csv
    """
    from hatewatch.triage.reviews import export_reviews

    engine, factory = _open(db, store, create=False)
    try:
        result = _guard(export_reviews, factory, output, force=force)
    finally:
        engine.dispose()
    typer.echo(str(result))
