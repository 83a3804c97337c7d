"""The sealed test set and the fresh validation set (issue 10 item 6).

`data/annotations/SEALED.md` records the SHA-256 of both files before any model
is evaluated on them. These tests fail when a file no longer matches its
recorded hash (an edit after sealing), when a row breaks the schema, or when a
gender counterfactual pair is incomplete. They read the CSV files only; no
model is loaded.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

ANNOTATIONS = Path(__file__).resolve().parents[2] / "data" / "annotations"
SEALED_MD = ANNOTATIONS / "SEALED.md"
SEALED = "sealed_test_nl.csv"
VALIDATION = "validation_v2_nl.csv"

COLUMNS = [
    "text",
    "label",
    "category",
    "lang",
    "pair_id",
    "recipient_gender",
    "identity_group",
    "notes",
]
LABELS = {"threat", "hate", "neutral"}
LANGS = {"nl", "en", "mixed"}
CATEGORIES = {
    "threat_direct",
    "threat_group_third_person",
    "threat_veiled_location",
    "hate_person",
    "hate_group",
    "sexist",
    "identity_neutral_positive",
    "criticism_metaphor",
    "counter_speech_report_quote",
    "profanity_untargeted",
    "sarcasm_irony",
    "obfuscated",
    "long_message",
    "english_mixed",
    "ordinary_reply",
}
GROUPS = {
    "women",
    "men",
    "muslims",
    "jews",
    "moroccan_dutch",
    "turkish_dutch",
    "black_people",
    "lgbtq",
    "refugees",
    "politicians_party",
}
# Categories whose label is fixed by the category itself.
FIXED_LABEL = {
    "threat_direct": "threat",
    "threat_group_third_person": "threat",
    "threat_veiled_location": "threat",
    "hate_person": "hate",
    "hate_group": "hate",
    "identity_neutral_positive": "neutral",
    "criticism_metaphor": "neutral",
    "counter_speech_report_quote": "neutral",
    "profanity_untargeted": "neutral",
    "ordinary_reply": "neutral",
}
HASH_LINE = re.compile(r"^([0-9a-f]{64})  (\S+\.csv)$")


def recorded_hashes() -> dict[str, str]:
    """Return ``{file name: sha256}`` from the checksum block of SEALED.md."""
    found = {}
    for line in SEALED_MD.read_text(encoding="utf-8").splitlines():
        m = HASH_LINE.match(line.strip())
        if m:
            found[m.group(2)] = m.group(1)
    return found


def read_rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Return the header and the rows of one annotation file."""
    with open(ANNOTATIONS / name, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("name", [SEALED, VALIDATION])
def test_file_matches_recorded_sha256(name):
    hashes = recorded_hashes()
    assert name in hashes, f"SEALED.md records no SHA-256 for {name}"
    actual = hashlib.sha256((ANNOTATIONS / name).read_bytes()).hexdigest()
    assert actual == hashes[name], (
        f"{name} changed after it was sealed (recorded {hashes[name]}, "
        f"now {actual}); a sealed set is never edited, write a new one instead"
    )


@pytest.mark.parametrize("name", [SEALED, VALIDATION])
def test_schema_and_values(name):
    header, rows = read_rows(name)
    assert header == COLUMNS
    assert rows
    for line, row in enumerate(rows, start=2):
        where = f"{name} line {line}"
        assert row["text"].strip() == row["text"] != "", f"{where}: text"
        assert row["label"] in LABELS, f"{where}: label {row['label']!r}"
        assert row["category"] in CATEGORIES, f"{where}: category"
        assert row["lang"] in LANGS, f"{where}: lang {row['lang']!r}"
        assert row["identity_group"] in GROUPS | {""}, f"{where}: identity_group"
        fixed = FIXED_LABEL.get(row["category"])
        assert fixed is None or row["label"] == fixed, f"{where}: label/category"
        if row["category"] == "identity_neutral_positive":
            assert row["identity_group"], f"{where}: identity item without group"
        if row["category"] == "long_message":
            assert len(row["text"].split()) >= 60, f"{where}: long message"
        if row["pair_id"]:
            assert row["recipient_gender"] in {"female", "male"}, where
        else:
            assert row["recipient_gender"] == "", where


@pytest.mark.parametrize("name", [SEALED, VALIDATION])
def test_no_duplicate_texts(name):
    _, rows = read_rows(name)
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts))


def test_no_text_in_both_sets():
    _, sealed = read_rows(SEALED)
    _, validation = read_rows(VALIDATION)
    shared = {r["text"] for r in sealed} & {r["text"] for r in validation}
    assert not shared


@pytest.mark.parametrize("name", [SEALED, VALIDATION])
def test_gender_pairs_complete(name):
    _, rows = read_rows(name)
    pairs = defaultdict(list)
    for row in rows:
        if row["pair_id"]:
            pairs[row["pair_id"]].append(row)
    assert pairs
    for pair_id, members in pairs.items():
        genders = sorted(m["recipient_gender"] for m in members)
        assert genders == ["female", "male"], f"{name} pair {pair_id}: {genders}"
        female, male = sorted(members, key=lambda m: m["recipient_gender"])
        assert female["label"] == male["label"], f"{name} pair {pair_id}: label"
        assert female["category"] == male["category"], f"{name} pair {pair_id}"
        assert female["text"] != male["text"], f"{name} pair {pair_id}: same text"


def test_sealed_set_covers_every_category_and_group():
    _, rows = read_rows(SEALED)
    assert {r["category"] for r in rows} == CATEGORIES
    per_group = defaultdict(int)
    for r in rows:
        if r["category"] == "identity_neutral_positive":
            per_group[r["identity_group"]] += 1
    assert set(per_group) == GROUPS
    assert min(per_group.values()) >= 14
    labels_in_pairs = {r["label"] for r in rows if r["pair_id"]}
    assert labels_in_pairs == LABELS
