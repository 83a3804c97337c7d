"""The triage commands end to end: flag --store, cases sync, users, teams,
audit verify (exit 1 on an edited row), reviews export."""

from __future__ import annotations

import csv
import json

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")

from sqlalchemy import text  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from hatewatch.cli import app  # noqa: E402
from hatewatch.triage import db  # noqa: E402
from hatewatch.triage.service import TriageService  # noqa: E402
from triage_helpers import PASSWORD, fast_hashing  # noqa: E402

runner = CliRunner()

MESSAGES = [
    {
        "platform": "twitter",
        "message_id": str(900 + i),
        "created_at": f"2021-05-0{1 + i}T10:00:00Z",
        "author_id": f"u{i}",
        "text": body,
        "reply_to": "@kees_tk",
    }
    for i, body in enumerate(
        [
            "@kees_tk ik steek je morgen neer met een mes",
            "@kees_tk we weten waar je woont en we komen je halen",
            "@kees_tk dank voor uw inzet in het debat",
            "@kees_tk ik ga je vermoorden",
        ]
    )
]


def invoke(*args, **env):
    result = runner.invoke(app, [str(a) for a in args], env=env or None)
    return result


@pytest.fixture
def store(tmp_path, monkeypatch):
    fast_hashing(monkeypatch)
    monkeypatch.delenv(db.TRIAGE_URL_ENV, raising=False)
    roster = tmp_path / "roster.tsv"
    roster.write_text(
        "politician_id\tname\tgender\toffice\tparty\tregion\tstart_date\tend_date"
        "\thandle_twitter\n"
        "kees-tk\tKees Kamer\tmale\ttweede_kamerlid\tCDA\t\t2017-03-23\t\tkees_tk\n",
        encoding="utf-8",
    )
    msgs = tmp_path / "messages.jsonl"
    msgs.write_text("\n".join(json.dumps(m) for m in MESSAGES) + "\n")
    path = tmp_path / "hw.duckdb"
    r = invoke("roster", "load", roster, "--name", "tk2021", "--store", path)
    assert r.exit_code == 0, r.output
    r = invoke("import", msgs, "--roster", "tk2021", "--store", path)
    assert r.exit_code == 0, r.output
    return path


def test_flag_store_then_workflow_then_export(store, tmp_path):
    r = invoke("flag", "--store", store)
    assert r.exit_code == 0, r.output
    assert "opened" in r.output
    dbfile = tmp_path / "triage.sqlite"
    assert dbfile.exists()  # beside the store, with no --db given
    again = invoke("cases", "sync", "--store", store)
    assert again.exit_code == 0 and "0 opened" in again.output, again.output

    assert invoke("teams", "add", "tk", "--roster", "tk2021", "--store", store)
    for name in ("ann", "ben"):
        r = invoke(
            "users",
            "add",
            name,
            "--team",
            "tk",
            "--store",
            store,
            HATEWATCH_TRIAGE_PASSWORD=PASSWORD,
        )
        assert r.exit_code == 0, r.output
        assert PASSWORD not in r.output
    r = invoke("users", "list", "--store", store)
    assert "ann\treviewer\ttk\tactive" in r.output

    engine, factory = db.open_database(f"sqlite:///{dbfile}")
    from hatewatch.triage.users import authenticate

    ann = authenticate(factory, "ann", PASSWORD)
    ben = authenticate(factory, "ben", PASSWORD)
    svc = TriageService(factory)
    queue = svc.queue(ann)
    # the three threats, not the thank-you
    assert sorted(c.message_id for c in queue) == ["900", "901", "903"]
    assert all(c.recipient_name == "Kees Kamer" for c in queue)
    assert queue[0].priority == max(c.priority for c in queue)
    for case, (first, second) in zip(
        queue,
        [("threat", "threat"), ("threat", "hate"), ("hate", "hate")],
        strict=True,
    ):
        c = svc.label(ann, case.id, first, version=case.version)
        c = svc.request_second_review(ann, c.id, version=c.version)
        decision = "confirm" if first == second else "overrule"
        label = None if first == second else second
        svc.second_review(ben, c.id, decision, label, version=c.version)
    engine.dispose()

    out = tmp_path / "reviews.csv"
    r = invoke("reviews", "export", "-o", out, "--store", store)
    assert r.exit_code == 0, r.output
    # pairs (threat, threat), (threat, hate), (hate, hate): p_o = 2/3,
    # p_e = 4/9 -> kappa 0.4; alpha = 1 - (2/6) / (18/30) = 0.4444
    assert "3 cases reviewed twice" in r.output
    assert "Cohen's kappa 0.4," in r.output
    assert "Krippendorff's alpha 0.4444" in r.output
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    n = 3
    assert len(rows) == n
    assert list(rows[0])[:6] == [
        "text",
        "label",
        "source",
        "group",
        "split",
        "constructed",
    ]
    # the training reader takes the file as it is
    from hatewatch.classifiers.training import read_labelled

    frame = read_labelled([out])
    assert len(frame) == n and set(frame["label"]) <= {"threat", "hate"}
    r = invoke("reviews", "export", "-o", out, "--store", store)
    assert r.exit_code == 1 and "--force" in r.output

    r = invoke("audit", "verify", "--store", store)
    assert r.exit_code == 0 and "intact" in r.output, r.output


def test_audit_verify_fails_on_an_edited_row(store, tmp_path):
    assert invoke("flag", "--store", store).exit_code == 0
    r = invoke(
        "users", "add", "ann", "--store", store, HATEWATCH_TRIAGE_PASSWORD=PASSWORD
    )
    assert r.exit_code == 0, r.output
    engine = db.make_engine(f"sqlite:///{tmp_path / 'triage.sqlite'}")
    with engine.begin() as con:
        con.execute(text("DROP TRIGGER audit_entries_no_update"))
        con.execute(text("UPDATE audit_entries SET actor = 'x' WHERE seq = 1"))
    engine.dispose()
    r = invoke("audit", "verify", "--store", store)
    assert r.exit_code == 1
    assert "BROKEN" in r.output and "entry 1" in r.output


def test_users_disable_reset_and_errors(store, tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    env = {"HATEWATCH_TRIAGE_PASSWORD": PASSWORD}
    assert invoke("users", "add", "ann", "--db", url, **env).exit_code == 0
    r = invoke("users", "add", "ann", "--db", url, **env)
    assert r.exit_code == 1 and "already exists" in r.output
    r = invoke("users", "add", "bob", "--role", "boss", "--db", url, **env)
    assert r.exit_code == 1 and "unknown role" in r.output
    r = invoke("users", "add", "bob", "--team", "nope", "--db", url, **env)
    assert r.exit_code == 1 and "no team named" in r.output
    r = invoke("users", "add", "bob", "--db", url, HATEWATCH_TRIAGE_PASSWORD="short")
    assert r.exit_code == 1 and "too short" in r.output
    assert invoke("users", "disable", "ann", "--db", url).exit_code == 0
    assert "disabled" in invoke("users", "list", "--db", url).output
    new = "another long passphrase"
    r = invoke(
        "users",
        "reset",
        "ann",
        "--role",
        "coordinator",
        "--db",
        url,
        HATEWATCH_TRIAGE_PASSWORD=new,
    )
    assert r.exit_code == 0, r.output
    assert invoke("users", "disable", "ann", "--enable", "--db", url).exit_code == 0
    _, factory = db.open_database(url)
    from hatewatch.triage.users import authenticate

    assert authenticate(factory, "ann", PASSWORD) is None
    assert authenticate(factory, "ann", new).role == "coordinator"


def test_flag_store_errors(tmp_path):
    r = invoke("flag", "--store", tmp_path / "missing.duckdb")
    assert r.exit_code == 1 and "store not found" in r.output
    r = invoke("flag", tmp_path / "x.csv", "--store", tmp_path / "x.duckdb")
    assert r.exit_code == 1 and "not both" in r.output


def test_commands_on_postgresql(store):
    from triage_helpers import pg_schema_url

    with pg_schema_url() as url:
        r = invoke("flag", "--store", store, "--db", url)
        assert r.exit_code == 0 and "3 opened" in r.output, r.output
        r = invoke("cases", "sync", "--store", store, "--db", url)
        assert "0 opened" in r.output, r.output
        r = invoke(
            "users",
            "add",
            "ann",
            "--role",
            "admin",
            "--db",
            url,
            HATEWATCH_TRIAGE_PASSWORD=PASSWORD,
        )
        assert r.exit_code == 0, r.output
        r = invoke("audit", "verify", "--db", url)  # 3 cases opened + 1 user
        assert r.exit_code == 0 and "intact: 4 entries" in r.output, r.output
