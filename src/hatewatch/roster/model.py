"""Roster records: politicians, their office spells and handles, and validation."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

logger = logging.getLogger(__name__)

#: The controlled office vocabulary (Dutch, snake case).
OFFICES: tuple[str, ...] = (
    "tweede_kamerlid",
    "eerste_kamerlid",
    "minister",
    "staatssecretaris",
    "europarlementarier",
    "commissaris_van_de_koning",
    "gedeputeerde",
    "statenlid",
    "burgemeester",
    "wethouder",
    "raadslid",
    "dijkgraaf",
    "waterschapsbestuurder",
)

#: office -> level of government.
LEVELS: dict[str, str] = {
    "tweede_kamerlid": "national",
    "eerste_kamerlid": "national",
    "minister": "national",
    "staatssecretaris": "national",
    "europarlementarier": "eu",
    "commissaris_van_de_koning": "provincial",
    "gedeputeerde": "provincial",
    "statenlid": "provincial",
    "burgemeester": "municipal",
    "wethouder": "municipal",
    "raadslid": "municipal",
    "dijkgraaf": "water_board",
    "waterschapsbestuurder": "water_board",
}

GENDERS: tuple[str, ...] = ("female", "male", "other", "unknown")

#: Platforms a roster keeps handles for (the canonical file has one column each).
PLATFORMS: tuple[str, ...] = ("twitter", "bluesky", "mastodon")

# Spelling variants seen in sources, normalised by `_office_key` first.
_OFFICE_ALIASES: dict[str, str] = {
    "tweede kamerlid": "tweede_kamerlid",
    "tweede kamer lid": "tweede_kamerlid",
    "lid tweede kamer": "tweede_kamerlid",
    "kamerlid": "tweede_kamerlid",
    "member tk": "tweede_kamerlid",
    "mp": "tweede_kamerlid",
    "member of parliament": "tweede_kamerlid",
    "member of the house of representatives": "tweede_kamerlid",
    "tweede kamer": "tweede_kamerlid",
    "eerste kamer": "eerste_kamerlid",
    "europees parlement": "europarlementarier",
    "eerste kamerlid": "eerste_kamerlid",
    "lid eerste kamer": "eerste_kamerlid",
    "senator": "eerste_kamerlid",
    "member ek": "eerste_kamerlid",
    "minister": "minister",
    "minister president": "minister",
    "premier": "minister",
    "prime minister": "minister",
    "minister zonder portefeuille": "minister",
    "staatssecretaris": "staatssecretaris",
    "secretary of state": "staatssecretaris",
    "secretaryofstate": "staatssecretaris",
    "state secretary": "staatssecretaris",
    "europarlementarier": "europarlementarier",
    "lid europees parlement": "europarlementarier",
    "mep": "europarlementarier",
    "member of the european parliament": "europarlementarier",
    "commissaris van de koning": "commissaris_van_de_koning",
    "cdk": "commissaris_van_de_koning",
    "king s commissioner": "commissaris_van_de_koning",
    "gedeputeerde": "gedeputeerde",
    "statenlid": "statenlid",
    "provinciale statenlid": "statenlid",
    "lid provinciale staten": "statenlid",
    "burgemeester": "burgemeester",
    "mayor": "burgemeester",
    "wethouder": "wethouder",
    "alderman": "wethouder",
    "raadslid": "raadslid",
    "gemeenteraadslid": "raadslid",
    "lid gemeenteraad": "raadslid",
    "councillor": "raadslid",
    "municipal councillor": "raadslid",
    "dijkgraaf": "dijkgraaf",
    "watergraaf": "dijkgraaf",
    "heemraad": "waterschapsbestuurder",
    "hoogheemraad": "waterschapsbestuurder",
    "waterschapsbestuurder": "waterschapsbestuurder",
    "algemeen bestuurslid waterschap": "waterschapsbestuurder",
}

_GENDER_ALIASES: dict[str, str] = {
    "female": "female",
    "f": "female",
    "v": "female",
    "vrouw": "female",
    "woman": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "other": "other",
    "x": "other",
    "non-binary": "other",
    "nonbinary": "other",
    "anders": "other",
    "unknown": "unknown",
    "onbekend": "unknown",
}


def _office_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def normalize_office(text: str | None) -> str | None:
    """Map an office name in Dutch or English to the vocabulary, or None.

    Parameters
    ----------
    text : str or None
        For example ``"Tweede Kamerlid"``, ``"member:TK"``, ``"Burgemeester"``
        or a vocabulary term such as ``"raadslid"``.

    Returns
    -------
    str or None
        A member of :data:`OFFICES`, or None when the text is not recognised.

    Examples
    --------
    >>> normalize_office("Tweede Kamerlid")
    'tweede_kamerlid'
    >>> normalize_office("member:TK")
    'tweede_kamerlid'
    >>> normalize_office("schout") is None
    True
    """
    if text is None:
        return None
    if text in LEVELS:
        return text
    return _OFFICE_ALIASES.get(_office_key(text))


def normalize_gender(text: str | None) -> str | None:
    """Map a gender value (``F``, ``vrouw``, ``female`` ...) to :data:`GENDERS`.

    Returns None for an empty or unrecognised value; callers decide whether
    that becomes ``unknown`` plus a problem.
    """
    if text is None:
        return None
    return _GENDER_ALIASES.get(text.strip().lower())


def normalize_handle(handle: str) -> str:
    """Lower-case a handle and strip whitespace, a leading ``@`` and a URL prefix.

    Examples
    --------
    >>> normalize_handle(" @MarkRutte ")
    'markrutte'
    >>> normalize_handle("https://twitter.com/MinPres")
    'minpres'
    """
    handle = handle.strip()
    handle = re.sub(r"^https?://(www\.)?(twitter|x)\.com/", "", handle, flags=re.I)
    handle = re.sub(r"^https?://bsky\.app/profile/", "", handle, flags=re.I)
    return handle.lstrip("@").strip().lower()


def slugify(text: str) -> str:
    """ASCII slug used for politician ids: ``"Joël Voordewind"`` -> ``joel-voordewind``.

    Accents are folded, so spellings with and without diacritics (a common
    difference between sources) give the same id.
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_date(text: str | None) -> date | None:
    """Parse ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date).

    Empty values give None; anything else unparsable raises ValueError.
    """
    if text is None:
        return None
    text = str(text).strip()
    if not text:
        return None
    return date.fromisoformat(text[:10])


@dataclass
class Spell:
    """One period in one office.

    ``start``/``end`` are inclusive; ``end`` None means still in office (or
    unknown, when ``start`` is None too).
    """

    office: str
    level: str
    party: str | None = None
    region: str | None = None
    start: date | None = None
    end: date | None = None

    def active_at(self, when: date) -> bool:
        """True when ``when`` lies inside this spell (open ends count as open)."""
        return (self.start is None or self.start <= when) and (
            self.end is None or when <= self.end
        )


@dataclass
class Politician:
    """A person with a stable id, gender, office spells and platform handles."""

    politician_id: str
    name: str
    gender: str = "unknown"
    spells: list[Spell] = field(default_factory=list)
    #: platform -> handles, lower case, no "@"
    handles: dict[str, list[str]] = field(default_factory=dict)

    def add_handle(self, platform: str, handle: str) -> None:
        """Add a handle (normalised) unless the person already has it."""
        handle = normalize_handle(handle)
        if not handle:
            return
        known = self.handles.setdefault(platform, [])
        if handle not in known:
            known.append(handle)

    def spell_at(self, when: date | None = None) -> Spell | None:
        """The spell in force at ``when``; else (or when None) the latest one."""
        if not self.spells:
            return None
        if when is not None:
            active = [s for s in self.spells if s.active_at(when)]
            if active:
                return max(active, key=_spell_order)
        return max(self.spells, key=_spell_order)


def _spell_order(spell: Spell) -> tuple[date, date]:
    # open end sorts last: the current spell is the "latest"
    return (spell.end or date.max, spell.start or date.min)


@dataclass
class RosterProblem:
    """One problem found while loading a roster, located by file, line and field."""

    path: str | None
    line: int | None
    field: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        if self.field is not None:
            where = (
                f"{where} field {self.field!r}" if where else f"field {self.field!r}"
            )
        shown = "" if self.value in (None, "") else f" (value {self.value!r})"
        return f"{where}: {self.message}{shown}" if where else self.message + shown


class Roster:
    """A list of politicians plus the problems met while loading them.

    Parameters
    ----------
    people : list of Politician
    problems : list of RosterProblem, optional
    name : str
        The roster's name in the store, e.g. ``"tk2021"``.

    Examples
    --------
    >>> from datetime import date
    >>> p = Politician("fleur-agema", "Fleur Agema", "female",
    ...                [Spell("tweede_kamerlid", "national", "PVV")],
    ...                {"twitter": ["fleuragemapvv"]})
    >>> roster = Roster([p], name="demo")
    >>> roster.handle_index("twitter")
    {'fleuragemapvv': 'fleur-agema'}
    """

    def __init__(
        self,
        people: list[Politician],
        problems: list[RosterProblem] | None = None,
        name: str = "roster",
    ) -> None:
        self.people = people
        self.problems = problems if problems is not None else []
        self.name = name

    def __len__(self) -> int:
        return len(self.people)

    def __iter__(self):
        return iter(self.people)

    def __repr__(self) -> str:
        return (
            f"Roster(name={self.name!r}, people={len(self.people)}, "
            f"problems={len(self.problems)})"
        )

    def __getitem__(self, politician_id: str) -> Politician:
        for person in self.people:
            if person.politician_id == politician_id:
                return person
        raise KeyError(politician_id)

    def handle_index(self, platform: str) -> dict[str, str]:
        """Map each handle on ``platform`` to its politician id.

        A handle claimed by two people (a validation problem) maps to the
        first of them in roster order.
        """
        index: dict[str, str] = {}
        for person in self.people:
            for handle in person.handles.get(platform, []):
                index.setdefault(handle, person.politician_id)
        return index

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The roster as three tables matching the store's roster tables.

        Returns
        -------
        dict of str to DataFrame
            ``people`` (politician_id, name, gender), ``spells`` (politician_id,
            office, level, party, region, start_date, end_date) and ``handles``
            (politician_id, platform, handle): the columns of
            ``roster_people``, ``roster_spells`` and ``roster_handles`` in
            :data:`hatewatch.store.SCHEMA`, without ``roster``.
        """
        import pandas as pd

        from hatewatch.store import ROSTER_COLUMNS

        people = pd.DataFrame(
            [(p.politician_id, p.name, p.gender) for p in self.people],
            columns=list(ROSTER_COLUMNS["people"]),
            dtype=object,
        )
        spells = pd.DataFrame(
            [
                (p.politician_id, s.office, s.level, s.party, s.region, s.start, s.end)
                for p in self.people
                for s in p.spells
            ],
            columns=list(ROSTER_COLUMNS["spells"]),
            dtype=object,
        )
        # the store keys handles by (platform, handle): a handle claimed by
        # two people (reported by validation) goes to the first, as in
        # handle_index
        owner = {
            pl: self.handle_index(pl)
            for pl in {pl for p in self.people for pl in p.handles}
        }
        handles = pd.DataFrame(
            [
                (p.politician_id, platform, h)
                for p in self.people
                for platform, hs in p.handles.items()
                for h in hs
                if owner[platform][h] == p.politician_id
            ],
            columns=list(ROSTER_COLUMNS["handles"]),
            dtype=object,
        )
        return {"people": people, "spells": spells, "handles": handles}

    def to_frame(self, at: date | None = None) -> pd.DataFrame:
        """One row per person with the spell in force at ``at`` (else the latest).

        Columns: politician_id, name, gender, office, level, party, region.
        People without any spell get empty office fields.
        """
        import pandas as pd

        rows = []
        for p in self.people:
            s = p.spell_at(at)
            rows.append(
                (
                    p.politician_id,
                    p.name,
                    p.gender,
                    s.office if s else None,
                    s.level if s else None,
                    s.party if s else None,
                    s.region if s else None,
                )
            )
        return pd.DataFrame(
            rows,
            columns=[
                "politician_id",
                "name",
                "gender",
                "office",
                "level",
                "party",
                "region",
            ],
            dtype=object,
        )

    def summary(self, at: date | None = None) -> dict[tuple[str, str], int]:
        """Count people by (office, gender), using :meth:`to_frame` semantics."""
        counts: Counter[tuple[str, str]] = Counter()
        for p in self.people:
            s = p.spell_at(at)
            counts[(s.office if s else "(none)", p.gender)] += 1
        return dict(counts)

    def save(self, path, *, force: bool = False) -> None:
        """Write the roster as canonical TSV (see :mod:`hatewatch.roster`)."""
        from hatewatch.roster.formats import save_canonical

        save_canonical(self, path, force=force)


def validate(roster: Roster, *, path: str | None = None, lines=None) -> None:
    """Add cross-row problems to ``roster.problems``: shared handles, overlaps, dates.

    Parameters
    ----------
    roster : Roster
    path : str, optional
        File name to put in the problems.
    lines : dict, optional
        ``politician_id -> first line number`` (and ``(politician_id, spell
        index) -> line``) so problems point at the row.
    """
    lines = lines or {}
    problems = roster.problems
    owners: dict[tuple[str, str], str] = {}
    for p in roster.people:
        for platform, handles in p.handles.items():
            for h in handles:
                other = owners.setdefault((platform, h), p.politician_id)
                if other != p.politician_id:
                    problems.append(
                        RosterProblem(
                            path,
                            lines.get(p.politician_id),
                            f"handle_{platform}",
                            h,
                            f"handle already belongs to {other!r}; "
                            f"also listed for {p.politician_id!r}",
                        )
                    )
    for p in roster.people:
        for i, s in enumerate(p.spells):
            line = lines.get((p.politician_id, i), lines.get(p.politician_id))
            for d, fname in ((s.start, "start_date"), (s.end, "end_date")):
                if d is not None and not (1800 <= d.year <= 2100):
                    problems.append(
                        RosterProblem(
                            path, line, fname, d.isoformat(), "impossible date"
                        )
                    )
            if s.start and s.end and s.end < s.start:
                problems.append(
                    RosterProblem(
                        path,
                        line,
                        "end_date",
                        s.end.isoformat(),
                        f"spell ends before it starts ({s.start.isoformat()})",
                    )
                )
        by_office: dict[str, list[tuple[int, Spell]]] = {}
        for i, s in enumerate(p.spells):
            if s.start is None and s.end is None:
                continue  # an undated spell says nothing about overlap
            by_office.setdefault(s.office, []).append((i, s))
        for office, spells in by_office.items():
            spells.sort(key=lambda t: t[1].start or date.min)
            # compare each spell with the one reaching furthest so far, so a
            # long spell that covers several later ones is caught
            reach: Spell | None = None
            for j, b in spells:
                if reach is not None and (b.start or date.min) < (
                    reach.end or date.max
                ):
                    problems.append(
                        RosterProblem(
                            path,
                            lines.get((p.politician_id, j), lines.get(p.politician_id)),
                            "start_date",
                            b.start.isoformat() if b.start else "",
                            f"{p.politician_id!r} has overlapping {office} spells "
                            f"({_fmt(reach)} and {_fmt(b)})",
                        )
                    )
                if reach is None or (b.end or date.max) > (reach.end or date.max):
                    reach = b


def _fmt(s: Spell) -> str:
    start = s.start.isoformat() if s.start else ""
    end = s.end.isoformat() if s.end else ""
    return f"{start}..{end}"


def log_summary(roster: Roster) -> None:
    """Log how many people were loaded and how many problems were found."""
    if roster.problems:
        logger.warning(
            "roster %r: %d people, %d problems (first: %s)",
            roster.name,
            len(roster.people),
            len(roster.problems),
            roster.problems[0],
        )
    else:
        logger.info("roster %r: %d people, no problems", roster.name, len(roster))
