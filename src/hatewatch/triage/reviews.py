"""Reviewer labels back to the model: export, agreement and model precision.

* :func:`export_reviews` writes reviewed cases in the ``data/annotations``
  CSV format (``text, label, source, group, split, constructed`` then
  provenance columns), ready for ``hatewatch train``.
* :func:`agreement` gives Cohen's kappa and Krippendorff's alpha (nominal)
  between first and second reviewer.
* :func:`precision_by_band` gives the share of reviewed flagged cases that
  reviewers judged a threat, per priority band.
"""

from __future__ import annotations

import csv
import os
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.errors import OutputExistsError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "EXPORT_COLUMNS",
    "ReviewExport",
    "agreement",
    "cohen_kappa",
    "export_reviews",
    "krippendorff_alpha",
    "precision_by_band",
]

#: Columns of the export: the annotation format, then provenance.
EXPORT_COLUMNS: tuple[str, ...] = (
    "text",
    "label",
    "source",
    "group",
    "split",
    "constructed",
    "platform",
    "message_id",
    "first_label",
    "second_label",
    "second_decision",
    "model_label",
    "model_version",
    "p_threat",
    "priority",
)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels, one ``(first, second)`` per item.

    Returns None when undefined (no items, or both raters used one and the
    same category throughout, so chance agreement is 1).

    Examples
    --------
    >>> cohen_kappa([("threat", "threat"), ("hate", "hate"), ("threat", "hate")])
    0.4
    """
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[c] * second.get(c, 0) for c in first) / (n * n)
    if expected >= 1.0:
        return None
    return round((observed - expected) / (1.0 - expected), 4)


def krippendorff_alpha(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Krippendorff's alpha for nominal labels, two coders, no missing values.

    Built from the coincidence matrix: ``alpha = 1 - D_o / D_e`` with
    ``D_o`` the observed and ``D_e`` the expected disagreement. None when
    undefined (fewer than one item or a single category in all values).

    Examples
    --------
    Krippendorff's (2011) binary example with two coders gives 0.095:

    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha(list(zip(a, b))), 3)
    0.095
    """
    if not pairs:
        return None
    # every item adds (a, b) and (b, a) to the coincidence matrix
    values: Counter[str] = Counter()
    disagree = 0
    for a, b in pairs:
        values[a] += 1
        values[b] += 1
        disagree += 2 if a != b else 0
    n = 2 * len(pairs)
    expected = (n * n - sum(v * v for v in values.values())) / (n * (n - 1))
    if expected == 0:
        return None
    observed = disagree / n
    return round(1.0 - observed / expected, 4)


def agreement(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Agreement between first and second reviewer.

    Returns
    -------
    dict
        ``n`` (items reviewed twice), ``percent`` (share agreeing, 0-100),
        ``cohen_kappa``, ``krippendorff_alpha`` (None where undefined) and
        ``confusion`` (``{first: {second: n}}``).
    """
    pairs = [(str(a), str(b)) for a, b in pairs]
    confusion: dict[str, dict[str, int]] = {}
    for a, b in pairs:
        confusion.setdefault(a, {}).setdefault(b, 0)
        confusion[a][b] += 1
    n = len(pairs)
    return {
        "n": n,
        "percent": round(100.0 * sum(a == b for a, b in pairs) / n, 1) if n else None,
        "cohen_kappa": cohen_kappa(pairs),
        "krippendorff_alpha": krippendorff_alpha(pairs),
        "confusion": confusion,
    }


def precision_by_band(
    reviewed: Iterable[tuple[float, str, str | None]],
) -> list[dict[str, Any]]:
    """The model's precision per priority band on reviewed cases.

    Every case was flagged as a possible threat, so precision in a band is
    the share of its reviewed cases whose final (reviewer) label is
    ``threat``; ``hostile_precision`` also counts ``hate``.

    Parameters
    ----------
    reviewed : iterable of (priority, final_label, model_label)

    Returns
    -------
    list of dict
        One per band of :data:`hatewatch.triage.service.PRIORITY_BANDS`,
        high first: ``band``, ``low``, ``high``, ``n``, ``threat``,
        ``precision``, ``hostile_precision`` (None when ``n`` is 0).
    """
    from hatewatch.triage.service import PRIORITY_BANDS, band_of

    stats: dict[str, Counter[str]] = {n: Counter() for n, _, _ in PRIORITY_BANDS}
    for priority, final, _model in reviewed:
        c = stats[band_of(float(priority))]
        c["n"] += 1
        c["threat"] += final == "threat"
        c["hostile"] += final in ("threat", "hate")
    out = []
    for name, lo, hi in PRIORITY_BANDS:
        c = stats[name]
        n = c["n"]
        out.append(
            {
                "band": name,
                "low": lo,
                "high": min(hi, 1.0),
                "n": n,
                "threat": c["threat"],
                "precision": round(c["threat"] / n, 4) if n else None,
                "hostile_precision": round(c["hostile"] / n, 4) if n else None,
            }
        )
    return out


def split_of(group: str, source: str = "triage_reviews") -> str:
    """The split ``hatewatch train`` would give this group (80/10/10 by CRC-32)."""
    bucket = zlib.crc32(f"{source}:{group}".encode()) % 10
    return "train" if bucket < 8 else ("validation" if bucket == 8 else "test")


@dataclass
class ReviewExport:
    """What :func:`export_reviews` wrote and measured."""

    path: str
    rows: int = 0
    skipped_purged: int = 0
    agreement: dict[str, Any] = field(default_factory=dict)
    precision: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        a = self.agreement
        lines = [
            f"wrote {self.rows:,} reviewed cases to {self.path}"
            + (
                f" ({self.skipped_purged:,} with purged text left out)"
                if self.skipped_purged
                else ""
            ),
            f"first vs second reviewer: {a.get('n', 0)} cases reviewed twice, "
            f"agreement {_fmt(a.get('percent'))}%, "
            f"Cohen's kappa {_fmt(a.get('cohen_kappa'))}, "
            f"Krippendorff's alpha {_fmt(a.get('krippendorff_alpha'))}",
            "model precision (share judged a threat) per priority band:",
        ]
        for b in self.precision:
            lines.append(
                f"  {b['band']:<6} [{b['low']:.1f}, {b['high']:.1f}): "
                f"n={b['n']}, precision {_fmt(b['precision'])}, "
                f"threat or hate {_fmt(b['hostile_precision'])}"
            )
        return "\n".join(lines)


def _fmt(value: Any) -> str:
    return "n/a" if value is None else f"{value}"


def export_reviews(
    factory: sessionmaker[Session],
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    statuses: Sequence[str] = ("reviewed", "escalated", "closed"),
    include_single: bool = True,
) -> ReviewExport:
    """Write reviewed cases as labelled data and measure agreement and precision.

    Parameters
    ----------
    factory : sessionmaker
    path : str or path-like
        CSV file to write (refused if it exists, unless ``force``).
    force : bool, default False
    statuses : sequence of str
        Case statuses taken as reviewed.
    include_single : bool, default True
        Also export cases with only a first label (no second review);
        agreement is always computed on cases reviewed twice only.

    Returns
    -------
    ReviewExport
        Rows written; agreement and precision per band (over all reviewed
        cases, purged ones included since no text is needed to count them).
    """
    from sqlalchemy import select

    from hatewatch.triage.models import Case

    out = Path(path)
    if out.exists() and not force:
        raise OutputExistsError(f"{out} already exists; use --force to overwrite it")
    result = ReviewExport(path=str(out))
    pairs: list[tuple[str, str]] = []
    reviewed: list[tuple[float, str, str | None]] = []
    rows: list[dict[str, Any]] = []
    with factory() as session:
        stmt = (
            select(Case)
            .where(Case.status.in_(list(statuses)), Case.label.is_not(None))
            .order_by(Case.id)
        )
        for case in session.execute(stmt).unique().scalars():
            if case.first_label and case.second_label:
                pairs.append((case.first_label, case.second_label))
            elif not include_single:
                continue
            reviewed.append((case.priority, str(case.label), case.model_label))
            if case.text is None:
                result.skipped_purged += 1
                continue
            group = f"{case.platform}:{case.conversation_id or case.message_id}"
            rows.append(
                {
                    "text": case.text,
                    "label": case.label,
                    "source": "triage_reviews",
                    "group": group,
                    "split": split_of(group),
                    "constructed": "false",
                    "platform": case.platform,
                    "message_id": case.message_id,
                    "first_label": case.first_label or "",
                    "second_label": case.second_label or "",
                    "second_decision": case.second_decision or "",
                    "model_label": case.model_label or "",
                    "model_version": case.model_version,
                    "p_threat": f"{case.p_threat:.4f}",
                    "priority": f"{case.priority:.3f}",
                }
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    os.replace(tmp, out)
    result.rows = len(rows)
    result.agreement = agreement(pairs)
    result.precision = precision_by_band(reviewed)
    return result
