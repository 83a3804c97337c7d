"""Shared fixtures. Expensive objects are built once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run with a throwaway pseudonymisation key, never a real one."""
    monkeypatch.setenv("HATEWATCH_PSEUDONYM_KEY", "test-key-not-a-secret")
