"""Cases from a real store: roster enrichment, thread, spans, idempotency, purge."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

pytest.importorskip("sqlalchemy", reason="needs the triage extra")

import pandas as pd  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from hatewatch.records import Message, Recipient  # noqa: E402
from hatewatch.store import Store  # noqa: E402
from hatewatch.triage import audit, users  # noqa: E402
from hatewatch.triage.cases import sync_cases  # noqa: E402
from hatewatch.triage.models import Case  # noqa: E402
from hatewatch.triage.service import TriageService  # noqa: E402
from triage_helpers import PASSWORD, database, fast_hashing  # noqa: E402

THREAT_ANNA = "@annadevries Morgen schiet ik je neer met een geweer"
THREAT_BERT = "@bertgemeente wij weten waar je woont, we maken je af"


def _roster(roster: str, rows: list[dict]) -> dict[str, pd.DataFrame]:
    people = pd.DataFrame(
        [
            {"politician_id": r["id"], "name": r["name"], "gender": "female"}
            for r in rows
        ]
    ).drop_duplicates("politician_id")
    spells = pd.DataFrame(
        [
            {
                "politician_id": r["id"],
                "office": r["office"],
                "level": r["level"],
                "party": r["party"],
                "region": r.get("region"),
                "start_date": r.get("start"),
                "end_date": r.get("end"),
            }
            for r in rows
        ]
    )
    for col in ("start_date", "end_date"):
        spells[col] = pd.to_datetime(spells[col]).dt.date
    handles = pd.DataFrame(
        [
            {"politician_id": r["id"], "platform": "twitter", "handle": r["handle"]}
            for r in rows
        ]
    ).drop_duplicates()
    return {"people": people, "spells": spells, "handles": handles}


def _msg(mid, when, author, body, pid, conv, reply_to=None) -> Message:
    return Message(
        platform="twitter",
        message_id=mid,
        created_at=when,
        author_id=author,
        text=body,
        recipients=[Recipient(relation="reply", politician_id=pid)],
        conversation_id=conv,
        in_reply_to=reply_to,
        lang="nl",
        collector="test",
        collector_version="1",
    )


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from hatewatch.scoring import score_store

    path = tmp_path_factory.mktemp("store") / "hw.duckdb"
    with Store(path) as st:
        st.add_roster(
            _roster(
                "tk2021",
                [
                    # an earlier municipal spell: the case must show the office
                    # held on the message's date
                    {
                        "id": "anna-de-vries",
                        "name": "Anna de Vries",
                        "office": "wethouder",
                        "level": "municipal",
                        "party": "PVV",
                        "region": "Almere",
                        "start": "2014-04-01",
                        "end": "2021-03-30",
                        "handle": "annadevries",
                    },
                    {
                        "id": "anna-de-vries",
                        "name": "Anna de Vries",
                        "office": "tweede_kamerlid",
                        "level": "national",
                        "party": "PVV",
                        "start": "2021-03-31",
                        "handle": "annadevries",
                    },
                ],
            ),
            "tk2021",
        )
        st.add_roster(
            _roster(
                "gr-utrecht",
                [
                    {
                        "id": "bert-gemeente",
                        "name": "Bert Gemeente",
                        "office": "gemeenteraadslid",
                        "level": "municipal",
                        "party": "GL",
                        "region": "Utrecht",
                        "start": "2018-03-29",
                        "handle": "bertgemeente",
                    }
                ],
            ),
            "gr-utrecht",
        )
        st.add_messages(
            [
                _msg(
                    "100",
                    datetime(2021, 6, 1, 9, 0),
                    "hw-a1",
                    "@annadevries goed debat vandaag",
                    "anna-de-vries",
                    "100",
                ),
                _msg(
                    "101",
                    datetime(2021, 6, 1, 9, 30),
                    "hw-a2",
                    THREAT_ANNA,
                    "anna-de-vries",
                    "100",
                    reply_to="100",
                ),
                _msg(
                    "102",
                    datetime(2021, 6, 1, 10, 0),
                    "hw-a3",
                    "@annadevries sterkte, dit is niet normaal",
                    "anna-de-vries",
                    "100",
                    reply_to="101",
                ),
                _msg(
                    "200",
                    datetime(2022, 1, 15, 20, 0),
                    "hw-b1",
                    THREAT_BERT,
                    "bert-gemeente",
                    "200",
                ),
                _msg(
                    "201",
                    datetime(2022, 1, 16, 8, 0),
                    "hw-b2",
                    "@bertgemeente wanneer komt de nieuwe fietsenstalling?",
                    "bert-gemeente",
                    "201",
                ),
            ]
        )
    score_store(path, progress=False)  # the shipped model
    return path


@pytest.fixture(scope="module")
def model():
    import hatewatch

    return hatewatch.load_model()


@pytest.fixture(params=["sqlite", "postgresql"])
def cases_db(request, tmp_path, monkeypatch):
    fast_hashing(monkeypatch)
    with database(request.param, tmp_path) as (engine, factory, url):
        yield engine, factory


def _cases(factory) -> dict[str, Case]:
    with factory() as s:
        found = {c.message_id: c for c in s.execute(select(Case)).unique().scalars()}
        for c in found.values():
            _ = c.recipients
        s.expunge_all()
    return found


def test_sync_opens_enriched_cases(store_path, cases_db, model):
    _, factory = cases_db
    summary = sync_cases(store_path, factory, model=model)
    assert summary.scanned == 5 and summary.unscored == 0
    cases = _cases(factory)
    assert set(cases) == {"101", "200"}, summary
    anna = cases["101"]
    assert (anna.recipient_name, anna.recipient_office, anna.recipient_party) == (
        "Anna de Vries",
        "tweede_kamerlid",
        "PVV",
    )
    assert (anna.recipient_level, anna.roster) == ("national", "tk2021")
    assert anna.message_url == "https://x.com/i/web/status/101"
    assert anna.text == THREAT_ANNA and anna.author_pseudonym == "hw-a2"
    assert anna.created_local.isoformat() == "2021-06-01T11:30:00+02:00"
    assert cases["200"].created_local.isoformat() == "2022-01-15T21:00:00+01:00"
    assert anna.model_version and anna.priority > 0 and anna.status == "new"
    assert "weapon" in anna.severity
    bert = cases["200"]
    assert (bert.recipient_region, bert.roster) == ("Utrecht", "gr-utrecht")
    # thread context from the store: the message replied to, and the reply
    thread = {t["message_id"]: t for t in anna.thread}
    assert set(thread) == {"100", "102"}
    assert thread["100"]["is_reply_target"] and not thread["100"]["is_after"]
    assert thread["102"]["is_after"]
    assert thread["100"]["text"] == "@annadevries goed debat vandaag"


def test_explanation_names_the_messages_own_words_with_spans(
    store_path, cases_db, model
):
    _, factory = cases_db
    sync_cases(store_path, factory, model=model)
    for case in _cases(factory).values():
        ex = case.explanation
        assert ex["spans"], ex
        for span in ex["spans"]:
            assert case.text[span["start"] : span["end"]] == span["text"]
            assert span["reasons"]
        named = [r["match"] for r in ex["rules"]] + [w["word"] for w in ex["words"]]
        assert named
        for phrase in named:  # quoted in both languages ...
            assert f"“{phrase}”" in ex["summary_en"]
            assert f"“{phrase}”" in ex["summary_nl"]
        located = [(r["start"], r["end"]) for r in ex["rules"]] + [
            tuple(x) for w in ex["words"] for x in w["spans"]
        ]
        for a, b in located:  # ... and highlighted
            assert any(s["start"] <= a and b <= s["end"] for s in ex["spans"])
        # function words alone are never named as evidence
        assert all(w["word"].lower() not in ("je", "ik", "de") for w in ex["words"])
    anna = _cases(factory)["101"]
    covered = "".join(
        anna.text[s["start"] : s["end"]] for s in anna.explanation["spans"]
    )
    assert "schiet" in covered


def test_resync_never_duplicates(store_path, cases_db, model):
    _, factory = cases_db
    first = sync_cases(store_path, factory, model=model)
    again = sync_cases(store_path, factory, model=model)
    assert first.created == 2 and again.created == 0 and again.already == 2
    with factory() as s:
        assert s.execute(text("SELECT count(*) FROM cases")).scalar() == 2
    assert audit.verify(factory).ok


def test_team_scope_on_synced_cases(store_path, cases_db, model):
    _, factory = cases_db
    sync_cases(store_path, factory, model=model)
    users.add_team(factory, "utrecht", [("organisation", "Utrecht")])
    users.add_team(factory, "tk", [("roster", "tk2021")])
    u = users.add_user(factory, "uwe", PASSWORD, team="utrecht")
    t = users.add_user(factory, "tina", PASSWORD, team="tk")
    svc = TriageService(factory)
    assert [c.message_id for c in svc.queue(u)] == ["200"]
    assert [c.message_id for c in svc.queue(t)] == ["101"]
    assert [c.message_id for c in svc.queue(t, office="tweede_kamerlid")] == ["101"]


def test_purged_text_leaves_cases_and_is_never_restored(
    store_path, cases_db, tmp_path, model
):
    import shutil

    _, factory = cases_db
    store = tmp_path / "copy.duckdb"
    shutil.copy(store_path, store)
    sync_cases(store, factory, model=model)
    with Store(store) as st:
        st.purge_text(timedelta(days=30), now=datetime(2021, 8, 1))
    summary = sync_cases(store, factory, model=model)
    assert summary.purged == 1
    cases = _cases(factory)
    anna, bert = cases["101"], cases["200"]
    assert anna.text is None and anna.text_purged_at is not None
    assert all(t["text"] is None for t in anna.thread)
    assert anna.explanation["spans"] == [] and "summary_en" not in anna.explanation
    assert bert.text == THREAT_BERT  # newer than the retention window
    # the text reappears in the store (say, a re-import into a copy): the
    # case keeps it removed
    with Store(store) as st:
        st.con.execute("UPDATE messages SET text = 'teruggezet', text_purged_at = NULL")
    sync_cases(store, factory, model=model)
    assert _cases(factory)["101"].text is None
    assert audit.verify(factory).ok
