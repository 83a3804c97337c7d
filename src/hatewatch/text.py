"""Dutch social-media text normalisation for classification.

:func:`normalize` maps the many spellings people use on social media onto one
form, so that a classifier and the threat rules see ``kanker`` whether the
writer typed ``K@NKER``, ``k a n k e r`` or ``kaaaanker``. It is tuned for
Dutch messages aimed at politicians but is safe on any text: it never raises
and it is idempotent (``normalize(normalize(x)) == normalize(x)``).

Steps, in order (the order matters for idempotence: URLs and mentions are
recognised last, so no earlier step can turn text into something that looks
like one on a second pass):

1. Unicode folding (non-ASCII text only): NFKD, then combining marks, zero-width
   and format characters, skin-tone modifiers and lone surrogates are dropped
   (``één`` -> ``een``, ``kan\\u200bker`` -> ``kanker``); curly quotes become
   straight ones.
2. Control characters become spaces; runs of whitespace become one space.
3. ``http(s)://`` and ``www.`` URLs -> ``URL``.
4. ``#hashtags`` keep their word; ``#HangZeOp`` is split at case changes.
5. E-mail addresses -> ``@user``.
6. Lower case (the ``URL`` placeholder is kept upper case).
7. Emoji become separate tokens; emoji that matter for abuse and threats get a
   stable Dutch name (``🔪`` -> ``:mes:``); 3+ repeats are cut to two.
8. Spaced-out letters are joined (``k a n k e r``, ``k.a.n.k.e.r`` ->
   ``kanker``); runs shorter than three, alphabet runs (``a b c``) and runs
   that are mostly digits are left alone.
9. Obfuscation inside words: digits and symbols between letters are read as
   letters (``m00rd`` -> ``moord``, ``k@nker`` -> ``kanker``, ``$`` -> ``s``);
   ambiguous symbols (``*``, ``!``, ``|``, ``€``) are resolved against a small
   lexicon of abusive and violent words (``k*ll3n`` -> ``killen``).
10. Elongation: a letter repeated three or more times is cut to two
    (``zooooo`` -> ``zoo``).
11. Bare domains (``nos.nl``) -> ``URL``; ``@mentions`` -> ``@user``.

Each expensive step sits behind a cheap check (a substring test or a regex
that starts with a literal), so ordinary messages cost a few microseconds.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["EMOJI_NAMES", "normalize", "tokenize"]

#: Emoji that carry meaning for hate and threat detection, mapped to stable,
#: lower-case Dutch names. Other emoji are kept as separate tokens.
EMOJI_NAMES: dict[str, str] = {
    "\U0001f52a": ":mes:",  # hocho
    "\U0001f5e1": ":dolk:",
    "\u2694": ":zwaarden:",
    "\U0001fa93": ":bijl:",
    "\U0001f52b": ":pistool:",
    "\U0001f4a3": ":bom:",
    "\U0001f9e8": ":dynamiet:",
    "\U0001f4a5": ":explosie:",
    "\U0001f525": ":vuur:",
    "\u2620": ":doodshoofd:",
    "\U0001f480": ":schedel:",
    "\u26b0": ":doodskist:",
    "\U0001faa6": ":grafsteen:",
    "\u26b1": ":urn:",
    "\U0001fa78": ":bloed:",
    "\U0001faa2": ":touw:",
    "\U0001f3af": ":doelwit:",
    "\U0001f44a": ":vuist:",
    "\U0001f91c": ":vuist:",
    "\U0001f91b": ":vuist:",
    "\u270a": ":vuist:",
    "\U0001f3e0": ":huis:",
    "\U0001f3e1": ":huis:",
    "\U0001f3d8": ":huis:",
    "\U0001f595": ":middelvinger:",
    "\U0001f92c": ":vloeken:",
    "\U0001f621": ":boos:",
    "\U0001f620": ":boos:",
    "\U0001f92e": ":kotsen:",
    "\U0001f922": ":misselijk:",
    "\U0001f4a9": ":poep:",
    "\U0001f437": ":varken:",
    "\U0001f416": ":varken:",
    "\U0001f412": ":aap:",
    "\U0001f435": ":aap:",
    "\U0001f98d": ":aap:",
    "\U0001f400": ":rat:",
    "\U0001f401": ":rat:",
    "\U0001f921": ":clown:",
    "\U0001f40d": ":slang:",
    "\U0001f602": ":lachen:",
    "\U0001f923": ":lachen:",
    "\u2764": ":hart:",
    "\U0001f44d": ":duim:",
    "\U0001f64f": ":bidden:",
}

# ---------------------------------------------------------------------------
# Precompiled patterns. Everything here is built once at import time except
# the table of combining/format characters, which is built on first non-ASCII
# input (it scans ~135k code points, ~30 ms).

_EMOJI_CLASS = (
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
    "\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u3030\u303d"
)
_FLAG = "[\U0001f1e6-\U0001f1ff]{2}"
_EMOJI_SPAN = re.compile(f"[{_EMOJI_CLASS}\U0001f1e6-\U0001f1ff]+")
_EMOJI_ONE = re.compile(f"{_FLAG}|.", re.DOTALL)

_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTE_PAIRS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}

# obfuscation symbols are allowed inside so that undoing obfuscation later
# cannot turn a non-address into one
_EMAIL = re.compile(
    r"[\w.+$*!|\u20ac-]+@[\w$@*!|\u20ac-]+(?:\.[\w$@*!|\u20ac-]+)*"
    r"\.(?=[\w$@*!|\u20ac]*[^\W\d_])[\w$@*!|\u20ac]{2,}"
)
_URL = re.compile(
    r"(?<!\w)(?:https?://|www\.)\S+"
    r"|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\."
    r"(?:nl|be|com|org|net|eu|info|io|co|ly|me|tv|gov|edu|de|fr|uk|news)"
    r"(?:/\S*)?(?![\w-])",
    re.IGNORECASE,
)
_WEB_URL = re.compile(r"(?<!\w)(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(
    r"(?<![\w@$*!|\u20ac])@[@$*!|\u20ac]*\w[\w@$*!|\u20ac]*(?:\.[\w@$*!|\u20ac]+)*"
)
_HASHTAG = re.compile(r"#+([\w$@*!|\u20ac]+)")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")
_URL_TOKEN = re.compile(r"(?<![\w@$*!|\u20ac#])URL(?![\w@$*!|\u20ac])")

# Spaced-out letters: three or more single characters separated by one space,
# dot, hyphen or underscore. Single characters are letters, digits or the
# obfuscation symbols that step 8 understands.
_SINGLE = r"[^\W_]|[$*!|\u20ac]"
_SPACED = re.compile(
    rf"(?<![\w$*!|\u20ac@#:'])(?:(?:{_SINGLE})[ ._-]){{2,}}(?:{_SINGLE})"
    r"(?![\w$*!|\u20ac@#:'])"
)
_SPACE_SEPS = re.compile(r"[ ._-]")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# Obfuscated words: a word containing a letter next to an obfuscation
# character. Only such words are looked at again, which keeps the common case
# (no obfuscation) at one regex scan.
_LEET_CHARS = "013457@$*!|\u20ac"
_LEET_WORD = re.compile(
    r"(?<![\w@$*!|\u20ac])[\w@$*!|\u20ac]*"
    r"(?:[^\W\d_][013457@$*!|\u20ac]|[013457@$*!|\u20ac][^\W\d_])"
    r"[\w@$*!|\u20ac]*"
)
# A run of obfuscation characters between two letters is read as letters.
_LEET_RUN = re.compile(r"(?<=[^\W\d_])[013457@$]+(?=[^\W\d_])")
_DOLLAR = re.compile(r"(?<=[^\W\d_])\$+|\$+(?=[^\W\d_])")
_LEET_DEFAULT = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_CLASS = {
    "0": "[o]",
    "1": "[il]",
    "3": "[e]",
    "4": "[a]",
    "5": "[s]",
    "7": "[t]",
    "@": "[a]",
    "$": "[s]",
    "\u20ac": "[e]",
    "!": "[il]",
    "|": "[li]",
    "*": "[a-z]",
}
_EDGE_SYMBOLS = "*!|\u20ac"

# Words that obfuscation is used to hide. Used only to resolve ambiguous
# symbols; the order decides ties (more common readings first).
_LEXICON: tuple[str, ...] = (
    "kanker",
    "kankeren",
    "kankerlijer",
    "kankerhoer",
    "kankerjood",
    "kutwijf",
    "kut",
    "klootzak",
    "hoer",
    "hoeren",
    "hoerenzoon",
    "slet",
    "teef",
    "trut",
    "tering",
    "tyfus",
    "pleuris",
    "godverdomme",
    "fuck",
    "fucking",
    "shit",
    "neger",
    "negers",
    "nikker",
    "nikkers",
    "flikker",
    "flikkers",
    "homo",
    "mongool",
    "debiel",
    "idioot",
    "sukkel",
    "landverrader",
    "verrader",
    "nazi",
    "fascist",
    "lul",
    "pik",
    "bitch",
    "moord",
    "moorden",
    "vermoorden",
    "vermoord",
    "dood",
    "doden",
    "dooie",
    "killen",
    "kill",
    "kil",
    "afmaken",
    "slachten",
    "afslachten",
    "schieten",
    "neerschieten",
    "schiet",
    "ophangen",
    "hangen",
    "steken",
    "neersteken",
    "kapot",
    "verkrachten",
    "verkracht",
    "bom",
    "mes",
    "pistool",
    "kogel",
    "geweer",
    "molotov",
    "fik",
    "brand",
    "vergassen",
    "gas",
    "sterf",
    "sterven",
    "creperen",
    "crepeer",
    "doodgaan",
    "galg",
    "strop",
    "onthoofd",
    "onthoofden",
    "afgeknald",
    "afknallen",
    "neergeschoten",
    "doodgeschoten",
    "neergestoken",
    "doodgestoken",
    "opgehangen",
    "afgemaakt",
    "afslachten",
    "executeren",
    "geexecuteerd",
    "wurgen",
    "lynchen",
    "kogels",
    "nekschot",
    "steken",
    "neersteken",
    "afmaken",
    "verbranden",
    "vergast",
    "martelen",
    "toetakelen",
)
_LEXICON_BY_LEN: dict[int, tuple[str, ...]] = {}
for _w in _LEXICON:
    _LEXICON_BY_LEN[len(_w)] = (*_LEXICON_BY_LEN.get(len(_w), ()), _w)

# Cheap first checks: each expensive pattern only runs on text that passes its
# hint, which is a literal or character-set search (fast in the re engine).
_EMAIL_HINT = re.compile(r"@[\w$@*!|\u20ac-]+\.")
_URL_HINT = re.compile(r"://|www\.|\.[^\W\d_]{2}")
_SPACED_HINT = re.compile(r"[ ._-][^ ._-][ ._-][^ ._-]")
# ("@" before a letter is a mention, not obfuscation)
_LEET_HINT = re.compile(
    r"[013457@$*!|\u20ac](?<=[^\W\d_].)|[013457$*!|\u20ac](?=[^\W\d_])"
)

# 3+ repeats of the same letter (not digits: "2000" must stay).
_ELONG = re.compile(r"([^\W\d_])\1{2,}")
_ELONG_HINT = re.compile(r"(\w)\1\1")

_TOKEN = re.compile(
    rf"@user|URL|:[a-z]+:|[^\W_]+(?:'[^\W_]+)*|{_FLAG}|[{_EMOJI_CLASS}]"
)

_DROP: dict[int, int | None] | None = None
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _drop_table() -> dict[int, int | None]:
    """Translate table deleting combining marks, format chars, surrogates."""
    global _DROP
    if _DROP is None:
        drop = {"Mn", "Me", "Cf", "Cs"}
        planes = (range(0, 0x20000), range(0xE0000, 0xE1000))
        table: dict[int, int | None] = {
            cp: None
            for plane in planes
            for cp in plane
            if unicodedata.category(chr(cp)) in drop
        }
        # skin-tone modifiers would otherwise become tokens of their own
        table.update(dict.fromkeys(range(0x1F3FB, 0x1F400)))
        table.update({ord(k): ord(v) for k, v in _QUOTE_PAIRS.items()})
        _DROP = table
    return _DROP


def _fold_unicode(s: str) -> str:
    """Compatibility-decompose and drop marks, format chars and surrogates."""
    if not unicodedata.is_normalized("NFKD", s):
        s = unicodedata.normalize("NFKD", s)
    table = _drop_table()
    # most non-ASCII messages only add emoji: translate only when needed
    for run in _NON_ASCII.findall(s):
        for c in run:
            if ord(c) in table:
                return s.translate(table)
    return s


def _hashtag(m: re.Match[str]) -> str:
    return _CAMEL.sub(" ", m.group(1))


def _lower(s: str) -> str:
    if "URL" in s:
        return "URL".join(part.lower() for part in _URL_TOKEN.split(s))
    return s.lower()


def _emoji(m: re.Match[str]) -> str:
    out: list[str] = []
    prev, repeat = "", 0
    for e in _EMOJI_ONE.findall(m.group(0)):
        repeat = repeat + 1 if e == prev else 1
        prev = e
        if repeat <= 2:
            out.append(EMOJI_NAMES.get(e, e))
    return " " + " ".join(out) + " "


def _spaced(m: re.Match[str]) -> str:
    run = m.group(0)
    joined = _SPACE_SEPS.sub("", run)
    letters = sum(c.isalpha() for c in joined)
    if letters < 2 or letters * 2 < len(joined) or joined in _ALPHABET:
        return run
    return joined


def _deobfuscate(m: re.Match[str]) -> str:
    word = m.group(0)
    if word[0] == "@":
        # a mention, whatever follows; keeps normalize word-local
        return word
    # symbols at the edges are punctuation ("dood!"), not letters
    core = word.strip(_EDGE_SYMBOLS)
    if not core:
        return word
    lead = word[: len(word) - len(word.lstrip(_EDGE_SYMBOLS))]
    trail = word[len(lead) + len(core) :]
    fixed = _resolve(core)
    return lead + fixed + trail


@functools.lru_cache(maxsize=65536)
def _resolve(core: str) -> str:
    """Read an obfuscated word: lexicon match first, else the default map."""
    candidates = _LEXICON_BY_LEN.get(len(core))
    if candidates and sum(c.isalpha() for c in core) >= 2:
        pattern = "".join(_LEET_CLASS.get(c, re.escape(c)) for c in core)
        rx = re.compile(pattern)
        for cand in candidates:
            if rx.fullmatch(cand):
                return cand
    fixed = _LEET_RUN.sub(lambda r: r.group(0).translate(_LEET_DEFAULT), core)
    if "$" in fixed:
        fixed = _DOLLAR.sub(lambda r: "s" * len(r.group(0)), fixed)
    return fixed


def _has_triple(s: str) -> bool:
    """True if some character may occur three times in a row (a cheap hint)."""
    # XOR with itself shifted by one character: equal neighbours give zero
    # bytes, so a triple shows up as a run of zero bytes. Much cheaper than a
    # regex; may say True for no triple (then the regex decides), never False
    # for a real one.
    if s.isascii():
        b = s.encode("ascii")
        x = int.from_bytes(b, "big")
        return b"\x00\x00" in (x ^ (x >> 8)).to_bytes(len(b), "big")
    try:
        b = s.encode("utf-32-be")
    except UnicodeEncodeError:  # lone surrogates: let the regex look
        return True
    x = int.from_bytes(b, "big")
    return b"\x00" * 8 in (x ^ (x >> 32)).to_bytes(len(b), "big")


def normalize(text: str) -> str:
    """Normalise a Dutch social-media message for classification.

    Parameters
    ----------
    text : str
        Raw message text. Never raises on any ``str``; ``None`` gives ``""``
        and other objects are converted with ``str()``.

    Returns
    -------
    str
        Normalised text: lower case (except the ``URL`` placeholder), single
        spaces, mentions as ``@user``, URLs as ``URL``, obfuscation undone.
        ``normalize(normalize(x)) == normalize(x)`` for every string.

    Examples
    --------
    >>> normalize("@Jan ik ga je K@NKER m00rd3n!!! https://t.co/x")
    '@user ik ga je kanker moorden!!! URL'
    >>> normalize("k a n k e r lijer 🔪🔪🔪")
    'kanker lijer :mes: :mes:'
    >>> normalize("Zooooo mooi in 2021 #HangZeOp")
    'zoo mooi in 2021 hang ze op'
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text:
        return ""
    s = text
    ascii_only = s.isascii()
    if not ascii_only:
        s = _fold_unicode(s)
    if not s.isprintable():
        s = _CTRL.sub(" ", s)
    s = " ".join(s.split())
    # e-mail addresses go before obfuscation is undone (which would read
    # their "@" as an "a"); see the module docstring for why the order matters
    if "://" in s or "www." in s:
        # unambiguous URLs go early so later steps do not work on their text
        s = _WEB_URL.sub(" URL ", s)
    if "#" in s:
        s = _HASHTAG.sub(_hashtag, s)
    if "@" in s and _EMAIL_HINT.search(s):
        s = _EMAIL.sub(" @user ", s)
    s = _lower(s)
    if not ascii_only:
        s = " ".join(_EMOJI_SPAN.sub(_emoji, s).split())
    if _SPACED_HINT.search(s):
        s = _SPACED.sub(_spaced, s)
    if _LEET_HINT.search(s):
        s = _LEET_WORD.sub(_deobfuscate, s)
    if _has_triple(s):
        s = _ELONG.sub(r"\1\1", s)
    if _URL_HINT.search(s):
        s = _URL.sub(" URL ", s)
    if "@" in s:
        s = _MENTION.sub("@user", s)
    return " ".join(s.split())


def tokenize(normalized: str) -> list[str]:
    """Split normalised text into word tokens.

    Tokens are words (letters and digits, with inner apostrophes as in
    ``m'n``), the placeholders ``@user`` and ``URL``, emoji names such as
    ``:mes:`` and single emoji. Punctuation is dropped.

    Parameters
    ----------
    normalized : str
        Output of :func:`normalize` (any string is accepted).

    Returns
    -------
    list of str
        Tokens in order of appearance.

    Examples
    --------
    >>> tokenize(normalize("Ik ga je m00rden 🔪, m'n vriend! https://x.nl"))
    ['ik', 'ga', 'je', 'moorden', ':mes:', "m'n", 'vriend', 'URL']
    """
    return _TOKEN.findall(normalized)
