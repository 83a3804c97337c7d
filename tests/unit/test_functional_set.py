"""Checks on the hand-written functional evaluation set.

The set is evaluation-only; these tests guard its schema and make sure none
of its texts has leaked into the training data.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from hatewatch.labels import LABELS

ANNOTATIONS = Path(__file__).resolve().parents[2] / "data" / "annotations"
FUNCTIONAL = ANNOTATIONS / "functional_nl.csv"
COLUMNS = ["text", "label", "source", "group", "split", "constructed", "functionality"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _key(text: str) -> str:
    # Catch copies that differ only in case or spacing, not just byte-identical ones.
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _read(FUNCTIONAL)


def test_header_and_fields(rows: list[dict[str, str]]) -> None:
    with FUNCTIONAL.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    assert len(rows) >= 400
    for line, row in enumerate(rows, start=2):
        assert row["text"].strip(), f"line {line}: empty text"
        assert row["label"] in LABELS, f"line {line}: label {row['label']!r}"
        assert row["source"] == "functional", f"line {line}"
        assert row["split"] == "test", f"line {line}: split {row['split']!r}"
        assert row["constructed"] == "true", f"line {line}"
        assert row["group"] == row["functionality"], f"line {line}"


def test_functionalities_cover_enough_cases(rows: list[dict[str, str]]) -> None:
    counts = Counter(row["functionality"] for row in rows)
    assert len(counts) >= 25
    small = {name: n for name, n in counts.items() if n < 10}
    assert not small, f"functionalities with < 10 cases: {small}"


def test_each_functionality_has_one_label(rows: list[dict[str, str]]) -> None:
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["functionality"], set()).add(row["label"])
    mixed = {name: sorted(ls) for name, ls in labels.items() if len(ls) > 1}
    assert not mixed
    # The functionality prefix names the label, so a mislabelled row shows up.
    for name, ls in labels.items():
        assert name.split("_", 1)[0] == next(iter(ls)), name


def test_every_label_is_covered(rows: list[dict[str, str]]) -> None:
    counts = Counter(row["label"] for row in rows)
    assert set(counts) == set(LABELS)
    assert min(counts.values()) >= 100


def test_no_duplicate_texts(rows: list[dict[str, str]]) -> None:
    dups = [t for t, n in Counter(_key(r["text"]) for r in rows).items() if n > 1]
    assert not dups, dups[:5]


@pytest.mark.parametrize("name", ["constructed_nl.csv", "imsypp_nl.csv"])
def test_no_text_leaks_into_training_data(
    rows: list[dict[str, str]], name: str
) -> None:
    path = ANNOTATIONS / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    other = {_key(r["text"]) for r in _read(path)}
    leaked = [r["text"] for r in rows if _key(r["text"]) in other]
    assert not leaked, f"{len(leaked)} functional texts found in {name}: {leaked[:5]}"


def _evaluate_script():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "evaluate_functional.py"
    spec = importlib.util.spec_from_file_location("evaluate_functional", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_evaluate_metrics_and_failing_functionalities() -> None:
    evaluate = _evaluate_script().evaluate
    gold = ["threat", "threat", "threat", "hate", "neutral", "neutral"]
    pred = ["threat", "neutral", "neutral", "hate", "threat", "neutral"]
    funcs = ["t_a", "t_b", "t_b", "h", "n", "n"]
    result = evaluate(gold, pred, funcs, fail_below=0.7)
    assert result["threat_recall"] == pytest.approx(1 / 3)
    assert result["threat_precision"] == pytest.approx(1 / 2)
    assert result["per_class"]["neutral"]["precision"] == pytest.approx(1 / 3)
    assert result["per_functionality"]["t_b"]["accuracy"] == 0.0
    assert result["per_functionality"]["n"]["predicted"] == {"neutral": 1, "threat": 1}
    # worst first; "h" and "t_a" are perfect and do not fail
    assert result["failing"] == ["t_b", "n"]


def test_near_copies_ignore_handles_and_test_rows(tmp_path: Path) -> None:
    near_copies = _evaluate_script().near_copies
    (tmp_path / "constructed_nl.csv").write_text(
        "text,label,split\n"
        "@a we weten waar je woont,threat,train\n"
        "ik ga je mailen morgen,neutral,test\n",
        encoding="utf-8",
    )
    flags = near_copies(
        [
            "@TeunBrakel We weten waar je woont!",  # same words, other handle
            "ik ga je mailen morgen",  # only in the test split: not seen
            "wij weten precies in welke straat jij woont",
        ],
        tmp_path,
    )
    assert flags == [True, False, False]
