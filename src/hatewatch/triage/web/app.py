"""The triage web app: routes over :class:`~hatewatch.triage.service.TriageService`.

Server-rendered HTML (Starlette + Jinja2), plain forms and redirects, no
JavaScript at all, so the Content-Security-Policy forbids every script. Every
state change is a POST carrying the session's CSRF token; every case action
also carries the case ``version`` the user saw, and a stale one is refused
with a clear message (optimistic locking). Roles, team scope and the case
workflow are enforced by the service; this layer maps its errors to HTTP
statuses (NotFound 404, Forbidden 403, Conflict and InvalidTransition 409).

The app opens only the case database, never the DuckDB store, and logs no
message text: log lines name users, case ids and actions only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from hatewatch.errors import require

require("starlette", "triage")
require("jinja2", "triage")

import jinja2  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.concurrency import run_in_threadpool  # noqa: E402
from starlette.datastructures import FormData  # noqa: E402
from starlette.exceptions import HTTPException  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import (  # noqa: E402
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route  # noqa: E402
from starlette.staticfiles import StaticFiles  # noqa: E402

from hatewatch.triage.errors import (  # noqa: E402
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
)
from hatewatch.triage.models import (  # noqa: E402
    CASE_STATUSES,
    CLOSE_REASONS,
    ESCALATION_CHANNELS,
    LOCAL_TZ,
    REVIEW_LABELS,
)
from hatewatch.triage.web.highlight import segments, spans_from  # noqa: E402
from hatewatch.triage.web.security import (  # noqa: E402
    LoginThrottle,
    SecurityMiddleware,
    SessionStore,
    WebSession,
    csrf_ok,
)

__all__ = ["create_app"]

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
PAGE_SIZE = 50

#: Statuses in which each action makes sense; the service has the last word.
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    "new": ("claim", "label"),
    "in_review": ("claim", "label", "request_second_review", "escalate", "close"),
    "second_review": ("claim", "second_review"),
    "reviewed": ("claim", "escalate", "close"),
    "escalated": ("claim", "escalate", "close"),
    "closed": ("reopen",),
}

_NAMES = {
    "aangifte": "Police report (aangifte)",
    "security_adviser": "Security adviser",
    "platform_report": "Report to the platform",
    "no_action": "No action needed",
    "false_alarm": "False alarm",
    "handled": "Handled",
}
# keyed by the service's own lists, so a new channel or reason shows up
CHANNEL_NAMES = {c: _NAMES.get(c, c.replace("_", " ")) for c in ESCALATION_CHANNELS}
CLOSE_NAMES = {r: _NAMES.get(r, r.replace("_", " ")) for r in CLOSE_REASONS}
ACTION_DONE = {
    "claim": "You hold this case now.",
    "label": "Label saved.",
    "note": "Note added.",
    "request_second_review": "Second review requested.",
    "second_review": "Second review recorded.",
    "escalate": "Escalation recorded.",
    "close": "Case closed.",
    "reopen": "Case reopened.",
}


@dataclass
class _Deps:
    service: Any
    factory: Any
    sessions: SessionStore
    throttle: LoginThrottle
    env: jinja2.Environment
    https: bool
    # Every service write (actions, and views and exports, which are audited)
    # extends the one audit chain, so the database runs them one at a time
    # anyway. Queueing them on a lock here, instead of in SQLite's busy
    # handler (which polls with growing sleeps and lets late comers overtake),
    # cuts the tail latency under load (scripts/benchmark_triage.py).
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    async def write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a writing service call in a worker thread, one at a time."""

        def locked() -> Any:
            with self.write_lock:
                return fn(*args, **kwargs)

        return await run_in_threadpool(locked)


class _Refused(Exception):
    """Stop a request with an HTTP status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


# ------------------------------------------------------------------ helpers


def _fmt_utc(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _fmt_local(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M %Z")


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["utc"] = _fmt_utc
    env.filters["local"] = _fmt_local
    env.filters["words"] = _words
    env.globals.update(
        channel_names=CHANNEL_NAMES,
        close_names=CLOSE_NAMES,
        review_labels=REVIEW_LABELS,
        statuses=CASE_STATUSES,
    )
    return env


def _deps(request: Request) -> _Deps:
    return request.app.state.deps


def _session(request: Request) -> WebSession | None:
    return request.state.session


def _ensure_session(request: Request) -> WebSession:
    session = _session(request)
    if session is None:
        session = _deps(request).sessions.new()
        request.state.session = session
    return session


def _render(
    request: Request, template: str, status: int = 200, **context: Any
) -> HTMLResponse:
    deps = _deps(request)
    session = _ensure_session(request)
    context.setdefault("user", getattr(request.state, "user", None))
    html = deps.env.get_template(template).render(
        csrf=session.csrf, flashes=session.pop_flashes(), **context
    )
    return HTMLResponse(html, status_code=status)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(value: str | None) -> str:
    # only local paths: no open redirect to another site
    if value and value.startswith("/") and not value.startswith("//"):
        if "\\" not in value:
            return value
    return "/queue"


async def _user(request: Request) -> Any:
    """The logged-in user, re-read from the database (disabled: logged out)."""
    from hatewatch.triage.users import get_user

    session = _session(request)
    if session is None or session.user_id is None:
        return None
    user = await run_in_threadpool(get_user, _deps(request).factory, session.user_id)
    if user is None or user.disabled:
        _deps(request).sessions.delete(session.sid)
        request.state.session = None
        return None
    request.state.user = user
    return user


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return _redirect("/login?" + urlencode({"next": target}))


async def _checked_form(request: Request) -> FormData:
    """The POSTed form, refused (403) unless it carries the session's CSRF token."""
    form = await request.form()
    token = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not csrf_ok(_session(request), token if isinstance(token, str) else None):
        log.warning("refused POST %s without a valid CSRF token", request.url.path)
        raise _Refused(
            403,
            "This form has expired or did not come from this site "
            "(missing or wrong CSRF token). Reload the page and try again.",
        )
    return form


def _page(
    handler: Callable[[Request, Any], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """A GET page for logged-in users."""

    async def endpoint(request: Request) -> Response:
        user = await _user(request)
        if user is None:
            return _login_redirect(request)
        return await handler(request, user)

    return endpoint


def _action(
    handler: Callable[[Request, Any, FormData], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """A POST for logged-in users: CSRF token checked before anything else."""

    async def endpoint(request: Request) -> Response:
        form = await _checked_form(request)
        user = await _user(request)
        if user is None:
            return _redirect("/login")
        return await handler(request, user, form)

    return endpoint


def _case_id(request: Request) -> int:
    return int(request.path_params["case_id"])


# -------------------------------------------------------------------- views


async def home(request: Request) -> Response:
    return _redirect("/queue")


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def login_page(request: Request) -> Response:
    if await _user(request) is not None:
        return _redirect(_safe_next(request.query_params.get("next")))
    return _render(
        request,
        "login.html",
        next=_safe_next(request.query_params.get("next")),
        username="",
        error=None,
    )


async def login(request: Request) -> Response:
    from hatewatch.triage.users import authenticate

    deps = _deps(request)
    form = await _checked_form(request)
    username = str(form.get("username") or "").strip()[:80]
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    address = request.client.host if request.client else "unknown"
    wait = deps.throttle.retry_after(username, address)
    if wait > 0:
        minutes = max(1, int(wait // 60 + 1))
        log.warning("login throttled for a user name from %s", address)
        response = _render(
            request,
            "login.html",
            status=429,
            next=target,
            username=username,
            error=f"Too many failed log-ins. Try again in {minutes} minute"
            + ("s." if minutes != 1 else "."),
        )
        response.headers["retry-after"] = str(int(wait) + 1)
        return response
    user = await run_in_threadpool(authenticate, deps.factory, username, password)
    if user is None:
        deps.throttle.failure(username, address)
        log.info("failed login from %s", address)
        return _render(
            request,
            "login.html",
            status=401,
            next=target,
            username=username,
            error="Wrong user name or password (or the account is disabled).",
        )
    deps.throttle.success(username)
    old = _session(request)
    if old is not None:
        deps.sessions.delete(old.sid)
    # a new session id at log-in: a planted anonymous id is worth nothing
    request.state.session = deps.sessions.new(user_id=user.id)
    log.info("login %s", user.username)
    return _redirect(target)


async def logout(request: Request) -> Response:
    await _checked_form(request)
    session = _session(request)
    if session is not None:
        _deps(request).sessions.delete(session.sid)
    request.state.session = None
    request.state.logout = True
    return _redirect("/login")


def _parse_day(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(
            400, f"{field}: {value!r} is not a date; use YYYY-MM-DD"
        ) from None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL_TZ)


async def queue_page(request: Request, user: Any) -> Response:
    service = _deps(request).service
    q = request.query_params
    filters = {
        "status": q.get("status", "open").strip() or "open",
        "recipient": q.get("recipient", "").strip(),
        "office": q.get("office", "").strip(),
        "severity": q.get("severity", "").strip(),
        "since": q.get("since", "").strip(),
        "until": q.get("until", "").strip(),
    }
    try:
        page = max(1, int(q.get("page", "1")))
    except ValueError:
        page = 1
    since = _parse_day(filters["since"], "from")
    until = _parse_day(filters["until"], "to")
    kwargs = {
        "status": filters["status"],
        "recipient": filters["recipient"] or None,
        "office": filters["office"] or None,
        "severity": filters["severity"] or None,
        "since": _local_midnight(since) if since else None,
        # the "to" day is included: up to midnight after it
        "until": _local_midnight(until + timedelta(days=1)) if until else None,
    }

    def load() -> tuple[list[Any], int, dict[str, int]]:
        cases = service.queue(
            user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **kwargs
        )
        return cases, service.queue_count(user, **kwargs), service.counts(user)

    cases, total, counts = await run_in_threadpool(load)
    query = {k: v for k, v in filters.items() if v and not (k, v) == ("status", "open")}

    def page_url(n: int) -> str:
        return "/queue?" + urlencode({**query, "page": n})

    return _render(
        request,
        "queue.html",
        cases=cases,
        total=total,
        counts=counts,
        filters=filters,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        page_url=page_url,
        status_url=lambda s: "/queue?" + urlencode({**query, "status": s}),
    )


def _case_context(case: Any) -> dict[str, Any]:
    text = case.text
    return {
        "case": case,
        "segments": segments(text, spans_from(case.explanation)) if text else [],
        "explanation_text": _explanation_text(case.explanation),
        "trigger_words": _trigger_words(case.explanation, text),
        "thread": [_thread_item(m) for m in (case.thread or [])],
        "events": list(case.events),
        "actions": ACTIONS_BY_STATUS.get(case.status, ()),
        "error": None,
        "conflict": False,
        "kept_note": "",
    }


def _explanation_text(explanation: Any) -> list[str]:
    if not isinstance(explanation, dict):
        return [str(explanation)] if explanation else []
    out = []
    # triage.explain writes summary_en and summary_nl; both are shown
    for key in ("summary_en", "summary_nl", "summary"):
        value = explanation.get(key)
        if isinstance(value, str) and value and value not in out:
            out.append(value)
    return out


def _trigger_words(explanation: Any, text: str | None) -> list[str]:
    words: list[str] = []
    if text:
        for s, e in spans_from(explanation):
            word = text[max(0, s) : max(0, e)]
            if word and word not in words:
                words.append(word)
    return words


def _thread_item(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"text": str(item)}
    return {
        "text": item.get("text"),
        "author": item.get("author_pseudonym") or item.get("author"),
        "at": item.get("created_at") or item.get("created_at_utc") or item.get("at"),
        "url": _http_url(item.get("message_url") or item.get("url")),
        "is_case": bool(item.get("is_case") or item.get("self")),
    }


def _http_url(value: Any) -> str | None:
    # only web links become <a href>: never javascript: or data: URLs
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return value
    return None


async def case_page(request: Request, user: Any) -> Response:
    service = _deps(request).service
    case = await _deps(request).write(service.get_case, user, _case_id(request))
    return _render(
        request,
        "case.html",
        message_url=_http_url(case.message_url),
        **_case_context(case),
    )


async def _act(request: Request, user: Any, form: FormData) -> Response:
    service = _deps(request).service
    case_id = _case_id(request)
    action = request.path_params["action"]
    if action not in CASE_ACTIONS:
        raise _Refused(404, "Not found.")
    version = form.get("version")
    if not isinstance(version, str) or not version.isdigit():
        # the service would skip the optimistic-locking check without one
        raise _Refused(400, "This form lacks the case version. Reload the case.")
    args: dict[str, Any] = {"version": int(version)}
    if action == "label":
        args["label"] = str(form.get("label") or "")
    elif action == "note":
        args["text"] = str(form.get("text") or "")
    elif action == "second_review":
        args["decision"] = str(form.get("decision") or "")
        label = str(form.get("label") or "")
        args["label"] = label or None
    elif action == "escalate":
        args["channel"] = str(form.get("channel") or "")
    elif action == "close":
        args["reason"] = str(form.get("reason") or "")
    method = getattr(service, action)
    try:
        await _deps(request).write(method, user, case_id, **args)
    except (Conflict, InvalidTransition) as exc:
        # show the case as it is now, the reason, and what the user typed
        log.info(
            "%s on case %s by %s refused: %s",
            action,
            case_id,
            user.username,
            type(exc).__name__,
        )
        case = await _deps(request).write(service.get_case, user, case_id)
        context = _case_context(case)
        context.update(
            error=str(exc),
            conflict=isinstance(exc, Conflict),
            kept_note=args.get("text", ""),
        )
        return _render(
            request,
            "case.html",
            status=409,
            message_url=_http_url(case.message_url),
            **context,
        )
    log.info("%s on case %s by %s", action, case_id, user.username)
    _ensure_session(request).flash("ok", ACTION_DONE.get(action, "Done."))
    return _redirect(f"/cases/{case_id}")


async def export_html(request: Request, user: Any) -> Response:
    service = _deps(request).service
    data = await _deps(request).write(service.export_case, user, _case_id(request))
    text = data.get("text")
    spans = spans_from(data.get("explanation"))
    return _render(
        request,
        "export.html",
        data=data,
        segments=segments(text, spans) if text else [],
        trigger_words=_trigger_words(data.get("explanation"), text),
        explanation_text=_explanation_text(data.get("explanation")),
    )


async def export_json(request: Request, user: Any) -> Response:
    service = _deps(request).service
    case_id = _case_id(request)
    data = await _deps(request).write(service.export_case, user, case_id)
    return JSONResponse(
        data,
        headers={"content-disposition": f'attachment; filename="case-{case_id}.json"'},
    )


async def dashboard_page(request: Request, user: Any) -> Response:
    service = _deps(request).service
    data = await run_in_threadpool(service.dashboard, user)
    return _render(request, "dashboard.html", data=data)


# ----------------------------------------------------------- error handlers


async def _on_refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, _Refused)
    return _render(request, "error.html", status=exc.status, message=exc.message)


async def _on_not_found(request: Request, exc: Exception) -> Response:
    # a case outside the team's scope looks exactly like a missing one
    return _render(request, "error.html", status=404, message="Not found.")


async def _on_forbidden(request: Request, exc: Exception) -> Response:
    return _render(request, "error.html", status=403, message=str(exc))


async def _on_bad_input(request: Request, exc: Exception) -> Response:
    return _render(request, "error.html", status=400, message=str(exc))


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: "Not found.", 405: "Method not allowed."}.get(
        exc.status_code, exc.detail
    )
    return _render(request, "error.html", status=exc.status_code, message=message)


# ---------------------------------------------------------------------- app

CASE_ACTIONS = (
    "claim",
    "label",
    "note",
    "request_second_review",
    "second_review",
    "escalate",
    "close",
    "reopen",
)


def create_app(
    url: str | None = None,
    *,
    factory: Any = None,
    https: bool = False,
    require_second_review: bool = True,
    sessions: SessionStore | None = None,
    throttle: LoginThrottle | None = None,
) -> Starlette:
    """Build the triage web app.

    Parameters
    ----------
    url : str, optional
        Case database URL (see :func:`hatewatch.triage.db.resolve_url`); the
        schema must exist (``hatewatch cases sync`` or ``hatewatch users add``
        create it). Ignored when ``factory`` is given.
    factory : sessionmaker, optional
        A session factory of an open case database (tests, embedding).
    https : bool, default False
        Served over TLS (directly or behind a TLS proxy): the session cookie
        gets ``Secure`` and responses ``Strict-Transport-Security``.
    require_second_review : bool, default True
        Passed to :class:`~hatewatch.triage.service.TriageService`.
    sessions, throttle : optional
        Session store and login throttle (tests pass ones with a fake clock).

    Returns
    -------
    starlette.applications.Starlette
        An ASGI app; serve it with uvicorn (``hatewatch serve`` does).

    Examples
    --------
    >>> app = create_app("sqlite:///out/example/triage.sqlite")  # doctest: +SKIP
    """
    from hatewatch.triage.service import TriageService

    if factory is None:
        from hatewatch.triage.db import open_database

        if url is None:
            raise ValueError("create_app needs a database url or a session factory")
        _, factory = open_database(url, create=False)
    if sessions is None:  # not `or`: an empty store is falsy
        sessions = SessionStore()
    deps = _Deps(
        service=TriageService(factory, require_second_review=require_second_review),
        factory=factory,
        sessions=sessions,
        throttle=LoginThrottle() if throttle is None else throttle,
        env=_environment(),
        https=https,
    )
    routes = [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/queue", _page(queue_page)),
        Route("/dashboard", _page(dashboard_page)),
        Route("/cases/{case_id:int}", _page(case_page)),
        Route("/cases/{case_id:int}/export", _page(export_html)),
        Route("/cases/{case_id:int}/export.json", _page(export_json)),
        Route(
            "/cases/{case_id:int}/{action:str}",
            _action(_act),
            methods=["POST"],
        ),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            _Refused: _on_refused,
            NotFound: _on_not_found,
            Forbidden: _on_forbidden,
            InvalidTransition: _on_bad_input,
            HTTPException: _on_http,
        },
    )
    app.state.deps = deps
    app.add_middleware(SecurityMiddleware, store=sessions, https=https)
    return app
