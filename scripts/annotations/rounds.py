"""Shared machinery of the train-only template rounds (threat_phrasings.py and the
other round modules listed in augment.py).

Each round file declares its own template lists (``THREAT``, ``HATE``,
``NEUTRAL`` of ``(family, text)``) and its own guards (which slots and words
a label must not use). This module holds what they share: numbering the
templates into ids, the slot and fill checks, the near-duplicate check
against the other rounds, and the summary a round file prints when it is
run as a script.
"""

from __future__ import annotations

import difflib
import importlib
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from annotations import generate as gen  # noqa: E402
else:
    from . import generate as gen

#: Slots that carry physical harm (killing, weapons, a body part, a home or school).
HARM_SLOTS = frozenset(
    {
        "kill",
        "killed",
        "kimp",
        "maak",
        "weapon",
        "wapen",
        "wapen_pl",
        "kill1",
        "emo_t",
        "qthreat",
        "metakill",
        "body",
        "home",
        "school",
    }
)
#: Slots whose values insult or degrade.
INSULT_SLOTS = frozenset(
    {
        "insult",
        "insult_g",
        "insult_f",
        "insultpl",
        "adj_ins",
        "dehum",
        "dehum_sg",
        "slur",
        "slurmild",
        "homoslur",
        "disease",
        "animal",
        "appadj",
        "domadj",
        "gnoun",
        "emo_h",
    }
)
#: Word stems of physical harm (the round-3 and round-4 hate files' guard).
HARM_WORDS = re.compile(
    r"\b(?:dood|vermoord|moord|schiet|steek|kogel|mes\b|hang|ophang|brand|fik\b|"
    r"sla\b|slaan|trap\b|trappen|kapot|verkracht|afmaken|maak je af|bom\b|bommen|"
    r"uitroei|vergas|tegen de muur|strop|bloed(?!zuiger)|sterf|afknal|wurg|verzuip|"
    r"lynch|verbrand|knuppel)",
    re.IGNORECASE,
)
#: Template skeletons at least this similar count as a close paraphrase.
NEAR_DUP = 0.8
#: Template lists a round module may declare, in the order they are read.
LIST_NAMES = ("THREAT", "HATE", "NEUTRAL")

#: ``(pattern, kind)``: a word guard, reported as ``"<kind> word '<hit>'"``.
WordGuard = tuple[re.Pattern[str], str]


def number_templates(
    prefix: str, lists: Iterable[tuple[str, Iterable[tuple[str, str]]]]
) -> list[gen.Template]:
    """Number templates per label and family into ``<prefix>-<code>-<family>-<nn>``.

    Parameters
    ----------
    prefix : str
        Id prefix of the round, e.g. ``"r3"`` or ``"r4g"``.
    lists : iterable of (str, iterable of (str, str))
        ``(label, entries)`` pairs; ``entries`` are ``(family, text)`` tuples.
        ``<code>`` is :data:`generate.LABEL_CODES` of the label and ``<nn>``
        counts from 01 within each label and family.

    Returns
    -------
    list of generate.Template
        The templates, in the order of ``lists`` and of each list.
    """
    out: list[gen.Template] = []
    for label, entries in lists:
        counts: Counter[str] = Counter()
        for family, text in entries:
            counts[family] += 1
            tid = f"{prefix}-{gen.LABEL_CODES[label]}-{family}-{counts[family]:02d}"
            out.append(gen.Template(tid, label, family, text))
    return out


def slot_names(text: str) -> list[str]:
    """Names of the slots in ``text``, in order, once each."""
    return list(dict.fromkeys(m.group(1) for m in gen.SLOT_RE.finditer(text)))


def unknown_slots(template: gen.Template) -> list[str]:
    """Slots of ``template`` that neither ``generate.SLOTS`` nor the context fill."""
    known = gen.SLOTS.keys() | gen.CONTEXT_SLOTS
    return [name for name in slot_names(template.text) if name not in known]


def slot_problems(template: gen.Template) -> list[str]:
    """Unknown slots, and a ``{slot|mod}`` whose slot values take no object (``*``)."""
    problems = [
        f"{template.id}: unknown slot {{{name}}}" for name in unknown_slots(template)
    ]
    for m in gen.SLOT_RE.finditer(template.text):
        name, arg = m.group(1), m.group(2)
        values = gen.SLOTS.get(name, [])
        if arg is not None and not all("*" in v for v in values):
            problems.append(f"{template.id}: modifier on a slot without '*': {name!r}")
    return problems


def forbidden_slot_problems(
    tid: str, text: str, slots: Iterable[str], kind: str, where: str = ""
) -> list[str]:
    """One problem per slot of ``text`` that is in ``slots``.

    Reported as ``"<tid>: <kind> slot {name}<where>"``.
    """
    slots = set(slots)
    return [
        f"{tid}: {kind} slot {{{name}}}{where}"
        for name in slot_names(text)
        if name in slots
    ]


def word_problems(
    tid: str, text: str, guards: Sequence[WordGuard], where: str = ""
) -> list[str]:
    """One problem per guard whose pattern matches ``text`` (the first match).

    Reported as ``"<tid>: <kind> word '<match>'<where>"``.
    """
    out = []
    for pattern, kind in guards:
        hit = pattern.search(text)
        if hit:
            out.append(f"{tid}: {kind} word {hit.group(0)!r}{where}")
    return out


def forbid(
    label: str | None,
    slots: Iterable[str] = (),
    words: Sequence[WordGuard] = (),
    kind: str = "forbidden",
    where: str = "",
) -> Callable[[gen.Template], list[str]]:
    """Return a guard: templates of ``label`` use none of ``slots`` and ``words``.

    Parameters
    ----------
    label : str or None
        Label the guard applies to; ``None`` for every template.
    slots : iterable of str
        Forbidden slot names, reported as ``"<id>: <kind> slot {name}<where>"``.
    words : sequence of (re.Pattern, str)
        Word guards on the template text, reported as
        ``"<id>: <guard kind> word '<match>'<where>"``.
    kind, where : str
        Wording of the slot problems.

    Returns
    -------
    callable
        ``guard(template) -> list of problems``, for :func:`check_templates`.
    """
    slots = frozenset(slots)

    def guard(template: gen.Template) -> list[str]:
        if label is not None and template.label != label:
            return []
        tid, text = template.id, template.text
        return forbidden_slot_problems(tid, text, slots, kind, where) + word_problems(
            tid, text, words, where
        )

    return guard


def fill_problems(
    template: gen.Template,
    n_fill: int,
    rng: random.Random,
    seed: int,
    *,
    words: tuple[int, int] | None = None,
    guards: Sequence[WordGuard] = (),
) -> list[str]:
    """Fill ``template`` and return the problems of the fills.

    Parameters
    ----------
    template : generate.Template
        The template. One with an unknown slot is not filled (it cannot be;
        :func:`slot_problems` reports it) and gives no problems here.
    n_fill : int
        Plain fills with :func:`generate.fill` (alternating female and male
        context, drawn from ``rng``), plus ``n_fill`` messages through
        :func:`generate.generate` (lead-ins, obfuscation, decoration).
    rng : random.Random
        Random stream of the plain fills; shared across templates.
    seed : int
        Seed of :func:`generate.generate`.
    words : (int, int), optional
        Inclusive word-count range of a plain fill.
    guards : sequence of (re.Pattern, str)
        Word guards that no plain fill may match.

    Returns
    -------
    list of str
        At most one problem of each kind: a fill that fails, a brace left in
        any message, a ``*`` left in a plain fill, a plain fill outside
        ``words``, and per guard a plain fill that matches it.
    """
    if unknown_slots(template):
        return []
    tid = template.id
    try:
        fills = [gen.fill(template, rng, female=i % 2 == 0)[0] for i in range(n_fill)]
        generated = [r["text"] for r in gen.generate(template, n_fill, seed=seed)]
    except Exception as err:  # noqa: BLE001  (report every broken template)
        return [f"{tid}: fill failed: {err!r}"]
    problems: list[str] = []
    for text in fills + generated:
        if "{" in text or "}" in text:
            problems.append(f"{tid}: unfilled slot in {text!r}")
            break
    for text in fills:
        if "*" in text:
            problems.append(f"{tid}: '*' left in {text!r}")
            break
    if words is not None:
        lo, hi = words
        for text in fills:
            n_words = len(text.split())
            if not lo <= n_words <= hi:
                problems.append(f"{tid}: {n_words} words in {text!r}")
                break
    for pattern, kind in guards:
        for text in fills:
            hit = pattern.search(text)
            if hit:
                problems.append(f"{tid}: {kind} word {hit.group(0)!r} in {text!r}")
                break
    return problems


def earlier_templates(
    modules: Sequence[str],
) -> tuple[list[tuple[str, str]], list[str]]:
    """``(module, text)`` of every template of ``modules``, and those not importable.

    Parameters
    ----------
    modules : sequence of str
        Module names in this package (``"augment"``, ``"hate_phrasings"``, ...);
        each one's :data:`LIST_NAMES` lists are read, in that order.

    Returns
    -------
    templates : list of (str, str)
        ``(module name, template text)``.
    missing : list of str
        ``"<name> (<error type>)"`` for each module that failed to import.
    """
    package = __package__ or "annotations"
    out: list[tuple[str, str]] = []
    missing: list[str] = []
    for name in modules:
        try:
            module = importlib.import_module(f"{package}.{name}")
        except Exception as err:  # noqa: BLE001  (another file may be mid-edit)
            missing.append(f"{name} ({type(err).__name__})")
            continue
        for attr in LIST_NAMES:
            out += [(name, text) for _, text in getattr(module, attr, [])]
    return out, missing


def repeated_templates(texts: Iterable[str]) -> list[str]:
    """One problem per template text that occurs more than once."""
    return [
        f"repeated template: {text!r}" for text, n in Counter(texts).items() if n > 1
    ]


def check_templates(
    templates: Sequence[gen.Template],
    *,
    n_fill: int,
    seed: int,
    earlier: Sequence[str],
    guard: Callable[[gen.Template], list[str]] | None = None,
    fill_guards: Mapping[str, Sequence[WordGuard]] | None = None,
    words: tuple[int, int] | None = None,
    threshold: float = NEAR_DUP,
    missing_ok: bool = False,
) -> list[str]:
    """Run the checks every round shares, plus the round's own guards.

    Parameters
    ----------
    templates : sequence of generate.Template
        The round's templates.
    n_fill, seed
        Fills per template and seed, see :func:`fill_problems`. One random
        stream seeded with ``seed`` serves all plain fills, in template order.
    earlier : sequence of str
        Modules whose templates these must not repeat or closely paraphrase
        (see :func:`earlier_templates`).
    guard : callable, optional
        ``guard(template) -> problems``: the round's own rules on a template
        (forbidden slots or words per label, ...).
    fill_guards : mapping of str to word guards, optional
        Per label, the word guards that no plain fill of a template of that
        label may match.
    words : (int, int), optional
        Inclusive word-count range of a plain fill.
    threshold : float
        Near-duplicate threshold, see :func:`near_duplicates`.
    missing_ok : bool
        If false, a module of ``earlier`` that cannot be imported is a problem.

    Returns
    -------
    list of str
        Per template :func:`slot_problems`, ``guard`` and
        :func:`fill_problems`; then repeated templates, modules not
        importable, and near-duplicates among the templates and of
        ``earlier``.
    """
    problems: list[str] = []
    rng = random.Random(seed)
    for t in templates:
        problems += slot_problems(t)
        if guard is not None:
            problems += guard(t)
        problems += fill_problems(
            t,
            n_fill,
            rng,
            seed,
            words=words,
            guards=(fill_guards or {}).get(t.label, ()),
        )
    problems += repeated_templates(t.text for t in templates)
    theirs, missing = earlier_templates(earlier)
    if not missing_ok:
        problems += [f"earlier templates not importable: {m}" for m in missing]
    own = [(t.id, t.text) for t in templates]
    problems += near_duplicates(own, theirs, threshold)
    return problems


def skeleton(text: str) -> str:
    """Template text with slots replaced by ``_`` and lower-cased (for similarity)."""
    return gen.SLOT_RE.sub("_", text).lower()


def near_duplicates(
    own: Sequence[tuple[str, str]],
    others: Sequence[tuple[str, str]],
    threshold: float = NEAR_DUP,
) -> list[str]:
    """Close paraphrases among ``own`` and between ``own`` and ``others``.

    Parameters
    ----------
    own : sequence of (str, str)
        ``(name, text)`` of the templates checked; each pair is compared once.
    others : sequence of (str, str)
        ``(name, text)`` of templates that ``own`` must not paraphrase.
    threshold : float
        Skeleton similarity (:class:`difflib.SequenceMatcher` ratio of
        :func:`skeleton`) from which two templates count as near-duplicates.

    Returns
    -------
    list of str
        One line per pair at or above ``threshold``.
    """
    own_sk = [(name, text, skeleton(text)) for name, text in own]
    other_sk = [(name, text, skeleton(text)) for name, text in others]
    problems: list[str] = []
    for i, (name, text, sk) in enumerate(own_sk):
        for other_name, other, other_skel in own_sk[i + 1 :] + other_sk:
            matcher = difflib.SequenceMatcher(None, sk, other_skel)
            # real_quick_ratio >= quick_ratio >= ratio: the cheap upper bounds
            # only skip pairs that ratio() would reject too.
            if matcher.real_quick_ratio() < threshold:
                continue
            if matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold:
                problems.append(
                    f"near-duplicate ({ratio:.2f}): {name} {text!r}"
                    f" ~ {other_name} {other!r}"
                )
    return problems


def plain_filler(
    seed: int = 7, female_families: Iterable[str] = ()
) -> Callable[[gen.Template], str]:
    """Return ``fill(template) -> text`` drawing from one ``random.Random(seed)``.

    The context is female with probability 0.9 for ``female_families`` and
    0.5 otherwise.
    """
    rng = random.Random(seed)
    families = set(female_families)

    def fill(template: gen.Template) -> str:
        female = rng.random() < (0.9 if template.family in families else 0.5)
        return gen.fill(template, rng, female)[0]

    return fill


def generated_filler(seed: int) -> Callable[[gen.Template], str]:
    """Return ``fill(template) -> text``: one :func:`generate.generate` message."""

    def fill(template: gen.Template) -> str:
        return gen.generate(template, 1, obf_rate=0.3, seed=seed)[0]["text"]

    return fill


def print_summary(
    templates: Sequence[gen.Template],
    fill: Callable[[gen.Template], str],
    examples_per_family: int = 2,
    extra: Callable[[list[gen.Template]], str] | None = None,
) -> None:
    """Print counts per label and family, then example fills per family.

    Parameters
    ----------
    templates : sequence of generate.Template
        The round's templates; labels are listed in order of appearance.
    fill : callable
        ``fill(template) -> text`` of an example (:func:`plain_filler`,
        :func:`generated_filler`).
    examples_per_family : int
        Examples printed per label and family.
    extra : callable, optional
        ``extra(templates of one label) -> line``: a second line per label
        (the first is then headed ``families:``).
    """
    for label in dict.fromkeys(t.label for t in templates):
        of_label = [t for t in templates if t.label == label]
        fams = Counter(t.family for t in of_label)
        print(f"{label}: {sum(fams.values())} templates, {len(fams)} families")
        head = "families: " if extra is not None else ""
        print(f"  {head}" + ", ".join(f"{k} {v}" for k, v in fams.items()))
        if extra is not None:
            print(f"  {extra(of_label)}")
    shown: Counter[tuple[str, str]] = Counter()
    for t in templates:
        key = (t.label, t.family)
        if shown[key] >= examples_per_family:
            continue
        shown[key] += 1
        print(f"[{t.label}/{t.family}] {fill(t)}")


def report(problems: Sequence[str]) -> int:
    """Print each problem and their count; return the exit status (1 if any)."""
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0
