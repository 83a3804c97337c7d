# ruff: noqa: E501  (data table: one message template per line)
"""Train-only extra constructed set: new templates written from GUIDELINES.md.

The templates here are independent of ``templates.py``: other phrasings of
the codebook's labels (future and modal threats, calls on others, threats
against councils and cabinets, a threat after a calm complaint, location plus
weapon without a harm verb, hate as opinion or question, negated threats,
self-directed idiom, quoted threats in long messages...). Every row is in the
``train`` split, so the validation and test splits of ``constructed_nl.csv``
stay a measure of phrasings the model never saw.

Rows are filled and obfuscated with the helpers of ``generate.py`` (same slot
lists, same obfuscation), with a fixed seed, so rebuilding is byte-identical.
Texts that already occur (case-insensitively) in ``constructed_nl.csv``,
``imsypp_nl.csv`` or ``functional_nl.csv`` are dropped.

Run ``scripts/build_annotations.py`` (writes this file too) or
``python scripts/annotations/augment.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from annotations import (  # noqa: E402
        everyday_replies,
        group_statements,
        hate_hard_cases,
        hate_phrasings,
        threat_hard_cases,
        threat_phrasings,
    )
    from annotations import generate as gen  # noqa: E402
else:
    from . import (
        everyday_replies,
        group_statements,
        hate_hard_cases,
        hate_phrasings,
        threat_hard_cases,
        threat_phrasings,
    )
    from . import generate as gen

REPO = Path(__file__).resolve().parents[2]
SEED = 20261128 + 1
OBF_RATE = 0.3
ROWS_PER_TEMPLATE = 10
FILE_NAME = "constructed_extra_nl.csv"
#: Files whose texts the extra set must not repeat.
REFERENCE_FILES = ("constructed_nl.csv", "imsypp_nl.csv", "functional_nl.csv")
COLUMNS = gen.COLUMNS

# fmt: off
THREAT: list[tuple[str, str]] = [
    # future: the harm is a fact still to come
    ("future", "{at} volgende week lig je in het ziekenhuis, reken daar maar op"),
    ("future", "{at} {deadline} ga jij niet meer meemaken {emo_t}"),
    ("future", "{at} over een maand ben je er niet meer, {insult_g}"),
    ("future", "{at} straks ligt er een krans op je graf, en die heb ik gestuurd"),
    ("future", "{at} je {famn} gaat je {when} niet meer levend terugzien"),
    ("future", "{at} je zult {when} bloeden voor wat je {city} hebt aangedaan"),
    ("future", "{at} binnen een week lig je in het mortuarium"),
    ("future", "{at} dat wordt je laatste raadsvergadering, daarna word je {killed}"),
    ("future", "{at} {when} is het jouw beurt om {killed} te worden"),
    ("future", "{at} jij gaat dit jaar niet overleven, {insult_g}"),
    # modal: can, would, want, must
    ("modal", "{at} jij zou eigenlijk {killed} moeten worden en ik wil dat best doen"),
    ("modal", "{at} ik kan je {when} zo {kill}, niemand die het ziet"),
    ("modal", "{at} ik zou je met liefde {kill}, en misschien doe ik het ook"),
    ("modal", "{at} ik wil je bloed zien vloeien, {when} is het zover"),
    ("modal", "{at} ik moet je gewoon {kill}, anders leert {city} het nooit"),
    # imperatives and calls addressed to others
    ("call", "Jongens, {kimp|Tn} zodra {hij} het stadhuis uitkomt"),
    ("call", "Schiet die {title} toch neer, dan zijn we ervan af"),
    ("call", "Wie pakt {Tn} eens goed aan met een {wapen}? Ik trakteer"),
    ("call", "Wie pakt {hem} eens? {Tn} woont gewoon in {city} {emo_t}"),
    ("call", "Pak {hem} op straat, {Tn} verdient een {wapen} in {zijn} rug"),
    ("call", "Neem allemaal een {wapen} mee naar {venue} {whenn} en zorg dat {Tn} niet meer thuiskomt"),
    ("call", "Als iemand {Tn} ziet: {kimp|hem}, het maakt mij niet uit hoe"),
    ("call", "Dit is een oproep: {Tn} moet {when} {killed} worden, wie doet er mee?"),
    ("call", "Ik betaal 500 euro als iemand {Tn} {when} gaat {kill1}"),
    # threats against councils, cabinets, parties
    ("politicians", "{at} de hele raad moet tegen de muur, jij voorop"),
    ("politicians", "Het hele kabinet verdient de strop, stuk voor stuk {emo_t}"),
    ("politicians", "{at} jullie partij wordt uitgeroeid, we beginnen bij jou"),
    ("politicians", "Alle {titlepl} van {party} moeten {killed} worden"),
    ("politicians", "{at} ik hoop dat er {when} een bom ontploft in {venue} als jullie vergaderen"),
    ("politicians", "Zet de complete gemeenteraad van {city} op een rij en schiet ze neer"),
    ("politicians", "{at} het kabinet gaat hangen, allemaal, en jij als eerste"),
    ("politicians", "Die {titlepl} van {party} krijgen binnenkort allemaal een kogel, let maar op"),
    ("politicians", "{at} één bom op het Binnenhof en het probleem is opgelost"),
    # calm complaint, then the threat
    ("complaint", "{at} Ik heb u drie keer gemaild over {topic}. Nooit een antwoord gekregen. Ik weet waar u woont en ik kom langs {weapon}."),
    ("complaint", "{at} Wij betalen al jaren belasting in {city}. De wegen liggen open en niemand doet iets. Als het volgende maand niet klaar is, ga ik je {kill}."),
    ("complaint", "{at} Mijn moeder wacht al twee jaar op een huurhuis. Jullie beloven van alles. {when} sta ik voor je deur en dan ben je er geweest."),
    ("complaint", "{at} Ik heb op u gestemd. Ik vond u eerlijk. Nu ziet u wat er gebeurt met leugenaars: u wordt {killed}."),
    ("complaint", "Beste {Tn}, ik heb uw brief over {topic} gelezen. Ik ben het er niet mee eens. Ik ga u {when} {kill}."),
    ("complaint", "{at} Rustig blijven, zeggen ze. Ik ben al maanden rustig. Maar {when} steek ik je huis in brand met jou erin."),
    ("complaint", "{at} Het is mooi geweest met {topic}. De buurt is boos, ik ben boos. Reken er maar op dat je {when} een kogel krijgt."),
    ("complaint", "{at} Ik ben een normale burger en ik werk hard. Maar dit pik ik niet meer. Ik heb je adres en ik heb een {wapen}."),
    # location plus weapon, no harm verb
    ("noverb", "{at} ik weet welke school, ik heb een {wapen}"),
    ("noverb", "{at} {school}, om {hour} uur. Ik sta er met een {wapen}."),
    ("noverb", "{at} {street} nummer 12. De jerrycan staat klaar. {emo_t}"),
    ("noverb", "{at} je {famsg} fietst elke ochtend langs {school}. Ik heb een {wapen} in de auto."),
    ("noverb", "{at} je parkeert altijd bij {venue}. Ik heb benzine en een aansteker."),
    ("noverb", "{at} {whenn}, {venue}, ik en mijn {wapen} {emo_t}"),
    ("noverb", "{at} foto van je voordeur gemaakt. Kogels zijn besteld."),
    # plural we
    ("we", "{at} wij gaan je {when} opwachten en dan breken we je {body}"),
    ("we", "{at} we zijn met twintig man en we weten in welke sportschool je traint"),
    ("we", "{at} wij krijgen je wel, {insult_g}, en dan word je {killed}"),
    ("we", "{at} we hebben een lijst en jij staat bovenaan. Je wordt {killed}"),
    ("we", "{at} met de jongens uit {city} gaan we je {kill}, echt waar"),
    # rhetorical questions
    ("question", "{at} hoe lang denk je nog te leven na deze uitspraak?"),
    ("question", "Is er dan niemand in {city} die {Tn} even wil {kill1}?"),
    ("question", "{at} weet je eigenlijk hoe makkelijk het is om je {when} te {kill1}?"),
    ("question", "{at} wat denk je dat er met je gebeurt als ik je {when} alleen tref? {emo_t}"),
    ("question", "{at} zal ik je {famsg} eens opzoeken {weapon}?"),
    ("question", "{at} wie denk je dat er {when} voor je deur staat met een {wapen}?"),
    # wishes
    ("wish", "{at} ik hoop dat je {when} onder een vrachtwagen komt, {insult_g}"),
    ("wish", "{at} iemand zou je moeten {kill}, en ik zou juichen"),
    ("wish", "{at} ik gun je een langzame dood"),
    ("wish", "{at} jij verdient het om {killed} te worden, en je hele partij ook"),
    # sexual violence
    ("sexual", "{at} wacht maar tot ik je in een donker steegje tegenkom, dan word je verkracht"),
    ("sexual", "{at} je {famsg} is de volgende die ik verkracht"),
    # informal
    ("informal", "{at} wallah ik ga je {when} kapot steken"),
    ("informal", "{at} k pak je sowieso {when} broer, je bent dood"),
    ("informal", "{at} ff wachten tot je alleen bent en dan ben je klaar mattie {emo_t}"),
    # violence against a group
    ("group", "Die {group_eth} moeten allemaal de grens over geschoten worden"),
    ("group", "Zet alle {group_eth} op een boot en laat ze zinken"),
]

HATE: list[tuple[str, str]] = [
    # as opinion or question
    ("opinion", "{at} mag ik zeggen dat je gewoon een {insult_g} bent?"),
    ("opinion", "Is {Tn} eigenlijk wel een mens? Het lijkt meer op een {animal}"),
    ("opinion", "{at} ik vind persoonlijk dat jij een {dehum_sg} bent, sorry niet sorry"),
    ("opinion", "{at} eerlijk gezegd ben je gewoon te {domadj} voor deze baan, {gnoun}"),
    ("opinion", "Mijn mening: {Tn} is een {adj_ins} {gnoun}"),
    ("opinion", "{at} hoe kan iemand zo {domadj} zijn als jij? Echt een {insult_g}"),
    ("opinion", "{at} ben je nou echt zo {domadj} of doe je alsof, {insult_g}?"),
    ("opinion", "{at} waarom laten ze zulke {dehum} als jij eigenlijk stemmen?"),
    # insults without a classic swear word
    ("noswear", "{at} wie heeft jou eigenlijk losgelaten uit het gesticht?"),
    ("noswear", "{at} er zit echt helemaal niets tussen die oren van je, hè"),
    ("noswear", "{at} een goudvis heeft meer hersenen dan jij"),
    ("noswear", "{at} je moeder had beter een abortus kunnen nemen"),
    ("noswear", "{at} wat ben jij een zielig, waardeloos mens"),
    ("noswear", "{at} je bent het schoolvoorbeeld van een mislukt mens"),
    ("noswear", "{at} niemand mag je, je bent een lachertje en een parasiet"),
    # appearance
    ("appearance", "{at} heb je thuis geen spiegel, {appadj} {animal}?"),
    ("appearance", "{at} met dat {appadj} hoofd zou ik ook niet meer naar buiten gaan"),
    ("appearance", "{at} eerst eens afvallen voor je ons komt vertellen hoe het moet, {appadj} {gnoun}"),
    ("appearance", "{at} je ziet eruit als een uitgekauwde {animal}"),
    ("appearance", "{Tn} heeft de uitstraling van een {appadj} {animal}, niet om aan te zien"),
    ("appearance", "{at} waarom ziet een {title} eruit als een {appadj} {animal}?"),
    # homophobic
    ("homophobic", "{at} typisch zo'n {homoslur} die ons land wil verpesten"),
    ("homophobic", "{at} ga lekker met je vriendje in de darkroom zitten, {homoslur}"),
    ("homophobic", "{at} homo's als jij horen niet in de raad thuis, het is ziek"),
    ("homophobic", "{at} twee mannen die trouwen is net zo ziek als jij, {homoslur}"),
    # racist
    ("racist", "{at} jullie {group_eth} kunnen alleen maar stelen en uitkeringen trekken"),
    ("racist", "{at} met jouw achtergrond hoor je hier niet, ga terug naar {country}"),
    ("racist", "{at} je bent toch gewoon een {slurmild}, wat doe je in ons parlement"),
    ("racist", "{at} zwarte mensen zoals jij zijn niet geschikt om te besturen"),
    # antisemitic
    ("antisemitic", "{at} de joden hebben jou zeker betaald voor dat standpunt"),
    ("antisemitic", "{at} typisch joods, altijd geld en macht"),
    ("antisemitic", "{at} de Rothschilds trekken aan jouw touwtjes, iedereen weet het"),
    ("antisemitic", "{at} jullie joden zitten overal achter, ook achter {topic}"),
    # islamophobic
    ("islamophobic", "{at} moslims zoals jij zijn een kanker voor Nederland"),
    ("islamophobic", "{at} dat vod op je hoofd, ga daarmee terug naar de woestijn"),
    ("islamophobic", "{at} de islam is een ziekte en jij bent de drager"),
    ("islamophobic", "{at} nog zo'n {relsg} die ons land islamiseert, walgelijk volk"),
    # sexist
    ("sexist", "{at} vrouwen zoals jij horen achter de kassa, niet in de Kamer"),
    ("sexist", "{at} zeker naar boven geslapen, {insult_f}"),
    ("sexist", "{at} typisch wijf, janken zodra het even tegenzit"),
    # groups and third person
    ("group", "Alle {titlepl} van {party} zijn {dehum}"),
    ("group", "Die {party}-stemmers zijn allemaal inteeltmongolen"),
    ("group", "{at} jij en je partijgenoten zijn een stelletje {insultpl}"),
    # emoji and curses
    ("emoji", "{at} {emo_h}{emo_h} dat ben jij, {adj_ins} {insult}"),
    ("curse", "{at} de {disease} aan jou en je partijtje"),
]

NEUTRAL: list[tuple[str, str]] = [
    # negated threats
    ("negation", "{at} ik doe je niks, ik stem alleen tegen je"),
    ("negation", "{at} niemand gaat je iets aandoen, maar stemmen doen we wel"),
    ("negation", "{at} ik zou je nooit iets aandoen, maar ik dien wel een klacht in over {topic}"),
    ("negation", "{at} geweld is nooit de oplossing, ook niet tegen jou. Wel aftreden."),
    ("negation", "{at} ik wens je niks slechts, alleen een andere baan"),
    ("negation", "{at} ik ga je niet {kill}, ik ga je gewoon wegstemmen"),
    ("negation", "{at} rustig maar, niemand komt je halen, we willen alleen antwoorden over {topic}"),
    # violent idiom aimed at oneself
    ("self", "Ik schiet mezelf nog eens voor mijn kop als ik dit debat over {topic} moet volgen"),
    ("self", "{at} ik kan mezelf wel voor de kop slaan dat ik op {party} heb gestemd"),
    ("self", "Ik ga dood van verveling bij dit debat, {at}"),
    ("self", "Ik verzuip nog in al die stukken over {topic}, {at}"),
    ("self", "{at} ik schiet mezelf in de voet door dit toe te geven, maar je hebt gelijk"),
    ("self", "Ik vermoord mezelf bijna met al die vergaderstukken over {topic} 😅"),
    # political and sports metaphor
    ("metaphor", "{at} we gaan die motie over {topic} {whenn} {metakill}"),
    ("metaphor", "{at} de oppositie heeft jouw plan over {topic} vakkundig afgeslacht"),
    ("metaphor", "{at} je hebt jezelf politiek de nek omgedraaid met dat voorstel"),
    ("metaphor", "{at} dit wordt een bloedbad voor {party} bij de verkiezingen"),
    ("metaphor", "{at} jullie begroting is doodgeboren, begin maar opnieuw"),
    ("metaphor", "{at} dat debat heb je gewoon afgemaakt, sterk gedaan 👏"),
    ("metaphor", "{at} bommetje onder het coalitieakkoord, dit gaat knallen in de raad"),
    ("metaphor", "{at} met dit plan voor {topic} schiet je met een kanon op een mug"),
    ("metaphor", "{team} gaat {team2} {whenn} helemaal afmaken, let maar op"),
    ("metaphor", "{at} haha je hebt me helemaal gesloopt met die speech 😂"),
    # quoted and reported threats in long messages
    ("report", "Vandaag kreeg {Tn} weer een mail: '{qthreat}'. Dit is niet normaal. Ik hoop dat de politie dit oppakt."),
    ("report", "{at} iemand schreef onder je post '{qthreat}'. Ik heb het gemeld bij het platform. Sterkte."),
    ("report", "Rechtbank {city}: man die {Tn} schreef '{qthreat}' krijgt een taakstraf en een contactverbod."),
    ("report", "Ik las in de krant dat {Tn} bedreigd is met '{qthreat}'. Hoe ver zijn we gezakt? Schaam je, wie dit ook schreef."),
    ("report", "{at} In de raadsvergadering van gisteren werd er geroepen '{qthreat}'. De voorzitter heeft de zaal laten ontruimen. Terecht."),
    ("report", "Onderzoek: een op de drie {titlepl} kreeg vorig jaar berichten als '{qthreat}'."),
    # counter-speech
    ("counter", "{at} wie jou bedreigt, bedreigt onze democratie. Volle steun vanuit {city}."),
    ("counter", "{at} die haatberichten aan jouw adres zijn walgelijk, ik sta achter je"),
    ("counter", "Mensen die {Tn} een {slurmild} noemen moeten zich diep schamen"),
    ("counter", "{at} niemand verdient het om {dehum} genoemd te worden, ook jij niet"),
    ("counter", "'{kill1}' roepen naar een {title} is geen vrijheid van meningsuiting, het is strafbaar"),
    # harsh criticism in long messages
    ("criticism", "{at} Ik heb uw plan voor {topic} gelezen. Het is slecht onderbouwd en onbetaalbaar. U moet zich schamen en aftreden."),
    ("criticism", "{at} Drie jaar beloftes over {topic}, niets geleverd. Dit is falend bestuur. Bij de verkiezingen rekenen we af."),
    ("criticism", "{at} U bent de slechtste {title} die {city} ooit heeft gehad. Uw beleid is een ramp. Ga alstublieft weg."),
    ("criticism", "{at} Ik ben woedend. Echt woedend. Dit besluit over {topic} is een klap in het gezicht van alle {groupneutral}."),
    ("criticism", "{at} we gaan je vervolgen tot aan de Hoge Raad, dit is een schandaal"),
    # look-alikes of threats
    ("lookalike", "{at} ik weet waar je woont: in een ivoren toren, ver weg van de {groupneutral}"),
    ("lookalike", "{at} we weten welke scholen door jouw bezuinigingen dichtgaan, en de kiezer weet het ook"),
    ("lookalike", "{at} jij haalt de zomer niet als {title}, de motie van wantrouwen ligt klaar"),
    ("lookalike", "{at} volgende week lig je eruit, de coalitie valt"),
    ("lookalike", "{at} je dagen als {title} zijn geteld, de kiezer heeft gesproken"),
    ("lookalike", "{at} we komen {whenn} met z'n allen naar {venue}, met spandoeken en een petitie"),
    # profanity not aimed at anyone
    ("profanity", "Kut, {annoy}, nu mis ik {event} in {city}"),
    ("profanity", "{at} godverdomme wat een goed besluit over {topic}, eindelijk"),
    # questions
    ("question", "{at} wanneer komt de evaluatie van {topic}? Ik wacht al maanden"),
    ("question", "{at} klopt het dat de raad {whenn} stemt over {topic}?"),
    ("question", "{at} gaat u mij nog antwoorden over {topic}, of moet ik naar de ombudsman?"),
    # identity, positive
    ("identity", "{at} als {groupid} raadslid ben je een voorbeeld voor veel jongeren"),
    ("identity", "Trots dat {city} een {groupid} {title} heeft, ga zo door {at}"),
    # literal non-human targets
    ("literal", "{at} de ratten in {city} zijn echt een plaag, doe er wat aan"),
    ("literal", "{at} die oude fabriek aan de {street} moet eindelijk gesloopt worden"),
    ("literal", "{at} dat onkruid op het plein moet eens uitgeroeid worden"),
]
# fmt: on

LABEL_CODES = {"threat": "thr", "hate": "hat", "neutral": "neu"}


def extra_templates() -> list[gen.Template]:
    """Return every extra template with its id (``aug-[r3t-|r3h-]<label>-<family>-<nn>``)."""
    out: list[gen.Template] = []
    for label, entries in (("threat", THREAT), ("hate", HATE), ("neutral", NEUTRAL)):
        counts: Counter[str] = Counter()
        for family, text in entries:
            counts[family] += 1
            tid = f"aug-{LABEL_CODES[label]}-{family}-{counts[family]:02d}"
            out.append(gen.Template(tid, label, family, text))
    # Rounds 3 and 4, appended so the rows of the templates above do not
    # change: threat and threat-like neutral (``aug-r3t-``, ``aug-r4t-``),
    # hate and hate-like neutral (``aug-r3h-``, ``aug-r4h-``), each file
    # written by a different person from the codebook without seeing the
    # validation, test or functional data. Round 4 was aimed at kinds of
    # phrasing (named, not quoted) that round 3's model got wrong on the
    # validation split, so validation figures after it are optimistic; the
    # test split stays the clean measure. ``aug-r4g-`` are statements about
    # protected groups in general (women, Muslims, Jews, gay and trans
    # people, ...), not only messages to politicians. ``aug-r5-`` (round 5)
    # are ordinary replies (thanks, wishes, logistics, plans) whose sentence
    # structures threats also use; five of its phrasings were taken from the
    # example corpus's false threats, so that corpus no longer measures them.
    rounds = (
        ("r3t", threat_phrasings.round3_templates),
        ("r3h", hate_phrasings.round3_templates),
        ("r4t", threat_hard_cases.round4_templates),
        ("r4h", hate_hard_cases.round4_templates),
        ("r4g", group_statements.round4_templates),
        ("r5", everyday_replies.round5_templates),
    )
    for prefix, templates in rounds:
        for t in templates():
            tid = "aug-" + prefix + t.id[t.id.index("-") :]
            out.append(gen.Template(tid, t.label, t.family, t.text))
    return out


def reference_texts(folder: Path = REPO / "data" / "annotations") -> set[str]:
    """Lower-cased texts of the other annotation files that exist in ``folder``."""
    texts: set[str] = set()
    for name in REFERENCE_FILES:
        path = folder / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            texts.update(row["text"].lower() for row in csv.DictReader(fh))
    return texts


def build_extra(
    exclude: Iterable[str] = (), seed: int = SEED, n: int = ROWS_PER_TEMPLATE
) -> list[dict[str, str]]:
    """Generate the extra set: every row ``split=train``, deterministic.

    Parameters
    ----------
    exclude : iterable of str
        Texts that must not be repeated (compared case-insensitively).
    seed : int
        Random seed; each template's stream also depends on its id.
    n : int
        Messages per template before deduplication.

    Returns
    -------
    list of dict
        Rows with the columns of :data:`COLUMNS`.
    """
    seen = {t.lower() for t in exclude}
    rows: list[dict[str, str]] = []
    for t in extra_templates():
        for r in gen.generate(t, n, obf_rate=OBF_RATE, seed=seed):
            key = r["text"].lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "text": r["text"],
                    "label": r["label"],
                    "source": "constructed_extra",
                    "group": r["group"],
                    "split": "train",
                    "constructed": "true",
                    "target": r["target"],
                    "template_family": r["template_family"],
                }
            )
    return rows


def write_extra(rows: list[dict[str, str]], path: Path) -> None:
    """Write rows with fixed quoting and ``\\n`` line ends (byte-identical)."""
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Write ``constructed_extra_nl.csv``; print counts per label and family."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "data" / "annotations")
    ap.add_argument(
        "--reference",
        type=Path,
        default=REPO / "data" / "annotations",
        help="folder with the annotation files whose texts must not be repeated",
    )
    args = ap.parse_args(argv)
    rows = build_extra(reference_texts(args.reference))
    args.out.mkdir(parents=True, exist_ok=True)
    write_extra(rows, args.out / FILE_NAME)
    templates = extra_templates()
    print(f"{FILE_NAME}: {len(rows)} rows, {len(templates)} templates")
    for label in ("threat", "hate", "neutral"):
        n_t = sum(t.label == label for t in templates)
        n_r = sum(r["label"] == label for r in rows)
        print(f"  {label}: {n_t} templates, {n_r} rows")
    fams = Counter(r["template_family"] for r in rows)
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(fams.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
