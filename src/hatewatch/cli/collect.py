"""`hatewatch collect twitter|bluesky|mastodon`: resumable platform collection.

Each command reads the roster's handles for its platform from the store,
collects the messages aimed at them into the same store and prints a summary
line. Running the same command again continues where it stopped.
Credentials come from environment variables or the credentials file only
(see ``docs/collectors.md``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hatewatch.cli._options import StoreOpt, existing_store
from hatewatch.cli._util import app, fail
from hatewatch.errors import HatewatchError

if TYPE_CHECKING:
    from hatewatch.collectors.base import Collector, CollectSummary

sub = typer.Typer(
    no_args_is_help=True,
    help="Collect messages aimed at roster politicians.",
)
app.add_typer(sub, name="collect")

RosterOpt = Annotated[
    str,
    typer.Option(
        "--roster", help="Stored roster whose handles to collect for (e.g. tk2021)."
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="Start, YYYY-MM-DD or ISO time (UTC)."),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="End (exclusive), YYYY-MM-DD or ISO time (UTC); default: open-ended, "
        "a later run fetches what is new.",
    ),
]
MaxPagesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-pages", min=1, help="Stop after N pages; the next run continues."
    ),
]


def parse_when(value: str | None, option: str) -> datetime | None:
    """Parse a ``--since``/``--until`` value as UTC, or fail naming the option."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise fail(
            f"{option} wants a date (YYYY-MM-DD) or ISO time, got {value!r}"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def roster_handles(store: Any, roster: str, platform: str) -> list[str]:
    """Handles on ``platform`` of the roster ``roster`` stored in ``store``.

    Raises
    ------
    HatewatchError
        If the roster is not in the store.
    """
    from hatewatch.errors import DataError

    rows = store.con.execute(
        "SELECT DISTINCT handle FROM roster_handles "
        "WHERE roster = ? AND platform = ? ORDER BY handle",
        [roster, platform],
    ).fetchall()
    if not rows:
        known = store.con.execute(
            "SELECT count(*) FROM roster_people WHERE roster = ?", [roster]
        ).fetchall()[0][0]
        if not known:
            raise DataError(
                f"roster {roster!r} is not in the store {store.path}; load it first "
                "with: hatewatch roster load FILE --name " + roster,
                field="roster",
            )
    return [str(r[0]) for r in rows]


def run_collection(
    collector: Collector,
    *,
    roster: str,
    platform: str,
    store_path: Path | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    max_pages: int | None = None,
    allow_no_handles: bool = False,
) -> CollectSummary:
    """Collect for a stored roster into the store: what the commands run.

    Parameters
    ----------
    collector : Collector
        A configured platform collector.
    roster : str
        Name of a roster in the store.
    platform : str
        Platform whose roster handles to use.
    store_path : path, optional
        Store file (default ``$HATEWATCH_STORE`` or ``hatewatch.duckdb``).
    since, until : datetime, optional
        Time window.
    max_pages : int, optional
        Page budget for this run.
    allow_no_handles : bool
        Go on when the roster has no handle on the platform (hashtags only).

    Returns
    -------
    CollectSummary
    """
    from hatewatch.store import Store, default_store_path

    with Store(default_store_path(store_path)) as store:
        handles = roster_handles(store, roster, platform)
        if not handles and not allow_no_handles:
            raise fail(
                f"roster {roster!r} has no {platform} handles. Add a "
                f"handle_{platform} column to the roster file (see docs/roster.md; "
                "the shipped tk2021 roster lists X/Twitter handles only), then "
                f"load it again: hatewatch roster load FILE --name {roster}"
            )
        return collector.collect(
            store, handles, since, until, max_pages=max_pages, roster=roster
        )


def _finish(run: Any) -> None:
    """Run a collection, print the summary, map failures to exit codes."""
    try:
        summary = run()
    except KeyboardInterrupt:
        typer.echo(
            "interrupted; the checkpoint is saved: run the same command again "
            "to continue",
            err=True,
        )
        raise typer.Exit(130) from None
    except HatewatchError as exc:
        raise fail(str(exc)) from None
    typer.echo(summary.line())
    for window in summary.incomplete:
        typer.echo(f"warning: not exhausted: {window}", err=True)
    for gap in summary.gaps:
        typer.echo(f"warning: gap: {gap}", err=True)


@sub.command("twitter")
def twitter_cmd(
    roster: RosterOpt,
    since: SinceOpt = None,
    until: UntilOpt = None,
    store: StoreOpt = None,
    max_pages: MaxPagesOpt = None,
    archive: Annotated[
        bool,
        typer.Option(
            "--full-archive",
            "--archive",
            help="Full-archive search (search_all_tweets; Pro access).",
        ),
    ] = False,
    estimate: Annotated[
        bool,
        typer.Option(
            "--estimate",
            help="Only count matching posts per handle and estimate the cost.",
        ),
    ] = False,
    price_per_1k: Annotated[
        float | None,
        typer.Option(
            "--price-per-1k",
            help="USD per 1,000 posts for --estimate (default "
            "$HATEWATCH_X_PRICE_PER_1K or 5.0).",
        ),
    ] = None,
    mentions_timeline: Annotated[
        bool,
        typer.Option(
            "--mentions-timeline", help="Also read get_users_mentions per handle."
        ),
    ] = False,
    conversation: Annotated[
        list[str] | None,
        typer.Option(
            "--conversation", help="Also collect this conversation id (repeatable)."
        ),
    ] = None,
) -> None:
    """Collect X posts mentioning or replying to the roster's handles (API v2).

    Needs HATEWATCH_X_BEARER_TOKEN. Recent search covers the last 7 days;
    --full-archive searches everything.
    """
    from hatewatch.collectors.twitter import TwitterCollector

    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    collector = TwitterCollector(
        archive=archive,
        mentions_timeline=mentions_timeline,
        conversation_ids=conversation or (),
    )
    if estimate:
        from hatewatch.store import Store

        def run_estimate() -> None:
            path = existing_store(store, "load a roster first")
            with Store(path, read_only=True) as st:
                handles = roster_handles(st, roster, "twitter")
            if not handles:
                raise fail(f"roster {roster!r} has no twitter handles")
            est = collector.estimate(handles, start, end, price_per_1k=price_per_1k)
            typer.echo(est.table())

        try:
            run_estimate()
        except HatewatchError as exc:
            raise fail(str(exc)) from None
        return
    _finish(
        lambda: run_collection(
            collector,
            roster=roster,
            platform="twitter",
            store_path=store,
            since=start,
            until=end,
            max_pages=max_pages,
        )
    )


@sub.command("bluesky")
def bluesky_cmd(
    roster: RosterOpt,
    since: SinceOpt = None,
    until: UntilOpt = None,
    store: StoreOpt = None,
    max_pages: MaxPagesOpt = None,
    query: Annotated[
        str,
        typer.Option("--query", help="The q sent with mentions= ('*': any text)."),
    ] = "*",
) -> None:
    """Collect Bluesky posts mentioning the roster's handles (searchPosts).

    Needs HATEWATCH_BSKY_HANDLE and HATEWATCH_BSKY_APP_PASSWORD.
    """
    from hatewatch.collectors.bluesky import BlueskyCollector

    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    _finish(
        lambda: run_collection(
            BlueskyCollector(query=query),
            roster=roster,
            platform="bluesky",
            store_path=store,
            since=start,
            until=end,
            max_pages=max_pages,
        )
    )


@sub.command("mastodon")
def mastodon_cmd(
    roster: RosterOpt,
    since: SinceOpt = None,
    until: UntilOpt = None,
    store: StoreOpt = None,
    max_pages: MaxPagesOpt = None,
    hashtag: Annotated[
        list[str] | None,
        typer.Option("--hashtag", help="Also collect this hashtag (repeatable)."),
    ] = None,
    notifications: Annotated[
        bool,
        typer.Option(
            "--notifications/--no-notifications",
            help="Collect the mentions of the logged-in account.",
        ),
    ] = True,
) -> None:
    """Collect Mastodon mentions of your account and hashtag timelines.

    Needs HATEWATCH_MASTODON_BASE_URL and HATEWATCH_MASTODON_ACCESS_TOKEN.
    """
    from hatewatch.collectors.mastodon import MastodonCollector

    if not notifications and not hashtag:
        raise fail("nothing to collect: give --hashtag or keep --notifications")
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    _finish(
        lambda: run_collection(
            MastodonCollector(notifications=notifications, hashtags=hashtag or ()),
            roster=roster,
            platform="mastodon",
            store_path=store,
            since=start,
            until=end,
            max_pages=max_pages,
            allow_no_handles=True,
        )
    )
