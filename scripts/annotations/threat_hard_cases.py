# ruff: noqa: E501  (data table: one message template per line)
"""Train-only round-4 templates: threats, and neutral messages that look like threats.

Written from ``data/annotations/GUIDELINES.md`` only, independent of the
evaluation templates and of the templates in ``augment.py``,
``threat_phrasings.py`` and ``hate_phrasings.py`` (no repeats, no close
paraphrases). ``THREAT`` holds phrasings of the ``threat`` label that the
current model gets wrong: a violent or death command next to an insult or
slur (threat beats hate, codebook 2.1), outcome threats without a kill verb
(wheelchair, hospital, never walk again), veiled warnings with enough context
to read the harm (4.6), threats against family members who pay for a
decision (4.10), incitement to self-harm, which the codebook counts as a
wish of death (4.7: "hang jezelf op", "snoekduik voor een trein"), heavy
spelling tricks the generator does not make itself (dotted and spaced
letters, glued words, slang spellings, chat abbreviations), third-person
threats inside a complaint to someone else, and threats against a whole
council or party (4.12).

``NEUTRAL`` holds messages that share that vocabulary but are ``neutral``
under the codebook: sympathy and support for a threatened politician
(counter-speech, 4.3), sports and games language with kill and destroy verbs
aimed at a team or match (4.1), farewells and compliments with "missen",
"legende", "killer", "beest", "moordend" (4.14), civil calls to resign with
glued words and typos (4.2), identity mentioned with empathy or respect, and
profanity about weather, heat, traffic and trains that is not aimed at
anyone (4.5).

Templates are ``(family, text)`` tuples filled by ``generate.py`` (same slot
names and modifiers as ``augment.py``). They are not wired into any build
here; ``round4_templates()`` returns them as ``generate.Template`` objects
with ids ``r4-<label>-<family>-<nn>``. Run this file to fill every template a
few times, check it and print two examples per family.
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
THREAT: list[tuple[str, str]] = [
    # insultkill: a violent or death command next to an insult or slur (threat beats hate)
    ("insultkill", "{at} ga dood, {insult_g}"),
    ("insultkill", "{at} sterf toch gewoon, {adj_ins} {slur}"),
    ("insultkill", "{at} vuile {homoslur}, ik trap je {body} in tot je niet meer beweegt"),
    ("insultkill", "Iemand moet die {adj_ins} {gnoun} van {party} neerknallen, het is een {dehum_sg}"),
    ("insultkill", "{Tn} is een {insult}. {kimp|hem} en klaar."),
    ("insultkill", "{at} luister goed, {adj_ins} {slur}: ik kom je {whenn} {weapon} afmaken"),
    ("insultkill", "Schiet die {insult} van een {title} gewoon neer als {hij} de trap van het stadhuis afkomt"),
    ("insultkill", "{at} val dood met je regenboogvlag, {homoslur}"),
    ("insultkill", "Wat een {dehum_sg} is {Tn}. Ik zeg: kop eraf en op een paal bij {venue}."),
    ("insultkill", "{at} Ik heb je vanavond weer zien liegen in het debat over {topic}, {adj_ins} {insult}. Elke keer denk ik: hoe lang nog? Nou, niet lang meer. Ik weet waar je slaapt en ik maak je af, dat zweer ik op mijn moeder."),
    ("insultkill", "{at} {disease}{gnoun}, ik steek je lek"),
    ("insultkill", "{at} {insult_g}!!! {insult_g}!!! ik maak je {maak}!!!"),
    ("insultkill", "{at} terug naar {country}? Nee hoor, jij gaat in een kist terug, {slur}"),
    ("insultkill", "{at} {insult_g}, ik wacht je {whenn} op bij {venue} en dan ga je eraan"),
    ("insultkill", "Die {group_eth_sg} van {party} is een {dehum_sg}. Eén kogel en het probleem is opgelost."),
    ("insultkill", "{at} kop dicht {insult_g} of ik sla je {body} aan gort"),
    # outcome: the result of the harm is announced, no classic kill verb
    ("outcome", "{at} na vanavond loop je de rest van je leven op krukken, daar zorg ik voor"),
    ("outcome", "{at} ik zorg ervoor dat je nooit meer een woord zegt in die raadszaal. Met een gebroken kaak praat het zo lastig."),
    ("outcome", "{at} rolstoel of kist, {title}. Jij mag kiezen, ik kom {whenn}."),
    ("outcome", "{at} je gaat spijt krijgen dat je geboren bent als ik je {when} alleen tref in {city}"),
    ("outcome", "{at} je komt {city} binnen op je eigen benen en je gaat eruit in een ambulance"),
    ("outcome", "{at} als ik met je klaar ben herkent je eigen {famsg} je niet meer"),
    ("outcome", "{at} werken ga je nooit meer doen, niet met twee gebroken handen. Daar zorgen wij {whenn} voor."),
    ("outcome", "{at} na mijn bezoekje eet je de rest van je leven door een rietje"),
    ("outcome", "{at} jij wordt binnenkort wakker op de IC en dan weet je niet eens meer hoe je heet. Let maar op."),
    ("outcome", "Ik ga ervoor zorgen dat {Tn} nooit meer zelf kan lopen. Die knieën van {hem} zijn van mij."),
    ("outcome", "{at} Ik heb maandenlang netjes bezwaar gemaakt tegen {topic}. Niemand luistert. Dus nu doe ik het anders: als ik klaar met je ben, lig je een half jaar in een revalidatiecentrum en kun je daar rustig nadenken."),
    ("outcome", "{at} je volgende speech geef je vanuit een ziekenhuisbed, als je dan nog kunt praten {emo_t}"),
    # veiled: a warning whose harm a reader can see from the message itself (4.6)
    ("veiled", "{at} kijk maar goed uit als je {whenn} in het donker naar je auto loopt, ik ben niet de enige die weet welke het is"),
    ("veiled", "{at} er komt een dag dat je bodyguards vrij hebben. Die dag sta ik klaar, en niet met bloemen."),
    ("veiled", "{at} je beveiliging kan niet altijd naast je staan, {title}. Ik wel, en dan zonder getuigen 😉"),
    ("veiled", "{at} pas maar op als je 's avonds met je hond langs de vaart loopt, het is daar zo donker en het water zo diep"),
    ("veiled", "{at} slaap je nog lekker aan de {street}? Ik weet achter welk raam je slaapkamer zit. Genoeg stenen in je eigen voortuin trouwens."),
    ("veiled", "{at} het is een kwestie van tijd voordat iemand je opwacht na de vergadering, en ik hoop dat ik het ben"),
    ("veiled", "{at} Geniet nog maar van je wandelingetje naar {venue}. Niet iedereen die zoveel woede oproept komt elke dag heelhuids thuis."),
    ("veiled", "{at} zeg maar tegen je beveiliging dat ze {whenn} extra alert moeten zijn. Meer zeg ik niet {emo_t}"),
    ("veiled", "{at} onthoud mijn gezicht van de publieke tribune. Je ziet het nog één keer, en dan is het te laat voor je."),
    ("veiled", "{at} er komt een dag dat jij boet voor {topic}, en dan sta je niet veilig achter een spreekgestoelte maar alleen in een steegje"),
    ("veiled", "{at} nieuwe keukenramen gezien, mooi hoor. Glas breekt alleen zo makkelijk, zeker met een brandende fles erdoor 🔥"),
    ("veiled", "{at} ik ben {whenn} ook op {event}. Wees maar niet verbaasd als je daar niet meer op eigen kracht wegkomt."),
    ("veiled", "Zeg tegen {Tn} dat {hij} niet meer alleen moet fietsen na wat {hij} met {topic} heeft gedaan. Op zo'n donkere dijk kan een auto je zomaar raken, als je snapt wat ik bedoel."),
    # family: family members pay for the politician's decisions (4.10)
    ("family", "{at} jij sluit onze school, dan zorg ik dat je {famsg} nooit meer een schoolplein haalt {emo_t}"),
    ("family", "{at} voor elk gezin dat jij met {topic} kapotmaakt, maak ik iemand uit jouw gezin kapot. Begin maar te tellen."),
    ("family", "{at} jouw beslissing, maar de rekening gaat naar je {famsg}. En die betaalt niet met geld maar met bloed."),
    ("family", "{at} mijn kinderen lijden onder jouw beleid. Nu zijn de jouwe aan de beurt, ik weet op welke club ze sporten."),
    ("family", "{at} stem je {whenn} voor {topic}, dan hoeft je {famsg} volgend jaar geen verjaardag meer te vieren"),
    ("family", "{Tn} denkt dat {hij} veilig is achter {zijn} beveiliging. Maar {zijn} gezin heeft geen bodyguards. Onthoud dat goed."),
    ("family", "{at} oog om oog: jij pakt ons ons huis af, ik pak jou je {famsg} af. En niet voor even."),
    ("family", "{at} je {famsg} gaat de prijs betalen voor {topic}, en niet in euro's {emo_t}"),
    ("family", "{at} wie ons dorp opoffert voor windmolens, offert ook zijn eigen gezin. Doe je kinderen de groeten, het is hun laatste zomer."),
    # selfharm: incitement to suicide or self-harm, a wish of death (4.7)
    ("selfharm", "{at} hang jezelf op aan je eigen stropdas, {insult_g}"),
    ("selfharm", "{at} doe {city} een plezier en spring van de hoogste brug die je kan vinden"),
    ("selfharm", "{at} ga lekker voor de trein liggen, dan is de NS één keer welkom met vertraging"),
    ("selfharm", "{at} touw, balk, krukje. Succes ermee, {title}."),
    ("selfharm", "{at} iemand als jij kan beter een potje pillen leegeten en nooit meer wakker worden"),
    ("selfharm", "{Tn} zou zichzelf een kogel door de kop moeten jagen, dan is {city} voorgoed van {hem} af"),
    ("selfharm", "{at} maak er gewoon een eind aan, niemand gaat je missen"),
    # spelling: dotted and spaced letters, glued words, slang spellings, abbreviations
    ("spelling", "{at} ik maak je d.o.o.d {whenn}"),
    ("spelling", "{at} k o g e l   d o o r   j e   k o p"),
    ("spelling", "{at} ikmaakjeaf {insult_g}, echtwaar"),
    ("spelling", "{at} kga jeff halen en dan lig je in een kist"),
    ("spelling", "{at} wacht maar tot je alleen loopt, dan gaat mnmes erin jwz"),
    ("spelling", "{at} ga ffe dood ofzo, serieus"),
    ("spelling", "{at} N.E.K.S.C.H.O.T. voor jou {whenn}"),
    ("spelling", "{at} #ophangen #{naamtag} #aandegalg"),
    ("spelling", "{at} kzweer kmaak jeff kapot wnr ik je zie bij {venue}"),
    ("spelling", "{at} s-t-e-r-f maar gauw, {insult_g}"),
    ("spelling", "{at} vrmrd jou ff, heb je adres al"),
    ("spelling", "{at} wrm leef jij nog?? kdoe t zelf wel dan 🔪"),
    ("spelling", "{at} ikweetwaarjewoont en ikkommetbenzine {whenn}"),
    ("spelling", "{at} jij bent DOODDOODDOOD {emo_t}"),
    ("spelling", "{at} k.a.p.o.t.s.t.e.k.e.n ga ik je, {insult_g}"),
    # complaint3p: third-person threat inside a message to someone else
    ("complaint3p", "Schat, als {Tn} nog één keer op tv komt met {topic}, rij ik naar {city} en sla ik {hem} de kop in"),
    ("complaint3p", "Ik zei het net nog tegen mijn broer: {Tn} gaat het niet lang meer maken, mijn {wapen} ligt al klaar."),
    ("complaint3p", "Ik zei vanavond nog tegen mijn vrouw: als ik {Tn} ooit alleen tegenkom, leeft {hij} niet lang meer. En ik meen het."),
    ("complaint3p", "Beheerder van deze groep, laat dit maar staan: {Tn} verdient het om {killed} te worden en ik help graag een handje."),
    ("complaint3p", "Beste redactie, jullie schrijven steeds zo positief over {Tn}. Zet {zijn} overlijdensbericht maar vast klaar, want na {deadline} is {hij} er niet meer. Dat regel ik zelf."),
    ("complaint3p", "Mam, die {title} die onze huur verhoogt? Die ga ik {whenn} {kill1}, echt waar, ik ben er klaar mee."),
    ("complaint3p", "Even tussen ons, buurman: {Tn} woont drie huizen verderop. Als {hij} {topic} doorzet, gaat er een brandbom door {zijn} brievenbus."),
    ("complaint3p", "Klantenservice van de gemeente, geef dit maar door aan {Tn}: ik ga {hem} opwachten en {hem} {kill}."),
    # all: the whole council, fraction or party
    ("all", "{at} jij en je hele fractie, allemaal aan de lantaarnpalen langs de {street}, van links naar rechts"),
    ("all", "Alle {titlepl} die voor {topic} stemden: we weten wie jullie zijn en we komen jullie een voor een halen {emo_t}"),
    ("all", "De hele gemeenteraad van {city} moet de gracht in, met stenen aan de voeten"),
    ("all", "{party} is een partij van verraders en verraders fusilleer je. Allemaal, van fractievoorzitter tot stagiair."),
    ("all", "{at} als het volk opstaat, hangen jullie allemaal. Jij, je collega's, je ambtenaren."),
    ("all", "Gas erop en het hele college van {city} in één keer platrijden op de markt"),
    ("all", "{at} deur op slot, benzine eroverheen, lucifer erin. Zo pak je een hele fractie aan."),
    ("all", "{at} ik wacht tot jullie allemaal bij elkaar zitten in {venue}. Eén klap en de hele raad is weg 💣"),
]

NEUTRAL: list[tuple[str, str]] = [
    # support: sympathy for a threatened politician, condemnation of the threat (4.3)
    ("support", "{at} sterkte, ik hoop dat je je snel weer veilig voelt in je eigen huis. Niemand verdient dit."),
    ("support", "Dat de kinderen van {Tn} nu met beveiliging naar school moeten, is diep triest. Wie dit veroorzaakt hoort voor de rechter."),
    ("support", "{at} ik las dat je {famsg} niet meer durft te slapen sinds die brief. Heel veel sterkte, ook namens mijn gezin."),
    ("support", "Dreigen met {wapen_pl} voor iemands voordeur is geen protest, het is een misdrijf. Volle steun voor {Tn}."),
    ("support", "{at} politie voor de deur, camera's aan je gevel, en toch blijf je gewoon je werk doen. Respect."),
    ("support", "Vandaag een bos bloemen gebracht bij het huis van {Tn}. Na alle bedreigingen leek me dat het minste wat ik kon doen."),
    ("support", "{at} je vertelde in het interview dat je 's avonds niet meer alleen over straat durft. Dat zou in {city} nooit zo mogen zijn."),
    ("support", "Mijn buurvrouw is {title} en vorige week zat er een kogel in haar brievenbus. De hele straat let nu extra op haar huis."),
    ("support", "{at} wat afschuwelijk dat er een steen door je raam is gegooid terwijl je kinderen sliepen. Ik hoop dat ze de dader snel vinden."),
    ("support", "Stop met het rondsturen van het adres van {Tn}. Een huisadres online zetten is geen kritiek, het maakt mensen doelwit."),
    ("support", "{at} ook al stem ik nooit op {party}: jouw veiligheid gaat voor mij boven elke politieke ruzie. Sterkte voor je {famsg} na de schrik."),
    ("support", "Ik hoop dat {Tn} en {zijn} gezin vannacht een beetje kunnen slapen na de schoten bij hun woning. Verschrikkelijk."),
    ("support", "{at} doe aangifte van elke dreigmail, ook als het zinloos voelt. Wij staan achter je."),
    ("support", "Er wordt gezegd dat {Tn} het zelf heeft uitgelokt. Nee. Niemand lokt een brandbom uit."),
    # sports: kill and destroy verbs aimed at a team, match or game (4.1)
    ("sports", "{team} gaat de koploper zondag kansloos inmaken, vier-nul minimaal ⚽"),
    ("sports", "{at} jij bent toch ook voor {team}? Zondag slachten we ze af in de derby, kom je kijken in het clubhuis?"),
    ("sports", "{at} als {team} zo blijft verdedigen worden ze in de derby afgeslacht. Wat vindt de wethouder van sport ervan? 😅"),
    ("sports", "We maken ze af!!! {team} door naar de finale 🏆"),
    ("sports", "Zaterdag hockeyfinale: onze meiden gaan die van {city} helemaal kapotspelen 💪"),
    ("sports", "{at} u mag dan voor de thuisploeg zijn, maar morgen gaat {team} uw club afmaken in eigen huis 😎"),
    ("sports", "Schaakclub {city} heeft de titelhouder met een vergiftigd pionoffer om zeep geholpen. Wat een partij."),
    ("sports", "Wielrennen: op de laatste klim sloeg hij iedereen aan gort met een moordende demarrage"),
    ("sports", "{at} komt u ook naar de wedstrijd? {team} gaat er vol in, geen genade voor de bezoekers 🔥"),
    ("sports", "Die keeper van {team} is een muur, elke spits die op hem afkomt sneuvelt"),
    ("sports", "{at} de derby was een slachtpartij, zes-een, ik heb met u te doen als {team2}-supporter 😂"),
    ("sports", "FIFA-toernooi in het jongerencentrum van {city}: de burgemeester werd in de eerste ronde met 7-0 afgemaakt 😂"),
    ("sports", "{at} revanche bij het tafeltennis op het raadsuitje? Vorig jaar heb ik u helemaal ingemaakt 🏓"),
    # farewell: farewells and compliments with violent or strong words (4.14)
    ("farewell", "{at} wat gaan we je missen in de raad, echt een legende 🙏"),
    ("farewell", "{at} bedankt voor twaalf jaar inzet voor {city}. Je was een beest in het debat en een schat achter de schermen."),
    ("farewell", "{at} je afscheidsspeech was moordend goed, ik zat met tranen in mijn ogen"),
    ("farewell", "{at} killer speech bij je afscheid. De raadszaal wordt stil zonder jou."),
    ("farewell", "{at} legende! geniet van je pensioen, je hebt het dubbel en dwars verdiend ❤️"),
    ("farewell", "{at} als {title} was je een killer in het debat en een lieverd voor de buurt. Tot ziens op de markt!"),
    ("farewell", "Laatste raadsvergadering van {Tn} vandaag. Wat een beest van een bestuurder, we gaan {hem} missen."),
    ("farewell", "{at} dat laatste interview sloeg in als een bom, een waardig afscheid 👏"),
    ("farewell", "{at} je nieuwe werkgever mag blij zijn met zo'n killer, {city} gaat je missen"),
    ("farewell", "{at} vier jaar lang een moordend tempo, en nu eindelijk tijd voor je kleinkinderen. Geniet ervan!"),
    ("farewell", "{at} je gaat eruit als een legende. Nooit meer vergaderen tot middernacht, lekker hoor 😄"),
    # resign: civil calls to resign or step down, with glued words and typos (4.2)
    ("resign", "{at} aftredenn nu, u heeft genoeg schade aangericht"),
    ("resign", "Eens met de oppositie: #aftreden{naamtag} #genoegisgenoeg"),
    ("resign", "{at} opstappen.nu. geen excuses meer over {topic}"),
    ("resign", "{at} stapop! {city} verdient een {title} die luistert"),
    ("resign", "{at} neem ontslag, u bent uw geloofwaardigheid kwijt"),
    ("resign", "{at} tijd voor een nieuwe {title}. Leg uw functie neer en laat een ander het proberen."),
    ("resign", "{at} afftreden!!1 dit is al de derde keer dit jaar"),
    ("resign", "Motie van wantrouwen tegen {Tn} ligt klaar, eindelijk. {party} moet doorpakken en {hem} naar huis sturen."),
    ("resign", "{at} ik hoop dat u morgen uw ontslagbrief indient, voor uzelf en voor {city}"),
    ("resign", "{at} bedankt voor de moeite, maar het is tijd om te gaan. Echt. Geef het stokje door."),
    ("resign", "{at} vertrekken is het enige fatsoenlijke wat u na {topic} nog kunt doen"),
    # identity: identity mentioned with empathy or respect
    ("identity", "{at} als transvrouw in de politiek krijg je zoveel over je heen. Fijn dat je toch blijft."),
    ("identity", "Mijn dochter is twaalf en wil later {title} worden. Dat er nu een vrouw met een hoofddoek in de raad van {city} zit, vindt ze heel gewoon."),
    ("identity", "{at} wat moedig dat je in het debat over je coming-out vertelde. Meer politici zouden zo open mogen zijn."),
    ("identity", "Respect voor {Tn}, die tijdens de ramadan gewoon tot middernacht doorging over {topic}"),
    ("identity", "{at} u bent zelf als vluchteling naar {city} gekomen en weet hoe het is om opnieuw te beginnen. Dat merk je aan uw beleid."),
    ("identity", "Zondag naar de kerk, maandag naar de raad: {Tn} laat zien dat geloof en politiek prima samengaan"),
    ("identity", "{at} goede toespraak over vrouwen in de bouw, mijn zus staat al twintig jaar op de steigers"),
    ("identity", "{at} fijn dat er bij de Pride in {city} ook een boot van de gemeente meevoer. Mooi gebaar."),
    ("identity", "{at} ik ben geen moslim, maar het iftardiner in het stadhuis was heel gastvrij. Dank voor de uitnodiging."),
    ("identity", "Hoe {Tn} in een rolstoel elke vergadering haalt ondanks de kapotte lift in {venue}: bewonderenswaardig. Maak die lift nou eens!"),
    ("identity", "{at} als Turks-Nederlandse moeder herken ik mezelf in jouw verhaal over de eerste jaren op school"),
    # weather: profanity about weather, heat, traffic, trains, aimed at no one (4.5)
    ("weather", "kankerhitte vandaag, 36 graden in de trein 🥵"),
    ("weather", "tyfusweer. Fiets omgewaaid, broek doorweekt ☔🤬"),
    ("weather", "KUTNS weer een uur vertraging bij {city} Centraal"),
    ("weather", "godverdommezeg, file van hier tot {city} 🚗🚗🚗"),
    ("weather", "{at} sorry voor de late reactie, kolerefile op de A2. Ik bel je zo terug."),
    ("weather", "Klerezooi op het spoor weer, seinstoring, en de vervangende bus komt natuurlijk niet 🙄"),
    ("weather", "Fuckkk wat is het glad, drie keer bijna onderuit op de {street} ❄️"),
    ("weather", "teringzooi met die hagel, de hele moestuin ligt plat"),
    ("weather", "pfff kutzomer, het regent al drie weken"),
    ("weather", "{prof} {prof} {prof}, de trein staat stil in de weilanden 😩"),
    ("weather", "Shitweer voor de braderie in {city}, maar de sfeer is top!"),
    ("weather", "{at} jezusmina wat een storm vannacht, bij ons is de schutting weg. Weet de gemeente al van die omgevallen boom op de {street}?"),
]
# fmt: on

#: Slots whose values insult or degrade; a neutral template must not use them.
INSULT_SLOTS = rounds.INSULT_SLOTS
#: Slots that carry physical harm; a neutral template must not use them.
HARM_SLOTS = frozenset({"kill", "killed", "kimp", "maak", "weapon", "kill1", "emo_t"})
#: Word count of a filled template (before lead-ins and decoration).
MIN_WORDS, MAX_WORDS = 4, 45
#: Template skeletons at least this similar count as a close paraphrase.
NEAR_DUP = rounds.NEAR_DUP
#: Earlier template modules these must not repeat or closely paraphrase.
EARLIER = ("augment", "threat_phrasings", "hate_phrasings")


def round4_templates() -> list[gen.Template]:
    """Return every round-4 template with its id (``r4-<label>-<family>-<nn>``).

    Returns
    -------
    list of generate.Template
        Threat templates first, then neutral, in list order.
    """
    return rounds.number_templates("r4", (("threat", THREAT), ("neutral", NEUTRAL)))


def check(n_fills: int = 6, seed: int = 20261128 + 4) -> list[str]:
    """Fill every template ``n_fills`` times; return a list of problems found.

    Parameters
    ----------
    n_fills : int
        Fills per template (alternating female and male context), plus
        ``n_fills`` messages through :func:`generate.generate` (lead-ins,
        obfuscation, decoration).
    seed : int
        Seed of the fills.

    Returns
    -------
    list of str
        One line per problem: an unknown slot, a ``|mod`` on a slot whose
        values take no object, a brace or ``*`` left after filling, a fill
        outside ``MIN_WORDS``..``MAX_WORDS`` words, an insult or harm slot in
        a neutral template, a repeated template, or a close paraphrase
        (skeleton similarity >= ``NEAR_DUP``) of another round-4 template or
        of ``augment.py``, ``threat_phrasings.py`` or ``hate_phrasings.py``.
    """
    return rounds.check_templates(
        round4_templates(),
        n_fill=n_fills,
        seed=seed,
        earlier=EARLIER,
        guard=rounds.forbid(
            "neutral",
            INSULT_SLOTS | HARM_SLOTS,
            kind="insult or harm",
            where=" in a neutral template",
        ),
        words=(MIN_WORDS, MAX_WORDS),
        threshold=NEAR_DUP,
    )


def main() -> int:
    """Check every template, print counts and two generated examples per family."""
    problems = check()
    rounds.print_summary(round4_templates(), rounds.generated_filler(20261128 + 4))
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
