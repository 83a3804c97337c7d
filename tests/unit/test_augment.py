"""The train-only extra constructed set (data/annotations/constructed_extra_nl.csv)."""

from __future__ import annotations

import csv
import importlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from hatewatch.classifiers.training import default_training_files
from hatewatch.labels import LABELS

REPO = Path(__file__).resolve().parents[2]
ANN = REPO / "data" / "annotations"
EXTRA = ANN / "constructed_extra_nl.csv"
COLUMNS = [
    "text",
    "label",
    "source",
    "group",
    "split",
    "constructed",
    "target",
    "template_family",
]


@pytest.fixture(scope="module")
def augment():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        yield importlib.import_module("annotations.augment")
    finally:
        sys.path.remove(str(REPO / "scripts"))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(EXTRA, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_row_is_train_only_and_marked(rows):
    assert rows
    assert {r["split"] for r in rows} == {"train"}
    assert {r["source"] for r in rows} == {"constructed_extra"}
    assert {r["constructed"] for r in rows} == {"true"}
    assert all(r["group"].startswith("aug-") for r in rows)
    assert all(r["text"].strip() for r in rows)


def test_labels_are_valid_and_match_family(rows):
    assert {r["label"] for r in rows} == set(LABELS)
    for r in rows:
        assert r["template_family"].split("/")[0] == r["label"], r


def test_enough_templates_per_label(augment, rows):
    templates = augment.extra_templates()
    per_label = Counter(t.label for t in templates)
    assert len(templates) >= 150
    assert per_label["threat"] >= 60
    assert per_label["hate"] >= 40
    assert per_label["neutral"] >= 50
    assert len({t.id for t in templates}) == len(templates)
    # every template produced rows, and a group is exactly one template
    assert {r["group"] for r in rows} == {t.id for t in templates}


def test_no_text_repeats_another_annotation_file_or_itself(rows):
    own = [r["text"].lower() for r in rows]
    assert len(own) == len(set(own))
    for name in ("constructed_nl.csv", "imsypp_nl.csv", "functional_nl.csv"):
        with open(ANN / name, encoding="utf-8", newline="") as fh:
            other = {r["text"].lower() for r in csv.DictReader(fh)}
        assert not other & set(own), name


def test_rebuild_is_byte_identical(augment, tmp_path):
    augment.main(["--out", str(tmp_path), "--reference", str(ANN)])
    assert (tmp_path / EXTRA.name).read_bytes() == EXTRA.read_bytes()


def test_build_drops_excluded_texts_case_insensitively(augment):
    first = augment.build_extra()
    victim = first[0]["text"]
    again = augment.build_extra(exclude=[victim.upper()])
    assert victim not in {r["text"] for r in again}
    assert len(again) == len(first) - 1


def test_default_training_data_includes_the_extra_file():
    files = default_training_files()
    assert EXTRA in files
