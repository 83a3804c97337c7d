# ruff: noqa: E501  (data table: one message template per line)
"""Round 3 train-only templates: hate, and neutral messages that look like hate.

Written from ``data/annotations/GUIDELINES.md`` only, independent of
``templates.py`` and of the templates in ``augment.py`` (no repeats, no close
paraphrases). Two lists of ``(family, template_text)`` tuples in the format of
``augment.py``, filled with the slots and helpers of ``generate.py``:

``HATE``
    Insults, abuse, slurs, dehumanising comparisons, sexist, racist,
    religious, homophobic, transphobic, ableist and appearance attacks on a
    person or group, in many phrasings: an insult at the end of a long calm
    complaint, hate framed as a question, "go back" taunts, third-person
    insults, obfuscated slurs, emoji insults, sarcastic "compliments",
    straattaal, English loanwords, insults of a politician's family or voters,
    disease curses. None of them announces, implies, calls for or wishes
    physical harm (codebook question 1), so none of them is a threat.

``NEUTRAL``
    Hard neutral messages that share vocabulary or tone with hate: profanity
    not aimed at anyone, rude words aimed at things, harsh but civil
    criticism, reports and quotes of slurs with disapproval, counter-speech,
    identity mentioned positively or neutrally, self-deprecation, friendly
    banter, animals, pests and diseases in their literal sense, sarcasm about
    policy, civil questions about migration, a politician's own words quoted
    back, look-alikes of hate phrases whose object is a plan, not a person.

Every row built from these templates belongs in the ``train`` split. The
lists are not wired into a data file here; ``augment.py`` decides that.

Run ``python scripts/annotations/hate_phrasings.py`` to check that every
template fills (all slots exist, nothing is left unfilled, no harm words or
harm slots in ``HATE``, no repeats of ``augment.py``) and to print counts per
family and two example fills per family.
"""

from __future__ import annotations

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
HATE: list[tuple[str, str]] = [
    # insult at the end of a long, calm complaint
    ("complaint", "{at} Geachte {title}, ik woon al elf jaar in {city} en betaal netjes mijn belasting. Over {topic} heb ik u in maart een brief gestuurd en in mei nog een. Nooit antwoord gekregen. Mijn conclusie: u bent een luie {insult_g}."),
    ("complaint", "{at} Ik heb de stukken over {topic} van voor tot achter gelezen, ook de bijlagen. De cijfers kloppen niet en de planning is onhaalbaar. Maar ja, wat verwacht je van een {adj_ins} {gnoun} zonder enige ervaring."),
    ("complaint", "Gisteren de inspraakavond over {topic} bijgewoond. Keurig georganiseerd, de koffie was prima en de ambtenaren deden hun best. Alleen jammer dat {Tn} er ook was, die {insult}."),
    ("complaint", "{at} Dank voor uw reactie van vorige week. Ik heb er goed over nagedacht en het met de buren besproken. We zijn het er allemaal over eens dat u een ongelofelijke {insult} bent."),
    ("complaint", "{at} Mijn vader heeft veertig jaar in de bouw gewerkt en krijgt nu een pensioen waar je niet van kunt leven. Jullie praten over koopkracht en doen niets. Stelletje graaiende {insultpl}."),
    # hate framed as a question or an opinion
    ("question", "{at} is het nou normaal dat zo'n {domadj} {gnoun} {title} mag zijn?"),
    ("question", "Ben ik nou de enige die {Tn} een ongelooflijke {insult} vindt?"),
    ("question", "Eerlijke vraag {at}: word je zo {domadj} geboren of heb je daarvoor gestudeerd?"),
    ("question", "Waarom krijgt die {insult_g} van {party} eigenlijk elke week een podium bij de talkshows?"),
    ("question", "Wie heeft er in hemelsnaam op die {dehum_sg} van {party} gestemd? Echt, ik wil het weten"),
    # sexist: competence and appearance of female politicians
    ("sexist", "{at} is het weer die tijd van de maand? Zo hysterisch, typisch een vrouw"),
    ("sexist", "Een vrouw als {title}, dat gaat nooit goed. {Tn} bewijst het weer: emotioneel, hysterisch en te dom voor cijfers"),
    ("sexist", "{at} leuk rokje, jammer dat er niks in dat koppie zit 💋"),
    ("sexist", "{Tn} zit er alleen maar vanwege haar tieten en haar glimlach"),
    ("sexist", "{at} vrouwen kunnen niet eens inparkeren en dan moet jij {topic} regelen? Laat me niet lachen, {insult_f}"),
    ("sexist", "{at} ga lekker thuis voor de kinderen zorgen, daar zijn vrouwen voor gemaakt"),
    ("sexist", "{at} complimenten, jij bent het beste argument tegen vrouwenkiesrecht 👏"),
    ("sexist", "{at} met die lippenstift en die hakken denk je serieus genomen te worden? Barbiepopje"),
    # racist: "go back", slurs, generalisations
    ("racist", "{at} enkeltje {country} voor jou, daar hoor je thuis"),
    ("racist", "{at} hoe laat vertrekt je vliegtuig terug naar {country}? Hoe eerder hoe beter"),
    ("racist", "Nederland is van de Nederlanders. Een {slur} als {Tn} heeft hier niks te zoeken"),
    ("racist", "Ik ben geen racist, maar {group_eth} zoals {Tn} zijn gewoon lui en crimineel"),
    ("racist", "{at} jij bent het levende bewijs dat {group_eth} nooit zullen integreren"),
    ("racist", "{at} je spreekt niet eens fatsoenlijk Nederlands. Pak je koffers en oprotten naar {country}"),
    ("racist", "{at} 🐒🍌 terug de boom in"),
    # dehumanising comparisons: animals, vermin, disease
    ("dehum", "{Tn} is een {dehum_sg} die zich volzuigt aan ons belastinggeld"),
    ("dehum", "{at} jullie {titlepl} kruipen als kakkerlakken uit elk gat zodra er subsidie te halen valt"),
    ("dehum", "{group_eth} zijn net sprinkhanen: ze komen met duizenden en vreten alles kaal"),
    ("dehum", "Die hele fractie van {party} is één grote kolonie {dehum}"),
    ("dehum", "{at} je bent een virus, overal waar jij komt gaat alles rotten"),
    ("dehum", "Zo'n {dehum_sg} als {Tn} hoort in het riool, niet op het stadhuis"),
    ("dehum", "{at} je bent een {animal} in maatpak, altijd met je snuit in de trog"),
    # religious hate
    ("religious", "{at} neem je koran en je baard mee terug naar je moskee, geitenneuker"),
    ("religious", "{at} jij met je sprookjesboek, achterlijke {relsg}"),
    ("religious", "Die zwartekousen van de SGP zijn inteeltboeren die nog in de middeleeuwen leven"),
    ("religious", "{at} jullie joden denken allemaal dat je boven de wet staat"),
    ("religious", "{at} dat hoofddoekje maakt je niet minder dom, onderdrukt vrouwtje"),
    ("religious", "{at} {religion} is een sekte voor achterlijken en jij bent het uithangbord"),
    # homophobic
    ("homophobic", "{at} vieze {homoslur}, blijf met je regenboogvlag uit de buurt van onze kinderen"),
    ("homophobic", "Zo'n {homoslur} als {title}, waar is {city} mee bezig"),
    ("homophobic", "{at} ben je nou een vent of een {homoslur}? Beslis eens"),
    ("homophobic", "{at} nichterig mannetje, ga lekker dansen op de Pride en laat het besturen aan echte mannen"),
    # transphobic
    ("transphobic", "{at} je bent geen vrouw, je bent een kerel in een jurk. Freak."),
    ("transphobic", "Dat 'ding' van {party} moet eerst maar eens kiezen of het een man of een vrouw is"),
    ("transphobic", "{at} transgenders zijn gestoorde mensen en jij bent de gestoordste van allemaal"),
    # ableist
    ("ableist", "{at} ben je soms met een hersenafwijking geboren of zo? Spast"),
    ("ableist", "{Tn} heeft het IQ van een deurmat, echt een mongooltje"),
    ("ableist", "{at} hoe is het weer op de gesloten afdeling, autist?"),
    ("ableist", "De raad van {city} is één grote sociale werkplaats voor debielen"),
    ("ableist", "{at} praat eens normaal, je klinkt als een gehandicapte"),
    # appearance: weight, age, looks
    ("appearance", "{at} {age} jaar en je ziet eruit als tachtig, {appadj} {gnoun}"),
    ("appearance", "{at} laat eerst je gebit eens doen voor je op tv komt, wat een paardenbek"),
    ("appearance", "Dat vetgezwel van {party} past niet eens meer achter het spreekgestoelte"),
    ("appearance", "{at} nijlpaard in maatpak 🤢"),
    ("appearance", "{at} ouwe {gnoun}, maak plaats voor iemand die nog kan nadenken"),
    ("appearance", "{Tn} kijkt zo scheel dat {hij} niet eens weet in welke camera {hij} moet kijken, lelijkerd"),
    # a whole party, council or cabinet
    ("group", "De hele gemeenteraad van {city} is een verzameling {insultpl}"),
    ("group", "{party}? Een club vol {insultpl} en {dehum}"),
    ("group", "{at} jouw fractie telt zeven mensen en samen hebben ze nog geen hersencel"),
    ("group", "Alle {titlepl} zijn {adj_ins} zakkenvullers, zonder uitzondering"),
    ("group", "Het kabinet: een poppenkast van {insultpl} onder leiding van de grootste {insult} van allemaal"),
    # third person, about the politician
    ("thirdperson", "Die {title} van {party} is echt de grootste {insult} van Nederland"),
    ("thirdperson", "Wat een {adj_ins} {gnoun} is {Tn} toch"),
    ("thirdperson", "Kijk {Tn} nou weer zitten grijnzen in het debat, {insult_g}"),
    ("thirdperson", "Mijn buurman zegt dat {Tn} een {insult} is en eerlijk gezegd heeft hij gelijk"),
    # slurs obfuscated in the template itself
    ("obfuscated", "{at} k a n k e r h o e r"),
    ("obfuscated", "{at} vuile n!kker, je hoort hier niet"),
    ("obfuscated", "{Tn} is een m0ng00l"),
    ("obfuscated", "{at} t.y.f.u.s.l.ij.e.r"),
    ("obfuscated", "{at} fl1kk3r, ga weg uit de raad"),
    # emoji-only or emoji-heavy insults
    ("emoji", "{at} 🖕🖕🖕"),
    ("emoji", "{at} 🤡🤡🤡 wat ben jij een grap"),
    ("emoji", "{at} 🐀 = jij"),
    ("emoji", "{at} 🐷🐷 oink oink"),
    ("emoji", "{Tn} 💩💩 stuk stront"),
    # sarcastic "compliments"
    ("sarcasm", "{at} knap hoor, met twee hersencellen toch {title} geworden 👏"),
    ("sarcasm", "{at} wat mooi dat {party} ook mensen zonder verstand een kans geeft, heel inclusief"),
    ("sarcasm", "Gefeliciteerd {city}, jullie {title} is eindelijk net zo slim als een {animal}"),
    ("sarcasm", "{at} prachtige speech, bijna alsof je hem zelf had kunnen verzinnen met dat ene hersencelletje van je"),
    ("sarcasm", "{at} complimenten aan je kapper, die heeft van een {animal} toch nog iets gemaakt"),
    # straattaal
    ("straattaal", "{at} wollah jij bent echt een mongool sahbi"),
    ("straattaal", "{at} ewa {insult_g}, doe eens normaal man"),
    ("straattaal", "{at} jij bent een zwerver broer, niemand neemt je serieus, je bent een grap"),
    ("straattaal", "{at} je moeder is een hoer wallah"),
    ("straattaal", "{at} kaaskop van niks, je bent een tatta en dat blijf je"),
    # English loanwords
    ("english", "{at} what a loser, seriously"),
    ("english", "{at} you absolute clown, ga lekker terug naar je braindead partijtje"),
    ("english", "{at} fucking retard, leer eerst eens lezen"),
    ("english", "{Tn} is gewoon een pathetic loser, sorry not sorry"),
    # the politician's family
    ("family", "{at} je kinderen schamen zich vast rot voor zo'n {insult_g} als ouder"),
    ("family", "{at} je {famsg} is net zo'n {insult} als jij, dat zit in de familie"),
    ("family", "{at} de appel valt niet ver van de boom: je vader was ook al een {insult}"),
    # the politician's voters
    ("voters", "Iedereen die op {party} stemt is een {dehum_sg} zonder hersens"),
    ("voters", "{party}-stemmers: inteelt, tandeloos en te {domadj} om te lezen"),
    ("voters", "{at} jouw kiezers zijn net zo achterlijk als jij, een stel {insultpl}"),
    # fixed disease curses (codebook 4.7: hate, not threat)
    ("curse", "{at} na dat besluit over {topic} kun je de {disease} krijgen, {insult_g}"),
    ("curse", "{at} {disease}{gnoun}"),
    ("curse", "{at} jij en je {topic} kunnen allebei de {disease} krijgen"),
]

NEUTRAL: list[tuple[str, str]] = [
    # profanity not aimed at anyone
    ("profanity", "Godverdomme wat een weer, de halve markt in {city} staat onder water"),
    ("profanity", "{prof}, net een half uur in de wacht gestaan bij de gemeente en toen viel de verbinding weg"),
    ("profanity", "{at} tering, dat was een lange vergadering zeg. Wel bedankt voor de toelichting"),
    ("profanity", "Kanker, mijn stempas is in de regen gevallen. Kan ik een nieuwe aanvragen bij de gemeente {city}?"),
    ("profanity", "Shit, vergeten te stemmen. Volgende keer beter."),
    ("profanity", "{at} fuck, ik zie nu pas je antwoord over {topic}, sorry voor de late reactie"),
    ("profanity", "{annoy} en het is pas maandag. {prof}."),
    ("profanity", "Jezus, wat een rij bij het stembureau in {city} 😅"),
    ("profanity", "Gadverdamme, de hele {street} ligt vol hondenpoep. Wanneer komen er meer afvalbakken?"),
    # rude words aimed at things, not people
    ("thing", "{at} wat een kutapp is die nieuwe MijnGemeente, ik kan niet eens inloggen"),
    ("thing", "{at} die begroting voor {topic} is een rotzooi, hoe kan dat cijfer kloppen?"),
    ("thing", "De nieuwe website van de gemeente {city} is echt tyfustraag"),
    ("thing", "{at} wat een klotebeleid, dat voorstel over {topic} kan zo de prullenbak in"),
    ("thing", "Dat stomme stoplicht op de {street} springt alweer op rood terwijl er niemand aankomt"),
    ("thing", "{at} dat parkeerapparaat bij {venue} is een waardeloos stuk schroot"),
    ("thing", "Die windmolen achter mijn huis is een lelijk gedrocht, doe er eens wat aan {at}"),
    ("thing", "Het formulier voor de huurtoeslag is achterlijk ingewikkeld, {at}"),
    # harsh but civil criticism and calls to resign
    ("criticism", "{at} dit beleid is een schande voor {city}"),
    ("criticism", "{at} na dit debacle met {topic} bent u niet langer geschikt als {title}. Neem uw verantwoordelijkheid en stap op."),
    ("criticism", "{at} uw optreden in het debat over {topic} was beschamend en slecht voorbereid"),
    ("criticism", "{at} u heeft de kiezers in {city} keihard voorgelogen over {topic}"),
    ("criticism", "{party} heeft er in vier jaar niks van gebakken. Tijd voor iets anders."),
    ("criticism", "{at} wat een arrogantie om zo over de hoofden van de {groupneutral} heen te besluiten"),
    ("criticism", "#{naamtag}moetweg, dit is het derde schandaal in een jaar"),
    ("criticism", "{at} ik schaam me dat ik ooit op u heb gestemd"),
    ("criticism", "{at} Ik ben twintig jaar lid geweest van {party}, maar na uw stemgedrag over {topic} zeg ik mijn lidmaatschap op. U heeft de idealen van deze partij ingeruild voor een pluchen stoel. Diep teleurstellend."),
    # reports and quotes of slurs, with disapproval
    ("report", "{at} iemand noemde je net in de reacties '{insult_g}'. Ik heb het gerapporteerd, dit is te ziek voor woorden"),
    ("report", "Een inspreker riep in de raadszaal van {city} '{slur}' naar {Tn}. Schandalig dat zoiets nog gebeurt."),
    ("report", "Die fractievoorzitter noemde {Tn} 'een hysterisch wijf'. Dat hij nog op zijn plek zit is onbegrijpelijk."),
    ("report", "Onderzoek: zes op de tien vrouwelijke {titlepl} kregen het afgelopen jaar scheldwoorden als '{insult_f}' naar hun hoofd"),
    ("report", "{at} onder je filmpje staan reacties als '{dehum}' en '{homoslur}'. Waarom grijpt het platform niet in?"),
    ("report", "Supporters zongen '{group_eth} zijn {dehum}' in het stadion van {city}. De club moet keihard optreden."),
    ("report", "Man veroordeeld voor belediging van {Tn}: hij noemde {hem} online '{insult}' en '{slur}'"),
    # counter-speech
    ("counter", "{at} laat je niet gek maken door de trollen die je '{insult_g}' noemen, je doet het goed"),
    ("counter", "Racisme is geen mening. Wie {Tn} toeroept dat {hij} 'terug moet naar {country}', moet zich schamen"),
    ("counter", "{at} of je nou moslim, jood of christen bent: niemand verdient de haat die jij over je heen krijgt. Sterkte."),
    ("counter", "Vrouwen in de politiek krijgen elke dag 'terug naar het aanrecht' naar hun hoofd. Dat is geen kritiek, dat is seksisme. Steun voor {Tn}."),
    ("counter", "{at} homo zijn is geen schande, schelden met 'homo' wel"),
    ("counter", "Wie een {title} met een hoofddoek uitscheldt, heeft kennelijk geen argumenten meer"),
    ("counter", "{at} kanker is geen scheldwoord, mijn moeder is eraan overleden. Stop met dat woord in de raad."),
    # identity mentioned positively or neutrally
    ("identity", "Mooi om te zien dat er na de verkiezingen negentien vrouwen in de raad van {city} zitten"),
    ("identity", "{at} gefeliciteerd met jullie huwelijk! Jij en je man verdienen alle geluk 🌈"),
    ("identity", "{at} als moslima en moeder van drie vind ik het geweldig dat je je inzet voor {topic}"),
    ("identity", "De eerste transgender {title} van {city}. Ik hoop vooral dat het over het beleid gaat en niet over de persoon."),
    ("identity", "{at} vanavond viert de joodse gemeenschap in {city} Chanoeka, komt u ook langs?"),
    ("identity", "{at} mijn ouders kwamen in de jaren zeventig uit Turkije en nu zit hun dochter in de gemeenteraad. Trots!"),
    ("identity", "Prachtige speech van {Tn} over {zijn} jeugd als kind van gastarbeiders"),
    ("identity", "{at} is de moskee aan de {street} ook open tijdens Open Monumentendag?"),
    ("identity", "Hoeveel vrouwelijke burgemeesters heeft Nederland eigenlijk? Volgens mij nog steeds te weinig"),
    # self-deprecation
    ("selfdep", "Ik ben echt een sukkel, heb mijn stempas in de was gedaan 🤦"),
    ("selfdep", "{at} sorry, ik was een idioot om dat te tweeten, u had gelijk over {topic}"),
    ("selfdep", "Als dikke vijftiger met een bierbuik moet ik misschien niet klagen over het sportbeleid haha"),
    ("selfdep", "Ik snap er als domme leek helemaal niks van, kan iemand {topic} even uitleggen?"),
    # friendly banter, praise in rough words
    ("banter", "{at} je bent echt een beest in het debat, respect 💪"),
    ("banter", "{at} haha ouwe rakker, die grap over {topic} zag ik niet aankomen 😂"),
    ("banter", "{at} die speech was echt ziek, kippenvel 🔥"),
    ("banter", "{at} tering, wat een goede speech, ik kreeg er kippenvel van"),
    ("banter", "{at} wat een killer speech, {team} zou je zo contracteren"),
    # animals, pests and diseases in their literal sense
    ("literal", "{at} er zitten kakkerlakken in de keukens van de studentenflats aan de {street}, wanneer komt de ongediertebestrijding?"),
    ("literal", "{at} mijn dochter komt alweer met luizen thuis, kan de GGD niet vaker controleren?"),
    ("literal", "Vanaf volgende maand is de tyfusvaccinatie gratis voor reizigers, goed initiatief van de GGD in {city}"),
    ("literal", "{at} mijn vader is vorig jaar aan kanker overleden. Waarom wordt er dan bezuinigd op de oncologie in {city}?"),
    ("literal", "{at} megastallen met twintigduizend varkens horen niet naast een woonwijk"),
    ("literal", "Het apenverblijf van de dierentuin in {city} wordt verbouwd. Wie betaalt dat eigenlijk?"),
    ("literal", "{at} de bloedzuigers en andere parasieten in de vijver van het stadspark komen door de hitte, zegt de bioloog"),
    ("literal", "Ongedierte in de schuurtjes aan de {street}: muizen, ratten en zelfs een steenmarter. Wie moet ik bellen?"),
    ("literal", "Na de pest verloor {city} een derde van zijn inwoners. Mooie tentoonstelling in het stadsmuseum, {at}"),
    # sarcasm about policy, not about persons
    ("sarcasm", "Fantastisch idee hoor, het zwembad sluiten en een nieuw stadhuis bouwen. Echt, chapeau 🙄"),
    ("sarcasm", "{at} goh, weer een belastingverhoging. Wat verrassend. Mijn portemonnee juicht."),
    ("sarcasm", "Super dat de bus naar ons dorp wordt geschrapt, lekker gezond fietsen in de regen 👍"),
    ("sarcasm", "{at} ja hoor, nog een onderzoek naar {topic}. Het vorige rapport ligt vast nog ergens in een la te verstoffen"),
    ("sarcasm", "Wat een geniaal plan weer over {topic}. Jammer alleen dat niemand het kan betalen"),
    # civil questions about migration and integration
    ("migration", "{at} hoeveel statushouders krijgen dit jaar een woning in {city}, en hoe verhoudt dat zich tot de wachtlijst?"),
    ("migration", "Ik maak me zorgen over de integratie in mijn wijk. Veel nieuwkomers spreken nog geen Nederlands. Wat doet de gemeente aan taalles, {at}?"),
    ("migration", "{at} is het azc in {city} tijdelijk of permanent? De bewoners willen graag duidelijkheid."),
    ("migration", "{at} wat vindt {party} van een maximum aan arbeidsmigratie?"),
    ("migration", "{at} ik ben voor een strenger asielbeleid, maar wel met fatsoen. Hoe ziet u dat?"),
    ("migration", "Klopt het dat {Tn} statushouders voorrang wil geven op een huurhuis? Dat vind ik oneerlijk tegenover jongeren die al jaren wachten."),
    # a politician's own words quoted back
    ("quoteback", "{at} 'wij gaan de wachtlijsten halveren', zei u bij de verkiezingen. Ze zijn verdubbeld."),
    ("quoteback", "{at} 'geen cent extra voor {topic}', uw woorden in maart. Nu ligt er vier miljoen op tafel. Hoe zit dat?"),
    ("quoteback", "{Tn} twee jaar geleden: 'ik blijf van de AOW af'. {Tn} nu: 'helaas moeten we keuzes maken'. Ik zeg verder niks."),
    ("quoteback", "{at} u noemde critici gisteren 'zeurpieten'. Ik ben er een. Wanneer krijg ik antwoord op mijn vragen over {topic}?"),
    # long calm messages with one rude word aimed at nobody
    ("longrude", "{at} Ik heb uw plan voor {topic} met interesse gelezen. Op de meeste punten ben ik het met u eens, alleen de financiering is me niet duidelijk. Ik heb de hele avond zitten rekenen, shit, ik kom niet uit op die drie miljoen. Kunt u de onderbouwing delen?"),
    ("longrude", "Beste {Tn}, vorige week stond ik twee uur in de kou te wachten op de pont. Kutweer, geen abri, geen informatie. Kan de provincie de dienstregeling verbeteren? Met vriendelijke groet, een vaste pendelaar"),
    ("longrude", "{at} Dank voor uw reactie. Ik was er gisteren even helemaal klaar mee, godverdomme wat was ik moe na die inspraakavond, maar uw uitleg helpt echt. Ik kom volgende maand weer."),
    ("longrude", "{at} Mijn buurvrouw van 84 kan de trap niet meer op en sinds de lift stuk is zit ze vast. Tering, het duurt nu al zes weken. Kunt u de woningcorporatie aansporen?"),
    ("longrude", "Lang verhaal, maar: fiets gejat bij het station, aangifte gedaan, de politie zegt dat ze er niks mee kan. Klote. Zijn er plannen voor bewaakte stallingen in {city}, {at}?"),
    # look-alikes of hate phrases, aimed at a plan or a decision
    ("lookalike", "{at} ga terug naar de tekentafel met dit plan voor {topic}"),
    ("lookalike", "{at} dat was een dom besluit over {topic}, en dat weet u zelf ook"),
    ("lookalike", "{at} zet dat plan maar op het eerste vliegtuig terug naar Brussel, wij willen het hier niet"),
    ("lookalike", "{at} ik wens u een fijne dag, maar uw plan voor {topic} wens ik naar de prullenbak"),
]
# fmt: on

#: Slots that carry physical harm; a hate template must not use them.
HARM_SLOTS = rounds.HARM_SLOTS
#: Word stems of physical harm; a hate template or its fills must not contain them.
HARM_WORDS = rounds.HARM_WORDS
#: Earlier template modules these must not repeat or closely paraphrase.
EARLIER = ("augment",)


def round3_templates() -> list[gen.Template]:
    """Return the round-3 templates with ids (``r3-<label>-<family>-<nn>``).

    Returns
    -------
    list of generate.Template
        Hate templates first, then neutral, in list order.
    """
    return rounds.number_templates("r3", (("hate", HATE), ("neutral", NEUTRAL)))


def check(n_fill: int = 8, seed: int = 20261128 + 3) -> list[str]:
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
        One line per problem: those of :func:`rounds.check_templates`
        (slots, fills, repeats, close paraphrases of ``augment.py``), and a
        harm slot or harm word in a hate template or its fills.
    """
    harm = [(HARM_WORDS, "harm")]
    return rounds.check_templates(
        round3_templates(),
        n_fill=n_fill,
        seed=seed,
        earlier=EARLIER,
        guard=rounds.forbid("hate", HARM_SLOTS, harm, "harm", " in a hate template"),
        fill_guards={"hate": harm},
    )


def main() -> int:
    """Check every template; print counts per family and two fills per family."""
    problems = check()
    fill = rounds.plain_filler(7, female_families={"sexist", "sexual"})
    rounds.print_summary(round3_templates(), fill)
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
