"""The labelled data in data/annotations and the example messages are usable."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from hatewatch.labels import LABELS

REPO = Path(__file__).resolve().parents[2]
ANN = REPO / "data" / "annotations"
EXAMPLES = REPO / "data" / "examples"
DATA_FILES = ["imsypp_nl.csv", "constructed_nl.csv"]
REQUIRED = ["text", "label", "source", "group", "split", "constructed"]
EXAMPLE_KEYS = {
    "platform",
    "message_id",
    "conversation_id",
    "created_at",
    "author_id",
    "text",
    "lang",
    "reply_to",
}


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rows(name: str) -> list[dict[str, str]]:
    with open(ANN / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def build():
    return _load_script("build_annotations")


@pytest.fixture(scope="module", params=DATA_FILES)
def data(request) -> list[dict[str, str]]:
    return _rows(request.param)


def test_data_files_have_required_columns_and_valid_values(data):
    assert data, "file is empty"
    assert set(REQUIRED) <= set(data[0])
    for r in data:
        assert r["label"] in LABELS, r
        assert r["split"] in {"train", "validation", "test"}, r
        assert r["text"].strip() and r["group"].strip(), r
        assert r["constructed"] in {"true", "false"}, r


def test_loads_with_pandas():
    pd = pytest.importorskip("pandas")
    for name in DATA_FILES:
        df = pd.read_csv(ANN / name, keep_default_na=False)
        assert list(df.columns[:6]) == REQUIRED


def test_no_group_in_two_splits(data):
    splits: dict[str, set[str]] = {}
    for r in data:
        splits.setdefault(r["group"], set()).add(r["split"])
    assert {g: s for g, s in splits.items() if len(s) > 1} == {}


def test_no_duplicate_texts_anywhere():
    texts = Counter(r["text"] for name in DATA_FILES for r in _rows(name))
    assert [t for t, n in texts.items() if n > 1] == []


def test_constructed_has_enough_of_each_label_and_is_marked():
    rows = _rows("constructed_nl.csv")
    counts = Counter(r["label"] for r in rows)
    assert all(counts[lab] >= 1500 for lab in LABELS), counts
    assert {r["source"] for r in rows} == {"constructed"}
    assert {r["constructed"] for r in rows} == {"true"}
    # group is the template id, whose prefix names the label
    prefix = {"thr": "threat", "hat": "hate", "neu": "neutral"}
    assert all(prefix[r["group"][:3]] == r["label"] for r in rows)
    assert len({r["group"] for r in rows}) >= 240


def test_constructed_splits_cover_labels_and_families():
    rows = _rows("constructed_nl.csv")
    families = {
        lab: {r["template_family"] for r in rows if r["label"] == lab} for lab in LABELS
    }
    for split in ("train", "validation", "test"):
        in_split = [r for r in rows if r["split"] == split]
        for lab in LABELS:
            fam = {r["template_family"] for r in in_split if r["label"] == lab}
            # every split sees most kinds of phrasing, not one corner of them
            assert len(fam) >= 0.6 * len(families[lab]), (split, lab, fam)
    share = Counter(r["split"] for r in rows)
    assert 0.6 < share["train"] / len(rows) < 0.8


def test_imsypp_splits_are_balanced_and_have_threats():
    rows = _rows("imsypp_nl.csv")
    assert {r["source"] for r in rows} == {"imsypp"}
    share = Counter(r["split"] for r in rows)
    assert 0.6 < share["train"] / len(rows) < 0.8
    for split in ("train", "validation", "test"):
        labels = Counter(r["label"] for r in rows if r["split"] == split)
        assert all(labels[lab] > 0 for lab in LABELS), (split, labels)


def test_violent_review_covers_every_violent_row():
    rows = _rows("imsypp_violent_review.csv")
    assert len(rows) == 43
    assert all(r["original_type"] == "3. violent" for r in rows)
    assert all(r["new_label"] in LABELS and len(r["reason"]) > 10 for r in rows)
    # the decisions are what the mapped file carries
    mapped = {
        hashlib.sha1(r["text"].encode()).hexdigest()[:16]: r["label"]
        for r in _rows("imsypp_nl.csv")
    }
    for r in rows:
        assert mapped.get(r["doc_sha1"], r["new_label"]) == r["new_label"]


def test_map_imsypp_maps_types_and_uses_review(build):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "uri": [
                "https://www.youtube.com/watch?v=abcdefg&t=1s",
                "https://www.youtube.com/watch?v=abcdefg",
                "https://archive.4plebs.org/pol/thread/123/#456",
                None,
                None,
                None,
            ],
            "doc": [
                "mooi lied",
                "kut weer",
                "vuile rat",
                "ik maak je af",
                "naar de barricades",
                "-*-*-*-",
            ],
            "type": [
                "0. appropriate",
                "1. inappropriate",
                "2. offensive",
                "3. violent",
                "3. violent",
                "2. offensive",
            ],
            "target": [None, None, "11. individual", "11. individual", None, None],
        }
    )
    review = {build.doc_sha1("naar de barricades"): ("neutral", "protest")}
    out = build.map_imsypp(df, review)
    assert out["label"].tolist() == ["neutral", "neutral", "hate", "threat", "neutral"]
    assert out["group"].iloc[0] == out["group"].iloc[1] == "youtube:abcdefg"
    assert out["group"].iloc[2] == "4plebs:123"
    assert out["target"].iloc[2] == "individual"


def test_map_imsypp_rejects_bad_input(build):
    pd = pytest.importorskip("pandas")
    with pytest.raises(ValueError, match="lacks columns"):
        build.map_imsypp(pd.DataFrame({"doc": ["x"]}))
    bad = pd.DataFrame(
        {"uri": ["u"], "doc": ["x"], "type": ["9. weird"], "target": [None]}
    )
    with pytest.raises(ValueError, match="unknown IMSyPP type"):
        build.map_imsypp(bad)


def test_build_is_deterministic_and_matches_committed_files(build, tmp_path):
    src = build.default_imsypp_path()
    if not src.exists():
        pytest.skip(f"shared IMSyPP file not available at {src}")
    cmd = [
        sys.executable,
        str(REPO / "scripts" / "build_annotations.py"),
        "--out",
        str(tmp_path),
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    for name in DATA_FILES + ["imsypp_violent_review.csv"]:
        assert (tmp_path / name).read_bytes() == (ANN / name).read_bytes(), name


def test_examples_rebuild_identically(tmp_path):
    ex = _load_script("build_examples")
    if not ex.default_roster_path().exists():
        pytest.skip("shared roster not available")
    assert ex.main(["--out", str(tmp_path)]) == 0
    for name in ("messages.jsonl", "messages_with_errors.jsonl", "messages_truth.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_example_messages_parse_with_documented_keys():
    lines = (EXAMPLES / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert 4000 <= len(lines) <= 6000
    ids = set()
    for line in lines:
        m = json.loads(line)
        assert set(m) == EXAMPLE_KEYS
        assert m["platform"] == "twitter" and m["lang"] == "nl"
        ts = datetime.strptime(m["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        assert datetime(2020, 10, 1) <= ts <= datetime(2021, 2, 27)
        assert re.fullmatch(r"u\d{7}", m["author_id"])
        assert re.search(r"@\w+", m["text"])
        if m["reply_to"] is not None:
            assert m["reply_to"].lower() in m["text"].lower()
        ids.add(m["message_id"])
    assert len(ids) == len(lines)


def test_example_hostile_shares_follow_the_design():
    with open(EXAMPLES / "messages_truth.csv", encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))

    def share(gender: str, labels: set[str]) -> float:
        rows = [t for t in truth if t["gender"] == gender]
        return sum(t["label"] in labels for t in rows) / len(rows)

    hostile = {"hate", "threat"}
    assert share("female", hostile) > share("male", hostile)
    threat = sum(t["label"] == "threat" for t in truth) / len(truth)
    assert 0.005 < threat < 0.03
    top = Counter(t["recipient"] for t in truth).most_common(1)[0][1]
    assert top / len(truth) > 0.15


def test_example_texts_come_only_from_test_templates():
    # the shipped model trains on train/validation; examples must not leak them
    split = {r["group"]: r["split"] for r in _rows("constructed_nl.csv")}
    with open(EXAMPLES / "messages_truth.csv", encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    used = {t["template"] for t in truth if not t["template"].startswith("example-")}
    assert used, "no constructed templates used"
    assert {split[t] for t in used} == {"test"}
    hostile = [t for t in truth if t["label"] != "neutral"]
    assert all(t["template"] in used for t in hostile)


def test_error_file_has_malformed_lines():
    bad = 0
    lines = (EXAMPLES / "messages_with_errors.jsonl").read_text(encoding="utf-8")
    for line in lines.splitlines():
        try:
            m = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if not isinstance(m, dict) or set(m) != EXAMPLE_KEYS:
            bad += 1
            continue
        try:
            datetime.strptime(m["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            bad += 1
            continue
        if not isinstance(m["text"], str) or m["platform"] != "twitter":
            bad += 1
    assert bad == 10
