"""The triage workflow: roles, team scope, state machine, optimistic locking.

Every test runs on SQLite and on PostgreSQL (skipped with a message where
no server is reachable at 127.0.0.1:5432).
"""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")
pytest.importorskip("argon2", reason="needs the triage extra")

from hatewatch.triage import audit, users  # noqa: E402
from hatewatch.triage.errors import (  # noqa: E402
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
)
from hatewatch.triage.service import TriageService  # noqa: E402
from triage_helpers import PASSWORD, add_case, database, fast_hashing  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request, tmp_path, monkeypatch):
    """A database with two teams, users and cases in each team's scope."""
    fast_hashing(monkeypatch)
    with database(request.param, tmp_path) as (engine, factory, url):
        users.add_team(factory, "tk", [("roster", "tk2021")])
        users.add_team(factory, "utrecht", [("organisation", "Utrecht")])
        people = {
            "ann": users.add_user(factory, "ann", PASSWORD, role="reviewer", team="tk"),
            "ben": users.add_user(factory, "ben", PASSWORD, role="reviewer", team="tk"),
            "cor": users.add_user(
                factory, "cor", PASSWORD, role="coordinator", team="tk"
            ),
            "uwe": users.add_user(
                factory, "uwe", PASSWORD, role="reviewer", team="utrecht"
            ),
            "adm": users.add_user(factory, "adm", PASSWORD, role="admin"),
        }
        ids = {
            "tk_top": add_case(factory, "1", priority=0.95),
            "tk_low": add_case(factory, "2", priority=0.4, severity=""),
            "utrecht": add_case(
                factory,
                "3",
                roster="gr-utrecht",
                region="Utrecht",
                name="Bert Gemeente",
                office="gemeenteraadslid",
                priority=0.99,
            ),
        }
        yield TriageService(factory), people, ids, factory


def test_queue_sorted_by_priority_and_scoped_to_team(desk):
    svc, u, ids, _ = desk
    tk = svc.queue(u["ann"])
    assert [c.id for c in tk] == [ids["tk_top"], ids["tk_low"]]
    assert [c.id for c in svc.queue(u["uwe"])] == [ids["utrecht"]]
    assert len(svc.queue(u["adm"])) == 3
    assert svc.counts(u["uwe"])["new"] == 1
    assert svc.counts(u["ann"])["new"] == 2


def test_queue_filters(desk):
    svc, u, ids, _ = desk
    assert [c.id for c in svc.queue(u["ann"], severity="weapon")] == [ids["tk_top"]]
    assert svc.queue(u["adm"], office="gemeenteraadslid")[0].id == ids["utrecht"]
    assert svc.queue(u["adm"], recipient="bert")[0].id == ids["utrecht"]
    assert svc.queue(u["ann"], status="closed") == []
    with pytest.raises(InvalidTransition, match="unknown status"):
        svc.queue(u["ann"], status="bogus")


def test_other_teams_case_is_not_found_for_read_or_write(desk):
    svc, u, ids, _ = desk
    with pytest.raises(NotFound):
        svc.get_case(u["uwe"], ids["tk_top"])
    with pytest.raises(NotFound):
        svc.claim(u["uwe"], ids["tk_top"])
    with pytest.raises(NotFound):
        svc.export_case(u["ann"], ids["utrecht"])
    # the same answer as for an id that does not exist at all
    with pytest.raises(NotFound, match="no case 999"):
        svc.get_case(u["ann"], 999)


def test_full_workflow_with_second_review(desk):
    svc, u, ids, factory = desk
    cid = ids["tk_top"]
    case = svc.claim(u["ann"], cid, version=1)
    assert (case.status, case.assignee.username) == ("in_review", "ann")
    case = svc.label(u["ann"], cid, "threat", version=case.version)
    with pytest.raises(InvalidTransition, match="second reviewer must confirm"):
        svc.escalate(u["ann"], cid, "aangifte", version=case.version)
    case = svc.request_second_review(u["ann"], cid, version=case.version)
    with pytest.raises(InvalidTransition, match="someone else"):
        svc.second_review(u["ann"], cid, "confirm", version=case.version)
    case = svc.second_review(u["ben"], cid, "confirm", version=case.version)
    assert (case.status, case.second_label) == ("reviewed", "threat")
    case = svc.escalate(u["ann"], cid, "aangifte", version=case.version)
    case = svc.escalate(u["ann"], cid, "security_adviser", version=case.version)
    assert [e["channel"] for e in case.escalations] == [
        "aangifte",
        "security_adviser",
    ]
    case = svc.note(u["ben"], cid, "aangifte gedaan bij politie", version=case.version)
    case = svc.close(u["ann"], cid, "handled", version=case.version)
    export = svc.export_case(u["ann"], cid)
    actions = [h["action"] for h in export["history"]]
    assert actions == [
        "claim",
        "label",
        "request_second_review",
        "second_review",
        "escalate",
        "escalate",
        "note",
        "close",
    ]
    assert export["created_at_utc"] == "2024-03-01T12:00:00Z"
    assert export["created_at_local"] == "2024-03-01T13:00:00+01:00"
    report = audit.verify(factory)
    assert report.ok, str(report)
    # 5 users + 2 teams + 8 actions + 1 export
    assert report.entries == 16


def test_false_alarm_needs_second_review_unless_configured(desk):
    svc, u, ids, factory = desk
    cid = ids["tk_low"]
    case = svc.label(u["ann"], cid, "neutral", version=1)
    with pytest.raises(InvalidTransition, match="needs a second reviewer"):
        svc.close(u["ann"], cid, "false_alarm", version=case.version)
    relaxed = TriageService(factory, require_second_review=False)
    case = relaxed.close(u["ann"], cid, "false_alarm", version=case.version)
    assert (case.status, case.closure_reason) == ("closed", "false_alarm")


def test_threat_escalates_without_second_review_when_configured_off(desk):
    svc, u, ids, factory = desk
    relaxed = TriageService(factory, require_second_review=False)
    case = relaxed.label(u["ann"], ids["tk_top"], "threat", version=1)
    case = relaxed.escalate(u["ann"], case.id, "aangifte", version=case.version)
    assert case.status == "escalated"


def test_overrule_changes_the_label(desk):
    svc, u, ids, _ = desk
    cid = ids["tk_top"]
    case = svc.label(u["ann"], cid, "threat", version=1)
    case = svc.request_second_review(u["ann"], cid, version=case.version)
    with pytest.raises(InvalidTransition, match="give the label"):
        svc.second_review(u["ben"], cid, "overrule", version=case.version)
    case = svc.second_review(u["ben"], cid, "overrule", "hate", version=case.version)
    assert (case.label, case.first_label, case.second_label) == (
        "hate",
        "threat",
        "hate",
    )


def test_roles(desk):
    svc, u, ids, _ = desk
    cid = ids["tk_top"]
    case = svc.claim(u["ann"], cid, version=1)
    with pytest.raises(InvalidTransition, match="claimed by ann"):
        svc.claim(u["ben"], cid, version=case.version)
    with pytest.raises(Forbidden, match="coordinator"):
        svc.assign(u["ben"], cid, "ben", version=case.version)
    case = svc.assign(u["cor"], cid, "ben", version=case.version)
    assert case.assignee.username == "ben"
    with pytest.raises(InvalidTransition, match="outside their team"):
        svc.assign(u["adm"], cid, "uwe", version=case.version)


def test_disabled_user_is_refused_at_once(desk):
    svc, u, ids, factory = desk
    users.disable_user(factory, "ann")
    with pytest.raises(Forbidden, match="disabled"):
        svc.queue(u["ann"])
    assert users.authenticate(factory, "ann", PASSWORD) is None


def test_stale_version_is_a_conflict_and_writes_nothing(desk):
    svc, u, ids, factory = desk
    cid = ids["tk_top"]
    svc.claim(u["ann"], cid, version=1)
    with pytest.raises(Conflict, match="someone else changed case"):
        svc.note(u["ann"], cid, "late", version=1)
    assert [e.action for e in svc.history(u["ann"], cid)] == ["claim"]


def test_two_concurrent_actions_one_wins(desk):
    """Two reviewers label the same case at the same moment from version 1."""
    svc, u, ids, _ = desk
    cid = ids["tk_top"]
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def act(name: str, label: str) -> None:
        barrier.wait()
        try:
            outcome[name] = svc.label(u[name], cid, label, version=1)
        except Exception as exc:  # noqa: BLE001 - recorded for the assertion
            outcome[name] = exc

    threads = [
        threading.Thread(target=act, args=("ann", "threat")),
        threading.Thread(target=act, args=("ben", "hate")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    errors = [v for v in outcome.values() if isinstance(v, Exception)]
    wins = [v for v in outcome.values() if not isinstance(v, Exception)]
    assert len(wins) == 1 and len(errors) == 1, outcome
    # the loser waits for the winner's transaction, then sees the new version
    assert isinstance(errors[0], Conflict), errors[0]
    assert "reload the case" in str(errors[0])
    case = svc.get_case(u["adm"], cid)
    assert case.label == wins[0].label and case.version == 2
    assert len(case.events) == 1


def test_dashboard_ages_priorities_review_time_and_agreement(desk):
    from datetime import datetime, timedelta

    from hatewatch.triage.models import Case

    svc, u, ids, factory = desk
    now = datetime(2030, 1, 10, 12, 0)
    with factory.begin() as s:
        s.get(Case, ids["tk_top"]).opened_at = now - timedelta(hours=5)
        s.get(Case, ids["tk_low"]).opened_at = now - timedelta(days=4)
    case = svc.label(u["ann"], ids["tk_top"], "threat", version=2)
    case = svc.request_second_review(u["ann"], case.id, version=case.version)
    svc.second_review(u["ben"], case.id, "overrule", "hate", version=case.version)
    with factory.begin() as s:  # the label came 2 hours after the case opened
        s.get(Case, ids["tk_top"]).first_label_at = now - timedelta(hours=3)
    dash = svc.dashboard(u["ann"], now=now)
    assert dash["counts"]["reviewed"] == 1 and dash["counts"]["new"] == 1
    grid = dash["open_by_age_priority"]
    assert grid["< 1 day"]["high"] == 1 and grid["3-7 days"]["low"] == 1
    assert sum(sum(row.values()) for row in grid.values()) == 2
    assert dash["time_to_first_review_hours"]["median"] == 2.0
    assert dash["agreement"]["n"] == 1 and dash["agreement"]["percent"] == 0.0
    high = next(b for b in dash["precision_by_band"] if b["band"] == "high")
    assert (high["n"], high["precision"], high["hostile_precision"]) == (1, 0.0, 1.0)
    # the Utrecht reviewer's dashboard counts only Utrecht's case
    assert sum(svc.dashboard(u["uwe"], now=now)["counts"].values()) == 1
