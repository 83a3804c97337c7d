"""The Tweede Kamer open data API (OData v4): current members with party spells.

Documentation of the API: https://opendata.tweedekamer.nl/documentatie/odata-api
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hatewatch.errors import CredentialError, DataError, HatewatchError
from hatewatch.roster.formats import _Builder, _open_text, _parse_json
from hatewatch.roster.model import Roster, Spell, slugify

logger = logging.getLogger(__name__)

TK_ODATA_URL = "https://gegevensuitwisseling.tweedekamer.nl/OData/v4/2.0"
#: Members now in office; widen it (e.g. drop the Functie clause) for former members.
DEFAULT_FILTER = "Verwijderd eq false and Functie eq 'Tweede Kamerlid'"
#: Seat spells with their parliamentary group ("fractie").
DEFAULT_EXPAND = (
    "FractieZetelPersoon($filter=Verwijderd eq false;"
    "$expand=FractieZetel($expand=Fractie))"
)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_GESLACHT = {"vrouw": "female", "man": "male", "onbekend": "unknown"}


class TKApiError(HatewatchError, RuntimeError):
    """The Tweede Kamer API refused a request or kept failing after retries."""


class _UserAgentSession:
    """A `requests` session with a descriptive User-Agent (created lazily)."""

    def __init__(self) -> None:
        from hatewatch import __version__
        from hatewatch.errors import require

        # requests comes with the collectors extra (tweepy depends on it)
        requests = require("requests", "collectors")

        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"hatewatch/{__version__} (roster)"

    def get(self, url: str, params=None, timeout: float | None = None):
        return self._session.get(url, params=params, timeout=timeout)


def fetch_pages(
    session: Any = None,
    base_url: str = TK_ODATA_URL,
    *,
    filter: str = DEFAULT_FILTER,
    expand: str = DEFAULT_EXPAND,
    max_retries: int = 5,
    backoff: float = 1.0,
    timeout: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[tuple[str, dict]]:
    """Yield ``(url, page)`` for every page of ``Persoon``, following nextLink.

    Parameters
    ----------
    session : object, optional
        Anything with ``get(url, params=None, timeout=None)`` returning a
        response with ``status_code``, ``headers`` and ``json()`` (a
        ``requests.Session`` does). Tests inject recorded responses here.
    base_url : str
        The OData service root.
    filter, expand : str
        The ``$filter`` and ``$expand`` of the first request.
    max_retries : int
        Retries of one request after HTTP 429/5xx or a connection error.
    backoff : float
        First wait in seconds, doubled after each retry; ``Retry-After``
        from the server is used instead when given.
    sleep : callable
        Waits; replaced in tests.
    """
    session = session if session is not None else _UserAgentSession()
    url: str | None = f"{base_url.rstrip('/')}/Persoon"
    params: dict[str, str] | None = {"$filter": filter, "$expand": expand}
    while url:
        page = _get_json(session, url, params, max_retries, backoff, timeout, sleep)
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise TKApiError(f"{url}: answer has no 'value' list; not an OData page")
        yield url, page
        # nextLink already carries every query option
        url, params = page.get("@odata.nextLink"), None


def _get_json(session, url, params, max_retries, backoff, timeout, sleep):
    for attempt in range(max_retries + 1):
        try:
            response = session.get(url, params=params, timeout=timeout)
        except OSError as exc:  # requests' ConnectionError/Timeout subclass it
            status, reason, wait = None, f"{type(exc).__name__}: {exc}", None
        else:
            status = response.status_code
            if status == 200:
                try:
                    return response.json()
                except ValueError as exc:
                    raise TKApiError(f"{url}: answer is not JSON ({exc})") from exc
            if status in (401, 403):
                raise CredentialError(
                    f"Tweede Kamer API refused access ({status}) to {url}; the API "
                    "is public and needs no key, so check a proxy or firewall"
                )
            if status not in RETRY_STATUS:
                raise TKApiError(f"Tweede Kamer API answered HTTP {status} for {url}")
            reason = f"HTTP {status}"
            wait = _retry_after(response)
        if attempt == max_retries:
            break
        wait = wait if wait is not None else backoff * 2**attempt
        logger.warning("%s from %s; retry %d in %.1f s", reason, url, attempt + 1, wait)
        sleep(wait)
    raise TKApiError(f"{url}: still failing after {max_retries} retries ({reason})")


def _retry_after(response) -> float | None:
    """Seconds the server asks us to wait (never negative), or ``None``."""
    # the collectors' parser: seconds or an HTTP date, clamped at zero
    from hatewatch.collectors.base import parse_retry_after

    return parse_retry_after(getattr(response, "headers", None), now=time.time())


def fetch_tweedekamer(
    session: Any = None,
    base_url: str = TK_ODATA_URL,
    *,
    name: str = "tweedekamer",
    **kwargs,
) -> Roster:
    """Fetch members of the Tweede Kamer from the open data API into a Roster.

    Each ``FractieZetelPersoon`` (a seat held for a party group, with
    ``Van``/``TotEnMet``) becomes a ``tweede_kamerlid`` spell with the group's
    ``Afkorting`` as party. ``Geslacht`` ``vrouw``/``man`` gives the gender.
    Ids are name slugs (``Roepnaam Tussenvoegsel Achternaam``), with the
    birth year appended when two people share one, so they match the ids of
    the other roster sources. The API has no social-media handles here.

    Parameters
    ----------
    session, base_url
        See :func:`fetch_pages`; other keyword arguments go there too.
    name : str
        Roster name.

    Returns
    -------
    Roster

    Examples
    --------
    >>> roster = fetch_tweedekamer()  # doctest: +SKIP
    >>> roster.save("tk-now.tsv")  # doctest: +SKIP
    """
    pages = list(fetch_pages(session, base_url, **kwargs))
    return roster_from_odata(pages, name=name)


def load_tk_odata(path, *, name: str | None = None) -> Roster:
    """Load a saved OData answer: one page ``{"value": [...]}`` or a list of pages."""
    path = Path(path)
    data = _parse_json(_open_text(path), path)
    pages = data if isinstance(data, list) else [data]
    if not all(isinstance(p, dict) and isinstance(p.get("value"), list) for p in pages):
        raise DataError("not an OData answer (want a 'value' list)", path=str(path))
    return roster_from_odata([(str(path), p) for p in pages], name=name or path.stem)


def _fractie(seat: dict) -> dict:
    # $expand=FractieZetel($expand=Fractie) nests the group one level deeper
    # than a flattened export does; accept both
    zetel = seat.get("FractieZetel") or {}
    return zetel.get("Fractie") or seat.get("Fractie") or {}


def roster_from_odata(pages: list[tuple[str, dict]], *, name: str) -> Roster:
    """Turn ``(url, page)`` pairs of ``Persoon`` records into a Roster."""
    records = [
        (url, i, rec) for url, page in pages for i, rec in enumerate(page["value"])
    ]
    b = _Builder(pages[0][0] if pages else None, name)

    def full_name(rec: dict) -> str:
        first = rec.get("Roepnaam") or (rec.get("Voornamen") or "").split(" ")[0]
        parts = (first, rec.get("Tussenvoegsel"), rec.get("Achternaam"))
        return " ".join(p.strip() for p in parts if p and p.strip())

    births: dict[str, set[str]] = {}
    for _, _, rec in records:
        if not rec.get("Verwijderd"):
            births.setdefault(slugify(full_name(rec)), set()).add(
                (rec.get("Geboortedatum") or "")[:4]
            )
    for url, i, rec in records:
        where = f"value[{i}]"
        b.path = url
        if rec.get("Verwijderd"):
            continue  # deleted records are tombstones, not people
        full = full_name(rec)
        if not full:
            b.problem(None, f"{where}.Achternaam", rec.get("Id"), "no name; skipped")
            continue
        pid = slugify(full)
        if len(births[pid]) > 1:
            pid = f"{pid}-{(rec.get('Geboortedatum') or '')[:4] or rec.get('Id')}"
        raw = rec.get("Geslacht")
        gender = _GESLACHT.get((raw or "").strip().lower())
        if gender is None or gender == "unknown":
            b.problem(None, f"{where}.Geslacht", raw, "missing or unknown Geslacht")
            gender = "unknown"
        person = b.person(pid, full, gender, None)
        seats = [
            s for s in rec.get("FractieZetelPersoon") or [] if not s.get("Verwijderd")
        ]
        for j, seat in enumerate(seats):
            spot = f"{where}.FractieZetelPersoon[{j}]"
            party = _fractie(seat).get("Afkorting") or None
            b.spell(
                person,
                Spell(
                    "tweede_kamerlid",
                    "national",
                    party,
                    None,
                    b.date(seat.get("Van"), None, f"{spot}.Van"),
                    b.date(seat.get("TotEnMet"), None, f"{spot}.TotEnMet"),
                ),
                None,
            )
        if not seats and rec.get("Functie") == "Tweede Kamerlid":
            party = rec.get("Fractielabel") or None
            b.spell(person, Spell("tweede_kamerlid", "national", party), None)
    b.path = pages[0][0] if pages else None
    return b.finish()
