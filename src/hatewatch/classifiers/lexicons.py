"""Read the word lists shipped in ``hatewatch/resources/lexicons/``.

Word lists are data, not code: each is a UTF-8 TSV file with ``#`` comment
lines, a header row and one entry per line (see that folder's ``README.md``
for sources and licences). The threat rules' patterns are JSON lines in
``hatewatch/resources/rules/``. Files are read once and cached.

Examples
--------
>>> from hatewatch.classifiers import lexicons
>>> lexicons.gender_pairs()[0]
('mevrouw', 'meneer', 'title')
>>> lexicons.identity_terms()["moslims"]
'muslims'
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from hatewatch.errors import DataError

__all__ = [
    "abuse_lexicon",
    "first_names",
    "gender_pairs",
    "identity_terms",
    "read_jsonl",
    "read_tsv",
    "surnames",
    "word_lists",
]


def _text(folder: str, name: str) -> tuple[str, str]:
    ref = resources.files("hatewatch.resources").joinpath(folder, name)
    try:
        return str(ref), ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"missing resource file {folder}/{name}") from None


@functools.cache
def read_tsv(name: str, folder: str = "lexicons") -> tuple[dict[str, str], ...]:
    """Rows of a shipped TSV file as dicts keyed by its header.

    Raises
    ------
    DataError
        If a row has the wrong number of fields (names file, line and field)
        or an empty first field.
    """
    path, text = _text(folder, name)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise DataError(
                f"{len(fields)} fields, expected {len(header)} ({', '.join(header)})",
                path=path,
                line=lineno,
                field=header[min(len(fields), len(header) - 1)],
            )
        if not fields[0].strip():
            raise DataError("empty entry", path=path, line=lineno, field=header[0])
        rows.append(dict(zip(header, fields, strict=True)))
    return tuple(rows)


@functools.cache
def read_jsonl(name: str, folder: str = "rules") -> tuple[dict[str, Any], ...]:
    """Records of a shipped JSON-lines file (blank and ``//`` lines skipped)."""
    path, text = _text(folder, name)
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DataError(
                f"invalid JSON: {exc.msg}", path=path, line=lineno
            ) from None
    return tuple(out)


@functools.cache
def gender_pairs() -> tuple[tuple[str, str, str], ...]:
    """``(female, male, kind)`` word pairs; kind is title, pronoun, object,
    possessive or noun."""
    return tuple(
        (r["female"], r["male"], r["kind"]) for r in read_tsv("gender_pairs.tsv")
    )


@functools.cache
def identity_terms() -> dict[str, str]:
    """Neutral identity-group word -> group (``women``, ``muslims``, ...)."""
    return {r["term"]: r["group"] for r in read_tsv("identity_terms.tsv")}


@functools.cache
def first_names() -> dict[str, str]:
    """Lower-case Dutch first name -> ``female``, ``male`` or ``both``."""
    return {r["name"]: r["gender"] for r in read_tsv("first_names_nl.tsv")}


@functools.cache
def surnames() -> frozenset[str]:
    """Lower-case surnames of the shipped rosters (not ordinary words)."""
    return frozenset(r["surname"] for r in read_tsv("surnames_nl.tsv"))


@functools.cache
def abuse_lexicon() -> dict[str, str]:
    """Abusive word form -> GrofLex category (``DER``, ``ETH``, ``ANI`` ...).

    GrofLex lemmas (GPL-3.0, see the folder's README) with generated regular
    inflections.
    """
    return {r["word"]: r["category"] for r in read_tsv("abuse_nl.tsv")}


@functools.cache
def word_lists() -> dict[str, tuple[str, ...]]:
    """The threat rules' named word lists (``HARM_INF``, ``WEAPON`` ...)."""
    out: dict[str, list[str]] = {}
    for r in read_tsv("rule_words.tsv", folder="rules"):
        out.setdefault(r["list"], []).append(r["word"])
    return {k: tuple(v) for k, v in out.items()}
