# ruff: noqa: E501  (data table: one message template or decision per line)
"""Hand decisions for the 43 ``3. violent`` IMSyPP evaluation rows.

Written once while reading every row against GUIDELINES.md; ``build_annotations``
writes them to ``data/annotations/imsypp_violent_review.csv``, which is the
file of record. Keys are the IMSyPP row position in the evaluation file (0-based)
and are verified against the text's SHA-1 when the review file is written.
"""

from __future__ import annotations

#: row -> (new label, reason)
DECISIONS: dict[int, tuple[str, str]] = {
    32: (
        "hate",
        "insults a convert ('laagste van het laagste', 'idioot'); no harm stated or wished",
    ),
    102: (
        "hate",
        "islamophobic intimidation (pig heads at mosques); no harm to persons",
    ),
    186: ("hate", "sexist remark about Femke; no violence"),
    309: ("neutral", "praise; wish to see criminals arrested is not violent harm"),
    334: (
        "threat",
        "first-person wish to hit ('veeg voor zijn kop geven') a named person",
    ),
    339: ("threat", "tells someone to dive in front of a train: death wish"),
    365: (
        "threat",
        "'een kogel is nog te goed voor ze': violent wish against a racialised group",
    ),
    369: ("threat", "wishes the person chokes to death"),
    393: (
        "threat",
        "first-person intent to kick a named woman ('ik wil haar echt stampen')",
    ),
    408: ("threat", "'Hang uzelf': tells a person to hang himself (death wish)"),
    434: ("threat", "calls on others to arm themselves and shoot Moroccans"),
    496: ("hate", "sexist slogan; arming oneself names no target of violence"),
    599: ("threat", "'sterf in een goot': death wish on a person"),
    638: ("neutral", "protest rhetoric ('de barricades op'), no target of harm"),
    702: ("threat", "wishes a painful death (IED, club to the skull) on a person"),
    821: ("threat", "endorses building gallows for people"),
    905: (
        "neutral",
        "text alone names no harm; the violence is only in unseen context",
    ),
    921: ("threat", "proposes smashing a person's head in"),
    1159: ("threat", "'Ga dood. Nu.': death wish aimed at the addressee"),
    1572: ("threat", "calls on readers to hit anyone who comments on their clothes"),
    1575: ("threat", "wishes that people drown"),
    1586: ("threat", "calls to exterminate ('uitroeien') a group of people"),
    1648: ("threat", "calls for public beheading"),
    1684: ("threat", "says he would have knocked a guard's head off"),
    1795: ("threat", "'val dood' aimed at the addressee: death wish"),
    1799: ("threat", "wishes a person's head be kicked off"),
    1823: ("threat", "says the addressee deserves to have his face beaten up"),
    1921: ("threat", "calls for raping women and girls (sexual violence)"),
    1927: ("neutral", "opinion that armed revolt is the only way, hedged, no target"),
    1938: (
        "threat",
        "calls to kick out a group and says he would have smashed a man's head",
    ),
    2054: ("neutral", "praise for a person; nothing violent"),
    2072: ("threat", "calls for a person to be quartered and a group exterminated"),
    2111: ("hate", "insult ('idioten'); vague slogan, no identifiable target of harm"),
    2141: ("hate", "mocks Muslim prayer, calls the prophet a paedophile; no violence"),
    2300: ("threat", "rhetorical question why politicians should not be shot"),
    2311: (
        "threat",
        "conditional threat to punch police officers into 'permanent sleep'",
    ),
    2376: ("hate", "racist deportation taunt; no physical harm"),
    2445: ("threat", "calls for a person and a party to go to the gallows"),
    2514: ("hate", "sexual objectification of a woman; not violent"),
    2535: ("threat", "'vergassen die handel': calls for gassing people"),
    2574: ("threat", "chant calling for bombs on a city"),
    2623: ("threat", "wishes a minister be tarred and feathered"),
    2811: ("threat", "racist abuse and 'je verdient een nekschot'"),
}
