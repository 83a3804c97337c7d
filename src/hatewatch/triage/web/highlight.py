"""Split a message into plain and highlighted segments from character spans."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def spans_from(explanation: Any) -> list[tuple[int, int]]:
    """The ``(start, end)`` character spans in a case explanation.

    Accepts the explanation mapping (its ``spans`` entry) or a list of spans,
    each a mapping with ``start`` and ``end`` or a ``[start, end]`` pair.
    Anything else is ignored rather than failing the page.

    Examples
    --------
    >>> spans_from({"spans": [{"start": 3, "end": 7, "word": "dood"}]})
    [(3, 7)]
    """
    if isinstance(explanation, Mapping):
        explanation = explanation.get("spans", ())
    out: list[tuple[int, int]] = []
    if not isinstance(explanation, Iterable) or isinstance(explanation, str | bytes):
        return out
    for span in explanation:
        try:
            if isinstance(span, Mapping):
                start, end = int(span["start"]), int(span["end"])
            else:
                start, end = (int(v) for v in span)
        except (KeyError, TypeError, ValueError):
            continue
        out.append((start, end))
    return out


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut ``text`` into ``(piece, highlighted)`` pairs.

    Spans are clamped to the text, empty ones dropped and overlapping ones
    merged, so the pieces always join back to ``text``. The template escapes
    each piece; nothing here produces markup.

    Examples
    --------
    >>> segments("ik maak je dood", [(11, 15)])
    [('ik maak je ', False), ('dood', True)]
    """
    n = len(text)
    clean = sorted((max(0, s), min(n, e)) for s, e in spans if min(n, e) > max(0, s))
    merged: list[list[int]] = []
    for s, e in clean:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < n or not out:
        out.append((text[pos:], False))
    return out
