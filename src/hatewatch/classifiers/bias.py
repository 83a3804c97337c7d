"""Bias of a classifier as first-class metrics.

Three views, each a plain function that takes a model (anything with
``predict_proba`` and ``classes_``; ``threat_threshold_`` is used when
present) and texts or a labelled frame:

- :func:`gender_counterfactuals`: every message with a gendered word
  (title, pronoun, possessive, family or role noun, first name; the lists in
  ``resources/lexicons/``) is rewritten to the other gender
  (:func:`swap_gender`, both directions), and the label flip rate and the
  mean difference in p(hostile) = p(hate) + p(threat) and in p(threat),
  *female minus male*, are reported.
- :func:`identity_term_bias`: false-positive rate per identity group on
  neutral and positive statements (``resources/bias/identity_statements.tsv``,
  written for evaluation only, never trained on), and the subgroup AUC,
  BPSN and BNSP AUCs of Borkan et al. (2019) on the same set's hostile and
  non-hostile statements (:func:`borkan_aucs`).
- :func:`error_rates_by`: per value of a column (the recipient's gender of
  a labelled corpus): false-positive rate (neutral labelled hostile), miss
  rate (hostile labelled neutral), threat recall and flag precision.

:func:`bias_report` runs all three; ``hatewatch evaluate --bias`` prints it,
and :func:`hatewatch.report` can call :func:`error_rates_by` to put the
classifier's per-gender error rates next to the gap it reports.

Borkan, D., Dixon, L., Sorensen, J., Thain, N., Vasserman, L. (2019).
Nuanced metrics for measuring unintended bias with real data for text
classification. WWW '19 Companion.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from hatewatch.classifiers import lexicons

__all__ = [
    "bias_report",
    "borkan_aucs",
    "error_rates_by",
    "gender_counterfactuals",
    "identity_statements",
    "identity_term_bias",
    "roc_auc",
    "swap_gender",
]

HOSTILE = ("hate", "threat")

# words before "haar" that make it hair ("je haar", "het haar", "mooi haar")
_HAIR_BEFORE = {
    "je",
    "jouw",
    "mijn",
    "m'n",
    "zijn",
    "z'n",
    "haar",
    "d'r",
    "uw",
    "ons",
    "onze",
    "hun",
    "het",
    "dat",
    "dit",
    "geen",
    "veel",
    "lang",
    "lange",
    "kort",
    "korte",
    "grijs",
    "grijze",
    "blond",
    "blonde",
    "krullend",
    "mooi",
    "mooie",
    "nat",
    "natte",
    "vet",
    "vette",
    "rood",
    "rode",
    "zwart",
    "zwarte",
}
# a following word that ends "haar" as an object ("ik zie haar morgen")
_AFTER_OBJECT = {
    "is",
    "was",
    "en",
    "of",
    "maar",
    "niet",
    "wel",
    "nog",
    "ook",
    "al",
    "toch",
    "morgen",
    "vandaag",
    "gisteren",
    "straks",
    "nooit",
    "altijd",
    "eens",
    "even",
    "dan",
    "nu",
    "te",
    "om",
    "op",
    "in",
    "aan",
    "af",
    "uit",
    "mee",
    "weg",
    "na",
    "voor",
    "bij",
    "door",
    "over",
    "heel",
    "zo",
    "daar",
    "hier",
    "wat",
    "die",
    "dat",
    "als",
    "want",
    "dus",
    "graag",
    "echt",
    "gewoon",
    "niks",
    "niets",
    "iets",
    "vaker",
    "gelijk",
    "terug",
    "kapot",
    "dood",
    "neer",
    "lastig",
    "met",
    "van",
    "tot",
    "zelf",
    "persoonlijk",
    "vinden",
    "helpen",
    "steunen",
    "bellen",
    "zien",
    "spreken",
    "halen",
    "pakken",
}
# words before "zijn" that make it the possessive ("met zijn vrouw", "en
# zijn kinderen", sentence start); elsewhere it is taken as the verb
_ZIJN_POSS_BEFORE = {
    "",
    "van",
    "met",
    "in",
    "op",
    "aan",
    "voor",
    "naar",
    "om",
    "bij",
    "uit",
    "door",
    "over",
    "tegen",
    "en",
    "of",
    "tot",
    "onder",
    "achter",
    "langs",
    "zonder",
    "sinds",
    "ziet",
    "zie",
    "heeft",
    "had",
    "hebt",
    "houdt",
    "hou",
    "pak",
    "pakken",
    "weet",
    "ken",
    "kent",
    "sla",
    "slaan",
    "breek",
    "breken",
    "vind",
    "vindt",
    "maar",
    "want",
    ",",
    ".",
    "!",
    "?",
    "mis",
    "ging",
    "gaat",
}


@functools.cache
def _pairs() -> tuple[dict[str, str], dict[str, str]]:
    """(female -> male, male -> female) word maps without ``haar``/``zijn``."""
    f2m: dict[str, str] = {}
    m2f: dict[str, str] = {}
    for female, male, _kind in lexicons.gender_pairs():
        if female != "haar":
            f2m.setdefault(female, male)
        if male not in ("zijn", "hem"):
            m2f.setdefault(male, female)
    m2f["hem"] = "haar"
    names = lexicons.first_names()
    fem = sorted(n for n, g in names.items() if g == "female")
    mal = sorted(n for n, g in names.items() if g == "male")
    for i, n in enumerate(fem):
        f2m.setdefault(n, mal[i % len(mal)])
    for i, n in enumerate(mal):
        m2f.setdefault(n, fem[i % len(fem)])
    return f2m, m2f


_WORD = re.compile(r"[^\W\d_][\w'’-]*|\S")


def _cased(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def swap_gender(text: str, to: str = "male") -> str | None:
    """The same message with its gendered words swapped to the other gender.

    Titles, pronouns, possessives, family and role nouns
    (``gender_pairs.tsv``) and first names (``first_names_nl.tsv``; female
    names map to male ones and back by a fixed pairing) are swapped. ``haar``
    becomes ``zijn`` before a noun, ``hem`` otherwise, and is left alone as
    hair ("je haar", "het haar"); ``zijn`` becomes ``haar`` unless it is the
    verb ("ze zijn", "moet zijn"). ``@handles`` are not changed.

    Parameters
    ----------
    text : str
        A raw message.
    to : {"male", "female"}
        Swap female words to male ones, or male words to female ones.

    Returns
    -------
    str or None
        The rewritten text, or None when nothing was swapped.

    Examples
    --------
    >>> swap_gender("Mevrouw, ik weet waar haar dochter woont", to="male")
    'Meneer, ik weet waar zijn zoon woont'
    >>> swap_gender("Ik zie haar morgen", to="male")
    'Ik zie hem morgen'
    >>> swap_gender("je haar zit slecht", to="male") is None
    True
    >>> swap_gender("Hij en zijn broer zijn dom", to="female")
    'Zij en haar zus zijn dom'
    """
    if to not in ("male", "female"):
        raise ValueError(f"to must be 'male' or 'female', got {to!r}")
    f2m, m2f = _pairs()
    table = f2m if to == "male" else m2f
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if any(t.startswith("@") for _, _, t in spans):
        # keep handles whole: "@Sanne" is a handle, not a name to swap
        spans = []
        for m in re.finditer(r"@\w+|[^\W\d_][\w'’-]*|\S", text):
            spans.append((m.start(), m.end(), m.group()))
    low = [t.lower() for _, _, t in spans]
    out: list[str] = []
    pos = 0
    changed = False
    for i, (s, e, tok) in enumerate(spans):
        w = low[i]
        prev = low[i - 1] if i > 0 else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        new: str | None = None
        if tok.startswith("@"):
            new = None
        elif to == "male" and w == "haar":
            if prev in _HAIR_BEFORE:
                new = None
            elif nxt and nxt[0].isalpha() and nxt not in _AFTER_OBJECT:
                new = "zijn"
            else:
                new = "hem"
        elif to == "female" and w == "zijn":
            if prev not in _ZIJN_POSS_BEFORE or not (nxt and nxt[0].isalpha()):
                new = None
            else:
                new = "haar"
        elif to == "female" and w in ("hij", "hem", "zijn"):
            new = {"hij": "zij", "hem": "haar"}.get(w)
        else:
            new = table.get(w)
        if new is not None and new != w:
            out.append(text[pos:s])
            out.append(_cased(tok, new))
            pos = e
            changed = True
    if not changed:
        return None
    out.append(text[pos:])
    return "".join(out)


def _proba(model: Any, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    proba = np.asarray(model.predict_proba(list(texts)), dtype=float)
    classes = [str(c) for c in model.classes_]
    return proba, classes


def _hostile(proba: np.ndarray, classes: list[str]) -> np.ndarray:
    return sum(proba[:, classes.index(c)] for c in HOSTILE if c in classes)


def _labels(model: Any, proba: np.ndarray, classes: list[str]) -> np.ndarray:
    if hasattr(model, "labels_from_proba"):
        return np.asarray(model.labels_from_proba(proba)).astype(str)
    return np.asarray(classes)[proba.argmax(axis=1)]


def gender_counterfactuals(model: Any, texts: Iterable[str]) -> dict[str, Any]:
    """Label flips and score differences when a message's gender is swapped.

    Every text with a female word is swapped to male, every text with a male
    word to female (a text with both is used in both directions). Each pair
    is (female version, male version).

    Parameters
    ----------
    model : classifier
        Has ``predict_proba`` and ``classes_``.
    texts : iterable of str
        Messages; those without gendered words are skipped.

    Returns
    -------
    dict
        ``n_pairs``, ``flip_rate`` (share of pairs whose label differs),
        ``flag_flip_rate`` (threat flag, if the model has a threshold),
        ``mean_diff_hostile`` and ``mean_diff_threat`` (female minus male,
        probability points on a 0-100 scale), ``mean_abs_diff_hostile``, and
        the same per direction under ``by_direction``.
    """
    female: list[str] = []
    male: list[str] = []
    direction: list[str] = []
    for t in texts:
        t = str(t)
        m = swap_gender(t, to="male")
        if m is not None:
            female.append(t)
            male.append(m)
            direction.append("female->male")
        f = swap_gender(t, to="female")
        if f is not None:
            female.append(f)
            male.append(t)
            direction.append("male->female")
    if not female:
        return {"n_pairs": 0}
    pf, classes = _proba(model, female)
    pm, _ = _proba(model, male)
    lf, lm = _labels(model, pf, classes), _labels(model, pm, classes)
    thr = getattr(model, "threat_threshold_", None)
    t_idx = classes.index("threat") if "threat" in classes else None
    d = np.array(direction)

    def summary(mask: np.ndarray) -> dict[str, Any]:
        dh = 100 * (_hostile(pf[mask], classes) - _hostile(pm[mask], classes))
        out: dict[str, Any] = {
            "n_pairs": int(mask.sum()),
            "flip_rate": float(np.mean(lf[mask] != lm[mask])),
            "mean_diff_hostile": float(dh.mean()),
            "mean_abs_diff_hostile": float(np.abs(dh).mean()),
        }
        if t_idx is not None:
            out["mean_diff_threat"] = float(
                100 * np.mean(pf[mask, t_idx] - pm[mask, t_idx])
            )
            if thr is not None:
                out["flag_flip_rate"] = float(
                    np.mean((pf[mask, t_idx] >= thr) != (pm[mask, t_idx] >= thr))
                )
        return out

    result = summary(np.ones(len(d), dtype=bool))
    result["by_direction"] = {k: summary(d == k) for k in sorted(set(direction))}
    flips = np.flatnonzero(lf != lm)[:10]
    result["examples"] = [
        {"female": female[i], "male": male[i], "labels": [lf[i], lm[i]]} for i in flips
    ]
    return result


def roc_auc(y: Sequence[bool] | np.ndarray, s: Sequence[float] | np.ndarray) -> float:
    """Area under the ROC curve (ties count half); NaN without both classes.

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y = np.asarray(y, dtype=bool)
    s = np.asarray(s, dtype=float)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    # average ranks of ties
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def borkan_aucs(
    y: Sequence[bool] | np.ndarray,
    scores: Sequence[float] | np.ndarray,
    subgroups: Mapping[str, Sequence[bool] | np.ndarray],
) -> dict[str, dict[str, float]]:
    """Subgroup AUC, BPSN AUC and BNSP AUC per subgroup (Borkan et al. 2019).

    - subgroup AUC: only messages that mention the subgroup;
    - BPSN (background positive, subgroup negative): hostile messages that do
      not mention it with non-hostile ones that do; low means the model
      scores harmless mentions of the group too high;
    - BNSP (background negative, subgroup positive): the reverse; low means
      hostile messages about the group score too low.

    Parameters
    ----------
    y : array of bool
        True for hostile (positive) messages.
    scores : array of float
        The model's score for the positive class.
    subgroups : mapping of str to array of bool
        Which messages mention each subgroup.

    Examples
    --------
    >>> y = [1, 0, 1, 0]
    >>> s = [0.9, 0.8, 0.7, 0.1]
    >>> borkan_aucs(y, s, {"g": [1, 1, 0, 0]})["g"]["bpsn_auc"]  # 0.8 > 0.7
    0.0
    """
    y = np.asarray(y, dtype=bool)
    s = np.asarray(scores, dtype=float)
    out = {}
    for name, mask in subgroups.items():
        m = np.asarray(mask, dtype=bool)
        out[name] = {
            "n": int(m.sum()),
            "subgroup_auc": roc_auc(y[m], s[m]),
            "bpsn_auc": roc_auc(y[(y & ~m) | (~y & m)], s[(y & ~m) | (~y & m)]),
            "bnsp_auc": roc_auc(y[(~y & ~m) | (y & m)], s[(~y & ~m) | (y & m)]),
        }
    return out


@functools.cache
def identity_statements() -> tuple[dict[str, str], ...]:
    """The evaluation set of statements about identity groups.

    Templates from ``resources/bias/identity_templates.tsv`` (kind
    ``neutral``, ``positive``, ``hate`` or ``threat``) filled with each
    group's terms from ``identity_slots.tsv``. Written for evaluation only:
    neither the templates nor their sentences are in the training data.

    Returns
    -------
    tuple of dict
        ``text``, ``group``, ``kind``, ``label`` per statement.
    """
    templates = lexicons.read_tsv("identity_templates.tsv", folder="bias")
    slots = lexicons.read_tsv("identity_slots.tsv", folder="bias")
    out = []
    for t in templates:
        for s in slots:
            text = t["template"].replace("{X}", s["plural"]).replace("{x}", s["adj"])
            text = text[:1].upper() + text[1:]
            label = {"positive": "neutral"}.get(t["kind"], t["kind"])
            out.append(
                {"text": text, "group": s["group"], "kind": t["kind"], "label": label}
            )
    return tuple(out)


def identity_term_bias(
    model: Any, statements: Sequence[Mapping[str, str]] | None = None
) -> dict[str, Any]:
    """False-positive rate per identity group and Borkan et al. AUCs.

    Parameters
    ----------
    model : classifier
    statements : sequence of mapping, optional
        ``text``, ``group``, ``label`` each; by default
        :func:`identity_statements`.

    Returns
    -------
    dict
        ``fpr`` (group -> share of its neutral/positive statements labelled
        hate or threat), ``flag_rate`` (group -> share of them flagged as
        threats), ``fpr_max``, ``fpr_spread`` (worst minus best group), and
        ``auc`` (group -> subgroup/BPSN/BNSP AUC with p(hostile) as score).
    """
    rows = list(statements if statements is not None else identity_statements())
    texts = [r["text"] for r in rows]
    groups = np.array([r["group"] for r in rows])
    gold = np.array([r["label"] for r in rows])
    proba, classes = _proba(model, texts)
    labels = _labels(model, proba, classes)
    hostile_pred = np.isin(labels, HOSTILE)
    thr = getattr(model, "threat_threshold_", None)
    flagged = (
        proba[:, classes.index("threat")] >= thr
        if thr is not None and "threat" in classes
        else np.zeros(len(rows), dtype=bool)
    )
    neutral = gold == "neutral"
    fpr, flag_rate, n_neutral = {}, {}, {}
    for g in sorted(set(groups)):
        m = neutral & (groups == g)
        n_neutral[g] = int(m.sum())
        fpr[g] = float(hostile_pred[m].mean()) if m.any() else float("nan")
        flag_rate[g] = float(flagged[m].mean()) if m.any() else float("nan")
    y = np.isin(gold, HOSTILE)
    aucs = borkan_aucs(
        y, _hostile(proba, classes), {g: groups == g for g in sorted(set(groups))}
    )
    vals = [v for v in fpr.values() if v == v]
    threat_rows = gold == "threat"
    return {
        "n": len(rows),
        "n_neutral": n_neutral,
        "fpr": fpr,
        "flag_rate": flag_rate,
        "fpr_max": max(vals) if vals else float("nan"),
        "fpr_spread": (max(vals) - min(vals)) if vals else float("nan"),
        "group_threat_recall": (
            float(np.mean(labels[threat_rows] == "threat"))
            if threat_rows.any()
            else float("nan")
        ),
        "auc": aucs,
    }


def error_rates_by(
    model: Any,
    frame: Any,
    by: str = "gender",
    *,
    text_column: str = "text",
    label_column: str = "label",
) -> Any:
    """Error rates of the classifier per value of a column.

    Parameters
    ----------
    model : classifier
    frame : pandas.DataFrame
        Labelled messages with ``text_column``, ``label_column`` and ``by``
        (e.g. the recipient's gender).
    by : str, default "gender"

    Returns
    -------
    pandas.DataFrame
        One row per value: ``n``, ``share_hostile_true``,
        ``share_hostile_predicted``, ``fpr`` (neutral labelled hate or
        threat), ``fnr`` (hate or threat labelled neutral), ``threat_recall``
        and ``flag_precision`` / ``flag_recall`` of the threat flag.
    """
    import pandas as pd

    texts = frame[text_column].astype(str).tolist()
    proba, classes = _proba(model, texts)
    labels = _labels(model, proba, classes)
    thr = getattr(model, "threat_threshold_", 0.5)
    flagged = proba[:, classes.index("threat")] >= thr
    gold = frame[label_column].astype(str).to_numpy()
    keys = frame[by].fillna("").astype(str).replace({"": "(none)"}).to_numpy()
    rows = []
    for k in sorted(set(keys)):
        m = keys == k
        g, p, f = gold[m], labels[m], flagged[m]
        neu, hos, thr_ = g == "neutral", np.isin(g, HOSTILE), g == "threat"
        rows.append(
            {
                by: k,
                "n": int(m.sum()),
                "share_hostile_true": float(hos.mean()),
                "share_hostile_predicted": float(np.isin(p, HOSTILE).mean()),
                "fpr": float(np.isin(p[neu], HOSTILE).mean()) if neu.any() else np.nan,
                "fnr": float((p[hos] == "neutral").mean()) if hos.any() else np.nan,
                "threat_recall": float(f[thr_].mean()) if thr_.any() else np.nan,
                "flag_precision": (float(thr_[f].mean()) if f.any() else np.nan),
            }
        )
    return pd.DataFrame(rows)


def bias_report(
    model: Any,
    texts: Iterable[str] = (),
    frame: Any = None,
    by: str = "gender",
) -> dict[str, Any]:
    """All bias metrics: gender counterfactuals on ``texts`` (and the
    identity statements), identity-term FPR and AUCs, and error rates by
    ``by`` on ``frame`` when it has that column."""
    texts = list(texts) + [r["text"] for r in identity_statements()]
    out: dict[str, Any] = {
        "gender_counterfactuals": gender_counterfactuals(model, texts),
        "identity_terms": identity_term_bias(model),
    }
    if frame is not None and by in getattr(frame, "columns", ()):
        out["error_rates_by"] = error_rates_by(model, frame, by).to_dict("records")
    return out


def report_text(report: Mapping[str, Any]) -> str:
    """A readable table of :func:`bias_report` output."""
    lines = []
    g = report.get("gender_counterfactuals", {})
    if g.get("n_pairs"):
        lines.append(
            f"gender counterfactuals: {g['n_pairs']} pairs, label flips "
            f"{100 * g['flip_rate']:.2f}%, mean p(hostile) female - male "
            f"{g['mean_diff_hostile']:+.2f} pt, p(threat) "
            f"{g.get('mean_diff_threat', float('nan')):+.2f} pt"
        )
        for k, v in g["by_direction"].items():
            lines.append(
                f"  {k}: {v['n_pairs']} pairs, flips {100 * v['flip_rate']:.2f}%, "
                f"p(hostile) {v['mean_diff_hostile']:+.2f} pt"
            )
    it = report.get("identity_terms")
    if it:
        lines.append(
            f"identity statements ({it['n']}): FPR max {100 * it['fpr_max']:.1f}%, "
            f"spread {100 * it['fpr_spread']:.1f} pt, group threats labelled "
            f"threat {100 * it['group_threat_recall']:.1f}%"
        )
        lines.append(
            f"  {'group':<16}{'n neutral':>10}{'FPR':>8}{'flagged':>9}"
            f"{'subgroup AUC':>14}{'BPSN':>8}{'BNSP':>8}"
        )
        for grp, v in it["fpr"].items():
            a = it["auc"][grp]
            lines.append(
                f"  {grp:<16}{it['n_neutral'][grp]:>10}{100 * v:>7.1f}%"
                f"{100 * it['flag_rate'][grp]:>8.1f}%{a['subgroup_auc']:>14.3f}"
                f"{a['bpsn_auc']:>8.3f}{a['bnsp_auc']:>8.3f}"
            )
    rows = report.get("error_rates_by")
    if rows:
        key = next(iter(rows[0]))
        lines.append(f"error rates by {key}:")
        for r in rows:
            lines.append(
                f"  {r[key]:<10} n={r['n']:<6} FPR {100 * r['fpr']:.1f}%  "
                f"FNR {100 * r['fnr']:.1f}%  threat recall "
                f"{r['threat_recall']:.3f}  flag precision {r['flag_precision']:.3f}"
            )
    return "\n".join(lines)
