"""Tweede Kamer OData loader against recorded responses: paging, retry, parsing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hatewatch.errors import CredentialError
from hatewatch.roster import fetch_tweedekamer, load_roster
from hatewatch.roster.tkapi import (
    DEFAULT_EXPAND,
    DEFAULT_FILTER,
    TK_ODATA_URL,
    TKApiError,
)

REC = Path(__file__).parents[1] / "data" / "roster" / "tk_odata"
PAGE1 = json.loads((REC / "persoon_page1.json").read_text(encoding="utf-8"))
PAGE2 = json.loads((REC / "persoon_page2.json").read_text(encoding="utf-8"))
FIRST = f"{TK_ODATA_URL}/Persoon"


class Response:
    def __init__(self, status_code=200, body=None, headers=None):
        self.status_code = status_code
        self._body = body
        self.headers = headers or {}

    def json(self):
        if isinstance(self._body, str):
            raise ValueError("Expecting value: line 1 column 1 (char 0)")
        return self._body


class Recorded:
    """A session replaying queued responses per URL; records every request."""

    def __init__(self, script):
        self.script = {url: list(responses) for url, responses in script.items()}
        self.calls = []

    def get(self, url, params=None, timeout=None):
        self.calls.append((url, params))
        queue = self.script.get(url)
        if not queue:
            raise AssertionError(f"unexpected request {url}")
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def session(*first, second=None):
    second = second if second is not None else [Response(200, PAGE2)]
    return Recorded({FIRST: list(first), PAGE1["@odata.nextLink"]: list(second)})


def test_follows_next_link_and_parses_people():
    s = session(Response(200, PAGE1))
    waits = []
    roster = fetch_tweedekamer(s, sleep=waits.append, name="tk")
    # first request carries the query, the nextLink is followed as given
    assert s.calls == [
        (FIRST, {"$filter": DEFAULT_FILTER, "$expand": DEFAULT_EXPAND}),
        (PAGE1["@odata.nextLink"], None),
    ]
    assert waits == []
    assert roster.name == "tk"
    ids = [p.politician_id for p in roster.people]
    assert ids == [
        "thierry-aartsen",
        "fleur-agema",
        "rik-van-lier",
        "jan-de-vries-1960",
        "jan-de-vries-1985",
        "sanne-bakker",
    ]  # the deleted (Verwijderd) person is a tombstone, not a member


def test_seats_become_dated_spells_with_the_fractie():
    roster = fetch_tweedekamer(session(Response(200, PAGE1)), sleep=lambda s: None)
    aartsen = roster["thierry-aartsen"]
    assert aartsen.gender == "male"
    assert [(s.office, s.party, s.start, s.end) for s in aartsen.spells] == [
        ("tweede_kamerlid", "VVD", date(2017, 3, 23), date(2021, 3, 30)),
        ("tweede_kamerlid", "VVD", date(2021, 3, 31), None),
    ]
    agema = roster["fleur-agema"]
    assert agema.gender == "female"
    assert len(agema.spells) == 1  # the deleted seat is ignored
    # a member without seat records still counts, with the Fractielabel
    (lier,) = roster["rik-van-lier"].spells
    assert (lier.office, lier.party, lier.start) == ("tweede_kamerlid", "CDA", None)


def test_problems_in_records_are_reported():
    roster = fetch_tweedekamer(session(Response(200, PAGE1)), sleep=lambda s: None)
    assert roster["sanne-bakker"].gender == "unknown"
    found = sorted((p.field, p.path, p.value) for p in roster.problems)
    assert found == [
        # cross-row checks name the first page; row problems the page they are on
        ("end_date", FIRST, "2020-01-01"),
        ("value[2].Geslacht", PAGE1["@odata.nextLink"], None),
    ]


def test_retries_429_and_5xx_with_backoff_and_retry_after():
    s = session(
        Response(503),
        Response(429, headers={"Retry-After": "7"}),
        Response(200, PAGE1),
        second=(OSError("connection reset"), Response(502), Response(200, PAGE2)),
    )
    waits = []
    roster = fetch_tweedekamer(s, sleep=waits.append, backoff=0.5)
    assert waits == [0.5, 7.0, 0.5, 1.0]
    assert len(roster) == 6  # nothing lost, nothing doubled
    assert len(s.calls) == 6


def test_negative_retry_after_waits_zero_and_http_dates_are_understood():
    s = session(
        Response(429, headers={"Retry-After": "-5"}),
        Response(503, headers={"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"}),
        Response(200, PAGE1),
        second=(Response(200, PAGE2),),
    )
    waits = []
    roster = fetch_tweedekamer(s, sleep=waits.append, backoff=0.5)
    assert waits == [0.0, 0.0]  # a date in the past: no wait, never a negative one
    assert len(roster) == 6


def test_gives_up_after_max_retries():
    s = session(*(Response(500) for _ in range(4)))
    waits = []
    with pytest.raises(TKApiError, match="after 3 retries"):
        fetch_tweedekamer(s, sleep=waits.append, max_retries=3, backoff=1)
    assert waits == [1, 2, 4]


@pytest.mark.parametrize("status", [401, 403])
def test_refused_access_stops_at_once(status):
    s = session(Response(status))
    with pytest.raises(CredentialError, match=str(status)):
        fetch_tweedekamer(s, sleep=lambda s: pytest.fail("must not retry"))
    assert len(s.calls) == 1


def test_other_client_errors_are_not_retried():
    s = session(Response(400))
    with pytest.raises(TKApiError, match="HTTP 400"):
        fetch_tweedekamer(s, sleep=lambda s: pytest.fail("must not retry"))


def test_non_odata_answer_is_an_error():
    with pytest.raises(TKApiError, match="not JSON"):
        fetch_tweedekamer(session(Response(200, "<html>")), sleep=lambda s: None)
    with pytest.raises(TKApiError, match="no 'value' list"):
        fetch_tweedekamer(session(Response(200, {"error": {}})), sleep=lambda s: None)


def test_saved_pages_load_as_a_roster(tmp_path):
    one = load_roster(REC / "persoon_page1.json")
    assert [p.politician_id for p in one.people] == [
        "thierry-aartsen",
        "fleur-agema",
        "rik-van-lier",
    ]
    both = tmp_path / "tk.json"
    both.write_text(json.dumps([PAGE1, PAGE2]), encoding="utf-8")
    assert len(load_roster(both)) == 6
