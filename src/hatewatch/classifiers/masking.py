"""Stop the classifier tying labels to who is named or addressed.

Before features are computed, the bag-of-words model (from version 0.3.0)
maps some tokens of the normalised text to placeholders
(:func:`token_map`):

- person names: Dutch first names (``first_names_nl.tsv``) and roster
  surnames (``surnames_nl.tsv``) -> ``⟨naam⟩``; ``@handles`` are already
  ``@user`` after :func:`hatewatch.text.normalize` and are no feature;
- gendered words (titles, pronouns, possessives, family and role nouns,
  ``gender_pairs.tsv``): both forms of a pair -> one token (``mevrouw`` and
  ``meneer`` -> ``⟨meneer⟩``; ``haar``, ``hem``, ``zijn``, ``z'n``, ``d'r``
  -> ``⟨zijn⟩``, which also covers "haar" as hair);
- neutral names of identity groups, parties and their members
  (``identity_terms.tsv``) are dropped.

So a message to a woman and the same message to a man give the same
features, and "Moslims zijn welkom" and "Joden zijn welkom" the same score:
the equivalent of counterfactual data augmentation over these word lists,
exact rather than sampled. Slurs are not identity terms and stay words.

:func:`lexicon_tags` adds one extra token per word found in a lexicon
(GrofLex category ``⟨lex:ETH⟩`` ...; violence, death and weapon words of the
threat rules ``⟨lex:harm⟩`` ...), so a learned weight carries over to
lexicon words never seen in training.

:func:`mask_text` applies the name part to raw text, for people who want to
store or show messages without names.
"""

from __future__ import annotations

import functools
import re

from hatewatch.classifiers import lexicons

__all__ = ["NAME", "lexicon_tags", "mask_text", "token_map"]

#: Placeholder of a person name.
NAME = "⟨naam⟩"
#: Identity-group words are dropped (an empty token is no feature): that a
#: message names a group is no evidence either way. With a placeholder
#: token the model still learned "a group is named -> hate" from training
#: data where groups are named mostly in hateful rows (fresh validation set:
#: identity false-positive rate up to 27% per group with a ``⟨groep⟩`` token).
GROUP = ""

#: Canonical token of each gendered kind (female and male form alike).
_PRONOUN_CANON = {"zij": "⟨hij⟩", "hij": "⟨hij⟩"}
_OBJECT_CANON = "⟨zijn⟩"


@functools.cache
def name_words() -> frozenset[str]:
    """Lower-case words treated as person names."""
    return frozenset(lexicons.first_names()) | lexicons.surnames()


@functools.cache
def token_map() -> dict[str, str]:
    """Normalised token -> placeholder, for the featuriser.

    Gendered words come first, then identity terms (``vrouwen`` and
    ``mannen`` are gendered words: one token for both), then names.
    """
    out: dict[str, str] = {}
    for name in sorted(name_words()):
        out[name] = NAME
    for female, male, kind in lexicons.gender_pairs():
        if kind in ("object", "possessive"):
            canon = _OBJECT_CANON
        elif kind == "pronoun":
            canon = _PRONOUN_CANON.get(male, f"⟨{male}⟩")
        else:
            canon = f"⟨{male}⟩"
        out[female] = out[male] = canon
    out["zijn"] = _OBJECT_CANON
    # identity terms last: "vrouwen" and "mannen" are group words too
    for term in lexicons.identity_terms():
        out[term] = GROUP
    return out


#: Lists of the threat rules whose words get a ``⟨lex:...⟩`` tag.
_RULE_TAGS = {
    "HARM_INF": "harm",
    "HARM_FIN": "harm",
    "HARM_PART": "harm",
    "WEAPON": "weapon",
    "DEATH": "death",
}


@functools.cache
def lexicon_tags() -> dict[str, tuple[str, ...]]:
    """Normalised token -> extra tag tokens it contributes."""
    tags: dict[str, set[str]] = {}
    for word, cat in lexicons.abuse_lexicon().items():
        tags.setdefault(word, set()).add(f"⟨lex:{cat}⟩")
    for r in lexicons.read_tsv("violence_nl.tsv"):
        tags.setdefault(r["word"], set()).add(f"⟨lex:{r['tag']}⟩")
    lists = lexicons.word_lists()
    for name, tag in _RULE_TAGS.items():
        for entry in lists.get(name, ()):
            if " " not in entry:
                tags.setdefault(entry, set()).add(f"⟨lex:{tag}⟩")
    masked = token_map()
    return {w: tuple(sorted(t)) for w, t in sorted(tags.items()) if w not in masked}


_WORD = re.compile(r"(?<![\w@#])([^\W\d_][\w'’-]*)")


def mask_text(
    text: str, *, roster_names: frozenset[str] | set[str] = frozenset()
) -> str:
    """Replace person names in raw text by ``⟨naam⟩`` and handles by ``@user``.

    Parameters
    ----------
    text : str
        A raw message.
    roster_names : set of str, optional
        Extra lower-case names (e.g. the words of a roster's names).

    Examples
    --------
    >>> mask_text("@MarkRutte Mark Rutte en Sigrid Kaag moeten weg")
    '@user ⟨naam⟩ ⟨naam⟩ en ⟨naam⟩ Kaag moeten weg'
    """
    names = name_words() | {n.lower() for n in roster_names}
    text = re.sub(r"(?<![\w@])@\w+", "@user", text)

    def repl(m: re.Match[str]) -> str:
        return NAME if m.group(1).lower() in names else m.group(1)

    return _WORD.sub(repl, text)
