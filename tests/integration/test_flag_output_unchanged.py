"""`flag_file` output is byte for byte what it was before the speed work.

The SHA-256 digests below are of the files written by ``flag_file`` with
the shipped model on main at commit eddaf8a (before issue 13's flag speed
work: rules on every text, ``explain()`` one message at a time), on
``data/examples/messages.jsonl`` and on the IMSyPP-NL evaluation set
(column ``doc``). The outputs themselves (~125 KB each) are not committed.
A changed model, rule file or explanation format changes them too: then
regenerate the digests from the old code, never from the new.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IMSYPP = Path("/work/shared/data/imsypp-nl/IMSyPP_NL_evaluation.csv")

BEFORE = {
    "examples": (
        360,
        "14833bce630f21321dec9293e47caab694bdbd935263bc58050aabf3d9f70564",
    ),
    "imsypp": (274, "ed5da13bb971851f11d18c6cdee486cd5ea7a35e522b00285c4e5ab2fe90634c"),
}


def _flag_digest(src: Path, out: Path, column: str) -> tuple[int, str]:
    from hatewatch.scoring import flag_file

    summary = flag_file(src, out, text_column=column, progress=False)
    return summary.rows_flagged, hashlib.sha256(out.read_bytes()).hexdigest()


def test_flag_output_unchanged_on_examples(tmp_path: Path) -> None:
    got = _flag_digest(
        REPO / "data/examples/messages.jsonl", tmp_path / "flagged.csv", "text"
    )
    assert got == BEFORE["examples"]


@pytest.mark.skipif(not IMSYPP.is_file(), reason=f"{IMSYPP} not present")
def test_flag_output_unchanged_on_imsypp(tmp_path: Path) -> None:
    got = _flag_digest(IMSYPP, tmp_path / "flagged.csv", "doc")
    assert got == BEFORE["imsypp"]


def test_model_rule_hits_equal_rules_on_normalize() -> None:
    """The model's rule_hits (cached normaliser, ``normalize`` only for texts
    with an ``@`` inside a word) equals the rules run on ``normalize`` of
    every text (every example message has a mention)."""
    import pandas as pd

    import hatewatch
    from hatewatch.classifiers.rules import ThreatRules

    texts = (
        pd.read_json(REPO / "data/examples/messages.jsonl", lines=True)["text"]
        .astype(str)
        .tolist()
        + pd.read_csv(REPO / "data/annotations/constructed_nl.csv")["text"]
        .dropna()
        .astype(str)
        .tolist()
        + ["@Jan ik m00rd je", "ik ga je k@pot maken *@fmaken", "k a n k e r"]
    )
    model = hatewatch.load_model()
    fast = model.rule_hits(texts)
    assert sum(map(bool, fast)) > 50  # many rules fired: a real comparison
    assert fast == ThreatRules().hits(texts)


def test_explain_many_equals_explain_one_by_one() -> None:
    """The batch (one feature matrix, repeats copied) equals explain() per text."""
    import pandas as pd

    import hatewatch

    texts = (
        pd.read_csv(REPO / "data/annotations/constructed_nl.csv")["text"]
        .dropna()
        .astype(str)
        .tolist()[:60]
    )
    texts = texts + texts[:10]  # repeated messages take the copy path
    model = hatewatch.load_model()
    batch = model.explain_many(texts)
    single = [model.explain(t) for t in texts]
    assert [e.to_dict() for e in batch] == [e.to_dict() for e in single]
    assert batch[-1] is not batch[9] and batch[-1].features is not batch[9].features
