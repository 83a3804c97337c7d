"""Slot lists for the constructed set.

Every list is written by hand for hatewatch. Names and handles are made up: any
resemblance to a real politician is accidental. Values may contain further
``{slot}`` references, which are filled recursively.
"""

from __future__ import annotations

SURNAMES = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
    "van den Berg", "van Dijk", "Koster", "Yilmaz", "El Amrani", "Bouzid",
    "Öztürk", "Pinas", "Kartosen", "Hoekstra", "Prins", "Huisman", "Post",
    "Kuipers", "Veenstra", "Schouten", "Willems", "Hermans", "Wouters",
    "van Vliet", "Boersma", "Zijlstra", "Verhoeven", "Maas", "Sarmo", "Tahiri",
    "Lammers", "Groen", "Blom", "Verbeek", "Kramer", "van Beek", "Ramdin",
    "Nijland",
]

FIRST_M = [
    "Jan", "Pieter", "Mark", "Sander", "Bas", "Erik", "Ahmed", "Mohamed", "Thijs",
    "Ruud", "Henk", "Kees", "Wouter", "Joost", "Stefan", "Hamid", "Rutger",
    "Frank", "Jeroen", "Dennis", "Mustafa", "Gerrit", "Lucas", "Tim",
]
FIRST_F = [
    "Anne", "Sophie", "Lisa", "Marieke", "Fatima", "Sanne", "Ingrid", "Femke",
    "Esther", "Karin", "Nadia", "Hanneke", "Mirjam", "Laura", "Yasmina", "Petra",
    "Ellen", "Judith", "Sarita", "Lotte", "Anouk", "Carola", "Dilan", "Wendy",
]

TITLES = [
    "burgemeester", "wethouder", "raadslid", "Kamerlid", "minister",
    "staatssecretaris", "gedeputeerde", "fractievoorzitter", "raadslid",
    "wethouder", "Kamerlid", "burgemeester",
]
TITLES_PL = [
    "burgemeesters", "wethouders", "raadsleden", "Kamerleden", "ministers",
    "lokale politici", "Statenleden",
]

PARTIES = [
    "VVD", "D66", "CDA", "PVV", "SP", "PvdA", "GroenLinks", "ChristenUnie", "FvD",
    "JA21", "BBB", "Volt", "PvdD", "SGP", "DENK", "Leefbaar", "50PLUS",
]

CITIES = [
    "Utrecht", "Zwolle", "Groningen", "Tilburg", "Almere", "Arnhem", "Leiden",
    "Enschede", "Den Bosch", "Apeldoorn", "Haarlem", "Delft", "Breda", "Emmen",
    "Venlo", "Lelystad", "Hoorn", "Assen", "Deventer", "Schiedam", "Zaandam",
    "Heerlen", "Middelburg", "Gouda", "Rotterdam", "Amsterdam", "Den Haag",
]

TOPICS = [
    "de woningbouw", "het stikstofplan", "de begroting", "de nieuwe fietsbrug",
    "het azc", "de parkeertarieven", "de jeugdzorg", "het klimaatakkoord",
    "de coronamaatregelen", "de avondklok", "de toeslagenaffaire",
    "de windmolens", "de zorgpremie", "het onderwijs", "de mondkapjesplicht",
    "de OZB-verhoging", "de sluiting van het zwembad", "het vuurwerkverbod",
    "de gaswinning", "de bibliotheek", "het nieuwe stadhuis", "de pensioenen",
    "de asielopvang", "de boerenprotesten", "de zonneparken", "de AOW",
    "de huurverhoging", "de vaccinatiecampagne", "het openbaar vervoer",
    "de herindeling",
]

STREETS = [
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Lindelaan",
    "Beukenlaan", "Julianastraat", "Schoolstraat", "Parallelweg", "Eikenlaan",
]

# Harm: infinitive phrases that take an object pronoun before them
# ("ik ga je {kill}", "iemand moet haar {kill}").
KILL = [
    "vermoorden", "afmaken", "neersteken", "neerschieten", "doodschieten",
    "doodsteken", "in elkaar slaan", "in elkaar trappen", "ophangen", "lynchen",
    "onthoofden", "wurgen", "kapotmaken", "in stukken hakken",
    "de nek omdraaien", "een kopje kleiner maken", "koud maken",
    "overhoop schieten", "afknallen", "neerknallen", "de strot doorsnijden",
    "levend verbranden", "doodslaan", "aan het mes rijgen", "afslachten",
    "verzuipen", "de hersens inslaan", "een kogel door de kop jagen",
    "kapot schoppen", "laten verdwijnen",
]
# Past participles for passives ("je wordt {killed}").
KILLED = [
    "vermoord", "afgemaakt", "neergestoken", "neergeschoten", "doodgeschoten",
    "doodgestoken", "in elkaar geslagen", "opgehangen", "gelyncht", "onthoofd",
    "gewurgd", "in stukken gehakt", "kapotgemaakt", "koud gemaakt",
    "afgeknald", "doodgeslagen", "levend verbrand", "afgeslacht",
    "aan een lantaarnpaal gehangen", "overhoop geschoten",
]
# Imperatives with the object at "*".
KILL_IMP = [
    "schiet * dood", "maak * af", "steek * neer", "sla * in elkaar",
    "hang * op", "knal * neer", "wurg *", "pak * en maak * af",
    "trap * in elkaar", "schiet * neer", "sla * de kop in", "hak * in stukken",
    "rijg * aan het mes", "verzuip *", "lynch *",
]
MAAK = ["af", "kapot", "dood", "koud", "helemaal kapot", "finaal af"]

WEAPON = [
    "met een mes", "met een honkbalknuppel", "met een pistool", "met een bijl",
    "met een hamer", "met een machete", "met een kalasj", "met een jachtgeweer",
    "met een klauwhamer", "met een kruisboog", "met een slagersmes",
    "met een vuurwapen", "met een ijzeren staaf", "met een glock",
    "met een koevoet", "met een vleesmes", "met mijn geweer",
]
WAPEN = [
    "mes", "knuppel", "pistool", "bijl", "hamer", "machete", "kalasj", "geweer",
    "kruisboog", "strop", "jerrycan benzine", "molotov", "glock", "kogel",
    "slagersmes", "honkbalknuppel",
]
WAPEN_PL = ["messen", "knuppels", "touwen", "fakkels", "hamers", "stenen", "bijlen"]
BODY = ["kop", "hoofd", "knieën", "buik", "kanis", "harses", "schedel", "nek", "smoel"]

WHEN = [
    "morgen", "vanavond", "vannacht", "binnenkort", "volgende week",
    "na de raadsvergadering", "als je van het stadhuis komt", "zaterdag",
    "op een dag", "eerdaags", "voor de verkiezingen", "na je spreekuur",
    "als je je hond uitlaat", "morgenochtend", "deze week nog", "straks",
    "na het debat", "als je alleen bent", "vrijdagavond", "komend weekend",
]
DEADLINE = [
    "de kerst", "de zomer", "de verkiezingen", "je volgende verjaardag",
    "het einde van het jaar", "het reces", "de volgende raadsvergadering",
    "Koningsdag", "oud en nieuw",
]
FAMN = [
    "vrouw", "man", "kinderen", "dochter", "zoon", "moeder", "gezin", "familie",
    "kleinkinderen", "vriendin", "vriend", "vader", "dochtertje", "zoontje",
    "ouders", "zus",
]
HOME = [
    "je huis", "je auto", "je kantoor", "je woning", "je partijkantoor",
    "je tuinhuis", "je bakfiets", "je caravan", "je voordeur", "je brievenbus",
]
VENUE = [
    "het stadhuis", "het gemeentehuis", "het partijkantoor", "het provinciehuis",
    "het Binnenhof", "het raadhuis", "het ministerie", "het wijkcentrum",
    "de raadszaal", "de Tweede Kamer",
]
KILL1 = [
    "vermoorden", "doden", "neersteken", "neerschieten", "doodschieten",
    "doodsteken", "wurgen", "onthoofden", "lynchen", "afmaken", "afknallen",
    "slachten", "verzuipen", "ophangen", "mollen",
]
FAMN_SG = ["vrouw", "man", "dochter", "zoon", "moeder", "vader", "vriendin", "zus",
           "dochtertje", "zoontje", "kleinzoon", "broer"]
HOUR = ["7", "8", "half 9", "3", "kwart over 3", "5", "half 8"]
SCHOOL = ["de basisschool", "het lyceum", "de Montessorischool", "de sportclub", "de crèche"]

EMO_THREAT = ["🔪", "🔫", "💀", "🔥", "🪢", "⚰️", "🩸", "💣", "☠️", "🪓"]
EMO_HATE = ["🤮", "🐀", "🐷", "🖕", "💩", "🤡", "🐒", "🤢", "😡", "🤬"]
EMO_ANY = ["😂", "🙄", "👍", "🇳🇱", "🤬", "💯", "😡", "👎", "🤔", "😤", "!!", "!!!", "..."]
EMO_NEUTRAL = ["👍", "🙏", "😂", "👏", "🤔", "😅", "❤️", "💪", "🔥", "🤣"]

INSULT = [
    "idioot", "debiel", "mongool", "kankerlijer", "tyfuslijer", "teringlijer",
    "landverrader", "zakkenwasser", "sukkel", "stuk vreten", "randdebiel",
    "klootviool", "kutmongool", "kankermongool", "zakkenvuller", "hufter",
    "etterbak", "leugenzak", "oetlul", "kankerhoer", "halvegare", "vuilak",
    "lamzak", "kutkind", "tyfushond", "dwaas", "malloot", "stuk ongeluk",
    "kneus", "ploert", "schoft", "rotzak",
]
INSULT_M = ["klootzak", "lul", "eikel", "hoerenzoon", "slapjanus", "kutvent", "zak"]
INSULT_F = ["kutwijf", "hoer", "trut", "slet", "heks", "teef", "del", "wijf", "kech", "bitch"]
INSULT_PL = [
    "idioten", "debielen", "landverraders", "zakkenvullers", "kankerlijers",
    "mongolen", "tyfuslijers", "leugenaars en oplichters", "hufters", "sukkels",
]
ADJ_INS = [
    "vuile", "vieze", "gore", "smerige", "achterlijke", "domme", "walgelijke",
    "kanker", "tyfus", "kut", "lelijke", "vette", "stinkende", "hersenloze",
    "zielige", "tering", "laffe", "stomme", "kanker-", "godvergeten",
]
DEHUM = [
    "ratten", "ongedierte", "parasieten", "kakkerlakken", "uitschot", "tuig",
    "beesten", "apen", "varkens", "schorem", "maden", "luizen", "gespuis",
    "kankergezwellen", "vuil", "bacteriën", "bloedzuigers",
]
DEHUM_SG = [
    "rat", "parasiet", "kakkerlak", "beest", "varken", "aap", "stuk ongedierte",
    "stuk vuil", "made", "luis", "bloedzuiger", "kankergezwel", "stuk tuig",
]
ANIMAL = ["varken", "aap", "pad", "walrus", "nijlpaard", "rat", "koe", "hyena"]
GROUP_ETH = [
    "Marokkanen", "Turken", "Polen", "zwarten", "Surinamers", "Antillianen",
    "moslims", "joden", "vluchtelingen", "asielzoekers", "buitenlanders",
    "Syriërs", "Somaliërs", "Roma",
]
GROUP_ETH_SG = ["Marokkaan", "Turk", "moslim", "buitenlander", "Surinamer", "jood", "Pool"]
COUNTRY = ["Marokko", "Turkije", "Suriname", "Syrië", "Somalië", "Afrika", "je woestijn"]
SLUR = [
    "zandneger", "geitenneuker", "kankerjood", "bruine rat", "makak", "nikker",
    "poepchinees", "kut-Marokkaan", "moslimrat", "bosneger", "kameelneuker",
    "tyfusturk", "negerin", "hoofddoekhoer",
]
SLUR_MILD = ["geitenneuker", "zandneger", "makak", "kutmarokkaan", "flikker", "hoer"]
HOMO_SLUR = ["flikker", "mietje", "homo", "nicht", "poot", "pot"]
RELIGION = ["islam", "het jodendom", "de islam", "het christendom", "je geloof"]
REL_SG = ["moslim", "jood", "christen", "hoofddoekdraagster", "imam"]
DISEASE = ["tering", "kanker", "tyfus", "klere", "pest", "kolere", "pokken"]
APPEAR_ADJ = ["dikke", "vette", "lelijke", "kale", "schele", "magere", "oude", "vieze"]
DOM_ADJ = ["dom", "achterlijk", "stom", "onnozel", "hersenloos"]

PROF = [
    "kut", "kanker", "tering", "godverdomme", "shit", "fuck", "tyfus", "klote",
    "verdomme", "potverdorie", "jezus", "kolere", "gadverdamme", "sodeju",
]
ANNOY = [
    "trein weer vertraagd", "de wifi ligt er weer uit", "ik ben mijn sleutels kwijt",
    "het regent alweer", "Ajax verliest weer", "de bus rijdt niet",
    "mijn fiets is gejat", "weer file op de A12", "de koffieautomaat is kapot",
    "mijn telefoon is gevallen", "weer een lekke band", "de stream valt steeds weg",
    "de NS heeft weer een storing", "mijn laptop crasht", "ik heb me verslapen",
    "de vaatwasser lekt", "weer storing bij de pin",
]
QTHREAT = [
    "ik ga je vermoorden", "we weten waar je woont", "je huis gaat in de fik",
    "hang ze op", "kogel erdoor", "jij bent de volgende", "we komen je halen",
    "tel je dagen maar", "ik steek je neer", "je kinderen zijn niet veilig",
    "tegen de muur met dat tuig", "ik weet waar je kinderen op school zitten",
]
POS_VERB = [
    "mailen", "bellen", "steunen", "volgen", "citeren", "interviewen", "uitnodigen",
    "aan je woord houden", "aanspreken op je beleid", "eraan herinneren",
    "een brief sturen", "opzoeken op je spreekuur", "helpen met flyeren",
    "nooit meer stemmen", "een petitie sturen", "missen in de raad",
    "vragen om opheldering", "bedanken",
]
EVENT = [
    "de buurtborrel", "de inspraakavond", "de opening van de brug", "het debat",
    "de bewonersavond", "de braderie", "de herdenking", "de marktdag",
]
WHEN_N = ["morgen", "zaterdag", "volgende week", "vanavond", "donderdag", "straks"]
METAPHOR_KILL = [
    "afschieten", "de nek omdraaien", "afslachten", "met de grond gelijkmaken",
    "torpederen", "naar de prullenbak verwijzen", "de das omdoen",
    "om zeep helpen", "de kop indrukken", "kapotschieten", "slopen",
]
GROUP_NEUTRAL = [
    "boeren", "ondernemers", "studenten", "ouderen", "zzp'ers", "huurders",
    "jongeren", "zorgmedewerkers", "leraren", "automobilisten",
]
INTENS = ["echt", "gewoon", "serieus", "zeker weten", "écht", "letterlijk", "gewoonweg", ""]
SPORT_TEAM = ["Ajax", "Feyenoord", "PSV", "Oranje", "AZ", "Twente", "Vitesse", "Heerenveen"]
