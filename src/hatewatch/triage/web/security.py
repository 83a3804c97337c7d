"""Sessions, CSRF tokens, login throttling and security headers of the web app.

Sessions live in server memory: the cookie holds only a random id, so logging
out or disabling a user takes effect at once, and a restart logs everyone out.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

SESSION_COOKIE = "hatewatch_session"

#: Content-Security-Policy: no script at all (the app ships none), styles and
#: images only from the app itself, no framing, forms only back to the app.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    # the message link leads to the platform: never tell it where from
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
)


@dataclass
class WebSession:
    """One browser session: anonymous until login, then bound to a user id."""

    sid: str
    csrf: str
    created: float
    seen: float
    user_id: Any = None
    flashes: list[tuple[str, str]] = field(default_factory=list)

    def flash(self, kind: str, message: str) -> None:
        """Queue a message for the next page shown (kind: ok, error)."""
        self.flashes.append((kind, message))

    def pop_flashes(self) -> list[tuple[str, str]]:
        """Return and clear the queued messages."""
        out, self.flashes = self.flashes, []
        return out


class SessionStore:
    """Server-side sessions keyed by a random cookie value.

    Parameters
    ----------
    idle_seconds : float
        A session unused this long is gone (default 30 minutes).
    max_age_seconds : float
        A session older than this is gone, used or not (default 12 hours).
    max_sessions : int
        Beyond this many, the least recently used are dropped (bounds memory
        against clients that never send the cookie back).
    clock : callable
        Seconds, monotonic; tests pass a fake clock.
    """

    def __init__(
        self,
        *,
        idle_seconds: float = 30 * 60,
        max_age_seconds: float = 12 * 3600,
        max_sessions: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_seconds = idle_seconds
        self.max_age_seconds = max_age_seconds
        self.max_sessions = max_sessions
        self.clock = clock
        self._sessions: dict[str, WebSession] = {}
        self._lock = threading.Lock()

    def new(self, user_id: Any = None) -> WebSession:
        """Create a session with a fresh id and CSRF token."""
        now = self.clock()
        session = WebSession(
            sid=secrets.token_urlsafe(32),
            csrf=secrets.token_urlsafe(32),
            created=now,
            seen=now,
            user_id=user_id,
        )
        with self._lock:
            if len(self._sessions) >= self.max_sessions:
                self._prune(now)
            self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None) -> WebSession | None:
        """The live session with this id, or None."""
        if not sid:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if (
                now - session.seen > self.idle_seconds
                or now - session.created > self.max_age_seconds
            ):
                del self._sessions[sid]
                return None
            session.seen = now
            return session

    def delete(self, sid: str) -> None:
        """End a session (logout)."""
        with self._lock:
            self._sessions.pop(sid, None)

    def __len__(self) -> int:
        return len(self._sessions)

    def _prune(self, now: float) -> None:
        for sid, s in list(self._sessions.items()):
            if (
                now - s.seen > self.idle_seconds
                or now - s.created > self.max_age_seconds
            ):
                del self._sessions[sid]
        excess = len(self._sessions) - self.max_sessions + 1
        if excess > 0:
            oldest = sorted(self._sessions.values(), key=lambda s: s.seen)[:excess]
            for s in oldest:
                del self._sessions[s.sid]


def csrf_ok(session: WebSession | None, token: str | None) -> bool:
    """Whether ``token`` is the session's CSRF token (constant-time compare)."""
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode(), token.encode())


class LoginThrottle:
    """Refuse log-in attempts after repeated failures.

    Failures are counted in a sliding window per user name and per client
    address; reaching either limit blocks further attempts for that name or
    address until the oldest failure leaves the window. A correct password
    does not get through a block, so guessing cannot be sped up by luck.

    Parameters
    ----------
    max_per_user : int
        Failed attempts per user name within ``window_seconds`` (default 5).
    max_per_address : int
        Failed attempts per client address within ``window_seconds``
        (default 20).
    window_seconds : float
        Length of the window (default 15 minutes).
    clock : callable
        Seconds, monotonic; tests pass a fake clock.
    """

    def __init__(
        self,
        *,
        max_per_user: int = 5,
        max_per_address: int = 20,
        window_seconds: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_per_user = max_per_user
        self.max_per_address = max_per_address
        self.window_seconds = window_seconds
        self.clock = clock
        self._fails: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._fails.get(key)
        if q is None:
            return deque()
        while q and now - q[0] >= self.window_seconds:
            q.popleft()
        if not q:
            del self._fails[key]
        return q

    def retry_after(self, username: str, address: str) -> float:
        """Seconds until an attempt is allowed again; 0 when allowed now."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in (
                (("user", username.casefold()), self.max_per_user),
                (("addr", address), self.max_per_address),
            ):
                q = self._recent(key, now)
                if len(q) >= limit:
                    wait = max(wait, q[len(q) - limit] + self.window_seconds - now)
        return wait

    def failure(self, username: str, address: str) -> None:
        """Count a failed attempt."""
        now = self.clock()
        with self._lock:
            for key in (("user", username.casefold()), ("addr", address)):
                self._fails.setdefault(key, deque()).append(now)

    def success(self, username: str) -> None:
        """Forget the failures of a user name after a good log-in."""
        with self._lock:
            self._fails.pop(("user", username.casefold()), None)


def session_cookie(sid: str, *, secure: bool) -> str:
    """The Set-Cookie value for a session id."""
    cookie = f"{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict"
    return cookie + "; Secure" if secure else cookie


class SecurityMiddleware:
    """Pure ASGI middleware: loads the session, sets cookie and headers.

    The session found from the cookie is put in ``request.state.session``
    (None when there is none); a view that creates or replaces it (log-in,
    log-out) assigns ``request.state.session`` and this middleware sends the
    new cookie. Every response gets :data:`SECURITY_HEADERS`; pages (not
    static files) are marked ``no-store`` so case data stays out of caches.
    """

    def __init__(self, app: Any, *, store: SessionStore, https: bool) -> None:
        self.app = app
        self.store = store
        self.https = https

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sid = None
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is no session
                    continue
                if SESSION_COOKIE in jar:
                    sid = jar[SESSION_COOKIE].value
        state = scope.setdefault("state", {})
        state["session"] = self.store.get(sid)
        static = scope["path"].startswith("/static/")

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if self.https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                current = state.get("session")
                if current is not None and current.sid != sid:
                    cookie = session_cookie(current.sid, secure=self.https)
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                elif current is None and sid is not None and state.get("logout"):
                    expired = session_cookie("", secure=self.https) + "; Max-Age=0"
                    headers.append((b"set-cookie", expired.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_wrapper)
