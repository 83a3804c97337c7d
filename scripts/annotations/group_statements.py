# ruff: noqa: E501  (data table: one message template per line)
"""Round 4 train-only templates: threats, hate and neutral messages about protected groups.

Written from ``data/annotations/GUIDELINES.md`` only, independent of the
evaluation templates and of the templates in ``augment.py``,
``hate_phrasings.py`` and ``threat_phrasings.py`` (no repeats, no close
paraphrases). Most earlier templates address a politician; these are mostly
statements about a whole group (women, Muslims, Jews, gay and trans people,
Black people, Moroccan, Turkish and Surinamese Dutch people, immigrants,
refugees, disabled people), with or without an ``@handle``, so that the model
learns the group phrasings too. Three lists of ``(family, template_text)``
tuples in the format of ``augment.py``, filled with the slots and helpers of
``generate.py``:

``THREAT``
    Physical harm to members of a group (codebook 4.12): first-person intent
    ("ik ga ... allemaal ..."), calls on others, wishes of violent harm or
    death, and normative calls ("X zouden allemaal ... moeten worden").

``HATE``
    Group hate without physical harm: derogatory statements, dehumanisation
    (vermin, animals, disease, trash), slurs, hate with profanity and a group
    disease curse (4.7), hate as a question or an opinion, hate carried by
    pronouns that refer back to the group, negated forms that still degrade
    ("X zijn geen echte mensen"), spelling variations written into the
    template (glued words, missing letters, leet, spaced letters, capitals),
    "go back" messages (4.15) and hate at the end of a longer message.

``NEUTRAL``
    Neutral and positive identity statements, positive statements about
    groups, counter-speech that quotes or references hate and rejects it
    (4.3), reports of hate and of threats (4.4), negated hate, reclaimed
    in-group terms used of oneself, abuse aimed at objects or at nobody
    (4.5), civil policy discussion about migration and integration, questions
    asked in good faith, and criticism (not abuse) of non-protected groups.
    Slurs and harm words appear in a neutral template only inside quotes.

Every row built from these templates belongs in the ``train`` split. The
lists are not wired into a data file here; ``augment.py`` decides that.

Run ``python scripts/annotations/group_statements.py`` to check every template
(slots exist and fill, 3 to 40 words, no harm words or harm slots in
``HATE``, a harm slot or word in every ``THREAT``, no insult, slur or harm
outside quotes in ``NEUTRAL`` except the ``reclaimed`` family, every group
covered by every label, no repeats or close paraphrases of earlier rounds)
and to print counts per family and group and two example fills per family.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from annotations import generate as gen  # noqa: E402
    from annotations import rounds  # noqa: E402
else:
    from . import generate as gen
    from . import rounds

# fmt: off
THREAT: list[tuple[str, str]] = [
    # intent: the writer (or "we") will harm members of a group
    ("intent", "Ik ga die {group_eth} in mijn straat één voor één {kill1}"),
    ("intent", "Als er in {city} nog één moskee bijkomt, steken we hem in de fik met de moslims erin"),
    ("intent", "Zaterdag gaan we met de jongens homo's jagen in het stadspark. Neem je knuppel mee."),
    ("intent", "{at} elke transvrouw die ik op straat tegenkom sla ik persoonlijk in elkaar"),
    ("intent", "k ga die vluchtelingen in dat azc allemaal afmaken wallah {emo_t}"),
    ("intent", "De volgende jood met een keppeltje die langs mijn huis loopt, trap ik het ziekenhuis in"),
    ("intent", "Ik zweer het, de eerste zwarte die hier komt wonen krijgt een kogel"),
    # call: calls on others to harm a group
    ("call", "Jongens, verzamelen bij het station en sla elke Marokkaan die je ziet de kop in"),
    ("call", "Steek dat hele azc in {city} in brand, dan zijn we van die gelukzoekers af"),
    ("call", "Vrouwen met zo'n grote bek moeten gewoon klappen krijgen. Mannen, doe er eens wat aan."),
    ("call", "Gooi die gehandicapten van de trap, ze kosten ons alleen maar geld"),
    ("call", "Schiet die bootjes met asielzoekers gewoon lek voor de kust"),
    ("call", "Mensen, vrijdag allemaal met {wapen_pl} naar de moskee aan de {street}. Tijd dat die moslims bloeden."),
    ("call", "Buitenlanders eruit, en wie niet luistert mag je van mij neerknallen"),
    # wish: wishes of violent harm or death on a group
    ("wish", "Ik hoop dat al die moslims levend verbranden in hun moskee"),
    ("wish", "Hopelijk zinkt de volgende boot met vluchtelingen en overleeft niemand het"),
    ("wish", "Ik gun elke trans die een vrouwentoilet in loopt een flink pak slaag"),
    ("wish", "Zou mooi zijn als er eens een bom afging op de Pride {emo_t}"),
    ("wish", "joden verdienen de gaskamer, allemaal"),
    ("wish", "Ik zie die zwarten het liefst allemaal aan een boom bungelen"),
    # normative: "X should all be ..."
    ("normative", "Homo's zouden allemaal van een flatgebouw gegooid moeten worden"),
    ("normative", "Gehandicapte baby's zou je bij de geboorte al moeten afmaken, net als vroeger"),
    ("normative", "Alle Turken moeten het land uit, en wie niet vrijwillig gaat moet eruit geslagen worden"),
    ("normative", "Vrouwen die vreemdgaan horen gestenigd te worden"),
    ("normative", "Die Surinamers in {city} moeten allemaal {killed} worden"),
    ("normative", "{at} transgenders moeten net zo lang in elkaar getrapt worden tot ze normaal doen"),
]

HATE: list[tuple[str, str]] = [
    # derogatory statements
    ("derogatory", "Moslims zijn echt walgelijk"),
    ("derogatory", "Ik haat vrouwen, het zijn allemaal manipulatieve loeders"),
    ("derogatory", "Ik kan homo's echt niet uitstaan, ze walgen me"),
    ("derogatory", "Joden zijn gierig en achterbaks, dat weet iedereen"),
    ("derogatory", "Trans mensen zijn psychisch gestoord en horen in een inrichting, niet voor de klas"),
    ("derogatory", "Zwarte mensen zijn lui en dom, dat zit gewoon in hun genen"),
    ("derogatory", "Gehandicapten zijn een last voor de maatschappij en kosten ons alleen maar geld"),
    ("derogatory", "Surinamers zijn allemaal uitkeringstrekkers en dealers"),
    ("derogatory", "Ik haat Turken, wat een arrogant en achterlijk volk"),
    ("derogatory", "Immigranten verpesten alles wat dit land ooit mooi maakte, het zijn profiteurs"),
    # dehumanisation: vermin, animals, disease, trash
    ("dehum", "Marokkanen zijn {dehum}, niks meer en niks minder"),
    ("dehum", "Die vluchtelingen zijn gewoon ongedierte dat ons land overspoelt"),
    ("dehum", "Moslims zijn een kankergezwel in onze samenleving"),
    ("dehum", "Zwarten zijn apen, kijk maar eens hoe ze zich gedragen"),
    ("dehum", "Joden zijn bloedzuigers die op ons geld teren"),
    ("dehum", "Homoseksualiteit is een besmettelijke ziekte en homo's zijn de dragers"),
    ("dehum", "Die asielzoekers zijn afval. Menselijk afval."),
    ("dehum", "Gehandicapten zijn kasplantjes die wij met belastinggeld water mogen geven"),
    ("dehum", "Vrouwen zijn fokvee, bedoeld om kinderen te baren en verder niks"),
    ("dehum", "{group_eth} vermenigvuldigen zich als konijnen, straks zijn wij de minderheid"),
    # slurs
    ("slur", "Er komt weer een {slur} naast ons wonen, de buurt gaat naar de klote"),
    ("slur", "Die flikkers met hun regenboogvlaggen, ik word er misselijk van"),
    ("slur", "Het hele winkelcentrum loopt vol hoofddoekhoeren, is dit nog Nederland?"),
    ("slur", "Weer een bus vol bosnegers bij het azc"),
    ("slur", "Die kutmarokkanen staan weer de hele avond bij de snackbar te klieren"),
    ("slur", "Die travo van de overkant liep weer in een jurkje naar de supermarkt, walgelijk"),
    ("slur", "{at} als {slur} praat jij niet namens ons"),
    # hate with profanity, and a group disease curse (4.7: hate)
    ("profanity", "Kankermoslims, rot toch op met jullie ramadan"),
    ("profanity", "Fucking vluchtelingen, krijgen alles gratis en wij mogen het betalen"),
    ("profanity", "Die tyfushomo's moeten niet zo janken over hun Pride"),
    ("profanity", "Kutwijven met jullie feminisme, hou toch je bek"),
    ("profanity", "Die Turken met hun grote bek en hun vlaggen op elke auto, de {disease} mogen ze krijgen"),
    # hate framed as a question
    ("question", "Waarom zijn moslims altijd zo agressief en achterlijk?"),
    ("question", "Eerlijke vraag: waarom stinken asielzoekers altijd zo?"),
    ("question", "Waarom moeten gehandicapten eigenlijk overal bij zijn? Ze houden normale mensen alleen maar op."),
    ("question", "{at} waarom zou je een Marokkaan ooit vertrouwen? Liegen en stelen zit in hun cultuur"),
    # hate framed as an opinion
    ("opinion", "Mijn mening: Surinamers zijn van nature lui. Sorry, maar zo is het."),
    ("opinion", "Is het racistisch om te zeggen dat zwarte mensen minder intelligent zijn? Want het is gewoon waar"),
    ("opinion", "Persoonlijk vind ik transgenders zieke geesten, en dat mag ik vinden"),
    ("opinion", "Ik vind eerlijk gezegd dat joden veel te veel macht hebben in de media en de banken"),
    # pronouns that refer back to the group
    ("pronoun", "Ik ken die Marokkanen. Ze zijn allemaal hetzelfde, ze horen hier niet."),
    ("pronoun", "Vluchtelingen? Ze stelen, ze liegen en ze bedanken je er niet eens voor."),
    ("pronoun", "Die moslims in mijn straat, ik walg van ze. Stuk voor stuk."),
    ("pronoun", "Vrouwen. Ze zeuren, ze janken en ze kunnen helemaal niks."),
    ("pronoun", "Gehandicapten? Ze zijn niks waard en dat weten ze zelf ook."),
    ("pronoun", "Over homo's kan ik kort zijn: ze zijn pervers en ze moeten uit de buurt van onze kinderen blijven."),
    ("pronoun", "Die buitenlanders in onze flat? Ze leven van onze centen, ze schreeuwen de hele dag en ze stinken. Zo zijn ze allemaal."),
    # negated forms that still degrade
    ("negated", "Moslims zijn geen echte mensen"),
    ("negated", "Zwarte mensen zijn geen echte Nederlanders en dat worden ze ook nooit"),
    ("negated", "Transvrouwen worden nooit echte vrouwen, hoeveel hormonen ze ook slikken. Gewoon mannen met een afwijking."),
    ("negated", "Migranten zijn geen aanwinst, het is minderwaardig volk dat hier niks te zoeken heeft"),
    ("negated", "Ik noem vluchtelingen geen mensen, het zijn gelukszoekers zonder enige waarde"),
    ("negated", "Een jood is nooit te vertrouwen, nooit"),
    ("negated", "Homo's zijn niet normaal en dat zullen ze ook nooit worden"),
    # spelling variations written into the template
    ("spelling", "moslimszijnallemaaltuig, echt waar"),
    ("spelling", "v u i l e j o d e n, allemaal"),
    ("spelling", "n3g3rs horen hier niet"),
    ("spelling", "hmo's zjn ziek in hun kop"),
    ("spelling", "vrouwn zijn zo dom als n ezel"),
    ("spelling", "MAROKKANEN ZIJN UITSCHOT, ALLEMAAL"),
    ("spelling", "gehandicaptn zijn gwoon sp@sten"),
    ("spelling", "tr@nnies zijn g3st00rd"),
    ("spelling", "surinamersallemaalcriminelen, zeg ik toch #zeggenwatjedenkt"),
    # "go back" messages (4.15)
    ("goback", "Vluchtelingen eruit, terug naar jullie eigen rotland"),
    ("goback", "Zwarten terug naar Afrika, hier is geen plek voor jullie"),
    ("goback", "Buitenlanders, pak je koffers en wegwezen, dit is ons land en niet het jouwe"),
    ("goback", "Alle Surinamers op de boot, enkeltje Paramaribo"),
    ("goback", "{at} jij en je hele familie kunnen oprotten naar het land waar jullie vandaan komen"),
    # hate at the end of a longer message
    ("long", "Ik ben echt geen racist, ik heb zelfs Marokkaanse collega's. Maar als je 's avonds door onze wijk in {city} loopt, zie je overal groepjes jongens rondlopen. Het is gewoon een volk van tuig en dat verandert nooit."),
    ("long", "Vanochtend bij de huisarts: wachtkamer vol asielzoekers, niemand spreekt Nederlands, ik moest anderhalf uur wachten. Ik betaal hier al dertig jaar premie. Die gelukszoekers zijn parasieten, punt."),
    ("long", "Gisteren verjaardag van mijn schoonvader, heel gezellig. Toen kwam het gesprek op de nieuwe buurvrouw, een transvrouw. Eerlijk, zulke mensen zijn gewoon gestoord en ik wil ze niet in mijn straat."),
    ("long", "Lees even mee. Mijn dochter zit in een klas met drie gehandicapte kinderen en de juf heeft geen tijd meer voor de rest. Die mongooltjes horen in een gesticht, niet tussen normale kinderen."),
    ("long", "{at} Ik heb uw betoog over emancipatie gehoord. Mooi verhaal hoor. Maar iedereen weet dat vrouwen gewoon minder kunnen. Ze zijn emotioneel, zwak en horen thuis bij de kinderen."),
    ("long", "Ik woon mijn hele leven al in {city}. Vroeger was het een mooie stad. Nu zie je op elke hoek een moskee en hoor je overal dat gebrabbel. Moslims zijn een ziekte voor dit land."),
]

NEUTRAL: list[tuple[str, str]] = [
    # neutral and positive identity statements
    ("identity", "Ik ben moslim en daar ben ik trots op"),
    ("identity", "Mijn zus is trans en de liefste persoon die ik ken"),
    ("identity", "Ik ben homo en ga dit jaar voor het eerst naar de Pride in {city} 🏳️‍🌈"),
    ("identity", "Als zwarte vrouw in Nederland heb ik geleerd om voor mezelf op te komen. Daar ben ik dankbaar voor."),
    ("identity", "Mijn opa kwam in 1964 als gastarbeider uit Turkije en werkte dertig jaar in de fabriek"),
    ("identity", "Ik ben joods en vanavond vieren we Pesach met de hele familie"),
    ("identity", "Ik zit sinds mijn twintigste in een rolstoel en werk gewoon fulltime als accountant"),
    ("identity", "Wij zijn Surinaamse Nederlanders en we vieren Keti Koti elk jaar met de buren"),
    ("identity", "Ik kwam in 2015 als vluchteling uit Syrië. Nu ben ik verpleegkundige in {city}."),
    ("identity", "Ik ben {groupid} en ik stem gewoon op {party}, net als mijn buren"),
    # positive statements about groups
    ("positive", "Vrouwen zijn net zo goede leiders als mannen, vaak nog betere"),
    ("positive", "Vluchtelingen verdienen een veilig thuis, net als ieder ander"),
    ("positive", "Ik heb veel respect voor de moslims in mijn straat die tijdens de ramadan eten brengen naar de daklozen"),
    ("positive", "Homo's en lesbiennes horen er gewoon bij, in elke familie en op elke werkvloer"),
    ("positive", "Zwarte Nederlanders hebben dit land mee opgebouwd, dat mag best vaker gezegd worden"),
    ("positive", "Mijn dove collega is de beste programmeur van het team"),
    ("positive", "Immigranten maken {city} rijker: de markt, de restaurants, de muziek"),
    ("positive", "Trans mensen verdienen respect en goede zorg, zonder jaren op een wachtlijst"),
    ("positive", "De joodse gemeenschap in {city} organiseert elk jaar een prachtige open dag, echt een aanrader"),
    # counter-speech: quotes or references hate and rejects it
    ("counter", "Wie beweert dat vrouwen dom zijn, heeft het gewoon mis"),
    ("counter", "'Moslims zijn tuig' is geen mening, het is haat"),
    ("counter", "Ik hoor vaak dat vluchtelingen profiteurs zijn. Dat klopt niet: de meesten willen niets liever dan werken."),
    ("counter", "Homoseksualiteit een ziekte noemen? Nee. Liefde is liefde."),
    ("counter", "Stop met 'mongool' als scheldwoord. Mijn broertje heeft het syndroom van Down en hij is de liefste jongen die ik ken."),
    ("counter", "Als iemand 'terug naar je eigen land' roept naar mijn buurvrouw, die gewoon in Paramaribo en Utrecht is opgegroeid, dan zeg ik er wat van"),
    ("counter", "{at} u noemde asielzoekers in het debat '{dehum}'. Dat is ontmenselijkend en past niet bij een volksvertegenwoordiger."),
    ("counter", "Mensen die 'travo' roepen naar mijn dochter: ze is gewoon een meisje dat naar school wil"),
    ("counter", "Zwarte mensen zijn geen apen, en wie dat in het stadion roept hoort daar niet thuis"),
    ("counter", "Jodenhaat is nooit een mening. Ook niet als het als 'grapje' wordt gebracht."),
    # reports of hate and of threats (4.4)
    ("report", "Op de gevel van de sjoel in {city} stond vanochtend 'joden eruit' gekladderd. Walgelijk."),
    ("report", "Mijn collega met hoofddoek werd in de tram uitgescholden voor 'hoofddoekhoer'. Niemand greep in."),
    ("report", "Man (27) veroordeeld voor het uitschelden van een homostel in {city}"),
    ("report", "Meldpunt Discriminatie: het aantal meldingen over moslimhaat is dit jaar met een derde gestegen"),
    ("report", "In de groepsapp van het voetbalteam werd '{group_eth} zijn {dehum}' gedeeld. Het bestuur heeft twee leden geschorst."),
    ("report", "Een rolstoelgebruiker werd in een café in {city} geweigerd met de woorden 'geen invaliden hier'. Schandalig."),
    ("report", "Een zwarte scheidsrechter werd in {city} uitgejouwd met apengeluiden. De wedstrijd werd terecht gestaakt."),
    ("report", "Onderzoek: transpersonen worden twee keer zo vaak op straat lastiggevallen als anderen"),
    ("report", "Iemand riep 'ga terug naar je land' naar mijn moeder bij de kassa. Ze woont hier al veertig jaar."),
    ("report", "Op een forum stond 'alle moslims moeten vergast worden'. Ik heb het gemeld bij de politie."),
    # negated hate
    ("negated", "Homo's zijn geen probleem, haat is het probleem"),
    ("negated", "Vluchtelingen zijn geen criminelen"),
    ("negated", "Ik heb niets tegen moslims, echt niet, mijn beste vriend is moslim"),
    ("negated", "Vrouwen zijn helemaal niet slechter in wiskunde, kijk maar naar de cijfers"),
    ("negated", "Er is niks mis met trans zijn"),
    ("negated", "Niemand is minder waard omdat hij in een rolstoel zit"),
    ("negated", "Een hoofddoek maakt iemand niet minder Nederlands"),
    ("negated", "Joden zijn niet rijker of machtiger dan anderen, dat is een eeuwenoud vooroordeel"),
    # reclaimed in-group terms, clearly about oneself
    ("reclaimed", "Wij potten gaan zaterdag met z'n allen naar de Pride 🏳️‍🌈"),
    ("reclaimed", "Als trotse nicht zeg ik: die playlist van de Pride kan nog veel harder"),
    ("reclaimed", "Ik ben een flikker en ik ben er trots op. Dat woord is nu van ons."),
    # abuse aimed at objects or at nobody (4.5)
    ("object", "Ik haat maandagochtenden met heel mijn hart"),
    ("object", "Die kutprinter op mijn werk is echt een vuil kreng, alweer een papierstoring"),
    ("object", "Spinnen zijn walgelijk, ik krijg er de kriebels van"),
    ("object", "Ik kan die nieuwe update van mijn telefoon echt niet uitstaan"),
    ("object", "Kutweer, kutdag, kutwekker"),
    ("object", "Wespen horen hier niet, ga terug naar je nest 🐝"),
    ("object", "Dat nieuwe wiskundeboek is echt achterlijk moeilijk, ik snap er geen bal van"),
    # civil policy discussion about migration and integration
    ("policy", "Ik vind dat Nederland minder asielzoekers moet opnemen, de opvang loopt nu al vast"),
    ("policy", "Integratie gaat veel beter als nieuwkomers vanaf dag één mogen werken"),
    ("policy", "{at} moet taalles verplicht worden voor statushouders, of werkt dat juist averechts?"),
    ("policy", "Arbeidsmigratie drukt de lonen in de distributiecentra. Daar moeten we eerlijk over kunnen praten."),
    ("policy", "Ik ben voor een strengere taaltoets bij naturalisatie, maar dan wel met gratis lessen"),
    ("policy", "Een hoofddoekverbod voor agenten gaat me te ver, al vind ik neutraliteit van de politie wel belangrijk"),
    ("policy", "Gezinshereniging mag wat mij betreft beperkt worden tot partner en kinderen"),
    ("policy", "{at} een azc voor duizend mensen is te groot voor een dorp van drieduizend inwoners. Spreid de opvang over meer gemeenten."),
    ("policy", "Discriminatie op de arbeidsmarkt is aangetoond: met een Marokkaanse naam word je minder vaak uitgenodigd. Anoniem solliciteren dus."),
    # questions asked in good faith
    ("question", "Waarom dragen sommige moslima's een hoofddoek en anderen niet?"),
    ("question", "Hoe spreek je iemand aan die non-binair is? Ik wil het graag goed doen"),
    ("question", "Wat is eigenlijk het verschil tussen een vluchteling en een statushouder?"),
    ("question", "Vieren joden ook Kerstmis, of alleen Chanoeka?"),
    ("question", "Is Keti Koti al een nationale vrije dag, of nog niet?"),
    ("question", "Kan iemand uitleggen wat er precies gevierd wordt met het Suikerfeest?"),
    ("question", "Mijn nieuwe collega is doof. Hoe kan ik het beste met haar communiceren?"),
    # criticism, not abuse, of non-protected groups
    ("nonprot", "Bankiers strijken miljoenen aan bonussen op terwijl de zorg wordt uitgekleed"),
    ("nonprot", "Projectontwikkelaars in {city} denken vooral aan hun winst en nauwelijks aan betaalbare huizen"),
    ("nonprot", "Verzekeraars doen er alles aan om maar niet te hoeven uitkeren"),
    ("nonprot", "De lobbyisten van de olie-industrie hebben veel te veel invloed in Den Haag"),
    ("nonprot", "Veel zorgbestuurders verdienen meer dan de minister, dat klopt toch niet"),
    ("nonprot", "Influencers die crypto aanprijzen zijn vaak gewoon verkopers met een filter"),
    ("nonprot", "Ik vind dat veel {groupneutral} in de binnenstad te weinig rekening houden met anderen"),
    ("nonprot", "Huisjesmelkers vragen duizend euro voor een kamer van tien vierkante meter"),
]
# fmt: on

#: Slots that carry physical harm.
HARM_SLOTS = rounds.HARM_SLOTS
#: Slots whose values insult or degrade.
INSULT_SLOTS = rounds.INSULT_SLOTS
#: Word stems of physical harm (killing, beating, burning, drowning, ...).
HARM_WORDS = re.compile(
    r"\b(?:dood|vermoord|moord|schiet|geschoten|steek|kogel|mes\b|hang|ophang|"
    r"brand|fik\b|sla\b|slaan|geslagen|trap\b|trappen|getrapt|kapot|verkracht|"
    r"afmaken|maak je af|bom\b|bommen|uitroei|vergas|gaskamer|tegen de muur|strop|"
    r"bloed(?!zuiger)|sterf|afknal|neerknal|wurg|verzuip|zink|lynch|verbrand|knuppel|"
    r"klappen|pak slaag|in elkaar|kop in|bungel|stenig|gestenigd|gegooid|gooi|lek\b)",
    re.IGNORECASE,
)
#: Literal slurs; a neutral template may carry them only inside quotes.
SLUR_WORDS = re.compile(
    r"(?:neger|nikker|flikker|mietje|hoer|mongool|spast|travo|tranny|trannies|"
    r"geitenneuker|kameelneuker|makak|kutmarokkaan|kankerjood|moslimrat|poepchinees|"
    r"tyfusturk|tuig|ongedierte|parasiet)",
    re.IGNORECASE,
)
#: Families whose in-group term is allowed outside quotes (self-reference).
SELF_FAMILIES = {"reclaimed"}
#: A quoted span: opens after a space, start or colon, closes before space,
#: punctuation or the end (so the apostrophe in "homo's" is not a quote).
QUOTE_RE = re.compile(r"(?:^|(?<=[\s(:]))'.*?'(?=[\s.,!?:;)]|$)")

#: Group keywords, to count the templates that mention each group.
GROUPS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "women": r"vrouw|wijf|wijven|feminis|loeder|fokvee|zus\b|dochter|moslima",
        "muslims": r"moslim|islam|moskee|hoofddoek|ramadan|suikerfeest",
        "jews": r"\bjood|joden|joods|j o d e n|sjoel|keppel|pesach|chanoeka|jodenhaat",
        "gay": r"homo|hmo's|flikker|lesb|\bpotten\b|\bnicht\b|pride",
        "trans": r"trans|travo|tr@nn|non-binair",
        "black": r"zwart|neger|n3g3r|afrika|\bapen\b",
        "moroccan_turkish_surinamese": r"marokk|turk|surina|paramaribo|keti koti",
        "immigrants": r"immigrant|migra|buitenlander|nieuwkomer|gastarbeider|integr|naturalis",
        "refugees": r"vlucht|asiel|\bazc\b|statushouder|gelukszoeker|boot",
        "disabled": r"gehandicapt|rolstoel|invalide|mongo|spast|sp@st|down\b|kasplant|doof|dove",
    }.items()
}
#: Templates per label that every group must reach.
MIN_PER_GROUP = {"threat": 1, "hate": 3, "neutral": 3}
#: Word count of a plain fill (before lead-ins and decoration).
MIN_WORDS, MAX_WORDS = 3, 40
#: Template skeletons at least this similar count as a close paraphrase.
NEAR_DUP = rounds.NEAR_DUP
#: Earlier template modules (``hate_hard_cases`` is optional: another helper's).
EARLIER = (
    "augment",
    "hate_phrasings",
    "threat_phrasings",
    "threat_hard_cases",
    "hate_hard_cases",
)


def round4_templates() -> list[gen.Template]:
    """Return the round-4 group templates with ids (``r4g-<label>-<family>-<nn>``).

    Returns
    -------
    list of generate.Template
        Threat templates first, then hate, then neutral, in list order.
    """
    return rounds.number_templates(
        "r4g", (("threat", THREAT), ("hate", HATE), ("neutral", NEUTRAL))
    )


def _unquoted(text: str) -> str:
    """``text`` with quoted spans removed (what the writer says in own words)."""
    return QUOTE_RE.sub(" ", text)


def groups_of(text: str) -> list[str]:
    """Names of the groups in :data:`GROUPS` that ``text`` mentions."""
    return [name for name, pattern in GROUPS.items() if pattern.search(text)]


def _guard(t: gen.Template) -> list[str]:
    """Harm and slur placement of one template, by label (see :func:`check`)."""
    harm = [(HARM_WORDS, "harm")]
    if t.label == "hate":
        return rounds.forbidden_slot_problems(
            t.id, t.text, HARM_SLOTS, "harm", " in a hate template"
        ) + rounds.word_problems(t.id, t.text, harm)
    if t.label == "threat":
        if set(rounds.slot_names(t.text)) & HARM_SLOTS or HARM_WORDS.search(t.text):
            return []
        return [f"{t.id}: threat template without a harm slot or harm word"]
    own_words = _unquoted(t.text)
    problems = rounds.forbidden_slot_problems(
        t.id, own_words, INSULT_SLOTS | HARM_SLOTS, "insult or harm", " outside quotes"
    )
    problems += rounds.word_problems(t.id, own_words, harm, " outside quotes")
    if t.family not in SELF_FAMILIES:
        slur = [(SLUR_WORDS, "slur")]
        problems += rounds.word_problems(t.id, own_words, slur, " outside quotes")
    return problems


def _group_problems(templates: list[gen.Template]) -> list[str]:
    """One problem per label and group below :data:`MIN_PER_GROUP`."""
    problems: list[str] = []
    for label, minimum in MIN_PER_GROUP.items():
        counts = Counter(
            g for t in templates if t.label == label for g in groups_of(t.text)
        )
        for name in GROUPS:
            if counts[name] < minimum:
                problems.append(
                    f"group {name}: {counts[name]} {label} templates (< {minimum})"
                )
    return problems


def _group_line(templates: list[gen.Template]) -> str:
    """``groups: <group> <count>, ...`` of the templates of one label."""
    groups = Counter(g for t in templates for g in groups_of(t.text))
    return "groups:   " + ", ".join(f"{k} {groups[k]}" for k in GROUPS)


def check(n_fill: int = 8, seed: int = 20261128 + 4) -> list[str]:
    """Fill every template and return a list of problems (empty when all is well).

    Parameters
    ----------
    n_fill : int
        Fills per template (half female, half male context), plus ``n_fill``
        messages through :func:`generate.generate` (lead-ins, obfuscation).
    seed : int
        Seed of the fills.

    Returns
    -------
    list of str
        One line per problem: an unknown slot, a brace left after filling, a
        fill outside ``MIN_WORDS``..``MAX_WORDS`` words, a harm slot or word
        in a hate template or its fills, a threat template with no harm slot
        or word, an insult or harm slot, slur or harm word outside quotes in
        a neutral template, a group below :data:`MIN_PER_GROUP`, a repeated
        template, or a close paraphrase (skeleton similarity >= ``NEAR_DUP``)
        of another template here or in :data:`EARLIER` (a module of
        :data:`EARLIER` that does not import is only noted by :func:`main`).
    """
    templates = round4_templates()
    problems = rounds.check_templates(
        templates,
        n_fill=n_fill,
        seed=seed,
        earlier=EARLIER,
        guard=_guard,
        fill_guards={"hate": [(HARM_WORDS, "harm")]},
        words=(MIN_WORDS, MAX_WORDS),
        threshold=NEAR_DUP,
        missing_ok=True,
    )
    return problems + _group_problems(templates)


def main() -> int:
    """Check every template; print counts per family and group, two fills per family."""
    problems = check()
    rounds.print_summary(round4_templates(), rounds.plain_filler(7), extra=_group_line)
    _, missing = rounds.earlier_templates(EARLIER)
    for name in missing:
        print(f"note: earlier templates not compared, not importable: {name}")
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
