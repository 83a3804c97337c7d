"""The triage web app through Starlette's TestClient (no browser).

Browser tests are in tests/integration/test_triage_browser.py.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading

import pytest

pytest.importorskip("starlette", reason="needs the triage extra")
pytest.importorskip("sqlalchemy", reason="needs the triage extra")

from starlette.testclient import TestClient  # noqa: E402

from hatewatch.triage.web.app import create_app  # noqa: E402
from hatewatch.triage.web.highlight import segments, spans_from  # noqa: E402
from hatewatch.triage.web.security import (  # noqa: E402
    SESSION_COOKIE,
    LoginThrottle,
    SessionStore,
)
from triage_web_helpers import (  # noqa: E402
    CASES,
    PASSWORD,
    XSS_NOTE,
    XSS_TEXT,
    SeededDatabase,
    csrf_of,
    login,
    version_of,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return SeededDatabase(tmp_path_factory.mktemp("triage-web"))


@pytest.fixture
def db(seeded, tmp_path):
    engine, factory = seeded.copy(tmp_path)
    yield factory
    engine.dispose()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(db, clock):
    return create_app(
        factory=db,
        sessions=SessionStore(clock=clock),
        throttle=LoginThrottle(clock=clock),
    )


@pytest.fixture
def ids(seeded):
    return seeded.ids


def client_for(app, username=None) -> TestClient:
    client = TestClient(app, base_url="http://testserver")
    if username:
        r = login(client, username)
        assert r.status_code == 303, r.text
    return client


def case_version(db, case_id) -> int:
    from hatewatch.triage.models import Case

    with db() as s:
        return s.get(Case, case_id).version


# ------------------------------------------------------------- login, session


def test_pages_need_login_and_come_back_after_it(app, ids):
    client = client_for(app)
    r = client.get(f"/cases/{ids.tk[0]}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?next=%2Fcases%2F{ids.tk[0]}"
    page = client.get(r.headers["location"]).text
    r = client.post(
        "/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": csrf_of(page),
            "next": f"/cases/{ids.tk[0]}",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/cases/{ids.tk[0]}"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/"])
def test_login_never_redirects_off_site(app, target):
    client = client_for(app)
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": token,
            "next": target,
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/queue"


def test_wrong_password_is_refused_with_the_same_message_as_unknown_user(app):
    client = client_for(app)
    wrong = login(client, "alice", "not the password at all")
    unknown = login(client, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong user name or password" in wrong.text
    assert "Wrong user name or password" in unknown.text


def test_login_gives_a_new_session_id_and_logout_ends_it(app):
    client = client_for(app)
    client.get("/login")
    anonymous = client.cookies[SESSION_COOKIE]
    login(client, "alice")
    logged_in = client.cookies[SESSION_COOKIE]
    assert logged_in != anonymous  # no session fixation
    page = client.get("/queue")
    assert page.status_code == 200
    r = client.post(
        "/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert r.status_code == 303
    # the old cookie is worth nothing now, even if replayed
    replay = TestClient(app, cookies={SESSION_COOKIE: logged_in})
    assert replay.get("/queue", follow_redirects=False).status_code == 303


def test_disabled_user_is_logged_out_at_the_next_request(app, db):
    from hatewatch.triage import users

    client = client_for(app, "alice")
    assert client.get("/queue").status_code == 200
    users.disable_user(db, "alice")
    r = client.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_idle_session_expires(app, clock):
    client = client_for(app, "alice")
    clock.now += 31 * 60
    assert client.get("/queue", follow_redirects=False).status_code == 303


# ------------------------------------------------------------------ throttling


def test_login_is_throttled_after_five_failures_per_user(app, clock):
    client = client_for(app)
    for _ in range(5):
        assert login(client, "alice", "wrong password, again").status_code == 401
    # even the right password is refused while blocked
    r = login(client, "alice")
    assert r.status_code == 429
    assert "Too many failed log-ins" in r.text
    assert int(r.headers["retry-after"]) > 0
    # another user from the same address is not blocked by alice's failures
    assert login(client_for(app), "bob").status_code == 303
    clock.now += 15 * 60
    assert login(client, "alice").status_code == 303


def test_login_is_throttled_per_address_across_user_names(db):
    throttle = LoginThrottle(max_per_user=5, max_per_address=4, clock=FakeClock())
    client = client_for(create_app(factory=db, throttle=throttle))
    for i in range(4):
        assert login(client, f"guess{i}", "wrong password, again").status_code == 401
    assert login(client, "bob").status_code == 429


def test_throttle_window_slides():
    clock = FakeClock()
    throttle = LoginThrottle(
        max_per_user=2, max_per_address=99, window_seconds=100, clock=clock
    )
    throttle.failure("Alice", "1.2.3.4")
    clock.now += 60
    throttle.failure("alice", "1.2.3.4")  # names compare case-insensitively
    assert throttle.retry_after("ALICE", "5.6.7.8") == pytest.approx(40)
    clock.now += 40
    assert throttle.retry_after("alice", "5.6.7.8") == 0


# ------------------------------------------------------------------------ CSRF


def post_routes(app):
    for route in app.routes:
        if "POST" in (getattr(route, "methods", None) or ()):
            yield route.path


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(app, db, ids):
    client = client_for(app, "alice")
    case = ids.tk[0]
    before = case_version(db, case)
    paths = []
    for path in post_routes(app):
        if "{action" in path:
            paths += [
                f"/cases/{case}/{a}"
                for a in ("claim", "label", "note", "escalate", "close")
            ]
        else:
            paths.append(path.replace("{case_id:int}", str(case)))
    assert "/login" in paths and "/logout" in paths
    for path in paths:
        for data in ({}, {"csrf_token": "forged"}):
            r = client.post(
                path,
                data={**data, "version": before, "label": "hate", "text": "x"},
                follow_redirects=False,
            )
            assert r.status_code == 403, (path, data)
            assert "CSRF" in r.text
    assert case_version(db, case) == before  # nothing changed
    assert client.get("/queue").status_code == 200  # still logged in


def test_csrf_token_of_another_session_is_refused(app, db, ids):
    alice = client_for(app, "alice")
    bob = client_for(app, "bob")
    bobs_token = csrf_of(bob.get("/queue").text)
    r = alice.post(
        f"/cases/{ids.tk[0]}/claim", data={"csrf_token": bobs_token, "version": "1"}
    )
    assert r.status_code == 403
    assert case_version(db, ids.tk[0]) == 1


# --------------------------------------------------------------------- headers


def test_security_headers_on_pages_static_files_and_errors(app, ids):
    client = client_for(app, "alice")
    for path in (
        "/login",
        "/queue",
        f"/cases/{ids.tk[0]}",
        "/static/triage.css",
        "/no/such/page",
        f"/cases/{ids.tk[0]}/export.json",
    ):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in r.headers
    assert client.get("/queue").headers["cache-control"] == "no-store"
    assert (
        client.get("/static/triage.css").headers["content-type"].startswith("text/css")
    )


def test_pages_carry_no_script_at_all(app, ids):
    client = client_for(app, "alice")
    for path in (
        "/queue",
        f"/cases/{ids.tk[0]}",
        f"/cases/{ids.tk[0]}/export",
        "/dashboard",
    ):
        html = client.get(path).text.lower()
        assert "<script" not in html and " on" + "click" not in html, path


def test_session_cookie_flags(db):
    for https in (False, True):
        app = create_app(factory=db, https=https)
        client = TestClient(app, base_url=("https" if https else "http") + "://t")
        r = client.get("/login")
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert ("Secure" in cookie) is https
        assert ("strict-transport-security" in r.headers) is https


# ----------------------------------------------------------------------- scope


def test_out_of_scope_case_is_not_found_by_guessed_id(app, db, ids):
    dave = client_for(app, "dave")  # the Utrecht desk
    alice = client_for(app, "alice")  # the Tweede Kamer desk
    assert dave.get(f"/cases/{ids.other}").status_code == 200
    token = csrf_of(dave.get("/queue").text)
    for case in (ids.tk[0], ids.xss, 999_999):
        assert dave.get(f"/cases/{case}").status_code == 404
        assert dave.get(f"/cases/{case}/export").status_code == 404
        assert dave.get(f"/cases/{case}/export.json").status_code == 404
        r = dave.post(
            f"/cases/{case}/claim", data={"csrf_token": token, "version": "1"}
        )
        assert r.status_code == 404
    # missing and out of scope read the same, so ids cannot be probed
    assert dave.get(f"/cases/{ids.tk[0]}").text == dave.get("/cases/999999").text
    assert case_version(db, ids.tk[0]) == 1
    assert alice.get(f"/cases/{ids.other}").status_code == 404
    queue = dave.get("/queue?status=all").text
    assert "Jan Smit" in queue and "Anna de Vries" not in queue


def test_action_without_case_version_is_refused(app, db, ids):
    client = client_for(app, "alice")
    token = csrf_of(client.get("/queue").text)
    for version in (None, "", "one"):
        data = {
            "csrf_token": token,
            **({} if version is None else {"version": version}),
        }
        r = client.post(f"/cases/{ids.tk[0]}/claim", data=data)
        assert r.status_code == 400 and "case version" in r.text
    assert case_version(db, ids.tk[0]) == 1


def test_serve_command_prints_the_address_and_serves(seeded):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hatewatch",
            "serve",
            "--db",
            f"sqlite:///{seeded.template}",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        match = re.match(r"hatewatch triage: open (http://127\.0\.0\.1:\d+/) ", line)
        assert match, line
        import httpx

        r = httpx.get(match.group(1) + "login", timeout=30)
        assert r.status_code == 200 and "Log in" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()


def test_unknown_action_is_not_found(app, ids):
    client = client_for(app, "alice")
    token = csrf_of(client.get("/queue").text)
    for action in ("queue", "_write", "export_case", "dashboard"):
        r = client.post(f"/cases/{ids.tk[0]}/{action}", data={"csrf_token": token})
        assert r.status_code == 404, action


def test_reviewer_cannot_reopen(app, db, ids):
    from hatewatch.triage.service import TriageService
    from hatewatch.triage.users import get_user

    svc = TriageService(db)
    alice = get_user(db, 1)
    case = svc.label(alice, ids.tk[5], "hate", version=1)
    case = svc.close(alice, ids.tk[5], "no_action", version=case.version)
    client = client_for(app, "alice")
    page = client.get(f"/cases/{ids.tk[5]}").text
    assert "btn-reopen" not in page
    r = client.post(
        f"/cases/{ids.tk[5]}/reopen",
        data={"csrf_token": csrf_of(page), "version": version_of(page)},
    )
    assert r.status_code == 403


# ---------------------------------------------------------------------- queue


def test_queue_is_sorted_by_priority_with_counts(app, ids):
    client = client_for(app, "alice")
    html = client.get("/queue").text
    order = [int(x) for x in re.findall(r'href="/cases/(\d+)"', html)]
    # priorities 0.97 0.93 0.88 0.74 0.69, then the XSS case 0.60, then 0.52
    assert order == [*ids.tk[:5], ids.xss, ids.tk[5]]
    assert 'data-status="new">7<' in html
    assert "Jan Smit" not in html  # the other desk's case


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("recipient=anna", {"m1", "m4"}),
        ("severity=weapon", {"m1"}),
        ("office=tweede_kamerlid&recipient=jansen", {"m2", "m6"}),
        ("since=2026-11-20&until=2026-11-20", {"m1", "m2", "m3", "m4", "x1"}),
        ("until=2026-11-19", {"m5", "m6"}),
        ("status=closed", set()),
    ],
)
def test_queue_filters(app, query, expect):
    client = client_for(app, "alice")
    html = client.get("/queue?" + query).text
    texts = {mid for mid, text, *_ in CASES if text[:40] in html}
    if "xss-text" in html:
        texts.add("x1")
    assert texts == expect


def test_bad_date_filter_says_what_is_wrong(app):
    client = client_for(app, "alice")
    r = client.get("/queue?since=20-11-2026")
    assert r.status_code == 400
    assert "20-11-2026" in r.text and "YYYY-MM-DD" in r.text


# ------------------------------------------------------------------ case page


def test_case_page_highlights_trigger_words_and_shows_context(app, ids):
    client = client_for(app, "alice")
    html = client.get(f"/cases/{ids.tk[0]}").text
    assert "opzoeken met een <mark>mes</mark>." in html
    assert "Anna de Vries" in html and "PVV" in html and "tweede kamerlid" in html
    assert "Debat vanavond over het asielbeleid." in html  # thread
    assert 'href="https://bsky.app/profile/example/post/m1"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "CET" in html and "UTC" in html


def test_xss_payloads_are_escaped_everywhere(app, db, ids):
    client = client_for(app, "alice")
    page = client.get(f"/cases/{ids.xss}").text
    r = client.post(
        f"/cases/{ids.xss}/note",
        data={
            "csrf_token": csrf_of(page),
            "version": version_of(page),
            "text": XSS_NOTE,
        },
        follow_redirects=True,
    )
    assert r.status_code == 200
    for path in ("/queue", f"/cases/{ids.xss}", f"/cases/{ids.xss}/export"):
        html = client.get(path).text
        for raw in (
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<b>X</b>",
            "javascript:",
        ):
            assert raw not in html, (path, raw)
        assert "&lt;script&gt;alert(" in html, path
    html = client.get(f"/cases/{ids.xss}").text
    assert "&lt;svg onload=alert(&#34;xss-name&#34;)&gt;Piet" in html
    assert client.get(f"/cases/{ids.xss}/export.json").json()["text"] == XSS_TEXT


# -------------------------------------------------------------------- actions


def act(client, case, action, **data):
    page = client.get(f"/cases/{case}").text
    return client.post(
        f"/cases/{case}/{action}",
        data={"csrf_token": csrf_of(page), "version": version_of(page), **data},
        follow_redirects=True,
    )


def test_full_workflow_through_the_forms(app, db, ids):
    alice, bob = client_for(app, "alice"), client_for(app, "bob")
    case = ids.tk[0]
    assert "You hold this case now." in act(alice, case, "claim").text
    assert act(alice, case, "label", label="threat").status_code == 200
    r = act(alice, case, "escalate", channel="aangifte")
    assert r.status_code == 409 and "second reviewer must confirm" in r.text
    act(alice, case, "request_second_review")
    r = act(alice, case, "second_review", decision="confirm")
    assert r.status_code == 409 and "must come from someone else" in r.text
    assert act(bob, case, "second_review", decision="confirm").status_code == 200
    r = act(alice, case, "escalate", channel="aangifte")
    assert r.status_code == 200 and "Escalation recorded." in r.text
    assert (
        act(alice, case, "note", text="Aangifte gedaan bij de politie.").status_code
        == 200
    )
    html = alice.get(f"/cases/{case}").text
    assert 'id="case-status">escalated' in html
    for step in (
        "claim",
        "label",
        "request second review",
        "second review",
        "escalate",
        "note",
        "Aangifte gedaan bij de politie.",
    ):
        assert step in html, step
    data = alice.get(f"/cases/{case}/export.json").json()
    assert data["second_decision"] == "confirm"
    assert data["second_label_by"] == "bob"
    assert [e["action"] for e in data["history"]] == [
        "claim",
        "label",
        "request_second_review",
        "second_review",
        "escalate",
        "note",
    ]
    export = alice.get(f"/cases/{case}/export").text
    assert "Police report (aangifte) by alice" in export
    assert "Anna de Vries" in export and "hatewatch-nl-bow-0.2.0" in export
    from sqlalchemy import select

    from hatewatch.triage.models import AuditEntry

    with db() as s:
        actions = [
            a
            for (a,) in s.execute(
                select(AuditEntry.action).where(AuditEntry.case_id == case)
            )
        ]
    assert actions.count("export") == 2 and "view" in actions


def test_stale_version_gives_a_clear_conflict_and_keeps_the_note(app, db, ids):
    alice, bob = client_for(app, "alice"), client_for(app, "bob")
    case = ids.tk[1]
    stale = alice.get(f"/cases/{case}").text
    assert act(bob, case, "claim").status_code == 200
    r = alice.post(
        f"/cases/{case}/note",
        data={
            "csrf_token": csrf_of(stale),
            "version": version_of(stale),
            "text": "Mijn aantekening die niet verloren mag gaan",
        },
    )
    assert r.status_code == 409
    assert "Conflict:" in r.text and "someone else changed case" in r.text
    assert "Mijn aantekening die niet verloren mag gaan</textarea>" in r.text
    assert 'id="case-holder">bob' in r.text  # the page shows the winner's change
    assert version_of(r.text) == str(case_version(db, case))


def test_two_reviewers_at_once_one_wins(db, ids):
    """Two real HTTP requests in flight together on one case version."""
    import httpx

    from hatewatch.triage.web.server import running

    app = create_app(factory=db)
    case = ids.tk[2]
    with running(app) as base:
        clients = [httpx.Client(base_url=base) for _ in range(2)]
        forms = []
        for client, name in zip(clients, ("alice", "bob"), strict=True):
            token = csrf_of(client.get("/login").text)
            client.post(
                "/login",
                data={"username": name, "password": PASSWORD, "csrf_token": token},
            )
            page = client.get(f"/cases/{case}").text
            forms.append(
                {
                    "csrf_token": csrf_of(page),
                    "version": version_of(page),
                    "label": "threat" if name == "alice" else "hate",
                }
            )
        barrier = threading.Barrier(2)
        results = [None, None]

        def go(i):
            barrier.wait()
            results[i] = clients[i].post(f"/cases/{case}/label", data=forms[i])

        threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for client in clients:
            client.close()
    codes = sorted(r.status_code for r in results)
    assert codes == [303, 409], codes
    loser = next(r for r in results if r.status_code == 409)
    assert "someone else changed case" in loser.text
    from hatewatch.triage.models import Case, CaseEvent

    with db() as s:
        row = s.get(Case, case)
        labels = [e.action for e in s.query(CaseEvent).filter_by(case_id=case)]
    winner = "alice" if results[0].status_code == 303 else "bob"
    assert row.label == ("threat" if winner == "alice" else "hate")
    assert row.version == 2 and labels == ["label"]


# ---------------------------------------------------------- export, dashboard


def test_dashboard(app, db, ids):
    alice, bob = client_for(app, "alice"), client_for(app, "bob")
    act(alice, ids.tk[3], "label", label="hate")
    act(alice, ids.tk[3], "request_second_review")
    act(bob, ids.tk[3], "second_review", decision="overrule", label="threat")
    html = alice.get("/dashboard").text
    assert "Open cases by age and priority" in html
    assert "Labelled cases: 1;" in html
    assert "Cases with two reviews: 1; 0.0% agreement" in html


# ------------------------------------------------------------ privacy, logs


def test_no_message_or_note_text_in_the_logs(app, ids, caplog):
    caplog.set_level(logging.DEBUG)
    alice = client_for(app, "alice")
    for case in ids.tk[:2] + [ids.xss]:
        alice.get(f"/cases/{case}")
        act(alice, case, "note", text="Privé-aantekening over de melder")
        act(alice, case, "label", label="threat")
        act(alice, case, "note", text="tweede aantekening")
        alice.get(f"/cases/{case}/export.json")
    alice.get("/queue?recipient=anna")
    assert caplog.records, "the app logs its actions"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for _, text, *_ in CASES[:2]:
        assert text[:25] not in logged
    assert "Privé-aantekening" not in logged and "xss-text" not in logged


def test_app_never_imports_duckdb(tmp_path, seeded):
    code = (
        "import sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from starlette.testclient import TestClient\n"
        "from hatewatch.triage.web.app import create_app\n"
        "from triage_web_helpers import login\n"
        f"app = create_app('sqlite:///{seeded.template}')\n"
        "c = TestClient(app)\n"
        "assert login(c, 'alice').status_code == 303\n"
        "assert c.get('/queue').status_code == 200\n"
        "print('duckdb' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_missing_database_names_the_fix(tmp_path):
    from hatewatch.errors import DataError

    with pytest.raises(DataError, match="users add"):
        create_app(f"sqlite:///{tmp_path / 'none.sqlite'}")


# ------------------------------------------------------------------ highlight


def test_segments_join_back_and_merge_overlaps():
    text = "ik maak je dood, echt dood"
    out = segments(text, [(11, 15), (13, 16), (22, 26), (-5, 0), (30, 40)])
    assert "".join(p for p, _ in out) == text
    assert [p for p, hit in out if hit] == ["dood,", "dood"]
    assert segments("", []) == [("", False)]
    assert segments("abc", [(2, 1)]) == [("abc", False)]


def test_spans_from_tolerates_odd_explanations():
    assert spans_from({"spans": [{"start": 1, "end": 3}, [4, 6], {"x": 1}, "zz"]}) == [
        (1, 3),
        (4, 6),
    ]
    assert spans_from(None) == [] and spans_from("text") == []
    assert spans_from([[0, 2]]) == [(0, 2)]
