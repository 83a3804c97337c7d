"""The clock machinery that keeps the suite independent of the day it runs.

`make test` runs the tests marked ``clock`` a second time with ``--fake-now``
(see tests/README.md). These tests check that the moved clock reaches the
code paths that read "now", so that second pass has teeth.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hatewatch.collectors.twitter import TwitterCollector
from hatewatch.store import _now


def test_moved_clock_reaches_the_store_and_the_collectors():
    target = datetime(2030, 2, 3, 4, 5, tzinfo=UTC)
    collector = TwitterCollector(client=object())  # default clock: time.time
    with time_machine.travel(target, tick=False):
        assert _now() == target.replace(tzinfo=None)
        assert collector.clock() == target.timestamp()
        assert collector.provenance("q")["retrieved_at"] == target


def test_recorded_clock_stands_at_the_recording_time(recorded_clock):
    now = datetime.now(UTC)
    recorded = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert recorded <= now < recorded + timedelta(minutes=5)


def test_fake_now_option_moves_the_whole_session(request):
    value = request.config.getoption("--fake-now")
    if not value:
        pytest.skip("runs in make test's second pass (--fake-now)")
    wanted = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if wanted.tzinfo is None:
        wanted = wanted.replace(tzinfo=UTC)
    now = datetime.now(UTC)
    # the clock ticks on from the fake instant while the suite runs
    assert wanted <= now < wanted + timedelta(hours=2)
