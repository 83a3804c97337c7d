# ruff: noqa: E501  (data table: one message template per line)
"""Round 4 train-only templates: hate, and neutral messages that look like hate.

Written from ``data/annotations/GUIDELINES.md`` only, independent of
``templates.py`` and of the templates in ``augment.py``, ``hate_phrasings.py``
and ``threat_phrasings.py`` (no repeats, no close paraphrases). Aimed at the
phrasings the round-3 model still gets wrong. Two lists of
``(family, template_text)`` tuples in the format of ``augment.py``, filled
with the slots and helpers of ``generate.py``:

``HATE``
    Fixed disease curses ("krijg de tering", "kanker op", codebook 4.7) at
    the end of an ordinary complaint, also spaced, glued or in capitals;
    dehumanising nouns for a politician plus their party or colleagues, often
    a trailing fragment after a calm sentence; one- and two-word
    dehumanising verdicts; appearance attacks (weight, age, face, voice,
    clothes) on men and women, also as a sarcastic "compliment"; sexist
    attacks phrased as a question or as advice; two or three calm sentences
    followed by an insult. None of them announces, implies, calls for or
    wishes physical harm (codebook question 1): death wishes such as "val
    dood" or "ga dood" are ``threat`` by codebook 4.7 and are left out.

``NEUTRAL``
    Hard neutral messages that share vocabulary or tone with the above:
    women, migrants, religion and LGBTQ+ people mentioned with respect or in
    a civil policy question; friendly banter and farewells with
    rough-sounding words ("ouwe rakker", "legende"); profanity aimed at the
    weather, heat, traffic, trains or software, also glued ("kutweer",
    "tyfuswindows"); civil criticism and calls to resign, with glued words
    and typos; animal and disease words in their literal sense (ratten in
    de kelder, tyfusvaccin, luizencontrole); reports of insults that the
    writer condemns (codebook 4.3).

Every row built from these templates belongs in the ``train`` split. The
lists are not wired into a data file here; ``augment.py`` decides that.

Run ``python scripts/annotations/hate_hard_cases.py`` to check that every
template fills (all slots exist, nothing is left unfilled, no harm words or
harm slots in ``HATE``, no near-repeats of ``augment.py``, ``hate_phrasings.py``
or ``threat_phrasings.py``) and to print counts per family and two example
fills per family.
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
    # fixed disease curses (codebook 4.7: hate, not threat), often appended
    # to an ordinary complaint; spaced, glued and shouted spellings
    ("curse", "{at} drie weken geen reactie op mijn mail over {topic}. Krijg de {disease}."),
    ("curse", "{at} de container is weer niet geleegd. krijg toch de tyfus met je afvalbeleid"),
    ("curse", "{at} parkeervergunning alweer duurder geworden. krijgdetering"),
    ("curse", "{at} k r i j g   d e   t e r i n g , {gnoun}"),
    ("curse", "{at} krijg de klere jij, met al je praatjes over {topic}"),
    ("curse", "Weer een belastingverhoging van {Tn}. Krijg de pokken, echt."),
    ("curse", "{at} kankerop met je plannen voor {topic}"),
    ("curse", "{at} bedankt voor niks hoor. kr1jg de t3ring"),
    ("curse", "{at} de bus naar ons dorp is geschrapt en jij staat te lachen op de foto. Tyfus op."),
    ("curse", "Zo {Tn}, ook weer een week niks gedaan? Krijg de tering 🤬"),
    ("curse", "{at} KRIJG DE KANKER MET JE WINDMOLENS"),
    ("curse", "{at} de wachtlijst in de jeugdzorg groeit en jij gaat op vakantie naar Toscane. Pest op, joh."),
    ("curse", "{at} krijg toch allemaal de {disease}, stelletje {insultpl} van {party}"),
    ("curse", "{at} nette brief gestuurd, netjes afgewezen. Nou, krijg dan maar de tyfus 🙂"),
    ("curse", "{at} krijgdekanker {emo_h}"),
    ("curse", "Mijn reactie op het nieuwe parkeerbeleid van {Tn}: krijg de klere."),
    ("curse", "{at} ik vroeg alleen om een lantaarnpaal in onze straat... krijg de kolere, {insult_g}"),
    # dehumanising nouns for a politician plus colleagues or party, often a
    # trailing fragment after a calm sentence
    ("dehumparty", "Goed gesprek gehad met de griffier. {Tn} en de rest van die ratten in het stadhuis..."),
    ("dehumparty", "Verder een prima raadsavond. Alleen jammer van {Tn} en {zijn} fractie: {dehum} 🐀🐀"),
    ("dehumparty", "{at} jij en je fractiegenoten, één pot maden"),
    ("dehumparty", "De notulen staan online. Lees maar wat {Tn} en {zijn} parasieten weer hebben bekokstoofd..."),
    ("dehumparty", "{Tn} en consorten. Ongedierte met een toegangspasje voor {venue} 🤮"),
    ("dehumparty", "Mooi weer vandaag. Jammer van dat nest ratten op het Binnenhof, met {Tn} voorop"),
    ("dehumparty", "{at} jij en de rest van het college: bloedzuigers, allemaal"),
    ("dehumparty", "Het debat was best informatief... tot {Tn} en {zijn} kakkerlakkenclubje het woord kregen"),
    ("dehumparty", "{party} in één zin: {Tn} plus aanhang, tuig in maatpak."),
    ("dehumparty", "Rustige vergadering, alles volgens de agenda. En toen begon {Tn} met de rest van het {party}-gespuis 🙄"),
    ("dehumparty", "{at} groetjes aan de andere luizen in je fractie"),
    ("dehumparty", "Tja. {Tn} en de rest van {party}... {dehum} 🤮"),
    # one- and two-word dehumanising verdicts
    ("verdict", "{at} luis. punt."),
    ("verdict", "{Tn} is een {dehum_sg}, punt"),
    ("verdict", "{at} ongedierte, meer niet"),
    ("verdict", "Mijn oordeel over {Tn}: parasiet."),
    ("verdict", "{at} made."),
    ("verdict", "{Tn}? Uitschot. Volgende vraag."),
    ("verdict", "{at} gewoon een rat. Einde discussie 🐀"),
    ("verdict", "{at} kort en goed: {dehum_sg}"),
    ("verdict", "{at} ongedierte in pak, that's it"),
    ("verdict", "Samenvatting van het debat: {Tn} = {dehum_sg}"),
    ("verdict", "{at} parasiet. Meer woorden heb ik niet voor je"),
    # appearance: weight, age, face, voice, clothes; male and female;
    # also as a sarcastic "compliment"
    ("appearance", "{at} nieuw pak? Het knoopt niet eens meer dicht over die pens, vetzak"),
    ("appearance", "{at} met die piepstem van je neemt toch niemand je serieus, krijsend mormel"),
    ("appearance", "{at} mooie jurk, staat je bijna net zo slecht als je gezicht 💅"),
    ("appearance", "{at} die kop van je hoort op een opsporingsposter, niet op een verkiezingsbord"),
    ("appearance", "{at} compliment hoor: nog nooit zoveel onderkinnen achter één spreekgestoelte gezien"),
    ("appearance", "Heeft {Tn} zich vanochtend in het donker aangekleed? Wat een clown in dat geruite pak 🤡"),
    ("appearance", "{at} rimpelig fossiel, ga lekker bingo spelen in het bejaardenhuis"),
    ("appearance", "{at} je stem klinkt als een krijtje over een schoolbord, en je smoelwerk is nog erger"),
    ("appearance", "{at} jij bent echt het lelijkste wat {party} ooit op een affiche heeft gezet"),
    ("appearance", "{at} knap voor je leeftijd hoor, met een paar filters zie je er maar twintig jaar te oud uit 🙃"),
    ("appearance", "{at} eerst eens op de weegschaal, vetklep, dan praten we verder over {topic}"),
    ("appearance", "{Tn} met die kale knikker en dat vlassnorretje, wat een gedrocht"),
    ("appearance", "{at} dat haar, die tanden, die stem... hoe heb je in hemelsnaam stemmen gehaald, lelijk mormel?"),
    ("appearance", "{at} bravo voor je moed om met zo'n kop op tv te verschijnen 👏"),
    ("appearance", "{at} die scheve grijns en dat toupetje, je bent een wandelende karikatuur"),
    # sexist attacks phrased as questions or advice
    ("sexist", "{at} ga lekker terug naar het aanrecht, daar ben je tenminste nuttig"),
    ("sexist", "{at} zou je niet beter wat minder praten en wat vaker lachen? Staat een vrouw veel beter"),
    ("sexist", "{at} vraagje: wie past er op de kinderen terwijl jij hier {title} speelt?"),
    ("sexist", "{at} advies van mij: trouwen, kindjes krijgen en de politiek aan de mannen laten, meisje"),
    ("sexist", "{at} heb je dat amendement zelf geschreven of heeft je man je geholpen?"),
    ("sexist", "{at} schatje, begrotingen zijn echt niks voor jouw hoofdje. Ga lekker shoppen"),
    ("sexist", "{at} hoe lang heb je voor de spiegel gestaan voor dat debat? Langer dan je je stukken hebt gelezen, wed ik"),
    ("sexist", "{at} is het niet tijd dat je je met de afwas gaat bemoeien in plaats van met {topic}?"),
    ("sexist", "Waarom zetten partijen toch van die kakelende kippen op de lijst? {Tn} is weer het bewijs"),
    ("sexist", "{at} rustig maar meid, last van je hormonen? Kom terug als je weer nuchter kunt denken"),
    ("sexist", "{at} vrouwen en cijfers, het blijft lachen. Zet jij maar koffie voor de heren"),
    ("sexist", "{at} wedden dat je alleen op die lijst staat omdat je leuk op de poster stond?"),
    # two or three calm sentences, then the insult
    ("longmsg", "{at} Bedankt voor de uitnodiging voor {event}. Ik kom graag en neem mijn buurvrouw mee. Wel jammer dat we dan naar een {adj_ins} {insult_g} moeten luisteren."),
    ("longmsg", "Vanavond de commissievergadering over {topic} gevolgd. De ambtelijke toelichting was helder en de vragen waren scherp. En dan zie je {Tn} weer zitten. Wat een {dehum_sg}."),
    ("longmsg", "{at} Ik heb uw nieuwsbrief gelezen en de cijfers over de wachtlijsten bekeken. Het is een ingewikkeld dossier, dat snap ik. Maar u bent en blijft een oplichter en een {insult}."),
    ("longmsg", "{at} In 2019 heb ik op u gestemd. Ik dacht toen echt dat het anders zou worden in {city}. Nu weet ik beter: je bent gewoon een {insult_g} zoals de rest."),
    ("longmsg", "Fijne markt vandaag in {city}, lekker weer en veel mensen. Ook een {party}-kraampje gezien. Stond {Tn} te grijnzen als een debiele aap."),
    ("longmsg", "{at} Mijn zoon doet dit jaar eindexamen en wil later rechten studeren. Hij volgt de politiek op de voet. Ik heb hem gezegd dat hij nooit zo'n {insult} als jij moet worden."),
    ("longmsg", "{at} De raad heeft gisteren ingestemd met het plan voor {topic}. Ik vind het jammer, maar het is democratisch besloten. Dat neemt niet weg dat jij een {adj_ins} kakkerlak bent."),
    ("longmsg", "{at} Ik werk al twintig jaar in de thuiszorg en zie elke dag wat de bezuinigingen doen. Vorige week heb ik u uitgenodigd om een dag mee te lopen. Geen reactie, {insult_g} 🖕"),
    ("longmsg", "{at} Het verslag van de hoorzitting is helder. De experts waren het roerend eens. En jij zat erbij als een kwijlende mongool."),
    ("longmsg", "{at} Uw partij wil investeren in {topic}, prima. Ik lees het programma graag. Alleen jammer dat het gepresenteerd wordt door zo'n zweterige vetzak."),
    ("longmsg", "{at} Goedemorgen. Ik heb een vraag over de subsidie voor ons buurthuis. Maar eerst dit: wat ben jij een walgelijk mens."),
    ("longmsg", "{at} Op de inspraakavond heb ik mijn punt netjes gemaakt. Drie minuten, keurig binnen de tijd. Jij zat al die tijd op je telefoon, arrogante {insult_g}."),
]

NEUTRAL: list[tuple[str, str]] = [
    # women, migrants, religion, LGBTQ+: with respect, or a civil policy question
    ("identity", "{at} dank dat u als eerste vrouwelijke {title} van {city} zo'n voorbeeld bent voor mijn dochters"),
    ("identity", "Hoe gaat {city} om met statushouders die al een baan hebben maar nog in het azc wonen? Serieuze vraag aan {at}"),
    ("identity", "{at} mooi dat de regenboogvlag deze week weer bij {venue} wappert 🏳️‍🌈"),
    ("identity", "{at} namens het moskeebestuur nodig ik u graag uit voor de iftar van volgende week, iedereen is welkom"),
    ("identity", "{at} welke afspraken zijn er gemaakt over stilteruimtes in de nieuwe scholen? Ik vraag het namens ouders van verschillende geloven"),
    ("identity", "Mijn buurman kwam vijf jaar geleden als vluchteling uit Syrië en runt nu de bakkerij op de hoek. Zulke verhalen hoor je te weinig, {at}."),
    ("identity", "{at} klopt het dat de helft van de raad van {city} nu uit vrouwen bestaat? Mooi als dat zo is"),
    ("identity", "{at} wat doet de gemeente tegen discriminatie van homostellen op de huurmarkt?"),
    ("identity", "Sterke maidenspeech van {Tn}. Jonge vrouw, hoofddoek, en scherper dan de halve commissie."),
    ("identity", "{at} hoe denkt {party} over het aantal arbeidsmigranten in de kassen? Ik hoor graag de cijfers, niet de emoties"),
    ("identity", "{at} mijn zoon is trans en voelde zich echt gesteund door uw woorden op Coming Out Day. Dankjewel"),
    ("identity", "{at} de synagoge in {city} vraagt al jaren om extra beveiliging. Wanneer komt daar een besluit over?"),
    ("identity", "Vrouwelijke politici krijgen vaker vragen over hun kleding dan over hun beleid. Laten we het gewoon over {topic} hebben, {at}."),
    # friendly banter and farewells with rough-sounding words
    ("banter", "{at} ouwe rakker, na dertig jaar raad ga je echt met pensioen? Ik ga je missen 🥲"),
    ("banter", "{at} legende! Bedankt voor alles, de raadszaal wordt saai zonder jou"),
    ("banter", "{at} hé ouwe brompot, tot ziens en bedankt voor alle bakken koffie 😄"),
    ("banter", "{at} zo, die zat, gozer. Afscheidsspeech van het jaar 👏"),
    ("banter", "{at} ouwe taaie, vijf termijnen en nog steeds als eerste binnen op maandag. Respect 💪"),
    ("banter", "{at} deugniet, wie heeft die taart met jouw kop erop in de fractiekamer gezet? 😂"),
    ("banter", "{at} dag lieverd, het ga je goed in Brussel. Ik ga je verschrikkelijk missen"),
    ("banter", "{at} wat een bikkel, om zes uur 's ochtends al flyeren op de markt in dit hondenweer"),
    ("banter", "{at} schavuit, je hebt de quiz van de raadsborrel wéér gewonnen. Volgend jaar is de beker van mij"),
    ("banter", "Afscheid van {Tn} vanavond. Wat een legende, wat een ouwe rakker. Ik ga die droge humor missen in de raad."),
    # profanity not aimed at anyone: weather, heat, traffic, trains, software
    ("profanity", "kutweer, mijn fiets is weer omgewaaid bij het gemeentehuis 🌧️"),
    ("profanity", "tering wat een hitte in die raadszaal, zet die airco eens aan {at} 🥵"),
    ("profanity", "Godskolere, weer file op de ring. Anderhalf uur voor twaalf kilometer 🚗"),
    ("profanity", "{at} kankertrein staat weer stil bij Amersfoort, ik kom later naar de commissie"),
    ("profanity", "tyfuswindows gaat updaten midden in mijn presentatie voor de raad 🤬"),
    ("profanity", "Fuck wat een onweer vannacht, niemand in {city} heeft geslapen"),
    ("profanity", "kolere wat een regen, de {street} staat helemaal blank"),
    ("profanity", "{at} sorry voor de late reactie, die nieuwe software op mijn laptop doet kankerlastig"),
    ("profanity", "klotestoring bij de NS, tering. Mis ik {event} ook nog 😤"),
    ("profanity", "Jezus wat is het glad buiten, drie keer bijna op mijn bek gegaan voor de deur van {venue}"),
    ("profanity", "shitzooi, de printer op het stadhuis is alweer vastgelopen"),
    ("profanity", "Tyfusherrie van die bladblazers om zeven uur 's ochtends, kan dat niet wat later {at}?"),
    ("profanity", "pfff kutmaandag. koffieautomaat stuk, trein vertraagd en het regent 🙃"),
    # civil criticism and calls to resign, with glued words and typos
    ("resign", "{at} een fatsoenlijke wethouder was allang afgetreden"),
    ("resign", "{at} aftredenNU, na dit fiasco met {topic} is er geen vertrouwen meer"),
    ("resign", "{at} u moet u schamen en opstappen, dit is onbehoorlijk bestuur"),
    ("resign", "{at} neem je verantwoordelijkhied en stap op"),
    ("resign", "{at} wie zo met {topic} omgaat hoort niet in het college thuis. Opstappen graag."),
    ("resign", "Motie van wantrouwen tegen {Tn} is terecht. Dit was het derde dossier dat misging."),
    ("resign", "{at} uw positie is onhoudbaar geworden, {title}. Het is tijd om de eer aan uzelf te houden."),
    ("resign", "{at} hoelang blijft u nog zitten? de raad heeft u gisteren al laten vallen"),
    ("resign", "{at} ik hoop echt dat {party} bij de volgende verkiezingen wordt afgestraft voor dit wanbeleid"),
    ("resign", "{at} slechtbestuur, slechtecommunicatie, slechteplanning. tijdvoorietsanders"),
    ("resign", "{at} dit is een schandaal van de bovenste plank en u weet het. Treed af."),
    ("resign", "{at} als {title} ben je verantwoordelijk voor dit debacle. Geen excuses maar consequenties: ga naar huis."),
    # animal and disease words in their literal sense
    ("literal", "{at} we hebben ratten in de kelder van ons flatgebouw aan de {street}. Moet de gemeente dat oplossen of de woningcorporatie?"),
    ("literal", "Denk aan je tyfusvaccin als je deze zomer naar Indonesië gaat, de GGD in {city} heeft nog plekken"),
    ("literal", "Luizencontrole op school na de herfstvakantie, vergeet de kammen niet! Groet, de ouderraad"),
    ("literal", "{at} de maden krioelen in de groene container, kan die in de zomer niet elke week geleegd worden?"),
    ("literal", "Varkenspest vastgesteld bij een bedrijf bij {city}, alle transporten liggen stil"),
    ("literal", "Ik loop zondag de kankerloop in {city} voor mijn moeder, sponsort u mij ook {at}?"),
    ("literal", "Tering was vroeger een volksziekte, nu heet het tbc en is het gelukkig zeldzaam. Mooie expositie in het museum van {city}."),
    ("literal", "{at} honden in het losloopgebied hebben last van teken en andere parasieten, kan de gemeente waarschuwingsborden plaatsen?"),
    ("literal", "De kakkerlakken in de keuken van dat restaurant op de {street}: de NVWA heeft de zaak eindelijk gesloten"),
    ("literal", "{at} waarom wordt er nog gif tegen muizen en ratten gestrooid in het park? Er spelen daar kinderen"),
    ("literal", "Moet ik me als verpleegkundige laten vaccineren tegen de apenpokken? Weet iemand hoe dat zit in {city}?"),
    ("literal", "Mijn kat zat onder de vlooien na een week in het dierenasiel van {city}, de hygiëne daar moet echt beter {at}"),
    # reports of insults the writer condemns
    ("report", "In de raad van {city} werd {Tn} gisteren 'een rat' genoemd door een collega. Dat hoort niet, ook niet in een fel debat."),
    ("report", "{at} ik zag dat iemand je 'kankerwijf' noemde onder je post. Gemeld. Dat verdien je niet."),
    ("report", "Tijdens de demonstratie hoorde ik mensen 'ongedierte' roepen naar de {titlepl}. Ik schaamde me kapot."),
    ("report", "Mijn dochter is raadslid en krijgt elke week mails met 'ga terug naar het aanrecht'. Dit moet stoppen."),
    ("report", "{at} dat uw collega u in de commissie 'mongool' noemde is onacceptabel. Ik verwacht excuses van {party}."),
    ("report", "Rapport: vrouwelijke {titlepl} krijgen drie keer zo vaak opmerkingen over hun gewicht en kleding als mannen. Zorgwekkend."),
    ("report", "Iemand heeft 'parasieten' op de gevel van het kantoor van {party} in {city} gespoten. Hoe je ook over die partij denkt: dit is laag."),
    ("report", "{at} je werd in de chat 'vetzak' en 'lelijke heks' genoemd tijdens je livestream. Ik heb de moderator gevraagd die mensen te blokkeren."),
    ("report", "Sommigen vinden het grappig, 'krijg de tering' roepen naar een {title}. Ik vind het gewoon schelden, en dat is nooit oké."),
    ("report", "Gisteren in de trein: een man die {Tn} hardop uitmaakte voor '{dehum_sg}'. Niemand zei iets. Ik wel."),
]
# fmt: on

#: Slots that carry physical harm; a hate template must not use them.
HARM_SLOTS = rounds.HARM_SLOTS
#: Word stems of physical harm; a hate template or its fills must not contain them.
HARM_WORDS = rounds.HARM_WORDS
#: Earlier template modules these must not repeat or closely paraphrase.
EARLIER = ("augment", "hate_phrasings", "threat_phrasings")


def round4_templates() -> list[gen.Template]:
    """Return the round-4 templates with ids (``r4-<label>-<family>-<nn>``).

    Returns
    -------
    list of generate.Template
        Hate templates first, then neutral, in list order.
    """
    return rounds.number_templates("r4", (("hate", HATE), ("neutral", NEUTRAL)))


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
        One line per problem: those of :func:`rounds.check_templates`
        (slots, fills, repeats, close paraphrases of ``augment.py`` and round 3),
        and a
        harm slot or harm word in a hate template or its fills.
    """
    harm = [(HARM_WORDS, "harm")]
    return rounds.check_templates(
        round4_templates(),
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
    rounds.print_summary(round4_templates(), fill)
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
