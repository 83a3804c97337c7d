"""Machinery shared by the platform collectors.

A collector turns a list of roster handles into *tasks* (one platform query
each), pages through each task and hands every page to the store. The loop in
:meth:`Collector.collect` is what makes a collection safe to kill:

1. it resumes each task from ``store.last_checkpoint(collector, key)``;
2. for every page it first writes the messages, *then* saves the checkpoint
   that points past that page. A kill between the two only repeats that page
   on the next run, and because inserts are idempotent on
   ``(platform, message_id)`` nothing is lost and nothing is stored twice;
3. HTTP 429 and 5xx (and dropped connections) are retried with exponential
   backoff and jitter, honouring ``Retry-After`` / ``x-rate-limit-reset``, with
   a countdown on stderr;
4. HTTP 401/403 stop the collection with a :class:`CredentialError` that names
   the environment variable holding the credential (never its value).

Credentials come from environment variables or from a TOML config file
(``$HATEWATCH_CONFIG`` or ``~/.config/hatewatch/credentials.toml``) whose
top-level keys are the same variable names.
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, TextIO

from hatewatch.errors import CredentialError, DataError, HatewatchError
from hatewatch.records import Message

__all__ = [
    "CONFIG_ENV",
    "CollectSummary",
    "CollectionError",
    "Collector",
    "HttpFailure",
    "Page",
    "RedactingFilter",
    "StoreLike",
    "Task",
    "config_path",
    "countdown",
    "get_credential",
    "get_credentials",
    "normalise_handle",
    "parse_retry_after",
]

logger = logging.getLogger(__name__)

#: Environment variable naming the credentials file.
CONFIG_ENV = "HATEWATCH_CONFIG"
_DEFAULT_CONFIG = Path("~/.config/hatewatch/credentials.toml")


class CollectionError(HatewatchError, RuntimeError):
    """A collection stopped because the platform kept failing."""


class StoreLike(Protocol):
    """The part of :class:`hatewatch.Store` a collector uses."""

    def add_messages(
        self, messages: Iterable[Message], *, roster: str | None = ...
    ) -> Any: ...

    def start_run(self, collector: str, collector_version: str, query: str) -> str: ...

    def save_checkpoint(self, run_id: str, state: dict) -> None: ...

    def finish_run(self, run_id: str, status: str, n_messages: int) -> None: ...

    def last_checkpoint(self, collector: str, query: str) -> dict | None: ...


# --------------------------------------------------------------------------
# credentials


def config_path() -> Path:
    """Path of the credentials file: ``$HATEWATCH_CONFIG`` or the default."""
    return Path(os.environ.get(CONFIG_ENV) or _DEFAULT_CONFIG).expanduser()


def _read_config(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        # the decoder's message shows position only, never the file content
        raise DataError(f"not valid TOML ({exc})", path=str(path)) from None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        logger.warning(
            "%s is readable by other users; restrict it with: chmod 600 %s", path, path
        )
    return data


def get_credential(var: str, *, what: str = "") -> str:
    """Return a credential from the environment or the credentials file.

    Parameters
    ----------
    var : str
        Environment variable name, e.g. ``HATEWATCH_X_BEARER_TOKEN``. The same
        name is the key in the TOML credentials file.
    what : str
        A few words saying what the credential is, used in the error message.

    Returns
    -------
    str
        The credential.

    Raises
    ------
    CredentialError
        If neither the variable nor the config file provides it. The message
        names the variable and the file, never a value.
    """
    value = os.environ.get(var, "").strip()
    if value:
        return value
    path = config_path()
    found = _read_config(path).get(var)
    if isinstance(found, str) and found.strip():
        return found.strip()
    label = f" ({what})" if what else ""
    raise CredentialError(
        f"{var}{label} is not set. Export it as an environment variable or add "
        f'a line `{var} = "..."` to {path} (or to the file named by {CONFIG_ENV}).'
    )


def get_credentials(*wanted: tuple[str, str]) -> tuple[str, ...]:
    """Return several credentials, or one error naming every missing one.

    Parameters
    ----------
    *wanted : (str, str)
        ``(variable, what)`` pairs as for :func:`get_credential`.

    Returns
    -------
    tuple of str
        The credentials, in the order asked.

    Raises
    ------
    CredentialError
        Naming each variable that neither the environment nor the
        credentials file provides (never a value).
    """
    values: list[str] = []
    missing: list[str] = []
    for var, what in wanted:
        try:
            values.append(get_credential(var, what=what))
        except CredentialError:
            missing.append(f"{var} ({what})" if what else var)
    if missing:
        names = " and ".join(missing) if len(missing) < 3 else ", ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        raise CredentialError(
            f"{names} {verb} not set. Export them as environment variables or "
            f'add lines `NAME = "..."` to {config_path()} (or to the file named '
            f"by {CONFIG_ENV})."
        )
    return tuple(values)


class RedactingFilter(logging.Filter):
    """Replace secrets in log records of a third-party logger.

    SDKs such as tweepy log request headers (with the bearer token) at DEBUG
    level; with ``hatewatch -vv`` that would put the token in the log.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        redacted = text
        for secret in self.secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != text:
            record.msg, record.args = redacted, None
        return True


def install_redaction(logger_name: str, secrets: Iterable[str]) -> RedactingFilter:
    """Attach a :class:`RedactingFilter` to ``logger_name`` (once per secret set)."""
    target = logging.getLogger(logger_name)
    filt = RedactingFilter(secrets)
    for existing in target.filters:
        if isinstance(existing, RedactingFilter) and existing.secrets == filt.secrets:
            return existing
    target.addFilter(filt)
    return filt


# --------------------------------------------------------------------------
# retries


@dataclass(frozen=True, slots=True)
class HttpFailure:
    """What the retry logic needs to know about a failed request.

    ``status`` is ``None`` for a network error (no response at all);
    ``retry_after`` is the server's requested wait in seconds, if it sent one.
    """

    status: int | None
    retry_after: float | None = None


def parse_retry_after(headers: Mapping[str, str] | None, now: float) -> float | None:
    """Seconds to wait according to rate-limit headers, or ``None``.

    Understands ``Retry-After`` (seconds or an HTTP date) and the reset-time
    headers ``x-rate-limit-reset`` (X, Unix seconds), ``ratelimit-reset``
    (Bluesky, Unix seconds) and ``x-ratelimit-reset`` (Mastodon, ISO date).

    Examples
    --------
    >>> parse_retry_after({"Retry-After": "30"}, now=0.0)
    30.0
    >>> parse_retry_after({"x-rate-limit-reset": "1060"}, now=1000.0)
    60.0
    """
    if not headers:
        return None
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    value = lower.get("retry-after")
    if value is not None:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return max(0.0, when.timestamp() - now)
    for name in ("x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset"):
        value = lower.get(name)
        if value is None:
            continue
        try:
            reset = float(value)
        except ValueError:
            try:
                reset = datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
        return max(0.0, reset - now)
    return None


def countdown(
    seconds: float,
    message: str,
    *,
    sleep: Callable[[float], Any] = time.sleep,
    stream: TextIO | None = None,
) -> None:
    """Sleep ``seconds`` while showing a countdown on ``stream`` (stderr).

    On a terminal the line is rewritten every second; otherwise (a log file,
    a test) one line says how long and until when.
    """
    stream = sys.stderr if stream is None else stream
    seconds = max(0.0, seconds)
    isatty = getattr(stream, "isatty", lambda: False)()
    if not isatty:
        until = datetime.fromtimestamp(time.time() + seconds, UTC)
        print(
            f"{message}: waiting {seconds:.0f} s (until {until:%H:%M:%S} UTC)",
            file=stream,
            flush=True,
        )
        sleep(seconds)
        return
    remaining = seconds
    while remaining > 0:
        print(f"\r{message}: {remaining:5.0f} s left ", end="", file=stream, flush=True)
        step = min(1.0, remaining)
        sleep(step)
        remaining -= step
    print(f"\r{message}: resuming{' ' * 12}", file=stream, flush=True)


# --------------------------------------------------------------------------
# the collection loop


@dataclass(slots=True)
class Task:
    """One platform query a collector pages through.

    ``key`` identifies the task's checkpoint (it includes the time window, so
    rerunning the same command resumes and a different window starts fresh);
    ``query`` is the platform query recorded as provenance on each message.
    """

    key: str
    query: str
    handle: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    bounded: bool = False


@dataclass(slots=True)
class Page:
    """One page of results and the checkpoint that points past it."""

    messages: list[Message]
    state: dict[str, Any]


@dataclass(slots=True)
class CollectSummary:
    """What one :meth:`Collector.collect` call did."""

    collector: str
    tasks: int = 0
    tasks_skipped: int = 0
    pages: int = 0
    n_new: int = 0
    n_duplicate: int = 0
    stopped_at_page_limit: bool = False
    incomplete: list[str] = field(default_factory=list)
    #: Stretches of time this run could not reach (e.g. a checkpoint older
    #: than X's seven-day recent-search window), one sentence each.
    gaps: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary the CLI prints at the end."""
        text = (
            f"{self.collector}: {self.tasks} queries ({self.tasks_skipped} already "
            f"complete), {self.pages} pages, {self.n_new} new, "
            f"{self.n_duplicate} duplicate"
        )
        if self.stopped_at_page_limit:
            text += "; stopped at --max-pages (run again to continue)"
        if self.incomplete:
            text += f"; {len(self.incomplete)} windows could not be exhausted"
        if self.gaps:
            text += f"; {len(self.gaps)} gaps could not be collected (see warnings)"
        return text


def normalise_handle(handle: str) -> str:
    """Lower-case a handle and drop a leading ``@``.

    Examples
    --------
    >>> normalise_handle("@MarkRutte")
    'markrutte'
    """
    return handle.strip().lstrip("@").lower()


def _count(result: Any, *names: str) -> int:
    """A count from the store's insert result, whatever the field is called."""
    for name in names:
        value = getattr(result, name, None)
        if value is not None:
            return int(value)
    return 0


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def window_label(since: datetime | None, until: datetime | None) -> str:
    """The time window as it appears in checkpoint keys."""
    return (
        f"since={iso(since) if since else '-'} until={iso(until) if until else 'open'}"
    )


def iso(value: datetime) -> str:
    """ISO 8601 UTC with a ``Z``, as the platform APIs expect."""
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[union-attr]


def parse_time(value: str) -> datetime:
    """Parse an ISO 8601 time as the APIs return it into an aware UTC datetime."""
    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))  # type: ignore[return-value]


class Collector:
    """Base class of the platform collectors.

    Subclasses set :attr:`name`, :attr:`platform` and
    :attr:`credential_vars`, and implement :meth:`plan`, :meth:`pages` and
    :meth:`failure`.

    Parameters
    ----------
    max_attempts : int
        Attempts per request before a 429/5xx/network failure is given up.
    base_delay, max_delay : float
        Exponential backoff: ``base_delay * 2**attempt`` seconds, capped at
        ``max_delay``, plus up to 50 % jitter.
    sleep, clock, rng : callable, optional
        Injected for tests: ``time.sleep``, ``time.time`` and
        ``random.random`` by default.
    stderr : file, optional
        Where progress and countdowns go (``sys.stderr`` by default).
    """

    name: ClassVar[str] = ""
    platform: ClassVar[str] = ""
    #: Environment variables a 401/403 points the user to.
    credential_vars: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *,
        max_attempts: int = 8,
        base_delay: float = 2.0,
        max_delay: float = 900.0,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] | None = None,
        rng: Callable[[], float] | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep or time.sleep
        self.clock = clock or time.time
        self.rng = rng or random.random
        self.stderr = stderr
        self._pseudonymiser: Callable[[str, str], str] | None = None
        self._gaps: list[str] = []

    # -- to implement -------------------------------------------------------

    def plan(
        self, handles: Sequence[str], since: datetime | None, until: datetime | None
    ) -> list[Task]:
        """Tasks (queries) for these handles and this window."""
        raise NotImplementedError

    def pages(self, task: Task, state: dict[str, Any]) -> Iterator[Page]:
        """Pages of ``task`` starting from checkpoint ``state`` (``{}``: fresh)."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Check credentials and build the client before any run starts."""

    def failure(self, exc: BaseException) -> HttpFailure | None:
        """Describe an SDK exception as an HTTP failure (``None``: not one)."""
        raise NotImplementedError

    # -- shared helpers -----------------------------------------------------

    def note_gap(self, text: str) -> None:
        """Record (and log) a stretch of time this run cannot collect."""
        logger.warning("%s", text)
        if text not in self._gaps:
            self._gaps.append(text)

    @property
    def _err(self) -> TextIO:
        return self.stderr if self.stderr is not None else sys.stderr

    def pseudonymise(self, raw_id: str) -> str:
        """Keyed pseudonym of a platform user id (see :mod:`hatewatch.privacy`)."""
        if self._pseudonymiser is None:
            from hatewatch.privacy import Pseudonymiser

            self._pseudonymiser = Pseudonymiser()
        return self._pseudonymiser(str(raw_id), self.platform)

    def provenance(self, query: str) -> dict[str, Any]:
        """Provenance fields for a :class:`Message` built now."""
        from hatewatch import __version__

        return {
            "collector": self.name,
            "collector_version": __version__,
            "query": query,
            "retrieved_at": datetime.fromtimestamp(self.clock(), UTC),
        }

    def call(
        self, fn: Callable[..., Any], *args: Any, what: str = "", **kw: Any
    ) -> Any:
        """Call an SDK function, retrying 429, 5xx and network errors.

        Raises
        ------
        CredentialError
            On HTTP 401/403, naming :attr:`credential_vars`.
        CollectionError
            When ``max_attempts`` attempts all failed.
        """
        what = what or getattr(fn, "__name__", "request")
        attempt = 0
        while True:
            try:
                return fn(*args, **kw)
            except Exception as exc:
                fail = self.failure(exc)
                if fail is None:
                    raise
                if fail.status in (401, 403):
                    names = " and ".join(self.credential_vars) or "the credentials"
                    # the SDK's message may quote the request; keep it out
                    raise CredentialError(
                        f"{self.platform} refused the credentials (HTTP {fail.status}) "
                        f"on {what}. Check that {names} hold a valid, unexpired "
                        "credential with access to this endpoint."
                    ) from None
                retryable = (
                    fail.status is None or fail.status == 429 or (fail.status >= 500)
                )
                if not retryable:
                    raise
                attempt += 1
                status = (
                    "network error" if fail.status is None else f"HTTP {fail.status}"
                )
                if attempt >= self.max_attempts:
                    raise CollectionError(
                        f"{self.platform}: {what} failed {attempt} times in a row "
                        f"(last: {status}); the checkpoint is saved, run the same "
                        "command again later to continue."
                    ) from exc
                if fail.retry_after is not None:
                    wait = fail.retry_after + self.rng()
                else:
                    backoff = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                    wait = backoff + self.rng() * backoff * 0.5
                logger.info(
                    "%s on %s, attempt %d: waiting %.1f s", status, what, attempt, wait
                )
                countdown(
                    wait,
                    f"{self.platform}: {status} on {what} (attempt {attempt}/"
                    f"{self.max_attempts})",
                    sleep=self.sleep,
                    stream=self._err,
                )

    def collect(
        self,
        store: StoreLike,
        handles: Sequence[str],
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        max_pages: int | None = None,
        roster: str | None = None,
        progress: bool = True,
    ) -> CollectSummary:
        """Collect messages aimed at ``handles`` into ``store``, resumably.

        Parameters
        ----------
        store : Store
            Where messages, runs and checkpoints go.
        handles : sequence of str
            Roster handles on this platform (lower case, no ``@``).
        since, until : datetime, optional
            Time window (UTC; naive datetimes are taken as UTC). Without
            ``until`` the collection is incremental: a later run fetches
            only what is new.
        max_pages : int, optional
            Stop after this many pages in total (to cap cost); the next run
            continues from the checkpoint.
        roster : str, optional
            Resolve recipient handles against this stored roster only.
        progress : bool
            Print one line per query on stderr.

        Returns
        -------
        CollectSummary
            Pages fetched, new and duplicate messages.
        """
        from hatewatch import __version__

        # fail on a missing pseudonymisation key before any request is made
        self.pseudonymise("key-check")
        self.prepare()
        summary = CollectSummary(collector=self.name)
        self._gaps = summary.gaps
        handles = sorted({normalise_handle(h) for h in handles if h.strip()})
        tasks = self.plan(handles, _utc(since), _utc(until))
        summary.tasks = len(tasks)
        for i, task in enumerate(tasks, 1):
            state = store.last_checkpoint(self.name, task.key) or {}
            if state.get("complete") and task.bounded:
                summary.tasks_skipped += 1
                continue
            if progress:
                resumed = " (resuming)" if state and not state.get("complete") else ""
                print(
                    f"[{i}/{len(tasks)}] {self.name} {task.query}{resumed}",
                    file=self._err,
                    flush=True,
                )
            run_id = store.start_run(self.name, __version__, task.key)
            n_messages = 0
            status = "failed"
            try:
                for page in self.pages(task, state):
                    if roster is None:
                        result = store.add_messages(page.messages)
                    else:
                        result = store.add_messages(page.messages, roster=roster)
                    # only after the page is stored may the checkpoint move past it
                    store.save_checkpoint(run_id, page.state)
                    n_messages += len(page.messages)
                    summary.pages += 1
                    summary.n_new += _count(result, "inserted", "n_new")
                    summary.n_duplicate += _count(result, "duplicates", "n_duplicate")
                    if page.state.get("incomplete"):
                        for window in page.state["incomplete"]:
                            label = f"{task.query} {window}"
                            if label not in summary.incomplete:
                                summary.incomplete.append(label)
                    if max_pages is not None and summary.pages >= max_pages:
                        summary.stopped_at_page_limit = True
                        status = "interrupted"
                        break
                else:
                    status = "finished"
            except KeyboardInterrupt:
                status = "interrupted"
                raise
            finally:
                store.finish_run(run_id, status, n_messages)
            if summary.stopped_at_page_limit:
                break
        return summary
