"""A tiny labelled corpus shared by the training tests (six messages per label)."""

from __future__ import annotations

TOY_ROWS: dict[str, list[str]] = {
    "threat": [
        "ik maak je af",
        "we weten waar je woont",
        "ik schiet je neer",
        "kogel door je kop",
        "jij gaat eraan",
        "ik steek je huis in brand",
    ],
    "hate": [
        "vuile rat",
        "jij bent een domme idioot",
        "kankerhoer",
        "walgelijke sukkel",
        "smerige landverrader",
        "achterlijke mongool",
    ],
    "neutral": [
        "goed plan voor de zorg",
        "ik ben het niet eens met dit voorstel",
        "treed af, dit beleid werkt niet",
        "het debat was interessant",
        "stem tegen die motie",
        "mooi werk in de kamer",
    ],
}
