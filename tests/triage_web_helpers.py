"""Shared set-up of the triage web tests (unit, browser and benchmark).

A made-up case database: two teams (the Tweede Kamer desk and a municipal
desk), their users and a handful of Dutch cases, some carrying XSS payloads
in the places a hostile author or a roster file controls.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

PASSWORD = "correct horse battery staple"
XSS_TEXT = '<script>alert("xss-text")</script><img src=x onerror=alert("xss-img")>'
XSS_NAME = '<svg onload=alert("xss-name")>Piet'
XSS_NOTE = '"><script>alert("xss-note")</script>'

# (message id, text, priority, severity, recipient, party, trigger word)
CASES = [
    (
        "m1",
        "Ik weet waar je woont, ik kom je vanavond opzoeken met een mes.",
        0.97,
        "weapon",
        "Anna de Vries",
        "PVV",
        "mes",
    ),
    (
        "m2",
        "Jij verdient een kogel, landverrader.",
        0.93,
        "death",
        "Mark Jansen",
        "VVD",
        "kogel",
    ),
    (
        "m3",
        "We gaan je huis in brand steken als je zo doorgaat.",
        0.88,
        "arson",
        "Fatima El Amrani",
        "GL-PvdA",
        "brand",
    ),
    (
        "m4",
        "Pas maar op, we houden je in de gaten op weg naar huis.",
        0.74,
        "stalking",
        "Anna de Vries",
        "PVV",
        "in de gaten",
    ),
    (
        "m5",
        "Iemand moet jou eens flink in elkaar slaan.",
        0.69,
        "violence",
        "Sophie Bakker",
        "D66",
        "in elkaar slaan",
    ),
    (
        "m6",
        "Jij bent echt een schande voor dit land.",
        0.52,
        "",
        "Mark Jansen",
        "VVD",
        "schande",
    ),
]


@dataclass
class Seeded:
    """Ids of what :func:`seed` created."""

    tk: list[int] = field(default_factory=list)  # cases of the TK desk
    xss: int = 0  # TK case with XSS in text and recipient name
    other: int = 0  # case of the municipal desk only


def add_case(
    factory,
    message_id,
    text,
    *,
    priority,
    severity,
    name,
    party,
    word=None,
    roster="tk2021",
    region=None,
    office="tweede_kamerlid",
    created_at=None,
    thread=None,
):
    """Insert one case directly (the web tests do not need the pipeline)."""
    from hatewatch.triage.models import Case, CaseRecipient

    spans = []
    if word and text:
        start = text.find(word)
        if start >= 0:
            spans = [{"start": start, "end": start + len(word), "word": word}]
    with factory.begin() as s:
        case = Case(
            platform="bluesky",
            message_id=message_id,
            message_url=f"https://bsky.app/profile/example/post/{message_id}",
            author_pseudonym="a_" + message_id.rjust(8, "0"),
            created_at=created_at or datetime(2026, 11, 20, 21, 15),
            text=text,
            lang="nl",
            model_version="hatewatch-nl-bow-0.2.0",
            model_label="threat" if priority > 0.6 else "hate",
            priority=priority,
            p_threat=priority,
            severity=severity,
            rules="threat_rule" if priority > 0.6 else "",
            thread=thread or [],
            explanation={
                "summary_en": f"Flagged because of the words: {word}." if word else "",
                "summary_nl": f"Gemarkeerd vanwege de woorden: {word}." if word else "",
                "spans": spans,
            },
            escalations=[],
            recipient_name=name,
            recipient_office=office,
            recipient_party=party,
            recipient_level="municipal" if region else "national",
            recipient_region=region,
            roster=roster,
        )
        case.recipients.append(
            CaseRecipient(
                politician_id=re.sub(r"\W+", "-", name.lower()),
                relation="mention",
                roster=roster,
                name=name,
                office=office,
                party=party,
                level="municipal" if region else "national",
                region=region,
            )
        )
        s.add(case)
        s.flush()
        return case.id


def seed(factory, *, xss: bool = True) -> Seeded:
    """Teams, users (alice, bob: reviewers; carol: coordinator; dave: another
    team's reviewer) and cases (with ``xss=False`` no case with payloads)."""
    from hatewatch.triage import users

    users.add_team(factory, "tk-desk", [("roster", "tk2021")])
    users.add_team(factory, "utrecht-desk", [("organisation", "Utrecht")])
    users.add_user(factory, "alice", PASSWORD, team="tk-desk")
    users.add_user(factory, "bob", PASSWORD, team="tk-desk")
    users.add_user(factory, "carol", PASSWORD, role="coordinator", team="tk-desk")
    users.add_user(factory, "dave", PASSWORD, team="utrecht-desk")
    out = Seeded()
    base = datetime(2026, 11, 20, 21, 15)
    for i, (mid, text, prio, sev, name, party, word) in enumerate(CASES):
        out.tk.append(
            add_case(
                factory,
                mid,
                text,
                priority=prio,
                severity=sev,
                name=name,
                party=party,
                word=word,
                created_at=base - timedelta(hours=7 * i),
                thread=[
                    {
                        "message_id": "p" + mid,
                        "author_pseudonym": "a_parent",
                        "created_at": "2026-11-20T20:00:00Z",
                        "text": "Debat vanavond over het asielbeleid.",
                    },
                ],
            )
        )
    if xss:
        out.xss = _add_xss_case(factory)
    out.other = add_case(
        factory,
        "u1",
        "Wethouder, we weten waar je woont.",
        priority=0.99,
        severity="stalking",
        name="Jan Smit",
        party="CDA",
        roster="gr2022",
        region="Utrecht",
        office="wethouder",
        word="woont",
    )
    return out


def _add_xss_case(factory) -> int:
    return add_case(
        factory,
        "x1",
        XSS_TEXT,
        priority=0.6,
        severity="",
        name=XSS_NAME,
        party="<b>X</b>",
        word="alert",
        thread=[
            {
                "author_pseudonym": "a_x",
                "text": XSS_TEXT,
                "message_url": "javascript:alert('xss-url')",
            }
        ],
    )


class SeededDatabase:
    """Build the seeded database once, hand out fresh copies (argon2 is slow)."""

    def __init__(self, folder: Path, *, xss: bool = True) -> None:
        from hatewatch.triage import db

        self.template = folder / "template.sqlite"
        engine, factory = db.open_database(f"sqlite:///{self.template}")
        self.ids = seed(factory, xss=xss)
        engine.dispose()  # checkpoints the WAL into the file

    def copy(self, folder: Path):
        """(engine, factory) of a fresh copy in ``folder``."""
        from hatewatch.triage import db

        path = folder / "triage.sqlite"
        shutil.copyfile(self.template, path)
        return db.open_database(f"sqlite:///{path}", create=False)


def csrf_of(html: str) -> str:
    """The CSRF token in a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def version_of(html: str) -> str:
    """The case version the page's forms carry."""
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "no case version in the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    """Log a TestClient in; returns the response to the POST."""
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
