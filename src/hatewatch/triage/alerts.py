"""Alerts: new cases above a chosen priority, announced by webhook and e-mail.

Alerts carry the case number, priority, severity, platform, message time and
recipient (name, office, party), and a link to the case page when a base URL
is configured, but **no message text** unless ``include_text`` is set: a
chat channel or mailbox is a weaker place to keep threats than the case
database.

Configuration comes from the environment (credentials never from the
command line):

==============================  ==========================================
``HATEWATCH_ALERT_WEBHOOK``     URL that receives one JSON POST per case
``HATEWATCH_SMTP_HOST``         SMTP server (with ``HATEWATCH_SMTP_PORT``,
                                default 25; 465 means implicit TLS)
``HATEWATCH_SMTP_USER`` /       login, if the server needs one
``HATEWATCH_SMTP_PASSWORD``
``HATEWATCH_SMTP_STARTTLS``     ``1`` to upgrade the connection with STARTTLS
``HATEWATCH_ALERT_FROM``        sender address
``HATEWATCH_ALERT_TO``          recipients, comma-separated
``HATEWATCH_TRIAGE_BASE_URL``   address of ``hatewatch serve``, for links
==============================  ==========================================
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from hatewatch.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session, sessionmaker

    from hatewatch.triage.models import Case

__all__ = ["AlertConfig", "AlertResult", "alert_payload", "send_alerts"]

log = logging.getLogger(__name__)


@dataclass
class AlertConfig:
    """Where and from which priority to send alerts.

    Attributes
    ----------
    min_priority : float
        Cases at or above this priority are announced.
    webhook_url : str, optional
    smtp_host : str, optional
    smtp_port : int, default 25
    smtp_user, smtp_password : str, optional
    starttls : bool, default False
    mail_from : str
    mail_to : list of str
    include_text : bool, default False
        Put the message text in alerts (off by default).
    base_url : str, optional
        Address of ``hatewatch serve``; alerts link to ``<base>/cases/<id>``.
    timeout : float, default 10
        Seconds per network call.
    """

    min_priority: float = 0.8
    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    starttls: bool = False
    mail_from: str = "hatewatch@localhost"
    mail_to: list[str] = field(default_factory=list)
    include_text: bool = False
    base_url: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_env(
        cls,
        min_priority: float,
        *,
        include_text: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> AlertConfig:
        """Read the configuration from the environment (see the module doc)."""
        env = os.environ if env is None else env
        port = env.get("HATEWATCH_SMTP_PORT", "25") or "25"
        if not port.isdigit():
            raise DataError(
                f"HATEWATCH_SMTP_PORT must be a number, not {port!r}",
                field="HATEWATCH_SMTP_PORT",
            )
        cfg = cls(
            min_priority=float(min_priority),
            webhook_url=env.get("HATEWATCH_ALERT_WEBHOOK") or None,
            smtp_host=env.get("HATEWATCH_SMTP_HOST") or None,
            smtp_port=int(port),
            smtp_user=env.get("HATEWATCH_SMTP_USER") or None,
            smtp_password=env.get("HATEWATCH_SMTP_PASSWORD") or None,
            starttls=env.get("HATEWATCH_SMTP_STARTTLS", "") in ("1", "true", "yes"),
            mail_from=env.get("HATEWATCH_ALERT_FROM") or "hatewatch@localhost",
            mail_to=[
                a.strip()
                for a in (env.get("HATEWATCH_ALERT_TO") or "").split(",")
                if a.strip()
            ],
            include_text=include_text,
            base_url=(env.get("HATEWATCH_TRIAGE_BASE_URL") or "").rstrip("/") or None,
        )
        if cfg.smtp_host and not cfg.mail_to:
            raise DataError(
                "HATEWATCH_SMTP_HOST is set but HATEWATCH_ALERT_TO is empty; "
                "name the addresses that receive alerts",
                field="HATEWATCH_ALERT_TO",
            )
        if not cfg.webhook_url and not cfg.smtp_host:
            raise DataError(
                "alerts need HATEWATCH_ALERT_WEBHOOK or HATEWATCH_SMTP_HOST "
                "(with HATEWATCH_ALERT_TO) in the environment",
                field="HATEWATCH_ALERT_WEBHOOK",
            )
        return cfg


@dataclass
class AlertResult:
    """Cases announced and what failed (failures never undo the sync)."""

    announced: list[int] = field(default_factory=list)
    webhook_sent: int = 0
    mails_sent: int = 0
    errors: list[str] = field(default_factory=list)


def alert_payload(case: Case, config: AlertConfig) -> dict[str, Any]:
    """The JSON body announcing one case (no message text unless configured)."""
    payload: dict[str, Any] = {
        "event": "case_opened",
        "case_id": case.id,
        "priority": case.priority,
        "severity": case.severity,
        "p_threat": round(float(case.p_threat), 4),
        "platform": case.platform,
        "message_created_at_utc": case.created_at.isoformat(timespec="seconds") + "Z",
        "recipient": {
            "name": case.recipient_name,
            "office": case.recipient_office,
            "party": case.recipient_party,
            "level": case.recipient_level,
        },
        "model_version": case.model_version,
    }
    if config.base_url:
        payload["case_url"] = f"{config.base_url}/cases/{case.id}"
    if config.include_text:
        payload["text"] = case.text
    return payload


def _where(url: str) -> str:
    # name the host only: a webhook URL's path or query often holds a token
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (
        f":{parts.port}" if parts.port else ""
    )


def _post(url: str, payload: dict[str, Any], timeout: float) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DataError("the alert webhook must be an http(s) URL", field="webhook")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "hatewatch-alerts",
        },
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
        if not 200 <= resp.status < 300:
            raise OSError(f"HTTP {resp.status}")


def _mail(config: AlertConfig, payloads: Sequence[dict[str, Any]]) -> None:
    msg = EmailMessage()
    top = max(p["priority"] for p in payloads)
    msg["Subject"] = (
        f"hatewatch: {len(payloads)} new case(s) at priority >= "
        f"{config.min_priority:.2f} (highest {top:.2f})"
    )
    msg["From"] = config.mail_from
    msg["To"] = ", ".join(config.mail_to)
    lines = [
        f"{len(payloads)} new case(s) need attention, most urgent first.",
        "",
    ]
    for p in sorted(payloads, key=lambda p: -p["priority"]):
        r = p["recipient"]
        who = ", ".join(x for x in (r["name"], r["office"], r["party"]) if x)
        lines.append(
            f"- case {p['case_id']}: priority {p['priority']:.2f}"
            + (f", harm named: {p['severity']}" if p["severity"] else "")
            + f"; aimed at {who or 'an unknown recipient'}; {p['platform']} "
            f"message of {p['message_created_at_utc']}"
        )
        if p.get("case_url"):
            lines.append(f"  {p['case_url']}")
        if "text" in p and p["text"]:
            lines.append(f"  text: {p['text']}")
    if not config.include_text:
        lines += ["", "Message texts are not sent by e-mail; open the cases."]
    msg.set_content("\n".join(lines))
    host = config.smtp_host or "localhost"
    if config.smtp_port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, config.smtp_port, timeout=config.timeout
        )
    else:
        smtp = smtplib.SMTP(host, config.smtp_port, timeout=config.timeout)
    with smtp:
        if config.starttls:
            smtp.starttls()
        if config.smtp_user:
            smtp.login(config.smtp_user, config.smtp_password or "")
        smtp.send_message(msg)


def send_alerts(
    cases: Sequence[Case],
    config: AlertConfig,
    *,
    factory: sessionmaker[Session] | None = None,
    actor: str = "system:alerts",
) -> AlertResult:
    """Announce the cases at or above ``config.min_priority``.

    Parameters
    ----------
    cases : sequence of Case
        New cases (e.g. from ``sync_cases(on_created=...)``).
    config : AlertConfig
    factory : sessionmaker, optional
        When given, ``alerted_at`` is set on announced cases and each alert is
        written to the audit trail.
    actor : str

    Returns
    -------
    AlertResult
        Failures are collected (naming the server, never credentials or the
        webhook's path), not raised: the cases are already open.
    """
    due = [c for c in cases if c.priority >= config.min_priority]
    result = AlertResult()
    if not due:
        return result
    payloads = [alert_payload(c, config) for c in due]
    sent: dict[int, list[str]] = {c.id: [] for c in due}
    if config.webhook_url:
        for p in payloads:
            try:
                _post(config.webhook_url, p, config.timeout)
            except (OSError, urllib.error.URLError, DataError) as exc:
                result.errors.append(
                    f"webhook {_where(config.webhook_url)}: case {p['case_id']}: "
                    f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
                )
            else:
                result.webhook_sent += 1
                sent[p["case_id"]].append("webhook")
    if config.smtp_host:
        try:
            _mail(config, payloads)
        except (OSError, smtplib.SMTPException) as exc:
            result.errors.append(
                f"e-mail via {config.smtp_host}:{config.smtp_port}: "
                f"{type(exc).__name__}: {exc}"
            )
        else:
            result.mails_sent += 1
            for p in payloads:
                sent[p["case_id"]].append("email")
    result.announced = [cid for cid, ch in sent.items() if ch]
    for err in result.errors:
        log.warning("alert failed: %s", err)
    if factory is not None and result.announced:
        _record(factory, sent, actor)
    return result


def _record(
    factory: sessionmaker[Session], sent: dict[int, list[str]], actor: str
) -> None:
    from hatewatch.triage import audit
    from hatewatch.triage.models import Case, utcnow

    with audit.writing(factory) as session:
        now = utcnow()
        for cid, channels in sent.items():
            if not channels:
                continue
            case = session.get(Case, cid)
            if case is None:
                continue
            case.alerted_at = now
            session.flush()
            audit.append(
                session, actor, "alert", case_id=cid, details={"channels": channels}
            )
