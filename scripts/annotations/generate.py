"""Fill templates and apply spelling obfuscation, deterministically."""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from . import slots as S
from . import templates as T

SLOT_RE = re.compile(r"\{(\w+)(?:\|(\w+))?\}")

SLOTS: dict[str, list[str]] = {
    "kill": S.KILL,
    "killed": S.KILLED,
    "kimp": S.KILL_IMP,
    "maak": S.MAAK,
    "weapon": S.WEAPON,
    "wapen": S.WAPEN,
    "wapen_pl": S.WAPEN_PL,
    "body": S.BODY,
    "when": S.WHEN,
    "deadline": S.DEADLINE,
    "famn": S.FAMN,
    "famsg": S.FAMN_SG,
    "groupid": S.GROUP_ID,
    "n": S.N_DAYS,
    "leadin": S.LEAD_IN,
    "kill1": S.KILL1,
    "home": S.HOME,
    "venue": S.VENUE,
    "hour": S.HOUR,
    "school": S.SCHOOL,
    "street": S.STREETS,
    "emo_t": S.EMO_THREAT,
    "emo_h": S.EMO_HATE,
    "emo_n": S.EMO_NEUTRAL,
    "insult": S.INSULT,
    "insult_f": S.INSULT_F,
    "insultpl": S.INSULT_PL,
    "adj_ins": S.ADJ_INS,
    "dehum": S.DEHUM,
    "dehum_sg": S.DEHUM_SG,
    "animal": S.ANIMAL,
    "group_eth": S.GROUP_ETH,
    "group_eth_sg": S.GROUP_ETH_SG,
    "country": S.COUNTRY,
    "slur": S.SLUR,
    "slurmild": S.SLUR_MILD,
    "homoslur": S.HOMO_SLUR,
    "religion": S.RELIGION,
    "relsg": S.REL_SG,
    "disease": S.DISEASE,
    "appadj": S.APPEAR_ADJ,
    "domadj": S.DOM_ADJ,
    "prof": S.PROF,
    "annoy": S.ANNOY,
    "qthreat": S.QTHREAT,
    "posverb": S.POS_VERB,
    "event": S.EVENT,
    "whenn": S.WHEN_N,
    "metakill": S.METAPHOR_KILL,
    "groupneutral": S.GROUP_NEUTRAL,
    "intens": S.INTENS,
    "team": S.SPORT_TEAM,
    "team2": S.SPORT_TEAM,
    "topic": S.TOPICS,
    "city": S.CITIES,
    "party": S.PARTIES,
    "title": S.TITLES,
    "titlepl": S.TITLES_PL,
    "age": [str(a) for a in range(19, 71)],
}

#: Slots whose filled value is a keyword that obfuscation may disguise.
KEY_SLOTS = {
    "kill",
    "kill1",
    "killed",
    "kimp",
    "maak",
    "insult",
    "insult_g",
    "insult_f",
    "slur",
    "dehum",
    "dehum_sg",
    "homoslur",
    "disease",
    "adj_ins",
    "wapen",
    "prof",
    "slurmild",
    "metakill",
    "insultpl",
}
#: Fixed words in templates that obfuscation may also disguise.
FIXED_KEYWORDS = [
    "vermoorden",
    "vermoord",
    "kanker",
    "dood",
    "kogel",
    "verkracht",
    "verkrachten",
    "fik",
    "galg",
    "nekschot",
    "neger",
    "hoer",
    "mongool",
    "kapot",
    "moord",
    "afgemaakt",
    "afschieten",
    "bedreigd",
    "brand",
    "mes",
    "strop",
    "ratten",
    "parasiet",
    "tuig",
    "kill",
    "killen",
    "gesloopt",
    "kut",
    "schiet",
]

CONTEXT_SLOTS = {
    "at",
    "T",
    "Tn",
    "naam",
    "voornaam",
    "hem",
    "hij",
    "zijn",
    "gnoun",
    "insult_g",
    "naamtag",
}

DECOR = [
    "",
    "",
    "",
    "",
    "",
    " !!",
    " !!!",
    "...",
    " 😡",
    " 🤬",
    " 🙄",
    " 😂",
    " 🇳🇱",
    " #politiek",
    " #tweedekamer",
    " #raad",
    " #debat",
    " 👎",
    " 💯",
]

#: Columns of every annotation data file, in this order.
COLUMNS = [
    "text",
    "label",
    "source",
    "group",
    "split",
    "constructed",
    "target",
    "template_family",
]

LABEL_CODES = {"threat": "thr", "hate": "hat", "neutral": "neu"}


@dataclass(frozen=True)
class Template:
    """One template with its stable id, label and family."""

    id: str
    label: str
    family: str
    text: str


def all_templates() -> list[Template]:
    """Return every template with its id (``<label>-<family>-<nn>``)."""
    out: list[Template] = []
    for label, entries in (
        ("threat", T.THREAT),
        ("hate", T.HATE),
        ("neutral", T.NEUTRAL),
    ):
        counts: dict[str, int] = {}
        for family, text in entries:
            counts[family] = counts.get(family, 0) + 1
            tid = f"{LABEL_CODES[label]}-{family}-{counts[family]:02d}"
            out.append(Template(tid, label, family, text))
    return out


def _handle(rng: random.Random, first: str, last: str, title: str, party: str) -> str:
    flat = re.sub(r"[^A-Za-zÖö]", "", last.title()).replace("Ö", "O").replace("ö", "o")
    forms = [
        f"@{first}{flat}",
        f"@{first.lower()}{flat.lower()}",
        f"@{title.title()}{flat}",
        f"@{flat}{party}",
        f"@{first}_{flat}",
        f"@{first[0]}{flat}",
        f"@{flat}_{party.lower()}",
        f"@{first}{flat}{rng.randint(1, 99)}",
    ]
    return rng.choice(forms)[:16]


def _context(rng: random.Random, female: bool) -> dict[str, str]:
    first = rng.choice(S.FIRST_F if female else S.FIRST_M)
    last = rng.choice(S.SURNAMES)
    title = rng.choice(S.TITLES)
    party = rng.choice(S.PARTIES)
    handle = _handle(rng, first, last, title, party)
    naam = last[0].upper() + last[1:]
    tn = rng.choice(
        [
            f"{title} {naam}",
            f"{title} {naam}",
            f"{first} {naam}",
            f"{'mevrouw' if female else 'meneer'} {naam}",
            handle,
        ]
    )
    insult_pool = S.INSULT + (S.INSULT_F if female else S.INSULT_M) * 2
    return {
        "at": handle,
        "Tn": tn,
        "T": rng.choice([tn, handle, f"die {title}"]),
        "naam": naam,
        "naamtag": re.sub(r"\W", "", naam.title()),
        "voornaam": first,
        "hem": "haar" if female else "hem",
        "hij": "zij" if female else "hij",
        "zijn": "haar" if female else "zijn",
        "gnoun": "wijf" if female else "vent",
        "insult_g": rng.choice(insult_pool),
    }


def fill(
    template: Template,
    rng: random.Random,
    female: bool,
    overrides: dict[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Fill one template; return the text and the keyword values inserted.

    ``overrides`` replaces context slots (e.g. a real ``at`` handle for the
    example data).
    """
    ctx = _context(rng, female)
    if overrides:
        ctx.update(overrides)
    keys: list[str] = []

    def sub(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name in ctx:
            value = ctx[name]
        else:
            value = rng.choice(SLOTS[name])
        if arg is not None:
            value = value.replace("*", ctx.get(arg, arg))
        if name in KEY_SLOTS:
            keys.append(value)
        return value

    text = SLOT_RE.sub(sub, template.text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.!?])", r"\1", text)
    return text, keys


# --- obfuscation -----------------------------------------------------------------

LEET = {"a": "@", "e": "3", "i": "1", "o": "0", "s": "$"}
VOWELS = "aeiou"


def _leet(word: str, rng: random.Random) -> str:
    chars = list(word)
    idx = [i for i, c in enumerate(chars) if c.lower() in LEET]
    for i in rng.sample(idx, k=min(len(idx), rng.randint(1, 2))):
        chars[i] = LEET[chars[i].lower()]
    return "".join(chars)


def _star(word: str, rng: random.Random) -> str:
    idx = [
        i for i, c in enumerate(word) if c.lower() in VOWELS and 0 < i < len(word) - 1
    ]
    if not idx:
        return word
    i = rng.choice(idx)
    return word[:i] + "*" + word[i + 1 :]


def _spaced(word: str, rng: random.Random) -> str:
    return rng.choice([" ", ".", "-", " "]).join(word)


def _elongate(word: str, rng: random.Random) -> str:
    idx = [i for i, c in enumerate(word) if c.lower() in VOWELS]
    if not idx:
        return word
    i = rng.choice(idx)
    return word[: i + 1] + word[i] * rng.randint(2, 5) + word[i + 1 :]


def _zeros(word: str, rng: random.Random) -> str:
    return word.replace("oo", "00").replace("o", "0")


WORD_OBF = [_leet, _star, _spaced, _elongate, _zeros]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not cand:
        return text
    i = rng.choice(cand)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        w = w[:j] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def _nospace(text: str, rng: random.Random) -> str:
    spaces = [m.start() for m in re.finditer(" ", text)]
    if len(spaces) < 3:
        return text
    for i in sorted(rng.sample(spaces[1:], k=min(2, len(spaces) - 1)), reverse=True):
        text = text[:i] + text[i + 1 :]
    return text


def _nopunct(text: str, rng: random.Random) -> str:
    return re.sub(r"[.,!?;:']", "", text)


def _caps(text: str, rng: random.Random) -> str:
    return text.upper()


def _lower(text: str, rng: random.Random) -> str:
    return text.lower()


TEXT_OBF = [_typo, _nospace, _nopunct, _caps, _lower]


def obfuscate(text: str, keys: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """Disguise one keyword and/or reshape the whole text; return text and ops."""
    ops: list[str] = []
    lowered = text.lower()
    cands = [k for k in keys if len(k) >= 3 and k in text]
    cands += [w for w in FIXED_KEYWORDS if w in lowered and w in text]
    if cands and rng.random() < 0.75:
        key = rng.choice(cands)
        words = key.split(" ")
        word = max(words, key=len)
        fn = rng.choice(WORD_OBF)
        new = fn(word, rng)
        if new != word:
            text = text.replace(word, new, 1)
            ops.append(fn.__name__.strip("_"))
    if not ops or rng.random() < 0.4:
        fn = rng.choice(TEXT_OBF)
        new = fn(text, rng)
        if new != text:
            text = new
            ops.append(fn.__name__.strip("_"))
    return text, ops


#: Share of messages that get a neutral lead-in clause (any label).
LEAD_IN_RATE = 0.2


def ctx_free_fill(text: str, rng: random.Random) -> str:
    """Fill slots that need no per-message context (used for lead-in clauses)."""
    return SLOT_RE.sub(
        lambda m: ctx_free_fill(rng.choice(SLOTS[m.group(1)]), rng), text
    )


def _lead_in(text: str, clause: str) -> str:
    """Put ``clause`` after a leading @mention, or at the start."""
    if text.startswith("@") and " " in text:
        handle, rest = text.split(" ", 1)
        return f"{handle} {clause} {rest}"
    return f"{clause} {text}"


def generate(
    template: Template, n: int, obf_rate: float = 0.3, seed: int = 20261128
) -> list[dict[str, str]]:
    """Generate up to ``n`` distinct messages from one template.

    The random stream depends only on ``seed`` and the template id, so adding
    or editing another template never changes these rows.
    """
    rng = random.Random(seed ^ zlib.crc32(template.id.encode("utf-8")))
    female_bias = 0.9 if template.family in {"sexist", "sexual"} else 0.5
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    attempts = 0
    while len(rows) < n and attempts < n * 20:
        attempts += 1
        female = rng.random() < female_bias
        text, keys = fill(template, rng, female)
        ops: list[str] = []
        if rng.random() < LEAD_IN_RATE:
            text = _lead_in(text, ctx_free_fill("{leadin}", rng))
        if rng.random() < obf_rate:
            text, ops = obfuscate(text, keys, rng)
        deco = rng.choice(DECOR)
        if deco and not text.endswith(deco.strip()):
            text = text + deco
        if rng.random() < 0.3:
            text = text[0].upper() + text[1:]
        if text in seen:
            continue
        seen.add(text)
        rows.append(
            {
                "text": text,
                "label": template.label,
                "group": template.id,
                "template_family": f"{template.label}/{template.family}",
                "target": "female" if female else "male",
                "obfuscation": "+".join(ops),
            }
        )
    return rows


def n_random_slots(template: Template) -> int:
    """Count slots in a template that vary between messages (context excluded)."""
    return sum(
        1
        for m in SLOT_RE.finditer(template.text)
        if m.group(1) not in CONTEXT_SLOTS or m.group(1) == "insult_g"
    )
