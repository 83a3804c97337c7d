"""Build the hatewatch annotation files from shared data and templates.

Writes, in ``data/annotations/`` (or ``--out``):

- ``imsypp_nl.csv``: IMSyPP Dutch messages mapped to hate / neutral / threat;
- ``imsypp_violent_review.csv``: the hand decision for every ``3. violent`` row;
- ``constructed_nl.csv``: the constructed set aimed at Dutch politicians.

Both data files have the columns ``text,label,source,group,split,constructed``
plus ``target`` and ``template_family``. Splits are fixed and grouped: a thread
(IMSyPP) or a template (constructed) is never in two splits. Rebuilding gives
byte-identical files.

Usage::

    python scripts/build_annotations.py [--imsypp PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotations import augment  # noqa: E402
from annotations import generate as gen  # noqa: E402
from annotations.imsypp_review import DECISIONS  # noqa: E402

from hatewatch.classifiers.training import IMSYPP_THREADS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_IMSYPP_REL = (
    Path("..") / "shared" / "data" / "imsypp-nl" / "IMSyPP_NL_evaluation.csv"
)
FALLBACK_IMSYPP = Path("/work/shared/data/imsypp-nl/IMSyPP_NL_evaluation.csv")
COLUMNS = gen.COLUMNS
REVIEW_COLUMNS = [
    "uri",
    "doc_sha1",
    "original_type",
    "target",
    "new_label",
    "reason",
    "excerpt",
]
SPLITS = ("train", "validation", "test")
SEED = 20261128
#: Messages per label the constructed set aims for before deduplication.
PER_LABEL_TARGET = 2600
#: Share of constructed messages that get a spelling obfuscation.
OBF_RATE = 0.3

#: IMSyPP type code -> label. Code 3 (violent) is decided row by row.
IMSYPP_MAP = {"0": "neutral", "1": "neutral", "2": "hate", "3": "threat"}
MASK_ONLY = re.compile(r"^[\s\-*]*$")


def default_imsypp_path() -> Path:
    """Return ``../shared/...`` beside the repo, else the ``/work/shared`` copy."""
    rel = (REPO / DEFAULT_IMSYPP_REL).resolve()
    return rel if rel.exists() else FALLBACK_IMSYPP


def doc_sha1(text: str) -> str:
    """Return a short, stable key for a message text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def imsypp_group(uri: object, text: str) -> str:
    """Return the source thread of an IMSyPP message as a group id.

    4plebs thread number, YouTube video id, Dumpert/GeenStijl article id, tweet
    id. Rows without a usable uri form a group of their own (keyed by text).
    """
    u = "" if uri is None or (isinstance(uri, float) and math.isnan(uri)) else str(uri)
    for pat, name in IMSYPP_THREADS:
        m = re.search(pat, u)
        if m:
            return f"{name}:{m.group(1)}"
    if u.startswith("http"):
        return "url:" + u.split("#")[0].split("&")[0]
    return "row:" + doc_sha1(text)


SPLIT_SHARE = {"train": 0.70, "validation": 0.15, "test": 0.15}


def assign_group_splits(
    groups, labels, salt: str = "hatewatch-imsypp"
) -> dict[str, str]:
    """Assign whole groups to train/validation/test, about 70/15/15 of rows.

    Groups are placed largest first (ties broken by a salted hash, so the
    result is stable) into the split that keeps every (split, label) cell
    closest to its target share. Large threads therefore cannot pile up in one
    split, and the rare threat rows are spread over all three.
    """
    per_group: dict[str, Counter] = {}
    for g, lab in zip(groups, labels, strict=True):
        per_group.setdefault(g, Counter())[lab] += 1
    label_set = sorted({lab for c in per_group.values() for lab in c})
    order = sorted(
        per_group,
        key=lambda g: (
            -sum(per_group[g].values()),
            hashlib.sha1(f"{salt}:{g}".encode()).hexdigest(),
        ),
    )
    cells = {(s, lab): 0 for s in SPLITS for lab in label_set}
    seen = Counter()
    out: dict[str, str] = {}
    for g in order:
        c = per_group[g]
        seen.update(c)
        best, best_err = None, None
        for s in SPLITS:
            err = 0.0
            for s2 in SPLITS:
                for lab in label_set:
                    have = cells[(s2, lab)] + (c[lab] if s2 == s else 0)
                    # weight rare labels up so that they are spread too
                    w = 1.0 / max(seen[lab], 1)
                    err += w * (have - SPLIT_SHARE[s2] * seen[lab]) ** 2
            if best_err is None or err < best_err:
                best, best_err = s, err
        out[g] = best
        for lab, n in c.items():
            cells[(best, lab)] += n
    return out


def load_review(path: Path) -> dict[str, tuple[str, str]]:
    """Read the violent-row review file into ``{doc_sha1: (label, reason)}``."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            r["doc_sha1"]: (r["new_label"], r["reason"]) for r in csv.DictReader(fh)
        }


def map_imsypp(df, review: dict[str, tuple[str, str]] | None = None):
    """Map an IMSyPP file (columns uri, doc, type, target) to hatewatch labels.

    ``0. appropriate`` and ``1. inappropriate`` (vulgar, not aimed at anyone)
    become neutral, ``2. offensive`` becomes hate; ``3. violent`` rows take the
    hand decision in ``review`` (keyed by :func:`doc_sha1` of the text) and
    default to threat when a row was not reviewed (e.g. the 25,719-row
    training file). Masked-only and duplicate texts are dropped (first kept).

    Parameters
    ----------
    df : pandas.DataFrame
        IMSyPP rows with columns ``uri``, ``doc``, ``type``, ``target``.
    review : dict, optional
        ``{doc_sha1: (label, reason)}`` for hand-reviewed violent rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``text,label,source,group,split,constructed,target,
        template_family`` in input order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"uri": ["https://www.youtube.com/watch?v=abcdefg"],
    ...                    "doc": ["wat een sukkel"], "type": ["2. offensive"],
    ...                    "target": ["11. individual"]})
    >>> map_imsypp(df)[["text", "label", "group"]].values.tolist()
    [['wat een sukkel', 'hate', 'youtube:abcdefg']]
    """
    import pandas as pd

    missing = {"uri", "doc", "type", "target"} - set(df.columns)
    if missing:
        raise ValueError(
            f"IMSyPP file lacks columns {sorted(missing)}; "
            "expected uri, doc, type, target"
        )
    review = review or {}
    rows = []
    seen: set[str] = set()
    for i, (uri, doc, typ, target) in enumerate(
        zip(df["uri"], df["doc"], df["type"], df["target"], strict=True)
    ):
        if not isinstance(doc, str) or MASK_ONLY.match(doc):
            continue
        text = doc.strip()
        if text in seen:
            continue
        code = str(typ).strip()[:1]
        if code not in IMSYPP_MAP:
            raise ValueError(f"row {i + 2}: unknown IMSyPP type {typ!r}")
        label = IMSYPP_MAP[code]
        if code == "3":
            label = review.get(doc_sha1(doc), (label, ""))[0]
        seen.add(text)
        group = imsypp_group(uri, text)
        tgt = "" if not isinstance(target, str) else re.sub(r"^\d+\.\s*", "", target)
        rows.append(
            {
                "text": text,
                "label": label,
                "source": "imsypp",
                "group": group,
                "split": "",
                "constructed": "false",
                "target": tgt,
                "template_family": "",
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    splits = assign_group_splits(out["group"], out["label"])
    out["split"] = out["group"].map(splits)
    return out


def review_rows(df) -> list[dict[str, str]]:
    """Join the hand decisions with the evaluation file (for the review CSV)."""
    out = []
    for pos, (label, reason) in sorted(DECISIONS.items()):
        row = df.iloc[pos]
        if not str(row["type"]).startswith("3"):
            raise ValueError(f"review row {pos} is not a violent row: {row['type']!r}")
        out.append(
            {
                "uri": row["uri"],
                "doc_sha1": doc_sha1(row["doc"]),
                "original_type": row["type"],
                "target": row["target"] if isinstance(row["target"], str) else "",
                "new_label": label,
                "reason": reason,
                "excerpt": re.sub(r"\s+", " ", row["doc"])[:90],
            }
        )
    n_violent = int(df["type"].astype(str).str.startswith("3").sum())
    if len(out) != n_violent:
        raise ValueError(f"{n_violent} violent rows but {len(out)} reviewed")
    return out


# --- constructed set -------------------------------------------------------------

#: Template split pattern: 14 train, 3 validation, 3 test in every 20, spread out.
PATTERN = [
    "train",
    "train",
    "test",
    "train",
    "validation",
    "train",
    "train",
    "train",
    "test",
    "train",
    "validation",
    "train",
    "train",
    "train",
    "train",
    "test",
    "train",
    "validation",
    "train",
    "train",
]


def template_splits(templates: list[gen.Template]) -> dict[str, str]:
    """Assign each template to a split, stratified by label and family."""
    out: dict[str, str] = {}
    for label in ("threat", "hate", "neutral"):
        ts = [t for t in templates if t.label == label]
        ts.sort(key=lambda t: (t.family, zlib.crc32(f"{SEED}:{t.id}".encode())))
        offset = zlib.crc32(label.encode()) % len(PATTERN)
        for i, t in enumerate(ts):
            out[t.id] = PATTERN[(i + offset) % len(PATTERN)]
    return out


def per_template_counts(templates: list[gen.Template]) -> dict[str, int]:
    """Messages per template: templates with more free slots give more rows."""
    out: dict[str, int] = {}
    for label in ("threat", "hate", "neutral"):
        ts = [t for t in templates if t.label == label]
        weights = {t.id: (0.5, 1.0, 1.3)[min(gen.n_random_slots(t), 2)] for t in ts}
        total = sum(weights.values())
        for t in ts:
            out[t.id] = max(4, round(PER_LABEL_TARGET * weights[t.id] / total))
    return out


def build_constructed(seed: int = SEED):
    """Generate the constructed set as a DataFrame (deterministic)."""
    import pandas as pd

    templates = gen.all_templates()
    splits = template_splits(templates)
    counts = per_template_counts(templates)
    rows = []
    seen: set[str] = set()
    for t in templates:
        for r in gen.generate(t, counts[t.id], obf_rate=OBF_RATE, seed=seed):
            if r["text"] in seen:
                continue
            seen.add(r["text"])
            rows.append(
                {
                    "text": r["text"],
                    "label": r["label"],
                    "source": "constructed",
                    "group": r["group"],
                    "split": splits[t.id],
                    "constructed": "true",
                    "target": r["target"],
                    "template_family": r["template_family"],
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def write_csv(df, path: Path) -> None:
    """Write with fixed quoting and ``\\n`` line ends so rebuilds are identical."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def count_table(df) -> str:
    """Return a small text table of label counts per split."""
    c = Counter(zip(df["split"], df["label"], strict=True))
    lines = [f"{'split':<11}{'hate':>7}{'neutral':>9}{'threat':>8}{'total':>8}"]
    for s in SPLITS:
        vals = [c[(s, lab)] for lab in ("hate", "neutral", "threat")]
        lines.append(f"{s:<11}{vals[0]:>7}{vals[1]:>9}{vals[2]:>8}{sum(vals):>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the annotation files; print label counts per split."""
    import pandas as pd

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--imsypp",
        type=Path,
        default=None,
        help="IMSyPP CSV (uri, doc, type, target); default: shared data",
    )
    ap.add_argument("--out", type=Path, default=REPO / "data" / "annotations")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)

    src = args.imsypp or default_imsypp_path()
    if not src.exists():
        print(
            f"error: IMSyPP file not found: {src}; pass --imsypp PATH", file=sys.stderr
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    raw = pd.read_csv(src, dtype=str, keep_default_na=False, na_values=[""])

    review_path = args.out / "imsypp_violent_review.csv"
    if src.name == "IMSyPP_NL_evaluation.csv" and len(raw) == 2858:
        write_csv(pd.DataFrame(review_rows(raw), columns=REVIEW_COLUMNS), review_path)
    review = load_review(review_path) if review_path.exists() else {}

    imsypp = map_imsypp(raw, review)
    write_csv(imsypp, args.out / "imsypp_nl.csv")
    constructed = build_constructed(args.seed)
    write_csv(constructed, args.out / "constructed_nl.csv")
    # the train-only extra set; it must not repeat any text of the other files
    exclude = augment.reference_texts(REPO / "data" / "annotations")
    exclude |= {t.lower() for t in list(imsypp["text"]) + list(constructed["text"])}
    augment.write_extra(augment.build_extra(exclude), args.out / augment.FILE_NAME)

    for name, df in (("imsypp_nl.csv", imsypp), ("constructed_nl.csv", constructed)):
        print(f"{name}: {len(df)} rows, {df['group'].nunique()} groups")
        print(count_table(df))
    violent = Counter(label for label, _ in review.values())
    print("IMSyPP violent rows:", dict(sorted(violent.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
