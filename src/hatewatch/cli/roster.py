"""`hatewatch roster` (placeholder until implemented)."""

from __future__ import annotations

from hatewatch.cli._util import app  # noqa: F401
