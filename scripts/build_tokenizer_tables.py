"""Export the tables of ``spacy.blank("nl")``'s tokenizer for hatewatch.

:class:`hatewatch.classifiers.tokenizer.DutchTokenizer` tokenizes as spaCy's
Dutch tokenizer does without importing spaCy; it reads the regular
expressions and special cases written here into
``src/hatewatch/resources/rules/tokenizer_nl.json``. Rerun after a spaCy
upgrade (the file records the version it came from) and run
``tests/unit/test_tokenizer.py``, which compares both tokenizers.

Usage::

    .venv/bin/python scripts/build_tokenizer_tables.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "hatewatch" / "resources" / "rules" / "tokenizer_nl.json"


def main() -> int:
    import spacy
    from spacy.attrs import ORTH

    from hatewatch.classifiers.tokenizer import DutchTokenizer

    tok = spacy.blank("nl").tokenizer
    for name in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        # spaCy compiles with the standard library's re; plain flags only
        assert getattr(tok, name).__self__.flags == 32, name  # re.UNICODE
    assert tok.token_match is None and tok.faster_heuristics
    specials = {
        s: [d[ORTH] if ORTH in d else d["ORTH"] for d in subs]
        for s, subs in sorted(tok.rules.items())
    }
    data = {
        "spacy_version": spacy.__version__,
        "prefix": tok.prefix_search.__self__.pattern,
        "suffix": tok.suffix_search.__self__.pattern,
        "infix": tok.infix_finditer.__self__.pattern,
        "url": tok.url_match.__self__.pattern,
        "specials": specials,
        "matcher": {},
    }
    # spaCy's special-case matcher holds the special cases that affixes,
    # infixes or a space would split, as tokenized without special cases
    port = DutchTokenizer(data)
    data["matcher"] = {
        s: [t for t, _ in port._affix_tokens(s, specials=False)]
        for s in specials
        if tok.find_prefix(s) or tok.find_suffix(s) or tok.find_infix(s) or " " in s
    }
    OUT.write_text(
        json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(
        f"wrote {OUT.relative_to(ROOT)}: spaCy {spacy.__version__}, "
        f"{len(specials):,} special cases, {len(data['matcher']):,} in the matcher"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
