"""Simulated corpora with planted truth, to check the exposure estimators.

A simulated corpus has a roster, heavy-tailed message volumes per recipient,
true hostile shares that depend on gender and office, one heavy receiver who
holds a large part of all hostile messages (like Sigrid Kaag in the 2021
Groene Amsterdammer study), and a classifier with a known confusion matrix
applied to the true labels. Everything the estimators should recover is
returned in :class:`Truth`.

Ids in simulated frames are synthetic: ``message_id`` and ``author_id`` are
integers (cheap at 10 million rows); :func:`write_store` turns them into
strings inside DuckDB.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hatewatch.errors import DataError
from hatewatch.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DEFAULT_CONFUSION",
    "TK2021_ROSTER",
    "SimulatedCorpus",
    "SimulatedCounts",
    "SimulatedStudy",
    "Truth",
    "load_tk2021_roster",
    "simulate_corpus",
    "simulate_counts",
    "simulate_study",
    "synthetic_roster",
    "write_store",
]

logger = logging.getLogger(__name__)

#: Where the 2021 Tweede Kamer roster lives; override with
#: ``HATEWATCH_TK2021_ROSTER`` or the ``path`` argument.
TK2021_ROSTER = Path("/work/shared/data/rosters/tweedekamer-2021.tsv")

#: P(predicted | true), rows and columns in ``LABELS`` order
#: (hate, neutral, threat). Modelled on the classifier Amnesty (2018) had to
#: correct for: it finds fewer than half of the hostile messages (recall about
#: 0.45) and calls about 3% of neutral ones hostile, so at a 10% true rate
#: its precision is about 0.63 and the raw count underestimates.
DEFAULT_CONFUSION = np.array(
    [
        [0.42, 0.55, 0.03],
        [0.025, 0.97, 0.005],
        [0.10, 0.45, 0.45],
    ]
)

_HATE, _NEUTRAL, _THREAT = (LABELS.index(x) for x in ("hate", "neutral", "threat"))
_ROSTER_COLUMNS = ["politician_id", "name", "gender", "office", "level", "party"]


@dataclass
class Truth:
    """What a simulated corpus was generated from.

    Attributes
    ----------
    people : DataFrame
        One row per roster person: ``politician_id``, ``gender``, ``office``,
        ``volume`` (messages received), ``p_hostile`` and ``p_threat`` (true
        per-message probabilities), ``true_hostile`` and ``true_threat``
        (realised counts of truly hostile / threatening messages).
    groups : DataFrame
        Per gender: ``pooled_expected`` (sum of volume x p_hostile over sum of
        volume: the message-weighted share the corpus was planted with),
        ``pooled_realised`` (share of truly hostile messages actually drawn),
        ``person_mean`` (mean p_hostile over people with messages) and
        ``heavy_share_of_hostile`` (the heavy receiver's share of the group's
        truly hostile messages).
    confusion : ndarray
        The classifier's P(predicted | true), ``LABELS`` order.
    heavy_receiver : str
        ``politician_id`` of the planted heavy receiver.
    spike_days : list
        Days (``datetime.date``) on which the heavy receiver got a burst.
    """

    people: pd.DataFrame
    groups: pd.DataFrame
    confusion: np.ndarray
    heavy_receiver: str
    spike_days: list = field(default_factory=list)


@dataclass
class SimulatedCorpus:
    """A simulated corpus: the long message frame, the roster and the truth.

    Attributes
    ----------
    messages : DataFrame
        One row per (message, recipient): ``platform, message_id,
        politician_id, relation, created_at, author_id, label, p_hate,
        p_threat, p_neutral`` (``label`` is the classifier's prediction) plus
        ``true_label``, which a real corpus does not have.
    roster : DataFrame
        ``politician_id, name, gender, office, level, party``.
    truth : Truth
        The planted truth.
    validation : DataFrame
        A labelled validation sample drawn from the corpus by the chosen
        design: ``label`` (gold), ``predicted``, the recipient's ``gender``
        and ``office``, the design ``stratum`` and ``weight`` (inverse
        inclusion probability).
    """

    messages: pd.DataFrame
    roster: pd.DataFrame
    truth: Truth
    validation: pd.DataFrame


def synthetic_roster(
    n_people: int = 150, *, share_female: float = 0.4, seed: int | None = 0
) -> pd.DataFrame:
    """Make a made-up roster with varied gender, office and party.

    Parameters
    ----------
    n_people : int
        Number of people.
    share_female : float
        Expected share of women.
    seed : int or None
        Random seed.

    Returns
    -------
    DataFrame
        ``politician_id, name, gender, office, level, party``.

    Examples
    --------
    >>> r = synthetic_roster(20, seed=1)
    >>> list(r.columns)
    ['politician_id', 'name', 'gender', 'office', 'level', 'party']
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    gender = np.where(rng.random(n_people) < share_female, "female", "male")
    office = rng.choice(
        ["tweede_kamerlid", "minister", "raadslid"], n_people, p=[0.6, 0.1, 0.3]
    )
    level = np.where(office == "raadslid", "municipal", "national")
    party = rng.choice(
        ["VVD", "D66", "PVV", "CDA", "SP", "PvdA", "GL"],
        n_people,
        p=[0.25, 0.2, 0.15, 0.12, 0.1, 0.1, 0.08],
    )
    ids = [f"p{i:05d}" for i in range(n_people)]
    return pd.DataFrame(
        {
            "politician_id": ids,
            "name": [f"Persoon {i}" for i in range(n_people)],
            "gender": gender,
            "office": office,
            "level": level,
            "party": party,
        }
    )


def load_tk2021_roster(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read the 2021 Tweede Kamer roster into a roster frame.

    Uses :func:`hatewatch.roster.load_roster` when the roster package is
    installed, else a small reader of the shared TSV. People listed twice
    (Mark Rutte has two handles) become one row.

    Parameters
    ----------
    path : path-like, optional
        Default: ``$HATEWATCH_TK2021_ROSTER``, else :data:`TK2021_ROSTER`
        (shared data), else the repository's ``data/rosters/tk2021.tsv``.

    Returns
    -------
    DataFrame
        ``politician_id, name, gender, office, level, party``.
    """
    path = _tk2021_path(path)
    try:
        from hatewatch.roster import load_roster
    except ImportError:  # pragma: no cover - roster package absent
        return _read_tk2021(path)
    frame = load_roster(path).to_frame()
    return frame.drop_duplicates("politician_id")[_ROSTER_COLUMNS].reset_index(
        drop=True
    )


def _tk2021_path(path: str | os.PathLike[str] | None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("HATEWATCH_TK2021_ROSTER")
    if env:
        return Path(env)
    bundled = Path(__file__).resolve().parents[2] / "data" / "rosters" / "tk2021.tsv"
    return TK2021_ROSTER if TK2021_ROSTER.exists() or not bundled.exists() else bundled


def _read_tk2021(path: Path) -> pd.DataFrame:
    import pandas as pd

    if not path.exists():
        raise DataError("roster file not found", path=str(path))
    frame = pd.read_csv(path, sep="\t", dtype=str)
    for column in ("name", "party", "office", "gender"):
        if column not in frame.columns:
            raise DataError("missing column", path=str(path), line=1, field=column)
    frame = frame.drop_duplicates("name").reset_index(drop=True)
    office = frame["office"].str.strip().str.lower().str.replace(" ", "_")
    return pd.DataFrame(
        {
            "politician_id": [_slug(n) for n in frame["name"]],
            "name": frame["name"],
            "gender": frame["gender"].str.strip().str.lower(),
            "office": office,
            "level": "national",
            "party": frame["party"],
        }
    )


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
    return "-".join(ascii_name.decode().lower().split())


def _roster_frame(roster: Any, seed: int | None) -> pd.DataFrame:
    import pandas as pd

    if roster is None or (isinstance(roster, str) and roster == "synthetic"):
        return synthetic_roster(seed=seed)
    if isinstance(roster, str) and roster == "tk2021":
        return load_tk2021_roster()
    if isinstance(roster, str | os.PathLike):
        return load_tk2021_roster(roster)
    frame = pd.DataFrame(roster).copy()
    missing = [c for c in _ROSTER_COLUMNS if c not in frame.columns]
    for column in missing:
        if column in ("politician_id", "gender"):
            raise DataError("roster frame lacks a column", field=column)
        frame[column] = "unknown"
    return frame[_ROSTER_COLUMNS].reset_index(drop=True)


def _person_rates(
    roster: pd.DataFrame,
    volume: np.ndarray,
    heavy: int,
    rng: np.random.Generator,
    *,
    shares: dict[str, float],
    office_effect: dict[str, float],
    heavy_share: float,
    concentration: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-person p_hostile with group pooled shares matching ``shares``."""
    gender = roster["gender"].to_numpy()
    office = roster["office"].to_numpy()
    p = np.zeros(len(roster))
    default = shares.get("male", 0.05)
    for g in np.unique(gender):
        members = np.flatnonzero(gender == g)
        target = shares.get(g, default)
        others = members[members != heavy]
        mult = np.array([office_effect.get(o, 1.0) for o in office[others]])
        # person-level heterogeneity around the office-adjusted mean
        base = np.clip(target * mult, 1e-4, 0.9)
        raw = rng.beta(base * concentration, (1 - base) * concentration)
        p[others] = raw
        if heavy in members:
            p[heavy] = heavy_share
        # rescale so the message-weighted share is exactly the planted one
        hostile_heavy = volume[heavy] * heavy_share if heavy in members else 0.0
        rest = max(target * volume[members].sum() - hostile_heavy, 0.0)
        current = (volume[others] * p[others]).sum()
        if current > 0:
            p[others] = np.clip(p[others] * rest / current, 0.0, 0.95)
    return p, gender


def _volumes(n: int, total: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    raw = rng.lognormal(0.0, sigma, n)
    vol = np.floor(raw / raw.sum() * total).astype(np.int64)
    return np.maximum(vol, 1)


def simulate_corpus(
    roster: Any = None,
    *,
    n_messages: int = 50_000,
    shares: dict[str, float] | None = None,
    office_effect: dict[str, float] | None = None,
    threat_fraction: float = 0.1,
    volume_sigma: float = 1.5,
    heavy_receiver: str | None = "Sigrid Kaag",
    heavy_share: float = 0.22,
    heavy_fraction: float | None = 0.36,
    concentration: float = 20.0,
    confusion: np.ndarray | dict[str, np.ndarray] | None = None,
    validation_size: int = 600,
    validation_design: str = "predicted",
    n_senders: int | None = None,
    start: str = "2020-10-01",
    days: int = 149,
    seed: int | None = 0,
) -> SimulatedCorpus:
    """Simulate a scored corpus of messages to politicians with planted truth.

    Parameters
    ----------
    roster : DataFrame, path, ``"tk2021"``, ``"synthetic"`` or None
        Who receives messages. None or ``"synthetic"``: :func:`synthetic_roster`;
        ``"tk2021"`` or a path: :func:`load_tk2021_roster`.
    n_messages : int
        Approximate total number of (message, recipient) rows.
    shares : dict
        True message-weighted hostile share per gender, e.g.
        ``{"female": 0.10, "male": 0.07}`` (the default).
    office_effect : dict
        Multiplier on a person's expected share by office (before the group is
        rescaled to its planted share), e.g. ``{"minister": 1.5}``.
    threat_fraction : float
        Share of truly hostile messages that are threats (the rest are hate).
    volume_sigma : float
        Sigma of the lognormal per-person volume (heavier tail when larger).
    heavy_receiver : str or None
        Name or ``politician_id`` of the heavy receiver; when not in the
        roster, the first woman is used. None: the first woman.
    heavy_share : float
        The heavy receiver's true hostile share.
    heavy_fraction : float or None
        Share of her gender's hostile messages she receives (her volume is set
        to make this true in expectation). None: volume drawn like the others.
    concentration : float
        Beta concentration of person-level shares around their mean (smaller:
        more heterogeneous people).
    confusion : ndarray or dict
        3x3 P(predicted | true) in ``LABELS`` order; default
        :data:`DEFAULT_CONFUSION`. A dict maps gender to its own matrix
        (differential error: the classifier misses more hostile messages to
        one group); genders not in it get :data:`DEFAULT_CONFUSION`.
    validation_size : int
        Size of the labelled validation sample (pairs), drawn without
        replacement from the corpus by ``validation_design``.
    validation_design : {"predicted", "random", "gender"}
        ``predicted``: stratified by gender x predicted label (hostile or
        not), equal allocation, so predicted-hostile pairs are oversampled
        (what studies do when hostility is rare); ``random``: a simple
        random sample; ``gender``: stratified by gender, equal allocation.
        The sample's ``weight`` column is the inverse inclusion probability.
    n_senders : int
        Number of distinct (synthetic) senders; default ``n_messages // 5``.
    start, days : str, int
        The collection period.
    seed : int or None
        Random seed.

    Returns
    -------
    SimulatedCorpus

    Examples
    --------
    >>> sim = simulate_corpus(n_messages=5_000, seed=1)
    >>> sorted(sim.truth.groups.index)
    ['female', 'male']
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    shares = {"female": 0.10, "male": 0.07} if shares is None else dict(shares)
    office_effect = {"minister": 1.5} if office_effect is None else office_effect
    confusion = DEFAULT_CONFUSION if confusion is None else confusion
    if isinstance(confusion, dict):
        confusion = {str(g): np.asarray(c, float) for g, c in confusion.items()}
        for c in confusion.values():
            _check_confusion(c)
    else:
        confusion = np.asarray(confusion, float)
        _check_confusion(confusion)
    if validation_design not in ("predicted", "random", "gender"):
        raise ValueError(
            "validation_design must be predicted, random or gender, not "
            f"{validation_design!r}"
        )
    frame = _roster_frame(roster, seed)
    k = len(frame)
    if k == 0:
        raise DataError("the roster is empty")

    heavy = _pick_heavy(frame, heavy_receiver)
    volume = _volumes(k, n_messages, volume_sigma, rng)
    gender = frame["gender"].to_numpy()
    if heavy_fraction is not None:
        g = gender[heavy]
        others = (gender == g) & (np.arange(k) != heavy)
        target = shares.get(g, shares.get("male", 0.05))
        # hostile_heavy = f * target * (V_others + v_h)  =>  solve for v_h
        f = heavy_fraction
        denom = heavy_share - f * target
        if denom > 0:
            volume[heavy] = max(1, int(f * target * volume[others].sum() / denom))
    p_hostile, _ = _person_rates(
        frame,
        volume,
        heavy,
        rng,
        shares=shares,
        office_effect=office_effect,
        heavy_share=heavy_share,
        concentration=concentration,
    )
    p_threat = p_hostile * threat_fraction

    n = int(volume.sum())
    recipient = np.repeat(np.arange(k, dtype=np.int32), volume)
    u = rng.random(n)
    true = np.full(n, _NEUTRAL, dtype=np.int8)
    true[u < p_hostile[recipient]] = _HATE
    true[u < p_threat[recipient]] = _THREAT
    if isinstance(confusion, dict):
        pred = np.empty_like(true)
        genders = frame["gender"].to_numpy()[recipient]
        for g in np.unique(genders):
            m = genders == g
            pred[m] = _apply_confusion(
                true[m], confusion.get(str(g), DEFAULT_CONFUSION), rng
            )
    else:
        pred = _apply_confusion(true, confusion, rng)

    t0 = np.datetime64(start, "s")
    seconds = rng.integers(0, days * 86400, n)
    spike_days = []
    heavy_rows = np.flatnonzero(recipient == heavy)
    if len(heavy_rows) > 50:
        n_spikes = 3
        spike_offsets = np.sort(rng.choice(days, n_spikes, replace=False))
        burst = heavy_rows[rng.random(len(heavy_rows)) < 0.15]
        chosen = spike_offsets[rng.integers(0, n_spikes, len(burst))]
        seconds[burst] = chosen * 86400 + rng.integers(0, 86400, len(burst))
        spike_days = [
            (np.datetime64(start, "D") + int(d)).astype(object) for d in spike_offsets
        ]
    created = t0 + seconds.astype("timedelta64[s]")

    n_senders = max(10, n // 5) if n_senders is None else n_senders
    author = _senders(true, n_senders, rng)
    relation = rng.choice(np.arange(3, dtype=np.int8), n, p=[0.6, 0.3, 0.1])
    # a plausible probability row: the predicted label gets 0.7
    probs = np.full((n, 3), 0.15)
    probs[np.arange(n), pred] = 0.70

    label_cat = pd.Categorical.from_codes(pred, categories=list(LABELS))
    messages = pd.DataFrame(
        {
            "platform": pd.Categorical.from_codes(
                np.zeros(n, dtype=np.int8), categories=["twitter"]
            ),
            "message_id": np.arange(n, dtype=np.int64),
            "politician_id": pd.Categorical.from_codes(
                recipient, categories=frame["politician_id"].tolist()
            ),
            "relation": pd.Categorical.from_codes(
                relation, categories=["mention", "reply", "quote"]
            ),
            "created_at": created.astype("datetime64[us]"),
            "author_id": author,
            "label": label_cat,
            "p_hate": probs[:, _HATE],
            "p_threat": probs[:, _THREAT],
            "p_neutral": probs[:, _NEUTRAL],
            "true_label": pd.Categorical.from_codes(true, categories=list(LABELS)),
        }
    )

    true_hostile = np.bincount(recipient, weights=true != _NEUTRAL, minlength=k)
    true_threat = np.bincount(recipient, weights=true == _THREAT, minlength=k)
    people = frame[["politician_id", "gender", "office"]].copy()
    people["volume"] = volume
    people["p_hostile"] = p_hostile
    people["p_threat"] = p_threat
    people["true_hostile"] = true_hostile.astype(np.int64)
    people["true_threat"] = true_threat.astype(np.int64)
    groups = _truth_groups(people, heavy)
    validation = _validation_sample(
        messages, true, pred, frame, recipient, validation_size, validation_design, rng
    )
    truth = Truth(
        people=people,
        groups=groups,
        confusion=confusion,
        heavy_receiver=str(frame["politician_id"].iloc[heavy]),
        spike_days=spike_days,
    )
    logger.debug("simulated %d messages to %d recipients", n, k)
    return SimulatedCorpus(messages, frame, truth, validation)


def _check_confusion(confusion: np.ndarray) -> None:
    if confusion.shape != (3, 3) or not np.allclose(confusion.sum(axis=1), 1.0):
        raise DataError(
            "confusion must be 3x3 with rows P(predicted | true) summing to 1, "
            f"got shape {confusion.shape}"
        )


def _pick_heavy(frame: pd.DataFrame, heavy: str | None) -> int:
    if heavy is not None:
        hit = np.flatnonzero(
            (frame["name"] == heavy).to_numpy()
            | (frame["politician_id"] == heavy).to_numpy()
        )
        if len(hit):
            return int(hit[0])
    women = np.flatnonzero((frame["gender"] == "female").to_numpy())
    return int(women[0]) if len(women) else 0


def _apply_confusion(
    true: np.ndarray, confusion: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    cum = np.cumsum(confusion, axis=1)
    v = rng.random(len(true))
    rows = cum[true]
    return (v[:, None] > rows[:, :2]).sum(axis=1).astype(np.int8)


def _senders(true: np.ndarray, n_senders: int, rng: np.random.Generator) -> np.ndarray:
    """Zipf-like senders; hostile messages come from a smaller, busier pool."""
    n = len(true)
    author = np.empty(n, dtype=np.int64)
    hostile = true != _NEUTRAL
    pools = ((~hostile, n_senders, 1.1), (hostile, max(2, n_senders // 10), 1.3))
    offset = 0
    for mask, size, alpha in pools:
        weights = np.arange(1, size + 1, dtype=float) ** -alpha
        cdf = np.cumsum(weights / weights.sum())
        draws = np.searchsorted(cdf, rng.random(int(mask.sum())), side="right")
        author[mask] = offset + np.minimum(draws, size - 1)
        offset += size
    return author


def _truth_groups(people: pd.DataFrame, heavy: int) -> pd.DataFrame:
    import pandas as pd

    rows = {}
    for g, sub in people.groupby("gender", sort=True):
        vol = sub["volume"].to_numpy(float)
        hostile = sub["true_hostile"].to_numpy(float)
        is_heavy = sub.index.to_numpy() == heavy
        rows[g] = {
            "pooled_expected": float((vol * sub["p_hostile"]).sum() / vol.sum()),
            "pooled_realised": float(hostile.sum() / vol.sum()),
            "person_mean": float(sub["p_hostile"][vol > 0].mean()),
            "heavy_share_of_hostile": float(
                hostile[is_heavy].sum() / max(hostile.sum(), 1)
            ),
            "n_recipients": len(sub),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _validation_sample(
    messages: pd.DataFrame,
    true: np.ndarray,
    pred: np.ndarray,
    roster: pd.DataFrame,
    recipient: np.ndarray,
    size: int,
    design: str,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw a labelled sample the way a study would, with weights."""
    import pandas as pd

    gender = roster["gender"].to_numpy()[recipient]
    flagged = pred != _NEUTRAL
    if design == "random":
        stratum = np.array(["all"] * len(true), dtype=object)
    elif design == "gender":
        stratum = gender.astype(object)
    else:
        cell = np.where(flagged, "|predicted hostile", "|predicted neutral")
        stratum = np.char.add(gender.astype(str), cell).astype(object)
    names, codes = np.unique(stratum, return_inverse=True)
    sizes = np.bincount(codes, minlength=len(names))
    if design == "random":
        take = np.array([min(size, len(true))])
    else:
        from hatewatch.exposure.design import allocate

        take = allocate(sizes[:, None], size, allocation="equal", min_items=0)[:, 0]
    picks, weights = [], []
    for i in range(len(names)):
        members = np.flatnonzero(codes == i)
        chosen = rng.choice(members, int(take[i]), replace=False)
        picks.append(chosen)
        weights.append(np.full(len(chosen), len(members) / max(len(chosen), 1)))
    pick = np.concatenate(picks)
    labels = np.array(LABELS)
    return pd.DataFrame(
        {
            "message_id": messages["message_id"].to_numpy()[pick],
            "label": labels[true[pick]],
            "predicted": labels[pred[pick]],
            "gender": gender[pick],
            "office": roster["office"].to_numpy()[recipient[pick]],
            "stratum": stratum[pick],
            "weight": np.concatenate(weights),
        }
    )


@dataclass
class SimulatedCounts:
    """Per-recipient predicted-label counts for many replications at once.

    Attributes
    ----------
    pred : ndarray, shape (reps, k, 3)
        Counts of predicted labels per replication and recipient.
    true : ndarray, shape (reps, k, 3)
        Counts of true labels.
    volume : ndarray, shape (reps, k)
    p_hostile : ndarray, shape (reps, k)
        True per-person hostile probabilities.
    truth : float
        The superpopulation message-weighted hostile share,
        E[volume x p] / E[volume], which a cluster bootstrap over recipients
        targets (volume and p are independent here, so it equals the mean
        of the Beta distribution).
    validation : ndarray, shape (reps, 3, 3)
        Confusion counts (rows true, columns predicted) of a labelled
        validation sample per replication: half truly hostile (split into
        hate and threat by ``threat_fraction``), half truly neutral.
    """

    pred: np.ndarray
    true: np.ndarray
    volume: np.ndarray
    p_hostile: np.ndarray
    truth: float
    validation: np.ndarray


def simulate_counts(
    reps: int,
    k: int,
    *,
    mean_share: float = 0.10,
    concentration: float = 20.0,
    mean_volume: float = 200.0,
    volume_sigma: float = 1.0,
    threat_fraction: float = 0.1,
    confusion: np.ndarray | None = None,
    validation_size: int = 600,
    seed: int | None = 0,
) -> SimulatedCounts:
    """Simulate per-recipient label counts for ``reps`` independent corpora.

    Each replication draws ``k`` new people (lognormal volumes, Beta hostile
    shares), their true labels and the classifier's predictions, all as
    multinomial counts (no per-message rows), so hundreds of replications
    take milliseconds.

    Parameters
    ----------
    reps, k : int
        Replications and recipients per replication.
    mean_share : float
        Mean of the Beta distribution of person-level hostile shares.
    concentration : float
        Beta concentration (alpha + beta).
    mean_volume, volume_sigma : float
        Lognormal volume per person (mean and log-scale sigma).
    threat_fraction : float
        Share of hostile messages that are threats.
    confusion : ndarray
        P(predicted | true), ``LABELS`` order.
    validation_size : int
        Size of each replication's labelled validation sample.
    seed : int or None

    Returns
    -------
    SimulatedCounts
    """
    rng = np.random.default_rng(seed)
    confusion = DEFAULT_CONFUSION if confusion is None else np.asarray(confusion)
    _check_confusion(confusion)
    mu = np.log(mean_volume) - volume_sigma**2 / 2
    volume = np.maximum(1, np.round(rng.lognormal(mu, volume_sigma, (reps, k)))).astype(
        np.int64
    )
    a, b = mean_share * concentration, (1 - mean_share) * concentration
    p = rng.beta(a, b, (reps, k))
    probs = np.zeros((reps, k, 3))
    probs[..., _HATE] = p * (1 - threat_fraction)
    probs[..., _THREAT] = p * threat_fraction
    probs[..., _NEUTRAL] = 1 - p
    true = _multinomial(volume, probs, rng)
    pred = np.zeros_like(true)
    for c in range(3):
        pred += _multinomial(
            true[..., c], np.broadcast_to(confusion[c], probs.shape), rng
        )
    half = validation_size // 2
    n_threat = max(1, int(round(half * threat_fraction)))
    per_class = np.zeros(3, dtype=np.int64)
    per_class[[_HATE, _NEUTRAL, _THREAT]] = [
        half - n_threat,
        validation_size - half,
        n_threat,
    ]
    validation = np.stack(
        [rng.multinomial(per_class[c], confusion[c], size=reps) for c in range(3)],
        axis=1,
    )
    return SimulatedCounts(pred, true, volume, p, mean_share, validation)


def _multinomial(
    n: np.ndarray, probs: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Multinomial draws with per-cell probabilities via sequential binomials."""
    out = np.zeros(probs.shape, dtype=np.int64)
    remaining = n.astype(np.int64)
    left = np.ones(n.shape)
    for c in range(probs.shape[-1] - 1):
        q = np.clip(
            np.divide(probs[..., c], left, where=left > 0, out=np.zeros(n.shape)), 0, 1
        )
        out[..., c] = rng.binomial(remaining, q)
        remaining = remaining - out[..., c]
        left = left - probs[..., c]
    out[..., -1] = remaining
    return out


@dataclass
class SimulatedStudy:
    """Many two-group corpora with model labels and a validation sample each.

    Binary outcome (hostile or not). Group 0 is ``female``, group 1 ``male``.

    Attributes
    ----------
    h, n, y : ndarray, shape (reps, K)
        Per recipient: pairs the model labels hostile, all pairs, truly
        hostile pairs.
    group : ndarray of int, shape (K,)
        Each recipient's group.
    corpus : ndarray, shape (reps, 2, 2, 2)
        Pairs per (group, predicted 0/1, true 0/1) in each corpus.
    validation : ndarray, shape (reps, 2, 2, 2)
        Labelled items per (group, predicted, true), drawn without
        replacement from the corpus by ``design``.
    truth_pooled, truth_mean : ndarray, shape (reps, 2)
        Finite-population truth of the corpus at hand: the share of truly
        hostile pairs, and the mean over recipients of their truly hostile
        share.
    design : str
    """

    h: np.ndarray
    n: np.ndarray
    y: np.ndarray
    group: np.ndarray
    corpus: np.ndarray
    validation: np.ndarray
    truth_pooled: np.ndarray
    truth_mean: np.ndarray
    design: str


def simulate_study(
    reps: int,
    k: int | tuple[int, int] = 60,
    *,
    shares: tuple[float, float] = (0.10, 0.07),
    concentration: float = 20.0,
    mean_volume: float = 200.0,
    volume_sigma: float = 1.0,
    heavy: float | None = None,
    sensitivity: tuple[float, float] = (0.55, 0.55),
    false_positive: tuple[float, float] = (0.03, 0.03),
    design: str = "predicted",
    n_validation: int = 600,
    seed: int | None = 0,
) -> SimulatedStudy:
    """Simulate ``reps`` corpora of two groups, model labels and validation.

    Each replication draws new people (lognormal volumes, Beta hostile
    shares around the group's share), their truly hostile pairs, the
    model's labels with the group's own sensitivity and false-positive rate
    (differential error when they differ), and a validation sample drawn
    without replacement from that corpus. Vectorised over replications.

    Parameters
    ----------
    reps : int
    k : int or (int, int)
        Recipients per group.
    shares : (float, float)
        Mean hostile share of each group's people.
    concentration : float
        Beta concentration (smaller: more heterogeneous people).
    mean_volume, volume_sigma : float
        Lognormal volume per person.
    heavy : float or None
        If set, the first person of group 0 receives ``heavy`` times the
        group's total volume of the others (a Kaag-like receiver) with a
        share twice the group's.
    sensitivity, false_positive : (float, float)
        P(predicted hostile | truly hostile) and P(predicted hostile |
        not hostile) per group.
    design : {"predicted", "random", "gender", "predicted-only"}
        ``predicted``: strata group x predicted label, equal allocation;
        ``predicted-only``: strata predicted label (both groups mixed),
        equal allocation; ``random``: simple random; ``gender``: strata
        group, equal allocation.
    n_validation : int
    seed : int or None

    Returns
    -------
    SimulatedStudy
    """
    rng = np.random.default_rng(seed)
    ks = (k, k) if isinstance(k, int) else tuple(k)
    group = np.repeat([0, 1], ks)
    K = len(group)
    mu = np.log(mean_volume) - volume_sigma**2 / 2
    n = np.maximum(1, np.round(rng.lognormal(mu, volume_sigma, (reps, K))))
    share = np.asarray(shares, float)[group]
    p = rng.beta(share * concentration, (1 - share) * concentration, (reps, K))
    if heavy is not None:
        others = n[:, 1 : ks[0]].sum(1)
        n[:, 0] = np.round(heavy * others)
        p[:, 0] = min(2 * shares[0], 0.9)
    n = n.astype(np.int64)
    y = rng.binomial(n, p)
    sens = np.asarray(sensitivity, float)[group]
    fpr = np.asarray(false_positive, float)[group]
    tp = rng.binomial(y, sens)
    fp = rng.binomial(n - y, fpr)
    h = tp + fp
    corpus = np.zeros((reps, 2, 2, 2), dtype=np.int64)
    for g in (0, 1):
        m = group == g
        corpus[:, g, 1, 1] = tp[:, m].sum(1)
        corpus[:, g, 1, 0] = fp[:, m].sum(1)
        corpus[:, g, 0, 1] = (y - tp)[:, m].sum(1)
        corpus[:, g, 0, 0] = (n - y - fp)[:, m].sum(1)
    validation = _draw_study_validation(corpus, design, n_validation, rng)
    truth_pooled = np.stack(
        [y[:, group == g].sum(1) / n[:, group == g].sum(1) for g in (0, 1)], axis=1
    )
    truth_mean = np.stack([(y / n)[:, group == g].mean(1) for g in (0, 1)], axis=1)
    return SimulatedStudy(
        h, n, y, group, corpus, validation, truth_pooled, truth_mean, design
    )


def _sequential_hypergeometric(
    cells: np.ndarray, nsample: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Multivariate hypergeometric draws, vectorised over leading axes.

    ``cells`` has shape (..., m) (items per category), ``nsample`` shape
    (...); returns how many of each category were drawn.
    """
    cells = cells.astype(np.int64)
    out = np.zeros_like(cells)
    left = nsample.astype(np.int64).copy()
    rest = cells.sum(-1)
    for j in range(cells.shape[-1] - 1):
        good = cells[..., j]
        rest = rest - good
        x = np.zeros_like(left)
        ok = (left > 0) & (good > 0)
        x[ok] = rng.hypergeometric(good[ok], rest[ok], left[ok])
        out[..., j] = x
        left = left - x
    out[..., -1] = left
    return out


def _draw_study_validation(
    corpus: np.ndarray, design: str, size: int, rng: np.random.Generator
) -> np.ndarray:
    reps = corpus.shape[0]
    out = np.zeros_like(corpus)
    if design == "predicted":
        for g in (0, 1):
            for c in (0, 1):
                cell = corpus[:, g, c]
                take = np.minimum(size // 4, cell.sum(-1))
                out[:, g, c] = _sequential_hypergeometric(cell, take, rng)
    elif design == "predicted-only":
        for c in (0, 1):
            cell = corpus[:, :, c, :].reshape(reps, 4)
            take = np.minimum(size // 2, cell.sum(-1))
            out[:, :, c, :] = _sequential_hypergeometric(cell, take, rng).reshape(
                reps, 2, 2
            )
    elif design == "gender":
        for g in (0, 1):
            cell = corpus[:, g].reshape(reps, 4)
            take = np.minimum(size // 2, cell.sum(-1))
            out[:, g] = _sequential_hypergeometric(cell, take, rng).reshape(reps, 2, 2)
    elif design == "random":
        cell = corpus.reshape(reps, 8)
        take = np.minimum(size, cell.sum(-1))
        out = _sequential_hypergeometric(cell, take, rng).reshape(corpus.shape)
    else:
        raise ValueError(f"unknown design {design!r}")
    return out


def write_store(
    corpus: SimulatedCorpus,
    store: Any,
    *,
    model_version: str = "sim-1",
    roster_name: str = "sim",
) -> None:
    """Write a simulated corpus into a store (DuckDB), in bulk.

    The frames go to DuckDB as Arrow/pandas views and are inserted with one
    ``INSERT ... SELECT`` per table; ids become strings inside DuckDB.

    Parameters
    ----------
    corpus : SimulatedCorpus
    store : Store, duckdb connection or path
        Where to write; the schema is created if missing.
    model_version : str
        The ``scores.model_version`` to write.
    roster_name : str
        The ``roster`` value of the roster tables.
    """
    from hatewatch.store import SCHEMA

    con, owned = _connect(store)
    try:
        con.execute(SCHEMA)
        roster = corpus.roster
        messages = corpus.messages
        con.register("sim_roster", roster)
        con.register("sim_messages", messages)
        con.execute(
            "INSERT INTO roster_people SELECT ?, politician_id, name, gender "
            "FROM sim_roster",
            [roster_name],
        )
        con.execute(
            "INSERT INTO roster_spells SELECT ?, politician_id, office, level, "
            "party, NULL, NULL, NULL FROM sim_roster",
            [roster_name],
        )
        con.execute(
            """
            INSERT INTO messages
            SELECT CAST(platform AS VARCHAR), 'sim' || message_id, NULL,
                   created_at, 'a' || author_id, NULL, 'nl', NULL,
                   'simulate', '1', NULL, created_at, NULL
            FROM sim_messages
            """
        )
        con.execute(
            """
            INSERT INTO message_recipients
            SELECT CAST(platform AS VARCHAR), 'sim' || message_id,
                   CAST(politician_id AS VARCHAR), CAST(relation AS VARCHAR)
            FROM sim_messages
            """
        )
        con.execute(
            """
            INSERT INTO scores
            SELECT CAST(platform AS VARCHAR), 'sim' || message_id, ?,
                   CAST(label AS VARCHAR), p_hate, p_threat, p_neutral,
                   TIMESTAMP '2021-03-01'
            FROM sim_messages
            """,
            [model_version],
        )
        con.unregister("sim_roster")
        con.unregister("sim_messages")
    finally:
        if owned:
            con.close()


def _connect(store: Any) -> tuple[Any, bool]:
    import duckdb

    if hasattr(store, "con"):
        return store.con, False
    if isinstance(store, duckdb.DuckDBPyConnection):
        return store, False
    return duckdb.connect(str(store)), True
