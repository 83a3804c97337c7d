"""Rosters of politicians: who holds which office, with gender and handles.

A :class:`Roster` holds :class:`Politician` records, each with a stable id,
a gender from :data:`GENDERS`, office :class:`Spell` s (office from
:data:`OFFICES`, level, party, region, start and end date) and handles per
platform. :func:`load_roster` reads every supported format and keeps the
problems it finds in ``roster.problems`` instead of failing.

The canonical file format (written by :meth:`Roster.save`) is a UTF-8 TSV
with the columns of :data:`CANONICAL_COLUMNS`, one row per spell::

    politician_id  name  gender  office  party  region  start_date  end_date
    handle_twitter  handle_bluesky  handle_mastodon

Dates are ``YYYY-MM-DD`` (empty: unknown or open), several handles on one
platform are separated by ``;``, and a person without spells has one row with
an empty office.
"""

from __future__ import annotations

from hatewatch.roster.formats import (
    CANONICAL_COLUMNS,
    FORMATS,
    PARLAMINT_CORRECTIONS,
    combine,
    detect_format,
    load_councillors,
    load_openkamer,
    load_parlamint,
    load_roster,
    load_table,
    save_canonical,
)
from hatewatch.roster.model import (
    GENDERS,
    LEVELS,
    OFFICES,
    PLATFORMS,
    Politician,
    Roster,
    RosterProblem,
    Spell,
    normalize_gender,
    normalize_handle,
    normalize_office,
    slugify,
    validate,
)
from hatewatch.roster.tkapi import TK_ODATA_URL, fetch_tweedekamer, load_tk_odata

__all__ = [
    "CANONICAL_COLUMNS",
    "FORMATS",
    "GENDERS",
    "LEVELS",
    "OFFICES",
    "PARLAMINT_CORRECTIONS",
    "PLATFORMS",
    "TK_ODATA_URL",
    "Politician",
    "Roster",
    "RosterProblem",
    "Spell",
    "combine",
    "detect_format",
    "fetch_tweedekamer",
    "load_councillors",
    "load_openkamer",
    "load_parlamint",
    "load_roster",
    "load_table",
    "load_tk_odata",
    "normalize_gender",
    "normalize_handle",
    "normalize_office",
    "save_canonical",
    "slugify",
    "validate",
]
