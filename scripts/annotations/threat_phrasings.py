# ruff: noqa: E501  (data table: one message template per line)
"""Train-only round-3 templates: threats, and neutral messages that look like threats.

Written from ``data/annotations/GUIDELINES.md`` only, independent of the
evaluation templates. ``THREAT`` holds phrasings of the ``threat`` label that
the earlier train templates cover thinly: conditional and veiled threats,
naming a street or school, a threat at the end of a long calm complaint,
third-person threats, threats against a whole council or party, bounties,
violent and sexual wishes, arson, "your days are counted" with harm,
rhetorical questions, straattaal and English loanwords, doxxing, emoji,
family and staff, polite or ironic threats, adopted quotes (4.4),
counterfactual violence (4.13), a threat with a smiley (4.14) and
group-directed violence (4.12).

``NEUTRAL`` holds messages that share that vocabulary but are ``neutral``
under the codebook: quoted and reported threats, news, counter-speech,
political, figurative and sports metaphor, fiction and games, history,
self-directed idiom, literal demolition, hunting and pest control, safety
policy, calls to resign, harsh civil criticism, long calm messages with one
violent word, negated threats, harmless visit announcements and banter.

Templates are ``(family, text)`` tuples filled by ``generate.py`` (same slot
names and modifiers as ``augment.py``). They are not wired into any build
here; ``round3_templates()`` returns them as ``generate.Template`` objects
with ids ``r3-<label>-<family>-<nn>``. Run this file to fill every template a
few times and print two examples per family.
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
    # conditional: harm if the politician does (not) do something
    ("conditional", "{at} als die windmolens er echt komen, kom ik je persoonlijk {kill}"),
    ("conditional", "{at} blijf je doordrammen over {topic}, dan vinden ze je {whenn} in een greppel"),
    ("conditional", "Nog één zo'n uitspraak, {Tn}, en ik sla je {body} tot moes"),
    ("conditional", "{at} zet je {topic} door, dan maak ik je {maak}. Beloofd."),
    ("conditional", "{at} wie donderdag voor de sluiting van ons zwembad stemt krijgt klappen, jij dus ook"),
    ("conditional", "als {Tn} doorgaat met {topic} dan gaat {hij} eraan, simpel"),
    ("conditional", "{at} trek dat voorstel in voor {deadline}. Zo niet, dan kom ik {weapon} naar je spreekuur."),
    # veiled: no harm verb, but the intent to harm is readable
    ("veiled", "{at} ik zou 's avonds maar vaker achterom kijken als ik jou was"),
    ("veiled", "{at} ik zag je vandaag bij {venue}, blauwe jas, om {hour}. Volgende keer loop je niet meer weg."),
    ("veiled", "{at} er zijn mensen die minder hebben gedaan dan jij en die leven nu niet meer. Denk daar maar eens over na."),
    ("veiled", "{at} ongelukjes gebeuren snel, zeker met zo'n drukke weg voor je huis {emo_t}"),
    ("veiled", "{at} we volgen je al weken en we kennen je vaste route. Geniet er nog maar van zolang het kan."),
    ("veiled", "{at} die beveiliging van je houdt het niet eeuwig vol, {insult_g}. En dan ben ik er."),
    # location: street, school, parking spot named unprompted
    ("location", "{at} {street} {n}, {city}. Groene voordeur, grijze Volvo op de oprit. Tot {whenn}."),
    ("location", "{at} je kinderen zitten op {school} in {city}, hè? Mooi gebouw. Veel ingangen."),
    ("location", "{at} elke dinsdag om {hour} loop je {venue} uit via de achterdeur. Binnenkort sta ik daar ook, en niet om te praten."),
    ("location", "{at} parkeerplaats achter {venue}, zilveren auto, jij om {hour} alleen. Ik weet genoeg {emo_t}"),
    ("location", "Ben vandaag even langs het huis van {Tn} in {city} gereden. Rustig straatje. De volgende keer neem ik mijn {wapen} mee."),
    ("location", "{at} ik sta nu bij je voor de deur {emo_t}"),
    # longcalm: two or three sentences of ordinary complaint, then the threat
    ("longcalm", "{at} Al sinds de zomer ligt de bouw van de fietsbrug bij ons in {city} stil. Er zijn al drie ongelukken gebeurd en de gemeente zegt alleen dat het 'in onderzoek' is. De volgende keer dat ik je op straat zie, ram ik je {body} tegen de stoeprand."),
    ("longcalm", "Geachte {title}, in uw verkiezingsprogramma stond dat {topic} bovenaan zou staan. Daar is niets van terechtgekomen. Ik heb ingesproken, gemaild en gedemonstreerd. U laat mij geen keus. Ik heb een {wapen} gekocht, en niet voor de jacht."),
    ("longcalm", "{at} Ik ben {age}, ik heb mijn hele leven gewerkt en ik kan de huur niet meer betalen. Jullie hebben geen idee hoe het is. Als ik alles kwijt ben heb ik niks meer te verliezen, en dan neem ik jou mee in mijn val, met een {wapen}."),
    ("longcalm", "{at} Vorige week weer een raadsvergadering over {topic}. Vier uur gepraat, geen besluit, de bewoners worden gewoon genegeerd. Nou, ik negeer jou niet: ik weet waar je je auto parkeert en {when} ligt er een bom onder."),
    ("longcalm", "{at} ik snap heus dat politiek lastig is en dat je niet iedereen blij kunt maken. maar wat jullie met {topic} doen is gewoon diefstal. dus ik kom je halen, {insult_g}, en dan hang je."),
    ("longcalm", "De gemeente {city} heeft ons vandaag laten weten dat de huurverhoging gewoon doorgaat. Geen overleg, geen compensatie, niks. {Tn} heeft dit erdoor gedrukt. Ik zweer het: {hij} haalt het einde van het jaar niet."),
    ("longcalm", "{at} Bedankt voor uw antwoord op mijn brief over {topic}. Helaas lost het niets op, en ik ben niet de enige die dat vindt. Ik los het daarom op mijn manier op: {whenn} wacht ik u op na de vergadering en dan ga ik u {kill}."),
    # third: third-person threat about the politician
    ("third", "Die {title} van {city} krijgt van mij {whenn} een kogel, schrijf het maar op"),
    ("third", "Als ik {Tn} op de markt tegenkom gaat {hij} tegen de grond en staat {hij} niet meer op"),
    ("third", "{Tn} gaat eraan. Niet vandaag, niet morgen, maar het gebeurt."),
    ("third", "Ik zweer dat ik {Tn} {whenn} persoonlijk ga {kill1}"),
    ("third", "iemand zei net dat {Tn} zaterdag op {event} is. mooi, dan neem ik mijn {wapen} mee"),
    ("third", "Wat mij betreft wordt die {title} {whenn} op het plein {killed}, ik sta vooraan om te kijken"),
    # council: a whole council, fraction, cabinet or party
    ("council", "{at} jij en de rest van het college: we gooien jullie {whenn} een voor een van het dak van {venue}"),
    ("council", "Wat mij betreft bungelt de hele fractie van {party} aan de galg, elk raadslid apart"),
    ("council", "Met een paar liter benzine en een aansteker is het hele college van {city} in één avond opgeruimd"),
    ("council", "We gaan die {titlepl} van {city} {whenn} opwachten bij {venue}, neem {wapen_pl} mee"),
    ("council", "Als het aan mij ligt worden alle {titlepl} die voor {topic} stemden publiekelijk geëxecuteerd"),
    # bounty: calls on others, rewards
    ("bounty", "1000 euro voor wie {Tn} {whenn} in elkaar trapt. Foto als bewijs."),
    ("bounty", "Wie heeft er nog een {wapen} en een avondje vrij? {Tn} woont in {city}, meer hoef ik niet te zeggen"),
    ("bounty", "Prijs op het hoofd van {Tn}: 5000 euro, dood of levend"),
    ("bounty", "Jongens uit {city}, {Tn} opent {whenn} {event}. Jullie weten wat er moet gebeuren 🔪🔪"),
    ("bounty", "Voor wie zich geroepen voelt: {Tn} fietst elke ochtend om {hour} over de {street}. Neem een {wapen} mee."),
    # wish: wishes of violent harm or death
    ("wish", "{at} ik hoop echt dat je {whenn} op de fiets wordt aangereden en blijft liggen"),
    ("wish", "{at} ik wens je een kogel tussen je ogen, {insult_g}"),
    ("wish", "{at} iedere avond bid ik dat je huis afbrandt terwijl je ligt te slapen"),
    ("wish", "Hopelijk wordt {Tn} {whenn} {killed}, dan kan {city} eindelijk weer ademhalen"),
    ("wish", "{at} val toch dood met al je plannen voor {topic}"),
    ("wish", "{at} mensen zoals jij zou je levend moeten begraven"),
    # sexual: sexual violence threatened, wished or called for
    ("sexual", "{at} als ik je ooit alleen tegenkom ga ik je verkrachten, reken maar"),
    ("sexual", "{at} een {gnoun} als jij moet eens hardhandig verkracht worden, misschien doe je dan normaal"),
    ("sexual", "{at} ik en mijn maten gaan je om de beurt verkrachten, {gnoun}"),
    ("sexual", "Die {title} {naam} verdient een groepsverkrachting, wie doet er mee?"),
    ("sexual", "{at} ik kom je {whenn} aanranden op {event}, daar kun je op rekenen"),
    # arson: home, car, office, property
    ("arson", "{at} die mooie auto van je staat {when} in lichterlaaie {emo_t}"),
    ("arson", "{at} mooi tuinhuisje achter je huis aan de {street}. Brandt vast lekker 🔥"),
    ("arson", "{at} we gooien {whenn} een molotov door het raam van je partijkantoor"),
    ("arson", "{at} er ligt een jerrycan klaar voor {home}, alleen nog een lucifer"),
    ("arson", "{at} {home} gaat {when} de lucht in. Zorg maar dat je niet in de buurt bent. Of juist wel."),
    ("arson", "Het kantoor van {party} in {city} moet {whenn} tot de grond afbranden, liefst met die {titlepl} erin"),
    # fate: "your days are counted" with a readable harm
    ("fate", "{at} je dagen zijn geteld, mijn {wapen} ligt al klaar"),
    ("fate", "{at} geniet nog maar even van je {famn}, lang duurt het niet meer {emo_t}"),
    ("fate", "{at} je laatste kerst, {title}. De kist is al besteld."),
    ("fate", "{at} nog {n} keer slapen en dan lig je naast je opa op het kerkhof"),
    ("fate", "Ik heb alle tijd, {Tn}. Ooit ben je alleen en dan reken ik met je af. Niet in het stemhokje, maar met een {wapen}."),
    # rhetorical: harm as a question
    ("rhetorical", "{at} zal ik {whenn} even aanbellen met mijn {wapen}? 🙂"),
    ("rhetorical", "{at} zullen we eens testen of je kogelvrij bent?"),
    ("rhetorical", "{at} weet je wat een honkbalknuppel met je {body} doet? Binnenkort wel."),
    ("rhetorical", "{at} heb je je testament al geregeld? Zou ik maar doen voor {deadline}."),
    ("rhetorical", "Waarom leeft {Tn} eigenlijk nog? Heeft niemand hier een {wapen}?"),
    # slang: straattaal and English loanwords
    ("slang", "{at} ik ga je killen wallah, je bent een dead man"),
    ("slang", "{at} ik ga je clappen als ik je zie, {insult_g}"),
    ("slang", "{at} bro je bent finished, mijn jongens pakken je {whenn} en dan is het lights out voor jou"),
    ("slang", "{at} ik laat je leeglopen op de {street} sahbi"),
    ("slang", "{at} yo ik ga je prikken met mn mes als je nog 1x je bek opentrekt"),
    ("slang", "{at} you're dead meat, ik heb je adres in {city} 🔫"),
    # doxx: address or number shared with implied harm
    ("doxx", "{Tn} woont op de {street} {n} in {city}, blauwe deur, auto voor de deur. Doe ermee wat je wilt {emo_t}"),
    ("doxx", "Hier het huisadres en 06-nummer van {Tn}. Jullie weten wat er moet gebeuren. Geen genade."),
    ("doxx", "Ik heb het adres van {Tn} gedeeld in de groep. Neem {wapen_pl} mee, we gaan {whenn}."),
    ("doxx", "Voor wie {Tn} een bezoekje wil brengen met een {wapen}: {hij} woont in {city}, tweede huis vanaf de hoek van de {street}"),
    # emoji: the emoji carry the harm
    ("emoji", "{at} 🔫💥 jij {whenn}"),
    ("emoji", "{at} 🏠🔥 {whenn} 😈"),
    ("emoji", "{at} jij 👉 ⚰️"),
    ("emoji", "{at} 🔪🩸 wacht maar tot {deadline}"),
    ("emoji", "{at} 🪢🌳 daar hoor jij thuis"),
    # family: harm to the politician's family
    ("family", "{at} er gaat je {famsg} {whenn} iets heel naars overkomen, en dat heb je dan aan jezelf te danken"),
    ("family", "{at} ik ga je {famn} {kill}, dan weet je eens hoe verlies voelt"),
    ("family", "{at} zeg maar tegen je kinderen dat ze {whenn} extra goed moeten uitkijken op weg naar {school}"),
    ("family", "{at} we hebben foto's van je {famsg} bij de supermarkt. Bewaar ze goed, het worden de laatste {emo_t}"),
    # staff: harm to staff or the office
    ("staff", "{at} je woordvoerder loopt elke avond om {hour} alleen naar het station. Doorgeven hoor. {emo_t}"),
    ("staff", "Zeg maar tegen de secretaresse van {Tn} dat ze {whenn} beter thuis kan blijven. Er gaat iets ontploffen in {venue}."),
    ("staff", "{at} jouw medewerkers gaan ook bloeden als je dit doorzet"),
    # polite: threat in a polite or ironic register (4.11)
    ("polite", "Geachte {title}, hierbij bevestig ik onze afspraak van {whenn} om {hour} bij u thuis. Ik neem mijn {wapen} mee. Met vriendelijke groet."),
    ("polite", "{at} Wat een mooi gezin heeft u, ik zag ze vanmiddag nog in het park. Let u goed op ze? Je weet maar nooit wat er gebeurt 😊"),
    ("polite", "{at} beste {title}, met alle respect: ik ga u {when} {kill}. Excuses voor het ongemak."),
    ("polite", "{at} Goed plan hoor, dat van {topic}. Ik heb ook een goed plan: jij, een touw en een lantaarnpaal 😇"),
    ("polite", "{at} veel succes {whenn} bij {event}! Hopelijk heb je een kogelvrij vest, dat ga je nodig hebben 😉"),
    # adopted: the writer adopts someone else's violent words (4.4)
    ("adopted", "{at} zoals mijn opa altijd zei: tegen de muur met dat soort. En zo is het, ook met jou."),
    ("adopted", "'Hang ze op' stond er op een spandoek bij {venue}. Ik zeg: begin bij {Tn}."),
    ("adopted", "Iemand riep vanaf de tribune dat {Tn} een kogel verdient. Die man heeft gewoon gelijk."),
    # counterfact: counterfactual violence against an identifiable person (4.13)
    ("counterfact", "{at} als ik gisteren op de publieke tribune had gezeten, had ik je daar ter plekke {killed}"),
    ("counterfact", "Die {title} had ik op de inspraakavond zo tegen de grond geslagen en doorgetrapt, als die bodes er niet waren geweest"),
    # smiley: first-person intent to harm stays a threat with a laughing emoji (4.14)
    ("smiley", "{at} haha ik ga je echt {kill} als je {topic} doorzet 🤣"),
    ("smiley", "{at} grapje hoor... of niet. {whenn} ben je dood 😜"),
    # group: violence against a whole group (4.12)
    ("group", "Bommen op het partijcongres van {party}, dat is de enige oplossing"),
    ("group", "Die {group_eth} in het azc van {city}: fik erin en klaar"),
    ("group", "Ik hoop dat er {whenn} een bus vol {party}-leden in het kanaal rijdt en dat niemand eruit komt"),
]

NEUTRAL: list[tuple[str, str]] = [
    # quote: a target or colleague quotes a threat received (4.4)
    ("quote", "Vanochtend weer '{qthreat}' in mijn inbox. Aangifte gedaan, en gewoon door met mijn werk in {city}."),
    ("quote", "{at} mijn collega kreeg gisteren een voicemail: '{qthreat}'. Ik ben er nog steeds ziek van."),
    ("quote", "Sinds ik {title} ben is '{qthreat}' bijna een wekelijkse groet in mijn DM's. Ik vertel er {whenn} over op {event}."),
    ("quote", "Als moderator van de {city}-groep verwijder ik elke week reacties als '{qthreat}'. Vandaag ging er weer een account uit."),
    ("quote", "Mijn dochter vroeg wat '{qthreat}' betekende, ze had het op mijn telefoon gezien. Dat is de prijs van raadslid zijn in {city}."),
    ("quote", "{at} je vroeg wat voor berichten ik krijg. nou, deze bijvoorbeeld: '{qthreat}'. daarom staat mijn account nu op privé"),
    # news: headlines and reports about violence and threats
    ("news", "Politie onderzoekt brandstichting bij woning van {title} in {city}, niemand gewond"),
    ("news", "Man ({age}) aangehouden na dreigtweets aan {Tn}; daarin stond dat {hij} {killed} zou worden"),
    ("news", "Hoger beroep: celstraf blijft staan voor man die {title} {naam} {weapon} opwachtte bij {venue}"),
    ("news", "Explosief gevonden bij gemeentehuis {city}, omgeving afgezet, EOD ter plaatse"),
    ("news", "NOS: aantal bedreigingen tegen lokale politici verdubbeld sinds de discussie over {topic}"),
    ("news", "Verdachte van schietpartij in {city} blijkt ook {title} {naam} te hebben bedreigd, meldt het OM"),
    # counter: condemning threats, supporting the target (4.3)
    ("counter", "Wie een {title} een kogel toewenst omdat {hij} anders stemt, snapt niks van democratie. Sterkte {at}."),
    ("counter", "{at} je mag het oneens zijn over {topic}, maar met {wapen_pl} voor iemands deur gaan staan? Nee. Nooit."),
    ("counter", "Dat {Tn} nu beveiliging nodig heeft omdat mensen {hem} willen {kill1}, is een schande voor {city}"),
    ("counter", "Ik ben het nooit met {Tn} eens geweest, maar die doodsbedreigingen zijn walgelijk. Kom op, mensen."),
    ("counter", "{at} laat je niet kisten door die anonieme dreigtypjes, we staan achter je 💪"),
    # metaphor: political metaphor, the object is a plan, vote or result (4.1)
    ("metaphor", "{at} jullie coalitie heeft het plan voor {topic} gewoon doodgeknuffeld in de commissie"),
    ("metaphor", "De oppositie heeft het betoog van {Tn} vanavond gefileerd, er bleef geen spaan van heel"),
    ("metaphor", "{at} wij gaan {party} bij de stembus inmaken, let maar op"),
    ("metaphor", "{at} die motie over {topic} is in de raad neergesabeld, goed zo"),
    ("metaphor", "{at} {party} zet het mes in de coalitie: {whenn} stemmen ze tegen en dan valt alles"),
    ("metaphor", "Met dit amendement trekt {party} de stekker uit {topic}. Politieke harakiri als je het mij vraagt."),
    ("metaphor", "{at} motie afgeschoten, mooi zo"),
    # figurative: budgets and plans killed, violent idioms
    ("figurative", "De kogel is door de kerk: het besluit over {topic} is genomen, {at}. Eindelijk duidelijkheid."),
    ("figurative", "{at} u zet de bijl in het budget voor {topic}, dat gaat {city} nog jaren voelen"),
    ("figurative", "Dat geflopte festival is een financiële strop van een miljoen voor {city}, {at}"),
    ("figurative", "{at} schrap dat idee en begraaf het diep, niemand zit te wachten op nog meer gedoe over {topic}"),
    ("figurative", "{at} wie aan dit dossier komt brandt zijn vingers, dat weet iedereen in de raad"),
    # sports: sports and games metaphor
    ("sports", "{team} werd gisteren genadeloos geëxecuteerd op de counter, 0-4. Trainer eruit!"),
    ("sports", "Die spits van {team} schiet zijn ploeg in zijn eentje naar de titel, wat een killer in de zestien"),
    ("sports", "{at} komt u {whenn} ook kijken? Onze jongens gaan de tegenstander van het veld blazen 💪"),
    ("sports", "Darts: in de finale gooide hij zijn tegenstander helemaal kapot met drie keer 180"),
    ("sports", "Boksgala in {city}: in de derde ronde ging de titelverdediger knock-out. Wat een klap!"),
    ("sports", "{team} ging kopje onder, 3-0 {emo_n}"),
    # fiction: books, films, series, games
    ("fiction", "Net die nieuwe Nederlandse thriller uit over een ontvoerde {title}. Spannend tot de laatste bladzijde, aanrader!"),
    ("fiction", "gisteravond 4 uur call of duty gespeeld, 38 kills in één potje 😎"),
    ("fiction", "In het stuk van de toneelclub in {city} wordt de burgemeester in de eerste akte vergiftigd. Knap gespeeld!"),
    ("fiction", "Wie heeft die serie gezien waarin een minister op het Binnenhof wordt neergeschoten? Aflevering 3 is bizar goed"),
    ("fiction", "Bij Weerwolven van Wakkerdam werd ik weer als eerste afgemaakt, zoals altijd 🙄"),
    # history
    ("history", "Vandaag precies 350 jaar geleden werd in Den Haag een raadpensionaris door een woedende menigte gelyncht. Een zwarte bladzijde."),
    ("history", "De politieke moord van 2002 staat bij veel Nederlanders nog in het geheugen gegrift. Documentaire {whenn} op NPO 2."),
    ("history", "Mijn opa vertelde vaak hoe het verzet in 1944 het bevolkingsregister van {city} in brand stak"),
    ("history", "In de Middeleeuwen werden in {city} misdadigers op de markt onthoofd. Leuk weetje van de stadswandeling!"),
    # selfidiom: violent idiom about oneself
    ("selfidiom", "Ik lig hier echt dood te gaan van het lachen om dat fragment uit de raad 😂"),
    ("selfidiom", "{at} ik lach me kapot om jouw reactie op die {title}, geniaal"),
    ("selfidiom", "Ik krijg spontaan een hartaanval van die nieuwe energierekening"),
    ("selfidiom", "Vijf uur raadsvergadering over {topic}, ik ben echt kapot. Morgen weer."),
    ("selfidiom", "dit wordt nog eens mijn dood, elke ochtend die file bij {city}"),
    ("selfidiom", "ik ga dood van de hitte in die raadszaal"),
    # literal: demolition, fireworks, hunting, pest control, butchery (4.17)
    ("literal", "De oude watertoren in {city} wordt {whenn} om {hour} opgeblazen, kom kijken vanaf de dijk"),
    ("literal", "{at} de jacht op ganzen rond {city} gaat weer open. Boeren blij, natuurclubs woedend."),
    ("literal", "Oud en nieuw in {city}: cobra's, mortieren en drie opgeblazen brievenbussen. Tijd voor dat vuurwerkverbod?"),
    ("literal", "{at} wanneer gaat de gemeente die eikenprocessierups bij de {street} eens uitroeien? Mijn kinderen zitten onder de bulten"),
    ("literal", "De slager op de markt in {city} slacht nog zelf, dat proef je gewoon"),
    ("literal", "Sloopwerk aan het oude postkantoor begint {whenn}: het hele pand gaat tegen de vlakte"),
    # safety: policy on weapons, cameras, protection of politicians
    ("safety", "{city} voert een wapenverbod in voor het uitgaansgebied: messen en boksbeugels worden in beslag genomen"),
    ("safety", "Goed dat er cameratoezicht komt bij de woningen van bedreigde {titlepl}. Niemand hoort bang te zijn in eigen huis."),
    ("safety", "{at} hoeveel geld gaat er naar de beveiliging van raadsleden? Na alle bedreigingen lijkt me dat hard nodig"),
    ("safety", "Kamer wil strengere straffen voor wie {titlepl} met de dood bedreigt"),
    ("safety", "Het messenverbod in {city} werkt: dit jaar 40 procent minder steekincidenten, zegt de politie"),
    # resign: calls to resign, vote out, prosecute (4.2)
    ("resign", "{at} pak je jas en ga. {city} verdient beter."),
    ("resign", "{at} we stemmen jullie bij de volgende verkiezingen eruit en dan zijn we eindelijk van jullie af"),
    ("resign", "{at} laat de rechter maar oordelen over die declaraties. En tot die tijd: opstappen."),
    ("resign", "Wegwezen {Tn}, je hebt het vertrouwen van de raad verspeeld. Motie van wantrouwen nu!"),
    ("resign", "{at} mijn wens voor {deadline}: dat u uw zetel kwijtraakt en {party} gehalveerd wordt"),
    # criticism: harsh but civil
    ("criticism", "{at} u zegt dat u luistert, maar u hoort niks. Uw aanpak van {topic} is arrogant en ook nog eens slecht uitgevoerd."),
    ("criticism", "{at} dit is het laffste besluit dat ik in jaren heb gezien, u verschuilt zich achter uw ambtenaren"),
    ("criticism", "{at} je hebt de {groupneutral} keihard laten vallen, dat vergeten we niet in het stemhokje"),
    ("criticism", "Wat {Tn} over {topic} beweert klopt gewoon niet. Ik heb de cijfers nagerekend: het tekort is twee keer zo groot."),
    ("criticism", "{at} schandalig, onverantwoord, onbehoorlijk bestuur. Excuses aan de inwoners van {city} is wel het minste"),
    # longcalm: long calm message with one violent word, literal or figurative
    ("longcalm", "{at} Ik woon al twintig jaar aan de {street}. Sinds de nieuwe rotonde is het levensgevaarlijk: vorige week werd een scholier bijna doodgereden. Wanneer komt er eindelijk een drempel?"),
    ("longcalm", "{at} Bedankt voor de bijeenkomst gisteren over {topic}. Goede sfeer en duidelijke uitleg, al schoot het laatste voorstel me echt in het verkeerde keelgat. Mijn vragen stuur ik nog per mail."),
    ("longcalm", "Beste {title}, mijn zoon zit op {school} en de verkeerssituatie daar is een moordval voor kinderen op de fiets. Zou u eens willen komen kijken, bijvoorbeeld {whenn} om {hour}?"),
    ("longcalm", "{at} Ik heb het hele rapport over {topic} gelezen, alle 200 pagina's. Conclusie: zolang het Rijk niet meebetaalt, zijn de plannen al de nek omgedraaid voor ze beginnen. Wat gaat de gemeente nu doen?"),
    ("longcalm", "{at} Gisteren stond ik met mijn buren op de inspraakavond. We zijn boos, dat is u vast niet ontgaan, maar we blijven netjes. Volgende keer nemen we de cijfers mee en dan gaan we de strijd aan, in de raadszaal."),
    # negated: harm explicitly denied, then a harmless demand
    ("negated", "{at} Geen mens in {city} die jou kwaad wil doen, echt niet. Maar luister dan ook eens naar de bewoners van de {street}."),
    ("negated", "{at} ik ben geen geweldpleger en ik kom ook niet naar je huis, maar ik ben wel ontzettend teleurgesteld"),
    ("negated", "{at} rustig, ik ga heus niet met een knuppel voor je deur staan, zo ben ik niet. Maar een antwoord op mijn brief over {topic} wil ik wel."),
    ("negated", "{at} ik zou nooit een hand naar je opheffen, zo ben ik niet opgevoed. Maar ik blijf je elke week mailen tot {topic} geregeld is."),
    ("negated", "Niemand hoeft bang te zijn voor ons protest, {at}. We zijn met {age} mensen en we komen alleen met borden en fluitjes."),
    # visit: harmless visit or arrival announcements
    ("visit", "De bewonersvereniging staat {whenn} om {hour} bij {venue} met koffie, koek en een lijst handtekeningen. Iedereen welkom, ook {Tn}!"),
    ("visit", "{at} ik kom {whenn} naar uw spreekuur, ik heb nog een paar vragen over {topic}"),
    ("visit", "{at} we staan {whenn} met tractoren voor {venue}, netjes aangemeld bij de gemeente"),
    ("visit", "{at} ik weet je te vinden hoor, elke maandag op de markt in {city}! Ik kom je even bedanken voor de nieuwe speeltuin"),
    ("visit", "{at} we komen je {whenn} halen bij het station, dan rijden we samen naar {event}"),
    ("visit", "Kom jij ook {whenn} naar {venue}? We bieden {Tn} de petitie over {topic} aan."),
    # banter: compliments and jokes with violent words (4.14)
    ("banter", "{at} wat een killer debat gisteren, je hebt ze allemaal ingepakt 👏"),
    ("banter", "{at} dat moordende tempo van jou in de campagne, hoe hou je het vol 😅"),
    ("banter", "{at} ik lag in een deuk om je antwoord aan die {title} van {party} 🤣"),
    # lookalike: threat phrases with a harmless meaning
    ("lookalike", "{at} dit gaat je je kop kosten, politiek gezien dan: de motie van wantrouwen is rond"),
    ("lookalike", "{at} wij houden u scherp in de gaten: elke stemming, elke declaratie, elke belofte. Dat heet controle."),
    ("lookalike", "{at} jij bent de volgende... die onze prijs voor beste raadslid wint! Gefeliciteerd 🎉"),
    ("lookalike", "{at} we komen eraan! {party} stijgt in alle peilingen en na de verkiezingen nemen we het stadhuis over"),
]
# fmt: on

#: Earlier template modules these must not repeat or closely paraphrase.
EARLIER = ("augment",)


def round3_templates() -> list[gen.Template]:
    """Return every round-3 template with its id (``r3-<label>-<family>-<nn>``)."""
    return rounds.number_templates("r3", (("threat", THREAT), ("neutral", NEUTRAL)))


def check(n_fills: int = 5, seed: int = 20261128) -> list[str]:
    """Fill every template ``n_fills`` times; return a list of problems found.

    Checks that every slot name exists, that a ``|mod`` is only used on a slot
    whose values take an object, that no braces survive filling, and that no
    template text is repeated or closely paraphrased (here or in
    ``augment.py``); see :func:`rounds.check_templates`.
    """
    return rounds.check_templates(
        round3_templates(), n_fill=n_fills, seed=seed, earlier=EARLIER
    )


def main() -> int:
    """Check every template, print counts and two generated examples per family."""
    problems = check()
    rounds.print_summary(round3_templates(), rounds.generated_filler(20261128 + 3))
    return rounds.report(problems)


if __name__ == "__main__":
    raise SystemExit(main())
