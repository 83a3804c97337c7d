"""Alerts reach a webhook and an SMTP server started here on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from datetime import datetime
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")

from hatewatch.errors import DataError  # noqa: E402
from hatewatch.triage import audit  # noqa: E402
from hatewatch.triage.alerts import AlertConfig, send_alerts  # noqa: E402
from hatewatch.triage.models import Case  # noqa: E402
from triage_helpers import add_case, database  # noqa: E402

SECRET_TEXT = "ik schiet je neer, geheim-woord-42"


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(
                {
                    "path": self.path,
                    "type": self.headers["Content-Type"],
                    "json": json.loads(body),
                }
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # keep test output quiet
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/t0ken", received
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp():
    pytest.importorskip("aiosmtpd", reason="aiosmtpd is in the dev extra")
    from aiosmtpd.controller import Controller

    mails: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            mails.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.original_content))
            )
            return "250 OK"

    with socket.socket() as probe:  # a free port (aiosmtpd cannot take 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mails
    finally:
        controller.stop()


@pytest.fixture
def cases(tmp_path):
    with database("sqlite", tmp_path) as (engine, factory, url):
        ids = [
            add_case(factory, "1", priority=0.95, text=SECRET_TEXT),
            add_case(factory, "2", priority=0.85, text=SECRET_TEXT),
            add_case(factory, "3", priority=0.5, text=SECRET_TEXT),
        ]
        with factory() as s:
            found = [s.get(Case, i) for i in ids]
            s.expunge_all()
        yield factory, found


def _env(webhook_url=None, smtp_port=None):
    env = {"HATEWATCH_TRIAGE_BASE_URL": "http://127.0.0.1:8000/"}
    if webhook_url:
        env["HATEWATCH_ALERT_WEBHOOK"] = webhook_url
    if smtp_port:
        env.update(
            HATEWATCH_SMTP_HOST="127.0.0.1",
            HATEWATCH_SMTP_PORT=str(smtp_port),
            HATEWATCH_ALERT_FROM="desk@example.org",
            HATEWATCH_ALERT_TO="a@example.org, b@example.org",
        )
    return env


def test_webhook_and_mail_above_priority_without_text(webhook, smtp, cases):
    url, received = webhook
    port, mails = smtp
    factory, found = cases
    config = AlertConfig.from_env(0.8, env=_env(url, port))
    result = send_alerts(found, config, factory=factory)
    assert result.errors == []
    assert sorted(result.announced) == sorted(c.id for c in found[:2])
    assert [r["json"]["case_id"] for r in received] == [found[0].id, found[1].id]
    first = received[0]
    assert first["path"] == "/hooks/t0ken"
    assert first["type"].startswith("application/json")
    assert first["json"]["priority"] == 0.95
    assert first["json"]["recipient"]["name"] == "Anna de Vries"
    assert first["json"]["case_url"] == f"http://127.0.0.1:8000/cases/{found[0].id}"
    assert "text" not in first["json"]
    assert len(mails) == 1
    rcpt, mail = mails[0]
    assert rcpt == ["a@example.org", "b@example.org"]
    body = mail.get_payload(decode=True).decode()
    assert f"case {found[0].id}" in body and f"case {found[2].id}" not in body
    for r in received:
        assert "geheim-woord-42" not in json.dumps(r)
    assert "geheim-woord-42" not in body and "geheim" not in mail["Subject"]
    # alerts are audited and marked on the case
    assert audit.verify(factory).ok
    with factory() as s:
        assert s.get(Case, found[0].id).alerted_at is not None
        assert s.get(Case, found[2].id).alerted_at is None


def test_text_only_when_configured(webhook, smtp, cases):
    url, received = webhook
    port, mails = smtp
    factory, found = cases
    config = AlertConfig.from_env(0.9, include_text=True, env=_env(url, port))
    send_alerts(found, config)
    assert [r["json"]["text"] for r in received] == [SECRET_TEXT]
    assert SECRET_TEXT in mails[0][1].get_payload(decode=True).decode()


def test_unreachable_servers_are_reported_without_secrets(cases):
    factory, found = cases
    config = AlertConfig.from_env(
        0.8, env=_env("http://127.0.0.1:9/hooks/t0ken-secret", 9)
    )
    config.timeout = 2
    result = send_alerts(found, config, factory=factory)
    assert result.announced == []
    assert len(result.errors) == 3  # two webhook posts and one mail
    assert not any("t0ken-secret" in e for e in result.errors)
    with factory() as s:
        assert s.get(Case, found[0].id).alerted_at is None


def test_config_needs_a_destination():
    with pytest.raises(DataError, match="HATEWATCH_ALERT_WEBHOOK"):
        AlertConfig.from_env(0.8, env={})
    with pytest.raises(DataError, match="HATEWATCH_ALERT_TO"):
        AlertConfig.from_env(0.8, env={"HATEWATCH_SMTP_HOST": "127.0.0.1"})


def test_message_time_in_payload(cases):
    from hatewatch.triage.alerts import alert_payload

    _, found = cases
    payload = alert_payload(found[0], AlertConfig(min_priority=0.5))
    assert payload["message_created_at_utc"] == "2024-03-01T12:00:00Z"
    assert datetime.fromisoformat(payload["message_created_at_utc"][:-1])
