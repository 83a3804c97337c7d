"""Offline language detection."""

from __future__ import annotations

from hatewatch.language import detect_language


def test_detect_language():
    texts = [
        "Ik ga je vermoorden",
        "@user wat een goed plan van jullie",
        "I will kill you and your family",
        "Someone should put a bullet in your head",
        "👍",
        None,
        "",
    ]
    assert detect_language(texts) == ["nl", "nl", "en", "en", "und", "und", "und"]
