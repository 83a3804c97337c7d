"""Run the triage web app with uvicorn: from the CLI, or in a thread for tests."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hatewatch.errors import DataError, require

__all__ = ["bind", "running", "serve"]

log = logging.getLogger(__name__)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise DataError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _address(sock: socket.socket, *, tls: bool) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}/"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(
    url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    https: bool = False,
    certfile: Path | None = None,
    keyfile: Path | None = None,
    require_second_review: bool = True,
    echo: Callable[[str], Any] = print,
) -> None:
    """Serve the triage app until interrupted; prints the address first.

    Parameters
    ----------
    url : str
        Case database URL (the schema must exist).
    host, port : str, int
        Where to listen; port 0 picks a free one (the printed address says
        which).
    https : bool
        Served behind a TLS proxy: ``Secure`` cookies and HSTS. Implied by
        ``certfile``.
    certfile, keyfile : path, optional
        Serve TLS directly with this certificate and key (PEM).
    require_second_review : bool
        See :class:`~hatewatch.triage.service.TriageService`.
    echo : callable
        Receives the lines for the user (address, warnings).
    """
    uvicorn = require("uvicorn", "triage")
    from hatewatch.triage.web.app import create_app

    tls = certfile is not None
    if tls and keyfile is None:
        raise DataError("--certfile needs --keyfile (the certificate's key)")
    app = create_app(
        url, https=https or tls, require_second_review=require_second_review
    )
    if not _is_loopback(host) and not (https or tls):
        echo(
            "warning: listening beyond this machine without TLS; put it behind "
            "an HTTPS proxy and pass --https, or give --certfile/--keyfile"
        )
    sock = bind(host, port)
    config = uvicorn.Config(
        app,
        log_level="info",
        server_header=False,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
    )
    echo(f"hatewatch triage: open {_address(sock, tls=tls)} (Ctrl+C stops)")
    sys.stdout.flush()
    uvicorn.Server(config).run(sockets=[sock])


@contextlib.contextmanager
def running(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread; yields its base URL.

    For tests and benchmarks: the server runs in this process on a free
    loopback port and stops when the block ends.

    Examples
    --------
    >>> with running(app) as base:  # doctest: +SKIP
    ...     httpx.get(base + "healthz")
    """
    uvicorn = require("uvicorn", "triage")
    sock = bind(host, port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield _address(sock, tls=False)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
