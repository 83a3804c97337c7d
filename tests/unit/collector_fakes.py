"""Helpers for the collector tests: recorded responses, fake sleep, fake store.

Recorded responses are served through each SDK's real HTTP layer: a
``requests`` transport adapter for tweepy and Mastodon.py, and an
``httpx.MockTransport`` for atproto. Nothing here touches the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from hatewatch.records import Message

DATA = Path(__file__).resolve().parents[1] / "data"


def load(platform: str, name: str) -> Any:
    """A recorded response body from ``tests/data/<platform>/<name>``."""
    return json.loads((DATA / platform / name).read_text(encoding="utf-8"))


@dataclass
class Reply:
    """One recorded HTTP response."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


Handler = Callable[[Call], Reply]


class ReplayAdapter(BaseAdapter):
    """A ``requests`` adapter answering from a handler instead of the network."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler
        self.calls: list[Call] = []

    def send(
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        parts = urlsplit(request.url)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        call = Call(request.method or "GET", parts.path, params, dict(request.headers))
        self.calls.append(call)
        reply = self.handler(call)
        response = requests.Response()
        response.status_code = reply.status
        response.reason = requests.status_codes._codes.get(reply.status, ("",))[
            0
        ].upper()
        body = reply.body
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        response._content = body
        response.headers.update({"content-type": "application/json; charset=utf-8"})
        response.headers.update(reply.headers)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def replay_session(handler: Handler) -> tuple[requests.Session, ReplayAdapter]:
    """A ``requests.Session`` whose every request goes to ``handler``."""
    session = requests.Session()
    adapter = ReplayAdapter(handler)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session, adapter


class FakeSleep:
    """Records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    @property
    def total(self) -> float:
        return sum(self.waits)


class MemoryStore:
    """The five Store methods a collector uses, in memory.

    Idempotent on ``(platform, message_id)`` like the real store; used to test
    the collection loop in isolation from DuckDB.
    """

    def __init__(self) -> None:
        self.messages: dict[tuple[str, str], Message] = {}
        self.runs: dict[str, dict[str, Any]] = {}
        self.add_calls = 0

    def add_messages(self, messages: Iterable[Message], **kw: Any) -> SimpleNamespace:
        self.add_calls += 1
        new = dup = 0
        for m in messages:
            key = (m.platform, m.message_id)
            if key in self.messages:
                dup += 1
            else:
                self.messages[key] = m
                new += 1
        # field names of hatewatch.store.InsertResult
        return SimpleNamespace(inserted=new, duplicates=dup)

    def start_run(self, collector: str, collector_version: str, query: str) -> str:
        run_id = f"run{len(self.runs) + 1}"
        self.runs[run_id] = {
            "collector": collector,
            "query": query,
            "status": "running",
            "checkpoint": None,
            "n_messages": 0,
        }
        return run_id

    def save_checkpoint(self, run_id: str, state: dict) -> None:
        # round-trip through JSON as the real store keeps it
        self.runs[run_id]["checkpoint"] = json.loads(json.dumps(state))

    def finish_run(self, run_id: str, status: str, n_messages: int) -> None:
        self.runs[run_id].update(status=status, n_messages=n_messages)

    def last_checkpoint(self, collector: str, query: str) -> dict | None:
        for run in reversed(list(self.runs.values())):
            if (
                run["collector"] == collector
                and run["query"] == query
                and run["checkpoint"] is not None
            ):
                return run["checkpoint"]
        return None

    def ids(self) -> list[str]:
        return sorted(mid for _, mid in self.messages)


class KillAfterAdd(MemoryStore):
    """A store killed (KeyboardInterrupt) between page ``n`` and its checkpoint."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.killed = False

    def save_checkpoint(self, run_id: str, state: dict) -> None:
        if self.add_calls == self.n and not self.killed:
            self.killed = True
            raise KeyboardInterrupt
        super().save_checkpoint(run_id, state)


def stored_ids(uris: Iterable[str], platform: str) -> list[str]:
    """The ids a store holds for these post URIs: author parts pseudonymised."""
    from hatewatch.privacy import pseudonymise, pseudonymise_uri

    def author(raw: str) -> str:
        return pseudonymise(raw, platform=platform)

    return sorted(pseudonymise_uri(u, author) for u in uris)
