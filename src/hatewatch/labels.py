"""The label set shared by every classifier, dataset and report."""

from __future__ import annotations

HATE = "hate"
THREAT = "threat"
NEUTRAL = "neutral"

#: Labels in the canonical (sorted) order used for ``classes_`` and columns.
LABELS: tuple[str, ...] = (HATE, NEUTRAL, THREAT)

#: Labels that count as hostile in exposure analysis.
HOSTILE: frozenset[str] = frozenset({HATE, THREAT})


def check_label(value: object) -> str:
    """Return ``value`` as a canonical label or raise ``ValueError``."""
    label = str(value).strip().lower()
    if label not in LABELS:
        raise ValueError(
            f"unknown label {value!r}; expected one of {', '.join(LABELS)}"
        )
    return label
