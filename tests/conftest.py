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
