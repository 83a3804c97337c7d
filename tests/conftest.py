"""Shared fixtures. Expensive objects are built once per session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# No per-example deadline: a loaded 2-core CI machine makes timings noisy.
# On CI the examples are derandomized so a run is reproducible; locally they
# stay random, which is how new failures are found.
settings.register_profile("hatewatch", deadline=None, print_blob=True)
settings.register_profile(
    "hatewatch-ci", deadline=None, print_blob=True, derandomize=True
)
settings.load_profile("hatewatch-ci" if os.environ.get("CI") else "hatewatch")


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run with a throwaway pseudonymisation key, never a real one."""
    monkeypatch.setenv("HATEWATCH_PSEUDONYM_KEY", "test-key-not-a-secret")


# -- the clock ---------------------------------------------------------------
#
# No test may depend on the day it runs. Tests that replay recorded API
# responses freeze "now" at the time the responses were recorded
# (``recorded_clock``), and the whole suite can be run with the clock moved
# to any other instant (``--fake-now``) to prove it: `make test` does that for
# the tests marked ``clock`` (see ``pytest_collection_modifyitems``).

#: When the recorded responses in tests/data/ were written (2026-11-28, noon
#: UTC): their posts are from the hours and days before.
RECORDED_AT = "2026-11-28T12:00:00+00:00"

#: Test modules whose subject handles time (collection windows, checkpoints,
#: retention, provenance stamps, reports): marked ``clock`` so that the
#: shifted-clock pass of `make test` reruns them.
_CLOCK_MODULES = (
    "collect",
    "store",
    "privacy",
    "import",
    "purge",
    "report",
    "simulate",
    "roster",
    "exposure",
    "files",
    "triage",
    "score",
    "io",
    "example",
    "distributed",
    "date",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fake-now",
        default=os.environ.get("HATEWATCH_TEST_NOW") or None,
        metavar="ISO_TIME",
        help=(
            "run every test with the wall clock moved to this instant (it keeps "
            "ticking), e.g. 2031-06-15T03:00:00Z; also HATEWATCH_TEST_NOW"
        ),
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "clock: the test's subject handles time; rerun with --fake-now by make test",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    for item in items:
        name = item.path.name
        if any(key in name for key in _CLOCK_MODULES):
            item.add_marker(pytest.mark.clock)


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--fake-now")
    return f"clock moved to {value} (--fake-now)" if value else None


@pytest.fixture(scope="session", autouse=True)
def _fake_now(request: pytest.FixtureRequest):
    """Move the clock for the whole session when ``--fake-now`` is given."""
    value = request.config.getoption("--fake-now")
    if not value:
        yield None
        return
    import time_machine

    with time_machine.travel(_parse_instant(value), tick=True):
        yield value


@pytest.fixture
def recorded_clock():
    """Freeze "now" at :data:`RECORDED_AT`, when the recorded responses were made.

    Ticks on from there, so waits and durations behave; nested inside a
    ``--fake-now`` session it wins for the one test.
    """
    import time_machine

    with time_machine.travel(_parse_instant(RECORDED_AT), tick=True) as traveller:
        yield traveller


def _parse_instant(value: str):
    from datetime import UTC, datetime

    instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
