"""Threat rules for Dutch messages: token patterns with severity tags.

The rules are written from how Dutch threats are phrased (codebook
``data/annotations/GUIDELINES.md`` and general knowledge of the language),
not learned from data. They look at the tokens of the normalised text
(:func:`hatewatch.text.normalize`), so obfuscated spellings such as
``k*ll3n`` or ``m00rd`` reach them as plain words.

Each :class:`RuleHit` has a weight: positive rules raise the threat score,
guard rules (quotes and reports of threats, counter-speech, political and
sports metaphor, idioms) have negative weights. Guards are only reported for
messages in which a positive rule fired. See ``docs/rules.md``.

Speed: a message is first checked against a set of trigger words (a
``str.translate`` + ``split`` + set intersection, about a microsecond); only
the few messages that contain one are tokenised by spaCy and matched, each
pattern only in the windows around its rarest words, by a matcher that gives
exactly what spaCy's ``Matcher`` gives for the patterns of :func:`_compile`
(the tests compare both) at a fraction of its cost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hatewatch.text import normalize

__all__ = ["SEVERITIES", "RuleHit", "ThreatRules"]

logger = logging.getLogger(__name__)

#: Kinds of harm a threat can name; used to prioritise flagged messages.
SEVERITIES = ("death", "weapon", "sexual", "arson", "family", "home", "call_to_action")


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired on a message.

    Attributes
    ----------
    rule : str
        Stable rule id, e.g. ``"intent_harm_verb"``.
    description : str
        One line for support staff: what the rule means.
    span : str
        The matched text (normalised).
    weight : float
        ``> 0`` raises the threat score, ``< 0`` lowers it (guards).
    severity : tuple of str
        Kinds of harm named, a subset of :data:`SEVERITIES`.
    """

    rule: str
    description: str
    span: str
    weight: float
    severity: tuple[str, ...]


# ---------------------------------------------------------------------------
# Word lists. Dutch has no lemmatiser here, so inflected forms are listed.
# Normalised text has no accents ("geëxecuteerd" -> "geexecuteerd").

_W: dict[str, list[str]] = {
    # writer as subject ("'k" is split by the tokenizer into "'" + "k")
    "SUBJ1": ["ik", "k", "ikke", "we", "wij"],
    # future/intent auxiliaries after a first-person subject
    "FUT1": [
        "ga",
        "gaan",
        "zal",
        "zullen",
        "kom",
        "komen",
        "wil",
        "willen",
        "zou",
        "zouden",
        "moet",
        "moeten",
        "gaat",
        "ben",
        "zijn",
    ],
    # the target: addressee, third person, demonstrative ("die gaan we...")
    "OBJ": [
        "je",
        "jou",
        "jij",
        "jullie",
        "u",
        "hem",
        "haar",
        "ze",
        "hen",
        "hun",
        "die",
        "dat",
        "deze",
        "jouw",
        "zijn",
        "z'n",
        "d'r",
        "@user",
        "jezelf",
        "allemaal",
        "elkaar",
    ],
    "SUBJ2": ["je", "jij", "u", "jullie", "hij", "zij", "ze", "die", "@user"],
    "POSS2": ["je", "jouw", "jullie", "uw", "zijn", "z'n", "haar", "d'r", "hun"],
    # infinitives and participles-as-infinitives of killing and maiming
    "HARM_INF": [
        "vermoorden",
        "afmaken",
        "doodmaken",
        "kapotmaken",
        "neersteken",
        "doodsteken",
        "kapotsteken",
        "neerschieten",
        "doodschieten",
        "kapotschieten",
        "neerknallen",
        "afknallen",
        "doodknallen",
        "doodslaan",
        "doodtrappen",
        "kapotslaan",
        "kapottrappen",
        "ophangen",
        "opknopen",
        "onthoofden",
        "slachten",
        "afslachten",
        "wurgen",
        "verzuipen",
        "killen",
        "lynchen",
        "executeren",
        "liquideren",
        "fusilleren",
        "martelen",
        "villen",
        "verkrachten",
        "vergassen",
        "verbranden",
        "uitroeien",
        "doden",
        "elimineren",
        "koud maken",
        "opblazen",
        "overhoop schieten",
        "mollen",
        "neermaaien",
        "doodrijden",
        "overrijden",
        "aanrijden",
        "verminken",
        "in elkaar slaan",
        "in elkaar trappen",
        "in elkaar rammen",
        "kapot slaan",
        "kapot maken",
        "dood maken",
        "dood schieten",
        "dood steken",
        "dood slaan",
        "af maken",
        "neer steken",
        "neer schieten",
        "op hangen",
        "in de fik steken",
        "in brand steken",
        "pijn doen",
        "laten bloeden",
        "te grazen nemen",
        "doorzeven",
        "afrossen",
        "slopen",
        "toetakelen",
        "afranselen",
        "mishandelen",
        "verwonden",
        "aftuigen",
        "in mekaar slaan",
        "neersabelen",
        "steken",
        "schieten",
        "afschieten",
        "nek breken",
        "nek omdraaien",
        "botten breken",
        "kop inslaan",
        "hoofd inslaan",
        "keel doorsnijden",
        "kop eraf hakken",
        "afhakken",
        "doodrammen",
        "kruisigen",
        "spietsen",
        "vierendelen",
        "in stukken hakken",
        "in stukjes hakken",
        "neerslaan",
        "kelen",
        "doorboren",
        "vertrappen",
        "stekken",
        "opensnijden",
        "openrijten",
        "doorsteken",
        "afmaken",
        "verscheuren",
        "laten verdwijnen",
        "neerleggen",
        "omleggen",
        "afknallen",
        "opruimen",
    ],
    # infinitives that are rarely innocent in "moet je ... X" frames
    "HARM_STRONG": [
        "vermoorden",
        "doodmaken",
        "neersteken",
        "doodsteken",
        "neerschieten",
        "doodschieten",
        "neerknallen",
        "afknallen",
        "doodslaan",
        "ophangen",
        "opknopen",
        "onthoofden",
        "afslachten",
        "wurgen",
        "killen",
        "lynchen",
        "executeren",
        "liquideren",
        "fusilleren",
        "martelen",
        "verkrachten",
        "vergassen",
        "uitroeien",
        "doden",
        "stenigen",
        "toetakelen",
        "omleggen",
    ],
    # participles for passive and wish frames ("je wordt vermoord")
    "HARM_PART": [
        "vermoord",
        "afgemaakt",
        "doodgemaakt",
        "kapotgemaakt",
        "neergestoken",
        "doodgestoken",
        "neergeschoten",
        "doodgeschoten",
        "neergeknald",
        "afgeknald",
        "doodgeslagen",
        "doodgetrapt",
        "opgehangen",
        "opgeknoopt",
        "onthoofd",
        "geslacht",
        "afgeslacht",
        "gewurgd",
        "verzopen",
        "gekilld",
        "gelyncht",
        "geexecuteerd",
        "geliquideerd",
        "gefusilleerd",
        "gemarteld",
        "gevild",
        "verkracht",
        "vergast",
        "verbrand",
        "uitgeroeid",
        "gedood",
        "geelimineerd",
        "opgeblazen",
        "verminkt",
        "doodgereden",
        "overreden",
        "aangereden",
        "doorzeefd",
        "afgerost",
        "gesloopt",
        "neergemaaid",
        "gemold",
        "vermoordt",
        "toegetakeld",
        "afgeranseld",
        "mishandeld",
        "afgetuigd",
        "overhoop geschoten",
        "dood geschoten",
        "neer geschoten",
        "in elkaar geslagen",
        "kapot geslagen",
        "in elkaar getrapt",
        "in de fik gestoken",
        "in brand gestoken",
        "neergelegd",
        "omgelegd",
        "opgeruimd",
        "afgehakt",
        "doorgesneden",
        "gestenigd",
        "stenigen",
        "afgeschoten",
        "gekeeld",
        "doodgemarteld",
        "gespietst",
        "gekilled",
        "gekild",
        "kapotgeschoten",
        "kapotgestoken",
        "in stukken gehakt",
        "in mootjes gehakt",
        "neergeslagen",
        "gekruisigd",
        "gevierendeeld",
        "doorboord",
        "opengesneden",
        "gestoken",
        "geschoten",
        "gehangen",
        "laten verdwijnen",
    ],
    # finite verbs that need no particle: "ik vermoord je"
    "HARM_FIN": [
        "vermoord",
        "vermoordt",
        "slacht",
        "wurg",
        "verzuip",
        "verkracht",
        "martel",
        "onthoofd",
        "lynch",
        "executeer",
        "liquideer",
        "kill",
        "vergas",
        "verbrand",
        "mol",
        "vil",
        "brand",
        "dood",
    ],
    # separable verbs: finite stem ... particle ("ik steek je neer")
    "SEP_VERB": [
        "maak",
        "maakt",
        "maken",
        "steek",
        "steekt",
        "steken",
        "schiet",
        "schieten",
        "sla",
        "slaat",
        "slaan",
        "trap",
        "trapt",
        "trappen",
        "knal",
        "knalt",
        "knallen",
        "hang",
        "hangen",
        "knoop",
        "knopen",
        "snij",
        "snijd",
        "snijden",
        "blaas",
        "blazen",
        "ram",
        "rammen",
        "reken",
        "rekenen",
        "ros",
        "rossen",
        "rijd",
        "rijden",
        "zeef",
        "schop",
        "schopt",
        "schoppen",
        "prik",
        "prikken",
        "knijp",
        "knijpen",
    ],
    "SEP_PART": [
        "af",
        "neer",
        "dood",
        "kapot",
        "lek",
        "overhoop",
        "verrot",
        "lens",
        "bewusteloos",
        "op",
        "door",
        "koud",
        "elkaar",
        "kreupel",
        "invalide",
        "aan",
        "omver",
        "dicht",
    ],
    "WISH": [
        "hoop",
        "hopen",
        "hoopt",
        "hopelijk",
        "wens",
        "wensen",
        "wenst",
        "wou",
        "wilde",
        "zou",
        "zal",
        "mag",
        "moge",
        "wacht",
    ],
    "DIE_FIN": [
        "doodgaat",
        "doodgaan",
        "sterft",
        "sterven",
        "sterf",
        "crepeert",
        "creperen",
        "crepeer",
        "verrekt",
        "verrekken",
        "verreck",
        "verzuipt",
        "verdrinkt",
        "omkomt",
        "omkomen",
        "stikt",
        "stikken",
        "verbrandt",
        "branden",
        "brandt",
        "creperen",
    ],
    "WEAPON": [
        "mes",
        "messen",
        "pistool",
        "pistolen",
        "geweer",
        "geweren",
        "kogel",
        "kogels",
        "kalasjnikov",
        "kalasj",
        "kalash",
        "kalashnikov",
        "9mm",
        "fakkel",
        "fakkels",
        "hooivork",
        "hooivorken",
        "ak47",
        "bijl",
        "machete",
        "bom",
        "bommen",
        "handgranaat",
        "granaat",
        "explosieven",
        "honkbalknuppel",
        "knuppel",
        "knuppels",
        "dolk",
        "zwaard",
        "vuurwapen",
        "shotgun",
        "glock",
        "revolver",
        "nekschot",
        "kopschot",
        "schietijzer",
        "klapper",
        "dynamiet",
        "zuur",
        "bijlen",
        "hakbijl",
        "kettingzaag",
        "strop",
        "touw",
        "kruisboog",
        "klauwhamer",
        "hamer",
        "jachtgeweer",
        "boksbeugel",
        "stiletto",
        "slagersmes",
        "vleesmes",
        "zakmes",
        "steekwapen",
        "uzi",
        "sniper",
        "benzine",
        "vuurwapens",
        "wapen",
        "wapens",
        "breekijzer",
        "cobra",
        "vuurwerkbom",
        "granaten",
        "koevoet",
    ],
    "WEAPON_EMOJI": [
        "mes",
        "dolk",
        "pistool",
        "bom",
        "bijl",
        "zwaarden",
        "dynamiet",
        "doodskist",
        "touw",
        "doodshoofd",
        "schedel",
        "grafsteen",
        "explosie",
    ],
    "FAMILY": [
        "kinderen",
        "kind",
        "kids",
        "kindje",
        "kindjes",
        "dochter",
        "dochters",
        "dochtertje",
        "zoon",
        "zoons",
        "zonen",
        "zoontje",
        "vrouw",
        "vrouwtje",
        "man",
        "gezin",
        "familie",
        "moeder",
        "vader",
        "ouders",
        "moeke",
        "pa",
        "ma",
        "kleinkinderen",
        "kleinkind",
        "vriendin",
        "vriend",
        "partner",
        "echtgenote",
        "echtgenoot",
        "broer",
        "zus",
        "zusje",
        "broertje",
        "baby",
        "hond",
        "kat",
    ],
    "HOME": [
        "huis",
        "huisje",
        "adres",
        "woning",
        "deur",
        "voordeur",
        "achterdeur",
        "brievenbus",
        "straat",
        "tuin",
        "oprit",
        "raam",
        "ramen",
        "slaapkamer",
        "auto",
        "kantoor",
        "werk",
        "school",
        "gemeentehuis",
        "stadhuis",
        "woonplaats",
        "flat",
        "villa",
        "buurt",
        "wijk",
    ],
    "LIVE": [
        "woont",
        "woon",
        "wonen",
        "slaapt",
        "slapen",
        "werkt",
        "werken",
        "zit",
        "zitten",
        "loopt",
        "lopen",
        "fietst",
        "parkeert",
        "uithangt",
        "verblijft",
        "sport",
        "traint",
        "boodschappen",
        "rijdt",
        "school",
    ],
    "KNOW": [
        "weet",
        "weten",
        "wist",
        "wisten",
        "ken",
        "kennen",
        "vonden",
        "gevonden",
        "hebben",
        "heb",
    ],
}

# Guards and function words that never count as triggers on their own.
_FUNCTION = {
    *_W["SUBJ1"],
    *_W["OBJ"],
    *_W["SUBJ2"],
    *_W["POSS2"],
    *_W["FUT1"],
    "de",
    "het",
    "een",
    "in",
    "op",
    "voor",
    "met",
    "naar",
    "van",
    "is",
    "bent",
    "ben",
    "wordt",
    "word",
    "worden",
    "als",
    "dan",
    "en",
    "of",
    "maar",
    "nog",
    "wel",
    "niet",
    "er",
    "om",
    "te",
    "aan",
    "bij",
    "door",
    "tot",
    "zo",
    "wat",
    "wie",
    "waar",
    "hoe",
    "nu",
    "al",
    "ook",
    "eens",
    "dit",
    "moet",
    "moeten",
    "mag",
    "kan",
    "kunnen",
    "zou",
    "had",
    "heeft",
    "hebben",
    "heb",
    "af",
    "uit",
    "elkaar",
    "keer",
    "weer",
    "even",
    "gaat",
    "wacht",
    "zal",
    "hoop",
    "hopen",
    "wil",
    "hij",
    "zij",
    "jullie",
    "iets",
    "iemand",
    "man",
    "werk",
    "ken",
    "weet",
    "weten",
    "kom",
    "komen",
    "zit",
}


@dataclass(frozen=True)
class _Rule:
    id: str
    description: str
    weight: float
    severity: tuple[str, ...]
    patterns: tuple[str, ...]


def _rule(
    rid: str, description: str, weight: float, severity: str, *patterns: str
) -> _Rule:
    return _Rule(rid, description, weight, tuple(severity.split()), patterns)


# Pattern mini-language, one token per space-separated item:
#   word|word   one of these words (lower case)
#   @SET        one word from the list _W["SET"]
#   @A|@B|w     union of lists and words
#   *N          up to N arbitrary tokens
#   ?item       optional token
# Multi-word entries in a list ("in elkaar slaan") expand into extra patterns.
_RULES: tuple[_Rule, ...] = (
    # -- first person intent ------------------------------------------------
    _rule(
        "intent_harm_verb",
        "Writer says they will kill or hurt someone (first person + harm verb).",
        1.0,
        "",
        "@SUBJ1 *2 @FUT1 *6 @HARM_INF",
        "@FUT1 @SUBJ1 *6 @HARM_INF",
        "@SUBJ1 *2 @HARM_FIN *2 @OBJ",
        "@HARM_FIN @SUBJ1 *2 @OBJ",
        "@SUBJ1 *2 @SEP_VERB *3 @OBJ *5 @SEP_PART",
        "@SEP_VERB @SUBJ1 *3 @OBJ *5 @SEP_PART",
        "@SUBJ1 *2 @SEP_VERB *3 @OBJ *5 kop|keel|strot|nek|hersens|tanden|kogel"
        "|kogels|schedel|benen|knieschijven",
        "@SUBJ1 *2 draai|draaien *3 @OBJ *2 nek *1 om",
        "@SUBJ1 *2 @FUT1 *4 @OBJ *2 nek *1 omdraaien",
        "@SUBJ1 *3 @OBJ *4 kop|hoofd|schedel|keel|strot|hersens|harses|harsens|kanis"
        "|smoel|bek|hersenen|nek *2 eraf|in|af|door"
        "|open|inslaan|afhakken|afsnijden|doorsnijden|eraf|indrukken|inslaan",
        "had|zou @SUBJ1 *6 @HARM_PART",
        "@SUBJ1 *2 @FUT1 *5 @OBJ *4 eraan *2 helpen",
        "@SUBJ1 *2 @FUT1 *6 kapot|dood|neer|af *1 maken|steken|schieten|slaan",
        "@SUBJ1 *3 gooi|gooien|ingooien|sla|slaan|trap|trappen *4 @POSS2 *1 ramen"
        "|ruiten|ruit|raam|auto|deur|voordeur *3 in|kapot",
        "breek|breken|brak *3 @POSS2 *2 nek|botten|benen|armen|vingers|kaak|neus"
        "|schedel|knieen",
    ),
    _rule(
        "intent_pursue",
        'Writer announces coming for the target ("we komen je halen").',
        0.6,
        "",
        "@SUBJ1 *2 kom|komen|gaan|ga *4 @OBJ *3 halen|opzoeken|pakken|vinden"
        "|opwachten|opgewacht",
        "@SUBJ1 *2 krijg|krijgen|pak|pakken|vind|vinden *1 @OBJ *2 nog|wel|heus"
        "|ooit|snel|binnenkort",
        "@SUBJ1 *2 weet|weten @OBJ *1 te *1 vinden",
        "@SUBJ1 *3 langskomen|langs *4 knuppel|honkbalknuppel|mes|bijl|pistool"
        "|vrienden|jongens|benzine",
        "@SUBJ1 *2 staan|sta|wacht|wachten *3 @OBJ *2 op|deur|voordeur",
        "jou|hem|haar|jullie|die pak|krijg|pakken|krijgen *1 @SUBJ1 *2 nog|wel|ooit",
        "@SUBJ1 pak|pakken|grijp|grijpen *1 @OBJ *2 @FAMILY|nog|wel|ooit|snel",
    ),
    # -- second/third person future ----------------------------------------
    _rule(
        "fate_announced",
        'Says the target\'s death or harm is coming ("je gaat eraan").',
        1.0,
        "",
        "@SUBJ2 *2 gaat|gaan|zal|zult|zullen *3 eraan",
        "@SUBJ2 *2 ben|bent|is|zijn *1 er *1 geweest",
        "@SUBJ2 *1 bent|ben|is|zijn *2 de|als *1 volgende",
        "@POSS2 *1 dagen *1 zijn|worden *1 geteld",
        "tel *2 @POSS2 *1 dagen",
        "@POSS2 *1 laatste *1 dag|uur|uren|dagen|kerst|verjaardag",
        "@SUBJ2 *2 gaat|gaan|zal|zult|zullen *3 dood|boeten|bloeden|hangen|creperen"
        "|branden|sterven|lijden|janken",
        "@SUBJ2 *1 leeft|leef|leven *2 niet *2 lang|lang meer",
        "@SUBJ2 *3 lig|ligt|liggen *3 onder *1 de *1 grond|zoden",
        "@SUBJ2 *3 word|wordt|worden|zal|zult *4 @HARM_PART",
        "word|wordt|worden|zal|zult *1 @SUBJ2 *4 @HARM_PART",
        "@POSS2 *1 kop|hoofd|nek *2 gaat|zal|moet *1 rollen|eraf|eraan",
        "@SUBJ2 *3 overleeft|overleef|overleven *3 niet",
        "dit|dat *1 overleef|overleeft *2 @SUBJ2 *1 niet",
        "gaat|gaan|zal|zult|zullen *6 @HARM_PART *1 worden",
        "je|jij|jullie|u *1 bent|ben|zijn *2 dood|morsdood",
        "@SUBJ2 *2 krijgt|krijg|krijgen *2 een|de *1 kogel|kogels|nekschot|kopschot"
        "|mes|bijl",
        "er *2 komt|ligt|is *2 een *1 kogel|kogels *3 met|voor *2 @POSS2|jou",
    ),
    # -- conditional -------------------------------------------------------
    _rule(
        "conditional_threat",
        'Conditional or ultimatum followed by harm ("als je ..., dan ...").',
        0.5,
        "",
        "als|wanneer|indien|tenzij|anders|of *12 @SUBJ2|@SUBJ1 *4 eraan|geweest"
        "|@HARM_INF|@HARM_PART|@HARM_FIN|neer|dood|kapot",
        "nog *1 een|1|een|eenmaal *1 keer *1 en *8 @HARM_INF|@HARM_PART|@HARM_FIN"
        "|eraan|geweest|neer|dood|kapot",
    ),
    # -- veiled / knowledge of location -------------------------------------
    _rule(
        "knows_location",
        "Writer shows they know where the target or family lives or goes.",
        1.0,
        "home",
        "@SUBJ1 *2 @KNOW *3 waar *4 @LIVE",
        "@SUBJ1 *2 @KNOW *3 @POSS2 *1 adres|huis|woonplaats|school|straat|deur|auto"
        "|kenteken|route",
        "@SUBJ1 *2 @KNOW *3 welke *2 school|straat|huis|auto|route|trein",
        "@POSS2 *1 adres *2 is|ligt|staat|hebben|gevonden|bekend|rond|online|gedeeld",
        "@SUBJ1 *3 sta|staan|zijn|ben|kom|komen *8 voor|bij|naar *2 @POSS2 *1 deur"
        "|voordeur|huis|woning",
        "leuke|mooie|mooi|leuk *3 @HOME *4 nog|trouwens|zeg|hoor",
        "mooi|mooie|leuk|leuke *1 @HOME *3 nog *1 wel",
    ),
    _rule(
        "veiled_harm",
        "Veiled warning that something will happen to the target or family.",
        0.8,
        "",
        "zou|zal|zo *2 zonde|jammer|erg|zielig|vervelend|naar *2 zijn *2 als *8 "
        "gebeurt|overkomt|afbrandt|brandt|ontploft|gebeuren|ongelukje",
        "er *2 kan|zou|zal|kon *2 zomaar|makkelijk|zo *2 iets *3 gebeuren",
        "iets *3 overkomt|overkomen|gebeurt *2 met *2 @POSS2|jou|jullie",
        "ongelukje|ongelukjes",
        "pas|let *2 goed *2 op *2 @POSS2 *1 @FAMILY|@HOME",
        "@SUBJ2 *2 bent|ben|is|zijn *2 nergens *2 veilig",
        "eerst *2 @POSS2 *1 @FAMILY *4 dan *1 jij|jou|u|jullie|hij|zij",
        "@POSS2 *1 @FAMILY *2 is|zijn|wordt *2 de|als *1 volgende",
        "nog *2 dagen|uur|uurtjes|nachten|nachtjes|weken|minuten *4 tik|tiktak|tak"
        "|aftellen",
        "@SUBJ2|denk *4 nog *3 veilig",
        "geniet *2 nog *2 even|maar *3 leven|laatste|vrijheid",
        "neem *2 maar *1 afscheid",
        "@POSS2 *1 @FAMILY *8 basisschool|school|creche|kinderopvang|sportclub"
        "|voetbalclub|zwemles|speeltuin *4 toch|he|hè",
    ),
    _rule(
        "veiled_warning",
        'Vague warning ("pas maar op", "laatste waarschuwing"); weak alone.',
        0.4,
        "",
        "pas *1 maar *2 op|uit",
        "kijk *1 maar *2 uit",
        "pas|kijk *1 goed *1 op|uit",
        "@SUBJ1 *2 houden|hou *2 @OBJ *2 in *1 de *1 gaten",
        "laatste *1 waarschuwing",
        "wees|bent|ben|zijn *1 gewaarschuwd",
        "@SUBJ2 *2 hoort|hoor *2 nog *2 van *1 ons|mij",
        "wacht *1 maar *1 af|tot|totdat",
        "@SUBJ2 *2 weet|weten *2 wat *2 @SUBJ2 *2 te|moet|moeten *2 doen|wachten",
        "binnenkort|straks|vanavond|morgen|vannacht *2 bij *1 jou|je|u|jullie",
        "@SUBJ2 *1 slaapt|slaap *3 rustig|lekker|goed|veilig",
        "@SUBJ2 *2 bent|ben|is *1 de|het *1 sjaak|klos|pineut|lul",
        "@SUBJ2 *3 alleen *4 donker|donkere|nacht|steegje|parkeerplaats|bos",
        "als *1 ik|we|wij *1 @OBJ *2 tegenkom|tegenkomen|zie|vind|tref *4 dan|ben|is"
        "|gaat|zal",
        "rip|r.i.p *1 @user|jij|je",
        "@SUBJ2 *3 aan *1 de *1 beurt",
        "geen *1 bedreiging *2 maar *2 belofte",
    ),
    # -- calls to action ---------------------------------------------------
    _rule(
        "call_to_harm",
        'Calls on others to harm the target ("iemand moet hem ...").',
        1.0,
        "call_to_action",
        "iemand|niemand|wie|mensen|jongens|we|wij *2 moet|moeten|zou|zouden|mag|gaat"
        "|durft|heeft *6 @HARM_INF|@HARM_PART",
        "wie *3 @HARM_FIN|@SEP_VERB *3 @OBJ *3 @SEP_PART",
        "@OBJ *2 moet|moeten|mag|mogen *3 dood|@HARM_INF|@HARM_PART",
        "moet|moeten|mag|mogen|kan|kunnen *4 @HARM_STRONG",
        "moet|moeten *3 @HARM_PART *1 worden",
        "moet|moeten *3 worden *1 @HARM_PART",
        "laten *1 we|wij *4 @HARM_INF",
        "hang|hangt|knoop *1 @OBJ *3 op",
        "ophangen|opknopen|afmaken|afschieten|neerschieten|vergassen|uitroeien"
        "|executeren|fusilleren|lynchen|afslachten|doodschieten *2 die|dat|deze|ze"
        "|hem|haar|allemaal|@user|tuig|handel|verrader|verraders",
        "schiet|steek|sla|knal|maak|trap|mep|leg *1 die|dat|deze|ze|hem|haar|hen"
        "|@user *6 dood|neer|overhoop|kapot|lek|om",
        "maak *1 die|deze|ze|hem|haar|hen|@user *6 af",
        "schiet|steek|knal|trap|mep *1 de|het|al|alle *6 dood|neer|overhoop|kapot|lek",
        "vermoord|slacht|wurg|vergas|verzuip|lynch|executeer|onthoofd|martel|kill"
        "|verbrand|stenig|kruisig de|die|dat|deze|ze|hem|haar|hen|@user|al|alle",
        "waarom|wanneer *3 @SEP_VERB|@HARM_FIN *1 niemand|iemand *6 dood|neer|af"
        "|overhoop|kapot|op",
        "iemand|niemand *3 @SEP_VERB|@HARM_FIN *4 dood|neer|overhoop|kapot",
        "bestormen|bestorm|bestormt|bestormd *3 gemeentehuis|stadhuis|kamer|binnenhof"
        "|kantoor|huis|provinciehuis|ministerie",
        "gaskamer|gaskamers|oven|ovens *1 in|ermee|moeten",
        "neer|dood|kapot|overhoop *1 te *1 knallen|maken|schieten|steken|slaan"
        "|trappen|rammen",
        "af *1 te *1 knallen|schieten|slachten|rossen",
        "op *1 te *1 knopen",
        "pak|neem|haal|pakken|nemen|halen *1 een|de|je|jullie *1 strop|touw|knuppel"
        "|knuppels|fakkel|fakkels|hooivork|hooivorken|geweer|geweren|mes|messen",
        "zuivering|zuiveringen",
        "dood *1 aan *1 de|alle|die|het|@user|dat|deze",
        "moet|moeten *2 hangen|creperen|bloeden",
        "kopje *1 kleiner",
        "iemand|wie|mensen|jongens *8 met *1 een|de *1 @WEAPON",
        "weten|weet *3 wat *2 er *2 met *5 moet|moeten|gaat *1 gebeuren",
        "kogel|kogels *1 erdoor|erin|ertussen|door|in|tussen *2 @POSS2|die|die z'n"
        "|kop|hoofd",
        "kogel|kogels *2 voor *2 @OBJ",
        "kogel|kogels *1 erdoor|erin|ertussen|erop",
        "zet|zetten|gezet|zetten *4 tegen *1 de *1 muur",
        "tegen *1 de *1 muur *1 met|ermee|zetten",
        "hoogste *1 boom",
        "aan *1 de|een *1 galg|lantaarnpaal|lantarenpaal|strop|lantaarnpalen",
        "naar *1 de *1 galg|guillotine|gaskamer|gaskamers|brandstapel|schavot",
        "galg|guillotine|schavot|brandstapel|gaskamer|gaskamers",
        "standrechtelijk|standrecht|fusilleren|nekschot|kopschot",
        "verdient|verdienen|verdien *3 de|een *1 kogel|strop|nekschot|kopschot|galg"
        "|doodstraf|mes",
        "verdient|verdienen *4 te *1 sterven|creperen|branden|hangen",
        "@OBJ *2 moet|moeten *3 hangen|branden|bloeden|creperen|sterven",
        "knuppels|fakkels|hooivorken|wapens *2 mee|pakken",
        "waarom *3 niemand *4 @HARM_PART",
        "@WEAPON|@WEAPON_EMOJI *3 ik *2 betaal|betalen|beloning",
    ),
    # -- wishes ------------------------------------------------------------
    _rule(
        "violent_wish",
        'Wishes death or violent harm on the target ("ik hoop dat je ...").',
        0.9,
        "",
        "@WISH *1 dat *6 @DIE_FIN|@HARM_PART",
        "@WISH *6 @SUBJ2 *3 @DIE_FIN|@HARM_PART",
        "hopelijk *6 @DIE_FIN|@HARM_PART|dood",
        "zou|was|is *2 mooi|goed|fijn|heerlijk|prachtig|beter *2 zijn|wezen *2 als"
        " *6 @DIE_FIN|@HARM_PART|dood",
        "ga|val *1 dood|sterven|creperen|verrekken",
        "sterf|crepeer|verrek|stik|verreck",
        "had|hadden *4 maar *3 dood|@HARM_PART",
        "snoekduik",
        "hang|knoop *1 jezelf *1 op",
        "spring *2 voor *1 de|een *1 trein|metro|bus|tram",
        "spring|springen *2 van|onder *1 een|de *1 flat|brug|dak|trein|toren",
        "@WISH|mooi|goed *8 nek|botten *1 breekt|breken|breek",
        "krijg *1 de|een *1 kogel|kogels|nekschot|kopschot|mes",
        "ik *1 hoop *3 @SUBJ2 *3 verbrandt|verbranden|verdrinkt|verzuipt|stikt"
        "|overreden|neergeschoten",
    ),
    # -- specific harms ------------------------------------------------------
    _rule(
        "sexual_violence",
        "Rape or other sexual violence threatened, wished or called for.",
        1.0,
        "sexual",
        "verkrachten|verkracht|verkrachting|groepsverkrachting|verkrachters",
        "@OBJ *3 moet|moeten|mag|zou *3 eens *3 flink|hard|goed *2 geneukt|gepakt"
        "|verkracht",
        "neuk|neuken *2 @OBJ *3 kapot|dood|verrot|lens",
        "@SUBJ1 *2 @FUT1 *4 @OBJ *4 verkrachten|misbruiken|aanranden",
        "aanranden|aangerand|misbruiken|misbruikt",
    ),
    _rule(
        "arson",
        'Arson threatened, wished or called for ("huis in de fik").',
        1.0,
        "arson home",
        "in *1 de *1 fik|hens|brand",
        "fik *1 erin|erop",
        "molotov|molotovs|molotovcocktail|molotovcocktails|brandbom|brandbommen"
        "|benzinebom|brandstichting|platbranden|afbranden|affikken|abfikken",
        "benzine *4 brievenbus|deur|voordeur|huis|auto",
        "@HOME *3 gaat|zal|moet|staat *3 branden|afbranden|fik|vlammen|brand",
        "@HOME *3 afbrandt|afbranden|brandt|ontploft|ontploffen",
        "vuur *2 aan|in *2 @POSS2 *1 @HOME",
        "lichterlaaie",
        "vuur *1 vuur|vuur *1 huis",
    ),
    _rule(
        "weapon_at_target",
        'A weapon is pointed at the target ("kogel voor jou", knife emoji).',
        0.8,
        "weapon",
        "@WEAPON *3 voor|in|door|tussen|onder|bij *2 @POSS2|jou|hem|haar|jullie|u",
        "@SUBJ1 *2 heb|hebben|haal|halen|koop|kopen|neem|nemen *4 @WEAPON *4 voor"
        "|klaar|mee|liggen",
        "@WEAPON *3 ligt|liggen|staat|staan *2 klaar",
        "bom|bommen|explosieven|granaat|handgranaat *4 op|onder|bij|in *2 @HOME"
        "|rotterdam|amsterdam|den|haag|kamer|kantoor|gemeentehuis|@POSS2",
        "@WEAPON_EMOJI *2 @user|jij|jou|je|u|jullie|hem|haar",
        "@user|jij|jou|je|u|jullie|hem|haar *2 @WEAPON_EMOJI",
        "@SUBJ1 *10 met *1 een|mijn|m'n|onze|de *1 @WEAPON",
        "@SUBJ1 *2 kom|komen *2 eraan|langs *3 @WEAPON_EMOJI|@WEAPON",
    ),
    # -- guards (negative weight) -------------------------------------------
    _rule(
        "guard_report",
        "Reports or quotes someone else's threat (news, mail, aangifte).",
        -1.5,
        "",
        "stond|staat|stonden *3 in *2 de|een|het *1 mail|brief|bericht|dm|e-mail"
        "|email|tweet|reactie|reacties",
        "kreeg|krijgt|krijgen|kregen|ontving|ontvangt|ontvangen|kreeg *4 "
        "bedreiging|bedreigingen|doodsbedreiging|doodsbedreigingen|dreigmail"
        "|dreigbrief|dreigbrieven|dreigberichten|dreigement|dreigementen",
        "aangifte|aangegeven",
        "' *14 '",
        "brief|mail|bericht|dm|briefje|kaart|tweet *1 met",
        "las|leest|voorlezen|voorgelezen|citeerde|citeert|voorlas",
        "onderzoekt|onderzoek|eist|eiste|geeist",
        '" *12 "',
        "bedreigd *3 worden|wordt|werd|is|zijn",
        "word|wordt|werd|werden|is|zijn|worden *3 bedreigd",
        "bedreigen|bedreiging|bedreigingen|doodsbedreiging|doodsbedreigingen"
        "|dreigberichten|dreigbrief|dreigmail|dreigementen|bedreigde|dreigde",
        "opgepakt|aangehouden|veroordeeld|verdachte|verdacht|rechter|rechtbank"
        "|celstraf|taakstraf|gearresteerd|officier|justitie|dader|daders",
        "schreef|zei|riep|roept|twitterde|tweette|citeer|citaat|quote|aldus"
        "|schreeuwde|scandeerde|scanderen",
    ),
    _rule(
        "guard_counter_speech",
        "Condemns threats or supports the target (counter-speech).",
        -1.0,
        "",
        "sterkte|steun|solidariteit|beterschap",
        "schandalig|walgelijk|verschrikkelijk|afschuwelijk|triest|treurig|laf"
        "|onacceptabel|ontoelaatbaar|verwerpelijk|misselijkmakend|ziek *4 dat",
        "niemand *2 verdient|hoort *4",
        "geen *1 mening *2 maar",
        "geweld *2 is *2 nooit|geen|niet",
        "hoort *2 niet|nergens",
        "dit|zulke|zo'n *1 soort *3 berichten|taal|bedreigingen|tweets|reacties",
        "grens *2 over|overschreden",
        "strafbaar|strafbare",
    ),
    _rule(
        "guard_metaphor",
        "Political, sports or everyday idiom with a violent word (not a body).",
        -1.2,
        "",
        "voorstel|voorstellen|motie|moties|plan|plannen|wet|wetten|wetsvoorstel|idee"
        "|ideeen|begroting|amendement|beleid|kabinet|coalitie|akkoord|debat"
        "|argument|argumenten|initiatief|dossier|regeling|besluit|referendum"
        "|partij|oppositie|verkiezingen|verkiezing|stembus|peilingen|peiling"
        "|campagne|formatie|wedstrijd|finale|derby|competitie|match|elftal"
        "|ploeg|tegenstander|tegenstanders|voetbal|ajax|feyenoord|psv|oranje|zetels"
        "|commissie|commissiedebat|kamerdebat|vergadering|gemeenteraad|raadsvergadering"
        "|interview|talkshow|uitzending|persconferentie|vragenuur|stemming"
        "|film|serie|game|boek|roman|thriller|fortnite|gta|netflix|toneelstuk"
        "|stemmen|kiezer|kiezers|uitslag|debatten",
        "politieke|politiek|electoraal|electorale *1 zelfmoord|dood|moord"
        "|harakiri|kamikaze|suicide",
        "onder *1 vuur",
        "kruisvuur|vuurlinie|spervuur",
        "lach|lachen|lig|ligt *2 me|mij|ik|je *2 dood|kapot|slap|krom",
        "dood *2 van *2 het *1 lachen",
        "maakt|maak|maken *1 me|mij *2 kapot",
        "hebt|heeft|hebben|hadden|had *1 me|mij|ons *2 @HARM_PART",
        "schiet|schieten *2 in *1 de *1 lach",
        "schiet *1 op",
        "schiet *2 me|mij *2 maar *1 lek",
        "killer|moordend|moordende|bloedlink|doodziek|doodmoe|doodop|doodsaai"
        "|doodeng|doodnormaal|doodleuk|doodgewoon|doodstil|dodelijk|moordgoed",
        "ik *1 ga|gaan *1 dood *2 van",
        "sterf|sterven|dood|creperen|crepeer *2 van *1 de|het *1 honger|dorst|kou"
        "|hitte|lachen|verveling|schaamte|ellende",
        "mes *2 in *2 rug",
        "eraan *2 werken|beginnen|denken|twijfelen|doen|toe|herinneren|bijdragen"
        "|meewerken|wennen|ontsnappen",
        "@SUBJ1 *2 ga|gaan *2 @OBJ *2 mailen|bellen|steunen|stemmen|volgen|helpen"
        "|bezoeken|uitnodigen",
    ),
)


def _expand_item(item: str) -> tuple[list[str], int | None, bool]:
    """Parse one pattern item: (words, wildcard max, optional)."""
    if item.startswith("*"):
        return [], int(item[1:]), False
    optional = item.startswith("?")
    if optional:
        item = item[1:]
    words: list[str] = []
    for part in item.split("|"):
        if part.startswith("@") and part[1:] in _W:
            words.extend(_W[part[1:]])
        elif part:
            words.append(part)
    return words, None, optional


def _compile(pattern: str) -> list[list[dict[str, Any]]]:
    """Compile one mini-language pattern into spaCy Matcher token patterns."""
    variants: list[list[dict[str, Any]]] = [[]]
    for item in pattern.split():
        words, wild, optional = _expand_item(item)
        if wild is not None:
            for v in variants:
                v.append({"OP": f"{{0,{wild}}}"})
            continue
        single = sorted({w for w in words if " " not in w})
        multi = sorted({w for w in words if " " in w})
        new: list[list[dict[str, Any]]] = []
        for v in variants:
            if single:
                tok: dict[str, Any] = {"LOWER": {"IN": single}}
                if optional:
                    tok["OP"] = "?"
                new.append([*v, tok])
            for phrase in multi:
                new.append([*v, *({"LOWER": w} for w in phrase.split())])
        variants = new
    return variants


# Everyday words: never chosen as a pattern's trigger when a rarer item exists.
_COMMON = _FUNCTION | {
    "om",
    "wel",
    "nog",
    "geen",
    "doen",
    "bij",
    "tegen",
    "waar",
    "goed",
    "vinden",
    "laten",
    "wie",
    "staan",
    "hoor",
    "nemen",
    "lang",
    "volgende",
    "geweest",
    "kijk",
    "ooit",
    "onder",
    "halen",
    "welke",
    "zeg",
    "gebeuren",
    "maakt",
    "denk",
    "iets",
    "er",
    "ze",
    "zo",
    "kamer",
    "mijn",
    "waarom",
    "wonen",
    "woont",
    "anders",
    "trein",
    "huis",
    "niemand",
    "vanavond",
    "morgen",
    "straks",
    "binnenkort",
    "mooi",
    "mooie",
    "leuk",
    "leuke",
    "dagen",
    "dag",
    "uur",
    "pas",
    "let",
    "zet",
    "zetten",
    "gaan",
    "ga",
    "mensen",
    "jongens",
    "muur",
    "laatste",
    "school",
    "straat",
    "auto",
    "werk",
    "deur",
    "zijn",
    "eerst",
    "met",
    "mee",
    "pakken",
    "pak",
    "krijg",
    "krijgen",
    "maak",
    "maken",
    "had",
    "was",
    "fijn",
    "beter",
    "zou",
    "erg",
    "naar",
    "staat",
    "ligt",
    "komt",
}


def _anchors(pattern: str) -> list[frozenset[str]]:
    """Word sets of a pattern's required items, least common first.

    Every non-optional item must match for the pattern to match, so a message
    that lacks the words of any one of them cannot match: checking the two
    rarest items keeps the prefilter exact, not a heuristic.
    """
    items: list[tuple[tuple[int, int, int], frozenset[str]]] = []
    for item in pattern.split():
        words, wild, optional = _expand_item(item)
        if wild is not None or optional or not words:
            continue
        # a phrase matches only if all its words occur: keep its longest word
        anchor = frozenset(max(w.split(), key=len) for w in words)
        common = sum(w in _COMMON for w in anchor)
        short = sum(len(w) <= 4 for w in anchor)  # short words are frequent
        items.append(((common, short, len(anchor)), anchor))
    if not items:
        raise ValueError(f"pattern has no required word: {pattern}")
    items.sort(key=lambda kv: kv[0])
    return [a for _, a in items]


# Every pattern of every rule, numbered, so that a message is matched only
# against the patterns its words make possible.
_PATTERNS: tuple[tuple[_Rule, str], ...] = tuple(
    (r, p) for r in _RULES for p in r.patterns
)

_Index = dict[str, list[tuple[int, frozenset[str] | None]]]


def _build_index(positive: bool) -> _Index:
    """Map each first-anchor word to (pattern number, second anchor)."""
    index: _Index = {}
    for i, (r, p) in enumerate(_PATTERNS):
        if (r.weight > 0) != positive:
            continue
        anchors = _anchors(p)
        need = anchors[1] if len(anchors) > 1 else None
        for w in anchors[0]:
            index.setdefault(w, []).append((i, need))
    return index


def _possible(index: _Index, present: set[str]) -> list[int]:
    """Patterns whose two rarest required items both occur in ``present``."""
    found: set[int] = set()
    for w in present.intersection(index):
        for i, need in index[w]:
            if need is None or not need.isdisjoint(present):
                found.add(i)
    return sorted(found)


# One item of a pattern for the quick check: (wildcard max or None, single
# words, multi-word phrases, optional).
_Item = tuple[int | None, frozenset[str], tuple[tuple[str, ...], ...], bool]


class _Reach:
    """What a pattern needs, for finding where it can match without spaCy.

    Attributes
    ----------
    first, second : frozenset of str
        Words of the rarest and second rarest required items (``second`` is
        None for a pattern with one required item).
    limit : int
        The longest match in tokens: every wildcard and optional item at
        its maximum, every multi-word phrase at its length.
    items : tuple
        The pattern's items, for :meth:`matches`.
    """

    def __init__(self, pattern: str) -> None:
        anchors = _anchors(pattern)
        self.first = anchors[0]
        self.second = anchors[1] if len(anchors) > 1 else None
        items: list[_Item] = []
        self.limit = 0
        for item in pattern.split():
            words, wild, optional = _expand_item(item)
            if wild is not None:
                items.append((wild, frozenset(), (), False))
                self.limit += wild
                continue
            single = frozenset(w for w in words if " " not in w)
            multi = tuple(tuple(w.split()) for w in words if " " in w)
            items.append((None, single, multi, optional))
            self.limit += max(len(w.split()) for w in words)
        self.items = tuple(items)

    def matches(self, lower: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
        """Every ``(start, end)`` where the pattern matches in ``lower[lo:hi]``.

        The same token semantics as the spaCy patterns of :func:`_compile`
        (lower-case word sets, phrases, ``{0,N}`` wildcards, optional
        items) without spaCy, in spaCy's Matcher order (by end, then latest start).
        """
        found: list[tuple[int, int]] = []
        for start in range(lo, hi):
            states = {start}
            for wild, single, multi, optional in self.items:
                nxt: set[int] = set()
                for p in states:
                    if wild is not None:
                        nxt.update(range(p, min(p + wild, hi) + 1))
                        continue
                    if optional:
                        nxt.add(p)
                    if p < hi and lower[p] in single:
                        nxt.add(p + 1)
                    for phrase in multi:
                        end = p + len(phrase)
                        if end <= hi and tuple(lower[p:end]) == phrase:
                            nxt.add(end)
                states = nxt
                if not states:
                    break
            found.extend((start, end) for end in states if end > start)
        found.sort(key=lambda se: (se[1], -se[0]))
        return found


def _literal_words(pattern: str) -> set[str]:
    out: set[str] = set()
    for item in pattern.split():
        words, wild, _ = _expand_item(item)
        for w in words:
            out.update(w.split())
    return out


# Severity words: harm named anywhere in a message that a rule flagged.
_SEVERITY_WORDS: dict[str, frozenset[str]] = {
    "death": frozenset(
        {
            "dood",
            "vermoorden",
            "vermoord",
            "moord",
            "kogel",
            "kogels",
            "ophangen",
            "opgehangen",
            "afmaken",
            "afgemaakt",
            "killen",
            "sterf",
            "sterven",
            "doodgaat",
            "eraan",
            "galg",
            "strop",
            "nekschot",
            "kopschot",
            "executeren",
            "onthoofden",
            "slachten",
            "afslachten",
            "vergassen",
            "lynchen",
            "doodschieten",
            "doodgeschoten",
            "doodsteken",
            "doodgestoken",
            "doodskist",
            "graf",
            "grond",
            "schedel",
            "doodshoofd",
        }
    ),
    "weapon": frozenset(
        {
            *_W["WEAPON"],
            *_W["WEAPON_EMOJI"],
            "schieten",
            "schiet",
            "neerschieten",
            "neergeschoten",
            "steken",
            "steek",
            "neersteken",
            "neergestoken",
            "doodschieten",
            "doodsteken",
            "vuurwapen",
            "wapen",
            "wapens",
        }
        - {"touw", "strop", "schedel", "doodshoofd", "doodskist", "grafsteen"}
    ),
    "sexual": frozenset(
        {
            "verkrachten",
            "verkracht",
            "verkrachting",
            "groepsverkrachting",
            "geneukt",
            "neuken",
            "neuk",
            "aanranden",
            "aangerand",
            "misbruiken",
        }
    ),
    "arson": frozenset(
        {
            "fik",
            "brand",
            "branden",
            "afbranden",
            "afbrandt",
            "molotov",
            "molotovcocktail",
            "brandbom",
            "benzine",
            "vuur",
            "platbranden",
            "hens",
            "brandstichting",
            "verbranden",
            "brandstapel",
        }
    ),
    "family": frozenset(_W["FAMILY"]) - {"man", "vriend", "hond", "kat", "pa", "ma"},
    "home": frozenset(
        {
            "huis",
            "adres",
            "woont",
            "woning",
            "deur",
            "voordeur",
            "brievenbus",
            "straat",
            "tuin",
            "oprit",
            "slaapkamer",
            "kantoor",
            "woonplaats",
            "gemeentehuis",
            "stadhuis",
            "auto",
        }
    ),
}

# the spaCy token attribute the patterns match on (Doc.to_array takes names)
_LOWER = "LOWER"

# Punctuation that separates words for the trigger check and severity words.
_SPLIT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~"})
_SPACY_SPLIT = str.maketrans({c: " " for c in ":-_/"})
# an opening single quote glued to a word ("'ik ga je ...'")
_OPEN_QUOTE = re.compile(r"(?<!\S)'(?=\w)")


class ThreatRules:
    """Dutch threat rules on ``spacy.blank("nl")`` tokens.

    The spaCy tokenizer and the pattern tables are built on first use, so creating the
    object is cheap and ``import hatewatch`` never imports spaCy.

    Examples
    --------
    >>> rules = ThreatRules()
    >>> [h.rule for h in rules.hit("@Jan ik steek je morgen neer")]
    ['intent_harm_verb']
    >>> rules.hit("kut, trein weer vertraagd")
    []
    >>> rules.severity("ik weet waar je kinderen op school zitten")
    ('family', 'home')
    """

    def __init__(self) -> None:
        self._by_id = {r.id: r for r in _RULES}
        self._nlp: Any = None
        self._reach: list[_Reach] = []
        self._pos_index = _build_index(positive=True)
        self._guard_index = _build_index(positive=False)
        self._triggers = frozenset(self._pos_index)

    @property
    def rules(self) -> list[str]:
        """Ids of all rules, positive rules first, guards last."""
        return [r.id for r in _RULES]

    def describe(self, rule: str) -> str:
        """One-line description of a rule id."""
        return self._by_id[rule].description

    def _ensure(self) -> None:
        if self._nlp is not None:
            return
        import spacy

        self._reach = [_Reach(p) for _, p in _PATTERNS]
        self._nlp = spacy.blank("nl")
        logger.debug("built threat rules: %d patterns", len(self._reach))

    def _candidates(self, norm: str) -> tuple[list[int], set[str]]:
        """Positive patterns possible for a normalised message, and its words."""
        words = norm.translate(_SPLIT).split()
        if self._triggers.isdisjoint(words):
            return [], set()
        present = set(words)
        return _possible(self._pos_index, present), present

    def _triggered(self, norm: str) -> bool:
        return bool(self._candidates(norm)[0])

    def _match_one(
        self, lower: list[str], todo: list[int]
    ) -> dict[str, tuple[int, int]]:
        best: dict[str, tuple[int, int]] = {}
        for i in todo:
            rid = _PATTERNS[i][0].id
            for start, end in self._windowed(i, lower):
                # keep the shortest span per rule: the most specific evidence
                prev = best.get(rid)
                if prev is None or (end - start) < (prev[1] - prev[0]):
                    best[rid] = (start, end)
        return best

    def _windowed(self, i: int, lower: list[str]) -> Iterator[tuple[int, int]]:
        """Matches of pattern ``i`` in a message's lower-case tokens.

        A match spans at most ``limit`` tokens and contains a token of the
        pattern's rarest required item, and one of its second rarest: only
        the merged windows of ``limit`` tokens either side of each such token
        that has the second item within reach are searched, with
        :meth:`_Reach.matches`. The result equals spaCy's ``Matcher`` with the
        patterns of :func:`_compile` on the whole message, matches and order
        (tested), and is far faster: the Matcher's ``{0,N}`` wildcards cost
        about a millisecond per token.
        """
        reach = self._reach[i]
        first, second, limit = reach.first, reach.second, reach.limit
        intervals: list[list[int]] = []
        for k, word in enumerate(lower):
            if word not in first:
                continue
            lo, hi = max(0, k - limit + 1), min(len(lower), k + limit)
            if second is not None and second.isdisjoint(lower[lo:hi]):
                continue
            if intervals and lo <= intervals[-1][1]:
                intervals[-1][1] = hi
            else:
                intervals.append([lo, hi])
        for lo, hi in intervals:
            yield from reach.matches(lower, lo, hi)

    def _match(self, doc: Any, todo: list[int], present: set[str]) -> list[RuleHit]:
        # the tokens' LOWER strings without making Token objects (much faster)
        strings = doc.vocab.strings
        lower = [strings[h] for h in doc.to_array(_LOWER).tolist()]
        best = self._match_one(lower, todo)
        if not best:
            return []
        # guards only matter next to a positive hit
        best.update(self._match_one(lower, _possible(self._guard_index, present)))
        hits = []
        for r in _RULES:  # stable order: rule definition order
            if r.id in best:
                s, e = best[r.id]
                span = doc[s:e].text
                sev = r.severity
                if r.weight > 0:
                    sev = _severities(set(span.split()), sev)
                hits.append(RuleHit(r.id, r.description, span, r.weight, sev))
        return hits

    def hits(
        self, texts: Sequence[str], *, normalized: bool = False
    ) -> list[list[RuleHit]]:
        """Rule hits for many messages.

        Parameters
        ----------
        texts : sequence of str
            Raw messages (normalised here), or already normalised ones with
            ``normalized=True`` to skip that step.
        normalized : bool, default False
            Set when ``texts`` are outputs of :func:`hatewatch.text.normalize`.

        Returns
        -------
        list of list of RuleHit
            One list per message, in rule order; empty when no positive rule
            fired (guards are only reported next to a positive hit).
        """
        norms = list(texts) if normalized else [normalize(t) for t in texts]
        result: list[list[RuleHit]] = [[] for _ in norms]
        todo: list[tuple[int, list[int], set[str]]] = []
        for i, n in enumerate(norms):
            cands, present = self._candidates(n)
            if cands:
                todo.append((i, cands, present))
        if not todo:
            return result
        self._ensure()
        docs = self._nlp.tokenizer.pipe(_for_spacy(norms[i]) for i, _, _ in todo)
        for (i, cands, present), doc in zip(todo, docs, strict=True):
            result[i] = self._match(doc, cands, present)
        return result

    def hit(self, text: str) -> list[RuleHit]:
        """Rule hits for one raw message (see :meth:`hits`)."""
        return self.hits([text])[0]

    def harm_named(self, text: str) -> tuple[str, ...]:
        """Kinds of harm whose words occur in a message, whether or not a rule fired.

        Cheap (no spaCy): a word-list lookup on the normalised text. Never
        returns ``"call_to_action"`` (that needs a rule). Used to rank messages
        flagged by the classifier's probability alone.

        Examples
        --------
        >>> ThreatRules().harm_named("die kogel is voor je dochter")
        ('death', 'weapon', 'family')
        """
        return _severities(set(normalize(text).translate(_SPLIT).split()), ())

    def severity(self, text: str) -> tuple[str, ...]:
        """Kinds of harm named in a message, in :data:`SEVERITIES` order.

        The union of the severity tags of the positive rules that fired and of
        harm words found in the text (weapon, death, family, home address ...).
        Empty when no positive rule fired.
        """
        hits = self.hit(text)
        tags = {t for h in hits if h.weight > 0 for t in h.severity}
        if not tags and not any(h.weight > 0 for h in hits):
            return ()
        words = set(normalize(text).translate(_SPLIT).split())
        return _severities(words, tuple(tags))


def _severities(words: set[str], fixed: tuple[str, ...]) -> tuple[str, ...]:
    """Fixed tags plus those whose harm words occur, in SEVERITIES order."""
    tags = set(fixed)
    for tag, vocab in _SEVERITY_WORDS.items():
        if not vocab.isdisjoint(words):
            tags.add(tag)
    return tuple(s for s in SEVERITIES if s in tags)


def _for_spacy(norm: str) -> str:
    """Text handed to the tokenizer: emoji names, hyphens, quotes split off."""
    norm = norm.translate(_SPACY_SPLIT)
    if "'" in norm:
        norm = _OPEN_QUOTE.sub("' ", norm)
    return norm
