"""A two-person roster (Anna de Vries p1, Piet Jansen p2) as store frames."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def roster_frames(
    handles: Sequence[tuple[str, str, str]],
    offices: Sequence[str] = ("tweede_kamerlid", "tweede_kamerlid"),
    parties: Sequence[str | None] = (None, None),
) -> dict[str, pd.DataFrame]:
    """The people, spells and handles frames `Store.add_roster` takes.

    Parameters
    ----------
    handles : sequence of (politician_id, platform, handle)
        One row of the handles frame each.
    offices, parties : sequence of two
        The office and party of p1 and p2 (national spells without dates).
    """
    return {
        "people": pd.DataFrame(
            {
                "politician_id": ["p1", "p2"],
                "name": ["Anna de Vries", "Piet Jansen"],
                "gender": ["female", "male"],
            }
        ),
        "spells": pd.DataFrame(
            {
                "politician_id": ["p1", "p2"],
                "office": list(offices),
                "level": ["national", "national"],
                "party": list(parties),
                "region": [None, None],
                "start_date": [None, None],
                "end_date": [None, None],
            }
        ),
        "handles": pd.DataFrame(
            {
                "politician_id": [h[0] for h in handles],
                "platform": [h[1] for h in handles],
                "handle": [h[2] for h in handles],
            }
        ),
    }
