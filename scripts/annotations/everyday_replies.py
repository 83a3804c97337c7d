# ruff: noqa: E501  (data table: one message template per line)
"""Round 5 train-only templates: ordinary, everyday neutral messages to politicians.

Written from ``data/annotations/GUIDELINES.md`` only, independent of the
evaluation templates and of the templates in ``augment.py``,
``hate_phrasings.py``, ``threat_phrasings.py``, ``threat_hard_cases.py``,
``hate_hard_cases.py`` and ``group_statements.py`` (no repeats, no close
paraphrases). The neutral templates of the earlier rounds are mostly *hard*
neutrals: look-alikes of threats and hate (metaphor, quoted threats, literal
vermin, profanity at nobody). Trained on those, a model learns that ordinary
sentence structures that threats also use are threat cues by themselves:
"ik hoop dat je ...", "we komen zaterdag ...", "dat had ... moeten
gebeuren", "zou zonde zijn als ...", "zie ik u morgen ...", "we gaan je
...". This file adds the everyday bulk of replies to politicians, built on
exactly those structures but with nothing harmful or insulting in them.

``NEUTRAL``
    One list of ``(family, template_text)`` tuples in the format of
    ``augment.py``, filled with the slots and helpers of ``generate.py``:
    thanks and praise, get-well and personal wishes, agreement and support,
    meeting and event logistics, mild disagreement and questions, hopes about
    politics (including civil wishes such as "ik hoop dat je nooit meer
    gekozen wordt", neutral under codebook 4.2), conditionals about policy,
    future plans with "we gaan", "ik ga" and "ik kom" plus an ordinary verb,
    personal anecdotes, small talk about weather, sports and holidays,
    invitations, and short reactions with emoji (🔥 as "great"). The
    templates use first and second person, time words (morgen, zaterdag,
    straks, volgende week), places (stadhuis, huis, school, straat) and
    family words (kinderen, moeder) in ordinary contexts, formal "u" and
    informal "je", with and without an ``@handle``, from 2 to about 40 words.
    None of them names a politician's home, street, children's school or
    family in a way a reader could take as a veiled threat (codebook 4.6).

Every row built from these templates belongs in the ``train`` split. The
list is not wired into a data file here; ``augment.py`` decides that.

Run ``python scripts/annotations/everyday_replies.py`` to check every template
(slots exist and fill, 2 to 42 words, no insult or harm slots, no harm,
insult or profanity words, no repeats or close paraphrases of this file or of
the earlier rounds) and to print counts per family and two example fills per
family.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from annotations import generate as gen  # noqa: E402
    from annotations import rounds  # noqa: E402
else:
    from . import generate as gen
    from . import rounds

# fmt: off
NEUTRAL: list[tuple[str, str]] = [
    # thanks and praise
    ("thanks", "{at} dank je wel!"),
    ("thanks", "Dank {at}"),
    ("thanks", "{at} top gedaan vandaag, dank voor je inzet 👏"),
    ("thanks", "{at} Dank u wel voor het snelle antwoord op mijn mail over {topic}. Eindelijk weet ik waar ik aan toe ben."),
    ("thanks", "Wat fijn dat {Tn} gisteren gewoon even in onze wijk kwam kijken. Zo hoort het."),
    ("thanks", "{at} bedankt dat u de tijd nam om met de leerlingen van mijn klas te praten. Ze hebben het er nog steeds over."),
    ("thanks", "Complimenten aan {Tn} voor de rustige en duidelijke uitleg over {topic} tijdens {event}"),
    ("thanks", "{at} petje af, u was de enige die de moeite nam om mij terug te bellen"),
    ("thanks", "{at} namens de hele {street}: bedankt voor de nieuwe bankjes en de extra lantaarnpalen!"),
    ("thanks", "{at} mijn moeder is 82 en was zo blij met uw kaartje voor haar verjaardag. Heel attent van u."),
    ("thanks", "{at} chapeau voor hoe je die vergadering hebt voorgezeten, netjes en eerlijk"),
    ("thanks", "{at} je bent een van de weinigen die echt luistert. Dank daarvoor"),
    ("thanks", "{at} bedankt voor de rondleiding door {venue} met onze scouting. De kinderen vonden de raadszaal prachtig."),
    ("thanks", "Dank u wel, {title}, voor het bezoek aan onze zorgboerderij. De bewoners praten nergens anders meer over."),
    ("thanks", "{at} Vorig jaar schreef ik u over de gevaarlijke oversteek bij de school van mijn kinderen. Vandaag ligt er een zebrapad met verlichting en staat er een klaar-over. Ik had niet gedacht dat het zo snel zou gaan. Dank u wel!"),
    # get-well and personal wishes
    ("wishes", "{at} ik hoop dat je snel beter wordt! Beterschap 🙏"),
    ("wishes", "{at} veel succes morgen bij het debat over {topic}"),
    ("wishes", "{at} hopelijk komt u goed door de operatie. Sterkte voor u en uw familie"),
    ("wishes", "{at} gefeliciteerd met de geboorte van je dochter! Geniet van deze bijzondere tijd"),
    ("wishes", "{at} fijne vakantie, en zet die telefoon eens een weekje uit 😉"),
    ("wishes", "{at} hartelijk gefeliciteerd met je verjaardag! Ik hoop dat je een mooie dag hebt met je familie"),
    ("wishes", "{at} ik hoop dat u na deze drukke weken een beetje rust kunt nemen. Dat heeft u wel verdiend"),
    ("wishes", "{at} gecondoleerd met het verlies van je vader. Ik heb hem gekend als een warme man die voor iedereen klaarstond."),
    ("wishes", "{at} succes {whenn}, ik duim voor je 🤞"),
    ("wishes", "{at} ik wens u en uw gezin fijne feestdagen en een gezond nieuwjaar"),
    ("wishes", "{at} hoop dat je snel weer op de been bent, de commissie is niet hetzelfde zonder jou"),
    ("wishes", "{at} heel veel plezier bij de marathon zondag! Ik sta bij kilometer 30 te juichen met een spandoek"),
    ("wishes", "{at} beterschap! En niet te snel weer aan het werk hè"),
    ("wishes", "{at} ik hoop dat je morgen een goede eerste werkdag hebt als {title}. Veel wijsheid gewenst!"),
    ("wishes", "Beste {Tn}, veel sterkte met het herstel na die val van de fiets. Hopelijk kunt u snel weer naar buiten."),
    # agreement and support
    ("agree", "{at} eens!"),
    ("agree", "{at} helemaal mee eens"),
    ("agree", "{at} dit had veel eerder moeten gebeuren, maar beter laat dan nooit"),
    ("agree", "{at} goed dat dit eindelijk geregeld wordt. De {groupneutral} hebben er lang genoeg op gewacht."),
    ("agree", "Dat had jaren geleden al moeten gebeuren. Goed dat {Tn} doorzet met {topic}"),
    ("agree", "{at} u heeft mijn stem, ook bij de volgende verkiezingen"),
    ("agree", "Precies dit. Dank dat je het zo duidelijk zegt {at}"),
    ("agree", "{at} eindelijk een {title} die gewoon doet wat {hij} belooft"),
    ("agree", "{at} als ouder van drie kinderen kan ik dit alleen maar steunen. Meer zebrapaden bij de scholen!"),
    ("agree", "{at} 100% eens met je bijdrage over {topic}. Ga zo door"),
    ("agree", "{at} sterk punt over de huurprijzen, dat mag best vaker gezegd worden"),
    ("agree", "Goed besluit van de raad van {city}: het wijkcentrum blijft open. Daar zijn wij als buurt heel blij mee."),
    ("agree", "{at} ik ben het zelden met {party} eens, maar hier heeft u gewoon gelijk"),
    ("agree", "{at} dat werd tijd! 👏"),
    # meeting and event logistics
    ("logistics", "{at} zie ik u zaterdag bij het debat?"),
    ("logistics", "{at} we komen donderdag langs met de petitie, hoe laat kunnen we terecht?"),
    ("logistics", "{at} tot morgen in de raad!"),
    ("logistics", "{at} hoe laat begint {event} {whenn} precies? En kan ik parkeren bij {venue}?"),
    ("logistics", "{at} zie ik je straks bij de koffie na de commissie?"),
    ("logistics", "{at} is de inspraakavond van volgende week ook online te volgen? Ik kan er niet bij zijn, mijn kinderen hebben dan zwemles"),
    ("logistics", "{at} wij komen morgen met een groep van {n} leerlingen naar de publieke tribune, moeten we ons ergens melden?"),
    ("logistics", "{at} kan ik me nog aanmelden om in te spreken bij de raadsvergadering {whenn}?"),
    ("logistics", "{at} waar kan ik de handtekeningen afgeven, bij de bode of bij de griffie?"),
    ("logistics", "{at} mijn moeder en ik komen zaterdag naar de open dag van {venue}. Tot dan!"),
    ("logistics", "{at} de commissievergadering is verplaatst naar donderdag, klopt dat?"),
    ("logistics", "{at} zien we u volgende week op de markt? Dan kunnen we het even over {topic} hebben"),
    ("logistics", "{at} we gaan je bedanken met bloemen na je afscheid uit de raad. Niks tegen de griffier zeggen hoor, het is een verrassing 🤫"),
    ("logistics", "{at} tot straks bij de opening van de speeltuin!"),
    ("logistics", "{at} mag ik met je meerijden naar het partijcongres in {city}? Ik betaal de helft van de tankbeurt"),
    ("logistics", "Weet iemand hoe laat {Tn} spreekt op {event}? Ik wil het niet missen en dan plan ik mijn trein daarop"),
    ("logistics", "{at} Goedemorgen! Namens de huurdersvereniging willen we u {whenn} de uitkomsten van onze enquête over {topic} overhandigen. Kan dat om {hour} uur in {venue}, of komt u liever naar ons buurthuis?"),
    # mild disagreement and questions
    ("disagree", "{at} ik ben het hier niet mee eens. Waarom zijn de bewoners niet eerst gevraagd?"),
    ("disagree", "{at} sorry, maar dit klopt niet. De cijfers over {topic} zijn vorige maand nog bijgesteld"),
    ("disagree", "{at} begrijp ik het goed dat de buslijn naar ons dorp verdwijnt? Hoe komen de ouderen dan bij de huisarts?"),
    ("disagree", "{at} mwah, ik twijfel nog. Wat kost dit plan eigenlijk?"),
    ("disagree", "{at} waarom stemde {party} tegen het amendement over {topic}? Ik snap het oprecht niet"),
    ("disagree", "{at} ik zie het anders. Meer parkeerplekken betekent ook meer verkeer in de {street}"),
    ("disagree", "{at} met alle respect, maar u vergeet de {groupneutral} in dit verhaal"),
    ("disagree", "{at} kunt u uitleggen waarom de OZB omhoog gaat terwijl er een overschot op de begroting is?"),
    ("disagree", "{at} is dit niet vooral symboolpolitiek?"),
    ("disagree", "{at} goed bedoeld, maar ik denk niet dat dit werkt. In {city} hebben ze het ook geprobeerd en daar liep het op niks uit"),
    ("disagree", "{at} ik stem al twintig jaar op jullie, maar hier haak ik af. Jammer."),
    ("disagree", "Ik snap de redenering van {Tn} over {topic} echt niet. Kan iemand het me uitleggen?"),
    ("disagree", "{at} waarom staat de school van mijn zoon niet in het onderhoudsplan? Het dak lekt al twee winters"),
    ("disagree", "{at} Ik waardeer uw inzet, echt. Maar een nieuw stadhuis terwijl de bibliotheek inkrimpt, dat kan ik aan mijn kinderen niet uitleggen. Wat is de afweging geweest?"),
    # hopes about politics
    ("hopes", "{at} ik hoop dat je nooit meer gekozen wordt"),
    ("hopes", "{at} ik hoop dat dit plan sneuvelt in de raad"),
    ("hopes", "{at} ik hoop echt dat u hierover nog eens met de bewoners om tafel gaat"),
    ("hopes", "{at} hopelijk kiest de raad {whenn} voor het park en niet voor de parkeergarage"),
    ("hopes", "Ik hoop dat {party} na de verkiezingen in de oppositie belandt. Vier jaar is wel genoeg geweest."),
    ("hopes", "{at} ik hoop dat je gelijk krijgt, maar ik ben bang dat de provincie het tegenhoudt"),
    ("hopes", "{at} ik hoop dat u ooit eens een maand met de bus naar uw werk moet, dan snapt u het wel"),
    ("hopes", "{at} hopelijk is dit de laatste keer dat we over {topic} moeten vergaderen 😅"),
    ("hopes", "{at} ik hoop dat je volgende keer wel naar de bewoners luistert"),
    ("hopes", "{at} laten we hopen dat het kabinet dit keer wel woord houdt"),
    ("hopes", "{at} ik hoop dat deze coalitie snel valt, dit beleid is slecht voor {city}"),
    ("hopes", "{at} ik hoop dat u gewoon {title} blijft, we hebben u nodig"),
    ("hopes", "{at} ik hoop dat u de verkiezingen verliest en dat {party} volgende keer een betere kandidaat vindt"),
    ("hopes", "{at} Dertig jaar op {party} gestemd, maar uw plan voor {topic} is slecht doordacht. Ik hoop dat u na de verkiezingen niet terugkomt en dat uw opvolger eerst met de bewoners gaat praten."),
    # conditionals about policy
    ("conditional", "{at} zou zonde zijn als het park aan de {street} verdwijnt voor een parkeergarage"),
    ("conditional", "{at} als dit doorgaat, stem ik anders"),
    ("conditional", "{at} als de bibliotheek dichtgaat, waar moeten de kinderen dan hun huiswerk maken?"),
    ("conditional", "{at} zou jammer zijn als {city} die subsidie misloopt omdat de aanvraag te laat is ingediend"),
    ("conditional", "{at} als u dit voorstel steunt, heeft u er een kiezer bij"),
    ("conditional", "{at} als het zwembad sluit, moeten we twintig minuten fietsen naar het volgende. Zonde."),
    ("conditional", "{at} mocht u {whenn} tijd hebben, dan laat ik u graag de verkeerssituatie bij ons op de hoek zien"),
    ("conditional", "{at} als de huren weer stijgen, moet mijn moeder verhuizen. Ze woont al veertig jaar in hetzelfde huis."),
    ("conditional", "Zonde als de markt in {city} verplaatst wordt, het is het hart van de binnenstad"),
    ("conditional", "{at} als jullie zo doorgaan met {topic}, zijn jullie bij de volgende verkiezingen de helft van je zetels kwijt"),
    ("conditional", "{at} als de raad het budget niet verhoogt, stopt het buurthuis in maart. Zou echt zonde zijn."),
    ("conditional", "{at} wat zou het mooi zijn als er eindelijk een fietspad komt langs de {street}"),
    # future plans with "we gaan", "ik ga", "ik kom" and an ordinary verb
    ("plans", "{at} we gaan zaterdag met de hele straat zwerfafval prikken, doe je mee?"),
    ("plans", "{at} ik ga u mailen over de geluidsoverlast bij ons in de straat"),
    ("plans", "{at} ik kom morgen met mijn buurvrouw langs op het spreekuur, zij spreekt nog niet zo goed Nederlands"),
    ("plans", "{at} we gaan volgende week met de klas naar {venue} voor een rondleiding. De kinderen hebben er zin in!"),
    ("plans", "{at} ik ga dit doorsturen naar mijn zus, zij woont ook in {city}"),
    ("plans", "{at} we gaan je verrassen op de markt met een taart, je verjaardag is ons niet ontgaan 🎂"),
    ("plans", "{at} ik ga vanavond het debat terugkijken, ik was er zelf niet bij"),
    ("plans", "{at} we komen {whenn} met zo'n vijftig ouders naar de raad om in te spreken over {topic}"),
    ("plans", "{at} ik ga voortaan elke maand naar de raadsvergadering, ik wil weten wat er gebeurt in mijn stad"),
    ("plans", "{at} we gaan met groep 8 een brief schrijven over zwerfafval. Mogen we die op het stadhuis komen afgeven?"),
    ("plans", "{at} ik kom straks even langs bij de kraam van {party} op de markt, bewaar een flyer voor me"),
    ("plans", "{at} we gaan je voordragen als vrijwilliger van het jaar, je hebt zoveel gedaan voor de voedselbank"),
    ("plans", "{at} ik ga morgen met mijn kinderen naar de opening van het nieuwe park. Komt u ook?"),
    ("plans", "{at} wij gaan u {whenn} een uitnodiging sturen voor ons jubileumfeest"),
    ("plans", "Ik ga {whenn} voor het eerst stemmen en ik heb alle programma's gelezen. Spannend!"),
    ("plans", "{at} Wij gaan volgende week met de kinderen van groep 6 langs de winkels in onze straat om geld op te halen voor een nieuw klimrek. Mogen we ook even bij u op het stadhuis langskomen met de collectebus?"),
    # personal anecdotes
    ("anecdote", "{at} mijn opa zat dertig jaar in de raad van {city}, hij zou trots zijn geweest op dit besluit"),
    ("anecdote", "{at} vanochtend mijn dochter voor het eerst naar de nieuwe school gebracht. Prachtig gebouw, dank aan de gemeente!"),
    ("anecdote", "{at} gisteren zag ik u in de supermarkt. Ik durfde u niet aan te spreken, maar ik wilde zeggen: goed bezig"),
    ("anecdote", "{at} ik woon sinds vorig jaar in {city} en heb nog nooit zo'n fijne buurt gehad"),
    ("anecdote", "{at} mijn zoon van negen vroeg wat een {title} eigenlijk doet. Ik heb hem uw filmpje laten zien en hij vond het heel interessant"),
    ("anecdote", "{at} vanochtend twintig minuten op de bus gewacht in de regen en toen toch maar gaan lopen. Komt er nog een betere dienstregeling?"),
    ("anecdote", "{at} mijn moeder hoorde uw toespraak bij de herdenking en was echt ontroerd"),
    ("anecdote", "{at} wij hebben vorige week ons huis verkocht en verhuizen naar {city}. Wat moeten we als nieuwe inwoners allemaal regelen?"),
    ("anecdote", "{at} ik zat vroeger bij u in de klas, u gaf toen nog geschiedenis! Leuk om u nu in de raad te zien"),
    ("anecdote", "Net {Tn} tegengekomen bij de bakker. Gewoon in de rij gestaan zoals iedereen, sympathiek"),
    ("anecdote", "{at} mijn buurman van 90 heeft sinds 1956 geen verkiezing overgeslagen. Vandaag weer, met rollator en al"),
    ("anecdote", "{at} ik werk al vijftien jaar in de thuiszorg en herken alles uit uw verhaal over de werkdruk"),
    ("anecdote", "{at} Even een persoonlijk verhaal. Mijn moeder woont sinds haar tachtigste in de {street} en dankzij de nieuwe buurtbus kan ze weer zelf naar de markt en naar haar kleinkinderen. Ze vroeg me u te bedanken, dus bij dezen."),
    # small talk: weather, sports, holidays
    ("smalltalk", "{at} wat een weer vandaag, veel plezier op de braderie"),
    ("smalltalk", "{at} zag je de wedstrijd van {team} gisteren? Wat een goal in de laatste minuut"),
    ("smalltalk", "{at} lekker op vakantie geweest? Je ziet er uitgerust uit"),
    ("smalltalk", "{at} hoe was het in Frankrijk? Mooie foto's van de Alpen"),
    ("smalltalk", "{at} eindelijk zon! Terrasje na de commissie?"),
    ("smalltalk", "{at} haha, jij zit ook naar {team} te kijken? Wat een spanning"),
    ("smalltalk", "{at} sterke tijd op de halve marathon, ik kwam tien minuten na je binnen 🏃"),
    ("smalltalk", "{at} wat een regen zeg, vergeet je paraplu niet als je straks naar het stadhuis fietst ☔"),
    ("smalltalk", "Goede reis naar Brussel {at}, en tot volgende week"),
    ("smalltalk", "{at} koud hè vanochtend bij de herdenking. Gelukkig was er daarna warme koffie in het wijkcentrum"),
    ("smalltalk", "Ook zo blij dat het weekend is, {at}? 😄"),
    ("smalltalk", "{at} mooie zonsondergang boven de haven vanavond, heb je hem gezien?"),
    # invitations
    ("invite", "{at} u bent van harte welkom op ons buurtfeest zaterdag in de {street}"),
    ("invite", "{at} wil je {whenn} komen spreken op de jaarvergadering van onze tennisclub?"),
    ("invite", "{at} onze basisschool doet mee aan de Week van de Democratie. Zou u een gastles willen geven?"),
    ("invite", "{at} kom je ook naar de opening van het nieuwe buurthuis? Er is soep en livemuziek"),
    ("invite", "{at} we nodigen u graag uit voor een kop koffie bij ons thuis om over {topic} te praten"),
    ("invite", "{at} zin om een avond mee te lopen met de wijkagent? Dan ziet u hoe het echt gaat in onze wijk"),
    ("invite", "{at} de ouderenbond viert {whenn} haar 50-jarig bestaan. We zouden het leuk vinden als de {title} een woordje komt zeggen"),
    ("invite", "{at} doe je zondag mee met de sponsorloop voor het hospice? Er zijn nog startnummers over"),
    ("invite", "{at} kom gerust eens kijken bij onze moestuin aan de {street}, de tomaten zijn bijna rijp"),
    ("invite", "Lieve {Tn}, komt u ook naar de kerstmarkt van onze school? De kinderen verkopen zelfgemaakte kaarsen"),
    # short reactions with emoji
    ("emoji", "{at} 👍"),
    ("emoji", "{at} 🔥🔥🔥 wat een speech"),
    ("emoji", "{at} 💪💪"),
    ("emoji", "{at} 😂😂 die zag ik niet aankomen"),
    ("emoji", "{at} 🙏 dank u"),
    ("emoji", "{at} top! 👏👏"),
    ("emoji", "{at} dit plan is 🔥, eindelijk iets voor de jongeren in {city}"),
    ("emoji", "{at} sterk verhaal 💪 ga zo door"),
    ("emoji", "{at} hahaha geniaal 😂"),
    ("emoji", "{at} ❤️ voor {city}"),
    ("emoji", "{at} mooi zo {emo_n}"),
    ("emoji", "{at} 🔥 goed bezig met {topic}"),
    ("emoji", "{at} 🙏🙏 eindelijk duidelijkheid over {topic}"),
]
# fmt: on

#: Slots whose values insult or degrade, and profanity; an everyday template
#: must not use them.
INSULT_SLOTS = rounds.INSULT_SLOTS | {"prof"}
#: Slots that carry physical harm, quoted threats, or a politician's home,
#: school or body, and ``when``; an everyday template must not use them.
HARM_SLOTS = rounds.HARM_SLOTS | {"when"}
#: Word stems of physical harm (killing, beating, burning, drowning, ...).
HARM_WORDS = re.compile(
    r"\b(?:dood|vermoord|moord|schiet|geschoten|steek|kogel|mes\b|hang|ophang|"
    r"brand|fik\b|sla\b|slaan|geslagen|trap\b|trappen|getrapt|kapot|verkracht|"
    r"afmaken|maak je af|bom\b|bommen|uitroei|vergas|gaskamer|tegen de muur|strop|"
    r"bloed|sterf|afknal|neerknal|wurg|verzuip|zink|lynch|verbrand|knuppel|"
    r"klappen|pak slaag|in elkaar|kop in|bungel|stenig|gegooid|gooi|killer|"
    r"slacht|wapen|geweer|pistool|explos|graf\b|kist\b)",
    re.IGNORECASE,
)
#: Insults, slurs and profanity; an everyday template contains none of them.
RUDE_WORDS = re.compile(
    r"\b(?:idioot|debiel|mongool|kanker|tering|tyfus|kut|klote|kolere|klere|hoer|"
    r"godver|verdomme|shit|fuck|sukkel|lul\b|eikel|trut|wijf|flikker|neger|"
    r"ongedierte|parasiet|tuig|ratten|\brat\b|zak\b|schande|schamen)",
    re.IGNORECASE,
)
#: Word guards of a template and of its fills.
WORD_GUARDS = [(HARM_WORDS, "harm"), (RUDE_WORDS, "rude")]
#: Word count of a filled template (before lead-ins and decoration).
MIN_WORDS, MAX_WORDS = 2, 42
#: Template skeletons at least this similar count as a close paraphrase.
NEAR_DUP = rounds.NEAR_DUP
#: Earlier template modules these must not repeat or closely paraphrase.
EARLIER = (
    "augment",
    "hate_phrasings",
    "threat_phrasings",
    "threat_hard_cases",
    "hate_hard_cases",
    "group_statements",
)


def round5_templates() -> list[gen.Template]:
    """Return the round-5 templates with ids (``r5-neu-<family>-<nn>``).

    Returns
    -------
    list of generate.Template
        Neutral templates, in list order.
    """
    return rounds.number_templates("r5", (("neutral", NEUTRAL),))


def check(n_fill: int = 8, seed: int = 20261128 + 5) -> list[str]:
    """Fill every template and return a list of problems (empty when all is well).

    Parameters
    ----------
    n_fill : int
        Fills per template (half female, half male context), plus ``n_fill``
        messages through :func:`generate.generate` (lead-ins, obfuscation,
        decoration).
    seed : int
        Seed of the fills.

    Returns
    -------
    list of str
        One line per problem: an unknown slot, an insult or harm slot, a harm,
        insult or profanity word in the template or a fill, a brace left
        after filling, a fill outside ``MIN_WORDS``..``MAX_WORDS`` words, a
        repeated template, or a close paraphrase (skeleton similarity >=
        ``NEAR_DUP``) of another round-5 template or of an earlier round.
    """
    return rounds.check_templates(
        round5_templates(),
        n_fill=n_fill,
        seed=seed,
        earlier=EARLIER,
        guard=rounds.forbid(
            None, INSULT_SLOTS | HARM_SLOTS, WORD_GUARDS, "insult or harm"
        ),
        fill_guards={"neutral": WORD_GUARDS},
        words=(MIN_WORDS, MAX_WORDS),
        threshold=NEAR_DUP,
    )


def main() -> int:
    """Check every template; print counts per family and two fills per family."""
    problems = check()
    rounds.print_summary(round5_templates(), rounds.plain_filler(7))
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
